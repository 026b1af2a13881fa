"""`make bench`: time whole visitplan processes against baselines and write the ratios to
docs/performance.md. `python benchmarks/run.py --only import` runs the `import` rows alone
and prints them (without writing the report).

Each row runs the compared commands interleaved (A, B, A, B, …) after one warm-up of
each, so that a noisy machine slows both alike, and compares medians. Small rows run 10
times; the 10,000-event rows BENCH_RUNS times (default 5, without a warm-up) and the
50,000-event rows BENCH_GROWTH_RUNS times (default 2), to stay within ten minutes on
two cores. Bytecode is compiled first
and written, as on a user's machine (PYTHONDONTWRITEBYTECODE is unset for the runs).

`python benchmarks/run.py --only programme` times the PDF programme row alone and prints
it (docs/performance.md is left as it is); `--only site` the same for the site's rows.

`python benchmarks/run.py --against DIR` (`make bench-against OLD=DIR`) times the
performance rows with this install and the one of DIR (a checkout of another commit with
its own .venv) side by side, interleaved, and prints one table (old, new, new/old).
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import khal_setup  # noqa: E402
from generate import event_id, generate  # noqa: E402
from invitations import invitations  # noqa: E402

PYTHON = sys.executable
VISITPLAN = str(Path(PYTHON).parent / "visitplan")
EXAMPLE = ROOT / "plans" / "korosten-bourges.toml"
BIG_RUNS = int(os.environ.get("BENCH_RUNS", "5"))
GROWTH_RUNS = int(os.environ.get("BENCH_GROWTH_RUNS", "2"))


@dataclass
class Timing:
    median: float
    low: float
    high: float
    runs: int

    def __str__(self) -> str:
        return f"{self.median:.3f} s ({self.low:.3f}–{self.high:.3f}, n={self.runs})"


def run_once(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    elapsed = time.perf_counter() - started
    if done.returncode not in (0,):
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr.decode()[-2000:]}")
    return elapsed


def compare(
    commands: list[tuple[list[str], dict[str, str] | None]],
    runs: int,
    fresh_cache: bool = False,
    warm_up: bool | None = None,
) -> list[Timing]:
    """Time the commands interleaved; ``fresh_cache`` gives the first one an empty plan
    cache on every run (a first run)."""
    base = os.environ.copy()
    base.pop("PYTHONDONTWRITEBYTECODE", None)
    base.update(
        {"VISITPLAN_TODAY": "2025-03-01", "SOURCE_DATE_EPOCH": "1767225600", "NO_COLOR": "1"}
    )
    times: list[list[float]] = [[] for _ in commands]

    def env_for(index: int, extra: dict[str, str] | None) -> dict[str, str]:
        env = dict(base, **(extra or {}))
        if fresh_cache and index == 0:
            env["VISITPLAN_CACHE_DIR"] = tempfile.mkdtemp(prefix="vp-bench-cache-")
        return env

    if runs >= 5 if warm_up is None else warm_up:  # long rows: only where it matters
        for index, (command, extra) in enumerate(commands):
            run_once(command, env_for(index, extra))
    for _ in range(runs):
        for index, (command, extra) in enumerate(commands):
            times[index].append(run_once(command, env_for(index, extra)))
    return [Timing(statistics.median(t), min(t), max(t), len(t)) for t in times]


def peak_memory_mb(command: list[str], env_extra: dict[str, str]) -> float:
    code = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    env = dict(os.environ, **env_extra)
    done = subprocess.run(
        [PYTHON, "-c", code, *command], env=env, capture_output=True, text=True, check=True
    )
    return int(done.stdout.strip()) / 1024


def programme_row() -> tuple[str, str, float, float, str]:
    """The bilingual PDF programme of the example plan (its four events), in seconds."""
    with tempfile.TemporaryDirectory(prefix="vp-bench-pdf-") as folder:
        command = [VISITPLAN, "program", str(EXAMPLE), "--all", "--lang", "uk", "--lang", "fr"]
        command += ["--format", "pdf", "-o", str(Path(folder) / "p.pdf")]
        (timing,) = compare([(command, None)], 10)
    print(f"programme PDF: {timing}", flush=True)
    what = "`program --all --format pdf` of the example plan in uk + fr, seconds"
    return (what, "≤ 1 s", timing.median, 1.0, f"visitplan {timing}")


def site_rows(
    repo10: Path, work: Path, cached: dict[str, str]
) -> list[tuple[str, str, float, float, str]]:
    """`site` of the 10,000-event repository against `check` of it: into an empty folder
    (once: about two minutes), again with no plan changed, and again after one plan
    changed (the pages of that plan's unit alone are built again)."""
    folder = work / "site10"
    site = [VISITPLAN, "site", str(folder), str(repo10)]
    check = [VISITPLAN, "check", str(repo10)]
    fresh = ["sh", "-c", f'rm -rf "{folder}" && exec "$@"', "sh", *site]
    plan = repo10 / "plan-0000.toml"
    touched = ["sh", "-c", f'echo "# $$" >> "{plan}" && exec "$@"', "sh", *site]
    out = []
    for what, command, runs in (
        ("into an empty folder", fresh, 1),
        ("again, no plan changed", site, BIG_RUNS),
        ("again, one plan changed", touched, BIG_RUNS),
    ):
        a, b = compare([(command, cached), (check, cached)], runs, warm_up=False)
        ratio = a.median / b.median
        label = f"`site` of the 10,000-event repository, {what}, vs `check` of it"
        out.append((label, "≤ 2×", ratio, 2.0, f"visitplan site {a}; check {b}"))
        print(f"{label}: {ratio:.2f}× (target ≤ 2×; site {a}, check {b})", flush=True)
    return out


def import_rows(work: Path) -> list[tuple[str, str, float, float, str]]:
    """`import` of synthetic invitations (benchmarks/invitations.py) into an empty plan,
    absolute times on this machine: the targets of issue #14 are in seconds."""
    rows = []
    empty = work / "empty.toml"
    empty.write_text(
        'format = 1\nid = "bench"\ntitle = "Bench"\ntimezone = "Europe/Kyiv"\n', encoding="utf-8"
    )

    def command(events: int, attendees: int) -> list[str]:
        source = work / f"invitations-{events}-{attendees}.ics"
        source.write_bytes(invitations(events, attendees))
        plan = work / f"import-{events}-{attendees}.toml"
        return ["sh", "-c", f'cp "{empty}" "{plan}" && exec "{VISITPLAN}" import "{source}" '
                f'--plan "{plan}"']  # fmt: skip

    for what, events, attendees, target, runs in (
        ("`import` of 1,000 invitations into an empty plan", 1000, 3, 5.0, 3),
        ("`import` of 10,000 invitations into an empty plan", 10000, 3, 30.0, GROWTH_RUNS),
        ("`import` of one invitation with 2,000 attendees", 1, 2000, 3.0, 3),
    ):
        (timing,) = compare([(command(events, attendees), None)], runs, warm_up=False)
        rows.append((what, f"≤ {target:.0f} s", timing.median, target, f"visitplan {timing}"))
        print(f"{what}: {timing.median:.2f} s (target ≤ {target:.0f} s)", flush=True)
    memory = peak_memory_mb(command(10000, 3), {"VISITPLAN_TODAY": "2025-03-01"})
    rows.append(("peak memory, `import` of 10,000 invitations", "≤ 300 MB", memory, 300.0,
                 f"{memory:.0f} MB (max RSS)"))  # fmt: skip
    print(f"import memory: {memory:.0f} MB", flush=True)
    return rows


def against(old: Path) -> None:
    """The performance rows run by the install of ``old`` (a checkout with its own .venv)
    and by this one, interleaved (old, new, old, new, … after a warm-up of each), printed
    as one table. Each side has its own copy of the generated plans and its own plan
    cache, so that what one writes (export state, index) never makes the other's stale.
    The site rows use a smaller repository (1,000 events): its first build, the warm-up,
    would take minutes on the 10,000 events."""
    sides = {"old": old.resolve(), "new": ROOT}
    for root in sides.values():
        if not (root / ".venv" / "bin" / "visitplan").exists():
            raise SystemExit(
                f"no {root}/.venv/bin/visitplan: run `make -C {root} .venv/.installed-run`"
            )
        python = str(root / ".venv" / "bin" / "python")
        subprocess.run([python, "-m", "compileall", "-q", str(root / "src")], check=True)
    work = Path(tempfile.mkdtemp(prefix="vp-bench-against-"))
    plans, events = 200, 50
    generate(work / "repo-10k", plans, events)
    generate(work / "repo-1k", 20, events)
    shown = event_id(plans // 2, events // 2)  # p0100-e25, as the show row of run()
    started, load = time.perf_counter(), os.getloadavg()[0]

    def commands(name: str) -> dict[str, tuple[list[str], dict[str, str]]]:
        shutil.copytree(work / "repo-10k", work / name / "repo")
        shutil.copytree(work / "repo-1k", work / name / "repo-site")
        bin_, repo = str(sides[name] / ".venv" / "bin" / "visitplan"), str(work / name / "repo")
        env = {"VISITPLAN_CACHE_DIR": str(work / name / "cache")}
        days = [bin_, "agenda", repo, "--from", "2025-03-01", "--days"]
        site = [bin_, "site", str(work / name / "site"), str(work / name / "repo-site")]
        rows = {
            "`export` of 10,000 events": [bin_, "export", repo, "-o", str(work / name / "x.ics")],
            "start-up: `--version`": [bin_, "--version"],
            "`check`, 10,000 events / 200 plans": [bin_, "check", repo],
            "`agenda --days 1`, no file changed": [*days, "1"],
            "`agenda --days 30`, no file changed": [*days, "30"],
            "`show EVENT` over the 10,000 events": [bin_, "show", repo, shown],
            "`people --format csv` of the 10,000 events": [bin_, "people", repo, "-f", "csv"],
            "`site` again, no plan changed (1,000 events)": site,
        }
        return {what: (command, env) for what, command in rows.items()}

    old_rows, new_rows = commands("old"), commands("new")
    lines = ["| row | old median | new median | new/old |", "|---|---|---|---|"]
    for what in old_rows:
        runs = BIG_RUNS if what.startswith(("`export", "`check")) else 10
        a, b = compare([old_rows[what], new_rows[what]], runs, warm_up=True)
        lines.append(f"| {what} | {a} | {b} | {b.median / a.median:.2f} |")
        print(lines[-1], flush=True)
        if what.startswith("`export"):  # its state files must be no longer racy (see run())
            time.sleep(2.5)
    print(f"\nold: {sides['old']} ({_commit(sides['old'])}), new: {ROOT} ({_commit(ROOT)}); "
          f"{time.perf_counter() - started:.0f} s, load average {load:.1f} at the start, "
          f"{os.getloadavg()[0]:.1f} at the end, {os.cpu_count()} cores\n")  # fmt: skip
    print("\n".join(lines))
    shutil.rmtree(work, ignore_errors=True)


def _commit(root: Path) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), "describe", "--always", "--dirty"], capture_output=True, text=True
    )
    return done.stdout.strip() or "not a git checkout"


