"""Importing invitations: each VEVENT of an .ics file becomes an event of a plan.

The file is read by ``source`` (several calendars, a bare VEVENT, where each event is);
times by ``zones`` (which IANA zone a TZID is); series by ``series`` (occurrences in a
window); each event by ``reading``; entries this plan exported itself by ``own``. This
package puts them together (``run``): events already in the plan by UID are updated (a higher
SEQUENCE, or ``update``; METHOD:CANCEL marks them cancelled) and never added twice; the
new events and the people they bring are added in one pass over the plan file
(``editing.entries.add_entries``); the result is checked as the write will check it, and an event
the plan would refuse is left out with the reason — the rest is imported. Everything
that was assumed, left out or changed is in the result's report.

What an import did is ``report``'s; updates are ``updates``', additions ``additions``'.
"""

from visitplan.editing.importing.report import ImportOptions, ImportRefused, ImportResult
from visitplan.editing.importing.run import import_calendar
from visitplan.ical.importing.reading import one_line
from visitplan.ical.importing.source import read_source

__all__ = [
    "ImportOptions",
    "ImportRefused",
    "ImportResult",
    "import_calendar",
    "one_line",
    "parse_calendar",
]

parse_calendar = read_source
