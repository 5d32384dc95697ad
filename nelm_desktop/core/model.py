"""The case model (schema_version 3: clinical revision 2 + structured treatment history; v1/v2 files are
migrated, see store/migrations).

Field names of the clinical facts are exactly the fact vocabulary of CLINICAL-RULES.md section 3, so a
case file reads like the catalogue. Every fact may be *unknown*, and unknown is a value, never a default
that the engine could mistake for a finding:

- yes/no facts and choices hold the string ``"unknown"``;
- numbers hold ``None`` (written as ``null``; the string ``"unknown"`` is accepted on input).

A new case starts with every fact unknown. Out-of-range numbers are rejected at input, never interpreted.

Dates follow core/dates.py (``YYYY-MM``, not in the future): every entry is checked, except when a
case is read back from the library with ``context=AS_STORED`` (a file saved before the rule keeps its
date as written and is opened marked; see docs/case-model.md).
"""

# No `from __future__ import annotations` in the modules that declare pydantic models: pydantic
# would compile every field's annotation string again when the class is built (issue #17).

import uuid
from datetime import datetime
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator

from nelm_desktop.core import dates
from nelm_desktop.core.treatments import MAX_LINES, TreatmentLine
from nelm_desktop.core.validation_messages import hidden_reason, read_as_stored

SCHEMA_VERSION: Final = 3

# Validation context for a case read back from the library (store, drafts, time points): the date
# rules are not applied there, so a file saved before them is opened marked instead of lost.
AS_STORED: Final = {"as_stored": True}


UNKNOWN: Final = "unknown"

YesNo = Literal["yes", "no", "unknown"]
Differentiation = Literal["well", "poorly", "unknown"]
PrimarySite = Literal[
    "pancreas",
    "small_intestine",
    "stomach",
    "duodenum",
    "appendix",
    "colon",
    "rectum",
    "lung",
    "unknown_primary",
    "other",
    "unknown",
]
ExtrahepaticDisease = Literal["none", "resectable", "unresectable", "unknown"]
SstrImaging = Literal["positive", "negative", "not_done", "unknown"]
# Revision 2 records the result (MIG-1: a v1 "done" becomes done_result_unknown).
FdgPet = Literal["positive", "negative", "done_result_unknown", "not_done", "unknown"]
FDG_DONE: Final = ("positive", "negative", "done_result_unknown")  # functional imaging done (ENETS-6)
FDG_RESULT: Final = ("positive", "negative")  # a result recorded (PRRT-5/6)
GradeReported = Literal["G1", "G2", "G3", "NEC", "unknown"]
# not_assessed is surgeon_assessment's unknown value and default (AMB-57).
SurgeonAssessment = Literal["one_stage", "two_stage_only", "unresectable", "not_assessed"]
SyndromeType = Literal["carcinoid", "insulinoma", "gastrinoma", "glucagonoma", "vipoma", "other", "unknown"]
ConfirmedType = Literal["I", "limited_unilobar", "limited_bilobar", "II", "III", "none"]
Sex = Literal["female", "male", "other", "unknown"]
# IVa/IVb: Couinaud's subsegments of IV (superior/inferior); "IV" stays valid when the subsegment is
# not recorded. The rules count both as segment IV (liver_geometry.couinaud_segment).
Segment = Literal["I", "II", "III", "IV", "IVa", "IVb", "V", "VI", "VII", "VIII"]

SEGMENTS: tuple[Segment, ...] = ("I", "II", "III", "IV", "IVa", "IVb", "V", "VI", "VII", "VIII")
COUINAUD_SEGMENTS: tuple[Segment, ...] = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")

PRIMARY_SITE_LABELS: dict[str, str] = {
    "pancreas": "Pancreas",
    "small_intestine": "Small intestine",
    "stomach": "Stomach",
    "duodenum": "Duodenum",
    "appendix": "Appendix",
    "colon": "Colon",
    "rectum": "Rectum",
    "lung": "Lung",
    "unknown_primary": "Unknown primary (searched, not found)",
    "other": "Other",
    "unknown": "Not recorded",
}

