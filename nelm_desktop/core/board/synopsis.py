"""One case as the board sees it, in words: the presentation screen and the board pack both show this
(one source of truth for "key facts", one-line reasons and verdicts). Qt-free, ReportLab-free."""

from __future__ import annotations

from dataclasses import dataclass, field

from nelm_desktop.core.board.model import AgendaItem, Decision, Meeting
from nelm_desktop.core.distribution_types import TYPE_LABELS  # one vocabulary (#11.5)
from nelm_desktop.core.evaluation import STATUS_ORDER, STATUS_SHORT, Evaluation, OptionResult
from nelm_desktop.core.facts import fact_label
from nelm_desktop.core.model import PRIMARY_SITE_LABELS, Case
from nelm_desktop.core.presentation import ordered_options

VERDICT_LABELS = {"met": "met", "not_met": "not met", "incomplete": "incomplete (facts missing)"}


def _value(value: object) -> str:
    if value is None or value == "unknown":
        return "not recorded"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("_", " ")


def distribution_type(evaluation: Evaluation) -> str:
    ft = evaluation.frilling_type
    used = TYPE_LABELS.get(ft.used or "", "undetermined")
    if ft.used and ft.used_is_suggestion:
        return f"{used} — suggested by the engine, not confirmed"
    return used


def lesion_line(evaluation: Evaluation) -> str:
    ls = evaluation.lesions
    if not ls.recorded:
        return "not recorded"
    count = str(ls.lesion_count) if ls.lesion_count is not None else f"at least {ls.lesion_count_lower_bound}"
    largest = f"{_value(ls.largest_cm)} cm" if ls.largest_cm is not None else "size not recorded"
    segs = ", ".join(ls.segments) or "segments not recorded"
    return f"{count} in {segs}; largest {largest}"


def key_facts(case: Case, evaluation: Evaluation) -> list[tuple[str, str]]:
    """The facts a board weighs first, as (label, value) pairs."""
    primary = PRIMARY_SITE_LABELS.get(case.primary_site, case.primary_site)
    ki67 = f"{_value(case.ki67_pct)} %" if case.ki67_pct is not None else "not recorded"
    flr = f"{_value(case.flr_pct)} %" if case.flr_pct is not None else "not recorded"
    involvement = (
        f"{_value(case.hepatic_involvement_pct)} %"
        if case.hepatic_involvement_pct is not None
        else "not recorded"
    )
    return [
        ("Primary", f"{primary}; resected: {_value(case.primary_resected)}"),
        ("Grade", f"{evaluation.grade.grade} (Ki-67 {ki67}, {_value(case.differentiation)} differentiated)"),
        ("Liver lesions", lesion_line(evaluation)),
        ("Hepatic involvement", involvement),
        ("Future liver remnant", flr),
        ("Extrahepatic disease", _value(case.extrahepatic_disease)),
        ("Functional syndrome", _value(case.functional_syndrome)),
        ("SSTR imaging", _value(case.sstr_imaging)),
        ("ECOG / fit for major surgery", f"{_value(case.ecog)} / {_value(case.fit_for_major_surgery)}"),
    ]


def one_line(option: OptionResult) -> str:
    """The option's first reason, as one line (the options panel shows them all)."""
    if option.status == "needs_information":
        missing = ", ".join(fact_label(f) for f in option.missing) or "facts not recorded"
        return f"Needs: {missing}"
    text = option.reasons[0].text if option.reasons else ""
    return f"{text} [{option.rule}]" if text else f"[{option.rule}]"


def grouped_options(evaluation: Evaluation) -> list[tuple[str, list[OptionResult]]]:
    """(status label, options) in the panel's order, ORDER-1 (status groups, then surgical ->
    liver-directed -> systemic); empty groups left out."""
    out = []
    ordered = ordered_options(evaluation.options)
    for status in STATUS_ORDER:
        group = [o for o in ordered if o.status == status]
        if group:
            out.append((STATUS_SHORT[status], group))
    return out


def transplant_lines(evaluation: Evaluation) -> list[str]:
    return [
        f"{cs.name}: {VERDICT_LABELS.get(cs.verdict, cs.verdict)}"
        for cs in evaluation.transplant_criteria.values()
    ]


def flag_lines(evaluation: Evaluation) -> list[str]:
    """Each flag with its text and locator (section 8), 'outside-sources' for the precautions that are
    not in the encoded sources (section 12, AMB-64)."""
    return [
        f"{flag.text} ({flag.source}) [{flag.id}]" if flag.source else f"{flag.text} [{flag.id}]"
        for flag in evaluation.flags
    ]


def missing_facts(evaluation: Evaluation) -> list[str]:
    return [fact_label(f) for f in evaluation.needs_information]


@dataclass
class PackItem:
    """One agenda case with what the outputs need (the case is None when it is not in this library)."""

    number: int
    item: AgendaItem
    case: Case | None
    evaluation: Evaluation | None
    decision: Decision | None
    status: str


@dataclass
class BoardPack:
    meeting: Meeting
    items: list[PackItem]
    problems: list[str] = field(default_factory=list)

    @property
    def demo(self) -> bool:
        return self.meeting.demo or any(i.case is not None and i.case.demo for i in self.items)


def readiness_warnings(evaluation: Evaluation) -> list[str]:
    """Why "ready" may be premature: the facts the engine still needs."""
    missing = missing_facts(evaluation)
    if not missing:
        return []
    return [f"The evaluation still needs information: {', '.join(missing)}"]
