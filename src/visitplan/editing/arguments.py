"""Values given on the command line, read as plan values: text in one or several
languages (``--title uk=… --title fr=…``), dates and times, lists of ids, working hours
(:func:`parse_values`, for `add` and `set`)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time

from visitplan.errors import UsageError
from visitplan.plan import fields as F
from visitplan.plan.values import Table, Value

# ``uk=…``: text in one language. Anything that looks like ``word=…`` is taken as meant
# to be one, so that a mistyped code is an error rather than the whole text.
_LANG_VALUE = re.compile(r"^([A-Za-z0-9_-]{1,20})=(.*)$", re.DOTALL)


def parse_text(option: str, raw: Sequence[str]) -> str | dict[str, str]:
    """The values of a text option: one plain ``"…"`` (the whole text, for every
    language) or ``lang=…`` values (those languages only; the others are kept)."""
    translations: dict[str, str] = {}
    plain: list[str] = []
    for item in raw:
        match = _LANG_VALUE.match(item)
        if match is None:
            plain.append(item)
            continue
        lang, text = match.groups()
        if not F.LANG_RE.match(lang):
            lower = lang.lower()
            hint = (
                f'did you mean {option} {lower}="…"?'
                if F.LANG_RE.match(lower)
                else f'give a language code such as uk, fr, en or pt-BR: {option} en="…"'
            )
            raise UsageError(
                f'{option} "{item}": "{lang}" is not a language code',
                hint + f'; for a text that itself starts with "{lang}=", give its language: '
                f'{option} en="{item}"',
            )
        if lang in translations:
            raise UsageError(f"{option} gives {lang} twice", "give each language once")
        translations[lang] = text
    if plain and (translations or len(plain) > 1):
        raise UsageError(
            f'{option} "{plain[-1]}": give each language as lang="text"',
            f'e.g. {option} uk="…" {option} en="…" (or one {option} "…" for the whole text)',
        )
    return plain[0] if plain else translations


# A comma or semicolon followed by a language code and "=": where a typed answer's
# languages meet (`uk=Тест, en=Test`); a comma inside a text is followed by none.
_NEXT_LANGUAGE = re.compile(r"\s*[,;]\s*(?=[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*=)")


def split_languages(answer: str) -> list[str]:
    """A text typed at a prompt as the values of a text option (see :func:`parse_text`):
    ``uk=Тест; en=Test`` or ``uk=Тест, en=Test`` is one value per language when every
    part is ``lang=text`` with a language code; any other answer is one value."""
    parts = _NEXT_LANGUAGE.split(answer.strip())
    if len(parts) > 1 and all(_is_translation(part) for part in parts):
        return parts
    return [answer]


def _is_translation(part: str) -> bool:
    match = _LANG_VALUE.match(part)
    return match is not None and bool(F.LANG_RE.match(match.group(1))) and bool(match.group(2))


def parse_string(option: str, text: str) -> str:
    """The value of an option whose field is one string for every language (``short``,
    an abbreviation): a ``lang=…`` value, as a text option takes, is refused — stored,
    it would be the literal string "uk=…"."""
    match = _LANG_VALUE.match(text)
    if match is None or not F.LANG_RE.match(match.group(1)):
        return text
    lang, value = match.groups()
    raise UsageError(
        f'{option} {lang}="{value}": {option[2:]} is one string for every language, not a '
        "text in several",
        f'give it once, without a language: {option} "{value}"',
    )


def parse_when(text: str, allow_time: bool) -> date | datetime | time:
    """``2024-05-28T11:00`` (or with a space), ``2023-07-01``, and ``11:15`` if allowed."""
    value = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
        if re.fullmatch(r"\d{1,2}:\d{2}(:\d{2})?", value):
            if not allow_time:
                raise ValueError
            return time.fromisoformat(value.zfill(5) if len(value) == 4 else value)
        return datetime.fromisoformat(value.replace(" ", "T"))
    except ValueError:
        expected = "2024-05-28T11:00, 2023-07-01" + (" or 11:15" if allow_time else "")
        raise UsageError(f'"{text}" is not a date or time', f"write it like {expected}") from None


def parse_values(section: F.Section, given: Mapping[str, Sequence[str]]) -> dict[str, Value]:
    """Option values (strings, repeated options as lists) as plan values for ``section``."""
    values: dict[str, Value] = {}
    for name, raw in given.items():
        spec = section.field(name)
        option = "--" + name.replace("_", "-")
        if spec is None:
            raise UsageError(f"{option} does not apply to {section.name}s")
        if spec.kind == "text":
            values[name] = parse_text(option, raw)
            continue
        if spec.kind in ("refs", "languages", "codes"):
            values[name] = [
                part.strip() for item in raw for part in item.split(",") if part.strip()
            ]
            continue
        if spec.kind == "working-hours":
            values[name] = _parse_hours(option, raw)
            continue
        if len(raw) > 1:
            raise UsageError(f"{option} is given {len(raw)} times; it takes one value")
        text = raw[0]
        if spec.kind == "date":
            when = parse_when(text, allow_time=False)
            if not isinstance(when, date) or isinstance(when, datetime):
                raise UsageError(f'{option} "{text}" is not a date', "write it like 2024-06-30")
            values[name] = when
        elif spec.kind in ("when", "program-when"):
            values[name] = parse_when(text, allow_time=spec.kind == "program-when")
        elif spec.kind == "integer":
            values[name] = int(text)
        else:
            one = spec.kind == "string" and name != "uid"  # a UID may hold "x=y"
            values[name] = parse_string(option, text) if one else text
    return values


_DAY_VALUE = re.compile(r"^([a-z]{3})=(.*)$")


def _parse_hours(option: str, raw: Sequence[str]) -> str | Table:
    """``--working-hours "09:00-18:00"`` (Monday to Friday), or one ``day=hours`` per
    worked day (``mon=08:00-17:00``), which replaces the whole week. The hours themselves
    are checked with the plan, as when written by hand."""
    days = [_DAY_VALUE.match(item.strip()) for item in raw]
    if len(raw) == 1 and days[0] is None:
        return raw[0]
    if any(match is None for match in days):
        raise UsageError(
            f"{option}: give one value for Monday to Friday, or one DAY=HOURS per worked day",
            f'e.g. {option} "09:00-18:00", or {option} mon=08:00-17:00 {option} fri=08:00-13:00',
        )
    items = tuple((m.group(1), m.group(2).strip()) for m in days if m is not None)
    if len({day for day, _ in items}) != len(items):
        raise UsageError(f"{option} gives a day twice", "give each day once")
    return Table(items)