# Input spellings that mean the same value; canonical values are what the model stores.
_ALIASES: dict[str, str] = {
    "true": "yes",
    "false": "no",
    "y": "yes",
    "n": "no",
    "not recorded": UNKNOWN,
    "not_recorded": UNKNOWN,
    "": UNKNOWN,
    "well_differentiated": "well",
    "well-differentiated": "well",
    "poor": "poorly",
    "poorly_differentiated": "poorly",
    "poorly-differentiated": "poorly",
    "not done": "not_done",
    "small intestine": "small_intestine",
    "unknown primary": "unknown_primary",
    "cup": "unknown_primary",
}

_ROMAN_BY_NUMBER = {str(i + 1): s for i, s in enumerate(COUINAUD_SEGMENTS)}
_TYPE_ALIASES = {
    "1": "I",
    "2": "II",
    "3": "III",
    "i": "I",
    "ii": "II",
    "iii": "III",
    "type_i": "I",
    "type_ii": "II",
    "type_iii": "III",
    "type_1": "I",
    "type_2": "II",
    "type_3": "III",
}

# Unambiguous spellings per field (input only; the model stores the canonical value). Ambiguous ones
# (e.g. "yes" for extrahepatic disease: resectable or not?) are left to fail with a clear message.
_FIELD_SYNONYMS: dict[str, dict[str, str]] = {
    "sex": {"f": "female", "m": "male", "woman": "female", "man": "male"},
    "differentiation": {
        "well differentiated": "well",
        "wd": "well",
        "poorly differentiated": "poorly",
        "pd": "poorly",
    },
    "extrahepatic_disease": {"no": "none", "absent": "none"},
    "sstr_imaging": {"pos": "positive", "neg": "negative", "not_performed": "not_done"},
    # "done" (the v1 value) keeps its meaning: done, result not recorded (MIG-1).
    "fdg_pet": {
        "done": "done_result_unknown",
        "yes": "done_result_unknown",
        "pos": "positive",
        "neg": "negative",
        "no": "not_done",
    },
    "grade_reported": {
        "g1": "G1",
        "g2": "G2",
        "g3": "G3",
        "g3 net": "G3",
        "g3_net": "G3",
        "nec": "NEC",
        "1": "G1",
        "2": "G2",
        "3": "G3",
    },
    "surgeon_assessment": {
        "unknown": "not_assessed",
        "not assessed": "not_assessed",
        "one stage": "one_stage",
        "one-stage": "one_stage",
        "two stages only": "two_stage_only",
        "two_stages_only": "two_stage_only",
        "two-stage only": "two_stage_only",
    },
    "syndrome_type": {"carcinoid syndrome": "carcinoid", "vipoma (verner-morrison)": "vipoma"},
    "primary_site": {
        "small bowel": "small_intestine",
        "small_bowel": "small_intestine",
        "si": "small_intestine",
        "si-nen": "small_intestine",
        "pancreatic": "pancreas",
        "pannen": "pancreas",
        "unknown_primary_site": "unknown_primary",
    },
}


def _synonyms(field: str) -> BeforeValidator:
    table = _FIELD_SYNONYMS[field]

    def normalise(value: Any) -> Any:
        value = _choice(value)  # None/true/false and the shared spellings first
        return table.get(value.strip().lower(), value) if isinstance(value, str) else value

    return BeforeValidator(normalise)


def _choice(value: Any) -> Any:
    """Normalise a choice value: None/True/False and common spellings to canonical strings."""
    if value is None:
        return UNKNOWN
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, str):
        key = value.strip()
        return _ALIASES.get(key.lower(), key.lower() if key.lower() in _LOWER_OK else key)
    return value


# Canonical values that are lower-case; anything else keeps its case (segments, types).
_LOWER_OK = {
    "yes",
    "no",
    "unknown",
    "well",
    "poorly",
    "pancreas",
    "small_intestine",
    "stomach",
    "duodenum",
    "appendix",
    "colon",
    "rectum",
    "lung",
    "unknown_primary",
    "other",
    "none",
    "resectable",
    "unresectable",
    "positive",
    "negative",
    "not_done",
    "done_result_unknown",
    "female",
    "one_stage",
    "two_stage_only",
    "not_assessed",
    "carcinoid",
    "insulinoma",
    "gastrinoma",
    "glucagonoma",
    "vipoma",
    "male",
}


