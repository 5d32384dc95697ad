"""Summary PDFs under hostile but valid input (issue #14 items 10 and 11), read back with pypdf."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.model import Case, new_case
from nelm_desktop.core.report import build_report


def _summary(case: Case) -> bytes:
    return build_report(case, evaluate(case), "summary")


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def _width_calls(monkeypatch: pytest.MonkeyPatch, lines: int) -> int:
    """Work done laying out the summary, counted in string-width measurements (deterministic,
    unlike a stopwatch): linear layout doubles it when the note doubles, quadratic quadruples it."""
    import reportlab.platypus.paragraph as paragraph

    calls = 0
    real = paragraph.stringWidth

    def counting(*args: Any, **kwargs: Any) -> float:
        nonlocal calls
        calls += 1
        return float(real(*args, **kwargs))

    monkeypatch.setattr(paragraph, "stringWidth", counting)
    _summary(new_case(patient_label="N", notes="\n".join(f"note line {i} ok" for i in range(lines))))
    monkeypatch.setattr(paragraph, "stringWidth", real)
    return calls


def test_item10_summary_layout_work_is_linear_in_note_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    base = _width_calls(monkeypatch, 0)
    small = _width_calls(monkeypatch, 1500) - base
    large = _width_calls(monkeypatch, 3000) - base
    assert small > 0
    assert large / small < 2.6, f"layout work grew {large / small:.2f}x for 2x the note lines"


def test_item10_a_long_note_is_printed_whole() -> None:
    note = "\n".join(f"observation {i}" for i in range(3000)) + "\n" + "z" * 9000
    text = _text(_summary(new_case(patient_label="L", notes=note)))
    assert "observation 0" in text and "observation 2999" in text
    assert text.count("z") >= 9000


def test_item11_single_line_fields_refuse_line_breaks() -> None:
    from pydantic import ValidationError

    for field in ("patient_label", "primary_site_other", "primary_resection_date", "syndrome_name"):
        with pytest.raises(ValidationError, match="must be one line"):
            Case(**{field: "first\nsecond"})
        with pytest.raises(ValidationError, match="must be one line"):
            Case(**{field: "bell\x07"})


def test_item11_long_text_in_every_text_field_never_overflows_or_crashes() -> None:
    word = "W" * 199  # one unbreakable word as long as the field allows
    case = new_case(
        patient_label=word,
        primary_site="other",
        primary_site_other=word,
        syndrome_name=word,
        extrahepatic_sites=("bone " * 99)[:500],
        comorbidities=("x" * 1999),
        notes="\n".join(["y" * 5000] * 3),
    )
    pdf = _summary(case)
    text = _text(pdf)
    assert "WWWWWWWWWW" in text
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2
