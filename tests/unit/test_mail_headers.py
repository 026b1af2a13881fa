"""Subjects and display names survive the trip: RFC 2047 encoding and folding done by
visitplan (mailheaders), decoded by Python's email.parser, by its older email.header
decoder and by Perl's Encode (MIME-Header), for Cyrillic, French and mixed text of every
length — not the standard library's folding, which drops spaces on Python 3.11–3.13."""

from __future__ import annotations

import shutil
import subprocess
from email import policy
from email.header import decode_header, make_header
from email.parser import BytesParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from visitplan.sync.inviting import header_text, name_text
from visitplan.sync.mailheaders import MAX_LINE, fold_address, fold_text

CYRILLIC = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяАБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯʼ"
FRENCH = "abcdeéèêëàâçîïôûùüÿœæÉÈÀÇŒ'’«»"
ASCII = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-–—:;,.!?()<>@"\\=_'
texts = st.text(
    alphabet=st.sampled_from(CYRILLIC + FRENCH + ASCII + "      \u00a0\t"), max_size=300
) | st.text(alphabet=st.sampled_from(ASCII + "   "), max_size=300)


def parsed(name: str, value: str) -> object:
    raw = f"{name}: {value}\r\n\r\n".encode("ascii")
    return BytesParser(policy=policy.default).parsebytes(raw)


def check_lines(name: str, value: str) -> None:
    lines = f"{name}: {value}".split("\r\n")
    assert all(line.startswith(" ") for line in lines[1:])
    # Only an unbreakable ASCII word may be longer (it stays within RFC 5322's 998).
    assert all(len(line) <= MAX_LINE or " " not in line.strip() for line in lines)
    value.encode("ascii")


@settings(max_examples=400, deadline=None)
@given(texts)
def test_a_subject_round_trips_through_two_python_decoders(text: str) -> None:
    expected = header_text(text)
    value = fold_text("Subject", expected)
    check_lines("Subject", value)
    message = parsed("Subject", value)
    assert message["Subject"] == expected  # type: ignore[index]
    legacy = str(make_header(decode_header(value.replace("\r\n", ""))))
    assert legacy == expected


@settings(max_examples=300, deadline=None)
@given(texts)
def test_a_display_name_round_trips(text: str) -> None:
    expected = name_text(text)
    value = fold_address("To", expected, "anna@example.org")
    check_lines("To", value)
    (address,) = parsed("To", value)["To"].addresses  # type: ignore[index]
    assert address.addr_spec == "anna@example.org"
    phrase = value[: value.rindex("<")] if "<" in value else ""
    phrase = phrase.replace("\r\n", "").strip()
    if phrase.startswith("=?"):  # a conforming decoder ignores the folds between words
        assert str(make_header(decode_header(phrase))) == expected
    if all(len(word) <= 10 for word in expected.split(" ")):
        assert address.display_name == expected
    else:
        # Python's address parser shows a fold between two encoded-words as a space
        # (a reader's bug): a word too long for one encoded-word then gains a space.
        assert address.display_name.replace(" ", "") == expected.replace(" ", "")


def samples() -> list[str]:
    """Cyrillic, French (with its narrow no-break space) and mixed subjects of every
    length from 1 to 160 characters."""
    phrases = [
        "Запрошення: Навчальний візит до Буржа — 1 липня 2023 ",
        "Invitation\u202f: Visite d’étude à Bourges — 3 juillet, Hôtel de Ville ",
        "Оновлення: Réunion bilatérale Korosten – Bourges · Зустріч ",
    ]
    return [(phrase * 4)[:n] for phrase in phrases for n in range(1, 161)]


@pytest.mark.skipif(shutil.which("perl") is None, reason="no perl on this machine")
def test_subjects_of_every_length_round_trip_through_perl() -> None:
    values = [header_text(s) for s in samples()]
    folded = [fold_text("Subject", v) for v in values]
    script = (
        'use Encode; binmode STDOUT, ":utf8"; local $/ = "\\0"; '
        'while (my $h = <STDIN>) { chomp $h; print decode("MIME-Header", $h), "\\0"; }'
    )
    run = subprocess.run(
        ["perl", "-e", script],
        input="\0".join(folded).encode() + b"\0",
        capture_output=True,
        check=True,
    )
    decoded = run.stdout.decode().split("\0")[:-1]
    assert decoded == values
    for value, text in zip(folded, values, strict=True):
        assert parsed("Subject", value)["Subject"] == text  # type: ignore[index]


def test_the_reported_subject_keeps_its_space() -> None:
    subject = "Запрошення: Навчальний візит до Буржа — 1 липня 2023"
    value = fold_text("Subject", subject)
    assert "\r\n" in value  # long enough to be folded
    assert parsed("Subject", value)["Subject"] == subject  # type: ignore[index]