def main() -> None:
    if sys.argv[1:2] == ["--against"] and len(sys.argv) == 3:  # old vs new, printed
        against(Path(sys.argv[2]))
        return
    if sys.argv[1:] == ["--only", "programme"]:  # one row, printed, the report left alone
        programme_row()
        return
    if sys.argv[1:] == ["--only", "site"]:  # the site's rows, printed, the report left alone
        work = Path(tempfile.mkdtemp(prefix="vp-bench-site-"))
        generate(work / "repo-10k", 200, 50)
        cached = {"VISITPLAN_CACHE_DIR": str(work / "cache")}
        site_rows(work / "repo-10k", work, cached)
        shutil.rmtree(work, ignore_errors=True)
        return
    started = time.perf_counter()
    subprocess.run(
        [PYTHON, "-m", "compileall", "-q", str(ROOT / "src"), str(ROOT / "benchmarks")], check=True
    )
    work = Path(tempfile.mkdtemp(prefix="vp-bench-"))
    if sys.argv[1:] == ["--only", "import"]:  # these rows alone, printed, no report written
        for what, target, value, limit, detail in import_rows(work):
            print(f"| {what} | {target} | {_shown(what, target, value)} | "
                  f"{_met(value, limit)} | {detail} |")  # fmt: skip
        shutil.rmtree(work, ignore_errors=True)
        return
    repo10, repo50 = work / "repo-10k", work / "repo-50k"
    generate(repo10, 200, 50)
    generate(repo50, 200, 250)
    warm_cache = str(work / "cache")
    rows: list[tuple[str, str, float, float, str]] = []  # what, target, ratio, limit, detail

    def row(what: str, target: str, limit: float, a: Timing, b: Timing, b_name: str) -> None:
        ratio = a.median / b.median
        rows.append((what, target, ratio, limit, f"visitplan {a}; {b_name} {b}"))
        print(f"{what}: {ratio:.2f}× (target {target})", flush=True)

    floor_example = [PYTHON, str(ROOT / "benchmarks" / "floor.py"), str(EXAMPLE)]
    baseline = [PYTHON, str(ROOT / "benchmarks" / "baseline_app.py")]
    agenda_example = [VISITPLAN, "agenda", str(EXAMPLE), "--all"]
    cached = {"VISITPLAN_CACHE_DIR": warm_cache}
    a, b = compare([(agenda_example, cached), (baseline, None)], 10)
    row("`agenda` on the example plan vs baseline (a)", "≤ 1.15×", 1.15, a, b, "(a)")
    a, b = compare([(agenda_example, cached), (floor_example, None)], 10)
    row("`agenda` on the example plan vs floor (b)", "≤ 3×", 3.0, a, b, "(b)")

    floor10 = [PYTHON, str(ROOT / "benchmarks" / "floor.py"), str(repo10)]
    agenda10 = [VISITPLAN, "agenda", str(repo10), "--from", "2025-03-01", "--days", "30"]
    a, b = compare([(agenda10, None), (floor10, None)], BIG_RUNS, fresh_cache=True)
    agenda10_first = a
    row(
        "`agenda --days 30`, 10,000 events / 200 plans, first run, vs floor (b)",
        "≤ 1.3×",
        1.3,
        a,
        b,
        "(b)",
    )
    # export first: it writes the plans' state files, which the rows after it find as
    # they are (its last run rewrote them: wait until they are no longer racy, see
    # src/visitplan/workspace/index/fresh.py, so that the rows below measure unchanged files)
    export10 = [VISITPLAN, "export", str(repo10), "-o", str(work / "out10.ics")]
    a, b = compare([(export10, cached), (floor10, None)], BIG_RUNS)
    export10_time = a
    row("`export` of 10,000 events vs floor (b)", "≤ 1.5×", 1.5, a, b, "(b)")
    khal = khal_setup.setup(work / "out10.ics", work)
    time.sleep(2.5)

    a, b = compare([(agenda10, cached), (floor10, None)], BIG_RUNS, warm_up=True)
    row("the same, run again with no file changed, vs floor (b)", "≤ 0.25×", 0.25, a, b, "(b)")
    day10 = [VISITPLAN, "agenda", str(repo10), "--from", "2025-03-01", "--days", "1"]
    a, b = compare([(day10, cached), (baseline, None)], 10)
    row(
        "`agenda --days 1`, 10,000 events, no file changed, vs baseline (a)",
        "≤ 1.5×",
        1.5,
        a,
        b,
        "(a)",
    )
    khal_day = [*khal, "list", "2025-03-01", "1d"]
    a, b = compare([(day10, cached), (khal_day, None)], 10)
    row(
        "the same vs `khal list` of 1 day over the same 18,000 entries (the export, in khal)",
        "≤ 0.6×",
        0.6,
        a,
        b,
        "khal",
    )
    khal_month = [*khal, "list", "2025-03-01", "30d"]
    agenda_month_khal = (agenda10, cached)
    a, b = compare([agenda_month_khal, (khal_month, None)], BIG_RUNS, warm_up=True)
    row(
        "`agenda --days 30`, no file changed, vs `khal list` of 30 days",
        "≤ 0.6×",
        0.6,
        a,
        b,
        "khal",
    )
    show10 = [VISITPLAN, "show", str(repo10), "p0100-e25"]
    a, b = compare([(show10, cached), (baseline, None)], 10)
    row(
        "`show EVENT` over the 10,000 events, no file changed, vs baseline (a)",
        "≤ 1.5×",
        1.5,
        a,
        b,
        "(a)",
    )
    # `slots` reads every plan like the agenda and searches 4 weeks for 3 parties
    slots10 = [VISITPLAN, "slots", str(repo10), "--from", "2025-03-01", "--days", "28"]
    slots10 += ["--with", "org0", "--with", "org1", "--with", "org2", "--count", "20"]
    a, b = compare([(slots10, cached), (agenda10, cached)], BIG_RUNS, warm_up=True)
    row(
        "`slots`, 4 weeks, 3 parties, 10,000 events / 200 plans, vs `agenda --days 30`",
        "≤ 1.5×",
        1.5,
        a,
        b,
        "agenda",
    )
    check10 = [VISITPLAN, "check", str(repo10)]
    a, b = compare([(check10, cached), (floor10, None)], BIG_RUNS)
    check10_time = a
    row("`check` over the 10,000-event repository vs floor (b)", "≤ 1.5×", 1.5, a, b, "(b)")
    rows.extend(site_rows(repo10, work, cached))

    day50 = [VISITPLAN, "agenda", str(repo50), "--from", "2025-03-01", "--days", "1"]
    a, b = compare([(day50, cached), (day10, cached)], 10, warm_up=True)
    rows.append(
        (
            "growth: `agenda --days 1`, no file changed, at 50,000 events ÷ at 10,000",
            "≤ 1.5",
            a.median / b.median,
            1.5,
            f"50k {a}; 10k {b}",
        )
    )
    print(f"growth agenda --days 1: {a.median / b.median:.2f}", flush=True)
    agenda50 = [VISITPLAN, "agenda", str(repo50), "--from", "2025-03-01", "--days", "30"]
    check50 = [VISITPLAN, "check", str(repo50)]
    export50 = [VISITPLAN, "export", str(repo50), "-o", str(work / "out50.ics")]
    for what, command, ten, fresh in (
        ("agenda", agenda50, agenda10_first, True),
        ("check", check50, check10_time, False),
        ("export", export50, export10_time, False),
    ):
        (fifty,) = compare(
            [(command, cached if not fresh else None)], GROWTH_RUNS, fresh_cache=fresh
        )
        ratio = fifty.median / ten.median
        rows.append(
            (
                f"growth: {what} at 50,000 events ÷ at 10,000",
                "≤ 5.5",
                ratio,
                5.5,
                f"50k {fifty}; 10k {ten}",
            )
        )
        print(f"growth {what}: {ratio:.2f}", flush=True)

    memory = peak_memory_mb(export10, cached)
    rows.append(
        (
            "peak memory, `export` of 10,000 events",
            "≤ 150 MB",
            memory,
            150.0,
            f"{memory:.0f} MB (max RSS)",
        )
    )
    print(f"memory: {memory:.0f} MB", flush=True)
    rows.append(programme_row())
    a, b = compare([([VISITPLAN, "--help"], None), ([*baseline, "--help"], None)], 10)
    row("`visitplan --help` vs baseline (a) `--help`", "≤ 1.1×", 1.1, a, b, "(a)")
    rows += import_rows(work)
    write_report(rows, time.perf_counter() - started)
    shutil.rmtree(work, ignore_errors=True)


