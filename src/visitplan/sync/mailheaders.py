"""Mail headers that arrive as written: RFC 2047 encoded-words and folding done here, not
by the standard library, whose header folding on Python 3.11–3.13 (CPython gh-144156) can
put the space between two words outside both encoded-words, where RFC 2047 §6.2 has
readers drop it ("Навчальнийвізит").

Every space of a non-ASCII text is carried *inside* an encoded-word, and a line is only
broken between two encoded-words (the fold's whitespace is then ignored by every
decoder). ASCII text is folded at its spaces, which unfolding gives back."""

from __future__ import annotations

import base64
import re

MAX_LINE = 78  # RFC 5322 §2.1.1: SHOULD be no more than 78 characters
_WORD_OVERHEAD = len("=?UTF-8?B??=")
_MAX_WORD = 75  # RFC 2047 §2
_SPECIALS = re.compile(r'[()<>\[\]:;@\\,."]')


def _needs_encoding(text: str) -> bool:
    return (
        not text.isascii()
        or "=?" in text
        or any(not (32 <= ord(c) < 127) for c in text)
        or any(len(word) > MAX_LINE - 10 for word in text.split(" "))
    )


def encoded_words(text: str, first_room: int) -> list[str]:
    """``text`` as UTF-8 "B" encoded-words: the first fits in ``first_room`` characters
    (at least the room of a few characters), the others in a continuation line; no
    character is split between two words. A word ends after a space of the text where
    one is near: a reader that wrongly shows the fold between two words as a space
    (Python's address parser does, in a display name) then shows one space, not a space
    inside a word."""
    words: list[str] = []
    chunk = ""
    room = max(first_room, _WORD_OVERHEAD + 8)
    for char in text:
        candidate = chunk + char
        if chunk and _size(candidate) > min(room, _MAX_WORD):
            cut = chunk.rfind(" ") + 1
            if cut <= 0:
                cut = len(chunk)
            words.append(_word(chunk[:cut]))
            chunk = chunk[cut:] + char
            room = MAX_LINE - 1  # after the folding space
        else:
            chunk = candidate
    if chunk:
        words.append(_word(chunk))
    return words


def _size(chunk: str) -> int:
    return _WORD_OVERHEAD + 4 * -(-len(chunk.encode()) // 3)


def _word(chunk: str) -> str:
    return "=?UTF-8?B?" + base64.b64encode(chunk.encode()).decode("ascii") + "?="


def fold_text(name: str, text: str) -> str:
    """The value of header ``name`` (without ``name: ``) for an unstructured ``text`` (a
    Subject), folded with CRLF + space: ASCII as it is, broken at its spaces; anything
    else as encoded-words."""
    first = MAX_LINE - len(name) - 2
    if not text:
        return ""
    if not _needs_encoding(text):
        return _fold_ascii(text.split(" "), first)
    return "\r\n ".join(encoded_words(text, first))


def _fold_ascii(words: list[str], first: int) -> str:
    lines: list[str] = []
    line = ""
    room = first
    for word in words:
        if line and len(line) + 1 + len(word) > room:
            lines.append(line)
            line = word
            room = MAX_LINE - 1
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\r\n ".join(lines)


def fold_address(name: str, display: str, address: str) -> str:
    """The value of an address header ``name`` (From, To) for one mailbox: the display
    name as a quoted-string (ASCII) or encoded-words, then ``<address>``."""
    if not display:
        return address
    first = MAX_LINE - len(name) - 2
    if _needs_encoding(display):
        pieces = encoded_words(display, first)
    elif _SPECIALS.search(display):
        quoted = display.replace("\\", "\\\\").replace('"', '\\"')
        pieces = [f'"{quoted}"']
    else:
        pieces = _fold_ascii(display.split(" "), first).split("\r\n ")
    used = len(pieces[-1]) + (len(name) + 2 if len(pieces) == 1 else 1)
    angle = f"<{address}>"
    joiner = " " if used + 1 + len(angle) <= MAX_LINE else "\r\n "
    return "\r\n ".join(pieces) + joiner + angle
