"""Board records: a meeting with its attendees and agenda, a decision with its snapshot, a case's board
status. Plain pydantic models; the rules about them (snapshot, sign-off, deviations) are in `decisions`.

Every record keeps its own hash-chained audit trail in ``revisions`` (the case store's `Revision`).
"""

from __future__ import annotations

import contextlib
import uuid
from datetime import date, datetime
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from nelm_desktop.core.evaluation import MODALITIES
from nelm_desktop.core.model import Revision

BOARD_FORMAT_VERSION: Final = 1

BoardStatus = Literal["to_prepare", "ready", "discussed", "follow_up_due"]
BOARD_STATUSES: tuple[BoardStatus, ...] = ("to_prepare", "ready", "discussed", "follow_up_due")
BOARD_STATUS_LABELS: dict[str, str] = {
    "to_prepare": "To prepare",
    "ready": "Ready",
    "discussed": "Discussed",
    "follow_up_due": "Follow-up due",
}

Intent = Literal["curative", "palliative", "symptom_control"]
INTENTS: tuple[Intent, ...] = ("curative", "palliative", "symptom_control")
INTENT_LABELS: dict[str, str] = {
    "curative": "curative",
    "palliative": "palliative",
    "symptom_control": "symptom control",
}

# Offered in the attendee editor; any other role may be typed.
ROLES: tuple[str, ...] = (
    "Surgeon",
    "Oncologist",
    "Radiologist",
    "Interventional radiologist",
    "Nuclear medicine",
    "Pathologist",
    "Gastroenterologist",
    "Endocrinologist",
    "Nurse",
    "Coordinator",
)

# Statuses that make choosing the option a deviation from the source algorithm (a reason is required).
DEVIATION_STATUSES = frozenset({"contraindicated", "not_indicated"})

Name = Field(default="", max_length=120)


def new_id() -> str:
    return str(uuid.uuid4())


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=True)


class Attendee(_Record):
    name: str = Field(min_length=1, max_length=120)
    role: str = Field(min_length=1, max_length=60)


class AgendaItem(_Record):
    case_id: str = Field(min_length=1, max_length=128)
    question: str = Field(default="", max_length=500)
    presenter: str = Name


class Meeting(_Record):
    meeting_id: str = Field(default_factory=new_id, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
    board_name: str = Field(default="NET tumour board", min_length=1, max_length=120)
    starts_at: datetime
    location: str = Name
    attendees: list[Attendee] = Field(default_factory=list, max_length=60)
    agenda: list[AgendaItem] = Field(default_factory=list, max_length=60)
    demo: bool = False
    revisions: list[Revision] = Field(default_factory=list)

    @field_validator("starts_at")
    @classmethod
    def _minutes(cls, value: datetime) -> datetime:
        if value.tzinfo is not None:
            # The app keeps a meeting's wall-clock time; a time with an offset (another program, an
            # exchange file) is the same moment on this computer's clock. Mixed, the meetings could
            # not even be sorted (a traceback in `board list` and the meetings window).
            with contextlib.suppress(OverflowError, OSError, ValueError):  # calendar's ends: as written
                value = value.astimezone()
            value = value.replace(tzinfo=None)
        return value.replace(second=0, microsecond=0)

    @model_validator(mode="after")
    def _agenda_unique(self) -> Meeting:
        seen: set[str] = set()
        for item in self.agenda:
            if item.case_id in seen:
                raise ValueError(f"case {item.case_id} is on the agenda twice")
            seen.add(item.case_id)
        return self

    def item(self, case_id: str) -> AgendaItem | None:
        return next((item for item in self.agenda if item.case_id == case_id), None)

    @property
    def title(self) -> str:
        return f"{self.board_name}, {self.starts_at.isoformat(' ', 'minutes')}"


class ChosenOption(_Record):
    """One option of the plan: which modality, with what intent, at which step of the sequence."""

    modality: str
    intent: Intent
    sequence: int = Field(default=1, ge=1, le=16)  # 1 = first; equal numbers = at the same time
    deviation_reason: str = Field(default="", max_length=1000)

    @field_validator("modality")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in MODALITIES:
            raise ValueError(f"unknown option {value!r}")
        return value


class Snapshot(_Record):
    """What the decision was based on, frozen when it was recorded: the case facts as saved and the
    engine's full evaluation (knowledge-base version, every status). `sha256` seals both."""

    taken_at: str
    app_version: str
    knowledge_base: str
    case: dict[str, Any]
    evaluation: dict[str, Any]
    sha256: str

    def statuses(self) -> dict[str, str]:
        return {
            str(o.get("modality")): str(o.get("status"))
            for o in self.evaluation.get("options", [])
            if isinstance(o, dict)
        }

    def option(self, modality: str) -> dict[str, Any] | None:
        return next(
            (
                o
                for o in self.evaluation.get("options", [])
                if isinstance(o, dict) and o.get("modality") == modality
            ),
            None,
        )


class SignOff(_Record):
    clinician: str = Field(min_length=1, max_length=120)  # who signs, as typed
    by: str = ""  # OS user
    at: str


class Amendment(_Record):
    at: str
    by: str = ""
    reason: str = Field(min_length=1, max_length=1000)
    changed: list[str] = Field(default_factory=list)


class Decision(_Record):
    meeting_id: str = Field(min_length=1, max_length=64)
    case_id: str = Field(min_length=1, max_length=128)
    options: list[ChosenOption] = Field(default_factory=list, max_length=16)
    other: str = Field(default="", max_length=1000)  # "other" plan, free text
    rationale: str = Field(default="", max_length=4000)
    dissent: str = Field(default="", max_length=2000)
    follow_up: date | None = None  # follow-up or re-discussion date
    responsible_clinician: str = Name
    recorded_by: str = ""  # OS user
    recorded_at: str = ""
    snapshot: Snapshot
    sign_off: SignOff | None = None
    amendments: list[Amendment] = Field(default_factory=list)
    demo: bool = False
    revisions: list[Revision] = Field(default_factory=list)

    @property
    def decision_id(self) -> str:
        return decision_id(self.meeting_id, self.case_id)

    @property
    def signed(self) -> bool:
        return self.sign_off is not None

    def ordered_options(self) -> list[ChosenOption]:
        return sorted(self.options, key=lambda o: (o.sequence, MODALITIES.index(o.modality)))


def decision_id(meeting_id: str, case_id: str) -> str:
    """One decision per case per meeting: the file name says which."""
    return f"{meeting_id}--{case_id}"


class CaseBoardStatus(_Record):
    case_id: str = Field(min_length=1, max_length=128)
    status: BoardStatus = "to_prepare"
    revisions: list[Revision] = Field(default_factory=list)


# Fields the store maintains itself (never reported as changed by the user).
BOOKKEEPING = frozenset({"revisions"})
