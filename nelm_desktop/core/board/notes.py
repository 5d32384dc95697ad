"""The plain-text clinical note of a board decision, for the hospital record (clipboard and
`nelm-desktop board note CASE`): the decision, its basis (statuses, rules, sources, KB version)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from nelm_desktop.core.board.decisions import deviation, plan_lines
from nelm_desktop.core.board.model import Decision, Meeting
from nelm_desktop.core.evaluation import MODALITY_LABELS, STATUS_SHORT


def option_basis(decision: Decision, modality: str) -> str:
    """ "Recommended (RES-7; review2023, Fig. 2)": the engine's status for an option when decided."""
    option: dict[str, Any] | None = decision.snapshot.option(modality)
    if option is None:
        return "not evaluated"
    status = STATUS_SHORT.get(str(option.get("status")), str(option.get("status")))
    sources: list[str] = []
    for reason in option.get("reasons", []):
        source = reason.get("source") if isinstance(reason, dict) else None
        if source and source not in sources:
            sources.append(str(source))
    basis = "; ".join([str(option.get("rule", "")), *sources[:2]])
    return f"{status} ({basis})" if basis else status


def short_time(iso: str) -> str:
    """ "2026-12-03 19:32" from a stored ISO time (the text as stored when it does not parse)."""
    try:
        return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso or "unknown time"


def sign_off_line(decision: Decision) -> str:
    """One clause without parentheses: the presentation puts it beside 'Board decision', and
    '(Signed off by … on … (OS user root))' nested one pair in another."""
    if decision.sign_off is None:
        return "NOT SIGNED OFF: draft"
    s = decision.sign_off
    by = f", computer login {s.by}" if s.by else ""
    return f"Signed off by {s.clinician} on {short_time(s.at)}{by}"


def clinical_note(decision: Decision, meeting: Meeting | None, patient_label: str = "") -> str:
    snap = decision.snapshot
    label = patient_label or str(snap.case.get("patient_label") or "") or "(no label)"
    lines: list[str] = []
    when = meeting.title if meeting is not None else f"meeting {decision.meeting_id}"
    demo = "  [DEMO — fictional case]" if decision.demo else ""
    lines.append(f"TUMOUR BOARD DECISION — {when}{demo}")
    lines.append(f"Patient: {label}   Case id: {decision.case_id}")
    item = meeting.item(decision.case_id) if meeting is not None else None
    if item is not None and item.question:
        lines.append(f"Question to the board: {item.question}")
    lines.append("")
    lines.append("Decision:")
    lines += [f"  {line}" for line in plan_lines(decision)] or ["  (none)"]
    lines.append(f"Rationale: {decision.rationale or 'not recorded'}")
    lines.append(f"Dissent: {decision.dissent or 'none recorded'}")
    follow = decision.follow_up.isoformat() if decision.follow_up else "not set"
    lines.append(f"Follow-up / re-discussion: {follow}")
    lines.append(f"Responsible clinician: {decision.responsible_clinician or 'not named'}")
    lines.append(
        f"Recorded by: {decision.recorded_by or 'unknown user'} on {short_time(decision.recorded_at)}"
    )
    lines.append(sign_off_line(decision))
    for amendment in decision.amendments:
        changed = ", ".join(amendment.changed)
        lines.append(
            f"Amended on {amendment.at} by {amendment.by or 'unknown user'}: {amendment.reason} ({changed})"
        )
    lines.append("")
    lines.append(
        f"Basis: NELM Desktop {snap.app_version}, knowledge base {snap.knowledge_base}, "
        f"evaluation of {short_time(snap.taken_at)}"
    )
    for option in decision.ordered_options():
        mark = " — DEVIATION from the source algorithm" if deviation(decision, option) else ""
        lines.append(f"  {MODALITY_LABELS[option.modality]}: {option_basis(decision, option.modality)}{mark}")
    first_line = [m for m, status in snap.statuses().items() if status == "recommended"]
    if first_line:
        names = ", ".join(MODALITY_LABELS.get(m, m) for m in first_line)
        lines.append(f"  First line of the source algorithm for this pattern: {names}")
    if meeting is not None and meeting.attendees:
        lines.append("")
        lines.append("Attendees: " + "; ".join(f"{a.name} ({a.role})" for a in meeting.attendees))
    lines.append("")
    lines.append("Options per the cited sources; the multidisciplinary board decided.")
    return "\n".join(lines) + "\n"
