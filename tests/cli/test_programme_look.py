"""`visitplan program --template DIR` (logo, colours, letterhead, paper) and the revision
the programme names (git's short hash of the plan's last commit, or "modified")."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE, Run, git, snapshot
from visitplan.workspace.history import plan_revision

LOGO = "<svg xmlns='http://www.w3.org/2000/svg' width='60' height='20'><rect width='60' height='20'/></svg>"


def template(folder: Path, text: str, logo: str | None = "logo.svg") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "template.toml").write_text(text, encoding="utf-8")
    if logo:
        (folder / logo).write_text(LOGO, encoding="utf-8")
    return folder


def test_the_look_reaches_the_html(run: Run, tmp_path: Path) -> None:
    look = template(
        tmp_path / "look",
        'logo = "logo.svg"\nlogo_alt.uk = "Асоціація міст України"\nlogo_alt.fr = "AVU"\n'
        'accent = "#7A1F2B"\nletterhead.uk = "АМУ · Київ"\nletterhead.fr = "AVU · Kyiv"\n',
    )
    target = tmp_path / "p.html"
    result = run(
        "program", EXAMPLE, "study-visit-2023", "--lang", "uk", "--lang", "fr",
        "--template", look, "-o", target,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    assert '<img class="vp-logo" src="data:image/svg+xml;base64,' in page
    assert 'alt="Асоціація міст України"' in page
    assert "--vp-accent:#7a1f2b" in page
    assert '<p class="vp-letterhead" lang="uk">АМУ · Київ</p>' in page
    assert '<p class="vp-letterhead" lang="fr">AVU · Kyiv</p>' in page
    plain = run("program", EXAMPLE, "study-visit-2023", "--lang", "uk")
    assert "<img" not in plain.stdout and "--vp-accent:#0b4f8a" in plain.stdout


@pytest.mark.parametrize(
    ("text", "logo", "message"),
    [
        ('acent = "#7a1f2b"\n', None, "template.toml: acent: unknown key"),
        ('accent = "red"\n', None, 'accent: "red" is not a colour like "#7a1f2b"'),
        ('accent = "#777777"\n', None, "accent: #777777 has a contrast of 4.48:1 against white"),
        ('paper = "a5"\n', None, 'paper: "a5" is not one of a4, us-letter'),
        ('logo = "missing.png"\n', None, "logo: missing.png does not exist"),
        ('logo = "logo.gif"\n', "logo.gif", "logo: logo.gif is not a .png, .jpg or .svg file"),
        ('logo = "../outside.svg"\n', None, "is outside"),
        ("letterhead = 3\n", None, "letterhead: give a text"),
        ("accent = \n", None, "not valid TOML"),
        # the trial of a Lviv–Lublin plan (#15): each refused when the template is read
        ("\n\naccent = \n", None, "template.toml: not valid TOML on line 3, column 10: "),
        ('colour = "#7a1f2b"\n', None, 'colour: unknown key — did you mean "accent"?'),
        ('letterhed = "AVU"\n', None, 'did you mean "letterhead"?'),
        ('letterhead.xx = "AVU"\n', None, 'letterhead.xx: "xx" is not a language visitplan'),
        ('logo = "fake.png"\n', "fake.png", "logo: fake.png is not a PNG image"),
        ('logo = "fake.jpg"\n', "fake.jpg", "logo: fake.jpg is not a JPEG image"),
    ],
)
def test_a_bad_template_fails_cleanly_and_writes_nothing(
    run: Run, tmp_path: Path, text: str, logo: str | None, message: str
) -> None:
    (tmp_path / "outside.svg").write_text(LOGO, encoding="utf-8")
    look = template(tmp_path / "look", text, logo)
    out = tmp_path / "out"
    out.mkdir()
    before = snapshot(tmp_path)
    result = run("program", EXAMPLE, "study-visit-2023", "--template", look, "-o", out / "p.html")
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert (look / "template.toml").as_posix() in result.output or "outside" in message
    assert "Traceback" not in result.output
    assert snapshot(tmp_path) == before


def test_a_real_image_of_each_kind_is_accepted(tmp_path: Path) -> None:
    from visitplan.render.programme import load_look

    for name, data in (
        ("logo.png", b"\x89PNG\r\n\x1a\n" + bytes(20)),
        ("logo.jpg", b"\xff\xd8\xff\xe0" + bytes(20)),
        ("logo.svg", ("\ufeff<?xml version='1.0'?>\n" + LOGO).encode()),
    ):
        folder = tmp_path / name
        template(folder, f'logo = "{name}"\n', None)
        (folder / name).write_bytes(data)
        assert load_look(folder).logo == (folder / name).resolve()
    folder = tmp_path / "text-as-svg"
    template(folder, 'logo = "logo.svg"\n', None)
    (folder / "logo.svg").write_text("not an image", encoding="utf-8")
    with pytest.raises(Exception, match="is not an SVG image"):
        load_look(folder)


@pytest.mark.parametrize("what", ["not a folder", "no template.toml"])
def test_a_template_folder_must_hold_the_file(run: Run, tmp_path: Path, what: str) -> None:
    target = tmp_path / "look"
    if what == "not a folder":
        target.write_text("", encoding="utf-8")
    else:
        target.mkdir()
    result = run("program", EXAMPLE, "study-visit-2023", "--template", target)
    assert result.exit_code == 1
    assert ("is not a folder" if what == "not a folder" else "does not exist") in result.output


def test_the_revision_is_the_plan_last_commit_or_modified(tmp_path: Path) -> None:
    plan = tmp_path / "plans" / "korosten-bourges.toml"
    plan.parent.mkdir()
    shutil.copy(EXAMPLE, plan)
    assert plan_revision(plan) == "modified"  # not in a repository
    git(tmp_path, "init", "-q")
    assert plan_revision(plan) == "modified"  # not committed
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "plan")
    commit = git(tmp_path, "log", "-1", "--format=%H").strip()
    assert plan_revision(plan) == commit[:7]
    (tmp_path / "other.txt").write_text("x", encoding="utf-8")
    git(tmp_path, "add", "other.txt")
    git(tmp_path, "commit", "-qm", "another file")
    assert plan_revision(plan) == commit[:7]  # a commit that does not touch the plan
    plan.write_text(plan.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert plan_revision(plan) == "modified"


def test_the_programme_names_the_revision(run: Run, tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    shutil.copy(EXAMPLE, plan)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "plan")
    commit = git(tmp_path, "log", "-1", "--format=%H").strip()
    result = run("program", plan, "study-visit-2023", "--lang", "fr")
    assert f"version du plan {commit[:7]}" in result.stdout
    plan.write_text(plan.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    result = run("program", plan, "study-visit-2023", "--lang", "fr")
    assert "version du plan modifiée, non enregistrée dans git" in result.stdout
