"""SEQUENCE moves only when a calendar would show a difference (issue #13, item 4).

An entry's fingerprint comes from what it exports: its content lines (unfolded) other
than DTSTAMP and SEQUENCE, in each of the plan's languages. The oracle in these tests is
the exported files themselves: an edit must update exactly the entries whose lines differ
in some language, and an edit that changes no line must update nothing. State files
written before content fingerprints (``tests/states/``: the example's as it was
committed, and one for ``tests/plans/dst-partners.toml``, both written by visitplan before
this change) must be adopted without updating anything.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from conftest import EXAMPLE, ROOT
from visitplan.cli import app
from visitplan.ical.fingerprints import FINGERPRINT_MARK, content_digest, fingerprint_languages
from visitplan.workspace.export_state import Entry, read_state

DST = ROOT / "tests" / "plans" / "dst-partners.toml"
LEGACY_STATES = {
    EXAMPLE: ROOT / "tests" / "states" / "korosten-bourges.visitplan-state",
    DST: ROOT / "tests" / "states" / "dst-partners.visitplan-state",
}
T0 = 1_780_000_000
T1 = T0 + 86_400
ENV = {"VISITPLAN_TODAY": "2024-06-01"}


def export(plan: Path, *args: str, now: int = T1, todos: bool = True) -> tuple[bytes, str]:
    """Export every entry of ``plan`` (actions too) at ``now``: the bytes and the summary."""
    target = plan.with_name(f"out-{now}.ics")
    result = CliRunner().invoke(
        app,
        ["export", str(plan), *(["--todos"] if todos else []), "-o", str(target), *args],
        env={**ENV, "SOURCE_DATE_EPOCH": str(now)},
    )
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    target.unlink()
    return data, result.stderr


def entries(data: bytes) -> dict[str, tuple[str, ...]]:
    """The content lines of each entry of an .ics file, unfolded, but DTSTAMP and SEQUENCE."""
    lines = re.sub(r"\r\n[ \t]", "", data.decode("utf-8")).split("\r\n")
    found: dict[str, tuple[str, ...]] = {}
    current: list[str] | None = None
    for line in lines:
        if line in ("BEGIN:VEVENT", "BEGIN:VTODO"):
            current = [line]
        elif current is not None:
            current.append(line)
            if line in ("END:VEVENT", "END:VTODO"):
                uid = next(x for x in current if x.startswith("UID:"))[4:]
                found[uid] = tuple(x for x in current if not x.startswith(("DTSTAMP", "SEQUENCE")))
                current = None
    return found


def shown(plan: Path, now: int = T1) -> dict[str, tuple[tuple[str, ...], ...]]:
    """What every entry shows, in each of the plan's languages (plain exports)."""
    by_lang = [entries(export(plan, "--lang", lang, now=now)[0]) for lang in ("uk", "fr", "en")]
    return {uid: tuple(e[uid] for e in by_lang) for uid in by_lang[0]}


def state(plan: Path) -> dict[str, Entry]:
    return read_state(plan.with_name(plan.stem + ".visitplan-state"))


