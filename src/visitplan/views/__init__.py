"""View models: what each view shows, computed from the model and nothing printed here.
The agenda with its time columns (``agenda``), one event, people, topics and actions
(``entries``), free slots (``slots``).

May import: ``visitplan.workspace`` (the index a view reads) and below.
"""
