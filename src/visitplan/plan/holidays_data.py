"""Public holidays: the days off of a country (and of one of its subdivisions), with their
names in the languages we ship.

The data is the `holidays` package's: its ``public`` category only, observed days
included. Ukraine under martial law is what that data says: since 2023 its holidays are
working days (the package keeps them in its ``workday`` category, so none is a day off).

Importing `holidays` costs about 0.1 s, so it is imported only here, and only when a
(country, subdivision, year) is not in the cache yet: each one is kept as a small JSON
file in the visitplan cache folder, keyed by the installed `holidays` release, and a view
run again reads that file instead. Names are asked for in an explicit language, never the
machine's locale.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

NAME_LANGUAGES = ("uk", "fr", "en")
_LOCAL = "local"  # the country's own language, as the data's default
_SAFE = re.compile(r"[^A-Za-z0-9_-]")


@dataclass(frozen=True)
class Holiday:
    """A day off in ``country`` (with ``subdivision`` when the region was asked for)."""

    day: date
    country: str
    names: tuple[tuple[str, str], ...]  # (language, name); "local" is the country's own

    def name(self, lang: str | None) -> str:
        """The name in ``lang`` where the data has it, else in English, else the country's."""
        by_lang = dict(self.names)
        for code in (lang, "en", _LOCAL):
            if code in by_lang:
                return by_lang[code]
        return self.names[0][1] if self.names else ""


class Calendars:
    """Days off by country, subdivision and year: from memory, the cache folder, or the
    `holidays` package (in that order)."""

    def __init__(self, cache_dir: Path | None) -> None:
        self.cache_dir = cache_dir
        self._years: dict[tuple[str, str | None, int], dict[date, Holiday]] = {}
        self._release: str | None = None

    def holiday(self, country: str | None, subdivision: str | None, day: date) -> Holiday | None:
        if not country:
            return None
        return self.year(country, subdivision, day.year).get(day)

    def year(self, country: str, subdivision: str | None, year: int) -> dict[date, Holiday]:
        key = (country, subdivision, year)
        found = self._years.get(key)
        if found is None:
            found = self._read(key)
            if found is None:
                found = _compute(country, subdivision, year)
                self._write(key, found)
            self._years[key] = found
        return found

    # the cache folder

    def _path(self, key: tuple[str, str | None, int]) -> Path | None:
        if self.cache_dir is None:
            return None
        if self._release is None:
            self._release = _release()
        country, subdivision, year = key
        sub = _SAFE.sub("_", subdivision) if subdivision else "-"
        return self.cache_dir / "holidays" / f"{self._release}.{country}.{sub}.{year}.json"

    def _read(self, key: tuple[str, str | None, int]) -> dict[date, Holiday] | None:
        path = self._path(key)
        if path is None:
            return None
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return {
                date.fromisoformat(day): Holiday(
                    date.fromisoformat(day), key[0], tuple((k, v) for k, v in names)
                )
                for day, names in raw["days"]
            }
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):  # damaged: a miss, and it goes
            with contextlib.suppress(OSError):
                path.unlink()
            return None

    def _write(self, key: tuple[str, str | None, int], days: dict[date, Holiday]) -> None:
        path = self._path(key)
        if path is None:
            return
        document = {
            "days": [[day.isoformat(), [list(n) for n in h.names]] for day, h in days.items()]
        }
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            temp.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
            os.replace(temp, path)
        except OSError:
            return


def _release() -> str:
    """The installed `holidays` release, read from its metadata folder's name (cheaper
    than importlib.metadata, and without importing the package)."""
    import importlib.util

    spec = importlib.util.find_spec("holidays")
    if spec is None or spec.origin is None:
        return "none"
    site = Path(spec.origin).parent.parent
    with contextlib.suppress(OSError):
        for entry in os.scandir(site):
            if entry.name.startswith("holidays-") and entry.name.endswith(".dist-info"):
                return _SAFE.sub("_", entry.name[len("holidays-") : -len(".dist-info")])
    with contextlib.suppress(OSError):
        return f"m{os.stat(spec.origin).st_mtime_ns}"
    return "unknown"


# --------------------------------------------------------------------------- the data


@functools.cache
def _entity(country: str) -> Any:
    """The `holidays` class of ``country``, or None if it has no data for it."""
    import holidays

    if country not in holidays.list_supported_countries():
        return None
    return getattr(holidays, country, None)


def _languages(entity: Any) -> list[tuple[str, str]]:
    """(our code, the package's code) for each of our languages the country has names in,
    and the country's own language as ``local``."""
    supported = tuple(getattr(entity, "supported_languages", ()) or ())
    chosen = []
    for code in NAME_LANGUAGES:
        exact = [s for s in supported if s == code]
        regional = sorted(s for s in supported if s.split("_")[0] == code)
        # en_US before en_GB: the package's own English
        regional.sort(key=lambda s: s != f"{code}_US")
        match = (exact or regional or [None])[0]
        if match is not None:
            chosen.append((code, match))
    default = getattr(entity, "default_language", None)
    if default:
        chosen.append((_LOCAL, default))
    return chosen


def _compute(country: str, subdivision: str | None, year: int) -> dict[date, Holiday]:
    entity = _entity(country)
    if entity is None:
        return {}
    import holidays

    subdiv = subdivision if subdivision and known_subdivision(country, subdivision) else None
    names: dict[date, list[tuple[str, str]]] = {}
    languages: list[tuple[str, str | None]] = [*_languages(entity)] or [(_LOCAL, None)]
    for code, language in languages:
        found = holidays.country_holidays(
            country, subdiv=subdiv, years=year, language=language, observed=True
        )
        for day, name in sorted(found.items()):
            names.setdefault(day, []).append((code, name))
    return {day: Holiday(day, country, tuple(pairs)) for day, pairs in sorted(names.items())}


def has_data(country: str) -> bool:
    """Whether the `holidays` package knows ``country`` (imports it)."""
    return _entity(country) is not None


@functools.cache
def known_subdivision(country: str, subdivision: str) -> bool:
    """Whether the package takes ``subdivision`` (a code, or a name it knows) for ``country``."""
    entity = _entity(country)
    if entity is None:
        return False
    try:
        entity(subdiv=subdivision, years=())
    except NotImplementedError:
        return False
    return True


def subdivisions(country: str) -> tuple[str, ...]:
    """The subdivision codes of ``country`` the package knows (for hints)."""
    entity = _entity(country)
    return tuple(getattr(entity, "subdivisions", ()) or ()) if entity is not None else ()
