"""Grade from differentiation, the reported grade and Ki-67 (CLINICAL-RULES.md 4.1, GRADE-0..9).

review2023, Introduction: "Grade 1 (G1 Ki67 LI ≤2%), and G2 (3-20%) neuroendocrine tumors (NETs)" ...
"a subset of WD-NENs have Ki67 LI >20% (G3NETs)" ... "Poorly differentiated GEP-NENs are designated as
neuroendocrine carcinomas (NEC)". The engine never infers differentiation from Ki-67 (AMB-3); a reported
grade implies it (GRADE-0, AMB-59). A known Ki-67 always wins over the reported grade.
"""

from __future__ import annotations

from nelm_desktop.core.evaluation import GradeResult, SourceRef, trusted
from nelm_desktop.core.model import Case

GRADE_SOURCE = [SourceRef(key="review2023", locator="Introduction")]
_GRADE_SOURCE_REF = GRADE_SOURCE[0]

G12 = frozenset({"G1", "G2"})
# The reported grade as the engine names it (GRADE-8: reported G3 = G3 NET).
REPORTED_AS_GRADE = {"G1": "G1", "G2": "G2", "G3": "G3 NET", "NEC": "NEC"}
# Flag id -> values to format its text with (empty when the text has no placeholder).
GradeFlags = dict[str, dict[str, str]]


def effective_ki67(case: Case) -> float | None:
    """GRADE-0: the higher of the known Ki-67 values (primary and liver), None when both are unknown."""
    known = [k for k in (case.ki67_pct, case.ki67_liver_pct) if k is not None]
    return max(known) if known else None


def effective_differentiation(case: Case) -> str:
    """GRADE-0: differentiation when recorded, else as the reported grade implies it, else unknown."""
    if case.differentiation != "unknown":
        return case.differentiation
    if case.grade_reported in ("G1", "G2", "G3"):
        return "well"
    if case.grade_reported == "NEC":
        return "poorly"
    return "unknown"


def _band(ki67: float) -> int:
    """The grade band of a Ki-67 value (FLAG-KI67-DISCORDANT): <= 2, > 2 to 20, > 20."""
    return 0 if ki67 <= 2 else 1 if ki67 <= 20 else 2


def _ki67_flags(case: Case) -> GradeFlags:
    primary, liver = case.ki67_pct, case.ki67_liver_pct
    if primary is None or liver is None or _band(primary) == _band(liver):
        return {}
    return {"FLAG-KI67-DISCORDANT": {"primary": f"{primary:g}", "liver": f"{liver:g}"}}


def _result(
    grade: str,
    rule: str,
    text: str,
    missing: list[str],
    facts: dict[str, object],
    diff: str,
    ki: float | None,
) -> GradeResult:
    # Every field given, in declaration order (see `trusted`); the sources list is fresh per result.
    return trusted(
        GradeResult,
        {
            "grade": grade,
            "rule": rule,
            "text": text,
            "missing": missing,
            "facts": facts,
            "sources": [_GRADE_SOURCE_REF],
            "differentiation_eff": diff,
            "ki67": ki,
        },
    )


def grade_case(case: Case) -> tuple[GradeResult, GradeFlags]:
    """The grade and the flags its rows raise (with the values their texts show)."""
    diff = effective_differentiation(case)
    ki = effective_ki67(case)
    reported = case.grade_reported
    facts: dict[str, object] = {
        "differentiation": case.differentiation,
        "grade_reported": reported,
        "ki67_pct": "unknown" if case.ki67_pct is None else case.ki67_pct,
        "ki67_liver_pct": "unknown" if case.ki67_liver_pct is None else case.ki67_liver_pct,
    }
    flags: GradeFlags = _ki67_flags(case)
    ki_text = "" if ki is None else f"{ki:g}"
    if diff == "poorly":
        if ki is not None and ki <= 20:
            flags["FLAG-NEC-KI67"] = {}
        why = "Reported as NEC" if case.differentiation == "unknown" else "Poorly differentiated"
        grade, rule, text = "NEC", "GRADE-1", f"{why}: neuroendocrine carcinoma (NEC)."
    elif diff == "well":
        if ki is None:
            if reported in ("G1", "G2", "G3"):
                grade = REPORTED_AS_GRADE[reported]
                flags["FLAG-GRADE-REPORTED"] = {"grade": reported}
                if grade == "G3 NET":
                    flags["FLAG-G3"] = {}
                text = f"Grade {reported} as reported by pathology, no Ki-67 value recorded: {grade}."
                return _result(grade, "GRADE-8", text, [], facts, diff, ki), flags
            if reported == "NEC":
                # AMB-59: recorded well differentiation against a reported NEC is left to the clinician.
                flags["FLAG-GRADE-DISCORDANT"] = {"reported": "NEC", "grade": "well differentiated"}
                text = (
                    "Well differentiated as recorded, but reported as NEC, no Ki-67: grade cannot be "
                    "decided (AMB-59)."
                )
                return _result("undetermined", "GRADE-9", text, ["ki67_pct"], facts, diff, ki), flags
            text = "Well differentiated, Ki-67 not recorded."
            return _result("undetermined", "GRADE-7", text, ["ki67_pct"], facts, diff, ki), flags
        if ki <= 2:
            if ki == 2:
                flags["FLAG-KI67-CUTOFF"] = {}
            grade, rule = "G1", "GRADE-2"
            text = f"Well differentiated, Ki-67 {ki_text} % (<= 2 %): G1 NET."
        elif ki < 3:
            flags["FLAG-KI67-GAP"] = {}
            grade, rule = "G2", "GRADE-3"
            text = (
                f"Well differentiated, Ki-67 {ki_text} % lies between the stated G1 (<= 2 %) and "
                "G2 (3-20 %) ranges: graded G2, the higher grade (AMB-1)."
            )
        elif ki <= 20:
            if ki in (3, 20):
                flags["FLAG-KI67-CUTOFF"] = {}
            grade, rule = "G2", "GRADE-4"
            text = f"Well differentiated, Ki-67 {ki_text} % (3-20 %): G2 NET."
        else:
            flags["FLAG-G3"] = {}
            grade, rule = "G3 NET", "GRADE-5"
            text = f"Well differentiated, Ki-67 {ki_text} % (> 20 %): G3 NET."
    else:
        missing = ["differentiation"] + (["ki67_pct"] if ki is None else [])
        text = "Differentiation not recorded: grade cannot be determined."
        if ki is not None and ki > 20:
            text = (
                f"Differentiation not recorded with Ki-67 {ki_text} % (> 20 %): G3 NET or NEC cannot be "
                "decided (AMB-3)."
            )
        return _result("undetermined", "GRADE-6", text, missing, facts, diff, ki), flags
    # GRADE-1..5: the grade by differentiation and Ki-67; the report only flags a difference.
    if case.differentiation == "unknown":  # differentiation as the reported grade implies it
        flags["FLAG-GRADE-REPORTED"] = {"grade": reported}
    if reported != "unknown" and REPORTED_AS_GRADE[reported] != grade:
        flags["FLAG-GRADE-DISCORDANT"] = {"reported": reported, "grade": grade}
    return _result(grade, rule, text, [], facts, diff, ki), flags
