"""The entry point of the `visitplan` command and of `python -m visitplan`.

A process runs one command and ends: the cyclic garbage collector is turned off before
anything is imported, since all it would do is rescan the heap again and again while
typer, rich and the model's classes are built (about 5 ms of every start-up) and while a
large model or calendar is built (a third of a large export). Then the CLI runs.
"""

from __future__ import annotations

import gc


def main() -> None:
    gc.disable()
    from visitplan.cli import main as run

    run()
