"""Find the line of a key path (``events[1].program[0].start``) in TOML source.

``tomllib`` gives values but no positions, so this is a small scanner of TOML's
structure: table headers, ``[[array]]`` headers with their running index, and dotted keys.
It reads past values (strings of all four kinds, arrays and inline tables spanning lines),
noting the paths inside arrays and inline tables, without interpreting them. It is only
consulted to put line numbers on findings, and a path it cannot place falls back to its
nearest located parent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

_BARE_KEY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1

    def peek(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.text[index] if index < len(self.text) else ""

    def startswith(self, token: str) -> bool:
        return self.text.startswith(token, self.pos)

    def advance(self, count: int = 1) -> None:
        chunk = self.text[self.pos : self.pos + count]
        self.line += chunk.count("\n")
        self.pos += len(chunk)

    def skip_blank(self, newlines: bool) -> None:
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char in " \t\r" or (newlines and char == "\n"):
                self.advance()
            elif char == "#":
                self.skip_to_eol()
            else:
                return

    def skip_to_eol(self) -> None:
        end = self.text.find("\n", self.pos)
        self.advance((len(self.text) if end < 0 else end) - self.pos)

    def read_string(self) -> str:
        """Read a string at the cursor (any of the four kinds); return its raw content."""
        for quote in ('"""', "'''"):
            if self.startswith(quote):
                self.advance(3)
                start = self.pos
                while self.pos < len(self.text) and not self.startswith(quote):
                    self.advance(2 if quote == '"""' and self.peek() == "\\" else 1)
                content = self.text[start : self.pos]
                self.advance(3)
                while self.peek() == quote[0]:  # up to two quotes may close the string
                    self.advance()
                return content
        quote = self.peek()
        self.advance()
        start = self.pos
        while self.pos < len(self.text) and self.peek() not in (quote, "\n"):
            self.advance(2 if quote == '"' and self.peek() == "\\" else 1)
        content = self.text[start : self.pos]
        if self.peek() == quote:
            self.advance()
        return content

    def read_key(self) -> list[str]:
        """A dotted key: ``a."b c".d`` → ``["a", "b c", "d"]``."""
        parts: list[str] = []
        while True:
            self.skip_blank(newlines=False)
            char = self.peek()
            if char in ('"', "'"):
                parts.append(self.read_string())
            else:
                start = self.pos
                while self.peek() and self.peek() in _BARE_KEY_CHARS:
                    self.advance()
                if self.pos == start:
                    return parts
                parts.append(self.text[start : self.pos])
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
            while True:
                self.skip_blank(newlines=True)
                if self.peek() in ("]", ""):
                    self.advance()
                    return
                if self.peek() == ",":
                    self.advance()
                    continue
                note(f"{path}[{index}]", self.line)
                self.scan_value(f"{path}[{index}]", note)
                index += 1
        elif char == "{":
            self.advance()
            while True:
                self.skip_blank(newlines=True)
                if self.peek() in ("}", ""):
                    self.advance()
                    return
                if self.peek() == ",":
                    self.advance()
                    continue
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
            while self.peek() and self.peek() not in ",]}\n#":
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
    while path:
        if path in lines:
            return lines[path]
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            return None
        path = path[:cut]
    return None
