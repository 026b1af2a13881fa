"""Changing a plan file: the text edits of one value or one new entry that keep the
user's comments and layout (``core``), removing an entry and its references
(``removing``), the warnings a change introduces (``introduced``), the clean plan `new`
makes (``clean``), and adding what an .ics file holds (``importing``). Every write goes
through ``visitplan.workspace.fileio``.

May import: ``visitplan.ical`` and below. How a command names a plan and a kind is
``visitplan.cli.grammar``'s.
"""
