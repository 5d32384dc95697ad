"""Surgical line: resection (RES, 6.1), staged resection (STAGED, 6.2), simultaneous resection (SIM, 6.3)."""

from __future__ import annotations

from nelm_desktop.core.rules.base import Ctx, Modifier, Row, Table, unknown
from nelm_desktop.core.rules.base import pick as _s
from nelm_desktop.core.sources import FIG2, ref

# Facts shown with every resection and staged-resection reason (both tables read the same ones).
SURGERY_READS = (
    "grade",
    "differentiation",
    "grade_reported",
    "ki67_pct",
    "ki67_liver_pct",
    "distribution_type",
    "column",
    "fit_for_major_surgery",
    "extrahepatic_disease",
    "primary_site",
    "primary_resected",
    "primary_resectable",
    "surgeon_assessment",
    "flr_pct",
)

# --- 6.1 resection -------------------------------------------------------------------------------
RES_SRC = {
    "a": ref("review2023", "Abstract"),
    "b": ref("review2023", "Introduction"),
    "c": ref("review2023", "Isolated surgical resection"),
    "d": ref("review2023", "Introduction (systemic treatment)"),
    "e": FIG2,
    "f": ref("frilling2010", "Fig. 3 caption"),
    "g": ref("frilling2015", "abstract"),
    "h": ref("review2023", "Surgery for recurrent NELM"),
    "i": ref("muttillo2022", "Conclusion"),
}


def _flr(ctx: Ctx) -> str:
    flr = ctx.case.flr_pct
    return "unknown" if flr is None else f"{flr:g}"


def _res_missing(ctx: Ctx) -> list[str]:
    return (
        ctx.grade_missing
        + ctx.col_missing
        + unknown(ctx.case, "fit_for_major_surgery", "flr_pct", "extrahepatic_disease")
        + ctx.primary_resectable_missing()
    )


def _res7_text(ctx: Ctx) -> str:
    line = (
        "col A: isolated or synchronous resection"
        if ctx.col == "A"
        else "col B: one-stage resection ± ablation, or two-stage"
    )
    return (
        f"G1/G2, type {ctx.type_used}, FLR >= 30 %, fit: surgical line of the source algorithm ({line}); "
        "first line of the source algorithm for this pattern."
    )


