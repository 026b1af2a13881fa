"""The UIDs of calendar entries: made from plan, event, program item and action ids only,
so that an entry keeps its UID across exports, clones and machines; and read back
(:func:`parse_uid`) by the importer and by publish, which touch only the UIDs a plan owns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from visitplan.plan.model import Action, Event, Plan, ProgramItem

UID_DOMAIN = "visitplan"

_SLUG = "[a-z0-9][a-z0-9-]{0,62}"
_UID = re.compile(
    rf"({_SLUG})/(?:action:({_SLUG})|({_SLUG})(?:/({_SLUG}))?)@{re.escape(UID_DOMAIN)}"
)


@dataclass(frozen=True)
class UidParts:
    """What a UID that visitplan wrote names: the plan, and an event (with a program
    item) or an action."""

    plan: str
    event: str | None = None
    item: str | None = None
    action: str | None = None

    @property
    def uid(self) -> str:
        """The UID these parts name; :func:`parse_uid` reads it back."""
        if self.action is not None:
            return f"{self.plan}/action:{self.action}@{UID_DOMAIN}"
        item = "" if self.item is None else f"/{self.item}"
        return f"{self.plan}/{self.event}{item}@{UID_DOMAIN}"


def event_uid(plan: Plan, event: Event) -> str:
    """``<plan>/<event>@visitplan``: an event's own entry."""
    return UidParts(plan.id, event.id).uid


def program_uid(plan: Plan, event: Event, item: ProgramItem) -> str:
    """``<plan>/<event>/<item>@visitplan``: a program item that is an entry of its own."""
    return UidParts(plan.id, event.id, item.id).uid


def action_uid(plan: Plan, action: Action) -> str:
    """``<plan>/action:<action>@visitplan``: an action's VTODO."""
    return UidParts(plan.id, action=action.id).uid


def local_uid(uid: str) -> str:
    """A UID without ``@visitplan``, as messages name an entry: ``twin/meeting``."""
    return uid.removesuffix(f"@{UID_DOMAIN}")


def parse_uid(uid: str) -> UidParts | None:
    """The parts of a UID made by :func:`event_uid`, :func:`program_uid` or
    :func:`action_uid`; None for any other UID."""
    found = _UID.fullmatch(uid)
    if found is None:
        return None
    plan, action, event, item = found.groups()
    return UidParts(plan, event, item, action)
