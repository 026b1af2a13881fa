"""An association's own look for its programmes: ``--template DIR``.

``DIR/template.toml`` says (every key optional)::

    logo = "logo.png"                 # beside template.toml: .png, .jpg/.jpeg or .svg
    logo_alt.uk = "Асоціація міст України"   # what the logo says, for screen readers
    logo_alt.fr = "Association des villes d'Ukraine"
    accent = "#7a1f2b"                # headings and rules; needs 4.5:1 against white (AA)
    letterhead.uk = "Асоціація міст України · Київ"   # lines at the top, per language
    letterhead.fr = "Association des villes d'Ukraine · Kyiv"
    paper = "a4"                      # the PDF's paper: "a4" or "us-letter"

A text is a string (every language) or a table of languages, as in a plan. Anything
else in the file is an error naming the file and the key, so a typo never goes unseen.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from visitplan.errors import VisitplanError
from visitplan.i18n import LANGUAGES
from visitplan.plan.model import Text
from visitplan.plan.tomlread import syntax_position

DEFAULT_ACCENT = "#0b4f8a"
PAPERS = ("a4", "us-letter")
LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}
_A_KIND = {"image/png": "a PNG", "image/jpeg": "a JPEG", "image/svg+xml": "an SVG"}
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_KEYS = ("logo", "logo_alt", "accent", "letterhead", "paper")
# keys people write for one of ours, which spelling alone would not find
_SAME_AS = {"colour": "accent", "color": "accent", "accent_colour": "accent",
            "accent_color": "accent", "alt": "logo_alt", "paper_size": "paper"}  # fmt: skip
TEMPLATE_FILE = "template.toml"


@dataclass(frozen=True)
class Look:
    accent: str = DEFAULT_ACCENT
    logo: Path | None = None  # resolved; its bytes are read by the renderers
    logo_alt: Text | None = None
    letterhead: Text | None = None
    paper: str = "a4"

    @property
    def logo_type(self) -> str | None:
        return LOGO_TYPES[self.logo.suffix.lower()] if self.logo else None


DEFAULT_LOOK = Look()


class TemplateInvalid(VisitplanError):
    """A --template folder that cannot be used."""


def load_look(folder: Path | None) -> Look:
    """The look ``folder/template.toml`` describes (the default look for None)."""
    if folder is None:
        return Look()
    shown = folder.as_posix()
    if not folder.is_dir():
        raise TemplateInvalid(
            f"--template {shown} is not a folder",
            f"give a folder holding {TEMPLATE_FILE} (and the logo it names)",
        )
    path = folder / TEMPLATE_FILE
    where = path.as_posix()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TemplateInvalid(
            f"{where} does not exist",
            "write it (see README: visitplan program); every key is optional",
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise TemplateInvalid(f"{where}: cannot be read as UTF-8 text ({error})") from None
    except tomllib.TOMLDecodeError as error:
        message, line, column = syntax_position(error)
        at = f" on line {line}, column {column}" if line is not None else ""
        raise TemplateInvalid(
            f"{where}: not valid TOML{at}: {message[:1].lower()}{message[1:]}",
            'fix the TOML there; quote texts, e.g. accent = "#7a1f2b"',
        ) from None
    for key in data:
        if key not in _KEYS:
            from visitplan.plan.wording import suggest

            near = _SAME_AS.get(key.lower()) or suggest(key, _KEYS)
            raise TemplateInvalid(
                f"{where}: {key}: unknown key",
                (f'did you mean "{near}"? ' if near else "") + "the keys are " + ", ".join(_KEYS),
            )
    accent = data.get("accent", DEFAULT_ACCENT)
    if not isinstance(accent, str) or not _COLOUR.match(accent):
        raise TemplateInvalid(
            f'{where}: accent: "{accent}" is not a colour like "#7a1f2b"',
            "give six hexadecimal digits after #",
        )
    ratio = contrast(accent, "#ffffff")
    if ratio < 4.5:
        raise TemplateInvalid(
            f"{where}: accent: {accent} has a contrast of {ratio:.2f}:1 against white; "
            "text in it needs 4.5:1 to be readable (WCAG AA)",
            "choose a darker colour",
        )
    paper = data.get("paper", "a4")
    if paper not in PAPERS:
        raise TemplateInvalid(f'{where}: paper: "{paper}" is not one of {", ".join(PAPERS)}')
    logo = None
    if "logo" in data:
        name = data["logo"]
        if not isinstance(name, str) or not name:
            raise TemplateInvalid(f"{where}: logo: give a file name beside {TEMPLATE_FILE}")
        logo = (folder / name).resolve()
        if logo.suffix.lower() not in LOGO_TYPES:
            raise TemplateInvalid(
                f"{where}: logo: {name} is not a .png, .jpg or .svg file",
                "convert the logo to one of these",
            )
        if not logo.is_file():
            raise TemplateInvalid(f"{where}: logo: {name} does not exist in {shown}")
        if not logo.is_relative_to(folder.resolve()):
            raise TemplateInvalid(
                f"{where}: logo: {name} is outside {shown}; put it beside the file"
            )
        _check_image(logo, name, where)
    return Look(
        accent.lower(),
        logo,
        _text(data, "logo_alt", where),
        _text(data, "letterhead", where),
        paper,
    )


def _check_image(logo: Path, name: str, where: str) -> None:
    """The logo's first bytes are those of the image its extension names (a renamed
    file, or a text saved as .png, is refused here, not when the PDF is made)."""
    try:
        with logo.open("rb") as handle:
            head = handle.read(1024)
    except OSError as error:
        raise TemplateInvalid(f"{where}: logo: {name} cannot be read ({error.strerror})") from None
    kind = LOGO_TYPES[logo.suffix.lower()]
    if kind == "image/png":
        real = head.startswith(b"\x89PNG\r\n\x1a\n")
    elif kind == "image/jpeg":
        real = head.startswith(b"\xff\xd8\xff")
    else:
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        real = text.startswith((b"<svg", b"<?xml", b"<!--", b"<!DOCTYPE svg")) and b"<svg" in head
    if not real:
        raise TemplateInvalid(
            f"{where}: logo: {name} is not {_A_KIND[kind]} image (its first bytes are not "
            "those of one)",
            "export the logo again as PNG, JPEG or SVG, with the extension it has",
        )


def _text(data: dict[str, Any], key: str, where: str) -> Text | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, dict):
        for lang in value:
            if lang not in LANGUAGES:
                from visitplan.plan.wording import suggest

                near = suggest(lang, LANGUAGES)
                raise TemplateInvalid(
                    f'{where}: {key}.{lang}: "{lang}" is not a language visitplan knows',
                    (f'did you mean "{near}"? ' if near else "")
                    + "the languages are "
                    + ", ".join(LANGUAGES),
                )
    if isinstance(value, str) or (
        isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values())
    ):
        return Text.of(value)
    raise TemplateInvalid(
        f"{where}: {key}: give a text, or a table of texts by language (uk, fr, en)"
    )


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
