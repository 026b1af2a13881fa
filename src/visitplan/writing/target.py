"""Which plan file a writing command works on: ``--plan PATH``, ``--plan PLAN-ID`` (a
file of the plans folder), or the only plan of the plans folder when none is given."""

from __future__ import annotations

from pathlib import Path

from visitplan.errors import UsageError


def resolve_plan(given: str | None, folder: Path) -> Path:
    """The plan file ``given`` names: an existing path, else ``folder/<id>.toml``; with
    nothing given, the one ``*.toml`` of ``folder``. A name that is neither is a usage
    error saying which plans there are."""
    plans = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    if given is None:
        if len(plans) == 1:
            return plans[0]
        if not plans:
            raise UsageError(
                f"no plan in {folder.as_posix()}/",
                "give one with --plan PATH, or create one with `visitplan new PLAN-ID`",
            )
        raise UsageError(
            f"{len(plans)} plans in {folder.as_posix()}/: say which one",
            "--plan " + " or --plan ".join(p.stem for p in plans),
        )
    path = Path(given)
    if path.exists():
        return path
    by_id = folder / f"{given}.toml"
    if "/" not in given and by_id.exists():
        return by_id
    from visitplan.loading import suggest

    near = suggest(given, [p.stem for p in plans])
    raise UsageError(
        f"{given}: no such plan file, and no plan with that id in {folder.as_posix()}/",
        f'did you mean "{near}"?'
        if near
        else "give the plan's file or id, or create it with `visitplan new`",
    )


# Kinds of entries as a command line names them: full names and short ones.
KIND_NAMES = {
    "organization": "org",
    "organisation": "org",
    "org": "org",
    "person": "person",
    "people": "person",
    "delegation": "delegation",
    "event": "event",
    "program": "program",
    "programme": "program",
    "item": "program",
    "topic": "topic",
    "action": "action",
}


def entry_kind(name: str) -> str:
    """The kind ``name`` stands for (``organization`` → ``org``), else a usage error."""
    kind = KIND_NAMES.get(name.lower())
    if kind is None:
        from visitplan.loading import suggest

        near = suggest(name.lower(), KIND_NAMES)
        raise UsageError(
            f'"{name}" is not a kind of entry',
            (f'did you mean "{near}"? ' if near else "")
            + "kinds: organization (org), person, delegation, event, program, topic, action",
        )
    return kind