RESECTION = Table(
    modality="resection",
    # RES-M2 reads the recurrence; its reason shows it (shown facts = read facts).
    reads=(*SURGERY_READS, "recurrence_after_liver_resection"),
    rows=(
        Row(
            "RES-1",
            "contraindicated",
            lambda c: c.diff_eff == "poorly",
            "Poorly differentiated (NEC): curative-intent resection is not indicated.",
            _s(RES_SRC, "b"),
        ),
        Row(
            "RES-2",
            "not_indicated",
            lambda c: c.col == "C",
            "Diffuse (type III) pattern: the source algorithm lists no surgery for this pattern.",
            _s(RES_SRC, "eb"),
        ),
        Row(
            "RES-3",
            "contraindicated",
            lambda c: c.case.fit_for_major_surgery == "no",
            "Not fit for major surgery: comorbidity or frailty makes surgery unsafe.",
            _s(RES_SRC, "b"),
        ),
        Row(
            "RES-4",
            "contraindicated",
            lambda c: c.case.extrahepatic_disease == "unresectable",
            "Unresectable extrahepatic disease: curative intent is not achievable; systemic options apply.",
            _s(RES_SRC, "bd"),
        ),
        # RES-11 and RES-9 precede RES-5: disease ruled out by the primary or the surgeon is not sent to
        # the staged route (rev 2).
        Row(
            "RES-11",
            "contraindicated",
            lambda c: c.primary_unresectable(),
            "Primary tumour in place and not resectable: curative intent is not achievable; systemic options "
            "apply.",
            _s(RES_SRC, "bd"),
        ),
        Row(
            "RES-9",
            "contraindicated",
            lambda c: c.case.surgeon_assessment == "unresectable",
            "HPB surgeon: liver disease not completely resectable (one or two stages). (AMB-57)",
            _s(RES_SRC, "ac"),
        ),
        Row(
            "RES-5",
            "contraindicated",
            lambda c: c.case.flr_pct is not None and c.case.flr_pct < 30,
            lambda c: (
                f"Future liver remnant {_flr(c)} % is below 30 %: not eligible for one-stage resection; "
                "see staged resection."
            ),
            _s(RES_SRC, "c"),
        ),
        Row(
            "RES-10",
            "contraindicated",
            lambda c: c.case.surgeon_assessment == "two_stage_only",
            "HPB surgeon: two-stage resection only; see staged resection.",
            _s(RES_SRC, "ac"),
        ),
        Row(
            "RES-6",
            "needs_information",
            _res_missing,
            "Resection cannot be assessed: {missing}.",
            _s(RES_SRC, "ac"),
        ),
        Row("RES-7", "recommended", lambda c: c.g12, _res7_text, _s(RES_SRC, "aceg") + _s(RES_SRC, "i")),
        Row(
            "RES-8",
            "option",
            lambda c: c.g3,
            "G3 NET: well differentiated but outside the G1/G2 algorithm; resection is an option for "
            "tumour-board decision.",
            _s(RES_SRC, "ae"),
            ("FLAG-G3",),
        ),
    ),
    modifiers=(
        Modifier(
            "RES-M1",
            lambda c, r: r.rule in ("RES-7", "RES-8") and c.case.extrahepatic_disease == "resectable",
            "Resectable extrahepatic disease: curative intent requires resection of the extrahepatic disease "
            "too (REHD).",
            _s(RES_SRC, "fd"),
            ("FLAG-REHD",),
        ),
        Modifier(
            "RES-M2",
            lambda c, r: c.case.recurrence_after_liver_resection == "yes",
            "Recurrence after liver resection, same algorithm: roughly 45 % of recurrent NELM are amenable to "
            "repeat resection (review estimate from retrospective series; study figures with their context in "
            "EV-REC).",
            _s(RES_SRC, "h"),
            ("FLAG-RECURRENCE",),
        ),
        Modifier(
            "RES-M3",
            # rev 2: not for NEC, which Fig. 2 does not cover.
            lambda c, r: c.primary_in_place() and not c.nec,
            "Primary in place: the algorithm allows ± resection of the primary (see simultaneous resection).",
            _s(RES_SRC, "e"),
            ("FLAG-PRIMARY-IN-PLACE",),
        ),
    ),
    evidence=("EV-RES-1", "EV-RES-2", "EV-RES-3", "EV-POOL", "EV-GEN-2"),
)


# --- 6.2 staged resection ------------------------------------------------------------------------
STAGED_SRC = {
    "a": ref("review2023", "Staged resections for extensive disease"),
    "b": ref("review2023", "Staged resections for extensive disease (Clichy)"),
    "c": ref("review2023", "Staged resections for extensive disease (ALPPS registry)"),
    "d": FIG2,
    "e": ref("review2023", "Introduction"),
}


def _staged_eligible_grade(ctx: Ctx) -> bool:
    return ctx.g12 or ctx.g3


def _staged_missing(ctx: Ctx) -> list[str]:
    missing = (
        ctx.grade_missing
        + ctx.col_missing
        + unknown(ctx.case, "fit_for_major_surgery", "extrahepatic_disease")
        + ctx.primary_resectable_missing()
    )
    if ctx.case.surgeon_assessment != "two_stage_only":  # RES-10: no FLR asked with two_stage_only
        missing += unknown(ctx.case, "flr_pct")
    return missing


def _excluded_by(ctx: Ctx, flr_words: str) -> str:
    """What excluded one-stage resection: the FLR, the surgeon's two-stage-only judgement, or both."""
    found = []
    if ctx.case.flr_pct is not None and ctx.case.flr_pct < 30:
        found.append(flr_words.format(flr=_flr(ctx)))
    if ctx.case.surgeon_assessment == "two_stage_only":
        found.append("HPB surgeon: two stages only")
    return "; ".join(found)


