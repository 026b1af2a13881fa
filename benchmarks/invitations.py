"""Synthetic invitations for the `import` rows of the benchmarks: calendars as Outlook,
Google and Apple write them (Windows zone names with their VTIMEZONE, UTC times,
IANA zones), with French, Ukrainian and English titles, attendees, links and places.

    python benchmarks/invitations.py OUT.ics --events 10000 [--attendees 3]
"""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta
from pathlib import Path

TITLES = ["Réunion de jumelage", "Нарада з водопостачання", "Budget review", "Visite d'étude"]
FLE = """BEGIN:VTIMEZONE\r
TZID:FLE Standard Time\r
BEGIN:STANDARD\r
DTSTART:16010101T040000\r
TZOFFSETFROM:+0300\r
TZOFFSETTO:+0200\r
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10\r
END:STANDARD\r
BEGIN:DAYLIGHT\r
DTSTART:16010101T030000\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0300\r
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3\r
END:DAYLIGHT\r
END:VTIMEZONE\r
"""


def invitations(events: int, attendees: int) -> bytes:
    lines = ["BEGIN:VCALENDAR\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\n"
             "VERSION:2.0\r\nMETHOD:PUBLISH\r\n", FLE]  # fmt: skip
    start = datetime(2026, 1, 5, 9, 0)
    for number in range(events):
        when = start + timedelta(days=number // 6, hours=number % 6)
        if number % 3 == 0:  # Outlook: a Windows zone name
            dtstart = f"DTSTART;TZID=FLE Standard Time:{when:%Y%m%dT%H%M%S}"
            dtend = f"DTEND;TZID=FLE Standard Time:{when + timedelta(hours=1):%Y%m%dT%H%M%S}"
        elif number % 3 == 1:  # Google: UTC
            dtstart = f"DTSTART:{when:%Y%m%dT%H%M%S}Z"
            dtend = f"DTEND:{when + timedelta(minutes=45):%Y%m%dT%H%M%S}Z"
        else:  # Apple: an IANA zone, a duration
            dtstart = f"DTSTART;TZID=Europe/Paris:{when:%Y%m%dT%H%M%S}"
            dtend = "DURATION:PT1H30M"
        people = "".join(
            f"ATTENDEE;CN=Participant {n % 400};ROLE=REQ-PARTICIPANT;RSVP=TRUE:"
            f"mailto:p{n % 400}@partner{n % 7}.example.org\r\n"
            for n in range(number, number + attendees)
        )
        lines.append(
            "BEGIN:VEVENT\r\n"
            f"UID:bench-{number}@example.org\r\n"
            f"SUMMARY;LANGUAGE=fr-FR:{TITLES[number % 4]} {number}\r\n"
            f"{dtstart}\r\n{dtend}\r\n"
            "DTSTAMP:20251201T080000Z\r\n"
            f"LOCATION:Hôtel de Ville\\, salle {number % 12}\r\n"
            f"URL:https://meet.example.org/room-{number}\r\n"
            f"{people}"
            "END:VEVENT\r\n"
        )
    lines.append("END:VCALENDAR\r\n")
    return "".join(lines).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--attendees", type=int, default=3)
    args = parser.parse_args()
    args.out.write_bytes(invitations(args.events, args.attendees))


if __name__ == "__main__":
    main()
