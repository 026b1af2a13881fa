"""A new plan from a template (`visitplan new`): the answers to its questions checked
(:func:`check_answer`), the template's values replaced by the ones given, its example
texts and comments taken out where they no longer fit (:func:`create_plan`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from itertools import pairwise
from pathlib import Path

from visitplan.editing.arguments import parse_text, parse_when
from visitplan.editing.document import (
    Document,
    Edit,
    apply_edits,
    comment_after,
    load_raw,
    statement_lines,
)
from visitplan.editing.moving import move_delta, shift_times
from visitplan.editing.setting import set_fields
from visitplan.editing.writing import EditRefused, write_new
from visitplan.errors import UsageError, VisitplanError
from visitplan.plan import fields as F
from visitplan.plan.timezones import UnknownZone, get_zone
from visitplan.plan.values import Value
from visitplan.plan.wording import slugify
from visitplan.workspace.checking import check_results


def strip_value_comments(doc: Document, keys: tuple[str, ...]) -> str:
    """The text without the comments after the first event's ``keys`` (they describe
    the template's example values: ``end = 2025-10-08  # 6–8 October``)."""
    text = doc.text
    edits = []
    for key in keys:
        statement = doc.layout.statements.get(f"events[0].{key}")
        if statement is None:
            continue
        tail = comment_after(text, statement)
        if tail:
            edits.append(Edit(statement.value_end, statement.value_end + len(tail), ""))
    return apply_edits(text, edits)


def check_answer(kind: str, answer: str) -> str:
    """An answer to `new`'s questions, cleaned, if it is a valid zone, list of languages
    or date/time; else a :class:`UsageError` saying what to type."""
    answer = answer.strip()
    if kind == "zone":
        try:
            get_zone(answer)
        except UnknownZone as unknown:
            near = ", ".join(unknown.suggestions[:3])
            raise UsageError(
                f'"{answer}" is not a time zone',
                f"did you mean {near}?" if near else "write it like Europe/Kyiv",
            ) from None
    elif kind == "languages":
        codes = [part.strip() for part in answer.split(",") if part.strip()]
        wrong = [code for code in codes if not F.LANG_RE.match(code)]
        if not codes or wrong:
            raise UsageError(
                f'"{", ".join(wrong) or answer}" is not a language code',
                "give codes such as uk,fr,en or pt-BR, separated by commas",
            )
        answer = ",".join(codes)
    else:
        parse_when(answer, allow_time=False)
    return answer


def template_text(name: str) -> str:
    from importlib.resources import files

    return (files("visitplan") / "templates" / f"{name}.toml").read_text(encoding="utf-8")


def create_plan(
    plan_id: str,
    template: str,
    folder: Path,
    title: Sequence[str] | None,
    timezone: str | None,
    start: str | None,
    end: str | None,
    today: date,
    dry_run: bool = False,
    lock: Callable[[Path], object] | None = None,
    clean: Callable[[Path, str], str] | None = None,
    languages: Sequence[str] | None = None,
) -> tuple[Path, str]:
    """Write ``folder/<plan_id>.toml`` from a template, with the given values set; with
    ``dry_run``, only return what would be written. ``lock(path)`` is called, once the
    folder exists, to hold the new plan's lock. Returns the path and the text.

    ``title`` is one plain text or ``lang=…`` values: either replaces the template's
    whole title (an example, not to be kept in a language not given). ``clean(path,
    text)`` takes the template's examples out (see ``editing.clean``) before the values
    are set."""
    if not F.SLUG_RE.fullmatch(plan_id):
        raise UsageError(
            f'"{plan_id}" is not a valid plan id',
            f'use lower-case letters, digits and hyphens, e.g. "{slugify(plan_id)}"',
        )
    path = folder / f"{plan_id}.toml"
    if path.exists():
        raise VisitplanError(
            f"{path.as_posix()} exists already", "choose another id, or edit that plan"
        )
    text = template_text(template)
    doc = Document(path, b"", clean(path, text) if clean is not None else text, False)
    doc = _with_values(doc, plan_id, title, timezone, languages)
    if start is not None or end is not None:  # the comments on the example dates go
        doc = doc.with_text(strip_value_comments(doc, ("start", "end")))
    if start is not None:
        event = load_raw(doc)["events"][0]
        doc = doc.with_text(shift_times(doc, "events[0]", move_delta(event, start, None)))
    if end is not None:
        doc = doc.with_text(
            set_fields(doc, "events[0]", {"end": parse_when(end, allow_time=False)})
        )
    errors = [f for f in check_results([doc.load()], today).findings if f.is_error]
    if errors:
        raise EditRefused(path.as_posix(), errors)
    if not dry_run:
        write_new(path, doc.text, lock)
    return path, doc.text


