"""Find the line of a key path (``events[1].program[0].start``) in TOML source.

``tomllib`` gives values but no positions, so this is a small scanner of TOML's
structure: table headers, ``[[array]]`` headers with their running index, and dotted keys.
It reads past values (strings of all four kinds, arrays and inline tables spanning lines),
noting the paths inside arrays and inline tables, without interpreting them. It is only
consulted to put line numbers on findings, and a path it cannot place falls back to its
nearest located parent.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from visitplan.plan.keypath import KeyPath

_BLANK = re.compile(r"[ \t\r]*")
_BLANK_LINES = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\.)*"?')
_LITERAL = re.compile(r"'[^'\n]*'?")
_ML_BASIC = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""\"{0,2}', re.DOTALL)
_ML_LITERAL = re.compile(r"\'\'\'(?:[^']|'(?!''))*\'\'\''{0,2}", re.DOTALL)
_SCALAR = re.compile(r"[^,\]}\n#]*")
# a whole line `key.part = "text"` or `key = 2024-05-28T11:00:00` (with an optional comment)
_SIMPLE = re.compile(
    r"([A-Za-z0-9_-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9_-]+)*)[ \t]*=[ \t]*"
    r'("(?:[^"\\\n]|\\.)*"(?!")|[^\s#\[\]{}"\',][^\n#\[\]{}"\',]*?)'
    r"[ \t\r]*(?:#[^\n]*)?(?=\n|$)"
)


class _Scanner:
    """A cursor over the text; line numbers are computed from offsets when asked."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    @property
    def line(self) -> int:
        return bisect.bisect_right(self._starts, self.pos)

    def peek(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.text[index] if index < len(self.text) else ""

    def startswith(self, token: str) -> bool:
        return self.text.startswith(token, self.pos)

    def advance(self, count: int = 1) -> None:
        self.pos = min(self.pos + count, len(self.text))

    def skip_blank(self, newlines: bool) -> None:
        if newlines:
            self.pos = _BLANK_LINES.match(self.text, self.pos).end()  # type: ignore[union-attr]
            return
        self.pos = _BLANK.match(self.text, self.pos).end()  # type: ignore[union-attr]
        if self.peek() == "#":
            self.skip_to_eol()

    def skip_to_eol(self) -> None:
        end = self.text.find("\n", self.pos)
        self.pos = len(self.text) if end < 0 else end

    def read_string(self) -> str:
        """Read a string at the cursor (any of the four kinds); return its raw content."""
        text = self.text
        if text.startswith('"""', self.pos):
            pattern, size = _ML_BASIC, 3
        elif text.startswith("'''", self.pos):
            pattern, size = _ML_LITERAL, 3
        elif text[self.pos] == '"':
            pattern, size = _BASIC, 1
        else:
            pattern, size = _LITERAL, 1
        found = pattern.match(text, self.pos)
        if found is None:  # unterminated multi-line string: to the end of the text
            content = text[self.pos + size :]
            self.pos = len(text)
            return content
        self.pos = found.end()
        value = found.group()
        return value[size:-size] if len(value) >= 2 * size else value[size:]

    def read_key(self) -> list[str]:
        """A dotted key: ``a."b c".d`` → ``["a", "b c", "d"]``."""
        parts: list[str] = []
        while True:
            self.skip_blank(newlines=False)
            char = self.peek()
            if char in ('"', "'"):
                parts.append(self.read_string())
            else:
                found = _BARE_KEY.match(self.text, self.pos)
                if found is None:
                    return parts
                parts.append(found.group())
                self.pos = found.end()
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                return parts
            self.advance()

    def scan_value(self, path: str, note: Callable[[str, int], None]) -> None:
        """Read past one value, noting the paths inside arrays and inline tables."""
        char = self.peek()
        if char in ('"', "'"):
            self.read_string()
        elif char == "[":
            self.advance()
            index = 0
            while self.next_item("]"):
                note(f"{path}[{index}]", self.line)
                before = self.pos
                self.scan_value(f"{path}[{index}]", note)
                if self.pos == before:  # not a value: skip a character
                    self.advance()
                index += 1
        elif char == "{":
            self.advance()
            while self.next_item("}"):
                line = self.line
                keys = self.read_key()
                if not keys:
                    self.advance()
                    continue
                inner = path
                for key in keys:
                    inner = f"{inner}.{key}"
                    note(inner, line)
                self.skip_blank(newlines=False)
                if self.peek() == "=":
                    self.advance()
                    self.skip_blank(newlines=False)
                    self.scan_value(inner, note)
        else:  # a number, boolean or date: up to the next delimiter
            self.pos = _SCALAR.match(self.text, self.pos).end()  # type: ignore[union-attr]

    def next_item(self, close: str) -> bool:
        """Past blanks and commas to the next item of an array or inline table: False, and
        past ``close``, at its end."""
        while True:
            self.skip_blank(newlines=True)
            if self.peek() in (close, ""):
                self.advance()
                return False
            if self.peek() != ",":
                return True
            self.advance()


@dataclass(frozen=True)
class Statement:
    """Where a ``key = value`` statement sits: offsets into the text (end exclusive)."""

    path: str
    line: int
    start: int  # the first character of the key
    value_start: int
    value_end: int  # just past the value (before any comment)
    indent: str  # the white space before the key


@dataclass(frozen=True)
class Header:
    """A table header line, ``[a.b]`` or ``[[a.b]]``, resolved to its indexed path."""

    path: str
    line: int
    start: int  # offset of the start of its line
    indent: str
    array: bool


@dataclass
class Layout:
    """The structure of a TOML text: the line of every key path, every statement and
    every table header in order."""

    lines: dict[str, int] = field(default_factory=dict)
    statements: dict[str, Statement] = field(default_factory=dict)
    headers: list[Header] = field(default_factory=list)


def scan(text: str) -> Layout:
    layout = Layout()
    lines = layout.lines
    array_counts: dict[str, int] = {}  # indexed path of an array of tables -> its length
    scanner = _Scanner(text)
    table = ""

    def note(path: str, line: int) -> None:
        lines.setdefault(path, line)

    def resolve(keys: list[str], new_element: bool) -> str:
        # Walk the header's keys; a key naming an array of tables continues in its last element.
        path = ""
        for number, key in enumerate(keys):
            path = f"{path}.{key}" if path else key
            last = number == len(keys) - 1
            if last and new_element:
                index = array_counts.get(path, 0)
                array_counts[path] = index + 1
                note(path, scanner.line)
                path = f"{path}[{index}]"
            elif path in array_counts:
                path = f"{path}[{array_counts[path] - 1}]"
            note(path, scanner.line)
        return path

    while True:
        scanner.skip_blank(newlines=True)
        if scanner.pos >= len(text):
            return layout
        line_start = text.rfind("\n", 0, scanner.pos) + 1
        indent = text[line_start : scanner.pos]
        if scanner.peek() == "[":
            is_array = scanner.peek(1) == "["
            line = scanner.line
            scanner.advance(2 if is_array else 1)
            keys = scanner.read_key()
            table = resolve(keys, new_element=is_array)
            layout.headers.append(Header(table, line, line_start, indent, is_array))
            scanner.skip_to_eol()
            continue
        line = scanner.line
        start = scanner.pos
        simple = _SIMPLE.match(text, start)
        if simple is not None:  # the common case, read at once: key = "text" or a scalar
            path = table
            for key in re.split(r"[ \t]*\.[ \t]*", simple.group(1)):
                path = f"{path}.{key}" if path else key
                note(path, line)
            layout.statements.setdefault(
                path, Statement(path, line, start, simple.start(2), simple.end(2), indent)
            )
            scanner.pos = simple.end()
            continue
        keys = scanner.read_key()
        if not keys:  # not a key: skip the line (tomllib reports the syntax error)
            scanner.skip_to_eol()
            continue
        path = table
        for key in keys:
            path = f"{path}.{key}" if path else key
            note(path, line)
        scanner.skip_blank(newlines=False)
        if scanner.peek() == "=":
            scanner.advance()
            scanner.skip_blank(newlines=False)
            value_start = scanner.pos
            scanner.scan_value(path, note)
            value_end = scanner.pos
            while value_end > value_start and text[value_end - 1] in " \t\r":
                value_end -= 1
            layout.statements.setdefault(
                path, Statement(path, line, start, value_start, value_end, indent)
            )


def locate_keys(text: str) -> dict[str, int]:
    """Map every key path defined in ``text`` to the line (1-based) where it first appears."""
    return scan(text).lines


def find_line(lines: dict[str, int], path: str) -> int | None:
    """The line of ``path``, else of its nearest parent that has one."""
    for prefix in KeyPath.parse(path).lineage():
        if prefix in lines:
            return lines[prefix]
    return None


# --------------------------------------------------------------------------- quick lookups

_HEADER = re.compile(
    r"^[ \t]*(\[\[?)[ \t]*([A-Za-z0-9_-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9_-]+)*)[ \t]*\]\]?"
    r"[ \t]*(?:#[^\n]*)?\r?$",
    re.MULTILINE,
)
_ANY_HEADER = re.compile(r"^[ \t]*\[", re.MULTILINE)
_DOT = re.compile(r"[ \t]*\.[ \t]*")


class QuickLines:
    """Lines of a few key paths without scanning the whole text: one C-speed pass over
    the table headers, then a search in the one table a path lives in. It answers None
    where it cannot be sure (multi-line strings, quoted header keys, inline tables, keys
    inside arrays): then the full scanner (``find_line(locate_keys(…))``) is used, and
    where it answers, it gives the same line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.blocks: dict[str, tuple[int, int, int]] = {}  # path -> (header, body, end)
        headers = list(_HEADER.finditer(text))
        self.ok = (
            '"""' not in text
            and "'''" not in text
            and len(headers) == len(_ANY_HEADER.findall(text))
        )
        self._starts: list[int] | None = None
        if not self.ok:
            return
        counts: dict[str, int] = {}
        spans: list[tuple[str, int, int]] = []
        for match in headers:
            keys = _DOT.split(match.group(2))
            is_array = match.group(1) == "[["
            path = ""
            for number, key in enumerate(keys):
                path = f"{path}.{key}" if path else key
                if number == len(keys) - 1 and is_array:
                    index = counts.get(path, 0)
                    counts[path] = index + 1
                    self.blocks.setdefault(path, (match.start(), match.end(), match.end()))
                    path = f"{path}[{index}]"
                elif path in counts:
                    path = f"{path}[{counts[path] - 1}]"
            spans.append((path, match.start(), match.end()))
        first = spans[0][1] if spans else len(text)
        self.blocks[""] = (0, 0, first)
        for number, (path, start, body) in enumerate(spans):
            end = spans[number + 1][1] if number + 1 < len(spans) else len(text)
            self.blocks.setdefault(path, (start, body, end))

    def line(self, path: str) -> int | None:
        if not self.ok or not path:
            return None
        table, rest = self._table(path)
        if table is None:
            return None
        header, body, end = self.blocks[table]
        keys = _DOT.split(rest) if rest else []
        if any("[" in key or not _BARE_KEY.fullmatch(key) for key in keys):
            return None
        for count in range(len(keys), 0, -1):
            pattern = re.compile(
                r"^[ \t]*" + r"[ \t]*\.[ \t]*".join(map(re.escape, keys[:count])) + r"(?![\w-])",
                re.MULTILINE,
            )
            found = pattern.search(self.text, body, end)
            if found is not None:
                return self._line_of(found.start())
            if "{" in self.text[body:end]:
                return None  # it may be inside an inline table: let the scanner say
        if table == "":
            return None
        return self._line_of(header)

    def _table(self, path: str) -> tuple[str | None, str]:
        """The longest prefix of ``path`` that is a table header, and the keys after it."""
        for prefix in KeyPath.prefixes(path) if path else ():
            if prefix in self.blocks:
                return prefix, path.removeprefix(prefix).lstrip(".")
        return (None, "") if KeyPath.parse(path).in_list else ("", path)

    def _line_of(self, offset: int) -> int:
        if self._starts is None:
            self._starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        return bisect.bisect_right(self._starts, offset)
