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

from visitplan.errors import UsageError
from visitplan.i18n import LANGUAGES
from visitplan.workspace.cache import default_cache_dir


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
    # What was wrong with a variable that only sets a default: said once, the default used.
    warnings: tuple[str, ...] = ()

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
    def from_system(cls, environ: Mapping[str, str] | None = None) -> Env:
        """The environment of this process. A variable that fixes a value (VISITPLAN_TODAY,
        SOURCE_DATE_EPOCH) and cannot be read is a :class:`UsageError` naming it; one that
        only sets a default (VISITPLAN_LANG, TZ, VISITPLAN_CACHE_DIR) gives a warning and
        the default."""
        environ = os.environ if environ is None else environ
        warnings: list[str] = []
        zone, zone_warning = _machine_zone(environ)
        if zone_warning:
            warnings.append(zone_warning)
        lang, lang_warning = _default_lang(environ)
        if lang_warning:
            warnings.append(lang_warning)
        cache_dir, cache_warning = _cache_dir(environ)
        if cache_warning:
            warnings.append(cache_warning)
        now = _fixed_now(environ)
        return cls(
            stdout=make_console(sys.stdout),
            stderr=make_console(sys.stderr),
            today=_today(environ, now),
            local_zone=zone,
            lang=lang,
            now=now,
            cache_dir=cache_dir,
            environ=dict(environ),
            warnings=tuple(warnings),
        )

    @classmethod
    def fallback(cls) -> Env:
        """Consoles alone, for reporting an error found while the environment was read."""
        return cls(
            stdout=make_console(sys.stdout), stderr=make_console(sys.stderr), today=date.today()
        )


class EnvironmentVariableError(UsageError):
    """A variable that fixes a value visitplan uses cannot be read (exit 2)."""

    def __init__(self, name: str, value: str, problem: str, fix: str) -> None:
        super().__init__(f"${name}={value!r}: {problem}", f"{fix}, or unset it (unset {name})")


def make_console(stream: object) -> Console:
    """A console for ``stream``: colour on a terminal, plain text in a pipe or with
    NO_COLOR, and lines never wrapped by the console itself."""
    return Console(file=stream, highlight=False, soft_wrap=True)  # type: ignore[arg-type]


def _today(environ: Mapping[str, str], now: datetime | None) -> date:
    """Today: $VISITPLAN_TODAY (tests, or planning "as of" a day), else the clock's."""
    text = environ.get("VISITPLAN_TODAY", "").strip()
    if not text:
        return (now.astimezone() if now is not None else datetime.now()).date()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise EnvironmentVariableError(
            "VISITPLAN_TODAY", text, "not a date", "set it to a date like 2024-06-30"
        ) from None


def _fixed_now(environ: Mapping[str, str]) -> datetime | None:
    """The instant from $SOURCE_DATE_EPOCH (reproducible builds), if set: whole seconds
    since 1970-01-01 UTC, as `date +%s` prints them."""
    text = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not text:
        return None
    try:
        seconds = int(text) if text.isascii() and text.isdigit() else None
        if seconds is not None:
            return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        pass
    raise EnvironmentVariableError(
        "SOURCE_DATE_EPOCH",
        text,
        "not a number of seconds since 1970-01-01 (UTC) that a date can hold",
        "set it to the output of `date +%s`, e.g. 1717000000",
    )


def _default_lang(environ: Mapping[str, str]) -> tuple[str | None, str | None]:
    """$VISITPLAN_LANG as one of visitplan's languages (``fr_FR.UTF-8`` is ``fr``)."""
    text = environ.get("VISITPLAN_LANG", "").strip()
    if not text:
        return None, None
    primary = text.split(".")[0].replace("_", "-").split("-")[0].lower()
    if primary in LANGUAGES:
        return primary, None
    hint = ' (for Ukrainian, "uk")' if primary in ("ua", "ukr") else ""
    return None, (
        f"$VISITPLAN_LANG={text!r} is not a language visitplan speaks "
        f"({', '.join(LANGUAGES)}){hint}; using the plan's first language"
    )


def _cache_dir(environ: Mapping[str, str]) -> tuple[Path | None, str | None]:
    """The cache folder; a $VISITPLAN_CACHE_DIR that cannot be written turns the cache off."""
    folder = default_cache_dir(environ)
    chosen = environ.get("VISITPLAN_CACHE_DIR", "").strip()
    if folder is None or not chosen:
        return folder, None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.access(folder, os.W_OK | os.X_OK):
            return folder, None
    except OSError:
        pass
    return None, (
        f"$VISITPLAN_CACHE_DIR={chosen!r} cannot be written; running without the cache "
        "(set it to a writable folder, or to off)"
    )


def _machine_zone(environ: Mapping[str, str]) -> tuple[ZoneInfo | None, str | None]:
    """This machine's zone ($TZ, else /etc/localtime), where it has an IANA name."""
    warning = None
    name = environ.get("TZ", "").strip().lstrip(":")
    if name:
        zone = _zone(name)
        if zone is not None:
            return zone, None
        warning = f"$TZ={name!r} is not a time zone visitplan knows"
        from visitplan.plan.timezones import UnknownZone, get_zone

        try:
            get_zone(name)
        except UnknownZone as error:
            if error.suggestions:
                warning += " (did you mean " + " or ".join(error.suggestions) + "?)"
        warning += "; using the system's zone for --tz local"
    try:
        link = os.readlink("/etc/localtime")
        zone = _zone(link.split("zoneinfo/", 1)[1])
    except (OSError, IndexError):
        zone = None
    return zone, warning


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ValueError, OSError, KeyError):  # KeyError: ZoneInfoNotFoundError
        return None
