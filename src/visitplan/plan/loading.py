"""Reading plan files into the model, collecting every problem on the way.

``load_plan_file`` never raises for a bad plan: it returns a :class:`LoadResult` with the
model (as much of it as could be read) and all findings, each with its key path and,
where the key can be found in the source, its line.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

from visitplan.findings import Finding, Severity, sort_key
from visitplan.plan import fields as F
from visitplan.plan import tomlread
from visitplan.plan.locate import QuickLines, find_line, locate_keys
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
    WorkingHours,
)
from visitplan.plan.offsets import foreign_offset
from visitplan.plan.timezones import UnknownZone, get_zone, resolve_local

MAX_BYTES = 5 * 1024 * 1024  # a plan file larger than this is refused
MAX_ITEMS = 20_000  # events, program items, people, topics and actions in one plan
FIRST_YEAR, LAST_YEAR = 1900, 2200  # the years a plan's dates may use
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BREAK_NAMES = {"\r": "CR", "\n": "LF", "\x85": "U+0085", "\u2028": "U+2028", "\u2029": "U+2029"}


class _Invalid:
    """Marks a value that was present but could not be read (the error is recorded)."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Final = _Invalid()


@dataclass(frozen=True)
class LoadResult:
    """What reading one file gave: the model (None if the file could not be read as a
    plan at all), every finding, and the ids the file defines (including those of items
    too broken to model, so that references to them do not cascade into more errors)."""

    file: str
    plan: Plan | None
    findings: tuple[Finding, ...]
    defined: Mapping[str, frozenset[str]] = field(default_factory=dict)
    source: str | None = None  # the decoded text, for locating keys

    @property
    def ok(self) -> bool:
        return self.plan is not None and not any(f.is_error for f in self.findings)

    @functools.cached_property
    def key_lines(self) -> dict[str, int]:
        """Line of every key path in the source (computed once, and only when asked)."""
        return locate_keys(self.source) if self.source is not None else {}

    @functools.cached_property
    def quick_lines(self) -> QuickLines | None:
        return QuickLines(self.source) if self.source is not None else None

    def locate(self, findings: Iterable[Finding]) -> list[Finding]:
        """``findings`` with the line of their key path filled in where it is known (a
        quick lookup first: a few warnings should not cost a scan of a large file)."""
        located = []
        for finding in findings:
            line = self.quick_lines.line(finding.path) if self.quick_lines else None
            if line is None:
                line = find_line(self.key_lines, finding.path)
            located.append(finding.located(line))
        return located


# --------------------------------------------------------------------------- files


