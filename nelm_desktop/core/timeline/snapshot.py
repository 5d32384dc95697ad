"""A snapshot of a case at one moment: its facts, what the engine said, and which knowledge base said it.

The facts are the case payload without its audit trail (the store keeps that), stamped with the schema
version they were written in, so a snapshot taken today is still readable after a schema migration: the
facts are brought up to date by the same migration steps as a case file. The evaluation is kept compact
(grade, type, and per option its status, deciding rule and flags): enough for the timeline, the diff and
the knowledge-base comparison, small enough to read 10,000 of them in a moment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.evaluation import Evaluation
from nelm_desktop.core.loading import CaseInputError, case_from_data
from nelm_desktop.core.model import SCHEMA_VERSION, Case
from nelm_desktop.core.sources import KNOWLEDGE_BASE_VERSION
from nelm_desktop.core.store.migrations import MigrationError, migrate

# Bookkeeping fields that are not facts of the disease: a change in them is not a change "since last time".
NOT_FACTS = frozenset({"schema_version", "revisions", "updated_at", "created_at"})


class SnapshotError(Exception):
    """A stored snapshot could not be read back; `reason` says why in one line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class OptionState:
    status: str
    rule: str
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Facts + compact evaluation + knowledge-base version, as of one moment."""

    facts: dict[str, Any]
    knowledge_base: str
    grade: str
    distribution_type: str
    options: dict[str, OptionState]
    flags: tuple[str, ...] = ()
    needs_information: tuple[str, ...] = field(default=())
    schema_version: int = SCHEMA_VERSION

    @property
    def statuses(self) -> dict[str, str]:
        return {modality: state.status for modality, state in self.options.items()}

    def case(self) -> Case:
        """The facts as a Case (for re-evaluating them with another knowledge base)."""
        try:
            return case_from_data(self.facts, stored=True)  # facts recorded earlier, as they were
        except CaseInputError as exc:
            raise SnapshotError("; ".join(exc.problems)) from None

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": self.schema_version,
            "knowledge_base": self.knowledge_base,
            "facts": self.facts,
            "evaluation": {
                "grade": self.grade,
                "distribution_type": self.distribution_type,
                "options": {
                    m: {"status": s.status, "rule": s.rule, "flags": list(s.flags)}
                    for m, s in self.options.items()
                },
                "flags": list(self.flags),
                "needs_information": list(self.needs_information),
            },
        }

    @classmethod
    def from_json(cls, data: Any) -> Snapshot:
        if not isinstance(data, dict):
            raise SnapshotError("snapshot: not an object")
        version = data.get("schema_version")
        facts = data.get("facts")
        kb = data.get("knowledge_base")
        ev = data.get("evaluation")
        if not isinstance(version, int) or version < 1:
            raise SnapshotError("snapshot: schema_version missing")
        if not isinstance(facts, dict):
            raise SnapshotError("snapshot: facts missing")
        if not isinstance(kb, str) or not isinstance(ev, dict):
            raise SnapshotError("snapshot: knowledge_base or evaluation missing")
        if version < SCHEMA_VERSION:
            try:
                facts = migrate(facts, version)
            except MigrationError as exc:
                raise SnapshotError(f"snapshot facts: {exc.reason}") from None
            version = SCHEMA_VERSION
        raw_options = ev.get("options")
        if not isinstance(raw_options, dict):
            raise SnapshotError("snapshot: evaluation.options missing")
        options: dict[str, OptionState] = {}
        for modality, state in raw_options.items():
            if not isinstance(state, dict) or not isinstance(state.get("status"), str):
                raise SnapshotError(f"snapshot: option {modality!r} has no status")
            options[str(modality)] = OptionState(
                state["status"], str(state.get("rule", "")), tuple(str(f) for f in state.get("flags") or ())
            )
        return cls(
            facts=facts,
            knowledge_base=kb,
            grade=str(ev.get("grade", "")),
            distribution_type=str(ev.get("distribution_type", "")),
            options=options,
            flags=tuple(str(f) for f in ev.get("flags") or ()),
            needs_information=tuple(str(f) for f in ev.get("needs_information") or ()),
            schema_version=version,
        )


def case_facts(case: Case) -> dict[str, Any]:
    data = case.model_dump(mode="json")
    for key in ("revisions", "updated_at"):
        data.pop(key, None)
    return data


def same_facts(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """The same facts of the disease (bookkeeping fields aside); 4 and 4.0 are the same number."""
    return {k: v for k, v in a.items() if k not in NOT_FACTS} == {
        k: v for k, v in b.items() if k not in NOT_FACTS
    }


def snapshot_of(case: Case, evaluation: Evaluation | None = None) -> Snapshot:
    """The snapshot of `case` now (evaluated with this app's knowledge base unless one is given)."""
    ev = evaluation if evaluation is not None else evaluate(case)
    return Snapshot(
        facts=case_facts(case),
        knowledge_base=ev.knowledge_base,
        grade=ev.grade.grade,
        distribution_type=ev.frilling_type.used or "",
        options={o.modality: OptionState(o.status, o.rule, tuple(o.flags)) for o in ev.options},
        flags=tuple(f.id for f in ev.flags),
        needs_information=tuple(ev.needs_information),
    )


def current_knowledge_base() -> str:
    return KNOWLEDGE_BASE_VERSION


def snapshot_from_public(case: dict[str, Any], evaluation: dict[str, Any]) -> Snapshot:
    """A snapshot from a saved case payload and an `Evaluation.to_public_json()` (what a board decision
    freezes), so a decision registers as a time point without evaluating anything again."""
    if not isinstance(case, dict) or not isinstance(evaluation, dict):
        raise SnapshotError("snapshot: case and evaluation must be objects")
    options: dict[str, OptionState] = {}
    for option in evaluation.get("options") or []:
        if not isinstance(option, dict) or not isinstance(option.get("status"), str):
            raise SnapshotError("snapshot: an option without a status")
        options[str(option.get("modality"))] = OptionState(
            option["status"], str(option.get("rule", "")), tuple(str(f) for f in option.get("flags") or ())
        )
    facts = {k: v for k, v in case.items() if k not in ("revisions", "updated_at")}
    version = facts.get("schema_version", SCHEMA_VERSION)
    data = {
        "schema_version": version if isinstance(version, int) else SCHEMA_VERSION,
        "knowledge_base": str(evaluation.get("knowledge_base", "")),
        "facts": facts,
        "evaluation": {
            "grade": evaluation.get("grade", ""),
            "distribution_type": (evaluation.get("frilling_type") or {}).get("used") or "",
            "options": {
                m: {"status": s.status, "rule": s.rule, "flags": list(s.flags)} for m, s in options.items()
            },
            "flags": [f.get("id") for f in evaluation.get("flags") or [] if isinstance(f, dict)],
            "needs_information": list(evaluation.get("needs_information") or []),
        },
    }
    return Snapshot.from_json(data)
