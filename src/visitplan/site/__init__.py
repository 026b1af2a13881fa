"""The static site for participants (``visitplan site DIR``): an index of upcoming events
across the plans, a page per plan and per event in each of the plan's languages, a page
per person with what they take part in and their own calendar, each plan's calendar.

Owns which pages the site has and what they say (``pages``), its own words (``words``)
and the site's folder (``folder``: the manifest, rewriting only what changed, removing
the pages of removed things). Who takes part in what comes from ``participation``, the
calendars from ``ics_export``, the days shown from ``agenda``'s window; files are
written through ``fileio``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path

from visitplan.model import Plan
from visitplan.site.folder import Written, write_site
from visitplan.site.pages import SiteOptions, build_site


def site_files(plans: Sequence[Plan], options: SiteOptions) -> dict[str, bytes]:
    """Every file of the site for ``plans`` (path in the site → bytes)."""
    from visitplan.ics_export import ExportOptions, Selection, load_stamps, person_calendars

    if not options.revisions:
        from visitplan.programme.model import revision_of

        revisions = {plan.source: revision_of([plan]) for plan in plans}
        options = dataclasses.replace(options, revisions=revisions)
    stamped = load_stamps(plans, options.now, todos=False)
    calendars = person_calendars(
        plans, stamped, Selection(), ExportOptions(people=options.contacts), everyone=True
    )
    return build_site(plans, stamped, calendars, options)


def make_site(
    folder: Path, plans: Sequence[Plan], options: SiteOptions, force: bool = False
) -> Written:
    """Build the site of ``plans`` and write it into ``folder`` (see ``folder``)."""
    return write_site(folder, site_files(plans, options), force)


def stamp_time(now: datetime | None, today: date) -> datetime:
    """When the site says entries changed since their last export were stamped: the
    fixed clock ($SOURCE_DATE_EPOCH) if any, else the start of today (UTC) — so that
    runs on the same day give the same bytes."""
    return now if now is not None else datetime.combine(today, time(0), UTC)


__all__ = ["SiteOptions", "Written", "make_site", "site_files", "stamp_time"]