def load_plan_file(path: Path, display: str | None = None) -> LoadResult:
    """Read and load one plan file."""
    name = display if display is not None else path.as_posix()
    if path.is_dir():
        return LoadResult(
            name,
            None,
            (
                _file_error(
                    name, "is-folder", "this is a folder, not a plan file", "name a .toml file"
                ),
            ),
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        return LoadResult(
            name,
            None,
            (_file_error(name, "unreadable", f"cannot read the file: {reason}", ""),),
        )
    return load_plan_bytes(data, name)


def load_plan_bytes(data: bytes, file: str, locate: bool = True) -> LoadResult:
    """Decode, parse and load a plan from its bytes; ``file`` names it in findings.
    ``locate=False`` leaves the lines of the findings to the caller (``result.locate``)."""
    text_or_problem = decode_plan_bytes(data, file)
    if isinstance(text_or_problem, Finding):
        return LoadResult(file, None, (text_or_problem,))
    return load_plan_text(text_or_problem, file, locate)


def decode_plan_bytes(data: bytes, file: str) -> str | Finding:
    """UTF-8 text of a plan (a UTF-8 BOM is dropped), or the finding that says why not."""
    if len(data) > MAX_BYTES:
        return _file_error(
            file,
            "too-large",
            f"the file is {len(data) / 1024 / 1024:.1f} MB; visitplan reads plans of up to "
            f"{MAX_BYTES // 1024 // 1024} MB",
            "split the plan (one partnership per file), or check that this is a plan",
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _file_error(
            file,
            "encoding",
            "the file is UTF-16 encoded; plans must be UTF-8",
            "save it as UTF-8 (in the editor: Save with encoding → UTF-8)",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        return _file_error(
            file,
            "binary",
            "the file contains NUL bytes: it looks like a binary file, not a TOML plan",
            "check that you named the right file; plans are UTF-8 text",
            line=line,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return _file_error(
            file,
            "encoding",
            f"the file is not valid UTF-8 (byte 0x{data[error.start]:02X} at line {line}, "
            f"column {column})",
            "save it as UTF-8 (in the editor: Save with encoding → UTF-8)",
            line=line,
            column=column,
        )
    if _CONTENT.search(text) is None:
        return _file_error(
            file,
            "empty",
            "the file is empty",
            "a plan needs at least `id`, `title` and `timezone`; start from "
            "`visitplan new` or a file in templates/",
            line=1,
        )
    return text


def load_plan_text(text: str, file: str, locate: bool = True) -> LoadResult:
    """Parse TOML text and load it into the model."""
    try:
        raw = tomlread.loads(text)
    except tomlread.TOMLDecodeError as error:
        return LoadResult(file, None, (_syntax_finding(text, file, error),))
    except RecursionError:
        message = "arrays or tables are nested too deeply to read"
        hint = "a plan needs at most a few levels; check the brackets"
        return LoadResult(file, None, (_file_error(file, "too-deep", message, hint, line=1),))
    count = _count_items(raw)
    if count > MAX_ITEMS:
        message = f"the plan has {count} entries; visitplan reads plans of up to {MAX_ITEMS}"
        hint = "split it into several plans (one partnership, or one year, per file)"
        return LoadResult(file, None, (_file_error(file, "too-many", message, hint, line=1),))
    reader = _Reader(file)
    plan = reader.read_plan(raw)
    defined = {kind: frozenset(ids) for kind, ids in reader.defined.items()}
    result = LoadResult(file, plan, (), defined, text)
    if not reader.findings:
        return result
    found = result.locate(reader.findings) if locate else reader.findings
    return dataclasses.replace(result, findings=tuple(sorted(found, key=sort_key)))


def _count_items(raw: Mapping[str, Any]) -> int:
    count = 0
    for key in ("organizations", "people", "delegations"):
        value = raw.get(key)
        count += len(value) if isinstance(value, dict) else 0
    for key in ("events", "topics", "actions"):
        value = raw.get(key)
        if isinstance(value, list):
            count += len(value)
            if key == "events":
                count += sum(
                    len(e.get("program", []))
                    for e in value
                    if isinstance(e, dict) and isinstance(e.get("program"), list)
                )
    return count


_CONFLICT_RE = re.compile(r"^(<{7}|={7}|>{7})(\s|$)", re.MULTILINE)


def _syntax_finding(text: str, file: str, error: tomlread.TOMLDecodeError) -> Finding:
    conflict = _CONFLICT_RE.search(text)
    if conflict:
        return _file_error(
            file,
            "merge-conflict",
            "a git merge-conflict marker is left in the file",
            "resolve the conflict: keep the lines you want and delete the "
            "<<<<<<<, ======= and >>>>>>> lines",
            line=text.count("\n", 0, conflict.start()) + 1,
            column=1,
        )
    message, line, column = tomlread.syntax_position(error)
    if line is None and "end of document" in message:
        line = text.count("\n") + 1
    return _file_error(
        file,
        "toml-syntax",
        f"TOML syntax error: {message[:1].lower()}{message[1:]}",
        "fix the TOML at that position; quote strings, and write times like 2024-05-28T11:00:00",
        line=line,
        column=column,
    )


_CONTENT = re.compile(r"^\s*[^\s#]", re.MULTILINE)  # a line that is not blank or a comment


def _file_error(
    file: str,
    code: str,
    message: str,
    hint: str,
    line: int | None = None,
    column: int | None = None,
) -> Finding:
    return Finding(file, Severity.ERROR, code, "", message, hint, line, column)


# --------------------------------------------------------------------------- values


def describe(value: object) -> str:
    """How a TOML value is called, with the value: ``an integer (42)``."""
    if isinstance(value, bool):
        return f"a boolean ({'true' if value else 'false'})"
    if isinstance(value, int):
        return f"an integer ({value})"
    if isinstance(value, float):
        return f"a number ({value})"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "…"
        return f'a string ("{shown}")'
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return f"a date and time ({value.isoformat()})"
        return f"a date and time with an offset ({value.isoformat()})"
    if isinstance(value, date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, time):
        return f"a time ({value.isoformat()})"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def suggest(word: str, choices: Iterable[str]) -> str | None:
    import difflib

    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


# Ukrainian national transliteration (2010), for ids made from Cyrillic text.
_UK_LATIN = dict(
    zip(
        "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'ʼ’ыэёъ",
        [
            "a",
            "b",
            "v",
            "h",
            "g",
            "d",
            "e",
            "ie",
            "zh",
            "z",
            "y",
            "i",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "_",
            "iu",
            "ia",
            "_",
            "_",
            "_",
            "y",
            "e",
            "e",
            "_",
        ],
        strict=True,
    )
)


def slugify(value: str) -> str:
    """An id made from text: ``"Félix Hénou"`` → ``felix-henou``, ``"Станція"`` → ``stantsiia``."""
    import unicodedata

    latin = "".join(_UK_LATIN.get(char, char) for char in value.lower()).replace("_", "")
    ascii_text = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:63].rstrip("-") or "x"


def wall(moment: datetime) -> str:
    """``2024-05-28T11:00`` (seconds only when not zero)."""
    fmt = "%Y-%m-%dT%H:%M:%S" if moment.second else "%Y-%m-%dT%H:%M"
    return moment.strftime(fmt)


_EXAMPLES: dict[str, str] = {
    "slug": '"korosten-bourges"',
    "ref": '"<id>"',
    "refs": '["<id>", "<id>"]',
    "text": '"…" (or {name}.uk = "…", {name}.en = "…")',
    "string": '"…"',
    "integer": "1",
    "zone": '"Europe/Kyiv"',
    "languages": '["uk", "fr", "en"]',
    "country": '"UA"',
    "email": '"name@example.org"',
    "url": '"https://meet.example.org/room"',
    "date": "2024-06-30",
    "when": "2024-05-28T11:00:00 (or a date, 2023-07-01, for a whole day)",
    "program-when": "2024-05-28T11:15:00 (or 11:15:00 in a single-day event)",
    "working-hours": '"09:00-18:00" (or { mon = "08:00-17:00", fri = "08:00-13:00" })',
}


_ID_EXAMPLES = {
    "event": '"study-visit-2025" (a short, stable id)',
    "program item": '"welcome"',
    "topic": '"water-treatment"',
    "action": '"send-program"',
}


def example(spec: F.Field) -> str:
    if spec.kind == "choice":
        return f'"{spec.choices[0]}"'
    if spec.kind == "codes":
        return f'["{spec.choices[0]}"]'
    return _EXAMPLES[spec.kind].replace("{name}", spec.name)


def _expected(spec: F.Field) -> str:
    return {
        "slug": "an id (a string)",
        "ref": "an id (a string)",
        "refs": "a list of ids",
        "text": "text: a string, or a table of language codes to strings",
        "string": "a string",
        "integer": "an integer",
        "zone": "a time-zone name (a string)",
        "languages": "a list of language codes",
        "country": "a country code (a string)",
        "email": "an email address (a string)",
        "url": "a web address (a string)",
        "choice": "one of " + ", ".join(f'"{c}"' for c in spec.choices),
        "date": "a date",
        "when": "a date and time, or a date",
        "program-when": "a date and time, or a time",
        "working-hours": "working hours: a string, or a table of weekdays to strings",
        "codes": "a list of " + ", ".join(f'"{c}"' for c in spec.choices),
    }[spec.kind]


# --------------------------------------------------------------------------- reader


# Country codes written where a language code belongs: Ukraine is UA, Ukrainian uk.
_LANGUAGE_SLIPS = {"ua": "uk", "gb": "en", "us": "en", "cz": "cs", "dk": "da", "se": "sv"}


class _Reader:
    """Walks the raw TOML data with the field catalogue, building the model and
    collecting findings."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.findings: list[Finding] = []
        self.languages: tuple[str, ...] = ()
        self.defined: dict[str, set[str]] = {
            "organization": set(),
            "person": set(),
            "delegation": set(),
            "event": set(),
            "topic": set(),
            "action": set(),
        }

    # findings

    def error(self, path: str, code: str, message: str, hint: str = "") -> None:
        self.findings.append(Finding(self.file, Severity.ERROR, code, path, message, hint))

    def warn(self, path: str, code: str, message: str, hint: str = "") -> None:
        self.findings.append(Finding(self.file, Severity.WARNING, code, path, message, hint))

    # structure

    def check_keys(
        self, raw: Mapping[str, Any], known: Sequence[str], path: str, what: str
    ) -> None:
        for key in raw:
            if key in known:
                continue
            near = suggest(key, known)
            hint = f"did you mean '{near}'?" if near else "known keys: " + ", ".join(known)
            self.warn(_join(path, key), "unknown-key", f"unknown key '{key}' in {what}", hint)

    def required(self, raw: Mapping[str, Any], section: F.Section, path: str) -> None:
        """Report each missing required key."""
        for spec in section.required_fields:
            if spec.name not in raw:
                shown = _ID_EXAMPLES.get(section.name) if spec.name == "id" else None
                self.error(
                    _join(path, spec.name),
                    "missing-key",
                    f"missing required key '{spec.name}' in {_a(section.name)}",
                    f"add {spec.name} = {shown or example(spec)}",
                )

    def values(self, raw: Mapping[str, Any], section: F.Section, path: str) -> dict[str, Any]:
        """Every field of ``section`` read from ``raw``, each problem recorded.

        A value that is missing or wrong becomes its default, so that the rest of the item
        can still be checked (references, times); a plan with errors is only ever used by
        `check`, never exported or shown.
        """
        if not raw.keys() <= section.name_set:
            self.check_keys(raw, section.names, path, _a(section.name))
        self.required(raw, section, path)
        result = {}
        for spec in section.fields:
            value = self.value(raw, spec, path)
            result[spec.name] = _placeholder(spec) if value is None or value is INVALID else value
        return result

    def value(self, raw: Mapping[str, Any], spec: F.Field, path: str) -> Any:
        """The value of ``spec`` in ``raw`` checked for its kind: None if absent,
        INVALID if wrong (recorded). ``when`` kinds are returned as is."""
        if spec.name not in raw:
            return None
        value = raw[spec.name]
        key_path = _join(path, spec.name)
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

    def wrong_type(self, path: str, spec: F.Field, value: object) -> _Invalid:
        self.error(
            path,
            "wrong-type",
            f"expected {_expected(spec)}, got {describe(value)}",
            f"write it as {spec.name} = {example(spec)}",
        )
        return INVALID

    def string(self, value: str, path: str, spec: F.Field) -> str | _Invalid | ZoneInfo:
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
        if kind == "country" and not F.COUNTRY_RE.fullmatch(value):
            self.error(
                path,
                "bad-value",
                f'"{value}" is not an ISO 3166-1 country code',
                _country_hint(value),
            )
            return INVALID
        if kind == "email" and not F.EMAIL_RE.fullmatch(value):
            self.error(
                path,
                "bad-value",
                f'"{value}" is not an email address',
                "write just the address, e.g. name@example.org",
            )
            return INVALID
        if kind == "url" and not F.URL_RE.fullmatch(value):
            self.error(
                path,
                "bad-value",
                f'"{value}" is not a web address',
                "write it in full, starting with https://",
            )
            return INVALID
        if not value.strip():
            self.warn(path, "empty", f"'{spec.name}' is empty", "fill it in or remove the key")
        if not self.clean(value, path) or not self.one_line(value, path, spec):
            return INVALID
        return value

    def in_range(self, value: date, path: str) -> bool:
        """False (and an error) for a date outside the years plans may use."""
        if FIRST_YEAR <= value.year <= LAST_YEAR:
            return True
        self.error(
            path,
            "date-out-of-range",
            f"{value.isoformat()[:10]} is outside the years visitplan handles "
            f"({FIRST_YEAR}–{LAST_YEAR})",
            "check the year",
        )
        return False

    def clean(self, value: str, path: str) -> bool:
        """False (and an error) if ``value`` holds a control character."""
        found = _CONTROL_RE.search(value)
        if found is None:
            return True
        self.error(
            path,
            "control-character",
            f"the text contains a control character (U+{ord(found.group()):04X}) at "
            f"position {found.start() + 1}",
            "remove it: it often comes with text copied from a word processor or a PDF",
        )
        return False

    def one_line(self, value: str, path: str, spec: F.Field) -> bool:
        """False (and an error) if ``value`` of a single-line field holds a line break."""
        if spec.multiline:
            return True
        found = F.LINE_BREAK_RE.search(value)
        if found is None:
            return True
        self.error(
            path,
            "line-break",
            f"'{spec.name}' is a single line, but the text has a line break "
            f"({_BREAK_NAMES[found.group()]}) at position "
            f"{found.start() + 1}",
            "write it on one line: it becomes a calendar property and a mail header, where a "
            "line break would end it (longer text belongs in `notes` or `description`)",
        )
        return False

    def zone(self, value: object, path: str) -> ZoneInfo | _Invalid:
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

    def slug(self, value: object, path: str, spec: F.Field) -> str | _Invalid:
        if not isinstance(value, str):
            return self.wrong_type(path, spec, value)
        if not F.SLUG_RE.fullmatch(value):
            self.bad_slug(value, path)
            return INVALID
        return value

    def bad_slug(self, value: str, path: str) -> None:
        self.error(
            path,
            "bad-id",
            f'"{_short(value)}" is not a valid id',
            "ids use lower-case letters, digits and hyphens, start with a letter or digit "
            f'and have at most 63 characters, e.g. "{slugify(value)}"',
        )

    def refs(self, value: object, path: str, spec: F.Field) -> tuple[str, ...] | _Invalid:
        if isinstance(value, str):
            self.error(
                path,
                "wrong-type",
                f"expected a list of ids, got {describe(value)}",
                f'put it in brackets: {spec.name} = ["{value}"]',
            )
            return INVALID
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

    def language_list(self, value: object, path: str, spec: F.Field) -> tuple[str, ...] | _Invalid:
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

    def working_hours(self, value: object, path: str, spec: F.Field) -> WorkingHours | _Invalid:
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
                self.error(path, "bad-value", f'"{_short(shown)}" is not a period of hours', hint)
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

    def codes(self, value: object, path: str, spec: F.Field) -> tuple[str, ...] | _Invalid:
        if isinstance(value, str):
            self.error(
                path,
                "wrong-type",
                f"expected a list, got {describe(value)}",
                f'put it in brackets: {spec.name} = ["{_short(value)}"]',
            )
            return INVALID
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return self.wrong_type(path, spec, value)
        for index, code in enumerate(value):
            if code not in spec.choices:
                near = suggest(code, spec.choices)
                options = ", ".join(f'"{c}"' for c in spec.choices)
                self.error(
                    f"{path}[{index}]",
                    "bad-value",
                    f'"{_short(code)}" is not a warning {spec.name} can take',
                    f'did you mean "{near}"? ({options})' if near else f"use {options}",
                )
                return INVALID
        return tuple(dict.fromkeys(value))

    def text(self, value: object, path: str, spec: F.Field) -> Text | _Invalid:
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
                    f"{_a(section.name)} must be a table, got {describe(entry)}",
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
            seen[value] = int(path[path.rfind("[") + 1 : -1])

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

    def event_when(self, start: Any, end: Any, zone: ZoneInfo, path: str) -> When | None:
        start_path, end_path = f"{path}.start", f"{path}.end"
        if isinstance(start, datetime):
            begin = self.instant(start, zone, start_path)
            if end is None:
                self.error(
                    end_path,
                    "missing-key",
                    "an event with a start time needs an end time",
                    f"add end = {(start + timedelta(hours=1)).replace(tzinfo=None).isoformat()}"
                    " (or make it an all-day event with dates)",
                )
                return None
            if not isinstance(end, datetime):
                self.mismatch(end_path, start, end)
                return None
            finish = self.instant(end, zone, end_path)
            if begin is None or finish is None:
                return None
            return When(begin, finish)
        if isinstance(start, date):
            last = start if end is None else end
            if not isinstance(last, date) or isinstance(last, datetime):
                self.mismatch(end_path, start, last)
                return None
            first_midnight = resolve_local(datetime.combine(start, time()), zone).instant
            end_midnight = resolve_local(
                datetime.combine(last + timedelta(days=1), time()), zone
            ).instant
            return When(first_midnight, end_midnight, all_day=True)
        if isinstance(start, time):
            self.error(
                start_path,
                "wrong-type",
                f"a time alone ({start.isoformat()}) cannot start an event",
                "give the date too, e.g. start = 2024-05-28T11:00:00",
            )
            return None
        self.error(
            start_path,
            "wrong-type",
            f"expected a date and time, or a date, got {describe(start)}",
            "write it without quotes, e.g. start = 2024-05-28T11:00:00 or start = 2023-07-01",
        )
        return None

    def mismatch(self, path: str, start: object, end: object) -> None:
        """``end`` is not of the same kind of time as ``start``."""
        kind = (
            "a date and time"
            if isinstance(start, datetime)
            else "a date"
            if isinstance(start, date)
            else "a time"
        )
        if not isinstance(end, date | time):
            self.error(
                path,
                "wrong-type",
                f"expected {kind} like start, got {describe(end)}",
                "write it without quotes, in the same form as start",
            )
            return
        self.error(
            path,
            "wrong-type",
            f"end is {describe(end)} but start is {describe(start)}",
            f"give end as {kind} too"
            + (" (dates make an all-day event)" if isinstance(start, date) else ""),
        )

    def instant(self, value: datetime, zone: ZoneInfo, path: str) -> datetime | None:
        """An aware datetime in ``zone`` from a TOML datetime (local or with offset)."""
        if value.tzinfo is not None:
            if (wrong := foreign_offset(value, zone)) is not None:
                self.warn(path, *wrong)
            return value.astimezone(zone)
        resolved = resolve_local(value, zone)
        if resolved.problem is None:
            return resolved.instant
        shown = wall(value)
        change = resolved.transition
        if resolved.problem == "gap":
            detail = (
                f": clocks jump from {change.before:%H:%M} to {change.after:%H:%M} that night"
                if change
                else ""
            )
            self.error(
                path,
                "dst-gap",
                f"{shown} does not exist in {zone.key}{detail}",
                "daylight-saving time skips it; use a time outside that hour",
            )
            return None
        if resolved.problem == "fold":
            detail = (
                f" (clocks go back from {change.before:%H:%M} to {change.after:%H:%M})"
                if change
                else ""
            )
            moment = resolved.instant
            self.warn(
                path,
                "dst-fold",
                f"{shown} happens twice in {zone.key}{detail}; visitplan takes the first, "
                f"{moment.isoformat()}",
                "write the offset to be explicit, e.g. "
                f"{value.isoformat()}{_offset(value.replace(tzinfo=zone, fold=1))} "
                "for the second",
            )
        return resolved.instant

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

    def program_when(self, start: Any, end: Any, event: When, path: str) -> When | None:
        zone = event.zone
        start_path, end_path = f"{path}.start", f"{path}.end"
        if isinstance(start, datetime):
            if end is not None and not isinstance(end, datetime):
                self.mismatch(end_path, start, end)
                return None
            begin = self.instant(start, zone, start_path)
            finish = None if end is None else self.instant(end, zone, end_path)
            if begin is None or (end is not None and finish is None):
                return None
            return When(begin, finish)
        if isinstance(start, time):
            if end is not None and not (isinstance(end, time)):
                self.mismatch(end_path, start, end)
                return None
            if event.days != 1:
                self.error(
                    start_path,
                    "time-needs-date",
                    f"a time alone ({start.isoformat(timespec='minutes')}) is only allowed in "
                    f"a single-day event; this one runs {event.first_day} – {event.last_day}",
                    f"give the date too, e.g. start = {event.first_day}T"
                    f"{start.isoformat(timespec='seconds')}",
                )
                return None
            day = event.first_day
            begin = self.instant(datetime.combine(day, start), zone, start_path)
            finish = None
            if end is not None:
                finish = self.instant(datetime.combine(day, end), zone, end_path)
                if finish is None:
                    return None
            if begin is None:
                return None
            return When(begin, finish)
        if isinstance(start, date):
            self.error(
                start_path,
                "wrong-type",
                f"a program item needs a time, got {describe(start)}",
                f"add the time, e.g. start = {start.isoformat()}T10:00:00",
            )
            return None
        self.error(
            start_path,
            "wrong-type",
            f"expected a date and time, or a time, got {describe(start)}",
            "write it without quotes, e.g. start = 2024-05-28T11:15:00 or start = 11:15:00",
        )
        return None


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _placeholder(spec: F.Field) -> Any:
    """What stands in for a missing or wrong value: the default, else an empty value."""
    if spec.default is not None:
        return spec.default
    if spec.required:
        if spec.kind == "text":
            return Text()
        if spec.kind == "choice":
            return "other" if "other" in spec.choices else spec.choices[0]
        if spec.kind in ("slug", "string"):
            return ""
    return None


def _ok(value: Any, default: Any) -> Any:
    return default if value is None or value is INVALID else value


def _short(value: str) -> str:
    """``value`` for a one-line message: line breaks shown as ``\\n``, at most 70 characters."""
    value = F.LINE_BREAK_RE.sub(lambda m: repr(m.group())[1:-1], value)
    return value if len(value) <= 70 else value[:67] + "…"


def _country_hint(value: str) -> str:
    if F.COUNTRY_RE.fullmatch(value.upper()):
        return f'write it in capitals: "{value.upper()}"'
    return 'use the two-letter code in capitals, e.g. "UA", "FR"'


def _offset(moment: datetime) -> str:
    offset = moment.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _never() -> F.Field:
    raise AssertionError("field catalogue is missing a key")
