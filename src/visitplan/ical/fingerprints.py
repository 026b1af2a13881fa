"""Content fingerprints: what tells an export that an entry changed (SEQUENCE + 1 and a
new DTSTAMP) or did not (both kept, so an unchanged plan exports the same bytes). An
entry's fingerprint is a digest of its content lines in every language it can be shown
in; one written by older versions (legacy, :meth:`.entries.Item.legacy_fingerprint`) is
still understood, to adopt their state files."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from visitplan.i18n import LANGUAGES
from visitplan.ical.components import ExportOptions, entry_lines
from visitplan.ical.entries import Item
from visitplan.plan.model import Plan
from visitplan.workspace.export_state import Entry

FINGERPRINT_MARK = "c1:"  # a content fingerprint; one without it is legacy (20 hex digits)
UNSTAMPED = Entry(uid="", sequence=0, dtstamp=datetime(1970, 1, 1, tzinfo=UTC), fingerprint="",
                   summary="", start="")  # fmt: skip
_STAMP_LINES = ("DTSTAMP:", "DTSTAMP;", "SEQUENCE:", "SEQUENCE;")
KEPT_DTSTAMP = "DTSTAMP:19700101T000000Z"  # the lines of UNSTAMPED
KEPT_SEQUENCE = "SEQUENCE:0"


def fingerprint_languages(plan: Plan) -> tuple[str, ...]:
    """The languages an entry's fingerprint reads it in: the plan's (in order: the first
    is what a plain export shows), then the other languages visitplan speaks (`--lang`
    can show their texts). Every text an entry can show is the one it has in one of
    these, or the one a plain export shows."""
    return tuple(dict.fromkeys((*plan.languages, *LANGUAGES)))


def content_digest(entries: Iterable[Sequence[str]]) -> str:
    """The fingerprint of an entry from its unfolded content lines, once per language of
    :func:`fingerprint_languages`, in that order: every line but DTSTAMP and SEQUENCE."""
    digest = hashlib.blake2b(digest_size=10)
    for lines in entries:
        text = "\n".join(line for line in lines if not line.startswith(_STAMP_LINES))
        digest.update(text.encode("utf-8"))
        digest.update(b"\n\n")
    return FINGERPRINT_MARK + digest.hexdigest()


class Fingerprints:
    """Fingerprints of the entries of one plan, from what each exports: its content lines
    (not folded) other than DTSTAMP and SEQUENCE, as a plain export (METHOD:PUBLISH, no
    alarm) writes them in each of :func:`fingerprint_languages`. So an entry changes
    exactly when some calendar would show a difference, whatever the options of the
    export (`--lang`, `--method`, `--alarm`, `--todos`, filters) and whoever receives it.
    What the entries of an event share (time columns, attendee lines) is made once."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.languages = fingerprint_languages(plan)
        self._options = [ExportOptions(lang=lang) for lang in self.languages]
        self._shared: list[dict[object, Any]] = [{} for _ in self.languages]
        self._legacy: dict[object, str] = {}

    def of(self, item: Item) -> str:
        return content_digest(self.render(item))

    def render(self, item: Item) -> list[list[str]]:
        """The entry's content lines in each language, with placeholder DTSTAMP and
        SEQUENCE lines (see :meth:`Stamped.entry_bytes`)."""
        return [
            entry_lines(item, UNSTAMPED, options, shared)
            for options, shared in zip(self._options, self._shared, strict=True)
        ]

    def matches(self, item: Item, recorded: str, current: str | None = None) -> bool:
        """Whether ``recorded`` (a state file's fingerprint) is the entry as it is now
        (``current``: its fingerprint, when already known). A legacy fingerprint, written
        before content fingerprints, is compared with the legacy digest: if that is
        still the same, nothing changed since that export."""
        if not recorded.startswith(FINGERPRINT_MARK):
            return recorded == item.legacy_fingerprint(self._legacy)
        return recorded == (current if current is not None else self.of(item))
