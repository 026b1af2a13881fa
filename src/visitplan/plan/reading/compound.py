"""Reading the values made of parts: texts in several languages, lists of ids, language
codes and warning codes, and working hours."""

from __future__ import annotations

from visitplan.plan import fields as F
from visitplan.plan.model import Text, WorkingHours
from visitplan.plan.reading.base import INVALID, Invalid, Recorder
from visitplan.plan.wording import describe, example, shorten, suggest

# Country codes written where a language code belongs: Ukraine is UA, Ukrainian uk.
_LANGUAGE_SLIPS = {"ua": "uk", "gb": "en", "us": "en", "cz": "cs", "dk": "da", "se": "sv"}


class CompoundReader(Recorder):
    """Reads texts, lists and working hours, recording what is wrong."""

    def not_a_list(self, path: str, spec: F.Field, value: str, what: str, shown: str) -> Invalid:
        """A string where a list belongs: recorded, with the list it should be."""
        self.error(
            path,
            "wrong-type",
            f"expected {what}, got {describe(value)}",
            f'put it in brackets: {spec.name} = ["{shown}"]',
        )
        return INVALID

    def refs(self, value: object, path: str, spec: F.Field) -> tuple[str, ...] | Invalid:
        if isinstance(value, str):
            return self.not_a_list(path, spec, value, "a list of ids", value)
        if not isinstance(value, list):
            return self.wrong_type(path, spec, value)
        ids: list[str] = []
        ok = True
        for index, item in enumerate(value):
            item_path = f"{path}[{index}]"
            if not isinstance(item, str):
                self.error(
                    item_path,
                    "wrong-type",
                    f"expected an id (a string), got {describe(item)}",
                    f"write {spec.name} as a list of quoted ids: {example(spec)}",
                )
                ok = False
            elif not F.SLUG_RE.fullmatch(item):
                self.bad_slug(item, item_path)
                ok = False
            elif item in ids:
                self.warn(
                    item_path, "repeated-id", f'"{item}" is listed twice', "remove one of them"
                )
            else:
                ids.append(item)
        return tuple(ids) if ok else INVALID

    def language_list(self, value: object, path: str, spec: F.Field) -> tuple[str, ...] | Invalid:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return self.wrong_type(path, spec, value)
        codes: list[str] = []
        for index, code in enumerate(value):
            if not F.LANG_RE.fullmatch(code):
                self.error(
                    f"{path}[{index}]",
                    "bad-value",
                    f'"{code}" is not a language code',
                    'use ISO 639-1 codes such as "uk", "fr", "en"',
                )
                return INVALID
            if code not in codes:
                codes.append(code)
        return tuple(codes)

    def working_hours(self, value: object, path: str, spec: F.Field) -> WorkingHours | Invalid:
        """``"09:00-18:00"`` (Monday to Friday) or a table of weekdays to periods."""
        if isinstance(value, str):
            periods = self.periods(value, path)
            if periods is None:
                return INVALID
            return WorkingHours(tuple(periods if day < 5 else () for day in range(7)))
        if not isinstance(value, dict):
            return self.wrong_type(path, spec, value)
        days: list[tuple[tuple[int, int], ...]] = [() for _ in F.WEEKDAYS]
        ok = True
        for key, item in value.items():
            day_path = f"{path}.{key}"
            if key not in F.WEEKDAYS:
                near = suggest(key.lower()[:3], F.WEEKDAYS)
                self.error(
                    day_path,
                    "bad-value",
                    f"'{key}' is not a weekday",
                    (f"did you mean '{near}'? " if near else "")
                    + "name the days mon, tue, wed, thu, fri, sat, sun",
                )
                ok = False
                continue
            if not isinstance(item, str):
                self.error(
                    day_path,
                    "wrong-type",
                    f'expected hours like "09:00-18:00", got {describe(item)}',
                    f'write it as {key} = "09:00-18:00" (leave out a day that is not worked)',
                )
                ok = False
                continue
            periods = self.periods(item, day_path)
            if periods is None:
                ok = False
            else:
                days[F.WEEKDAYS.index(key)] = periods
        if not ok:
            return INVALID
        if not any(days):
            self.error(
                path,
                "bad-value",
                "the working hours name no day",
                'give at least one day, e.g. { mon = "09:00-18:00" }',
            )
            return INVALID
        return WorkingHours(tuple(days))

    def periods(self, value: str, path: str) -> tuple[tuple[int, int], ...] | None:
        """``"09:00-13:00, 14:00-18:00"`` as minutes after midnight; None if wrong (recorded)."""
        hint = 'write periods like "09:00-18:00", or "09:00-13:00, 14:00-18:00" with a break'
        periods: list[tuple[int, int]] = []
        for part in value.split(","):
            match = F.PERIOD_RE.match(part)
            if match is None:
                shown = part.strip() or value
                self.error(path, "bad-value", f'"{shorten(shown)}" is not a period of hours', hint)
                return None
            h1, m1, h2, m2 = (int(g) for g in match.groups())
            if h1 > 23 or m1 > 59 or h2 > 24 or m2 > 59 or (h2 == 24 and m2):
                self.error(path, "bad-value", f'"{part.strip()}" is not a time of day', hint)
                return None
            start, end = h1 * 60 + m1, h2 * 60 + m2
            if end <= start:
                self.error(
                    path,
                    "bad-value",
                    f'"{part.strip()}" ends before it starts',
                    "give the start first; hours past midnight are not supported",
                )
                return None
            if periods and start < periods[-1][1]:
                self.error(
                    path,
                    "bad-value",
                    f'"{part.strip()}" overlaps or comes before the period before it',
                    "list the periods in order, e.g. 09:00-13:00, 14:00-18:00",
                )
                return None
            periods.append((start, end))
        return tuple(periods)

    def codes(self, value: object, path: str, spec: F.Field) -> tuple[str, ...] | Invalid:
        if isinstance(value, str):
            return self.not_a_list(path, spec, value, "a list", shorten(value))
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return self.wrong_type(path, spec, value)
        for index, code in enumerate(value):
            if code not in spec.choices:
                near = suggest(code, spec.choices)
                options = ", ".join(f'"{c}"' for c in spec.choices)
                self.error(
                    f"{path}[{index}]",
                    "bad-value",
                    f'"{shorten(code)}" is not a warning {spec.name} can take',
                    f'did you mean "{near}"? ({options})' if near else f"use {options}",
                )
                return INVALID
        return tuple(dict.fromkeys(value))

    def text(self, value: object, path: str, spec: F.Field) -> Text | Invalid:
        if isinstance(value, str):
            if not value.strip():
                self.warn(path, "empty", f"'{spec.name}' is empty", "fill it in or remove the key")
            ok = self.clean(value, path) and self.one_line(value, path, spec)
            return Text(plain=value) if ok else INVALID
        if not isinstance(value, dict):
            return self.wrong_type(path, spec, value)
        if not value:
            self.error(
                path,
                "wrong-type",
                f"'{spec.name}' is an empty table",
                f'give the text in at least one language: {spec.name}.en = "…"',
            )
            return INVALID
        ok = True
        for lang, item in value.items():
            lang_path = f"{path}.{lang}"
            if not F.LANG_RE.fullmatch(lang):
                near = suggest(lang.lower(), self.languages) if self.languages else None
                hint = (
                    f"did you mean '{near}'?" if near else 'use ISO 639-1 codes: "uk", "fr", "en"'
                )
                self.error(lang_path, "bad-language", f"'{lang}' is not a language code", hint)
                ok = False
            elif not isinstance(item, str):
                self.error(
                    lang_path,
                    "wrong-type",
                    f"expected a string, got {describe(item)}",
                    f'write it as {spec.name}.{lang} = "…"',
                )
                ok = False
            elif not self.clean(item, lang_path) or not self.one_line(item, lang_path, spec):
                ok = False
        if not ok:
            return INVALID
        if self.languages:
            for lang in value:
                if lang in self.languages:
                    continue
                near = _LANGUAGE_SLIPS.get(lang) or suggest(lang, self.languages)
                hint = f"did you mean {spec.name}.{near}? " if near in self.languages else ""
                self.warn(
                    f"{path}.{lang}",
                    "other-language",
                    f"'{lang}' is not one of the plan's languages ({', '.join(self.languages)})",
                    hint + f"or add '{lang}' to `languages`",
                )
        missing = [lang for lang in self.languages if lang not in value]
        if missing:
            self.warn(
                path,
                "missing-language",
                f"no {', '.join(missing)} text (the plan's languages are "
                f"{', '.join(self.languages)})",
                f'add {spec.name}.{missing[0]} = "…", or remove the language from `languages`',
            )
        return Text.of(value)
