"""Walking a plan's raw TOML data with the field catalogue (``plan.fields``), building the
model and recording every problem as a finding with its key path. ``loading`` reads
files and calls :class:`~visitplan.plan.reading.entries.PlanReader`; the readers build on
each other: ``base`` (recording findings, checks shared by every value), ``compound``
(texts, lists, working hours), ``values`` (one key of a section, by its kind), ``times``
(event and program times in their zone) and ``entries`` (the plan, its directories, lists,
events and program). They import the model and the catalogue only."""
