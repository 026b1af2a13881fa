"""What a command run depends on from outside, passed in rather than looked up.

Tests build an :class:`Env` with a fixed ``today``, a zone and consoles writing to a
buffer; the CLI builds one from the real system when none is given.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from rich.console import Console

from visitplan.cache import default_cache_dir


@dataclass(frozen=True)
class Env:
    stdout: Console
    stderr: Console
    today: date
    local_zone: ZoneInfo | None = None  # the machine's zone, where it can be named
    lang: str | None = None  # preferred output language ($VISITPLAN_LANG)
    now: datetime | None = None  # the current instant (UTC); $SOURCE_DATE_EPOCH fixes it
    cache_dir: Path | None = None  # where loaded plans are cached (None: no cache)
    debug: bool = False
    environ: Mapping[str, str] = field(default_factory=dict)  # for --password-env VAR

    def clock(self) -> datetime:
        return self.now if self.now is not None else datetime.now(UTC)

    def write_bytes(self, data: bytes | bytearray) -> None:
        """Write ``data`` to standard output unchanged (no newline translation)."""
        stream = self.stdout.file
        self.stdout.file.flush()
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            buffer.write(data)
            buffer.flush()
        else:
            stream.write(data.decode("utf-8"))

    @classmethod
    def from_system(cls) -> Env:
        today_text = os.environ.get("VISITPLAN_TODAY")
        today = date.fromisoformat(today_text) if today_text else datetime.now().date()
        return cls(
            stdout=make_console(sys.stdout),
            stderr=make_console(sys.stderr),
            today=today,
            local_zone=_machine_zone(),
            lang=os.environ.get("VISITPLAN_LANG") or None,
            now=_fixed_now(),
            cache_dir=default_cache_dir(),
            environ=dict(os.environ),
        )


def make_console(stream: object) -> Console:
    """A console for ``stream``: colour on a terminal, plain text in a pipe or with
    NO_COLOR, and lines never wrapped by the console itself."""
    return Console(file=stream, highlight=False, soft_wrap=True)  # type: ignore[arg-type]


def _fixed_now() -> datetime | None:
    """The instant from $SOURCE_DATE_EPOCH (reproducible builds), if set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else None


def _machine_zone() -> ZoneInfo | None:
    name = os.environ.get("TZ", "").lstrip(":")
    candidates = [name] if name else []
    try:
        link = os.readlink("/etc/localtime")
        candidates.append(link.split("zoneinfo/", 1)[1])
    except (OSError, IndexError):
        pass
    for candidate in candidates:
        try:
            return ZoneInfo(candidate)
        except (ValueError, OSError):
            continue
    return None
