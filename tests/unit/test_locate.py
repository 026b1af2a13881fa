from __future__ import annotations

import tomllib
from typing import Any

import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from visitplan.plan.locate import find_line, locate_keys

SOURCE = '''\
format = 1
id = "x"  # a comment with = and [brackets]
title.en = "a [b] # c"
description = """
multi-line [not.a.table]
key = "not a key"
"""
literal = \'\'\'
[[also.not.a.table]]
\'\'\'

[organizations.auc]
name.uk = 'Асоціація міст України'
"quoted key" = 1
members = [
  "a",  # first
  "b",
]

[[events]]
id = "first"
inline = { a = 1, b = [1, 2] }

  [[events.program]]
  title = "p0"

  [[events.program]]
  start = 11:00:00

[[events]]
id = "second"

  [[events.program]]
  title = "q0"
'''


def test_every_kind_of_key_is_located() -> None:
    lines = locate_keys(SOURCE)
    assert lines["format"] == 1
    assert lines["title.en"] == 3
    assert lines["literal"] == 8
    assert lines["organizations.auc"] == 12
    assert lines["organizations.auc.name.uk"] == 13
    assert lines["organizations.auc.quoted key"] == 14
    assert lines["organizations.auc.members"] == 15
    assert lines["events[0]"] == 20
    assert lines["events[0].inline"] == 22
    assert lines["events[0].inline.b[1]"] == 22
    assert lines["events[0].program[0].title"] == 25
    assert lines["events[0].program[1].start"] == 28
    assert lines["events[1].id"] == 31
    assert lines["events[1].program[0].title"] == 34
    assert "key" not in lines and "also" not in lines and "not" not in lines


def test_unknown_paths_fall_back_to_their_nearest_parent() -> None:
    lines = locate_keys(SOURCE)
    assert find_line(lines, "organizations.auc.members[1]") == 17  # the element's own line
    assert find_line(lines, "organizations.auc.members[5]") == 15  # no such element
    assert find_line(lines, "events[1].program[0].end") == 33
    assert find_line(lines, "events[1].title") == 30
    assert find_line(lines, "nothing.here") is None


def test_crlf_sources_give_the_same_lines() -> None:
    assert locate_keys(SOURCE.replace("\n", "\r\n")) == locate_keys(SOURCE)


keys = st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True)
scalars = st.one_of(
    st.integers(), st.text(max_size=20), st.booleans(), st.lists(st.integers(), max_size=3)
)
tables = st.recursive(
    st.dictionaries(keys, scalars, max_size=4),
    lambda inner: st.dictionaries(
        keys, st.one_of(scalars, inner, st.lists(inner, min_size=1, max_size=3)), max_size=4
    ),
    max_leaves=20,
)


def _paths(data: dict[str, Any], prefix: str = "") -> list[str]:
    found = []
    for key, value in data.items():
        path = f"{prefix}.{key}" if prefix else key
        found.append(path)
        if isinstance(value, dict):
            found += _paths(value, path)
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for index, item in enumerate(value):
                found += _paths(item, f"{path}[{index}]")
    return found


@settings(max_examples=200)
@given(tables)
def test_every_key_tomli_w_writes_is_found_on_a_line_that_names_it(data: dict[str, Any]) -> None:
    text = tomli_w.dumps(data)
    assert tomllib.loads(text) == data
    lines = locate_keys(text)
    source_lines = text.split("\n")  # not splitlines(): TOML lines end only at \n
    for path in _paths(data):
        line = find_line(lines, path)
        assert line is not None, path
        last_key = path.rsplit(".", 1)[-1].split("[")[0]
        assert last_key in source_lines[line - 1], (path, line)
