"""Whether a plan file (and its state file) is still the one recorded, from ``stat`` alone.

As git does for its index: a file is taken as unchanged when its size, modification and
change times (to the nanosecond), inode and device are those recorded — any write, even
one that restores the modification time with ``os.utime``, moves the change time, which
no program can set back. A file whose times are not clearly before the moment it was
recorded is *racy*: a write in the same clock tick as the recording (or on a file system
with coarse times) could leave every field as it was, so such a file is read and hashed
instead, and recorded again once it is no longer racy.
"""

from __future__ import annotations

import os
from typing import NamedTuple

# Times within this much of the recording are racy: file systems keep times to the
# nanosecond (ext4, btrfs, xfs, tmpfs, APFS), the second (HFS+, ext3) or two seconds
# (FAT); two seconds cover them all, with the clock of the machine itself.
RACY_NS = 2_000_000_000

MISSING = (-1, -1, -1, -1, -1)


class Stat(NamedTuple):
    """What is compared: size, mtime, ctime (ns), inode, device; ``MISSING`` for no file."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    device: int


def stat(path: str) -> Stat:
    """The file's stat as recorded (following links), ``MISSING`` if there is none."""
    try:
        found = os.stat(path)
    except OSError:
        return Stat(*MISSING)
    return Stat(found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino, found.st_dev)


def unchanged(recorded: Stat, now: Stat, recorded_at_ns: int) -> bool:
    """Whether ``now`` is the file recorded as ``recorded`` at ``recorded_at_ns``
    without reading it: every field equal and neither time racy."""
    if now != recorded:
        return False
    if now == Stat(*MISSING):
        return True
    latest = max(now.mtime_ns, now.ctime_ns)
    return latest < recorded_at_ns - RACY_NS
