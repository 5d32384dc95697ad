"""Ablation (ABL, CLINICAL-RULES 6.5): RFA, microwave, cryoablation. ABL-0 (rev 2): offered as an adjunct
to a one-stage resection of bilobar disease (ABL-8) or to a staged resection (ABL-10), as an alternative to
a feasible resection (ABL-11) or stand-alone (ABL-9); the 5 cm limit binds stand-alone and alternative
ablation only (AMB-21, AMB-54)."""

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
    "g": ref("review2023", "Ablative techniques (RFA combined with resection)"),
    "h": ref("review2023", "Ablative techniques (intraoperative MWA, 2-staged hepatectomy)"),
    "i": ref("review2023", "Staged resections for extensive disease (Clichy)"),
}

ADJUNCT_TYPES = ("limited_bilobar", "II")

Tri = bool | None  # three-valued: True, False, unknown (None)


def _and(*parts: Tri) -> Tri:
    """Three-valued AND: any False -> False; else any unknown -> unknown; else True."""
    if any(p is False for p in parts):
        return False
    return None if any(p is None for p in parts) else True


def _feasible(ctx: Ctx) -> Tri:
    return {"feasible": True, "not_feasible": False}.get(ctx.feas)


def _staged_offered(ctx: Ctx) -> Tri:
    status = ctx.results["staged_resection"].status
    return None if status == "needs_information" else status in ("recommended", "option")


def _adjunct_type(ctx: Ctx) -> Tri:
    return None if ctx.type_used is None else ctx.type_used in ADJUNCT_TYPES


def _not(value: Tri) -> Tri:
    return None if value is None else not value


def _conditions(ctx: Ctx) -> dict[str, tuple[Tri, bool]]:
    """ABL-0: the four conditions under which ablation is offered, each three-valued, with whether it
    read the distribution type (only ADJ1 does, through ABL-8's types).

    Worked out once per evaluation (most ablation rows ask): they read FEAS, the staged-resection result
    and the lesions, all settled before the ablation table runs (EVAL-1). A row that asks for a condition
    reads what the condition read (`_condition`), so the type read is kept with each value.
    """
    found = ctx.ablation_conditions
    if found is None:
        asking_row_read = ctx.type_read
        feasible = _feasible(ctx)
        any_lt_5 = ctx.lesions.any_lt_5
        none_ge_5 = _not(ctx.lesions.largest_ge_5)
        ctx.type_read = False
        adj1 = _and(feasible, _adjunct_type(ctx), any_lt_5)  # ABL-8
        found = ctx.ablation_conditions = {
            "ADJ1": (adj1, ctx.type_read),
            "ADJ2": (_and(_staged_offered(ctx), any_lt_5), False),  # ABL-10
            "ALT": (_and(feasible, none_ge_5), False),  # ABL-11
            "SOLO": (_and(_not(feasible), none_ge_5), False),  # ABL-9
        }
        ctx.type_read = asking_row_read
    return found


def _condition(ctx: Ctx, name: str) -> Tri:
    value, read_type = _conditions(ctx)[name]
    if read_type:
        ctx.type_read = True
    return value


def _condition_values(ctx: Ctx) -> list[Tri]:
    return [_condition(ctx, name) for name in _conditions(ctx)]


def _all_false(ctx: Ctx) -> bool:
    return all(value is False for value in _condition_values(ctx))


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


def _solo_conditional(ctx: Ctx) -> bool:
    """ABL-9's conditional case: FEAS undetermined and no lesion >= 5 cm (ALT or SOLO either way)."""
    return ctx.feas == "undetermined" and ctx.lesions.largest_ge_5 is False


def _missing(ctx: Ctx) -> list[str]:
    """ABL-7: grade and pattern facts, the contraindication facts, and (AMB-54) while no ABL-0 condition
    is true and not all are false, the facts behind the unknown parts of the open conditions."""
    missing = ctx.grade_missing + ctx.col_missing
    missing += unknown(ctx.case, "lesion_near_hilum", "superficial_lesion", "prior_whipple")
    conditions = dict(zip(_conditions(ctx), _condition_values(ctx), strict=True))
    if True in conditions.values() or _all_false(ctx) or _solo_conditional(ctx):
        return missing
    lesions = ctx.lesions
    feasible = _feasible(ctx)
    for name, value in conditions.items():
        if value is not None:
            continue
        if name in ("ADJ1", "ALT", "SOLO") and feasible is None:
            missing += ctx.feas_missing
        if name in ("ADJ1", "ADJ2") and lesions.any_lt_5 is None:
            missing.append(_size_fact(ctx))
        if name in ("ALT", "SOLO") and lesions.largest_ge_5 is None:
            missing.append(_size_fact(ctx))
        if name == "ADJ2" and _staged_offered(ctx) is None:
            missing += ctx.results["staged_resection"].missing
    return missing


def _largest(ctx: Ctx) -> str:
    largest = ctx.lesions.largest_cm
    if largest is None:
        known = [les.size_cm for les in ctx.case.lesions or [] if les.size_cm is not None]
        largest = max(known) if known else None
    return "unknown" if largest is None else f"{largest:g}"


def _option_standalone(ctx: Ctx) -> bool | str:
    if _condition(ctx, "SOLO") is True:
        return True
    if _solo_conditional(ctx):
        return ctx.feas_not_feasible()
    return False


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
        "staged_result",
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
            lambda c: c.feas == "feasible" and _all_false(c),
            "Resection feasible, a lesion >= 5 cm, no small deposits to ablate with it: ablation not needed and "
            "outside the < 5 cm limit.",
            _s(SRC, "ac"),
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
            lambda c: c.feas in ("not_feasible", "undetermined") and _all_false(c),
            lambda c: (
                f"Largest lesion {_largest(c)} cm (>= 5 cm) and no smaller lesion to ablate beside a resection or "
                "staged resection: stand-alone ablation is indicated for lesions < 5 cm; stereotactic RFA for "
                "larger tumours is emerging only."
            ),
            _s(SRC, "ac"),
            ("FLAG-ABL-5CM",),
        ),
        Row("ABL-7", "needs_information", _missing, "Ablation cannot be assessed: {missing}.", _s(SRC, "ab")),
        Row(
            "ABL-8",
            "option",
            lambda c: _condition(c, "ADJ1") is True,
            "Bilobar disease: ablation of the smaller deposits combined with resection to limit the extent of "
            'hepatectomy ("1-Stage resection ± ablation"); the < 5 cm limit applies to the lesions ablated, '
            "not to a bulk that is resected.",
            _s(SRC, "adf"),
        ),
        Row(
            "ABL-10",
            "option",
            lambda c: _condition(c, "ADJ2") is True,
            "Staged resection listed, a lesion < 5 cm: intraoperative ablation can clear the future liver "
            "remnant at the first stage; the < 5 cm limit applies to the lesions ablated.",
            _s(SRC, "hig"),
        ),
        Row(
            "ABL-11",
            "option",
            lambda c: _condition(c, "ALT") is True,
            "Resection feasible, every lesion < 5 cm: ablation is a parenchyma-sparing alternative or supplement "
            "to resection.",
            _s(SRC, "fga"),
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