def _number(value: Any) -> Any:
    """`null` and "unknown" are the unknown number; booleans are not numbers."""
    if value is None:
        return None
    if isinstance(value, str) and value.strip().lower() in {UNKNOWN, "", "not recorded", "null"}:
        return None
    if isinstance(value, bool):
        raise ValueError("expected a number, got true/false")
    return value


def _segment(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("expected a Couinaud segment I-VIII")
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, str):
        key = value.strip().upper()
        if key in {"UNKNOWN", ""}:
            return None
        # "S6", "Seg 6", "Segment VI", "4a", "IVb": the subsegment is kept, never folded into IV.
        for prefix in ("SEGMENT", "SEG", "S"):
            if key.startswith(prefix) and key[len(prefix) :].strip():
                key = key[len(prefix) :].strip(" .")
                break
        if key in {"IVA", "4A"}:
            return "IVa"
        if key in {"IVB", "4B"}:
            return "IVb"
        return _ROMAN_BY_NUMBER.get(key, key)
    return value


def _confirmed_type(value: Any) -> Any:
    if value is None:
        return "none"
    if isinstance(value, str):
        key = value.strip()
        low = key.lower()
        if low in {"none", "unknown", "", "not confirmed"}:
            return "none"
        low = low.replace(" ", "_").replace("-", "_")
        if low in {"limited_unilobar", "limited_bilobar"}:
            return low
        return _TYPE_ALIASES.get(low, key)
    return value


Choice = BeforeValidator(_choice)
Num = BeforeValidator(_number)

Percent = Annotated[Annotated[float, Field(ge=0, le=100)] | None, Num]
Months = Annotated[Annotated[float, Field(ge=0, le=1200)] | None, Num]


# A lesion row is lesions of about one size in one segment (count up to 500): a board never needs more
# than a few dozen rows; the cap keeps a case file far below the store's size limit.
MAX_LESION_ROWS = 200


class Lesion(BaseModel):
    """One row of the lesion table: lesions of about one size in one Couinaud segment."""

    model_config = ConfigDict(extra="forbid")

    segment: Annotated[Segment | None, BeforeValidator(_segment)] = None
    size_cm: Annotated[Annotated[float, Field(gt=0, le=40)] | None, Num] = None
    count: Annotated[Annotated[int, Field(ge=1, le=500)] | None, Num] = 1


class Revision(BaseModel):
    """One audit-trail entry, appended by the store at each save (hash-chained)."""

    model_config = ConfigDict(extra="allow")

    time: str
    user: str = ""
    changed: list[str] = Field(default_factory=list)
    prev_hash: str = ""
    hash: str = ""


