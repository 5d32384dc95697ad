"""What the case form shows: its sections and, per Case field, the control, units, range and hint.

Declarative on purpose: the form builder (case_form.py) turns these specs into widgets in this
order, which is also the tab order. Labels come from the catalogue's fact labels (core.facts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from nelm_desktop.core.facts import FACT_LABELS
from nelm_desktop.core.model import PRIMARY_SITE_LABELS

Kind = Literal["yesno", "segmented", "combo", "int", "float", "line", "text", "list", "history"]

YES_NO = (("unknown", "Unknown"), ("yes", "Yes"), ("no", "No"))


@dataclass(frozen=True)
class FieldSpec:
    """One field of the case form: the case model's field, its kind of control and how it is shown."""

    field: str
    kind: Kind
    label: str = ""
    choices: tuple[tuple[str | int | None, str], ...] = ()
    lo: float = 0
    hi: float = 100
    suffix: str = ""
    decimals: int = 0
    hint: str = ""  # one short line under the label (tooltip too)
    placeholder: str = ""

    @property
    def text(self) -> str:
        return self.label or FACT_LABELS.get(self.field, self.field.replace("_", " ").capitalize())


@dataclass(frozen=True)
class SectionSpec:
    """One section of the case form: its title and fields, in form order."""

    key: str
    title: str
    fields: tuple[FieldSpec, ...] = field(default_factory=tuple)
    hosts_liver_editor: bool = False


def _yesno(name: str, hint: str = "", label: str = "") -> FieldSpec:
    return FieldSpec(name, "yesno", label=label, choices=YES_NO, hint=hint)


GRADE_REPORTED_CHOICES: tuple[tuple[str | int | None, str], ...] = (
    ("unknown", "Unknown"),
    ("G1", "G1"),
    ("G2", "G2"),
    ("G3", "G3 NET"),
    ("NEC", "NEC"),
)
SURGEON_ASSESSMENT_CHOICES: tuple[tuple[str | int | None, str], ...] = (
    ("not_assessed", "Not assessed"),
    ("one_stage", "One stage"),
    ("two_stage_only", "Two stages only"),
    ("unresectable", "Unresectable"),
)
SYNDROME_TYPE_CHOICES: tuple[tuple[str | int | None, str], ...] = (
    ("unknown", "Unknown"),
    ("carcinoid", "Carcinoid syndrome"),
    ("insulinoma", "Insulinoma"),
    ("gastrinoma", "Gastrinoma"),
    ("glucagonoma", "Glucagonoma"),
    ("vipoma", "VIPoma"),
    ("other", "Other"),
)
FDG_PET_CHOICES: tuple[tuple[str | int | None, str], ...] = (
    ("unknown", "Unknown"),
    ("positive", "Positive"),
    ("negative", "Negative"),
    ("done_result_unknown", "Done, result not recorded"),
    ("not_done", "Not done"),
)

_PRIMARY_SITES = tuple((value, label) for value, label in PRIMARY_SITE_LABELS.items() if value != "unknown")

SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "patient",
        "Patient",
        (
            FieldSpec(
                "patient_label",
                "line",
                label="Patient label",
                placeholder="pseudonymous, e.g. initials + number",
                hint="No full names: the label is printed on reports.",
            ),
            FieldSpec("birth_year", "int", label="Year of birth", lo=1900, hi=2100),
            FieldSpec("age_years", "int", lo=0, hi=120, suffix=" years"),
            FieldSpec(
                "sex",
                "segmented",
                label="Sex",
                choices=(("unknown", "Unknown"), ("female", "Female"), ("male", "Male"), ("other", "Other")),
            ),
        ),
    ),
    SectionSpec(
        "primary",
        "Primary tumour & pathology",
        (
            FieldSpec("primary_site", "combo", choices=(("unknown", "Not recorded"), *_PRIMARY_SITES)),
            FieldSpec("primary_site_other", "line", label="Primary site (other, free text)"),
            _yesno("primary_resected", hint="No = primary still in place"),
            _yesno(
                "primary_resectable",
                hint="Primary in place: can it be removed with curative intent? (surgical judgement)",
            ),
            FieldSpec(
                "primary_resection_date", "line", label="Primary resection date", placeholder="YYYY-MM"
            ),
            FieldSpec("months_since_primary_resection", "float", lo=0, hi=1200, suffix=" months"),
            FieldSpec(
                "differentiation",
                "segmented",
                choices=(("unknown", "Unknown"), ("well", "Well"), ("poorly", "Poorly")),
                hint="Well = NET; poorly = NEC. Never inferred from Ki-67.",
            ),
            FieldSpec(
                "grade_reported",
                "segmented",
                choices=GRADE_REPORTED_CHOICES,
                hint="As in the pathology report; a Ki-67 value, when known, wins",
            ),
            FieldSpec(
                "ki67_pct",
                "float",
                lo=0,
                hi=100,
                suffix=" %",
                decimals=1,
                hint="Primary tumour, or the specimen when the report does not say which",
            ),
            FieldSpec("ki67_liver_pct", "float", lo=0, hi=100, suffix=" %", decimals=1),
            _yesno("functional_syndrome", hint="Hormonal syndrome from secretion"),
            FieldSpec(
                "syndrome_type",
                "combo",
                choices=SYNDROME_TYPE_CHOICES,
                hint="Read only when a functional syndrome is present",
            ),
            FieldSpec("syndrome_name", "line", label="Syndrome", placeholder="e.g. carcinoid syndrome"),
            _yesno("syndrome_refractory", hint="Read only when a functional syndrome is present"),
            _yesno("tumour_burden_symptoms"),
        ),
    ),
    SectionSpec(
        "liver",
        "Liver",
        (
            FieldSpec(
                "hepatic_involvement_pct",
                "float",
                lo=0,
                hi=100,
                suffix=" %",
                hint="Percentage of liver parenchyma replaced by tumour",
            ),
            FieldSpec(
                "flr_pct",
                "float",
                lo=0,
                hi=100,
                suffix=" %",
                hint="Future liver remnant after the planned one-stage resection",
            ),
            FieldSpec(
                "surgeon_assessment",
                "segmented",
                choices=SURGEON_ASSESSMENT_CHOICES,
                hint="HPB surgeon: can the liver disease be removed completely, and in how many stages?",
            ),
            _yesno("lesion_near_hilum", hint="Metastases around vital hilar structures"),
            _yesno("superficial_lesion"),
            _yesno("hepatomegaly"),
        ),
        hosts_liver_editor=True,
    ),
    SectionSpec(
        "extrahepatic",
        "Extrahepatic disease",
        (
            FieldSpec(
                "extrahepatic_disease",
                "segmented",
                choices=(
                    ("unknown", "Unknown"),
                    ("none", "None"),
                    ("resectable", "Resectable"),
                    ("unresectable", "Unresectable"),
                ),
            ),
            FieldSpec(
                "extrahepatic_sites", "line", label="Extrahepatic sites", placeholder="e.g. nodes, bone"
            ),
        ),
    ),
    SectionSpec(
        "imaging",
        "Imaging",
        (
            FieldSpec(
                "sstr_imaging",
                "segmented",
                label="SSTR imaging",
                choices=(
                    ("unknown", "Unknown"),
                    ("positive", "Positive"),
                    ("negative", "Negative"),
                    ("not_done", "Not done"),
                ),
                hint="Somatostatin-receptor scintigraphy or PET",
            ),
            FieldSpec(
                "fdg_pet",
                "segmented",
                label="FDG-PET",
                choices=FDG_PET_CHOICES,
            ),
        ),
    ),
    SectionSpec(
        "labs",
        "Labs & fitness",
        (
            _yesno("renal_function_adequate"),
            _yesno("marrow_reserve_adequate"),
            _yesno("bilirubin_normal", hint="Serum total bilirubin within the normal range"),
            _yesno("portal_vein_thrombosis"),
            _yesno("hepatic_insufficiency"),
            FieldSpec(
                "ecog",
                "combo",
                choices=(
                    (None, "Unknown"),
                    (0, "0 – fully active"),
                    (1, "1 – restricted in strenuous activity"),
                    (2, "2 – ambulatory, up > 50 % of waking hours"),
                    (3, "3 – limited self-care, in bed > 50 %"),
                    (4, "4 – completely disabled"),
                ),
            ),
            _yesno("fit_for_major_surgery", hint="Clinician's judgement incl. comorbidity and frailty"),
            FieldSpec("comorbidities", "text", label="Comorbidities"),
        ),
    ),
    SectionSpec(
        "course",
        "Disease course & prior treatment",
        (
            FieldSpec(
                "months_stable_or_response",
                "float",
                lo=0,
                hi=1200,
                suffix=" months",
                hint="Stable disease or good response to therapy, to date",
            ),
            _yesno("recurrence_after_liver_resection"),
            _yesno("bilioenteric_anastomosis"),
            _yesno("prior_whipple", hint="Previous pancreatoduodenectomy"),
            _yesno("olt_concurrent_resection", hint="Any resection planned at the time of transplant"),
            FieldSpec(
                "treatment_history",
                "history",
                label="Treatment history",
                hint="One line of therapy per row; a progression is shown next to that option",
            ),
        ),
    ),
    SectionSpec(
        "notes",
        "Notes",
        (FieldSpec("notes", "text", label="Notes", placeholder="Free text; printed on the summary"),),
    ),
)

# Fields the liver editor edits (not a form control of their own).
LIVER_EDITOR_FIELDS = frozenset({"lesions", "confirmed_type"})


def spec_for(field_name: str) -> FieldSpec | None:
    for section in SECTIONS:
        for spec in section.fields:
            if spec.field == field_name:
                return spec
    return None
