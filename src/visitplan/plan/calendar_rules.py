"""The `check` warnings about when events are: a visit day on a public holiday or a
weekend of the host, a meeting on a day off or outside the working hours of an
organization (or a person from elsewhere) taking part. Never errors; an event's
``accept`` list silences the codes it names. Events already over are left alone."""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta

from visitplan.findings import Finding, Severity
from visitplan.i18n import long_date
from visitplan.plan.holidays_data import Calendars, Holiday
from visitplan.plan.model import Event, Plan, WorkingHours
from visitplan.plan.workdays import (
    Party,
    day_off,
    event_parties,
    hours_problem,
    hours_text,
    local_days,
    organization_party,
)

_ACCEPT = 'or, if it is deliberate, add accept = ["{code}"] to the event'


def calendar_findings(
    plan: Plan, file: str, calendars: Calendars, lang: str | None, today: date | None = None
) -> list[Finding]:
    names_lang = lang or "en"  # the language of check's messages, unless asked otherwise
    findings: list[Finding] = []
    findings.extend(_subdivisions(plan, file))
    known: dict[str, Party] = {}  # organizations' parties, made once per plan
    for event in plan.events:
        if event.cancelled or event.when.end is None:
            continue
        if today is not None and event.when.last_day < today:
            continue
        rules = _EventRules(plan, file, event, calendars, names_lang, known)
        if event.kind == "study-visit":
            rules.visit()
        else:
            rules.meeting()
        findings.extend(f for f in rules.findings if f.code not in event.accept)
    return findings


def _subdivisions(plan: Plan, file: str) -> list[Finding]:
    from visitplan.plan import holidays_data

    found = []

    def warn(org_id: str, message: str, hint: str) -> None:
        path = f"organizations.{org_id}.subdivision"
        found.append(Finding(file, Severity.WARNING, "unknown-subdivision", path, message, hint))

    for org in plan.organizations.values():
        if org.subdivision is None:
            continue
        if org.country is None:
            warn(
                org.id,
                "a subdivision without a country is not used",
                'add country = "FR" (the ISO code of its country)',
            )
        elif not holidays_data.known_subdivision(org.country, org.subdivision):
            codes = holidays_data.subdivisions(org.country)
            from visitplan.plan.wording import suggest

            near = suggest(org.subdivision, codes)
            hint = f'did you mean "{near}"? ' if near else ""
            hint += (
                "known: " + ", ".join(codes[:30]) + ("…" if len(codes) > 30 else "")
                if codes
                else f"the holiday data has no subdivisions for {org.country}; remove the key"
            )
            warn(
                org.id,
                f'"{org.subdivision}" is not a subdivision of {org.country} in the holiday '
                "data, so only national holidays count",
                hint,
            )
    return found


class _EventRules:
    def __init__(
        self,
        plan: Plan,
        file: str,
        event: Event,
        calendars: Calendars,
        lang: str,
        known: dict[str, Party],
    ) -> None:
        self.plan, self.file, self.event = plan, file, event
        self.calendars, self.lang, self.known = calendars, lang, known
        self.path = f"events[{event.index}]"
        self.findings: list[Finding] = []

    def add(self, code: str, key: str, message: str, hint: str) -> None:
        self.findings.append(
            Finding(
                self.file,
                Severity.WARNING,
                code,
                f"{self.path}.{key}",
                message,
                f"{hint}, {_ACCEPT.format(code=code)}",
            )
        )

    def visit(self) -> None:
        """Each day of a visit against the host's holidays and working days."""
        event = self.event
        if event.host is None or event.host not in self.plan.organizations:
            return
        host = self.known.get(event.host) or organization_party(self.plan, event.host, self.lang)
        self.known[event.host] = host
        when = event.when
        assert when.end is not None
        days = (
            _dates(when.first_day, when.last_day)
            if when.all_day
            else list(local_days(when.start, when.end, host.zone))
        )
        weekend: list[date] = []
        for number, day in enumerate(days, start=1):
            off = day_off(host, day, self.calendars)
            if isinstance(off, Holiday):
                which = f", day {number} of the visit," if len(days) > 1 else ""
                self.add(
                    "public-holiday",
                    "start",
                    f"{long_date(day, 'en')}{which} is a public holiday in {host.country} for "
                    f"the host, {host.label}: {off.name(self.lang)}",
                    "offices and many sites are closed; move the visit",
                )
            elif off == "weekend":
                weekend.append(day)
        if weekend:
            shown = ", ".join(long_date(day, "en") for day in weekend)
            self.add(
                "weekend",
                "start",
                f"the visit includes {'a day' if len(weekend) == 1 else 'days'} the host, "
                f"{host.label}, does not work: {shown}",
                "plan those days without the host's staff, or move the visit",
            )

    def meeting(self) -> None:
        """The meeting's day and hours against each party's holidays and working hours."""
        event = self.event
        when = event.when
        assert when.end is not None
        for party in event_parties(self.plan, event, self.lang, self.known):
            days = (
                _dates(when.first_day, when.last_day)
                if when.all_day
                else list(local_days(when.start, when.end, party.zone))
            )
            off_days = False
            for day in days:
                off = day_off(party, day, self.calendars)
                if isinstance(off, Holiday):
                    off_days = True
                    self.add(
                        "public-holiday",
                        "start",
                        f"{long_date(day, 'en')} is a public holiday in {party.country} for "
                        f"{party.label}: {off.name(self.lang)}",
                        "choose another day",
                    )
                elif off == "weekend":
                    off_days = True
                    self.add(
                        "weekend",
                        "start",
                        f"{long_date(day, 'en')} is not a working day for {party.label} "
                        f"(working hours: {_week(party)})",
                        "choose a working day",
                    )
            if not when.all_day and not off_days:
                self.hours(party, when.start, when.end)

    def hours(self, party: Party, start: datetime, end: datetime) -> None:
        problem = hours_problem(party, start, end)
        if problem is None:
            return
        local_start, local_end = start.astimezone(party.zone), end.astimezone(party.zone)
        span = f"{local_start:%H:%M}–{local_end:%H:%M} in {party.place}"
        weekday = local_start.weekday()
        hours = hours_text(party.hours, weekday)
        where = f"{party.name}'s" if party.place != party.name else "its"
        if problem == "before":
            text = f"{span} is before {where} working hours ({hours})"
        elif problem == "after":
            text = f"{span} is after {where} working hours ({hours})"
        else:
            text = f"{span} is outside {where} working hours ({hours})"
        self.add(
            "outside-working-hours",
            "start",
            text,
            "`visitplan slots` finds a time inside everyone's working hours",
        )


def _dates(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _week(party: Party) -> str:
    return _week_text(party.hours)


@functools.cache
def _week_text(hours: WorkingHours) -> str:
    """``mon 09:00–18:00, tue 09:00–18:00, …`` (the days worked)."""
    from visitplan.plan.fields import WEEKDAYS

    return ", ".join(
        f"{name} {hours_text(hours, day)}"
        for day, name in enumerate(WEEKDAYS)
        if hours.works_on(day)
    )