class Case(BaseModel):
    """A NELM case. Clinical facts use the names of the catalogue's fact vocabulary (section 3)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    schema_version: Literal[3] = SCHEMA_VERSION

    # --- identity (pseudonymous) -------------------------------------------------------------
    case_id: str = Field(default_factory=lambda: str(uuid.uuid4()))
    patient_label: str = Field("", max_length=200, description="Pseudonymous label, e.g. initials + number")
    birth_year: Annotated[Annotated[int, Field(ge=1900, le=2100)] | None, Num] = None
    sex: Annotated[Sex, _synonyms("sex")] = UNKNOWN
    demo: bool = Field(False, description="A bundled demo case, marked DEMO wherever shown or printed")
    created_at: str = ""
    updated_at: str = ""

    # --- patient -----------------------------------------------------------------------------
    age_years: Annotated[Annotated[int, Field(ge=0, le=120)] | None, Num] = None

    # --- primary tumour & pathology ----------------------------------------------------------
    primary_site: Annotated[PrimarySite, _synonyms("primary_site")] = UNKNOWN
    primary_site_other: str = Field("", max_length=200)
    primary_resected: Annotated[YesNo, Choice] = UNKNOWN
    # Read only with the primary in place (AMB-58): can it be removed with curative intent?
    primary_resectable: Annotated[YesNo, Choice] = UNKNOWN
    primary_resection_date: str = Field("", max_length=40)
    months_since_primary_resection: Months = None
    differentiation: Annotated[Differentiation, _synonyms("differentiation")] = UNKNOWN
    grade_reported: Annotated[GradeReported, _synonyms("grade_reported")] = UNKNOWN
    ki67_pct: Percent = None  # of the primary, or of the specimen when the report does not say which
    ki67_liver_pct: Percent = None  # of a liver-metastasis biopsy
    functional_syndrome: Annotated[YesNo, Choice] = UNKNOWN
    syndrome_name: str = Field("", max_length=200)
    syndrome_type: Annotated[SyndromeType, _synonyms("syndrome_type")] = UNKNOWN
    syndrome_refractory: Annotated[YesNo, Choice] = UNKNOWN
    tumour_burden_symptoms: Annotated[YesNo, Choice] = UNKNOWN

    # --- liver -------------------------------------------------------------------------------
    lesions: Annotated[list[Lesion], Field(max_length=MAX_LESION_ROWS)] | None = Field(
        None, description="Liver lesions; null = not recorded (an empty list is also treated as not recorded)"
    )
    hepatic_involvement_pct: Percent = None
    flr_pct: Percent = None
    surgeon_assessment: Annotated[SurgeonAssessment, _synonyms("surgeon_assessment")] = "not_assessed"
    lesion_near_hilum: Annotated[YesNo, Choice] = UNKNOWN
    superficial_lesion: Annotated[YesNo, Choice] = UNKNOWN
    hepatomegaly: Annotated[YesNo, Choice] = UNKNOWN
    confirmed_type: Annotated[ConfirmedType, BeforeValidator(_confirmed_type)] = "none"

    # --- extrahepatic disease ----------------------------------------------------------------
    extrahepatic_disease: Annotated[ExtrahepaticDisease, _synonyms("extrahepatic_disease")] = UNKNOWN
    extrahepatic_sites: str = Field("", max_length=500)

    # --- imaging -----------------------------------------------------------------------------
    sstr_imaging: Annotated[SstrImaging, _synonyms("sstr_imaging")] = UNKNOWN
    fdg_pet: Annotated[FdgPet, _synonyms("fdg_pet")] = UNKNOWN

    # --- labs & fitness ----------------------------------------------------------------------
    renal_function_adequate: Annotated[YesNo, Choice] = UNKNOWN
    marrow_reserve_adequate: Annotated[YesNo, Choice] = UNKNOWN
    bilirubin_normal: Annotated[YesNo, Choice] = UNKNOWN
    portal_vein_thrombosis: Annotated[YesNo, Choice] = UNKNOWN
    hepatic_insufficiency: Annotated[YesNo, Choice] = UNKNOWN
    ecog: Annotated[Annotated[int, Field(ge=0, le=4)] | None, Num] = None
    fit_for_major_surgery: Annotated[YesNo, Choice] = UNKNOWN
    comorbidities: str = Field("", max_length=2000)

    # --- disease course & prior treatment ----------------------------------------------------
    bilioenteric_anastomosis: Annotated[YesNo, Choice] = UNKNOWN
    prior_whipple: Annotated[YesNo, Choice] = UNKNOWN
    months_stable_or_response: Months = None
    recurrence_after_liver_resection: Annotated[YesNo, Choice] = UNKNOWN
    olt_concurrent_resection: Annotated[YesNo, Choice] = UNKNOWN
    # Schema v3: structured lines of therapy (v2's free-text prior_treatments migrated as "other" lines).
    treatment_history: list[TreatmentLine] = Field(default_factory=list, max_length=MAX_LINES)

    # --- notes -------------------------------------------------------------------------------
    notes: str = Field("", max_length=100_000)

    # --- audit trail (maintained by the store) -----------------------------------------------
    revisions: list[Revision] = Field(default_factory=list)

    @field_validator("patient_label", "primary_site_other", "primary_resection_date", "syndrome_name")
    @classmethod
    def _one_line(cls, value: str, info: ValidationInfo) -> str:
        # Refused, never stripped: what is shown is what is saved, and a line break in a one-line
        # field breaks the printed summary's layout. A library file another program wrote with one
        # opens as written, the field marked (`stored_text_problems`) and Save waiting until it is
        # removed, as for the notes: it was set aside as damaged, the case gone from the list.
        # A direction override turns the text after it around on screen (a label that reads as
        # another patient's); a file saved before this rule still opens (the reports show it as [U+202E]).
        if not read_as_stored(info):
            if any(ord(ch) < 32 or ord(ch) == 127 or ch in "\u2028\u2029\x85" for ch in value):
                raise ValueError("must be one line: no line breaks, tabs or control characters")
            if any("\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069" for ch in value):
                raise ValueError(
                    "holds a text-direction override that turns the text around on screen; remove it"
                )
            reason = hidden_reason(value)  # the rest: C1 controls (U+0080-9F), a terminal's escapes
            if reason is not None:
                raise ValueError(reason)
        return value

    @field_validator("primary_resection_date")
    @classmethod
    def _resection_month(cls, value: str, info: ValidationInfo) -> str:
        problem = None if read_as_stored(info) else dates.year_month_problem(value, dates.today())
        if problem is not None:
            raise ValueError(problem)
        return value

    @field_validator("birth_year")
    @classmethod
    def _birth_year_not_future(cls, value: int | None, info: ValidationInfo) -> int | None:
        problem = None if read_as_stored(info) else dates.birth_year_problem(value, dates.today())
        if problem is not None:
            raise ValueError(problem)
        return value

    @field_validator("notes", "comorbidities", "extrahepatic_sites")
    @classmethod
    def _no_hidden_chars(cls, value: str, info: ValidationInfo) -> str:
        # Refused at entry, never stripped: a character the reader cannot see (an escape, a form feed
        # from a pasted PDF, a direction override) is not what the screen shows. Tabs and line breaks
        # are text here. A library file that already holds one keeps it and opens with the field
        # marked (`stored_text_problems`), so nothing read is silently changed either.
        if not read_as_stored(info):
            reason = hidden_reason(value, multiline=True)
            if reason is not None:
                raise ValueError(reason)
        return value

    @field_validator("treatment_history", mode="before")
    @classmethod
    def _history_list(cls, value: Any) -> Any:
        return [] if value is None else value


# One-line texts (a direction override is refused at entry; a stored one is kept) and multi-line ones.
_ONE_LINE_TEXTS: Final = ("patient_label", "primary_site_other", "syndrome_name", "primary_resection_date")
_MULTI_LINE_TEXTS: Final = ("comorbidities", "extrahepatic_sites", "notes")


def stored_text_problems(case: Case) -> dict[str, str]:
    """Field -> why for every text of `case` holding a character the screen does not show as it is.

    A case built from user input never has one (the model refuses it); one read from a library file
    written by another program or an older app may: it is opened as written, the field is marked and
    Save waits until the user removes it (shown as "U+001B at character 5"), never stripped unseen."""
    out: dict[str, str] = {}
    for field in _ONE_LINE_TEXTS:
        reason = hidden_reason(getattr(case, field))
        if reason is not None:
            out[field] = reason
    for field in _MULTI_LINE_TEXTS:
        reason = hidden_reason(getattr(case, field), multiline=True)
        if reason is not None:
            out[field] = reason
    for n, line in enumerate(case.treatment_history, start=1):
        for part in ("name", "note"):
            reason = hidden_reason(getattr(line, part), multiline=True)
            if reason is not None:
                out.setdefault("treatment_history", f"line {n}, {part}: {reason}")
    return out


def new_case(**facts: Any) -> Case:
    """A blank case (every fact unknown) stamped with creation time."""
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    return Case(created_at=now, updated_at=now, **facts)


# Facts the engine reads (CLINICAL-RULES.md section 3), in form order. The UI uses this order for
# "needs information" links and tab order; reports use it for the facts table.
CLINICAL_FACTS: tuple[str, ...] = (
    "age_years",
    "primary_site",
    "primary_resected",
    "primary_resectable",
    "months_since_primary_resection",
    "differentiation",
    "grade_reported",
    "ki67_pct",
    "ki67_liver_pct",
    "functional_syndrome",
    "syndrome_type",
    "syndrome_refractory",
    "tumour_burden_symptoms",
    "lesions",
    "hepatic_involvement_pct",
    "flr_pct",
    "surgeon_assessment",
    "lesion_near_hilum",
    "superficial_lesion",
    "hepatomegaly",
    "confirmed_type",
    "extrahepatic_disease",
    "sstr_imaging",
    "fdg_pet",
    "renal_function_adequate",
    "marrow_reserve_adequate",
    "bilirubin_normal",
    "portal_vein_thrombosis",
    "hepatic_insufficiency",
    "ecog",
    "fit_for_major_surgery",
    "bilioenteric_anastomosis",
    "prior_whipple",
    "months_stable_or_response",
    "recurrence_after_liver_resection",
    "olt_concurrent_resection",
)
