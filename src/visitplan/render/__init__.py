"""Every output of every command: terminal text, markdown, JSON and CSV (``printer``),
the check report (``reporting``), the terminal layout rules (``layout``), the printable
programme (``programme``) and the static site (``site``).

May import: ``visitplan.editing``, ``visitplan.sync``, ``visitplan.changes`` (the results
it prints) and below. Nothing here decides what a plan means.
"""
