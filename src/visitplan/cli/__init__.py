"""The command line: parses arguments, calls the core, renders. No logic of its own.

The package is split by command family; each module says what it owns:

- ``app``: the Typer app, its group and command classes, the ONE place where errors
  map to exit codes (0 ok, 1 a plan is invalid or the command failed, 2 the command line
  is wrong), ``--debug`` and the entry point :func:`main`;
- ``options``: the option and argument types several commands share, and the
  conversions of their values at the boundary;
- ``context``: what the bodies of commands share (the plans, the index and the words of
  a run, its zones, locks, printing a view in the format asked for);
- ``views`` (check, schema, agenda, show, slots, topics, actions, people),
  ``documents`` (program, site), ``calendar`` (export, publish, invite),
  ``writing`` (add, set, remove, move, import) with ``field_options`` (their options, one per
  field of the format), ``creating`` (new) and ``changes`` (changes);
- ``grammar``: the words of the writing commands' grammar (kinds, plans).

The shell completion of values is ``completion``'s; which completion each field's option
takes (``FIELD_COMPLETION``) is here, before the command modules are imported, since
their options name it.

Start-up time: a module of the core (views, render, ical, sync, editing, the index, the
grammar) is imported inside the function that needs it, never at the top of a ``cli``
module, so that a run loads only what its own command uses (``tests/robustness/test_hardening.py``
checks that the agenda does not load the calendar code); what every run loads anyway (the
environment, errors, i18n, locking, the catalogue ``plan.fields``) is imported at the top.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer

from visitplan.cli.completion import _complete

DEFAULT_PLANS = Path("plans")


# field option -> what completes its value
FIELD_COMPLETION: dict[str, tuple[str, ...]] = {
    "timezone": ("zone",),
    "languages": ("lang",),
    "host": ("org",),
    "organization": ("org",),
    "proposed_by": ("org",),
    "requested_by": ("org", "person"),
    "owner": ("org", "person"),
    "delegations": ("delegation",),
    "participants": ("person",),
    "speakers": ("person",),
    "lead": ("person",),
    "members": ("person",),
    "topics": ("topic",),
    "event": ("event",),
}


def _field_completion(name: str) -> Callable[[typer.Context, str], list[str]] | None:
    kinds = FIELD_COMPLETION.get(name)
    return _complete(*kinds) if kinds else None


# The commands, registered on the app as each module is imported (after the completion
# functions above, which their options name).
from visitplan.cli import (  # noqa: E402
    calendar,  # noqa: F401
    changes,  # noqa: F401
    creating,  # noqa: F401
    documents,  # noqa: F401
    views,  # noqa: F401
    writing,  # noqa: F401
)
from visitplan.cli.app import app, finish, main  # noqa: E402

finish()

__all__ = ["DEFAULT_PLANS", "app", "main"]
