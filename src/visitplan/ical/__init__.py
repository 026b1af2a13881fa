"""iCalendar: the entries a plan exports, their UIDs, SEQUENCE and content fingerprints,
the files written (``export``), and reading what partners send (``importing``).

May import: ``visitplan.views`` and below.
"""
