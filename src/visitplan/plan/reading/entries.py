"""Reading the plan as a whole: its top-level keys, the directories (organizations,
people, delegations), the lists (topics, actions) and the events with their program,
with the ids each defines."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from visitplan.plan import fields as F
from visitplan.plan.keypath import KeyPath
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
from visitplan.plan.wording import (
    describe,
    with_article,
)


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

        organizations = self.directory(raw, "organizations", self.read_organization)
        people = self.directory(raw, "people", self.read_person)
        delegations = self.directory(raw, "delegations", self.read_delegation)
        events = self.read_events(raw, zone)
        topics = self.read_list(raw, "topics", self.read_topic)
        actions = self.read_list(raw, "actions", self.read_action)
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

    def directory(self, raw: Mapping[str, Any], key: str, read: Any) -> dict[str, Any]:
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
            result[entry_id] = read(entry_id, self.values(entry, section, path))
        return result

    def read_list(self, raw: Mapping[str, Any], key: str, read: Any) -> list[Any]:
        entries = self.table(raw, key, array=True)
        section = F.LISTS[key]
        result: list[Any] = []
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries or ()):
            path = f"{key}[{index}]"
            values = self.values(entry, section, path)
            self.note_id(entry.get("id"), seen, section.name, path, key)
            result.append(read(values, index))
        return result

    def note_id(self, value: Any, seen: dict[str, int], kind: str, path: str, key: str) -> None:
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
            seen[value] = KeyPath.parse(path).index_in(key)

    @staticmethod
    def read_organization(entry_id: str, v: dict[str, Any]) -> Organization:
        return Organization(
            entry_id,
            v["name"],
            v["short"],
            v["country"],
            v["city"],
            v["timezone"],
            v["url"],
            subdivision=v["subdivision"],
            working_hours=v["working_hours"],
        )

    @staticmethod
    def read_person(entry_id: str, v: dict[str, Any]) -> Person:
        return Person(
            entry_id,
            v["name"],
            v["organization"],
            v["role"],
            v["email"],
            v["phone"],
            v["languages"] or (),
            timezone=v["timezone"],
            country=v["country"],
        )

    @staticmethod
    def read_delegation(entry_id: str, v: dict[str, Any]) -> Delegation:
        return Delegation(entry_id, v["name"], v["organization"], v["lead"], v["members"] or ())

    @staticmethod
    def read_topic(v: dict[str, Any], index: int) -> Topic:
        return Topic(
            v["id"],
            v["title"],
            v["description"],
            v["requested_by"],
            v["proposed_by"],
            v["status"],
            index,
        )

    @staticmethod
    def read_action(v: dict[str, Any], index: int) -> Action:
        return Action(
            v["id"],
            v["title"],
            v["owner"],
            v["requested_by"],
            v["due"],
            v["status"],
            v["event"],
            index,
        )

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
            self.note_id(entry.get("id"), seen, "event", path, "events")
            zone = values["timezone"] if "timezone" in entry else plan_zone
            when = None
            if isinstance(zone, ZoneInfo) and values["start"] is not None:
                when = self.event_when(values["start"], values["end"], zone, path)
            program = self.read_program(entry, path, when)
            if when is None:  # cannot be placed in time (the reason is recorded)
                continue
            events.append(
                Event(
                    id=values["id"],
                    kind=values["kind"],
                    title=values["title"],
                    when=when,
                    status=values["status"],
                    location=values["location"],
                    url=values["url"],
                    host=values["host"],
                    delegations=values["delegations"] or (),
                    participants=values["participants"] or (),
                    topics=values["topics"] or (),
                    notes=values["notes"],
                    program=tuple(program),
                    index=index,
                    accept=values["accept"] or (),
                )
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
                ProgramItem(
                    title=values["title"],
                    when=when,
                    id=item_id,
                    speakers=values["speakers"] or (),
                    location=values["location"],
                    topics=values["topics"] or (),
                    notes=values["notes"],
                    index=index,
                    status=values["status"] or "confirmed",
                )
            )
        return result


def _ok(value: Any, default: Any) -> Any:
    return default if value is None or value is INVALID else value


def _never() -> F.Field:
    raise AssertionError("field catalogue is missing a key")
