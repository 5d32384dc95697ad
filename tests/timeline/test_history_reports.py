"""The treatment history in print: the summary's table, the handout's plain words, resected segments on
the PDF diagram (PDFs read back with pypdf)."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.model import Lesion, new_case
from nelm_desktop.core.report import ReportSettings, build_report
from nelm_desktop.core.report.handout import past_treatments
from nelm_desktop.core.report.liver_drawing import liver_drawing
from nelm_desktop.core.treatments import TreatmentLine, resected_segments

SETTINGS = ReportSettings("Dr Test", "Test Hospital", "Nurse line")


def _case():
    return new_case(
        patient_label="HX-1",
        differentiation="well",
        ki67_pct=3,
        lesions=[Lesion(segment="III", size_cm=2, count=1)],
        treatment_history=[
            TreatmentLine(modality="other", name="Segmental ileal resection", start="2022-04", end="2022-04"),
            TreatmentLine(
                modality="resection",
                name="right posterior sectionectomy",
                start="2023-02",
                end="2023-02",
                intent="curative",
                best_response="complete",
                segments=["VI", "VII"],
            ),
            TreatmentLine(
                modality="ssa",
                name="lanreotide",
                start="2024-01",
                end="2025-03",
                intent="palliative",
                best_response="progression",
                note="new lesion segment III",
            ),
        ],
    )


def _text(pdf: bytes) -> str:
    return " ".join(
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )


def test_summary_prints_the_treatment_history_table_and_the_progression_flag():
    case = _case()
    text = _text(build_report(case, evaluate(case), "summary", settings=SETTINGS, when=date(2026, 12, 3)))
    assert "Treatment history" in text
    assert "Segmental ileal resection" in text and "right posterior sectionectomy (segments VI, VII)" in text
    assert (
        "2024-01 to 2025-03" in text
        and "Progressive disease (PD)" in text
        and "Complete response (CR)" in text
    )
    assert "new lesion segment III" in text
    assert "Progression on lanreotide 2025-03 recorded." in text
    assert "VI, VII drawn white and dashed: resected" in text


def test_handout_names_past_treatments_in_plain_words():
    case = _case()
    lines = past_treatments(case)
    assert lines[0] == "Segmental ileal resection, from April 2022 to April 2022."
    assert lines[2].startswith("Hormone-blocking injections")
    assert (
        "(lanreotide), from January 2024 to March 2025: the disease grew during this treatment." in lines[2]
    )
    text = _text(build_report(case, evaluate(case), "handout", settings=SETTINGS, when=date(2026, 12, 3)))
    assert "Treatments you have had" in text and "the disease grew during this treatment" in text
    assert "RECIST" not in text and "PD" not in text.split()


def test_resected_segments_come_only_from_liver_resections_and_are_drawn_labelled():
    case = _case()
    assert resected_segments(case.treatment_history) == ["VI", "VII"]
    drawing = liver_drawing(case.lesions, 260, resected=["VI", "VII"])
    labels = [s.text for s in drawing.contents if hasattr(s, "text")]
    assert labels.count("resected") == 2
    plain = liver_drawing(case.lesions, 260)
    assert "resected" not in [s.text for s in plain.contents if hasattr(s, "text")]
