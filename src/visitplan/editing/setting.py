"""Changing values in a plan file (:func:`set_fields`): a value is replaced where it
stands, its comment kept; a new key goes after the last key of its table; text in
several languages is changed language by language in whichever form the file writes it
(dotted keys, an inline table, a table of its own, one text for every language)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from visitplan.editing.document import (
    Document,
    Edit,
    apply_edits,
    comment_after,
    lead_newline,
    line_end,
    line_start,
    load_raw,
    load_raw_value,
    statement_lines,
)
from visitplan.editing.values import render_fields, render_value
from visitplan.errors import UsageError
from visitplan.plan.locate import Layout, Statement
from visitplan.plan.values import Table, Value


def set_fields(doc: Document, path: str, values: Mapping[str, Value]) -> str:
    """The text with ``values`` set in the table at ``path``: an existing value replaced
    where it stands (keeping its comment), a new key added after the table's last key.

    Text in several languages (a ``dict``) replaces only the languages it gives, in
    whichever form the file writes the text (see :func:`_text_edits`); a plain string
    replaces the whole text."""
    text, newline = doc.text, doc.newline
    layout = doc.layout
    edits: list[Edit] = []
    header = next((h for h in layout.headers if h.path == path), None)
    inserts: list[str] = []
    indent = header.indent if header else ""
    languages: tuple[str, ...] | None = None
    for key, value in values.items():
        key_path = f"{path}.{key}" if path else key
        old = [
            s for p, s in layout.statements.items() if p == key_path or p.startswith(key_path + ".")
        ]
        if isinstance(value, Table) and old:
            edits += _table_edits(doc, old, key_path, key, value)
            continue
        if isinstance(value, dict) or (old and old[0].path != key_path) or _is_inline(doc, old):
            if isinstance(value, dict) and languages is None:
                plan_languages = load_raw(doc).get("languages", [])
                languages = tuple(plan_languages) if isinstance(plan_languages, list) else ()
            text_edits, insert = _text_edits(doc, layout, key_path, key, value, languages or ())
            edits += text_edits
            if insert is not None:
                inserts.append(insert)
            continue
        if old:
            statement = old[0]
            edits.append(Edit(statement.value_start, statement.value_end, render_value(value)))
        else:
            inserts.append(render_fields({key: value}, "", newline))
    if inserts:
        offset = _last_key_end(doc, layout, path)
        block = "".join(
            indent + line + newline for chunk in inserts for line in chunk.split(newline) if line
        )
        edits.append(Edit(offset, offset, lead_newline(text, offset, newline) + block))
    return apply_edits(text, edits)


def _table_edits(
    doc: Document, old: Sequence[Statement], key_path: str, key: str, value: Table
) -> list[Edit]:
    """An inline table in place of the value at ``key_path`` (``old``: its statements),
    on the line of the first; written as dotted keys, they become one line."""
    text, rendered = doc.text, render_value(value)
    first = min(old, key=lambda s: s.start)
    edits = [Edit(*statement_lines(text, s), "") for s in old if s is not first]
    if first.path == key_path:
        edits.append(Edit(first.value_start, first.value_end, rendered))
    else:  # written as dotted keys: one line in place of them
        line = f"{first.indent}{key} = {rendered}{doc.newline}"
        edits.append(Edit(*statement_lines(text, first), line))
    return edits


def _is_inline(doc: Document, old: Sequence[Statement]) -> bool:
    return len(old) == 1 and doc.text.startswith("{", old[0].value_start)


def _key_prefix(text: str, statement: Statement) -> str:
    """The key of a ``title.uk = …`` line without its language: ``title.``; ``""`` for a
    line ``uk = …`` of a ``[events.title]`` table."""
    key = text[statement.start : statement.value_start].rstrip().removesuffix("=").rstrip()
    head, dot, _ = key.rpartition(".")
    return head.rstrip() + "." if dot else ""


def _text_edits(
    doc: Document,
    layout: Layout,
    key_path: str,
    key: str,
    value: Value,
    languages: Sequence[str],
) -> tuple[list[Edit], str | None]:
    """The edits that set the text at ``key_path``, and the text of new lines to add
    after the table's last key (or None).

    A ``dict`` replaces the languages it gives and keeps the others, wherever the file
    has them: dotted keys (``title.uk = …``), an inline table (``title = { uk = … }``),
    a table of its own (``[events.title]``). A plain string in the file is one text for
    every language: it becomes one line per language of the plan, the old text kept for
    those not given. A ``str`` replaces the whole text with one ``key = "…"``."""
    parts = sorted(
        (s for p, s in layout.statements.items() if p.startswith(key_path + ".")),
        key=lambda s: s.start,
    )
    if isinstance(value, str):
        return _whole_text_edits(doc, layout, key_path, key, render_value(value), parts)
    assert isinstance(value, dict)
    own = layout.statements.get(key_path)
    if own is not None and doc.text.startswith("{", own.value_start):
        return _inline_edits(doc, own, value), None
    if own is not None:  # one text for every language, now written language by language
        return [_split_by_language(doc, own, key, value, languages)], None
    if not parts:
        return [], render_fields({key: value}, "", doc.newline)
    return _language_edits(doc, layout, key_path, value, parts), None


def _whole_text_edits(
    doc: Document,
    layout: Layout,
    key_path: str,
    key: str,
    rendered: str,
    parts: Sequence[Statement],
) -> tuple[list[Edit], str | None]:
    """One text for every language at ``key_path`` (``parts``: the file's lines of it by
    language), in whichever form the file has it; see :func:`_text_edits`."""
    text, newline = doc.text, doc.newline
    own = layout.statements.get(key_path)
    if own is not None:  # a string or an inline table: replaced where it stands
        return [Edit(own.value_start, own.value_end, rendered)], None
    table = next((h for h in layout.headers if h.path == key_path), None)
    if table is not None:  # [events.title]: the table goes, the key joins its parent
        start = table.start  # with its comments and the blank lines above it
        while start > 0:
            above = text[line_start(text, start - 1) : start].strip()
            if above and not above.startswith("#"):
                break
            start = line_start(text, start - 1)
        end = max([line_end(text, s.value_end) for s in parts] or [line_end(text, table.start)])
        return [Edit(start, end, "")], f"{key} = {rendered}{newline}"
    if parts:  # dotted keys: one line where the first one stood
        first = parts[0]
        line = (
            f"{first.indent}{_key_prefix(text, first).rstrip('.')} = {rendered}"
            + comment_after(text, first)
            + newline
        )
        return [Edit(*statement_lines(text, s), line if s is first else "") for s in parts], None
    return [], f"{key} = {rendered}{newline}"


def _split_by_language(
    doc: Document, own: Statement, key: str, value: Mapping[str, str], languages: Sequence[str]
) -> Edit:
    """One text for every language (``own``) written as one line per language of the
    plan: the languages given take their new text, the others keep the old one."""
    text, newline = doc.text, doc.newline
    if not languages:
        raise UsageError(
            f"{own.path} is one text for every language, and the plan lists no "
            "`languages` to keep it in",
            f'give the whole text as --{key.replace("_", "-")} "…", or add '
            "`languages = [...]` at the top of the plan",
        )
    old_text = load_raw_value(doc, own.path)
    merged = {lang: value.get(lang, old_text) for lang in languages}
    merged.update({lang: text_ for lang, text_ in value.items() if lang not in merged})
    prefix = text[own.start : own.value_start].rstrip().removesuffix("=").rstrip()
    block = newline.join(
        f"{own.indent}{prefix}.{lang} = {render_value(text_)}"
        + (comment_after(text, own) if number == 0 else "")
        for number, (lang, text_) in enumerate(merged.items())
    )
    return Edit(*statement_lines(text, own), block + newline)


def _language_edits(
    doc: Document,
    layout: Layout,
    key_path: str,
    value: Mapping[str, str],
    parts: Sequence[Statement],
) -> list[Edit]:
    """The languages of ``value`` set in a text the file writes by language (``parts``,
    dotted keys or a table of its own): replaced where they stand, new ones after the
    last."""
    text, newline = doc.text, doc.newline
    edits = []
    new_lines = []
    for lang, text_ in value.items():
        existing = layout.statements.get(f"{key_path}.{lang}")
        if existing is not None:
            edits.append(Edit(existing.value_start, existing.value_end, render_value(text_)))
        else:
            new_lines.append(f"{lang} = {render_value(text_)}")
    if new_lines:
        last = parts[-1]
        prefix = _key_prefix(text, last)
        offset = line_end(text, last.value_end)
        block = "".join(f"{last.indent}{prefix}{line}{newline}" for line in new_lines)
        edits.append(Edit(offset, offset, lead_newline(text, offset, newline) + block))
    return edits


_INLINE_ENTRY = re.compile(
    r"""[ \t]*([A-Za-z0-9_-]+|"[^"\\\n]*"|'[^'\n]*')[ \t]*=[ \t]*"""
    r"""("(?:[^"\\\n]|\\.)*"|'[^'\n]*')[ \t]*([,}])"""
)


