"""How the changes print (``visitplan.changes`` finds them): text as the other views print
it, Markdown for mail and wikis, JSON with stable fields for programs."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text as RichText

from visitplan.changes import PlanChanges
from visitplan.i18n import label
from visitplan.render.printer import Printer

if TYPE_CHECKING:
    from rich.console import Console


def changes_text(found: Sequence[PlanChanges], revisions: str, console: Console) -> None:
    """The changes as the other views print text: wrapped to the console's width at
    spaces, each change a ``-`` item whose further lines are indented under its text."""
    printer = Printer(console)
    for number, entry in enumerate(found):
        if number:
            printer.print()
        heading = f"{entry.title} ({entry.file}) — {revisions}" if entry.plan else entry.file
        printer.text(RichText(heading, style="bold"), 0)
        for change in entry.changes:
            printer.text(RichText(f"- {change.text}"), 2, rest=4)
    printer.flush()


def revision_name(name: str, lang: str | None) -> str:
    """A side of the comparison for people: "working tree" and "last export" in the
    output language, a git revision as it is."""
    keys = {"working tree": "working-tree", "last export": "last-export"}
    return label(lang, keys[name]) if name in keys else name


_MD_SPECIAL = set("\\`*_[]<>|~&!#")


def md_escape(text: str) -> str:
    """``text`` as Markdown that CommonMark shows as that text: a backslash before each
    character that could start emphasis, code, a link, HTML, an entity or a table cell,
    and before a ``-``, ``+``, ``=`` or ``N.``/``N)`` that would start a list or a heading
    at the start; line breaks as spaces."""
    text = " ".join(text.split("\n"))
    out = "".join("\\" + c if c in _MD_SPECIAL else c for c in text)
    lead = re.match(r"(\s*)([-+=]|\d{1,9}(?=[.)]))", out)
    if lead:
        if lead.group(2)[0].isdigit():
            end = lead.end()
            out = out[:end] + "\\" + out[end:]
        else:
            out = out[: lead.start(2)] + "\\" + out[lead.start(2) :]
    return out


def changes_markdown(found: Sequence[PlanChanges], revisions: str) -> str:
    if not found:
        return ""
    out = []
    for entry in found:
        out += [f"### {md_escape(entry.title)}", "", f"`{entry.file}` — {md_escape(revisions)}", ""]
        out.extend(f"- {md_escape(change.text)}" for change in entry.changes)
        out.append("")
    return "\n".join(out)


def changes_json(found: Sequence[PlanChanges], old: str, new: str) -> str:
    document = {
        "from": old,
        "to": new,
        "plans": [
            {
                "plan": entry.plan or None,
                "title": entry.title,
                "file": entry.file,
                "changes": [
                    {
                        "kind": c.kind,
                        "event": c.event,
                        "item": c.item,
                        "text": c.text,
                        "before": c.before,
                        "after": c.after,
                    }
                    for c in entry.changes
                ],
            }
            for entry in found
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
