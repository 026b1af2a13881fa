"""What changed in the plans: between two revisions (``compare``) and since each plan's
last export (``since_export``), as a view model — each change with its kind, ids, old
and new values and its sentence in the output language. Nothing is printed here:
``visitplan.render.changes`` prints the changes as text, Markdown and JSON.

May import: ``visitplan.ical`` (what an export would write) and below, never
``visitplan.render``.
"""

from __future__ import annotations

from visitplan.changes.compare import compare
from visitplan.changes.model import Change, PlanChanges
from visitplan.changes.since_export import since_export

__all__ = ["Change", "PlanChanges", "compare", "since_export"]
