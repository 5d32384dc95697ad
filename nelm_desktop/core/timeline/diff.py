"""What changed between two snapshots of a case: facts, option statuses, and lesions per segment.

The lesion comparison is per Couinaud segment, because that is how the board reads the diagram: a segment
with lesions now and none before is "added", the reverse "gone"; a larger largest lesion is "grown" (smaller
"shrunk"); otherwise a different count is "more"/"fewer". Unknown sizes or counts never count as a change
in size or number: only known values are compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from nelm_desktop.core.evaluation import MODALITIES, MODALITY_LABELS, STATUS_SHORT
from nelm_desktop.core.facts import fact_label
from nelm_desktop.core.model import AS_STORED, SEGMENTS, UNKNOWN
from nelm_desktop.core.timeline.snapshot import NOT_FACTS, Snapshot
from nelm_desktop.core.treatments import RESPONSE_LABELS, TreatmentLine

LesionChangeKind = Literal["added", "gone", "grown", "shrunk", "more", "fewer"]
UNPLACED = "unplaced"

# Not facts of the disease, or shown elsewhere (the lesions have their own comparison).
_SKIP = NOT_FACTS | {"case_id", "lesions", "demo"}

_EXTRA_LABELS = {
    "patient_label": "Patient label",
    "birth_year": "Birth year",
    "sex": "Sex",
    "primary_site_other": "Primary site (other)",
    "primary_resection_date": "Primary resection date",
    "syndrome_name": "Syndrome",
    "extrahepatic_sites": "Extrahepatic sites",
    "comorbidities": "Comorbidities",
    "prior_treatments": "Prior treatments",
    "treatment_history": "Treatment history",
    "notes": "Notes",
}


@dataclass(frozen=True, slots=True)
class FactChange:
    fact: str
    label: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class StatusChange:
    modality: str
    label: str
    before: str  # status id ("" when the option did not exist)
    after: str

    @property
    def text(self) -> str:
        return f"{self.label}: {STATUS_SHORT.get(self.before, self.before or '-')} -> " + STATUS_SHORT.get(
            self.after, self.after or "-"
        )


@dataclass(frozen=True, slots=True)
class SegmentState:
    rows: int
    count: int | None  # None when a row's count is unknown
    largest_cm: float | None  # largest known size

    def text(self) -> str:
        if not self.rows:
            return "none"
        number = (
            f"{self.count} lesion{'s' if self.count != 1 else ''}" if self.count is not None else "lesions"
        )
        size = f", largest {self.largest_cm:g} cm" if self.largest_cm is not None else ", size not recorded"
        return number + size


@dataclass(frozen=True, slots=True)
class LesionChange:
    segment: str  # I..VIII or "unplaced"
    kind: LesionChangeKind
    before: SegmentState
    after: SegmentState

    @property
    def text(self) -> str:
        where = "segment not recorded" if self.segment == UNPLACED else f"Segment {self.segment}"
        return f"{where}: {self.kind} ({self.before.text()} -> {self.after.text()})"


@dataclass(frozen=True, slots=True)
class CaseDiff:
    before_label: str  # e.g. the date of the earlier time point
    after_label: str
    facts: list[FactChange] = field(default_factory=list)
    statuses: list[StatusChange] = field(default_factory=list)
    lesions: list[LesionChange] = field(default_factory=list)
    knowledge_base_changed: bool = False

    @property
    def empty(self) -> bool:
        return not (self.facts or self.statuses or self.lesions)

    def lines(self) -> list[str]:
        out = [f"Since {self.before_label} (to {self.after_label}):"]
        if self.empty:
            return [*out, "  nothing changed"]
        out += [f"  fact  {c.label}: {c.before} -> {c.after}" for c in self.facts]
        out += [f"  status  {c.text}" for c in self.statuses]
        out += [f"  lesions  {c.text}" for c in self.lesions]
        return out


def show_value(value: Any) -> str:
    """A stored value as the user reads it; unknown is "not recorded", never a blank or "None"."""
    if value is None or value == UNKNOWN or value == "" or value == []:
        return "not recorded"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return f"{value:g}"
    if isinstance(value, list):
        return "; ".join(show_value(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {show_value(v)}" for k, v in value.items() if v not in (None, "", []))
    return str(value).replace("_", " ")


def _label(fact: str) -> str:
    return _EXTRA_LABELS.get(fact) or fact_label(fact)


def _treatment_text(line: Any) -> str:
    if not isinstance(line, dict):
        return show_value(line)
    try:
        parsed = TreatmentLine.model_validate(line, context=AS_STORED)  # recorded earlier, as it was
    except ValueError:
        return show_value(line)
    text = f"{parsed.title()} ({parsed.period()})"
    if parsed.best_response != "not_assessed":
        text += f", {RESPONSE_LABELS[parsed.best_response]}"
    return text


def _history_change(old: Any, new: Any) -> FactChange | None:
    """Lines of therapy added / no longer recorded, each named as the board reads it."""
    before = [_treatment_text(x) for x in old or []]
    after = [_treatment_text(x) for x in new or []]
    removed = [t for t in before if t not in after]
    added = [t for t in after if t not in before]
    if not removed and not added:
        return None
    return FactChange(
        "treatment_history",
        _label("treatment_history"),
        ("no longer recorded: " + "; ".join(removed)) if removed else "",
        ("added: " + "; ".join(added)) if added else "",
    )


def fact_changes(before: dict[str, Any], after: dict[str, Any]) -> list[FactChange]:
    keys = [k for k in dict.fromkeys([*before, *after]) if k not in _SKIP]
    out = []
    for key in keys:
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if key == "treatment_history":
            change = _history_change(old, new)
            if change is not None:
                out.append(change)
            continue
        if show_value(old) == show_value(new):
            continue
        out.append(FactChange(key, _label(key), show_value(old), show_value(new)))
    return out


def status_changes(before: Snapshot, after: Snapshot) -> list[StatusChange]:
    old, new = before.statuses, after.statuses
    order = [m for m in MODALITIES if m in old or m in new] + sorted(
        (old.keys() | new.keys()) - set(MODALITIES)
    )
    return [
        StatusChange(m, MODALITY_LABELS.get(m, m), old.get(m, ""), new.get(m, ""))
        for m in order
        if old.get(m, "") != new.get(m, "")
    ]


def segment_states(facts: dict[str, Any]) -> dict[str, SegmentState]:
    """Per segment (and "unplaced"): rows, total count, largest known size, from a snapshot's facts."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for lesion in facts.get("lesions") or []:
        if isinstance(lesion, dict):
            rows.setdefault(lesion.get("segment") or UNPLACED, []).append(lesion)
    out = {}
    for segment in (*SEGMENTS, UNPLACED):
        found = rows.get(segment, [])
        counts = [r.get("count") for r in found]
        sizes = [r["size_cm"] for r in found if isinstance(r.get("size_cm"), int | float)]
        out[segment] = SegmentState(
            rows=len(found),
            count=sum(c for c in counts if isinstance(c, int)) if None not in counts else None,
            largest_cm=float(max(sizes)) if sizes else None,
        )
    return out


def lesion_changes(before: dict[str, Any], after: dict[str, Any]) -> list[LesionChange]:
    old, new = segment_states(before), segment_states(after)
    out = []
    for segment in (*SEGMENTS, UNPLACED):
        a, b = old[segment], new[segment]
        kind: LesionChangeKind | None = None
        if not a.rows and b.rows:
            kind = "added"
        elif a.rows and not b.rows:
            kind = "gone"
        elif a.rows and b.rows:
            if a.largest_cm is not None and b.largest_cm is not None and a.largest_cm != b.largest_cm:
                kind = "grown" if b.largest_cm > a.largest_cm else "shrunk"
            elif a.count is not None and b.count is not None and a.count != b.count:
                kind = "more" if b.count > a.count else "fewer"
        if kind is not None:
            out.append(LesionChange(segment, kind, a, b))
    return out


def diff_snapshots(before: Snapshot, after: Snapshot, before_label: str, after_label: str) -> CaseDiff:
    return CaseDiff(
        before_label=before_label,
        after_label=after_label,
        facts=fact_changes(before.facts, after.facts),
        statuses=status_changes(before, after),
        lesions=lesion_changes(before.facts, after.facts),
        knowledge_base_changed=before.knowledge_base != after.knowledge_base,
    )
