"""Case builders for the clinical audit tests (tests/clinical): the engine test baseline, plus helpers
that read the engine's output the way the catalogue states it (status, deciding rule, missing facts)."""

from __future__ import annotations

from typing import Any

from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.evaluation import Evaluation, OptionResult
from nelm_desktop.core.model import Case
from tests.engine.engine_cases import BASE, LIMITED_BILOBAR, SOLITARY, TYPE_II, TYPE_III, UNILOBAR

__all__ = [
    "BASE",
    "LIMITED_BILOBAR",
    "PRIMARY_IN_PLACE",
    "SOLITARY",
    "SOLITARY_6CM",
    "SOLITARY_SIZE_UNKNOWN",
    "TYPE_II",
    "TYPE_III",
    "TYPE_III_FACTS",
    "TYPE_II_FACTS",
    "TYPE_II_SMALL",
    "TYPE_I_FACTS",
    "UNILOBAR",
    "case",
    "ev",
    "flag_ids",
    "item",
    "opt",
]

SOLITARY_6CM = [{"segment": "VI", "size_cm": 6.0, "count": 1}]
SOLITARY_SIZE_UNKNOWN = [{"segment": "VI", "size_cm": None, "count": 1}]
# Type II (bilobar, a dominant lesion) with every lesion < 5 cm: 4.5 >= 2 x 2.
TYPE_II_SMALL = [
    {"segment": "VII", "size_cm": 4.5, "count": 1},
    {"segment": "VIII", "size_cm": 2.0, "count": 1},
    {"segment": "III", "size_cm": 1.5, "count": 1},
]
# The Frilling types with an involvement that leaves no doubt (PATTERN-3, -5, -6; AMB-11).
TYPE_I_FACTS = {"lesions": SOLITARY, "hepatic_involvement_pct": 5}
TYPE_II_FACTS = {"lesions": TYPE_II, "hepatic_involvement_pct": 20}
TYPE_III_FACTS = {"lesions": TYPE_III, "hepatic_involvement_pct": 60}
PRIMARY_IN_PLACE = {"primary_resected": "no", "primary_resectable": "yes"}


def case(**overrides: Any) -> Case:
    return Case(**{**BASE, **overrides})


def ev(**overrides: Any) -> Evaluation:
    return evaluate(case(**overrides))


def opt(evaluation: Evaluation, modality: str) -> OptionResult:
    return next(o for o in evaluation.options if o.modality == modality)


def item(evaluation: Evaluation, set_key: str, item_id: str) -> tuple[str, list[str]]:
    """(result, missing facts) of one transplant criterion item."""
    found = next(i for i in evaluation.transplant_criteria[set_key].items if i.id == item_id)
    return found.result, list(found.missing)


def flag_ids(evaluation: Evaluation) -> set[str]:
    return {f.id for f in evaluation.flags}
