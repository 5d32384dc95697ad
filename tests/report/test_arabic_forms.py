"""Arabic names in the reports print joined (each letter in its initial/medial/final/isolated form),
in drawing order, and read back from the PDF as typed."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from nelm_desktop.core.report.arabic_forms import join_letters, letters_of
from nelm_desktop.core.report.common import drawn, esc
from nelm_desktop.core.report.fonts import has_glyph
from tests.cli_process import run_cli

DEMO = Path(__file__).resolve().parents[2] / "nelm_desktop" / "resources" / "demo" / "demo-02.json"


def _forms(text: str) -> list[str]:
    """Each character's Unicode name without the common prefix, e.g. 'MEEM INITIAL FORM'."""
    return [unicodedata.name(ch).removeprefix("ARABIC LETTER ") for ch in text if not ch.isspace()]


def test_letters_take_their_joined_forms() -> None:
    # Muhammad: meem joins forward only, hah and meem on both sides, dal (right-joining) ends it.
    assert _forms(join_letters("محمد")) == [
        "MEEM INITIAL FORM",
        "HAH MEDIAL FORM",
        "MEEM MEDIAL FORM",
        "DAL FINAL FORM",
    ]
    # A right-joining letter (reh, alef, waw) never joins the letter after it.
    assert _forms(join_letters("پرویز")) == [
        "PEH INITIAL FORM",
        "REH FINAL FORM",
        "WAW ISOLATED FORM",
        "FARSI YEH INITIAL FORM",
        "ZAIN FINAL FORM",
    ]
    # Hamza does not join at all; a word boundary (space) ends the joining.
    assert _forms(join_letters("ماء بك")) == [
        "MEEM INITIAL FORM",
        "ALEF FINAL FORM",
        "HAMZA ISOLATED FORM",
        "BEH INITIAL FORM",
        "KAF FINAL FORM",
    ]


def test_lam_alef_is_one_ligature_and_vowel_marks_do_not_break_the_joining() -> None:
    assert _forms(join_letters("سلام")) == [
        "SEEN INITIAL FORM",
        "ARABIC LIGATURE LAM WITH ALEF FINAL FORM",
        "MEEM ISOLATED FORM",
    ]
    assert _forms(join_letters("لا")) == ["ARABIC LIGATURE LAM WITH ALEF ISOLATED FORM"]
    # Bismi with kasra and sukun: the marks stay after their letters, the letters still join.
    assert _forms(join_letters("بِسْمِ")) == [
        "BEH INITIAL FORM",
        "ARABIC KASRA",
        "SEEN MEDIAL FORM",
        "ARABIC SUKUN",
        "MEEM FINAL FORM",
        "ARABIC KASRA",
    ]


def test_a_form_the_font_lacks_stays_the_plain_letter_and_other_text_is_untouched() -> None:
    initial_meem = join_letters("مم")[0]
    kept = join_letters("محمد", has_glyph=lambda ch: ch != initial_meem)
    assert kept[0] == "م" and _forms(kept[1:]) == ["HAH MEDIAL FORM", "MEEM MEDIAL FORM", "DAL FINAL FORM"]
    for text in ("Dr. Leví", "שלום", "Café 😀", ""):
        assert join_letters(text) == text


@pytest.mark.parametrize("typed", ["محمد", "سلام عليكم", "فاطمة الزهراء", "پرویز"])
def test_every_joined_form_reads_back_as_the_typed_letters(typed: str) -> None:
    joined = join_letters(typed)
    assert joined != typed
    assert all(has_glyph(ch) for ch in joined)  # the report font draws every form it is given
    assert "".join(letters_of(ch) for ch in joined) == typed


def test_the_report_draws_the_joined_name_right_to_left() -> None:
    # Drawn left to right on the page: the last letter (dal, final form) first, meem initial last.
    assert _forms(drawn("محمد")) == [
        "DAL FINAL FORM",
        "MEEM MEDIAL FORM",
        "HAH MEDIAL FORM",
        "MEEM INITIAL FORM",
    ]
    assert "&lt;" in esc("<سلام>")  # still escaped for the Paragraph markup


def test_a_summary_with_an_arabic_name_reads_back_as_typed(tmp_path: Path) -> None:
    record = json.loads(DEMO.read_text(encoding="utf-8"))
    record["comorbidities"] = "سلام عليكم فاطمة الزهراء"
    case = tmp_path / "case.json"
    case.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "summary.pdf"
    done = run_cli("report", str(case), "--kind", "summary", "-o", str(out), data=tmp_path / "data")
    assert done.returncode == 0, done.stderr
    text = "\n".join(page.extract_text() for page in PdfReader(str(out)).pages)
    assert "سلام عليكم فاطمة الزهراء" in text
    assert not any(0xFB50 <= ord(ch) <= 0xFEFC for ch in text)  # no presentation form leaks into copied text
