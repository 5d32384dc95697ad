"""Hand-built Evaluations for the widget tests, and the real engine when it is there.

``make_evaluation(**changes)`` builds a complete, valid ``Evaluation`` (all 16 modalities, the three
transplant criteria sets, ELTR factors, flags, missing facts) without the engine, so the widgets can
be tested on their own. ``evaluate(case)`` uses ``nelm_desktop.core.engine.evaluate`` when it exists.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from nelm_desktop.core.evaluation import (
    MODALITIES,
    MODALITY_LABELS,
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
from nelm_desktop.ui.widgets.qt_compat import protect_singletons

# PySide6 6.12.0 on CPython 3.11 drops references to None/True/False on every void call / emit;
# a long test run would abort with "none_dealloc". Harmless when tests/conftest.py does it too.
protect_singletons()

HAVE_ENGINE = importlib.util.find_spec("nelm_desktop.core.engine") is not None

DEFAULT_STATUSES: dict[str, str] = {
    "resection": "recommended",
    "staged_resection": "option",
    "simultaneous_resection": "needs_information",
    "debulking": "not_indicated",
    "ablation": "option",
    "tae": "option",
    "tace": "option",
    "radioembolization": "option",
    "prrt": "needs_information",
    "transplant": "contraindicated",
    "ssa": "option",
    "everolimus": "not_indicated",
    "sunitinib": "not_indicated",
    "chemotherapy": "not_indicated",
    "interferon": "not_indicated",
    "immunotherapy": "not_indicated",
}

SRC = [SourceRef(key="review2023", locator="Fig. 2")]


def make_option(modality: str, status: str, n: int = 0) -> OptionResult:
    missing = ["sstr_imaging"] if status == "needs_information" else []
    return OptionResult(
        modality=modality,
        label=MODALITY_LABELS[modality],
        status=status,  # type: ignore[arg-type]
        rule=f"{modality.upper()[:3]}-{n + 1}",
        reasons=[
            Reason(
                rule=f"{modality.upper()[:3]}-{n + 1}",
                text=f"{MODALITY_LABELS[modality]}: listed in the source algorithm for this pattern.",
                facts={"grade": "G2", "bilobar": False, "flr_pct": 40.0},
                sources=SRC,
                uses_suggested_type=modality == "resection",
            )
        ],
        missing=missing,
        evidence=["EV-RES-1"] if modality == "resection" else [],
    )


def _criteria() -> dict[str, CriteriaSet]:
    def items(prefix: str, results: list[str]) -> list[CriterionItem]:
        return [
            CriterionItem(
                id=f"{prefix}-{i + 1}",
                text=f"{prefix.title()} criterion {i + 1}: Age <55 years"
                if i == 0
                else f"{prefix} item {i + 1}",
                result=r,  # type: ignore[arg-type]
                facts={"age_years": 50},
                missing=["ki67_pct"] if r == "unknown" else [],
            )
            for i, r in enumerate(results)
        ]

    return {
        "milan": CriteriaSet(
            name="Milan", verdict="not_met", items=items("MILAN", ["met", "met", "not_met", "met", "unknown"])
        ),
        "enets": CriteriaSet(
            name="ENETS",
            verdict="incomplete",
            items=items("ENETS", ["met", "unknown", "met", "met", "met", "unknown", "met"]),
        ),
        "unos": CriteriaSet(name="UNOS", verdict="met", items=items("UNOS", ["met"] * 8)),
    }


def make_evaluation(statuses: dict[str, str] | None = None, **changes: Any) -> Evaluation:
    statuses = {**DEFAULT_STATUSES, **(statuses or {})}
    ev = Evaluation(
        case_id="test-case",
        knowledge_base="KB test 0.1 (review2023, frilling2010)",
        grade=GradeResult(grade="G2", rule="GRADE-4", text="Well differentiated, Ki-67 12 %: G2 NET."),
        lesions=LesionSummary(
            recorded=True,
            lesion_count=3,
            lesion_count_lower_bound=3,
            segments=["II", "III"],
            n_segments=2,
            lobes=["left"],
            bilobar=False,
            largest_cm=4.5,
            largest_ge_5=False,
            any_lt_5=True,
            dominant=False,
            caudate=False,
        ),
        frilling_type=FrillingType(
            suggested="limited_unilobar",
            suggested_rule="PATTERN-4",
            confirmed=None,
            used="limited_unilobar",
            used_is_suggestion=True,
            column="A",
            text="Multiple lesions in one lobe.",
        ),
        portal_drainage="met",
        options=[make_option(m, statuses[m], i) for i, m in enumerate(MODALITIES)],
        transplant_criteria=_criteria(),
        eltr_factors=[
            Flag(id="FLAG-ELTR-AGE", text="Age over 45: ELTR predictor of poor outcome after OLT.")
        ],
        needs_information=["lesion_sizes", "sstr_imaging", "flr_pct"],
        flags=[
            Flag(
                id="FLAG-TYPE-SUGGESTED",
                text="Distribution type suggested by the engine; clinician to confirm.",
            ),
            Flag(
                id="FLAG-MDT",
                text="Discussion in a multidisciplinary board is paramount.",
                source="review2023",
            ),
        ],
    )
    return ev.model_copy(update=changes) if changes else ev


def make_case(**facts: Any) -> Any:
    """A realistic case: bilobar G2 small-intestinal NET with a dominant lesion in IV."""
    from nelm_desktop.core.model import Lesion, new_case

    base: dict[str, Any] = {
        "patient_label": "UI-1",
        "age_years": 52,
        "primary_site": "small_intestine",
        "primary_resected": "yes",
        "months_since_primary_resection": 14,
        "differentiation": "well",
        "ki67_pct": 4,
        "functional_syndrome": "no",
        "lesions": [
            Lesion(segment="IV", size_cm=6.2, count=1),
            Lesion(segment="VI", size_cm=1.5, count=2),
            Lesion(segment="II", size_cm=1.0, count=1),
        ],
        "hepatic_involvement_pct": 20,
        "extrahepatic_disease": "none",
        "sstr_imaging": "positive",
        "fit_for_major_surgery": "yes",
    }
    base.update(facts)
    return new_case(**base)


def evaluate(case: Any) -> Evaluation:
    """The real engine when present (the lead is writing it), else a hand-built Evaluation."""
    if HAVE_ENGINE:
        from nelm_desktop.core.engine import evaluate as engine_evaluate

        return engine_evaluate(case)
    return make_evaluation(case_id=case.case_id)
