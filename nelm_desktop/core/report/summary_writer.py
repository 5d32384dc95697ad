"""The clinical summary being written: the case, its evaluation and the report's settings beside the
story, and the value words its sections share."""

from __future__ import annotations

from datetime import date

from nelm_desktop.core.evaluation import Evaluation
from nelm_desktop.core.model import Case
from nelm_desktop.core.presentation import SUGGESTED_TYPE_NOTE as SUGGESTED_TYPE_NOTE
from nelm_desktop.core.presentation import facts_text as facts_text
from nelm_desktop.core.presentation import value_text as value_text
from nelm_desktop.core.report import ReportSettings
from nelm_desktop.core.report.story import StoryWriter


class SummaryWriter(StoryWriter):
    def __init__(self, case: Case, evaluation: Evaluation, paper: str, settings: ReportSettings, when: date):
        super().__init__(paper)
        self.case = case
        self.ev = evaluation
        self.settings = settings
        self.when = when
