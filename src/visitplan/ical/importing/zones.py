"""Which IANA zone an imported time is in, from the TZID as clients write it.

In this order: an IANA name, or a name icalendar maps itself (CLDR's full Windows table,
Evolution's ``/softwarestudio.org/…`` prefixes); then the rules of the file's own
VTIMEZONE matched against the IANA zones (Outlook's "Customized Time Zone"); then a city
in the name (old Exchange names such as "(UTC+07:00) Bangkok, Hanoi, Jakarta", checked
against the offset they show); and only then the plan's zone, with a warning naming the
TZID. Floating times (no zone) are read in the file's X-WR-TIMEZONE, else the plan's.
Every assumption is recorded in ``notes``, once per TZID.
"""

from __future__ import annotations

import functools
import re
import zoneinfo
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from visitplan.plan.timezones import UnknownZone, get_zone


@functools.cache
def _zones_by_city() -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for name in sorted(zoneinfo.available_timezones()):
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/")):
            found.setdefault(name.rsplit("/", 1)[1].lower().replace("_", " "), []).append(name)
    return {city: tuple(names) for city, names in found.items()}


@functools.cache
def _candidates() -> tuple[str, ...]:
    """The zones to match a VTIMEZONE against, those Windows names stand for first."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    preferred = list(dict.fromkeys(WINDOWS_TO_OLSON.values()))
    rest = sorted(
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith(("SystemV/", "posix/", "right/"))
    )
    return tuple(dict.fromkeys([*preferred, *rest]))


# Names CLDR (and older clients) still write for zones IANA has renamed: the plan gets
# today's name (and the plan's own zone when it is that one).
RENAMED = {
    "Europe/Kiev": "Europe/Kyiv",
    "Europe/Uzhgorod": "Europe/Kyiv",
    "Europe/Zaporozhye": "Europe/Kyiv",
    "Asia/Calcutta": "Asia/Kolkata",
    "Asia/Saigon": "Asia/Ho_Chi_Minh",
    "Asia/Katmandu": "Asia/Kathmandu",
    "Asia/Rangoon": "Asia/Yangon",
    "Asia/Dacca": "Asia/Dhaka",
    "Asia/Ulan_Bator": "Asia/Ulaanbaatar",
    "America/Godthab": "America/Nuuk",
    "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
    "America/Indianapolis": "America/Indiana/Indianapolis",
    "Atlantic/Faeroe": "Atlantic/Faroe",
    "Pacific/Enderbury": "Pacific/Kanton",
    "US/Eastern": "America/New_York",
    "US/Central": "America/Chicago",
    "US/Mountain": "America/Denver",
    "US/Pacific": "America/Los_Angeles",
}

_OFFSET = re.compile(r"(?:UTC|GMT)\s*([+-])(\d{1,2}):?(\d{2})?")


def _samples(custom: tzinfo, around: date) -> list[tuple[datetime, timedelta | None]]:
    """Instants to compare zones at, with ``custom``'s offset there: every week over the
    year before and the year after ``around``, and either side of each change of
    ``custom``'s offset in that time (zones that change on the same day at another hour
    differ there). The custom zone (dateutil's, from the VTIMEZONE) is slow: it is asked
    about 200 times, and the IANA zones only compared with its answers."""
    first = datetime(around.year - 1, around.month, 1, 12, tzinfo=UTC)
    weeks = [first + timedelta(days=7 * number) for number in range(106)]
    offsets = [_offset(custom, instant) for instant in weeks]
    samples = list(zip(weeks, offsets, strict=True))
    for number in range(1, len(weeks)):
        before = offsets[number - 1]
        if offsets[number] == before:
            continue
        low, high = weeks[number - 1], weeks[number]  # the change lies in between: bisect
        while high - low > timedelta(minutes=15):
            middle = low + (high - low) / 2
            if _offset(custom, middle) == before:
                low = middle
            else:
                high = middle
        samples += [(low, before), (high + timedelta(minutes=30), _offset(custom, high))]
    return samples


def _offset(zone: tzinfo, instant: datetime) -> timedelta | None:
    return instant.astimezone(zone).utcoffset()


def _same_rules(zone: ZoneInfo, samples: list[tuple[datetime, timedelta | None]]) -> bool:
    return all(_offset(zone, instant) == offset for instant, offset in samples)


class ZoneReader:
    """Reads the times of one file; ``notes`` says what it assumed."""

    def __init__(self, calendars: list[Any], plan_zone: ZoneInfo) -> None:
        self.plan_zone = plan_zone
        self.notes: list[str] = []
        self._known: dict[str, ZoneInfo | None] = {}
        self.vtimezones = {
            str(tz.get("tzid", "")) for calendar in calendars for tz in calendar.walk("VTIMEZONE")
        }
        self.floating = plan_zone
        self.floating_named = False
        for calendar in calendars:
            name = str(calendar.get("x-wr-timezone", "")).strip()
            if name:
                zone = self._iana(name)
                if zone is not None:
                    self.floating, self.floating_named = zone, True
                    break

    def _note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    @staticmethod
    def _iana(name: str) -> ZoneInfo | None:
        try:
            return get_zone(RENAMED.get(name, name))
        except UnknownZone:
            return None

    def instant(self, prop: Any) -> tuple[datetime, ZoneInfo | None]:
        """The aware instant of a DATE-TIME property and the IANA zone it was written in
        (None for UTC, or when only the instant is known)."""
        value: datetime = prop.dt
        tzid = str(prop.params.get("TZID", "") or "")
        if value.tzinfo is None:
            if not tzid:
                if self.floating_named:
                    self._note(
                        f"times without a zone are read in the file's X-WR-TIMEZONE "
                        f"{self.floating.key}"
                    )
                else:
                    self._note(
                        f"times without a zone are read in the plan's zone {self.plan_zone.key}"
                    )
                return value.replace(tzinfo=self.floating), self.floating
            named = self._by_name(tzid, value.date()) or self.plan_zone
            return value.replace(tzinfo=named), named
        if not tzid or (value.utcoffset() == timedelta(0) and tzid.upper() in ("UTC", "Z", "GMT")):
            return value, None
        key = getattr(value.tzinfo, "key", None)
        known = self._iana(key) if isinstance(key, str) else None
        if known is not None:
            if known.key != tzid and tzid not in self._known:
                self._known[tzid] = known
                self._note(f'the zone "{tzid}" is read as {known.key}')
            return value.astimezone(known), known
        matched = self._by_rules(tzid, value.tzinfo, value.date())
        if matched is not None:  # the same rules: the same wall time (and dateutil's
            return value.replace(tzinfo=matched), matched  # zone is slow to convert)
        self._note(
            f'warning: the zone "{tzid}" matches no IANA zone; its times are converted '
            f"into the plan's zone {self.plan_zone.key} (the instants are kept)"
        )
        return value, None

    def _by_rules(self, tzid: str, custom: tzinfo | None, around: date) -> ZoneInfo | None:
        if tzid in self._known:
            return self._known[tzid]
        found = None
        if custom is not None:
            from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

            samples = _samples(custom, around)
            named = [self._iana(WINDOWS_TO_OLSON.get(tzid, tzid)), *self._hints(tzid, around)]
            for zone in [*named, *(self._iana(name) for name in _candidates())]:
                if zone is not None and _same_rules(zone, samples):
                    found = zone
                    break
        self._known[tzid] = found
        if found is not None:
            self._note(f'the zone "{tzid}" is read as {found.key} (the same rules)')
        return found

    def _by_name(self, tzid: str, around: date) -> ZoneInfo | None:
        if tzid in self._known:
            return self._known[tzid]
        found = next(iter(self._hints(tzid, around)), None)
        self._known[tzid] = found
        if found is not None:
            self._note(
                f'the zone "{tzid}" is not described in the file; it is read as '
                f"{found.key} (a city in its name)"
            )
        else:
            self._note(
                f'warning: the zone "{tzid}" is unknown and not described in the file; '
                f"its times are read in the plan's zone {self.plan_zone.key}"
            )
        return found

    def _hints(self, tzid: str, around: date) -> list[ZoneInfo]:
        """IANA zones named after a city in ``tzid`` (that have the offset it shows)."""
        cities = _zones_by_city()
        words = [w.strip().lower() for w in re.split(r"[,()/;]|\band\b", tzid)]
        words += [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z ]+", tzid)]
        shown = _OFFSET.search(tzid)
        wanted = None
        if shown:
            sign = -1 if shown.group(1) == "-" else 1
            wanted = sign * timedelta(hours=int(shown.group(2)), minutes=int(shown.group(3) or 0))
        found = []
        for word in dict.fromkeys(w for w in words if w):
            for name in cities.get(word, ()):
                zone = self._iana(name)
                if zone is not None and (wanted is None or _shows(zone, wanted, around.year)):
                    found.append(zone)
        return found


def _shows(zone: ZoneInfo, offset: timedelta, year: int) -> bool:
    """Whether ``zone`` has ``offset`` in winter or summer (mid-January, mid-July) of ``year``."""
    return offset in {datetime(year, month, 15, 12, tzinfo=zone).utcoffset() for month in (1, 7)}
