"""Peptide receptor radionuclide therapy (PRRT, CLINICAL-RULES 6.9). Fig. 2 prints it as "PPRT"."""

from __future__ import annotations

from nelm_desktop.core.model import FDG_RESULT
from nelm_desktop.core.rules.base import Ctx, Row, Table, unknown
from nelm_desktop.core.rules.base import pick as _s
from nelm_desktop.core.sources import FIG2, ref

SRC = {
    "a": ref("review2023", "PRRT"),
    "b": ref("review2023", "PRRT (dual tracer)"),
    "c": ref("frilling2015", "abstract"),
    "d": FIG2,
    "e": ref("review2023", "PRRT (toxicity)"),
}

EHD_PRESENT = ("resectable", "unresectable")


def _high_grade(ctx: Ctx) -> bool:
    return ctx.g3 or ctx.nec


def _missing(ctx: Ctx) -> list[str]:
    case = ctx.case
    missing = []
    if case.sstr_imaging in ("not_done", "unknown"):
        missing.append("sstr_imaging")
    missing += unknown(case, "renal_function_adequate", "marrow_reserve_adequate")
    missing += ctx.grade_missing
    if _high_grade(ctx) and case.fdg_pet not in FDG_RESULT:
        missing.append("fdg_pet")
    # AMB-38: extrahepatic disease decides between PRRT-7 and PRRT-1/PRRT-8 while FEAS is not settled
    # as not feasible, so it is asked (no conditional option then).
    if not _high_grade(ctx) and case.extrahepatic_disease == "unknown" and ctx.feas != "not_feasible":
        missing.append("extrahepatic_disease")
    # rev 2: with resectable extrahepatic disease PRRT-7 needs FEAS, so the pattern facts are asked too.
    if not _high_grade(ctx) and case.extrahepatic_disease != "unresectable":
        missing += ctx.feas_pattern_missing()
    return missing


PRRT = Table(
    modality="prrt",
    reads=(
        "grade",
        "resection_feasibility",
        "extrahepatic_disease",
        "sstr_imaging",
        "fdg_pet",
        "renal_function_adequate",
        "marrow_reserve_adequate",
    ),
    rows=(
        Row(
            "PRRT-1",
            "not_indicated",
            lambda c: (
                c.g12 and c.feas == "feasible" and c.case.extrahepatic_disease in ("none", "resectable")
            ),
            "Liver and any extrahepatic disease resectable: PRRT, a palliative procedure, is not in this branch. "
            "(AMB-66)",
            _s(SRC, "dc"),
        ),
        Row(
            "PRRT-2",
            "not_indicated",
            lambda c: c.case.sstr_imaging == "negative",
            "Insufficient somatostatin-receptor expression on SSTR imaging.",
            _s(SRC, "a"),
        ),
        Row(
            "PRRT-3",
            "contraindicated",
            lambda c: c.case.renal_function_adequate == "no",
            "Renal function not adequate for PRRT.",
            _s(SRC, "ae"),
        ),
        Row(
            "PRRT-4",
            "contraindicated",
            lambda c: c.case.marrow_reserve_adequate == "no",
            "Bone marrow reserve not adequate for PRRT.",
            _s(SRC, "ae"),
        ),
        Row("PRRT-5", "needs_information", _missing, "PRRT cannot be assessed: {missing}.", _s(SRC, "ab")),
        Row(
            "PRRT-6",
            "option",
            _high_grade,
            "High-grade disease: dual-tracer imaging (SSTR + FDG-PET) available for selection; PRRT is an option "
            "for tumour-board decision.",
            _s(SRC, "b"),
        ),
        Row(
            "PRRT-7",
            "option",
            lambda c: (
                c.g12
                and (
                    c.case.extrahepatic_disease == "unresectable"
                    or (c.case.extrahepatic_disease == "resectable" and c.feas == "not_feasible")
                )
            ),
            "G1/G2, SSTR positive, adequate renal and marrow function, extrahepatic metastases: PRRT treats "
            "hepatic and extrahepatic disease.",
            _s(SRC, "ac"),
        ),
        Row(
            "PRRT-8",
            "option",
            lambda c: c.feas_not_feasible() if c.g12 else False,
            lambda c: (
                c.not_feasible_phrase(
                    "G1/G2, SSTR positive, adequate renal and marrow function, resection not feasible"
                )
                + ": PRRT is an option."
            ),
            _s(SRC, "ad"),
        ),
    ),
    evidence=("EV-PRRT",),
)
