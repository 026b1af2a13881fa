"""Where plans live on the user's machine: finding plan files and their state files
(``plans``, ``export_state``), checking a whole folder (``checking``), the plan cache and
its index (``cache``, ``index``), writing files without ever losing one (``fileio``,
``locking``), git history (``history``) and the injected environment a command runs in
(``environment``: today, zone, language, consoles, folders).

May import: ``visitplan.plan`` and below.
"""
