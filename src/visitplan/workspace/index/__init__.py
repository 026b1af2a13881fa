"""The plan index: what is where, so that a view reads only the plans, and the events of
them, that it shows.

Kept with the plan cache (``cache``), in one SQLite database in the same folder
(``index.sqlite3``), and keyed like it by the content of a plan and its state file: an
edited plan has another key and is always read again, and deleting the folder is always
safe. For each plan without errors it holds the plan's id, languages and the ids a
filter may name, its model without the events (the "shell") and, per event, its days,
instants, people, organizations, delegations, topics and model. ``fresh`` decides from a
file's metadata alone whether a plan is the one indexed; ``store`` reads and writes the
database; ``catalog`` is what the commands use.
"""
