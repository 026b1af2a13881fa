"""Terminal text, laid out by ``layout``: ``Printer`` writes styled lines (through rich on
a colour terminal, as plain text in a pipe), ``Grid`` is its two aligned columns, and
``Words`` picks the plan's texts and the tool's labels in one output language. Every
text output (``agenda``, ``entries``, ``slots``, ``sync``, ``changes``) prints through
them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from rich.console import Console
from rich.text import Text

from visitplan.i18n import colon, label, label_for, semicolon
from visitplan.plan.model import Plan
from visitplan.plan.model import Text as PlanText
from visitplan.render.layout import DOT, SPACES, breaks, stacked, wrap


@dataclass(frozen=True)
class Words:
    """Picks plan text and the tool's labels in one output language."""

    lang: str | None

    def text(self, plan: Plan, value: PlanText | None) -> str:
        return plan.text(value, self.lang)

    def label(self, key: str, **values: object) -> str:
        return label(self.lang, key, **values)

    def agreeing(self, key: str, kind: str) -> str:
        """A label that agrees with what it is about (``annulée`` for a visit)."""
        return label_for(self.lang, key, kind)

    @property
    def semicolon(self) -> str:
        """Between the items of a list: ``; `` (``\u202f; `` in French)."""
        return semicolon(self.lang)

    def key(self, name: str) -> str:
        """A label followed by the language's colon: ``Topics: `` / ``Thèmes : ``."""
        return name + colon(self.lang)

    def person(self, plan: Plan, person_id: str) -> str:
        person = plan.people.get(person_id)
        return self.text(plan, person.name) if person else person_id

    def org(self, plan: Plan, org_id: str | None) -> str:
        if not org_id:
            return ""
        org = plan.organizations.get(org_id)
        if org is None:
            return org_id
        return org.short or self.text(plan, org.name)

    def party(self, plan: Plan, party_id: str | None) -> str:
        if not party_id:
            return ""
        if party_id in plan.people:
            return self.person(plan, party_id)
        return self.org(plan, party_id)

    def topic(self, plan: Plan, topic_id: str) -> str:
        for topic in plan.topics:
            if topic.id == topic_id:
                return self.text(plan, topic.title)
        return topic_id

    def delegation(self, plan: Plan, delegation_id: str) -> str:
        delegation = plan.delegations.get(delegation_id)
        return self.text(plan, delegation.name) if delegation else delegation_id


@dataclass
class Grid:
    """Two aligned columns (times and titles, dates and actions); the second one wraps.
    Where it would be too narrow beside the first (``layout.stacked``), each left cell
    goes on its own line and its right cell under it."""

    rows: list[tuple[Text, Text]]
    indent: int


class Printer:
    """Prints styled text, laid out by ``layout`` (broken at spaces only, no trailing
    spaces): through rich, line by line and never padded, on a colour terminal; as plain
    text in a pipe or with NO_COLOR (much faster for long listings)."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.plain = not (console.is_terminal and not console.no_color)
        self.width = console.width
        self.buffer: list[str] = []

    def print(self, item: Text | str | None = None) -> None:
        if item is None:
            self._line(Text())
            return
        self.text(Text(item) if isinstance(item, str) else item, 0)

    def text(
        self, text: Text, indent: int, separator: str = SPACES, rest: int | None = None
    ) -> None:
        """``text`` wrapped at ``separator`` (spaces, or ``DOT`` between times), its
        first line indented by ``indent``, the others by ``rest`` (the same if not given)."""
        rest = indent if rest is None else rest
        if self.plain:
            self.buffer.extend(wrap(text.plain, self.width, indent, rest, separator))
            return
        for line in _styled_lines(text, self.width, indent, rest, separator):
            self._line(line)

    def unwrapped(self, text: Text, indent: int) -> None:
        """One line that is never wrapped (a command to copy)."""
        line = Text(" " * indent)
        line.append_text(text)
        self._line(line)

    def _line(self, line: Text) -> None:
        if self.plain:
            self.buffer.append(line.plain)
        else:  # soft_wrap: rich neither wraps, crops nor pads the line
            self.console.print(line, soft_wrap=True)

    def grid(self, grid: Grid) -> None:
        lefts = [left.plain for left, _ in grid.rows]
        rights = [right.plain for _, right in grid.rows]
        if stacked(lefts, rights, self.width, grid.indent):
            for left, right in grid.rows:
                self.text(left, grid.indent, DOT)
                self.text(right, grid.indent + 2)
            return
        left_width = max(len(left) for left in lefts)
        start = grid.indent + left_width + 2
        for left, right in grid.rows:
            gap = " " * (left_width - len(left.plain) + 2)
            if self.plain:
                lines = wrap(right.plain, self.width, start, start)
                self.buffer.append(" " * grid.indent + left.plain + gap + lines[0][start:])
                self.buffer.extend(lines[1:])
                continue
            styled = _styled_lines(right, self.width, start, start, SPACES)
            first = Text(" " * grid.indent)
            first.append_text(left)
            first.append(gap)
            first.append_text(styled[0][start:])
            self._line(first)
            for line in styled[1:]:
                self._line(line)

    def flush(self) -> None:
        if self.buffer:
            self.console.file.write("\n".join(self.buffer) + "\n")
            self.console.file.flush()
            self.buffer = []


def _styled_lines(text: Text, width: int, first: int, rest: int, separator: str) -> list[Text]:
    """``layout.wrap`` for styled text: the same lines, with their styles."""
    lines: list[Text] = []
    for paragraph in text.split("\n", allow_blank=True) if "\n" in text.plain else [text]:
        plain = paragraph.plain
        indent = rest if lines else first
        for start, end in breaks(plain, width - indent, separator, width - rest):
            line = Text(" " * (rest if lines else first))
            line.append_text(paragraph[start:end])
            line.rstrip()
            lines.append(line)
    return lines


@contextmanager
def printing(console: Console) -> Iterator[Printer]:
    """A ``Printer`` on ``console``, flushed at the end of the ``with`` block."""
    printer = Printer(console)
    yield printer
    printer.flush()
