"""Intra-arterial therapies: TAE and TACE (one table, ids TAE-n / TACE-n, CLINICAL-RULES 6.6-6.7) and
radioembolization (RE, 6.8)."""

from __future__ import annotations

from nelm_desktop.core.rules.base import Ctx, Modifier, Row, Table, g3_row, nec_row, unknown
from nelm_desktop.core.rules.base import pick as _s
from nelm_desktop.core.sources import FIG2, ref

EMB_SRC = {
    "a": ref("review2023", "TAE and TACE"),
    "b": ref("review2023", "TAE and TACE (contraindications)"),
    "c": ref("review2023", "TAE and TACE (TAE vs TACE)"),
    "d": FIG2,
    "e": ref("frilling2015", "abstract"),
    "f": ref("review2023", "Concluding remarks"),
    "g": ref("review2023", "TAE and TACE (complications)"),
}

# Facts shown with every TAE, TACE and RE reason.
INTRA_ARTERIAL_READS = (
    "grade",
    "resection_feasibility",
    "portal_vein_thrombosis",
    "hepatic_insufficiency",
    "bilioenteric_anastomosis",
    "prior_whipple",
)

_FINDINGS = {
    "portal_vein_thrombosis": "Portal vein thrombosis",
    "hepatic_insufficiency": "Hepatic insufficiency",
    "bilioenteric_anastomosis": "Bilio-enteric anastomosis",
}


def _findings(ctx: Ctx) -> str:
    found = [label for fact, label in _FINDINGS.items() if getattr(ctx.case, fact) == "yes"]
    return " / ".join(found)


def _emb_missing(ctx: Ctx) -> list[str]:
    # prior_whipple = no does not settle bilioenteric_anastomosis (TAE-6).
    return (
        ctx.grade_missing
        + ctx.feas_pattern_missing()
        + unknown(ctx.case, "portal_vein_thrombosis", "hepatic_insufficiency", "bilioenteric_anastomosis")
    )


def _embolization_table(modality: str, ids: tuple[str, str, str, str, str, str, str]) -> Table:
    """TAE and TACE share one table (6.6-6.7); `ids` are the catalogue ids of its seven rows."""
    return Table(
        modality=modality,
        reads=INTRA_ARTERIAL_READS,
        rows=(
            nec_row(ids[0]),
            g3_row(ids[1]),
            Row(
                ids[2],
                "not_indicated",
                lambda c: c.feas == "feasible",
                "Resection feasible: embolization is listed for when resection is contraindicated.",
                _s(EMB_SRC, "ad"),
            ),
            Row(
                ids[3],
                "contraindicated",
                lambda c: (
                    "yes"
                    in (
                        c.case.portal_vein_thrombosis,
                        c.case.hepatic_insufficiency,
                        c.case.bilioenteric_anastomosis,
                    )
                ),
                lambda c: f"{_findings(c)}: intra-arterial embolization is generally contraindicated.",
                _s(EMB_SRC, "b"),
            ),
            # AMB-24: a Whipple procedure creates a bilio-enteric anastomosis (hepaticojejunostomy).
            Row(
                ids[4],
                "contraindicated",
                lambda c: c.case.prior_whipple == "yes",
                "Previous Whipple procedure: it creates a bilio-enteric anastomosis, a stated contraindication to "
                "embolization. (AMB-24)",
                _s(EMB_SRC, "b"),
            ),
            Row(
                ids[5],
                "needs_information",
                _emb_missing,
                "Embolization cannot be assessed: {missing}.",
                _s(EMB_SRC, "b"),
            ),
            Row(
                ids[6],
                "option",
                lambda c: c.feas_not_feasible(),
                lambda c: (
                    f"{c.not_feasible_phrase('Resection contraindicated or not feasible')}: embolization is an "
                    "option, mostly for multiple non-resectable NELM; there is no evidence that one "
                    "trans-arterial technique is superior in anti-tumour efficacy; TAE may be rather safer than "
                    "TACE."
                ),
                _s(EMB_SRC, "acd"),
            ),
        ),
        evidence=("EV-TAE", "EV-POOL"),
    )


TAE = _embolization_table("tae", ("TAE-1", "TAE-2", "TAE-3", "TAE-4", "TAE-5", "TAE-6", "TAE-7"))
TACE = _embolization_table("tace", ("TACE-1", "TACE-2", "TACE-3", "TACE-4", "TACE-5", "TACE-6", "TACE-7"))

RE_SRC = {
    "a": ref("review2023", "RE"),
    "b": ref("review2023", "RE (multiple NELM)"),
    "c": ref("review2023", "RE (resection after RE)"),
    "d": ref("review2023", "TAE and TACE (contraindications)"),
    "e": FIG2,
    "f": ref("review2023", "RE (transarterial embolic particles)"),
}

RADIOEMBOLIZATION = Table(
    modality="radioembolization",
    reads=INTRA_ARTERIAL_READS,
    rows=(
        nec_row("RE-1"),
        g3_row("RE-2"),
        Row(
            "RE-3",
            "not_indicated",
            lambda c: c.feas == "feasible",
            "Resection feasible: radioembolization is for NELM not amenable to resection.",
            _s(RE_SRC, "a"),
        ),
        # AMB-25 (rev 2): RE is itself a transarterial embolic technique: hepatic insufficiency
        # contraindicates it; the other embolization contraindications stay a caution (RE-C).
        Row(
            "RE-6",
            "contraindicated",
            lambda c: c.case.hepatic_insufficiency == "yes",
            "Hepatic insufficiency: RE is a transarterial embolic technique, and intra-arterial embolization is "
            "generally contraindicated with it. (AMB-25)",
            _s(RE_SRC, "fda"),
        ),
        Row(
            "RE-4",
            "needs_information",
            lambda c: c.grade_missing + c.feas_pattern_missing() + unknown(c.case, "hepatic_insufficiency"),
            "Radioembolization cannot be assessed: {missing}.",
            _s(RE_SRC, "ad"),
        ),
        Row(
            "RE-5",
            "option",
            lambda c: c.feas_not_feasible(),
            lambda c: (
                f"{c.not_feasible_phrase('NELM not amenable to resection')}: radioembolization is an option; "
                "resection may become possible afterwards in selected cases."
            ),
            _s(RE_SRC, "abce"),
        ),
    ),
    modifiers=(
        Modifier(
            "RE-C",
            lambda c, r: (
                "yes"
                in (
                    c.case.portal_vein_thrombosis,
                    c.case.bilioenteric_anastomosis,
                    c.case.prior_whipple,
                )
            ),
            "Portal vein thrombosis, bilio-enteric anastomosis or previous Whipple: stated as contraindications "
            "for TAE/TACE; the tumour board weighs them for RE (AMB-25).",
            _s(RE_SRC, "d"),
            ("FLAG-RE-CAUTION",),
        ),
    ),
    evidence=("EV-RE", "EV-POOL"),
)