def _staged7_text(ctx: Ctx, suffix: str = "") -> str:
    return (
        f"Type II with one-stage resection excluded ({_excluded_by(ctx, 'FLR {flr} % < 30 %')}): two-stage "
        f"resection is the surgical line of the source algorithm{suffix}."
    )


STAGED = Table(
    modality="staged_resection",
    reads=SURGERY_READS,
    rows=(
        Row(
            "STAGED-1",
            "contraindicated",
            lambda c: c.diff_eff == "poorly",
            "Poorly differentiated (NEC): curative-intent resection is not indicated.",
            _s(STAGED_SRC, "e"),
        ),
        Row(
            "STAGED-2",
            "not_indicated",
            lambda c: c.col == "C",
            "Diffuse (type III) pattern: no surgery in the source algorithm.",
            _s(STAGED_SRC, "d"),
        ),
        Row(
            "STAGED-3",
            "not_indicated",
            lambda c: c.col == "A" and c.flr_sufficient(),
            "Future liver remnant sufficient: one-stage resection applies; no staged procedure listed for this "
            "pattern.",
            _s(STAGED_SRC, "ad"),
        ),
        Row(
            "STAGED-4",
            "contraindicated",
            lambda c: c.case.fit_for_major_surgery == "no",
            "Not fit for major surgery.",
            _s(STAGED_SRC, "e"),
        ),
        Row(
            "STAGED-5",
            "contraindicated",
            lambda c: c.case.extrahepatic_disease == "unresectable",
            "Unresectable extrahepatic disease: curative intent is not achievable.",
            _s(STAGED_SRC, "e"),
        ),
        Row(
            "STAGED-10",
            "contraindicated",
            lambda c: c.primary_unresectable(),
            "Primary tumour in place and not resectable: curative intent is not achievable.",
            _s(STAGED_SRC, "e"),
        ),
        Row(
            "STAGED-11",
            "contraindicated",
            lambda c: c.case.surgeon_assessment == "unresectable",
            "HPB surgeon: the liver disease cannot be removed completely, in one or two stages.",
            _s(STAGED_SRC, "a"),
        ),
        Row(
            "STAGED-6",
            "needs_information",
            _staged_missing,
            "Staged resection cannot be assessed: {missing}.",
            _s(STAGED_SRC, "a"),
        ),
        # STAGED-7 is split by grade: the G3 cap (recommended becomes option) is part of the row (AMB-52).
        Row(
            "STAGED-7",
            "recommended",
            lambda c: c.g12 and c.col == "B" and c.one_stage_excluded(),
            _staged7_text,
            _s(STAGED_SRC, "ad"),
        ),
        Row(
            "STAGED-7",
            "option",
            lambda c: c.g3 and c.col == "B" and c.one_stage_excluded(),
            lambda c: _staged7_text(c, "; G3 NET caps the status at option (AMB-52)"),
            _s(STAGED_SRC, "ad"),
        ),
        Row(
            "STAGED-8",
            "option",
            lambda c: _staged_eligible_grade(c) and c.col == "B" and c.flr_sufficient(),
            "Type II: two-stage resection is listed; with FLR >= 30 % one-stage resection is first line.",
            _s(STAGED_SRC, "d"),
        ),
        Row(
            "STAGED-9",
            "option",
            lambda c: _staged_eligible_grade(c) and c.col == "A" and c.one_stage_excluded(),
            lambda c: (
                f"{_excluded_by(c, 'Future liver remnant {flr} % initially insufficient')}: staged procedures "
                "are described for this situation (not drawn in column A)."
            ),
            _s(STAGED_SRC, "a"),
        ),
    ),
    modifiers=(
        Modifier(
            "STAGED-M1",
            lambda c, r: c.g3 and r.rule in ("STAGED-7", "STAGED-8", "STAGED-9"),
            "G3 NET: outside the G1/G2 algorithm, status at most option; PVE- or PVL-based staging only; ALPPS "
            "excluded (G3 is a contraindication to ALPPS).",
            _s(STAGED_SRC, "c"),
            ("FLAG-G3",),
        ),
    ),
    offered_notes=(
        (
            "Two-stage approach: 2-month observation between stages; the second stage only without progression "
            "(Clichy).",
            _s(STAGED_SRC, "b"),
        ),
        (
            "Preoperative liver biopsy advised to exclude a Ki-67 discrepancy between primary and metastases.",
            _s(STAGED_SRC, "c"),
        ),
    ),
    offered_flags=("FLAG-STAGED-BIOPSY",),
    evidence=("EV-STAGED-1", "EV-STAGED-2"),
)

