"""Passwords for calendar and mail servers: from an environment variable or a file, never
from the command line (other users see it in the process list) and never from a plan."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from visitplan.errors import UsageError


def read_password(
    environ: Mapping[str, str],
    user: str | None,
    password_env: str | None,
    password_file: Path | None,
) -> str | None:
    """The password asked for, or None when no --user is given."""
    if password_env is not None and password_file is not None:
        raise UsageError("give --password-env or --password-file, not both")
    if user is None:
        if password_env is not None or password_file is not None:
            raise UsageError("a password needs a user name", "add --user NAME")
        return None
    if password_env is not None:
        value = environ.get(password_env)
        if not value:
            raise UsageError(
                f"${password_env} is not set (or empty)",
                f"set it first, e.g. read -rs {password_env} && export {password_env}",
            )
        return value
    if password_file is not None:
        try:
            text = password_file.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise UsageError(f"{password_file.as_posix()}: no such password file") from None
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"{password_file.as_posix()}: cannot read it: {error}") from None
        value = text.rstrip("\r\n")
        if not value:
            raise UsageError(f"{password_file.as_posix()} is empty")
        return value
    raise UsageError(
        f"--user {user} needs a password",
        "give --password-env VAR (a variable holding it) or --password-file FILE",
    )
