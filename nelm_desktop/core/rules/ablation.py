"""Ablation (ABL, CLINICAL-RULES 6.5): RFA, microwave, cryoablation; the 5 cm limit is for stand-alone
ablation only (AMB-21); as an adjunct to resection of bilobar disease it ablates the smaller deposits."""

from __future__ import annotations

from nelm_desktop.core.rules.base import Ctx, Row, Table, g3_row, nec_row, unknown
from nelm_desktop.core.rules.base import pick as _s
from nelm_desktop.core.sources import FIG2, ref

SRC = {
    "a": ref("review2023", "Ablative techniques"),
    "b": ref("review2023", "Ablative techniques (contraindications)"),
    "c": ref("review2023", "Ablative techniques (stereotactic RFA)"),
    "d": FIG2,
    "e": ref("frilling2015", "abstract"),
    "f": ref("review2023", "Ablative techniques (MWA)"),
}

ADJUNCT_TYPES = ("limited_bilobar", "II")


def _no_adjunct(ctx: Ctx) -> bool:
    """Ablation cannot be an adjunct: single/unilobar disease, or no lesion < 5 cm to ablate."""
    return ctx.type_used in ("I", "limited_unilobar") or ctx.lesions.any_lt_5 is False


def _adjunct_may_apply(ctx: Ctx) -> bool:
    return ctx.type_used in ADJUNCT_TYPES and ctx.lesions.any_lt_5 is not False


def _size_fact(ctx: Ctx) -> str:
    return "lesion_sizes" if ctx.lesions.recorded else "lesions"


def _contraindication_text(ctx: Ctx) -> str:
    found = []
    if ctx.case.lesion_near_hilum == "yes":
        found.append("lesion around vital hilar structures")
    if ctx.case.superficial_lesion == "yes":
        found.append("superficial lesion")
    if ctx.case.prior_whipple == "yes":
        found.append("previous Whipple procedure")
    text = " / ".join(found)
    return f"{text[0].upper()}{text[1:]}: ablation usually contraindicated."


def _stand_alone_only(ctx: Ctx) -> bool:
    return ctx.feas == "not_feasible" or (ctx.feas == "undetermined" and _no_adjunct(ctx))


def _missing(ctx: Ctx) -> list[str]:
    missing = ctx.grade_missing + ctx.col_missing
    missing += unknown(ctx.case, "lesion_near_hilum", "superficial_lesion", "prior_whipple")
    sizes = ctx.lesions
    if sizes.any_lt_5 is None and ctx.type_used in ADJUNCT_TYPES and ctx.feas != "not_feasible":
        missing.append(_size_fact(ctx))
    if sizes.largest_ge_5 is None and ctx.feas != "feasible":
        missing.append(_size_fact(ctx))
    # AMB-54: where the adjunct (option) and the stand-alone size limit (not indicated) would differ,
    # the resection result's missing facts are asked here (EVAL-4 exception).
    if ctx.feas == "undetermined" and _adjunct_may_apply(ctx) and sizes.largest_ge_5 is not False:
        missing += ctx.feas_missing
    return missing


def _largest(ctx: Ctx) -> str:
    largest = ctx.lesions.largest_cm
    if largest is None:
        known = [les.size_cm for les in ctx.case.lesions or [] if les.size_cm is not None]
        largest = max(known) if known else None
    return "unknown" if largest is None else f"{largest:g}"


def _option_standalone(ctx: Ctx) -> bool | str:
    if ctx.lesions.largest_ge_5 is not False:
        return False
    return ctx.feas_not_feasible()


ABLATION = Table(
    modality="ablation",
    reads=(
        "grade",
        "distribution_type",
        "column",
        "resection_feasibility",
        "largest_cm",
        "largest_ge_5",
        "any_lt_5",
        "lesion_near_hilum",
        "superficial_lesion",
        "prior_whipple",
    ),
    rows=(
        nec_row("ABL-1"),
        g3_row("ABL-2"),
        Row(
            "ABL-3",
            "not_indicated",
            lambda c: c.col == "C",
            "Diffuse (type III) pattern: the source algorithm lists no ablation.",
            _s(SRC, "d"),
        ),
        Row(
            "ABL-4",
            "not_indicated",
            lambda c: c.feas == "feasible" and c.type_used is not None and _no_adjunct(c),
            "Resection feasible and no bilobar disease with small deposits: ablation not needed as an adjunct.",
            _s(SRC, "a"),
        ),
        Row(
            "ABL-5",
            "contraindicated",
            lambda c: "yes" in (c.case.lesion_near_hilum, c.case.superficial_lesion, c.case.prior_whipple),
            _contraindication_text,
            _s(SRC, "b"),
        ),
        Row(
            "ABL-6",
            "not_indicated",
            lambda c: c.lesions.largest_ge_5 is True and _stand_alone_only(c),
            lambda c: (
                f"Largest lesion {_largest(c)} cm (>= 5 cm): stand-alone ablation is indicated for lesions "
                "< 5 cm; stereotactic RFA for larger tumours is emerging only."
            ),
            _s(SRC, "ac"),
            ("FLAG-ABL-5CM",),
        ),
        Row("ABL-7", "needs_information", _missing, "Ablation cannot be assessed: {missing}.", _s(SRC, "ab")),
        Row(
            "ABL-8",
            "option",
            lambda c: c.feas == "feasible" and c.type_used in ADJUNCT_TYPES and c.lesions.any_lt_5 is True,
            "Bilobar disease: ablation of the smaller deposits combined with resection to limit the extent of "
            'hepatectomy ("1-Stage resection ± ablation"); the < 5 cm limit applies to the lesions ablated, '
            "not to a bulk that is resected.",
            _s(SRC, "adf"),
        ),
        Row(
            "ABL-9",
            "option",
            _option_standalone,
            "Limited disease < 5 cm with resection contraindicated or not feasible: ablation is an option.",
            _s(SRC, "ade"),
        ),
    ),
    evidence=("EV-ABL",),
)
