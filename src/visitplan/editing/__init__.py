"""Changing a plan file without losing a byte the user wrote: edits are made on the
text, a value replaced where it stands (its comment kept), a new entry after the last of
its kind, with the file's own indentation and line endings.

``document`` (a plan file read for editing, its text edits and offsets), ``values`` (how
a value is written in TOML), ``entries`` (the kinds, finding and adding entries),
``setting`` (changing values), ``ordering`` (a program item `set` moves in time, to its
place), ``moving`` (`move`), ``arguments`` (command-line values
as plan values), ``creating`` (a new plan from a template), ``clean`` (the clean plan
`new` makes), ``removing`` (an entry and its references), ``introduced`` (the warnings a
change introduces), ``importing`` (adding what an .ics file holds), and ``writing``: every
result is checked with the rules of `visitplan check` before it is written, and every
write goes through ``visitplan.workspace.fileio``.

May import: ``visitplan.ical`` and below. How a command names a plan and a kind is
``visitplan.cli.grammar``'s.
"""
