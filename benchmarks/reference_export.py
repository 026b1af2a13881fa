"""Baseline (c): tomllib → icalendar → to_ical of the same events, with no checks, no
state and no descriptions: the floor of an iCalendar export in Python."""

import sys
import tomllib
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

calendar = Calendar()
calendar.add("prodid", "-//reference//EN")
calendar.add("version", "2.0")
for path in sorted(Path(sys.argv[1]).glob("*.toml")):
    plan = tomllib.loads(path.read_text("utf-8"))
    for event in plan.get("events", []):
        zone = ZoneInfo(event.get("timezone", plan["timezone"]))
        component = Event()
        component.add("uid", f"{plan['id']}/{event['id']}@reference")
        component.add("summary", event["title"]["en"])
        start = event["start"]
        if isinstance(start, datetime):
            component.add("dtstart", start.replace(tzinfo=zone))
            component.add("dtend", event["end"].replace(tzinfo=zone))
        else:
            component.add("dtstart", start)
            component.add("dtend", event["end"] + timedelta(days=1))
        component.add("dtstamp", datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC")))
        calendar.add_component(component)
calendar.add_missing_timezones()
Path(sys.argv[2]).write_bytes(calendar.to_ical())
