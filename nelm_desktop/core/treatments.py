"""Structured treatment history (schema v3): lines of therapy, replacing v2's free-text `prior_treatments`.

Each line: the modality (one of the engine's 16 option codes, or "other" with a name), the agent or
procedure name (e.g. "lanreotide"), start and end month (YYYY-MM; empty = not recorded / ongoing), intent,
best response in RECIST wording, the liver segments removed (liver resections only) and a note.

The engine reads the history only to *show* what is recorded (a progression on a modality next to that
option; resected segments on the diagram); it never changes a status from it (no rule in the sources
says how).
"""

# No `from __future__ import annotations` in the modules that declare pydantic models: pydantic
# would compile every field's annotation string again when the class is built (issue #17).

import re
from typing import Annotated, Any, Final, Literal, Self, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from nelm_desktop.core.evaluation import MODALITIES, MODALITY_LABELS
from nelm_desktop.core.validation_messages import hidden_reason, read_as_stored

TreatmentModality = Literal[
    "resection",
    "staged_resection",
    "simultaneous_resection",
    "debulking",
    "ablation",
    "tae",
    "tace",
    "radioembolization",
    "prrt",
    "transplant",
    "ssa",
    "everolimus",
    "sunitinib",
    "chemotherapy",
    "interferon",
    "immunotherapy",
    "other",
]
Intent = Literal["curative", "palliative", "symptom_control", "unknown"]
BestResponse = Literal["complete", "partial", "stable", "progression", "not_assessed"]
ResectedSegment = Literal["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]

TREATMENT_MODALITIES: tuple[str, ...] = (*MODALITIES, "other")
# The Literal is spelled out for the type checker; it must stay the 16 modality codes plus "other".
assert get_args(TreatmentModality) == TREATMENT_MODALITIES, "TreatmentModality drifted from MODALITIES"
TREATMENT_MODALITY_LABELS: dict[str, str] = {**MODALITY_LABELS, "other": "Other (name it)"}
INTENT_LABELS: dict[str, str] = {
    "curative": "Curative",
    "palliative": "Palliative",
    "symptom_control": "Symptom control",
    "unknown": "Not recorded",
}
# RECIST 1.1 wording for the best overall response.
RESPONSE_LABELS: dict[str, str] = {
    "complete": "Complete response (CR)",
    "partial": "Partial response (PR)",
    "stable": "Stable disease (SD)",
    "progression": "Progressive disease (PD)",
    "not_assessed": "Not assessed",
}
# Operations that remove liver segments: their `segments` are drawn as resected on the diagram.
LIVER_RESECTIONS: Final = frozenset({"resection", "staged_resection", "simultaneous_resection"})
MAX_LINES: Final = 200
MAX_TEXT: Final = 10_000  # a v2 free-text line of any length must survive the migration whole

_MONTH = re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])$")
_ROMAN = {str(i + 1): s for i, s in enumerate(("I", "II", "III", "IV", "V", "VI", "VII", "VIII"))}


def _month(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        value = value.strip()
        if value and not _MONTH.match(value):
            raise ValueError(f"must be a month YYYY-MM (got {value!r})")
        if value and not 1900 <= int(value[:4]) <= 2100:
            raise ValueError(f"year out of range (got {value!r})")
    return value


def _choice(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip().lower().replace(" ", "_").replace("-", "_") or None
    return value


def _segments(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str):
        value = [part for part in re.split(r"[,;\s]+", value) if part]
    if isinstance(value, list):
        out = []
        for item in value:
            key = str(item).strip().upper()
            if key.startswith("S") and key[1:]:
                key = key[1:]
            out.append({"IVA": "IV", "IVB": "IV", "4A": "IV", "4B": "IV"}.get(key, _ROMAN.get(key, key)))
        return out
    return value


Month = Annotated[str, BeforeValidator(_month)]


class TreatmentLine(BaseModel):
    """One line of therapy."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    modality: Annotated[TreatmentModality, BeforeValidator(_choice)]
    name: str = Field("", max_length=MAX_TEXT)
    start: Month = ""
    end: Month = ""
    intent: Annotated[Intent, BeforeValidator(lambda v: _choice(v) or "unknown")] = "unknown"
    best_response: Annotated[BestResponse, BeforeValidator(lambda v: _choice(v) or "not_assessed")] = (
        "not_assessed"
    )
    segments: Annotated[list[ResectedSegment], BeforeValidator(_segments)] = Field(default_factory=list)
    note: str = Field("", max_length=MAX_TEXT)

    @field_validator("name", "note")
    @classmethod
    def _text(cls, value: str, info: ValidationInfo) -> str:
        # Refused at entry, never stripped (see Case._no_hidden_chars); a stored one is kept and marked.
        if not read_as_stored(info):
            reason = hidden_reason(value, multiline=True)
            if reason is not None:
                raise ValueError(reason)
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.modality == "other" and not self.name.strip():
            raise ValueError("an 'other' treatment needs a name")
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        if self.segments and self.modality not in LIVER_RESECTIONS:
            raise ValueError("resected segments are recorded for a liver resection only")
        if len(set(self.segments)) != len(self.segments):
            raise ValueError("a segment is listed twice")
        return self

    def title(self) -> str:
        """E.g. "Somatostatin analogues (SSA): lanreotide" or "Distal pancreatectomy" (other)."""
        if self.modality == "other":
            return self.name
        label = TREATMENT_MODALITY_LABELS[self.modality]
        return f"{label}: {self.name}" if self.name else label

    def period(self) -> str:
        if self.start and self.end:
            return f"{self.start} to {self.end}"
        if self.start:
            return f"from {self.start}"
        if self.end:
            return f"until {self.end}"
        return "dates not recorded"


def lines_from_free_text(entries: list[Any]) -> list[dict[str, Any]]:
    """v2 `prior_treatments` strings -> v3 lines: each an "other" entry named by the text, whole."""
    out = []
    for entry in entries:
        text = str(entry)
        if text.strip():
            out.append({"modality": "other", "name": text})
    return out


def resected_segments(history: list[TreatmentLine]) -> list[str]:
    """Segments a recorded liver resection removed, in I..VIII order."""
    removed = {s for line in history if line.modality in LIVER_RESECTIONS for s in line.segments}
    return [s for s in ("I", "II", "III", "IV", "V", "VI", "VII", "VIII") if s in removed]


def progressions(history: list[TreatmentLine]) -> list[TreatmentLine]:
    """Lines whose best response was progression on one of the engine's modalities."""
    return [line for line in history if line.best_response == "progression" and line.modality in MODALITIES]
