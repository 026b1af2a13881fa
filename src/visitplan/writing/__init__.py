"""Whole-entry and whole-plan writes on top of ``editing``: removing an entry and the
references to it (``removing``), the warnings a change introduces (``introduced``), and
the clean plan `new` makes (``clean``).

``editing`` owns the text edits of one value or one new entry; this package owns the
rules that decide what a write touches as a whole. How a command names a plan and a kind
is ``grammar``'s."""
