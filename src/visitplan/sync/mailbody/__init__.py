"""The readable body of an invitation mail: what it says (``content``: the facts, the
program with each session's time in the recipient's zones, place and speakers, the
guests by delegation and organization) and how it reads (``render``: plain text, and an
HTML alternative that fits a phone, follows dark mode and loads nothing from outside).

The calendar part of the message is not made here (``inviting`` and ``ical``)."""
