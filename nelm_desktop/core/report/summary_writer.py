"""The clinical summary being written: the case, its evaluation and the report's settings beside the
story, and the value words its sections share."""

from __future__ import annotations

from datetime import date
from typing import Any

from nelm_desktop.core.evaluation import Evaluation
from nelm_desktop.core.facts import fact_label
from nelm_desktop.core.model import Case
from nelm_desktop.core.report import ReportSettings
from nelm_desktop.core.report.story import StoryWriter

SUGGESTED_TYPE_NOTE = "distribution type suggested by the engine, not confirmed"


class SummaryWriter(StoryWriter):
    def __init__(self, case: Case, evaluation: Evaluation, paper: str, settings: ReportSettings, when: date):
        super().__init__(paper)
        self.case = case
        self.ev = evaluation
        self.settings = settings
        self.when = when


def value_text(value: Any) -> str:
    if value is None or value == "unknown":
        return "not recorded"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return value.replace("_", " ")
    return str(value)


def facts_text(facts: dict[str, Any]) -> str:
    return "; ".join(f"{fact_label(k)} = {value_text(v)}" for k, v in facts.items())
