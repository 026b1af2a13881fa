"""Baseline (b), the floor: tomllib parses the same plan files (files or folders)."""

import sys
import tomllib
from pathlib import Path

for argument in sys.argv[1:]:
    path = Path(argument)
    for file in sorted(path.glob("*.toml")) if path.is_dir() else [path]:
        tomllib.loads(file.read_text("utf-8"))
