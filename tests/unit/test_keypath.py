"""KeyPath (plan/keypath.py): key paths read from and written to text losslessly, for
every path the field catalogue can name and for any text a finding may carry; parents
are cut where the text has a ``.`` or a ``[``, as the line lookup always did."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from visitplan.plan import fields as F
from visitplan.plan.keypath import KeyPath
from visitplan.plan.locate import find_line

_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"
ids = st.builds(  # the ids of the format (F.SLUG_RE), drawn cheaply
    "{}{}".format, st.sampled_from(_ALNUM), st.text(alphabet=_ALNUM + "-", max_size=12)
)
indexes = st.integers(min_value=0, max_value=20_000)
languages = st.sampled_from(["uk", "fr", "en", "de", "pt-BR"])


@st.composite
def value_paths(draw: st.DrawFn, section: F.Section, prefix: str) -> str:
    """The path of one key of ``section`` under ``prefix``, and of a part of its value
    where the value has parts (a text's language, an id in a list, a weekday)."""
    spec = draw(st.sampled_from(section.fields))
    path = f"{prefix}.{spec.name}" if prefix else spec.name
    if spec.kind == "text" and draw(st.booleans()):
        path += "." + draw(languages)
    elif spec.kind in ("refs", "languages", "codes") and draw(st.booleans()):
        path += f"[{draw(indexes)}]"
    elif spec.kind == "working-hours" and draw(st.booleans()):
        path += "." + draw(st.sampled_from(F.WEEKDAYS))
    return path


@st.composite
def catalogue_paths(draw: st.DrawFn) -> str:
    """A key path of the plan format: a top-level key, an entry of a directory or a list,
    an event or one of its program items, or a key in any of them."""
    where = draw(st.sampled_from(["plan", "directory", "list", "event", "program"]))
    if where == "plan":
        return draw(value_paths(F.PLAN, ""))
    if where == "directory":
        key = draw(st.sampled_from(sorted(F.DIRECTORIES)))
        section, prefix = F.DIRECTORIES[key], f"{key}.{draw(ids)}"
    elif where == "list":
        key = draw(st.sampled_from(sorted(F.LISTS)))
        section, prefix = F.LISTS[key], f"{key}[{draw(indexes)}]"
    elif where == "event":
        section, prefix = F.EVENT, f"events[{draw(indexes)}]"
    else:
        section, prefix = F.PROGRAM, f"events[{draw(indexes)}].program[{draw(indexes)}]"
    if draw(st.booleans()):
        return prefix
    return draw(value_paths(section, prefix))


@given(catalogue_paths())
def test_a_catalogue_path_is_written_back_as_it_was_read(path: str) -> None:
    key = KeyPath.parse(path)
    assert str(key) == path
    assert KeyPath.parse(str(key)) == key


@given(catalogue_paths())
def test_the_parent_of_a_catalogue_path_is_it_without_its_last_step(path: str) -> None:
    key = KeyPath.parse(path)
    parent = key.parent
    cut = max(path.rfind("."), path.rfind("["))
    if cut < 0:
        assert parent is None
    else:
        assert parent is not None and str(parent) == path[:cut]
    assert key.lineage()[0] == path
    if path.endswith("]"):
        assert key.index == int(path[path.rfind("[") + 1 : -1])
    else:
        assert key.index is None
        assert key.last_name == path[cut + 1 :]


@given(st.text(alphabet="ab.[]019 é", max_size=30))
def test_any_text_is_written_back_as_it_was_read(text: str) -> None:
    assert str(KeyPath.parse(text)) == text


def _old_find_line(lines: dict[str, int], path: str) -> int | None:
    """The lookup by string slicing that KeyPath replaced (for the comparison below)."""
    while path:
        if path in lines:
            return lines[path]
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            return None
        path = path[:cut]
    return None


@given(
    st.text(alphabet="ab.[]01", max_size=12),
    st.dictionaries(st.text(alphabet="ab.[]01", max_size=8), st.integers(1, 99), max_size=8),
)
def test_the_line_of_a_path_is_looked_up_as_before(path: str, lines: dict[str, int]) -> None:
    assert find_line(lines, path) == _old_find_line(lines, path)


def test_the_parts_of_a_path() -> None:
    key = KeyPath.parse("events[2].program[0].start")
    assert key.head == "events" and key.steps == (2, "program", 0, "start")
    assert str(key.parent) == "events[2].program[0]"
    assert key.index_in("events") == 2
    assert key.last_name == "start"
    assert key.lineage() == [
        "events[2].program[0].start",
        "events[2].program[0]",
        "events[2].program",
        "events[2]",
        "events",
    ]
    assert str(KeyPath.parse("events").item(3).key("title").key("uk")) == "events[3].title.uk"
    assert str(KeyPath.parse("").key("organizer")) == "organizer"
    assert KeyPath.parse("people.henou.email").name_in("people") == "henou"
    assert KeyPath.parse("people.Félix Hénou").name_in("people") == "Félix Hénou"
    assert KeyPath.parse("topics[01]").index is None  # not an index as visitplan writes them
    assert KeyPath.parse("events[0]").in_list and not KeyPath.parse("people.x").in_list


@pytest.mark.parametrize(
    ("path", "key"), [("people.henou", "events"), ("events", "events"), ("topics[1]", "events")]
)
def test_a_path_outside_the_list_has_no_index_in_it(path: str, key: str) -> None:
    with pytest.raises(ValueError, match="is not in an item of"):
        KeyPath.parse(path).index_in(key)


def test_a_path_outside_the_table_names_no_entry_in_it() -> None:
    with pytest.raises(ValueError, match="is not in an entry of"):
        KeyPath.parse("events[0].participants").name_in("people")


@given(st.text(alphabet=".[]ab0", max_size=12))
def test_prefixes_are_the_lineage_of_the_parsed_path(text: str) -> None:
    if text:
        assert KeyPath.prefixes(text) == KeyPath.parse(text).lineage()