# --- 6.3 simultaneous resection ------------------------------------------------------------------
SIM_SRC = {
    "a": ref("review2023", "Simultaneous primary and NELM resection"),
    "b": ref("review2023", "Simultaneous primary and NELM resection (limited data)"),
    "c": FIG2,
    "d": ref("review2023", "Staged resections for extensive disease (Clichy)"),
}


def _res_rule(ctx: Ctx) -> str:
    return ctx.results["resection"].rule


def _res_reason(ctx: Ctx) -> str:
    return ctx.results["resection"].reasons[0].text


def _sim_missing(ctx: Ctx) -> list[str]:
    missing = unknown(ctx.case, "primary_resected")
    resection, staged = ctx.results["resection"], ctx.results["staged_resection"]
    if resection.status == "needs_information":
        missing += resection.missing
    if resection.rule in ("RES-5", "RES-10") and staged.status == "needs_information":
        missing += staged.missing
    return missing


SIMULTANEOUS = Table(
    modality="simultaneous_resection",
    reads=(
        "grade",
        "distribution_type",
        "column",
        "primary_site",
        "primary_resected",
        "resection_feasibility",
        "staged_result",
    ),
    rows=(
        Row("SIM-1", "contraindicated", lambda c: _res_rule(c) == "RES-1", _res_reason, _s(SIM_SRC, "a")),
        Row("SIM-2", "not_indicated", lambda c: c.g3, "Not listed for G3 in the sources.", (FIG2,)),
        Row(
            "SIM-3",
            "not_indicated",
            lambda c: c.col == "C",
            "Diffuse (type III) pattern: no liver surgery in the source algorithm.",
            _s(SIM_SRC, "ac"),
        ),
        Row(
            "SIM-4",
            "not_indicated",
            lambda c: c.case.primary_site == "unknown_primary",
            "No primary identified: nothing to resect simultaneously.",
            _s(SIM_SRC, "c"),
        ),
        Row(
            "SIM-5",
            "not_indicated",
            lambda c: c.case.primary_resected == "yes",
            "Primary already resected.",
            _s(SIM_SRC, "c"),
        ),
        Row(
            "SIM-6",
            "contraindicated",
            lambda c: _res_rule(c) in ("RES-3", "RES-4", "RES-9", "RES-11"),
            _res_reason,
            _s(SIM_SRC, "a"),
        ),
        # Revision 2: FLR < 30 % no longer closes this table; it leads to the staged route and SIM-11.
        Row(
            "SIM-8",
            "needs_information",
            _sim_missing,
            "Simultaneous resection cannot be assessed: {missing}.",
            _s(SIM_SRC, "a"),
        ),
        Row(
            "SIM-9",
            "option",
            lambda c: (
                c.g12
                and c.col == "A"
                and c.results["resection"].status == "recommended"
                and c.case.primary_resected == "no"
            ),
            "Primary in place with type I/limited liver disease, fit: simultaneous resection is an option in "
            "highly selected patients (limited data).",
            _s(SIM_SRC, "abc"),
        ),
        # AMB-45: with the staged first stage (FLR clearance), never with a one-stage type II resection.
        Row(
            "SIM-11",
            "option",
            lambda c: (
                c.g12
                and c.results["staged_resection"].status in ("recommended", "option")
                and c.case.primary_resected == "no"
            ),
            "Primary in place with a staged resection: primary resection with the first stage (FLR clearance) "
            "is an option (Clichy: 87 %); highly selected patients, limited data.",
            _s(SIM_SRC, "abd"),
        ),
    ),
    evidence=("EV-SIM-1", "EV-SIM-2"),
)
