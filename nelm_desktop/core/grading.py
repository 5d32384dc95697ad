"""Grade from differentiation and Ki-67 (CLINICAL-RULES.md 4.1, GRADE-1..7).

review2023, Introduction: "Grade 1 (G1 Ki67 LI ≤2%), and G2 (3-20%) neuroendocrine tumors (NETs)" ...
"a subset of WD-NENs have Ki67 LI >20% (G3NETs)" ... "Poorly differentiated GEP-NENs are designated as
neuroendocrine carcinomas (NEC)". The engine never infers differentiation from Ki-67 (AMB-3).
"""

from __future__ import annotations

from nelm_desktop.core.evaluation import GradeResult, SourceRef
from nelm_desktop.core.model import Case

GRADE_SOURCE = [SourceRef(key="review2023", locator="Introduction")]

G12 = frozenset({"G1", "G2"})


def grade_case(case: Case) -> tuple[GradeResult, list[str]]:
    """The grade and the flag ids its row raises."""
    diff = case.differentiation
    ki = case.ki67_pct
    facts = {"differentiation": diff, "ki67_pct": "unknown" if ki is None else ki}

    def result(grade: str, rule: str, text: str, missing: list[str] | None = None) -> GradeResult:
        return GradeResult(
            grade=grade,
            rule=rule,
            text=text,
            missing=missing or [],
            facts=facts,
            sources=GRADE_SOURCE,
        )

    flags: list[str] = []
    if diff == "poorly":
        if ki is not None and ki <= 20:
            flags.append("FLAG-NEC-KI67")
        return result("NEC", "GRADE-1", "Poorly differentiated: neuroendocrine carcinoma (NEC)."), flags
    if diff == "well":
        if ki is None:
            return (
                result("undetermined", "GRADE-7", "Well differentiated, Ki-67 not recorded.", ["ki67_pct"]),
                flags,
            )
        if ki <= 2:
            if ki == 2:
                flags.append("FLAG-KI67-CUTOFF")
            return result("G1", "GRADE-2", f"Well differentiated, Ki-67 {ki:g} % (<= 2 %): G1 NET."), flags
        if ki < 3:
            flags.append("FLAG-KI67-GAP")
            return (
                result(
                    "G2",
                    "GRADE-3",
                    f"Well differentiated, Ki-67 {ki:g} % lies between the stated G1 (<= 2 %) and "
                    "G2 (3-20 %) ranges: graded G2, the higher grade (AMB-1).",
                ),
                flags,
            )
        if ki <= 20:
            if ki in (3, 20):
                flags.append("FLAG-KI67-CUTOFF")
            return result("G2", "GRADE-4", f"Well differentiated, Ki-67 {ki:g} % (3-20 %): G2 NET."), flags
        flags.append("FLAG-G3")
        return result("G3 NET", "GRADE-5", f"Well differentiated, Ki-67 {ki:g} % (> 20 %): G3 NET."), flags
    missing = ["differentiation"] + (["ki67_pct"] if ki is None else [])
    text = "Differentiation not recorded: grade cannot be determined."
    if ki is not None and ki > 20:
        text = (
            f"Differentiation not recorded with Ki-67 {ki:g} % (> 20 %): G3 NET or NEC cannot be decided "
            "(AMB-3)."
        )
    return result("undetermined", "GRADE-6", text, missing), flags
