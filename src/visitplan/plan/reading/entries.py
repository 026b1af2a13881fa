"""Reading the plan as a whole: its top-level keys, the directories (organizations,
people, delegations), the lists (topics, actions) and the events with their program,
with the ids each defines."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from visitplan.plan import fields as F
from visitplan.plan.model import (
    Action,
    Delegation,
    Event,
    Organization,
    Person,
    Plan,
    ProgramItem,
    Text,
    Topic,
    When,
)
from visitplan.plan.reading.base import INVALID
from visitplan.plan.reading.times import TimeReader
from visitplan.plan.reading.values import ValueReader
from visitplan.plan.timezones import get_zone
from visitplan.plan.wording import describe, with_article

_T = TypeVar("_T")


class PlanReader(ValueReader, TimeReader):
    """Walks the raw TOML data with the field catalogue, building the model and
    collecting findings."""

    def table(self, raw: Mapping[str, Any], key: str, array: bool) -> Any:
        """A top-level collection, checked for its shape; None if absent or wrong."""
        if key not in raw:
            return None
        value = raw[key]
        if array:
            if isinstance(value, list) and all(isinstance(v, dict) for v in value):
                return value
            if isinstance(value, dict):
                message = f"'{key}' must be a list of tables, not a single table"
            else:
                message = f"'{key}' must be a list of tables, got {describe(value)}"
            self.error(
                key, "wrong-type", message, f"write each entry under its own [[{key}]] header"
            )
            return None
        if isinstance(value, dict):
            return value
        self.error(
            key,
            "wrong-type",
            f"'{key}' must be a table of entries by id, got {describe(value)}",
            f"write each entry under its own [{key}.<id>] header",
        )
        return None

    # the plan

    def read_plan(self, raw: Mapping[str, Any]) -> Plan | None:
        self.check_keys(raw, F.top_level_keys(), "", "the plan")
        spec = F.PLAN
        fmt = self.value(raw, spec.fields[0], "")
        if isinstance(fmt, int) and fmt != F.FORMAT_VERSION:
            if fmt > F.FORMAT_VERSION:
                self.error(
                    "format",
                    "unsupported-format",
                    f"this plan is in format {fmt}; this visitplan reads format "
                    f"{F.FORMAT_VERSION} only",
                    "upgrade visitplan (pip install -U visitplan)",
                )
            else:
                self.error(
                    "format",
                    "unsupported-format",
                    f"there is no format {fmt}",
                    f"write format = {F.FORMAT_VERSION}",
                )
            return None
        languages = self.value(raw, spec.field("languages") or _never(), "")
        if isinstance(languages, tuple):
            self.languages = languages
        self.required(raw, spec, "")
        values = {
            f.name: self.value(raw, f, "")
            for f in spec.fields
            if f.name not in ("format", "languages")
        }
        zone = values["timezone"] if isinstance(values["timezone"], ZoneInfo) else None

        organizations = self.directory(raw, "organizations", Organization)
        people = self.directory(raw, "people", Person)
        delegations = self.directory(raw, "delegations", Delegation)
        events = self.read_events(raw, zone)
        topics = self.read_list(raw, "topics", Topic)
        actions = self.read_list(raw, "actions", Action)
        return Plan(
            id=_ok(values["id"], ""),
            title=_ok(values["title"], Text()),
            timezone=zone or get_zone("UTC"),
            format=F.FORMAT_VERSION,
            description=_ok(values["description"], None),
            languages=self.languages,
            organizer=_ok(values["organizer"], None),
            organizations=organizations,
            people=people,
            delegations=delegations,
            events=tuple(events),
            topics=tuple(topics),
            actions=tuple(actions),
            source=self.file,
        )

    def directory(self, raw: Mapping[str, Any], key: str, model: type) -> dict[str, Any]:
        entries = self.table(raw, key, array=False)
        section = F.DIRECTORIES[key]
        result: dict[str, Any] = {}
        if entries is None:
            return result
        for entry_id, entry in entries.items():
            path = f"{key}.{entry_id}"
            if not F.SLUG_RE.fullmatch(entry_id):
                self.bad_slug(entry_id, path)
                continue
            self.defined[section.name].add(entry_id)
            if not isinstance(entry, dict):
                self.error(
                    path,
                    "wrong-type",
                    f"{with_article(section.name)} must be a table, got {describe(entry)}",
                    f'write it as a [{path}] table with name = "…"',
                )
                continue
            result[entry_id] = build(model, section, self.values(entry, section, path), id=entry_id)
        return result

    def read_list(self, raw: Mapping[str, Any], key: str, model: type) -> list[Any]:
        entries = self.table(raw, key, array=True)
        section = F.LISTS[key]
        result: list[Any] = []
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries or ()):
            path = f"{key}[{index}]"
            values = self.values(entry, section, path)
            self.note_id(entry.get("id"), seen, section.name, key, index)
            result.append(build(model, section, values, index=index))
        return result

    def note_id(self, value: Any, seen: dict[str, int], kind: str, key: str, index: int) -> None:
        """Record the id of the entry ``key[index]``, or report it taken."""
        path = f"{key}[{index}]"
        if not isinstance(value, str):
            return
        self.defined[kind].add(value)
        if value in seen:
            self.error(
                f"{path}.id",
                "duplicate-id",
                f'{kind} id "{value}" is already used by {key}[{seen[value]}]',
                "ids must be unique (they feed calendar UIDs); rename one of them",
            )
        else:
            seen[value] = index

    # events and their program

    def read_events(self, raw: Mapping[str, Any], plan_zone: ZoneInfo | None) -> list[Event]:
        entries = self.table(raw, "events", array=True)
        section = F.EVENT
        events: list[Event] = []
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries or ()):
            path = f"events[{index}]"
            fields = {k: v for k, v in entry.items() if k != "program"}
            values = self.values(fields, section, path)
            self.note_id(entry.get("id"), seen, "event", "events", index)
            zone = values["timezone"] if "timezone" in entry else plan_zone
            when = None
            if isinstance(zone, ZoneInfo) and values["start"] is not None:
                when = self.event_when(values["start"], values["end"], zone, path)
            program = self.read_program(entry, path, when)
            if when is None:  # cannot be placed in time (the reason is recorded)
                continue
            events.append(
                build(Event, section, values, when=when, program=tuple(program), index=index)
            )
        return events

    def read_program(
        self, entry: Mapping[str, Any], path: str, event: When | None
    ) -> list[ProgramItem]:
        if "program" not in entry:
            return []
        items = entry["program"]
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            self.error(
                f"{path}.program",
                "wrong-type",
                f"'program' must be a list of tables, got {describe(items)}",
                "write each item under its own [[events.program]] header after its event",
            )
            return []
        section = F.PROGRAM
        result: list[ProgramItem] = []
        seen: dict[str, int] = {}
        for index, raw in enumerate(items):
            item_path = f"{path}.program[{index}]"
            values = self.values(raw, section, item_path)
            item_id = values["id"]
            if isinstance(item_id, str):
                if item_id in seen:
                    self.error(
                        f"{item_path}.id",
                        "duplicate-id",
                        f'program item id "{item_id}" is already used by '
                        f"{path}.program[{seen[item_id]}]",
                        "ids must be unique within the event; rename one of them",
                    )
                else:
                    seen[item_id] = index
            when = None
            if event is not None and values["start"] is not None:
                when = self.program_when(values["start"], values["end"], event, item_path)
            if when is None:
                continue
            result.append(
                build(
                    ProgramItem,
                    section,
                    values,
                    when=when,
                    index=index,
                    status=values["status"] or "confirmed",
                )
            )
        return result


_LISTS = ("refs", "languages", "codes")  # kinds whose value, when not given, is ()


def build(model: type[_T], section: F.Section, values: Mapping[str, Any], **given: Any) -> _T:
    """An entry of the model class ``model`` from the values read for ``section``: each
    key that ``model`` has a field of that name for (a list not given is empty), then
    ``given`` (what is not a key: the position, the times, the id of a directory entry)."""
    arguments = {
        name: (values[name] or ()) if is_list else values[name]
        for name, is_list in _model_keys(model, section)
    }
    arguments.update(given)
    return model(**arguments)


_KEYS: dict[tuple[type, str], tuple[tuple[str, bool], ...]] = {}


def _model_keys(model: type, section: F.Section) -> tuple[tuple[str, bool], ...]:
    """The keys of ``section`` that are fields of ``model``, each with whether it is a list."""
    found = _KEYS.get((model, section.name))
    if found is None:
        names = {f.name for f in dataclasses.fields(model)}
        found = tuple((s.name, s.kind in _LISTS) for s in section.fields if s.name in names)
        _KEYS[model, section.name] = found
    return found


def _ok(value: Any, default: Any) -> Any:
    return default if value is None or value is INVALID else value


def _never() -> F.Field:
    raise AssertionError("field catalogue is missing a key")
