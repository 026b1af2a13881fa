"""khal, the terminal calendar, holding the same events as a generated repository: the
bench's other reference for `agenda`.

khal is installed in a virtual environment of its own (``.venv-khal`` at the top of the
repository, made on the first `make bench` from PyPI; it is not a dependency of
visitplan, and its pins must not meet ours). Its calendar is a vdir — one .ics file per
entry — made from `visitplan export` of the repository: each VEVENT of the export in a
file of its own with the VTIMEZONEs, which is what `khal import` writes; `khal import`
itself, which fsyncs every entry, takes minutes for 18,000 entries on this machine. khal
then reads the vdir into its own SQLite cache on its first run (a warm-up of the bench).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv-khal"
KHAL = "khal>=0.14,<0.15"

CONFIG = """\
[calendars]
[[bench]]
path = {vdir}
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
default_timezone = Europe/Kyiv
local_timezone = Europe/Kyiv
[sqlite]
path = {db}
"""


def khal_binary() -> Path:
    """khal in its own environment, installed there first if need be."""
    binary = VENV / "bin" / "khal"
    if not binary.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", KHAL], check=True
        )
    return binary


def split_calendar(ics: Path, vdir: Path) -> int:
    """One .ics file per VEVENT of ``ics`` in ``vdir``, each with every VTIMEZONE."""
    vdir.mkdir(parents=True, exist_ok=True)
    lines = ics.read_bytes().decode("utf-8").split("\r\n")  # keep the CRLFs
    head: list[str] = []
    zones: list[str] = []
    events: list[list[str]] = []
    current: list[str] | None = None
    block = ""
    for line in lines:
        if line in ("BEGIN:VTIMEZONE", "BEGIN:VEVENT") and not block:
            block = line[6:]
            current = [line]
            continue
        if current is not None:
            current.append(line)
            if line == f"END:{block}":
                (zones.extend(current) if block == "VTIMEZONE" else events.append(current))
                current, block = None, ""
            continue
        if line.startswith(("VERSION:", "PRODID:")):
            head.append(line)
    for event in events:
        uid = next(line[4:] for line in event if line.startswith("UID:"))
        name = hashlib.sha1(uid.encode()).hexdigest() + ".ics"
        text = ["BEGIN:VCALENDAR", *head, *zones, *event, "END:VCALENDAR", ""]
        (vdir / name).write_text("\r\n".join(text), encoding="utf-8", newline="")
    return len(events)


def setup(ics: Path, work: Path) -> list[str]:
    """The khal command (without its subcommand) over the entries of ``ics``, its cache
    built. khal builds it in memory (/dev/shm where there is one: khal writes each
    entry in a transaction of its own, minutes on a disk), then it is moved beside the
    calendar, where the timed runs read it."""
    binary = khal_binary()
    vdir = work / "khal-calendar"
    count = split_calendar(ics, vdir)
    config = work / "khal.conf"
    db = work / "khal.db"
    memory = Path("/dev/shm")
    building = Path(tempfile.mkdtemp(dir=memory if memory.is_dir() else work)) / "khal.db"
    config.write_text(CONFIG.format(vdir=vdir, db=building), encoding="utf-8")
    command = [str(binary), "-c", str(config)]
    subprocess.run([*command, "list", "2025-01-01", "1d"], check=True, capture_output=True)
    shutil.move(building, db)
    shutil.rmtree(building.parent, ignore_errors=True)
    config.write_text(CONFIG.format(vdir=vdir, db=db), encoding="utf-8")
    print(f"khal: {count} entries in {vdir}", flush=True)
    return command
