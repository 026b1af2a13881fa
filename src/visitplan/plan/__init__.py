"""The plan itself: the format's catalogue of fields (``fields``), the frozen model
(``model``), reading a TOML file into it with the line of every key (``loading`` with
the readers of ``reading``, ``wording``, ``locate``, ``tomlread``), key paths
(``keypath``), the rules a plan must keep (``checking``, ``calendar_rules``),
the JSON Schema (``schema``), and the rules of time the model needs (``timezones``,
``durations``, ``holidays_data``, ``workdays``) and of who takes part (``participation``).

May import: ``visitplan.errors``, ``visitplan.findings``, ``visitplan.i18n``. Knows
nothing of files beyond the one it reads, of the cache or of any output.
"""
