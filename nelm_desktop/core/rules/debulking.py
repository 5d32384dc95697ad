"""Debulking / cytoreductive surgery (DEB, CLINICAL-RULES 6.4): target 70-90 % of the NELM load."""

from __future__ import annotations

from nelm_desktop.core.rules.base import Ctx, Modifier, Row, Table, g3_row, unknown
from nelm_desktop.core.rules.base import pick as _s
from nelm_desktop.core.sources import FIG2, ref

SRC = {
    "a": ref("review2023", "Debulking surgery"),
    "b": ref("review2023", "Debulking surgery (70-90 % of NELM load)"),
    "c": FIG2,
    "d": ref("review2023", "Debulking surgery (no randomized evidence)"),
    "r": ref("review2023", "Introduction"),
}


def _criteria_met(ctx: Ctx) -> bool:
    case = ctx.case
    refractory = case.functional_syndrome == "yes" and case.syndrome_refractory == "yes"
    stable_bulk = (
        case.functional_syndrome == "no"
        and case.months_stable_or_response is not None
        and case.months_stable_or_response >= 6
        and case.tumour_burden_symptoms == "yes"
    )
    return refractory or stable_bulk


def _missing(ctx: Ctx) -> list[str]:
    case = ctx.case
    missing = (
        ctx.grade_missing + ctx.col_missing + unknown(case, "fit_for_major_surgery", "functional_syndrome")
    )
    if case.functional_syndrome == "yes":
        missing += unknown(case, "syndrome_refractory")
    elif case.functional_syndrome == "no":
        missing += unknown(case, "months_stable_or_response", "tumour_burden_symptoms")
    return missing


def _option(ctx: Ctx) -> bool | str:
    if not (ctx.g12 and ctx.col == "B" and ctx.case.fit_for_major_surgery == "yes" and _criteria_met(ctx)):
        return False
    return ctx.feas_not_feasible()


DEBULKING = Table(
    modality="debulking",
    # DEB-1 reads differentiation_eff and the grade rows read Ki-67 (GRADE-0): shown as with resection.
    reads=(
        "grade",
        "differentiation",
        "grade_reported",
        "ki67_pct",
        "ki67_liver_pct",
        "distribution_type",
        "column",
        "resection_feasibility",
        "fit_for_major_surgery",
        "functional_syndrome",
        "syndrome_refractory",
        "months_stable_or_response",
        "tumour_burden_symptoms",
        "surgeon_assessment",
    ),
    rows=(
        # AMB-19: the source's exclusion concerns curative resection; debulking for NEC is contraindicated
        # as a product decision, consistent with surgery being indicated for well-differentiated NEN only.
        Row(
            "DEB-1",
            "contraindicated",
            lambda c: c.diff_eff == "poorly",
            "Poorly differentiated (NEC): liver surgery is not indicated. (AMB-19)",
            _s(SRC, "r"),
        ),
        g3_row("DEB-2"),
        Row(
            "DEB-3",
            "not_indicated",
            lambda c: c.col in ("A", "C"),
            "Cytoreduction is listed only for type II (complex pattern).",
            _s(SRC, "c"),
        ),
        Row(
            "DEB-4",
            "not_indicated",
            lambda c: c.feas == "feasible",
            "Resection with curative intent is feasible; debulking is for when it is contraindicated or not "
            "feasible.",
            _s(SRC, "c"),
        ),
        Row(
            "DEB-5",
            "contraindicated",
            lambda c: c.case.fit_for_major_surgery == "no",
            "Not fit for major surgery.",
            _s(SRC, "r"),
        ),
        Row(
            "DEB-6",
            "not_indicated",
            lambda c: c.case.functional_syndrome == "yes" and c.case.syndrome_refractory == "no",
            'Functional syndrome controlled medically: criterion "uncontrollable functional NEN" not met.',
            _s(SRC, "a"),
        ),
        Row(
            "DEB-7",
            "not_indicated",
            lambda c: (
                c.case.functional_syndrome == "no"
                and (
                    (c.case.months_stable_or_response is not None and c.case.months_stable_or_response < 6)
                    or c.case.tumour_burden_symptoms == "no"
                )
            ),
            "Non-functional: debulking needs stable disease >= 6 months and symptoms from tumour burden.",
            _s(SRC, "a"),
        ),
        Row("DEB-8", "needs_information", _missing, "Debulking cannot be assessed: {missing}.", _s(SRC, "a")),
        Row(
            "DEB-9",
            "option",
            _option,
            lambda c: (
                f"{c.not_feasible_phrase('Type II, resection not feasible')}: palliative cytoreduction aiming "
                "to remove 70-90 % of the liver tumour load; no randomized evidence."
            ),
            _s(SRC, "abd"),
            ("FLAG-DEB-TARGET",),
        ),
    ),
    modifiers=(
        # AMB-57: 'unresectable' concerns complete resection; cytoreduction is judged separately.
        Modifier(
            "DEB-M1",
            lambda c, r: r.rule == "DEB-9" and c.case.surgeon_assessment == "unresectable",
            "The surgeon's 'unresectable' concerns complete resection; whether 70-90 % cytoreduction is "
            "possible is judged separately.",
            _s(SRC, "ab"),
        ),
    ),
    evidence=("EV-DEB",),
)
