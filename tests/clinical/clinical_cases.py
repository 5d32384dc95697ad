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
    "SOLITARY",
    "TYPE_II",
    "TYPE_III",
    "UNILOBAR",
    "case",
    "ev",
    "flag_ids",
    "item",
    "opt",
]


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