def write_report(rows: list[tuple[str, str, float, float, str]], seconds: float) -> None:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    lines = [
        "# Performance",
        "",
        f"Measured by `make bench` on {datetime.now(UTC):%Y-%m-%d} in {seconds:.0f} s: "
        f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, visitplan {version('visitplan')}, typer "
        f"{version('typer')}, rich {version('rich')}, icalendar {version('icalendar')}.",
        "",
        "Ratios of medians of whole processes, run interleaved (the small rows after a warm-up; see "
        "benchmarks/run.py). Baselines: (a) a minimal Typer + rich app printing a 20-row table; "
        "(b) the floor, `tomllib` parsing the same plan files; khal 0.14, the terminal "
        "calendar, holding the export of the same events (benchmarks/khal_setup.py). The "
        "machine is shared: both sides of a row run under the same load, but a figure "
        "whose range (low–high) is wide is noisy.",
        "",
        "| what | target | measured | met | details |",
        "|---|---|---|---|---|",
    ]
    for what, target, value, limit, detail in rows:
        shown, met = _shown(what, target, value), _met(value, limit)
        lines.append(f"| {what} | {target} | {shown} | {met} | {detail} |")
    lines += ["", NOTES]
    out = ROOT / "docs" / "performance.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")


def _shown(what: str, target: str, value: float) -> str:
    if "MB" in target:
        return f"{value:.0f} MB"
    if target.endswith(" s"):
        return f"{value:.2f} s"
    return f"{value:.2f}" if "growth" in what else f"{value:.2f}×"


def _met(value: float, limit: float) -> str:
    over = 100 * (value / limit - 1)
    return "yes" if value <= limit else f"no, {max(over, 1):.0f} % over (why: below)"


NOTES = (Path(__file__).resolve().parent / "NOTES.md").read_text(encoding="utf-8")

if __name__ == "__main__":
    main()
