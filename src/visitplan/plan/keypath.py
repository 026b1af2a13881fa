"""Key paths, the names of places in a plan that findings and edits use:
``events[2].program[0].start``, ``people.henou.name.uk``, ``topics[1]``.

A :class:`KeyPath` is the sequence of its steps: key names and list indexes. It is read
from and written to text losslessly, whatever the text: a key from the file that is not a
plain name (a quoted key ``"a[b"``) stays a step of its own, so that ``str(parse(text))``
is always ``text`` and parents are cut where the text has a ``.`` or a ``[``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# a step: ``.name`` or ``[…]``, each up to the next ``.`` or ``[``
_STEP = re.compile(r"[.\[][^.\[]*")
_INDEX = re.compile(r"\[(0|[1-9][0-9]*)\]")
_CUT = re.compile(r"[.\[]")  # where a step starts


@dataclass(frozen=True)
class KeyPath:
    """``head`` is the first key (empty for an empty path); ``steps`` the rest, each a key
    name (``str``), a list index (``int``) or, for a bracket that holds no index, its
    text with the bracket (``"[x"``)."""

    head: str
    steps: tuple[str | int, ...] = ()

    @classmethod
    def parse(cls, text: str) -> KeyPath:
        cut = min((i for i in (text.find("."), text.find("[")) if i >= 0), default=len(text))
        steps: list[str | int] = []
        for match in _STEP.finditer(text, cut):
            step = match.group()
            index = _INDEX.fullmatch(step)
            if index is not None:
                steps.append(int(index.group(1)))
            elif step.startswith("."):
                steps.append(step[1:])
            else:
                steps.append(step)
        return cls(text[:cut], tuple(steps))

    @staticmethod
    def prefixes(text: str) -> list[str]:
        """``parse(text).lineage()`` without building the path: the text and each of its
        parents, longest first. For the line lookups, which ask it of every finding."""
        return [text, *(text[: cut.start()] for cut in reversed(list(_CUT.finditer(text, 1))))]

    def __str__(self) -> str:
        return self.head + "".join(_format(step) for step in self.steps)

    def key(self, name: str) -> KeyPath:
        """This path with the key ``name`` after it (``events[2]`` → ``events[2].start``)."""
        return KeyPath(self.head, (*self.steps, name)) if str(self) else KeyPath(name)

    def item(self, index: int) -> KeyPath:
        """This path with a list index after it (``events`` → ``events[2]``)."""
        return KeyPath(self.head, (*self.steps, index))

    @property
    def parent(self) -> KeyPath | None:
        """The path without its last step; None for a path of one key."""
        return KeyPath(self.head, self.steps[:-1]) if self.steps else None

    def lineage(self) -> list[str]:
        """The text of this path and of each of its parents, longest first
        (``events[2].start``, ``events[2]``, ``events``), an empty one left out."""
        texts = [self.head]
        for step in self.steps:
            texts.append(texts[-1] + _format(step))
        return [text for text in reversed(texts) if text]

    @property
    def in_list(self) -> bool:
        """Whether the first key is followed by a bracket (``events[2]…``, not
        ``people.henou``)."""
        return bool(self.steps) and _is_bracket(self.steps[0])

    @property
    def index(self) -> int | None:
        """The list index the path ends with (``events[2]`` → 2), else None."""
        last = self.steps[-1] if self.steps else None
        return last if isinstance(last, int) else None

    @property
    def last_name(self) -> str:
        """The last key name in the path (``events[2].title.uk`` → ``uk``, ``events[2]`` →
        ``events``)."""
        for step in reversed(self.steps):
            if not _is_bracket(step):
                return str(step)
        return self.head

    def index_in(self, key: str) -> int:
        """The index of the item of the top-level list ``key`` this path is in
        (``events[2].program[0].start`` in ``events`` → 2); ValueError if it is not in
        one."""
        if self.head == key and self.steps and isinstance(self.steps[0], int):
            return self.steps[0]
        raise ValueError(f"{self} is not in an item of {key}")

    def name_in(self, key: str) -> str:
        """The id of the entry of the top-level table ``key`` this path is in
        (``people.henou.email`` in ``people`` → ``henou``), brackets in it included (an id
        that is not one, ``a[0]``, is named as written); ValueError if it is not in one."""
        first = self.steps[0] if self.steps else None
        if self.head != key or not isinstance(first, str) or _is_bracket(first):
            raise ValueError(f"{self} is not in an entry of {key}")
        name = first
        for step in self.steps[1:]:
            if not _is_bracket(step):
                break
            name += _format(step)
        return name


def _format(step: str | int) -> str:
    if isinstance(step, int):
        return f"[{step}]"
    return step if _is_bracket(step) else "." + step


def _is_bracket(step: str | int) -> bool:
    return isinstance(step, int) or step.startswith("[")
