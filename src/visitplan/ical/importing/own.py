"""Entries this plan exported itself, met again in a file being imported.

Their UID names this plan (``<plan-id>/<event-id>@…``, see ``ical.uids.parse_uid``); they
are never added again: one the plan has as the file shows it is counted as already there;
one that differs is reported, with what differs, and left for the user to apply with
`move` or `set`; one the plan no longer has is left out.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from visitplan.ical.components import ExportOptions, item_component
from visitplan.ical.entries import Item, plan_items
from visitplan.ical.stamps import stamp
from visitplan.ical.uids import UidParts, parse_uid
from visitplan.plan.model import Plan


class OwnResult(Protocol):
    skipped: int
    already: int
    removed: int
    notes: list[str]


# --------------------------------------------------------------------------- own entries

_NOW = datetime(2000, 1, 1, tzinfo=UTC)  # stamps are not compared: any instant will do


def recognise_own(
    plan: Plan,
    plan_path: str,
    components: list[Any],
    result: OwnResult,
    update: bool = False,
    cancel: bool = False,
) -> tuple[list[Any], list[tuple[Any, str]]]:
    """Sort out the entries whose UID names ``plan`` (read from ``plan_path``, the path
    the notes' commands name), counted or reported in ``result``; return the VEVENTs
    left to import, and the plan's events for the caller to update, with their ids: with
    ``update``, those the file shows otherwise; in a cancellation (``cancel``), all. Tasks of other origins are counted as left out."""
    items = {item.uid: item for item in plan_items(plan, todos=True)}
    stamped: list[Any] = []  # built once, and only if the file has entries of this plan
    languages: tuple[str | None, ...] = (
        None,
        *dict.fromkeys(
            [*plan.languages, *(lang for p in plan.people.values() for lang in p.languages)]
        ),
    )
    remaining = []
    to_apply: list[tuple[Any, str]] = []
    for component in components:
        uid = str(component.get("uid", ""))
        parts = parse_uid(uid)
        if parts is None or parts.plan != plan.id:
            if component.name == "VEVENT":
                remaining.append(component)
            else:
                result.skipped += 1
            continue
        what, _ = describe(parts, plan_path)
        item = items.get(uid)
        if item is None:
            if str(component.get("status", "")).upper() == "CANCELLED":
                result.removed += 1
            else:
                result.notes.append(
                    f"{what} is this plan's but no longer in it, not imported — add it again "
                    "with `visitplan add` if it should be back"
                )
            continue
        if not stamped:
            stamped.append(stamp(plan, {}, _NOW, todos=True))
        entry = stamped[0].entries[uid]
        shown = [item_component(item, entry, ExportOptions(lang=lang)) for lang in languages]
        try:
            differences = _differences(component, shown, item)
        except (ValueError, TypeError, AttributeError, KeyError, IndexError, OverflowError):
            result.notes.append(f"{what} in the file cannot be read, not imported")
            continue
        event_level = parts.event and parts.item is None and parts.action is None
        if event_level and parts.event and (cancel or (update and differences)):
            to_apply.append((component, parts.event))
        elif differences:
            options = dict.fromkeys(option for given, _ in differences for option in given)
            how = describe(parts, plan_path, list(options))[1]
            texts = "; ".join(text for _, text in differences)
            result.notes.append(
                f"{what} differs from the plan, not imported — {texts}; "
                f"if the file is right, change the plan with {how}"
            )
        else:
            result.already += 1
    return remaining, to_apply


def describe(parts: UidParts, plan: str, options: Sequence[str] = ()) -> tuple[str, str]:
    """How an entry of the plan is named in a note, and the commands that change it (in
    the plan at ``plan``) with the ``options`` of the fields to give (``--status …``;
    none: ``…``)."""
    where = f"--plan {shlex.quote(plan)}"
    if parts.action is not None:
        return (
            f'action "{parts.action}"',
            f"`visitplan set action {parts.action} {where} {_given(options)}`",
        )
    if parts.item is not None:
        name = f"{parts.event}/{parts.item}"
        return f'program item "{name}"', f"`visitplan set program {name} {where} {_given(options)}`"
    event = f"`visitplan set event {parts.event} {where} "
    others = [option for option in options if option not in _TIMES]
    if len(others) == len(options):
        return f'event "{parts.event}"', f"{event}{_given(options)}`"
    moving = f"`visitplan move event {parts.event} {where} --to …`"
    if others:
        return f'event "{parts.event}"', f"{moving} and {event}{_given(others)}`"
    return f'event "{parts.event}"', f"{moving} or {event}{_given(options)}`"


_TIMES = ("--start", "--end")


def _given(options: Sequence[str]) -> str:
    """``--start … --end …`` for the options ``--start``, ``--end``; ``…`` for none."""
    return " ".join(f"{option} …" for option in options) or "…"


def _differences(component: Any, shown: list[Any], item: Item) -> list[tuple[tuple[str, ...], str]]:
    """What the file's entry shows otherwise than the plan's (in any of its languages):
    its time, title, place, link and status; each with the options of `set` that change
    it."""
    found: list[tuple[tuple[str, ...], str]] = []
    plan_entry = shown[0]
    language = _language(component.get("summary"))
    for candidate in shown:
        if _language(candidate.get("summary")) == language:
            plan_entry = candidate
            break
    times: tuple[str, ...] = ("due",) if component.name == "VTODO" else ("dtstart", "dtend")
    in_file = [_when(component, name) for name in times]
    in_plan = [_when(plan_entry, name) for name in times]
    if in_file != in_plan:
        source = item.program or item.event
        zone = None if source is None or source.when.all_day else source.when.zone
        label = "due" if component.name == "VTODO" else "time"
        found.append(
            (
                ("--due",) if component.name == "VTODO" else _TIMES,
                f"{label}: the file has {_show_when(in_file, zone)}, the plan "
                f"{_show_when(in_plan, zone)}",
            )
        )
    for name, label, option in (
        ("summary", "title", "--title"),
        ("location", "place", "--location"),
    ):
        value = str(component.get(name, ""))
        if value and value == str(component.get("url", "")):
            option = "--url"  # an online meeting's place is its link
        if value not in {str(c.get(name, "")) for c in shown}:
            found.append(
                (
                    (option,),
                    f'{label}: the file has "{value}", the plan "{plan_entry.get(name, "")}"',
                )
            )
    for name, label, option in (("url", "link", "--url"), ("status", "status", "--status")):
        value, wanted = str(component.get(name, "")), str(plan_entry.get(name, ""))
        if value.upper() != wanted.upper() if name == "status" else value != wanted:
            found.append(
                ((option,), f"{label}: the file has {value or 'none'}, the plan {wanted or 'none'}")
            )
    return found


def _language(prop: Any) -> str | None:
    code = getattr(prop, "params", {}).get("LANGUAGE") if prop is not None else None
    return str(code) if code else None


def _when(component: Any, name: str) -> date | datetime | None:
    prop = component.get(name)
    return None if prop is None else prop.dt


def _show_when(values: list[date | datetime | None], zone: ZoneInfo | None) -> str:
    """``2024-05-28 11:00–12:30 (Europe/Kyiv)``, ``2023-07-01 – 2023-07-05`` (the last
    day, inclusive, as in the plan), ``2024-06-30``, or ``none``."""
    start, end = [*values, None][:2]
    if start is None:
        return "none"
    if not isinstance(start, datetime):
        if (
            isinstance(end, date)
            and not isinstance(end, datetime)
            and end - start > timedelta(days=1)
        ):
            return f"{start.isoformat()} – {(end - timedelta(days=1)).isoformat()}"
        return start.isoformat()
    shown_zone = zone or start.tzinfo
    local = start.astimezone(shown_zone) if start.tzinfo else start
    text = f"{local:%Y-%m-%d %H:%M}"
    if isinstance(end, datetime):
        local_end = end.astimezone(shown_zone) if end.tzinfo else end
        text += (
            f"–{local_end:%H:%M}"
            if local_end.date() == local.date()
            else f" – {local_end:%Y-%m-%d %H:%M}"
        )
    return text + (f" ({zone.key})" if zone is not None else "")
