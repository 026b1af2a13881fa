"""Reading .ics files partners send: the file and its parser (``source``), events and
their zones (``reading``, ``zones``), series (``series``) and our own exports
(``own``). What is then added to a plan is ``visitplan.editing.importing``'s.
"""
