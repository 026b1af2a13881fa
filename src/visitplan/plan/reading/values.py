"""Reading one section's keys: unknown and missing keys, and each value checked for its
kind (the catalogue's ``Field.kind``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from visitplan.plan import fields as F
from visitplan.plan.reading.base import INVALID, Invalid, join_path, placeholder
from visitplan.plan.reading.compound import CompoundReader
from visitplan.plan.timezones import UnknownZone, get_zone
from visitplan.plan.wording import country_hint, describe, example, suggest, with_article

_ID_EXAMPLES = {
    "event": '"study-visit-2025" (a short, stable id)',
    "program item": '"welcome"',
    "topic": '"water-treatment"',
    "action": '"send-program"',
}


# The kinds of strings with a form: (pattern, what a value is, how to fix a wrong one).
_FORMS: dict[str, tuple[re.Pattern[str], str, str | Callable[[str], str]]] = {
    "country": (F.COUNTRY_RE, "an ISO 3166-1 country code", country_hint),
    "email": (F.EMAIL_RE, "an email address", "write just the address, e.g. name@example.org"),
    "url": (F.URL_RE, "a web address", "write it in full, starting with https://"),
}


class ValueReader(CompoundReader):
    """Reads the keys of a section, each value checked for its kind."""

    # structure

    def check_keys(
        self, raw: Mapping[str, Any], known: Sequence[str], path: str, what: str
    ) -> None:
        for key in raw:
            if key in known:
                continue
            near = suggest(key, known)
            hint = f"did you mean '{near}'?" if near else "known keys: " + ", ".join(known)
            self.warn(join_path(path, key), "unknown-key", f"unknown key '{key}' in {what}", hint)

    def required(self, raw: Mapping[str, Any], section: F.Section, path: str) -> None:
        """Report each missing required key."""
        for spec in section.required_fields:
            if spec.name not in raw:
                shown = _ID_EXAMPLES.get(section.name) if spec.name == "id" else None
                self.error(
                    join_path(path, spec.name),
                    "missing-key",
                    f"missing required key '{spec.name}' in {with_article(section.name)}",
                    f"add {spec.name} = {shown or example(spec)}",
                )

    def values(self, raw: Mapping[str, Any], section: F.Section, path: str) -> dict[str, Any]:
        """Every field of ``section`` read from ``raw``, each problem recorded.

        A value that is missing or wrong becomes its default, so that the rest of the item
        can still be checked (references, times); a plan with errors is only ever used by
        `check`, never exported or shown.
        """
        if not raw.keys() <= section.name_set:
            self.check_keys(raw, section.names, path, with_article(section.name))
        self.required(raw, section, path)
        result = {}
        for spec in section.fields:
            value = self.value(raw, spec, path)
            result[spec.name] = placeholder(spec) if value is None or value is INVALID else value
        return result

    def value(self, raw: Mapping[str, Any], spec: F.Field, path: str) -> Any:
        """The value of ``spec`` in ``raw`` checked for its kind: None if absent,
        INVALID if wrong (recorded). ``when`` kinds are returned as is."""
        if spec.name not in raw:
            return None
        value = raw[spec.name]
        key_path = join_path(path, spec.name)
        kind = spec.kind
        if kind == "text":
            return self.text(value, key_path, spec)
        if kind in ("slug", "ref"):
            return self.slug(value, key_path, spec)
        if kind == "refs":
            return self.refs(value, key_path, spec)
        if kind == "languages":
            return self.language_list(value, key_path, spec)
        if kind == "working-hours":
            return self.working_hours(value, key_path, spec)
        if kind == "codes":
            return self.codes(value, key_path, spec)
        if kind == "integer":
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            return self.wrong_type(key_path, spec, value)
        if kind == "date":
            if isinstance(value, date) and not isinstance(value, datetime):
                return value if self.in_range(value, key_path) else INVALID
            return self.wrong_type(key_path, spec, value)
        if kind in ("when", "program-when"):
            if isinstance(value, date) and not self.in_range(value, key_path):
                return INVALID
            return value
        if not isinstance(value, str):
            return self.wrong_type(key_path, spec, value)
        return self.string(value, key_path, spec)

    def string(self, value: str, path: str, spec: F.Field) -> str | Invalid | ZoneInfo:
        kind = spec.kind
        if kind == "zone":
            return self.zone(value, path)
        if kind == "choice":
            if value in spec.choices:
                return value
            near = suggest(value, spec.choices)
            options = ", ".join(f'"{c}"' for c in spec.choices)
            hint = f'did you mean "{near}"? ({options})' if near else f"use one of {options}"
            self.error(path, "bad-value", f'"{value}" is not a valid {spec.name}', hint)
            return INVALID
        form = _FORMS.get(kind)
        if form is not None and not form[0].fullmatch(value):
            hint = form[2](value) if callable(form[2]) else form[2]
            self.error(path, "bad-value", f'"{value}" is not {form[1]}', hint)
            return INVALID
        if not value.strip():
            self.warn(path, "empty", f"'{spec.name}' is empty", "fill it in or remove the key")
        if not self.clean(value, path) or not self.one_line(value, path, spec):
            return INVALID
        return value

    def zone(self, value: object, path: str) -> ZoneInfo | Invalid:
        if not isinstance(value, str):
            self.error(
                path,
                "wrong-type",
                f"expected a time-zone name, got {describe(value)}",
                'write it as timezone = "Europe/Kyiv"',
            )
            return INVALID
        try:
            return get_zone(value)
        except UnknownZone as error:
            if error.suggestions:
                hint = "did you mean " + " or ".join(f'"{s}"' for s in error.suggestions) + "?"
            else:
                hint = 'use an IANA time-zone name such as "Europe/Kyiv" or "Europe/Paris"'
            self.error(path, "unknown-timezone", f'unknown time zone "{value}"', hint)
            return INVALID

    def slug(self, value: object, path: str, spec: F.Field) -> str | Invalid:
        if not isinstance(value, str):
            return self.wrong_type(path, spec, value)
        if not F.SLUG_RE.fullmatch(value):
            self.bad_slug(value, path)
            return INVALID
        return value