def _with_values(
    doc: Document,
    plan_id: str,
    title: Sequence[str] | None,
    timezone: str | None,
    languages: Sequence[str] | None,
) -> Document:
    """The template with the plan's id, title, zone and languages set; the template's
    title in a language not given, and its texts in a language the plan does not have,
    dropped."""
    values: dict[str, Value] = {"id": plan_id}
    given = parse_text("--title", title) if title else None
    if given is not None:
        values["title"] = given
    if timezone:
        values["timezone"] = timezone
    if languages:
        values["languages"] = [lang.strip() for lang in languages if lang.strip()]
    doc = doc.with_text(set_fields(doc, "", values))
    if isinstance(given, dict):
        # the template's title is an example: a language not given is dropped (and
        # `check` says it is missing) rather than left in the template's words
        doc = _without(
            doc, lambda key: key.startswith("title.") and key.removeprefix("title.") not in given
        )
        doc = _in_given_order(doc, "title", list(given))
    if languages:
        # the template's texts in a language the plan does not have are dropped too
        kept = {lang.strip() for lang in languages}
        texts = {f.name for section in F.SECTIONS for f in section.fields if f.kind == "text"}

        def other_language(key: str) -> bool:
            parts = re.split(r"[.\[\]]+", key.rstrip("]"))
            return (
                parts[-1] not in kept
                and len(parts) > 1
                and parts[-2] in texts
                and bool(F.LANG_RE.match(parts[-1]))
            )

        doc = _without(doc, other_language)
    return doc


def _in_given_order(doc: Document, key: str, order: list[str]) -> Document:
    """The document with the top-level lines ``key.<lang> = …`` (each with its comment)
    in the order of the languages given, where they stand one after the other: setting
    them keeps the template's order and adds a new language after the last."""
    text = doc.text
    parts = sorted(
        (
            (statement_lines(text, statement), path.removeprefix(f"{key}."))
            for path, statement in doc.layout.statements.items()
            if path.startswith(f"{key}.") and path.removeprefix(f"{key}.") in order
        ),
        key=lambda part: part[0],
    )
    langs = [lang for _, lang in parts]
    contiguous = all(a[0][1] == b[0][0] for a, b in pairwise(parts))
    if not parts or langs == order or sorted(langs) != sorted(order) or not contiguous:
        return doc
    lines = {lang: text[start:end] for (start, end), lang in parts}
    if not text.endswith("\n") and parts[-1][0][1] == len(text):
        return doc  # the last line has no newline to move with it
    edit = Edit(parts[0][0][0], parts[-1][0][1], "".join(lines[lang] for lang in order))
    return doc.with_text(apply_edits(text, [edit]))


def _without(doc: Document, dropped: Callable[[str], bool]) -> Document:
    """The document without the lines of the statements whose key path is ``dropped``."""
    text = doc.text
    edits = [
        Edit(*statement_lines(text, statement), "")
        for key, statement in doc.layout.statements.items()
        if dropped(key)
    ]
    return doc.with_text(apply_edits(text, edits))
