"""The clinical summary for the chart and the tumour board (dense, complete, every line sourced).

Page 1 is the board's synopsis (`synopsis.py`); the sections follow in this order, each written by its
own module: the case (`summary_case`), the options and criteria (`summary_options`), the evidence and
sources (`summary_sources`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from nelm_desktop.core.evaluation import Evaluation
from nelm_desktop.core.model import Case
from nelm_desktop.core.report import ReportSettings
from nelm_desktop.core.report import summary_case as case_part
from nelm_desktop.core.report import summary_options as options_part
from nelm_desktop.core.report import summary_sources as sources_part
from nelm_desktop.core.report.common import PageFrame, render
from nelm_desktop.core.report.summary_case import TITLE
from nelm_desktop.core.report.summary_writer import SummaryWriter
from nelm_desktop.core.report.synopsis import build_synopsis

SECTIONS = (
    case_part.header,
    build_synopsis,
    case_part.facts,
    case_part.treatment_history,
    case_part.liver,
    case_part.grade_and_type,
    options_part.options,
    options_part.criteria,
    options_part.missing,
    options_part.flags,
    sources_part.evidence,
    sources_part.notes,
    sources_part.references,
    sources_part.closing,
)


def summary_story(
    case: Case, evaluation: Evaluation, paper: str, settings: ReportSettings, when: date
) -> list[Any]:
    """The summary's flowables, in reading order (the benchmark's fair anchor reads them too)."""
    writer = SummaryWriter(case, evaluation, paper, settings, when)
    for section in SECTIONS:
        section(writer)
    return writer.story


def build_summary(
    case: Case, evaluation: Evaluation, paper: str, settings: ReportSettings, when: date
) -> bytes:
    story = summary_story(case, evaluation, paper, settings, when)
    frame = PageFrame(footer_left=f"{TITLE}  ·  case {case.case_id}", demo=case.demo)
    return render(
        story,
        paper=paper,
        frame=frame,
        title=f"{TITLE}: case {case.case_id}",
        subject=f"summary; case {case.case_id}",
    )
