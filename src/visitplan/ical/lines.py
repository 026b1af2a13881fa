"""The content-line writer: RFC 5545 lines as icalendar 7.3 writes them — values escaped
(:func:`escape_text`), parameters quoted (:func:`content_line`, :func:`cn`), times with
their TZID (:func:`when_line`), texts cleaned of what iCalendar cannot carry
(:func:`clean`, :func:`clean_param`) — and folded into bytes (:func:`fold`,
:func:`serialize`).

Entries are written as content lines directly: building icalendar objects for them and
having icalendar write those took three quarters of a large export. The lines are the
ones icalendar writes (same order, escaping, parameters and quoting): a test compares
them with icalendar's parse of the same entries, and the golden files hold the bytes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from icalendar import Component
from icalendar.prop import vDDDTypes, vText

from visitplan.plan.timezones import second_occurrence


def serialize(component: Component) -> bytes:
    """A component as RFC 5545 bytes, the same bytes as icalendar's ``to_ical`` (see
    :func:`fold`). Content lines are made here rather than by icalendar's
    ``content_lines``, which took most of the time of a large export (two thirds of it in
    parameter objects)."""
    return fold(_content_lines(component))


_LINE_BREAKS = re.compile(r"\r\n|[\r\n]")


def fold(lines: Iterable[str]) -> bytes:
    """Content lines as RFC 5545 bytes, folded as icalendar 7.3 folds them
    (``icalendar.parser.string._foldline``): CRLF endings; a first line of at most 74
    octets and continuation lines of a space and at most 74 octets; never inside a UTF-8
    character; never between a backslash escape's ``\\`` and the character it escapes
    (``\\n``, ``\\,``, ``\\;``, ``\\\\``), nor inside an RFC 6868 ``^`` escape of a parameter:
    the escape moves to the next line whole (Google Calendar drops an entry whose fold
    splits one, collective/icalendar#1501).

    One difference, on purpose: icalendar moves any backslash or caret that ends a line,
    also the second of an escaped backslash ``\\\\`` in a value (or of ``^^`` in a
    parameter), and so splits that pair; here the pair is kept whole. Everywhere else the
    bytes are icalendar's (tests/unit/test_folding.py).

    A content line never holds a line break; one that reached here anyway (a bug) is
    written as the TEXT escape ``\\n``, so that it can never start a property of its own."""
    out = bytearray()
    for line in lines:
        if "\n" in line or "\r" in line:
            line = _LINE_BREAKS.sub(r"\\n", line)
        data = line.encode("utf-8")
        size = len(data)
        if size < _FOLD_AT:
            out += data
            out += b"\r\n"
            continue
        start = 0
        while size - start > _FOLD_AT - 1:
            cut = start + _FOLD_AT - 1
            while data[cut] & 0xC0 == 0x80:  # inside a character: fold before it
                cut -= 1
            last = data[cut - 1]
            if (last == 0x5C or last == 0x5E) and _opens_escape(data, cut - 1):
                cut -= 1  # the escape goes to the next line whole
            out += data[start:cut]
            out += b"\r\n "
            start = cut
        out += data[start:]
        out += b"\r\n"
    return bytes(out)


_FOLD_AT = 75  # icalendar's limit: a line folds before it would reach 75 octets
_NAME_AND_PARAMETERS = re.compile(rb'(?:[^":]|"[^"]*")*:')


def _opens_escape(data: bytes, index: int) -> bool:
    """Whether the backslash or caret at ``index`` may start an escape, and so moves to
    the next line as icalendar moves it: unless it closes an escaped pair (the even one
    of its run) where such pairs are escapes — ``\\\\`` in the value, ``^^`` in a
    parameter."""
    char = data[index]
    run = 1
    while index - run >= 0 and data[index - run] == char:
        run += 1
    if run % 2 == 1:
        return True
    head = _NAME_AND_PARAMETERS.match(data)
    in_value = head is not None and index >= head.end()
    return in_value != (char == 0x5C)  # a pair of its own kind there: keep it whole


def _content_lines(component: Component) -> Iterator[str]:
    yield f"BEGIN:{component.name}"
    for name in component.sorted_keys():
        values = component[name]
        for value in values if isinstance(values, list) else (values,):
            raw = value.to_ical() if hasattr(value, "to_ical") else vText(str(value)).to_ical()
            text = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
            yield content_line(name, text, getattr(value, "params", None))
    for sub in component.subcomponents:
        yield from _content_lines(sub)
    yield f"END:{component.name}"


# As icalendar's Parameters.to_ical: these are always quoted; CN also with a space or '.
_ALWAYS_QUOTED = frozenset(
    ("ALTREP", "DELEGATED-FROM", "DELEGATED-TO", "DIR", "MEMBER", "SENT-BY", "X-ADDRESS",
     "X-TITLE", "LINKREL")
)  # fmt: skip
_QUOTABLE = re.compile("[,;:’]")
_RFC_6868 = re.compile(r'\^|\r\n|\r|\n|"')
_RFC_6868_BY = {"^": "^^", "\n": "^n", "\r": "^n", "\r\n": "^n", '"': "^'"}


def _params(params: Mapping[str, object]) -> str:
    parts = []
    for key, value in sorted(params.items()):
        if key == "TZID" and value == "UTC":
            continue  # RFC 5545: no TZID on a UTC time
        upper = key.upper()
        always = upper in _ALWAYS_QUOTED
        if upper == "CN" and isinstance(value, str):
            shown = cn(value)
        elif isinstance(value, (list, tuple)):
            shown = ",".join(_dquote(_escape_param(str(v)), always) for v in value)
        elif isinstance(value, str):
            shown = _dquote(_escape_param(value), always)
        else:
            shown = _dquote(_escape_param(value.to_ical().decode("utf-8")), False)  # type: ignore[attr-defined]
        parts.append(f"{upper}={shown}")
    return ";".join(parts)


@functools.lru_cache(maxsize=4096)
def cn(name: str) -> str:
    """A CN parameter value as ``_params`` writes it."""
    return _dquote(_escape_param(name), " " in name or "'" in name)


def _escape_param(value: str) -> str:
    if "^" in value or "\n" in value or "\r" in value or '"' in value:
        return _RFC_6868.sub(lambda m: _RFC_6868_BY[m.group(0)], value)
    return value


def _dquote(value: str, always: bool) -> str:
    value = value.replace('"', "'")
    return f'"{value}"' if always or _QUOTABLE.search(value) else value


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")


def clean(text: str) -> str:
    """Text as iCalendar can carry it: line breaks as LF (CRLF, a lone CR, and the Unicode
    line separators U+0085, U+2028, U+2029, which some readers split lines at), no other
    control characters (RFC 5545 allows none in TEXT values)."""
    return _CONTROL.sub("", _BREAKS.sub("\n", text))


def clean_param(text: str) -> str:
    """A parameter value (a name in CN): one line, tabs as spaces, no white space around it
    (parsers strip it), no control characters, and a backslash
    as U+FF3C: icalendar (and so khal and others) reads ``CN=x\\:mailto:…`` as an escaped
    colon, though RFC 5545 has no escapes in parameters."""
    one_line = " ".join(clean(text).replace("\t", " ").split("\n")).strip()
    return one_line.replace("\\", "\uff3c")


_UTC_KEYS = frozenset(
    ("UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu",
     "GMT", "Etc/GMT", "Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0", "GMT0", "GMT+0", "GMT-0",
     "Etc/Greenwich", "Greenwich")
)  # fmt: skip


def escape_text(text: str) -> str:
    """A TEXT value, escaped as RFC 5545 says. (icalendar's own escaping also turns a
    backslash followed by N, as in ``C:\\New folder``, into a line break.)"""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def content_line(name: str, value: str, params: Mapping[str, object] | None = None) -> str:
    """``NAME;PARAMS:value``: the value as given (escaped already), parameters quoted as
    icalendar quotes them."""
    shown = _params(params) if params else ""
    return f"{name};{shown}:{value}" if shown else f"{name}:{value}"


def when_line(name: str, value: date | datetime) -> str:
    """A DATE or DATE-TIME property: with the TZID of its zone, in UTC for UTC and for the
    second occurrence of an autumn hour, as icalendar writes anything else."""
    if not isinstance(value, datetime):
        return f"{name};VALUE=DATE:{value:%Y%m%d}"
    zone = value.tzinfo
    if zone is UTC or second_occurrence(value):
        # RFC 5545 §3.3.5 reads a TZID time in the autumn fold as the first occurrence:
        # the second is written in UTC, which every reader takes as it is.
        return f"{name}:{value.astimezone(UTC):%Y%m%dT%H%M%S}Z"
    if isinstance(zone, ZoneInfo) and zone.key not in _UTC_KEYS:
        return f"{name};TZID={zone.key}:{value:%Y%m%dT%H%M%S}"
    prop = vDDDTypes(value)  # anything unusual: exactly as icalendar writes it
    return content_line(name, prop.to_ical().decode("ascii"), dict(prop.params))


def ordered(props: dict[str, list[str]], canonical: tuple[str, ...] = ()) -> list[str]:
    """The lines of ``props`` in icalendar's order: the ``canonical`` names first, then
    the others by name."""
    names = [n for n in canonical if n in props] + sorted(n for n in props if n not in canonical)
    return [line for name in names for line in props[name]]