def _inline_edits(doc: Document, own: Statement, value: Mapping[str, str]) -> list[Edit]:
    """Languages replaced inside ``title = { uk = "…", en = "…" }``, new ones added at
    its end; an inline table this cannot read entry by entry is written anew."""
    text = doc.text
    spans: dict[str, tuple[int, int]] = {}
    pos = own.value_start + 1
    last_end = pos
    equals, comma = " = ", ", "  # as the table writes them: {uk="…"} or { uk = "…" }
    while True:
        found = _INLINE_ENTRY.match(text, pos)
        if found is None or found.end() > own.value_end:
            break
        if not spans:
            equals = text[found.end(1) : found.start(2)]
        elif len(spans) == 1:
            comma = text[last_end : found.start(1)]
        spans[found.group(1).strip("\"'")] = (found.start(2), found.end(2))
        last_end = found.end(2)
        pos = found.end()
        if found.group(3) == "}":
            break
    old = load_raw_value(doc, own.path)
    if pos != own.value_end or not isinstance(old, dict) or set(spans) != set(old):
        merged = {**old, **value} if isinstance(old, dict) else dict(value)
        rendered = ", ".join(f"{lang} = {render_value(t)}" for lang, t in merged.items())
        return [Edit(own.value_start, own.value_end, "{ " + rendered + " }")]
    edits = []
    added = []
    for lang, text_ in value.items():
        if lang in spans:
            edits.append(Edit(*spans[lang], render_value(text_)))
        else:
            added.append(f"{comma}{lang}{equals}{render_value(text_)}")
    if added:
        edits.append(Edit(last_end, last_end, "".join(added)))
    return edits


def _last_key_end(doc: Document, layout: Layout, path: str) -> int:
    """Just after the last ``key = value`` line of the table itself: its lines between its
    header and the next header (a table's own keys come before its sub-tables, and a line
    of an ``[events.title]`` table below it is not one of its keys)."""
    if path:
        header = next(h for h in layout.headers if h.path == path)
        begin = header.start
        later = [h.start for h in layout.headers if h.start > begin]
    else:
        begin = 0
        later = [h.start for h in layout.headers]
    end = min(later, default=len(doc.text))
    own = [s for s in layout.statements.values() if begin <= s.start < end]
    if own:
        return line_end(doc.text, max(s.value_end for s in own))
    return line_end(doc.text, begin) if path else 0
