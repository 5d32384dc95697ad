"""Printable reports: the tumour-board summary and the plain-language patient handout (ReportLab).

The API the window and the command line both call::

    pdf: bytes = build_report(case, evaluation, "summary", "a4", settings)
    write_report(case, evaluation, kind="handout", paper="letter", path=out)
    suggested_filename(case, "handout", date.today())   # "AB-12_handout_2026-11-24.pdf"

Importing this package is cheap: ReportLab is imported only when a report is built, so the app's
start-up does not pay for it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from nelm_desktop.core.evaluation import MODALITIES, Evaluation
from nelm_desktop.core.model import Case

if TYPE_CHECKING:
    from nelm_desktop.core.board.model import Decision
    from nelm_desktop.core.settings import Settings

ReportKind = Literal["summary", "handout"]
Paper = Literal["a4", "letter"]
REPORT_KINDS: tuple[ReportKind, ...] = ("summary", "handout")
PAPERS: tuple[Paper, ...] = ("a4", "letter")

# Statuses put on the handout unless the clinician ticks otherwise (issue #5).
HANDOUT_DEFAULT_STATUSES = frozenset({"recommended", "option"})

CLOSING_STATEMENT = (
    "The clinician and the multidisciplinary tumour board decide. This summary lists options from the "
    "cited sources and does not replace clinical judgement."
)


@dataclass(frozen=True)
class ReportSettings:
    """Who prints the report; from the user's settings, empty strings when not set."""

    clinician_name: str = ""
    institution: str = ""
    contact_line: str = ""

    @classmethod
    def from_settings(cls, settings: Settings) -> ReportSettings:
        return cls(settings.clinician_name, settings.institution, settings.contact_line)

    @classmethod
    def load(cls) -> ReportSettings:
        """From the stored settings file (defaults when there is none)."""
        from nelm_desktop.core.settings import load_settings

        return cls.from_settings(load_settings())


def default_handout_modalities(evaluation: Evaluation) -> list[str]:
    """The options pre-ticked for the handout: those with status recommended or option."""
    return [o.modality for o in evaluation.options if o.status in HANDOUT_DEFAULT_STATUSES]


def build_report(
    case: Case,
    evaluation: Evaluation,
    kind: ReportKind,
    paper: Paper = "a4",
    settings: ReportSettings | None = None,
    handout_modalities: Sequence[str] | None = None,
    *,
    when: date | None = None,
    decision: Decision | None = None,
) -> bytes:
    """The PDF as bytes.

    `settings` None reads the stored settings. `handout_modalities` (handout only) lists the options
    the clinician ticked, in any order; None means `default_handout_modalities`. `when` is the date
    printed (today by default). Raises ValueError for an unknown kind, paper or modality, and
    `fonts.FontMissingError` when the installation lost its fonts.
    """
    if kind not in REPORT_KINDS:
        raise ValueError(f"kind must be one of {', '.join(REPORT_KINDS)} (got {kind!r})")
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)} (got {paper!r})")
    if evaluation.case_id != case.case_id:
        raise ValueError("the evaluation belongs to another case")
    settings = settings if settings is not None else ReportSettings.load()
    when = when or date.today()
    if kind == "summary":
        from nelm_desktop.core.report.summary import build_summary

        return build_summary(case, evaluation, paper, settings, when)
    chosen = (
        default_handout_modalities(evaluation) if handout_modalities is None else list(handout_modalities)
    )
    unknown = [m for m in chosen if m not in MODALITIES]
    if unknown:
        raise ValueError(f"unknown modality: {', '.join(unknown)}")
    from nelm_desktop.core.report.handout import build_handout

    if decision is not None and decision.case_id != case.case_id:
        raise ValueError("the board decision belongs to another case")
    return build_handout(case, evaluation, paper, settings, when, chosen, decision)


def write_report(
    case: Case,
    evaluation: Evaluation,
    *,
    kind: ReportKind,
    path: Path,
    paper: Paper = "a4",
    settings: ReportSettings | None = None,
    handout_modalities: Sequence[str] | None = None,
    when: date | None = None,
    decision: Decision | None = None,
) -> Path:
    """Build the PDF and write it atomically (temp file in the same folder, then replace).
    `decision` (handout only): the board's signed-off decision, put first ("Your care team recommends")."""
    data = build_report(
        case, evaluation, kind, paper, settings, handout_modalities, when=when, decision=decision
    )
    path = Path(path)
    save_pdf(path, data)
    return path


def save_pdf(path: Path, data: bytes) -> None:
    """Every PDF the app or the CLI saves (reports, board documents) goes through here: atomically,
    and private (0600) like every other file the app writes. A report names the patient and their
    disease, so it is not left readable by the workstation's other accounts; sharing it is the user's
    own step. A file it replaces is replaced whole, so an older, looser mode is not kept."""
    from nelm_desktop.core.fileio import atomic_write_bytes

    atomic_write_bytes(path, data)


def _slug(text: str) -> str:
    """File-name-safe: letters (any script) and digits kept, everything else becomes '-'."""
    text = unicodedata.normalize("NFC", text)
    slug = re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-_")
    return slug[:60].strip("-_")


def suggested_filename(case: Case, kind: ReportKind, when: date | None = None) -> str:
    """`<label>_<kind>_<yyyy-mm-dd>.pdf`; the case id's first part stands in for an empty label."""
    when = when or date.today()
    label = _slug(case.patient_label) or _slug(case.case_id.split("-")[0]) or "case"
    demo = "DEMO_" if case.demo else ""
    return f"{demo}{label}_{kind}_{when.isoformat()}.pdf"


__all__ = [
    "CLOSING_STATEMENT",
    "PAPERS",
    "REPORT_KINDS",
    "Paper",
    "ReportKind",
    "ReportSettings",
    "build_report",
    "default_handout_modalities",
    "suggested_filename",
    "write_report",
]
