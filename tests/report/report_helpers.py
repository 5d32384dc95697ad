"""Cases and evaluations for the report tests, and a PDF reader."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from pypdf import PdfReader

from nelm_desktop.core.evaluation import (
    MODALITIES,
    MODALITY_LABELS,
    STATUS_ORDER,
    CriteriaSet,
    CriterionItem,
    Evaluation,
    Flag,
    FrillingType,
    GradeResult,
    LesionSummary,
    OptionResult,
    Reason,
    SourceRef,
)
from nelm_desktop.core.model import Case, Lesion, new_case
from nelm_desktop.core.report import ReportSettings

WHEN = date(2026, 11, 24)
SETTINGS = ReportSettings("Dr Ada Test", "Test Hospital", "Nurse line +44 1234 567890")
HOSTILE = '<b>O\'Brien & "Smith"</b>'


def typical_case(**overrides: Any) -> Case:
    facts: dict[str, Any] = dict(
        patient_label="AB-12",
        age_years=58,
        primary_site="small_intestine",
        primary_resected="yes",
        differentiation="well",
        ki67_pct=4,
        functional_syndrome="no",
        lesions=[Lesion(segment="VI", size_cm=3.2, count=1), Lesion(segment="VII", size_cm=1.5, count=2)],
        extrahepatic_disease="none",
        sstr_imaging="positive",
        ecog=0,
        fit_for_major_surgery="yes",
        notes="Discussed at MDT.",
    )
    facts.update(overrides)
    return new_case(**facts)


def fake_evaluation(case: Case, statuses: dict[str, str] | None = None) -> Evaluation:
    """A hand-built evaluation: every status present unless `statuses` says otherwise."""
    src = [SourceRef(key="review2023", locator="Fig. 2")]
    options = []
    for i, modality in enumerate(MODALITIES):
        status = (statuses or {}).get(modality, STATUS_ORDER[i % len(STATUS_ORDER)])
        missing = ["flr_pct"] if status == "needs_information" else []
        options.append(
            OptionResult(
                modality=modality,
                label=MODALITY_LABELS[modality],
                status=status,  # type: ignore[arg-type]
                rule=f"X-{i}",
                reasons=[
                    Reason(
                        rule=f"X-{i}",
                        text=f"Reason text for {modality} & <check>.",
                        facts={"ki67_pct": case.ki67_pct, "flr_pct": "unknown"},
                        sources=src,
                        uses_suggested_type=i % 3 == 0,
                    )
                ],
                missing=missing,
                flags=["FLAG-G3"] if i == 2 else [],
                evidence=["EV-RES-1"] if modality == "resection" else [],
            )
        )
    items = [
        CriterionItem(id="MILAN-1", text="Age < 60 years", result="met", facts={"age_years": 58}),
        CriterionItem(id="MILAN-2", text="Low grade", result="unknown", missing=["ki67_pct"]),
    ]
    return Evaluation(
        case_id=case.case_id,
        demo=case.demo,
        knowledge_base="NELM-KB test",
        grade=GradeResult(grade="G1", rule="GRADE-5", text="G1 (Ki-67 <= 2 %).", sources=src),
        lesions=LesionSummary(
            recorded=bool(case.lesions),
            lesion_count=3,
            lesion_count_lower_bound=3,
            segments=["VI", "VII"],
            n_segments=2,
            lobes=["right"],
            bilobar=False,
            largest_cm=3.2,
            largest_ge_5=False,
            any_lt_5=True,
            dominant=None,
            caudate=False,
        ),
        frilling_type=FrillingType(
            suggested="limited_unilobar",
            suggested_rule="PATTERN-3",
            confirmed=None,
            used="limited_unilobar",
            used_is_suggestion=True,
            column="A",
        ),
        portal_drainage="met",
        options=options,
        transplant_criteria={
            key: CriteriaSet(name=name, verdict="incomplete", items=items)
            for key, name in (("milan", "Milan"), ("enets", "ENETS"), ("unos", "UNOS"))
        },
        eltr_factors=[Flag(id="FLAG-ELTR-AGE", text="Age > 50", source="review2023, Liver transplantation")],
        needs_information=["flr_pct", "hepatic_involvement_pct"],
        flags=[Flag(id="FLAG-TYPE-SUGGESTED", text="Type suggested; confirm.", source="review2023, Fig. 1")],
        evidence=[
            {"id": "EV-RES-1", "text": "median 5-year OS 70 %", "source": "review2023, Isolated resection"}
        ],
    )


def evaluate(case: Case) -> Evaluation:
    """The real engine when it exists, else the hand-built evaluation."""
    try:
        from nelm_desktop.core.engine import evaluate as engine_evaluate
    except ImportError:
        return fake_evaluation(case)
    return engine_evaluate(case)


def read_pdf(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in read_pdf(data).pages]


def text_chunks(data: bytes) -> list[str]:
    """Every text-drawing operation's string, page by page (diagram labels come out one by one)."""
    chunks: list[str] = []
    for page in read_pdf(data).pages:
        page.extract_text(visitor_text=lambda text, *args: chunks.append(text))
    return chunks
