"""Laying text out at a width: where lines break (at spaces only, or only at a chosen
separator such as `` · `` between the times of several zones, so that no word, name or
time is ever split; a word longer than the line overflows rather than being cut), and
where a two-column grid puts its left column on its own line because the right one would
not fit beside it. Works on plain strings and gives offsets, so the same breaks serve the
plain text of a pipe and the styled text of a terminal (no padding, no trailing spaces).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

SPACES = " "
DOT = " · "  # between the times of several zones: a line breaks there, never inside

# A right column narrower than this goes under its left one instead of beside it.
MIN_COLUMN = 20


@lru_cache(maxsize=8)
def _breaks(separator: str) -> re.Pattern[str]:
    return re.compile(f"(?:{re.escape(separator)})+" if separator != SPACES else " +")


def breaks(
    paragraph: str, width: int, separator: str = SPACES, later: int | None = None
) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each line of ``paragraph`` (no line break in it), the first
    at most ``width`` long, the others at most ``later`` (``width`` if not given), broken
    only where ``separator`` stands (dropped at the break); a piece longer than its line
    has a line of its own. Leading spaces of the paragraph stay; spaces at a line's end
    do not."""
    width = max(width, 1)
    later = width if later is None else max(later, 1)
    if len(paragraph) <= width:
        return [(0, len(paragraph.rstrip(" ")))]
    pieces: list[tuple[int, int]] = []
    position = 0
    for match in _breaks(separator).finditer(paragraph):
        if match.start() > position:
            pieces.append((position, match.start()))
        position = match.end()
    if position < len(paragraph):
        pieces.append((position, len(paragraph)))
    if not pieces:
        return [(0, 0)]
    glued = _glued(paragraph, pieces) if separator == SPACES else [False] * len(pieces)
    chunk_ends = [0] * len(pieces)
    chunk_end = len(paragraph)
    for number in range(len(pieces) - 1, -1, -1):
        chunk_end = (
            pieces[number][1] if number + 1 == len(pieces) or not glued[number + 1] else chunk_end
        )
        chunk_ends[number] = chunk_end
    lines: list[tuple[int, int]] = []
    start, end = 0, pieces[0][1]
    for number in range(1, len(pieces)):
        piece_start, piece_end = pieces[number]
        limit = piece_end
        if not glued[number] and chunk_ends[number] - piece_start <= later:
            limit = chunk_ends[number]  # a name goes to the next line whole
        if limit - start <= (later if lines else width):
            end = piece_end
        else:
            lines.append((start, end))
            start, end = piece_start, piece_end
    lines.append((start, end))
    return lines


def _glued(paragraph: str, pieces: Sequence[tuple[int, int]]) -> list[bool]:
    """For each piece, whether it belongs with the one before it: a date (``18 octobre
    2024``, ``1er juillet``, ``3 July 2023``), a count and its word (``2 participants``),
    a capitalised word (or a time) followed by a capitalised word, as in a name (``Iryna
    Petrenko``, ``16:00–17:00 Kyiv``); a line breaks there only when the whole name is
    longer than a line."""
    words = [paragraph[start:end] for start, end in pieces]
    glued = [False]
    for number in range(1, len(words)):
        before, word = words[number - 1], words[number]
        day = _is_day(before)
        year = number >= 2 and _is_day(words[number - 2]) and word[:4].isdigit()
        name = (before[0].isupper() or before[0].isdigit()) and before[-1].isalnum()
        glued.append(day or year or (name and word[0].isupper()))
    return glued


def _is_day(word: str) -> bool:
    """A day of the month or a small count: ``18``, ``1er`` (not a year)."""
    return (word.isdigit() and len(word) <= 2) or word == "1er"


def wrap(
    text: str, width: int, first: int = 0, rest: int | None = None, separator: str = SPACES
) -> list[str]:
    """``text`` wrapped to ``width`` columns, the first line indented by ``first``, the
    others by ``rest`` (``first`` if not given); each line break in ``text`` starts a new
    line. No line ends with a space."""
    rest = first if rest is None else rest
    lines: list[str] = []
    for paragraph in text.split("\n"):
        indent = rest if lines else first
        for start, end in breaks(paragraph, width - indent, separator, width - rest):
            lines.append((" " * (rest if lines else first) + paragraph[start:end]).rstrip())
    return lines


def stacked(lefts: Sequence[str], rights: Sequence[str], width: int, indent: int) -> bool:
    """Whether a two-column grid puts each left cell on its own line, the right one under
    it: when the right column beside the widest left cell would be narrower than
    ``MIN_COLUMN`` or than one of its words."""
    left = max((len(cell) for cell in lefts), default=0)
    room = width - indent - left - 2
    longest = max((len(word) for cell in rights for word in cell.split()), default=0)
    return room < max(MIN_COLUMN, longest)
