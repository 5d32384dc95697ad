"""The rules of a decision record (issue #15, item 4).

- `take_snapshot` freezes the case facts and the evaluation the board saw; `snapshot_intact` re-checks
  its seal. The store refuses any save that changes a stored snapshot.
- `problems` lists what blocks saving: no choice at all, an option chosen twice, an option the engine
  marked contraindicated or not indicated without a deviation reason.
- `sign_off` locks the record; after that a change is only possible through `amend`, with a reason.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Any

from nelm_desktop import __version__
from nelm_desktop.core import dates
from nelm_desktop.core.board.model import (
    DEVIATION_STATUSES,
    INTENT_LABELS,
    Amendment,
    ChosenOption,
    Decision,
    SignOff,
    Snapshot,
)
from nelm_desktop.core.dates import follow_up_problem
from nelm_desktop.core.evaluation import MODALITY_LABELS, STATUS_SHORT, Evaluation
from nelm_desktop.core.model import Case

# Fields an amendment may change (the snapshot, the record's identity and its bookkeeping never).
AMENDABLE = (
    "options",
    "other",
    "rationale",
    "dissent",
    "follow_up",
    "responsible_clinician",
)


class DecisionError(Exception):
    """The decision cannot be saved, signed or amended as it stands; `problems` says why, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def now_local() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _seal(payload: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON (as the store's envelope; not imported, so reports can use this
    module without depending on the store)."""
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def take_snapshot(case: Case, evaluation: Evaluation) -> Snapshot:
    if evaluation.case_id != case.case_id:
        raise ValueError("the evaluation belongs to another case")
    body: dict[str, Any] = {
        "taken_at": now_local(),
        "app_version": __version__,
        "knowledge_base": evaluation.knowledge_base,
        "case": case.model_dump(mode="json", exclude={"revisions"}),
        "evaluation": evaluation.to_public_json(),
    }
    return Snapshot(**body, sha256=_seal(body))


def snapshot_intact(snapshot: Snapshot) -> bool:
    body = snapshot.model_dump(mode="json", exclude={"sha256"})
    return _seal(body) == snapshot.sha256


def new_decision(meeting_id: str, case: Case, evaluation: Evaluation, user: str) -> Decision:
    """An empty decision on today's facts, recorded by `user` (the OS user)."""
    return Decision(
        meeting_id=meeting_id,
        case_id=case.case_id,
        snapshot=take_snapshot(case, evaluation),
        recorded_by=user,
        recorded_at=now_local(),
        demo=case.demo,
    )


def deviation(decision: Decision, option: ChosenOption) -> str | None:
    """The engine's status when choosing `option` deviates from the source algorithm, else None."""
    status = decision.snapshot.statuses().get(option.modality)
    return status if status in DEVIATION_STATUSES else None


def problems(decision: Decision) -> list[str]:
    """What blocks saving this decision, one line per problem (empty: it can be saved)."""
    out: list[str] = []
    if not decision.options and not decision.other:
        out.append("Choose at least one option or describe the other plan")
    seen: set[str] = set()
    for option in decision.options:
        label = MODALITY_LABELS[option.modality]
        if option.modality in seen:
            out.append(f"{label} is chosen twice")
        seen.add(option.modality)
        status = deviation(decision, option)
        if status and not option.deviation_reason:
            out.append(
                f"{label}: the source algorithm marks it '{STATUS_SHORT[status]}'; give the reason for "
                "this deviation from the source algorithm"
            )
    if decision.follow_up is not None:
        late = follow_up_problem(decision.follow_up, dates.today())
        if late:
            out.append(f"Follow-up date: {late}")
    if not snapshot_intact(decision.snapshot):
        out.append("The snapshot of the case facts and evaluation was altered; the record cannot be trusted")
    return out


def meeting_date_problem(before: datetime | None, after: datetime) -> str | None:
    """A meeting's date as entered, judged like a follow-up date (from 1900, at most 100 years ahead):
    "0001-01-01" or "9999-12-31" was kept as the meeting's date. A date read from a file and left as
    it was is not judged (it is shown as stored)."""
    if before is not None and before == after:
        return None
    problem = follow_up_problem(after.date(), dates.today())
    return None if problem is None else f"The meeting's date: {problem}"


def check(decision: Decision) -> Decision:
    found = problems(decision)
    if found:
        raise DecisionError(found)
    return decision


def sign_off(decision: Decision, clinician: str, user: str) -> Decision:
    """Lock the record. Needs a savable decision and the name of the responsible clinician."""
    found = problems(decision)
    clinician = clinician.strip()
    if decision.signed:
        found.append("The decision is already signed off; change it with an amendment")
    if not clinician:
        found.append("Type the name of the clinician who signs off")
    if not decision.responsible_clinician:
        found.append("Name the responsible clinician before signing off")
    if found:
        raise DecisionError(found)
    return decision.model_copy(update={"sign_off": SignOff(clinician=clinician, by=user, at=now_local())})


def changed_fields(before: Decision, after: Decision) -> list[str]:
    old, new = before.model_dump(mode="json"), after.model_dump(mode="json")
    return [name for name in Decision.model_fields if name != "revisions" and old.get(name) != new.get(name)]


def amend(signed: Decision, edited: Decision, reason: str, user: str) -> Decision:
    """A change to a signed-off decision: only the amendable fields, with a reason; the amendment is
    listed on the record (and the store writes it to the audit chain)."""
    reason = reason.strip()
    found: list[str] = []
    if not signed.signed:
        found.append("Only a signed-off decision is amended; before sign-off, edit it directly")
    if not reason:
        found.append("Give the reason for the amendment")
    changed = [name for name in changed_fields(signed, edited) if name not in ("amendments", "sign_off")]
    frozen = [name for name in changed if name not in AMENDABLE]
    if frozen:
        found.append(f"An amendment cannot change {', '.join(frozen)}")
    if not changed:
        found.append("The amendment changes nothing")
    update: dict[str, Any] = {name: getattr(edited, name) for name in AMENDABLE}
    candidate = signed.model_copy(update=update)
    found += problems(candidate)
    if found:
        raise DecisionError(found)
    amendment = Amendment(at=now_local(), by=user, reason=reason, changed=changed)
    return candidate.model_copy(update={"amendments": [*signed.amendments, amendment]})


def plan_lines(decision: Decision) -> list[str]:
    """The chosen plan, one line per step: "1. Transarterial chemoembolization (TACE) — palliative"."""
    lines: list[str] = []
    for option in decision.ordered_options():
        line = (
            f"{option.sequence}. {MODALITY_LABELS[option.modality]} — {INTENT_LABELS[option.intent]} intent"
        )
        status = deviation(decision, option)
        if status:
            line += (
                f" [DEVIATION from the source algorithm ({STATUS_SHORT[status]}): {option.deviation_reason}]"
            )
        lines.append(line)
    if decision.other:
        lines.append(f"Other: {decision.other}")
    return lines


def follow_up_due(decision: Decision, today: date) -> bool:
    return decision.follow_up is not None and decision.follow_up <= today