def edit(old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def apply(plan: Path) -> None:
        text = plan.read_text(encoding="utf-8")
        assert text.count(old) >= count, old
        plan.write_text(text.replace(old, new, count), encoding="utf-8")

    return apply


def command(*args: str) -> Callable[[Path], None]:
    def apply(plan: Path) -> None:
        result = CliRunner().invoke(app, ["set", str(plan), *args], env=ENV)
        assert result.exit_code == 0, result.output

    return apply


def swap_lines(first: str, second: str) -> Callable[[Path], None]:
    return edit(f"{first}\n{second}\n", f"{second}\n{first}\n")


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    target = tmp_path / EXAMPLE.name
    shutil.copy(EXAMPLE, target)
    return target


# Edits a calendar does not show: nothing is updated, the state file stays as it is.
INVISIBLE = {
    "topic status": command("topic", "water-treatment", "--status", "accepted"),
    "topic who asked": edit('requested_by = "afccre"\nproposed_by = "korosten"\nstatus = "proposed"\n\n[[topics]]\nid = "water-treatment"', 'requested_by = "cemr"\nproposed_by = "korosten"\nstatus = "proposed"\n\n[[topics]]\nid = "water-treatment"'),
    "phone": command("person", "taran", "--phone", "+33 1 23 45 67 89"),
    "role": command("person", "henou", "--role", "Head of unit"),
    "comment": edit("[[events]]\n", "# a new comment\n[[events]]\n"),
    "line comment": edit('host = "auc"', 'host = "auc"  # who sends the link'),
    "whitespace": edit('kind = "study-visit"', 'kind   =   "study-visit"   \n\n'),
    "key order": swap_lines('host = "bourges"', 'delegations = ["korosten-2023"]'),
    "language order of a text": swap_lines(
        '  title.uk = "Станція очищення води"', '  title.fr = "Station de traitement des eaux"'
    ),
    "action link (not exported)": edit(
        'url = "https://www.ville-bourges.fr"', 'url = "https://www.ville-bourges.fr/projet"'
    ),
    "plan description": edit("Bilateral cooperation between", "Bilateral partnership between"),
}  # fmt: skip


@pytest.mark.parametrize("change", list(INVISIBLE))
def test_an_edit_the_calendar_does_not_show_updates_nothing(plan: Path, change: str) -> None:
    export(plan, now=T0)
    state_file = plan.with_name("korosten-bourges.visitplan-state")
    saved = state_file.read_bytes()
    before = shown(plan, now=T0)
    text = plan.read_text(encoding="utf-8")
    INVISIBLE[change](plan)
    assert plan.read_text(encoding="utf-8") != text  # the edit was made
    _, summary = export(plan)
    assert shown(plan) == before  # the oracle: no line of any entry differs
    assert f"{len(before)} entries ({len(before)} unchanged)" in summary
    assert state_file.read_bytes() == saved


# Edits a calendar shows, and one entry that must be among those updated.
STUDY = "korosten-bourges/study-visit-2023@visitplan"
VISIBLE = {
    "a person in one event (French name)": (
        edit('name.fr = "Volodymyr Moskalenko"', 'name.fr = "Volodymyr Moskalenko-Ivanenko"'),
        "korosten-bourges/online-2023-06-13@visitplan",
    ),
    "an attendee's email": (
        command("person", "henou", "--email", "felix.henou@afccre.example.org"),
        "korosten-bourges/online-2024-05-28@visitplan",
    ),
    "a topic title in categories (English)": (
        edit('title.en = "Running a municipal water treatment station"', 'title.en = "Water"'),
        "korosten-bourges/study-visit-2023/water-station@visitplan",
    ),
    "an event title (French)": (
        edit('title.fr = "Visite d\'étude à Bourges"', 'title.fr = "Visite à Bourges"'),
        STUDY,
    ),
    "a program time": (
        edit("start = 2023-07-04T09:30:00", "start = 2023-07-04T10:00:00"),
        "korosten-bourges/study-visit-2023/schools@visitplan",
    ),
    "an event status": (command("event", "study-visit-2023", "--status", "tentative"), STUDY),
    "an action title": (
        edit(
            'title.fr = "Lancer le projet commun de relèvement et de développement de Korosten"',
            'title.fr = "Lancer le projet commun"',
        ),
        "korosten-bourges/action:joint-project@visitplan",
    ),
    "an organization's short name": (
        edit('short = "AFCCRE"', 'short = "AFCCRE-FR"'),
        "korosten-bourges/online-2024-05-28@visitplan",
    ),
}


@pytest.mark.parametrize("change", list(VISIBLE))
def test_an_edit_updates_exactly_the_entries_that_show_it(plan: Path, change: str) -> None:
    export(plan, now=T0)
    before_state, before = state(plan), shown(plan, now=T0)
    apply, must = VISIBLE[change]
    apply(plan)
    export(plan)
    after_state, after = state(plan), shown(plan)
    differ = {uid for uid in before if before[uid] != after[uid]}
    updated = {uid for uid in before if after_state[uid].sequence != before_state[uid].sequence}
    assert must in differ
    assert differ != set(before)  # not everything: the oracle tells entries apart
    assert updated == differ
    for uid in updated:
        assert after_state[uid].sequence == before_state[uid].sequence + 1
        assert after_state[uid].dtstamp > before_state[uid].dtstamp
    for uid in set(before) - updated:
        assert after_state[uid] == before_state[uid]


def test_the_fingerprint_is_a_digest_of_the_exported_lines_in_every_language(plan: Path) -> None:
    from visitplan.plan.loading import load_plan_file

    model = load_plan_file(plan).plan
    assert model is not None
    assert fingerprint_languages(model) == ("uk", "fr", "en")
    export(plan)
    lines = shown(plan)
    recorded = state(plan)
    assert set(recorded) == set(lines)
    for uid, per_language in lines.items():
        assert recorded[uid].fingerprint == content_digest(per_language), uid


@pytest.mark.parametrize(
    "args",
    [
        ("--lang", "en"),
        ("--lang", "fr", "--method", "request", "--event", "online-2024-05-28"),
        ("--alarm", "1d", "--alarm", "2h"),
        ("--person", "taran"),
        ("--event", "study-visit-2023"),
        ("--from", "2024-01-01"),
    ],
)
def test_export_options_do_not_change_fingerprints(plan: Path, args: tuple[str, ...]) -> None:
    export(plan, now=T0)
    saved = plan.with_name("korosten-bourges.visitplan-state").read_bytes()
    _, summary = export(plan, *args)
    assert "updated" not in summary and "new" not in summary
    assert plan.with_name("korosten-bourges.visitplan-state").read_bytes() == saved


def test_per_person_files_do_not_change_fingerprints(plan: Path, tmp_path: Path) -> None:
    export(plan, now=T0)
    saved = plan.with_name("korosten-bourges.visitplan-state").read_bytes()
    result = CliRunner().invoke(
        app,
        ["export", str(plan), "--per-person", str(tmp_path / "people")],
        env={**ENV, "SOURCE_DATE_EPOCH": str(T1)},
    )
    assert result.exit_code == 0, result.output
    assert plan.with_name("korosten-bourges.visitplan-state").read_bytes() == saved


# --------------------------------------------------------------------------- migration


@pytest.fixture(params=list(LEGACY_STATES), ids=lambda p: p.stem)
def legacy(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A plan with the state file an older visitplan wrote for it."""
    source: Path = request.param
    target = tmp_path / source.name
    shutil.copy(source, target)
    shutil.copy(LEGACY_STATES[source], target.with_name(target.stem + ".visitplan-state"))
    return target


def test_a_state_file_of_an_older_version_is_adopted_without_updates(legacy: Path) -> None:
    old = state(legacy)
    assert old and not any(e.fingerprint.startswith(FINGERPRINT_MARK) for e in old.values())
    todos = any("/action:" in uid for uid in old)
    data, summary = export(legacy, todos=todos)
    assert f"{len(old)} entries ({len(old)} unchanged)" in summary
    # the calendar carries the SEQUENCE and DTSTAMP the participants already have
    calendar = Calendar.from_ical(data)
    exported = {str(c["uid"]): c for c in calendar.walk() if c.name in ("VEVENT", "VTODO")}
    assert set(exported) == set(old)
    for uid, entry in old.items():
        assert exported[uid]["sequence"] == entry.sequence, uid
        assert exported[uid]["dtstamp"].dt == entry.dtstamp, uid
    # the state now holds content fingerprints, and nothing else changed in it
    new = state(legacy)
    assert set(new) == set(old)
    for uid, entry in new.items():
        assert entry.fingerprint.startswith(FINGERPRINT_MARK)
        assert entry == Entry(**{**vars(old[uid]), "fingerprint": entry.fingerprint})
    saved = legacy.with_name(legacy.stem + ".visitplan-state").read_bytes()
    again, summary = export(legacy, now=T1 + 3600, todos=todos)
    assert again == data and f"({len(old)} unchanged)" in summary
    assert legacy.with_name(legacy.stem + ".visitplan-state").read_bytes() == saved


def test_an_entry_changed_since_an_older_version_exported_it_is_updated(tmp_path: Path) -> None:
    plan = tmp_path / EXAMPLE.name
    shutil.copy(EXAMPLE, plan)
    shutil.copy(LEGACY_STATES[EXAMPLE], plan.with_name("korosten-bourges.visitplan-state"))
    old = state(plan)
    edit('title.fr = "Visite d\'étude à Bourges"', 'title.fr = "Visite à Bourges"')(plan)
    _, summary = export(plan, todos=False)
    new = state(plan)
    updated = {uid for uid in old if new[uid].sequence != old[uid].sequence}
    # the visit and its program items (whose SUMMARY names the visit)
    assert STUDY in updated
    assert all(uid.startswith("korosten-bourges/study-visit-2023") for uid in updated)
    assert f"({len(updated)} updated, {len(old) - len(updated)} unchanged)" in summary
    assert all(e.fingerprint.startswith(FINGERPRINT_MARK) for e in new.values())


def since_export(folder: Path, *args: str) -> str:
    """`visitplan changes --since-export` run in ``folder`` (which has plans/)."""
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(app, ["changes", "--since-export", *args], env=ENV)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_since_export_with_an_older_state_file_reports_nothing(legacy: Path) -> None:
    folder = legacy.parent
    (folder / "plans").mkdir()
    for path in (legacy, legacy.with_name(legacy.stem + ".visitplan-state")):
        path.rename(folder / "plans" / path.name)
    assert since_export(folder) == ""


def test_since_export_reports_a_shown_change_but_not_a_topic_status(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    plan = tmp_path / "plans" / EXAMPLE.name
    shutil.copy(EXAMPLE, plan)
    export(plan, now=T0, todos=False)
    command("topic", "water-treatment", "--status", "accepted")(plan)
    command("person", "taran", "--phone", "+380 44 000 00 00")(plan)
    assert since_export(tmp_path) == ""
    command("event", "study-visit-2023", "--status", "tentative")(plan)
    told = since_export(tmp_path, "--lang", "en")
    assert "Study visit to Bourges" in told
    assert "Bilateral online meeting" not in told


# --------------------------------------------------------------------------- from outside


def test_the_issue_scenario_with_the_real_command(tmp_path: Path) -> None:
    # Export, change a topic's status and a phone number, export again: nothing updated.
    shutil.copy(EXAMPLE, tmp_path / EXAMPLE.name)
    environ = {**os.environ, **ENV, "SOURCE_DATE_EPOCH": str(T0)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "visitplan", *args],
            cwd=tmp_path,
            env=environ,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return done

    first = run("export", EXAMPLE.name, "-o", "first.ics")
    assert "11 entries (11 new)" in first.stderr
    run("set", EXAMPLE.name, "topic", "water-treatment", "--status", "accepted")
    run("set", EXAMPLE.name, "person", "taran", "--phone", "+380 44 000 00 00")
    environ["SOURCE_DATE_EPOCH"] = str(T1)
    second = run("export", EXAMPLE.name, "-o", "second.ics")
    assert "11 entries (11 unchanged)" in second.stderr
    assert (tmp_path / "first.ics").read_bytes() == (tmp_path / "second.ics").read_bytes()
    # and a change the calendar shows is still sent
    run("set", EXAMPLE.name, "event", "online-2024-05-28", "--url", "https://meet.example.org/x")
    third = run("export", EXAMPLE.name, "-o", "third.ics")
    assert "11 entries (1 updated, 10 unchanged)" in third.stderr


# --------------------------------------------------------------------------- reuse


@pytest.mark.parametrize("source", [EXAMPLE, DST], ids=lambda p: p.stem)
@pytest.mark.parametrize(
    ("lang", "alarms", "todos", "person"),
    [
        ("uk", (), False, None),
        ("fr", (timedelta(days=1), timedelta(minutes=30)), True, None),
        ("en", (timedelta(hours=2),), True, "taran"),
        ("uk", (), True, "petrenko"),
    ],
)
def test_the_export_reuses_the_fingerprint_render_byte_for_byte(
    source: Path, lang: str, alarms: tuple[timedelta, ...], todos: bool, person: str | None
) -> None:
    # The export writes the lines rendered for the fingerprint (with DTSTAMP, SEQUENCE
    # and alarms put in) instead of rendering them again: the bytes must be the same.
    from visitplan.ical.calendar import build_calendar
    from visitplan.ical.components import ExportOptions
    from visitplan.ical.entries import Selection
    from visitplan.ical.stamps import stamp
    from visitplan.plan.loading import load_plan_file

    model = load_plan_file(source).plan
    assert model is not None
    previous = read_state(LEGACY_STATES[source])
    now = datetime(2026, 6, 1, tzinfo=UTC)
    selection = Selection(person=person if person in model.people else None)
    options = ExportOptions(lang=lang, alarms=alarms, todos=todos)
    reused = stamp(model, previous, now, todos, keep=lang, selection=selection)
    fresh = stamp(model, previous, now, todos)
    assert reused.kept and not fresh.kept
    assert reused.entries == fresh.entries
    expected = build_calendar([fresh], selection, options)
    assert build_calendar([reused], selection, options) == expected
    # another language or METHOD:REQUEST than the kept one: rendered anew, the same
    other = ExportOptions(lang="fr" if lang != "fr" else "uk", method="request", todos=todos)
    assert build_calendar([reused], selection, other) == build_calendar([fresh], selection, other)


# --------------------------------------------------------------------------- property


def test_random_edits_a_calendar_does_not_show_keep_every_entry() -> None:
    # The example, rewritten by tomli-w (no comments, other spacing) with its tables' keys
    # in a random order, random phones, roles, topic statuses and requesters, and action
    # links: every entry keeps its SEQUENCE and DTSTAMP, and its fingerprint.
    import copy
    import random
    import tomllib
    from typing import Any

    import tomli_w
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from visitplan.ical.stamps import stamp
    from visitplan.plan.fields import TOPIC_STATUSES
    from visitplan.plan.loading import load_plan_text

    source = EXAMPLE.read_text(encoding="utf-8")
    raw = tomllib.loads(source)
    base = load_plan_text(source, EXAMPLE.name).plan
    assert base is not None
    before = stamp(base, {}, datetime(2026, 5, 1, tzinfo=UTC), todos=True).entries
    line = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=30)
    organizations = sorted(raw["organizations"])

    def shuffled(value: Any, rng: random.Random) -> Any:
        if isinstance(value, dict):
            keys = list(value)
            rng.shuffle(keys)
            return {key: shuffled(value[key], rng) for key in keys}
        if isinstance(value, list):  # the order of lists is the plan's: kept
            return [shuffled(v, rng) for v in value]
        return value

    @settings(max_examples=50, deadline=None)
    @given(st.data())
    def check(data: st.DataObject) -> None:
        plan = copy.deepcopy(raw)
        for person in plan["people"].values():
            if data.draw(st.booleans()):
                person["phone"] = data.draw(line)
            if data.draw(st.booleans()):
                person["role"] = data.draw(line | st.fixed_dictionaries({"fr": line}))
        for topic in plan["topics"]:
            topic["status"] = data.draw(st.sampled_from(TOPIC_STATUSES))
            topic["requested_by"] = data.draw(st.sampled_from(organizations))
        for action in plan["actions"]:
            if data.draw(st.booleans()):
                action["url"] = "https://example.org/" + data.draw(
                    st.from_regex(r"[a-z]{1,9}", fullmatch=True)
                )
        text = tomli_w.dumps(shuffled(plan, data.draw(st.randoms())))
        result = load_plan_text(text, EXAMPLE.name)
        assert result.plan is not None and result.ok, [f.render() for f in result.findings]
        after = stamp(result.plan, before, datetime(2026, 6, 1, tzinfo=UTC), todos=True)
        assert after.entries == before

    check()
