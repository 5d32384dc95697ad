"""Systemic options: SSA (6.11), everolimus / sunitinib (EVE / SUN, 6.12-6.13), chemotherapy (CHE, 6.14),
interferon alpha / immunotherapy (IFN / IMM, 6.15-6.16). Site restrictions as printed in Fig. 2."""

from __future__ import annotations

from nelm_desktop.core.model import PRIMARY_SITE_LABELS
from nelm_desktop.core.rules.base import SURG_PREFIX, Ctx, Row, Table, g3_row, nec_row, unknown
from nelm_desktop.core.rules.base import pick as _s
from nelm_desktop.core.sources import FIG2, ref

# --- 6.11 SSA ----------------------------------------------------------------------------------
SSA_SRC = {"a": ref("frilling2015", "abstract"), "b": FIG2, "c": ref("muttillo2022", "Conclusion")}


def _ssa_missing(ctx: Ctx) -> list[str]:
    case = ctx.case
    functional = case.functional_syndrome
    missing: list[str] = []
    if functional == "yes":
        # SSA-5 needs differentiation only (GRADE-0: as recorded or implied by the reported grade)
        missing += ["differentiation"] if ctx.diff_eff == "unknown" else []
    else:
        missing += ctx.grade_missing
    if functional == "unknown" and not (ctx.g12 and ctx.feas_not_feasible()):
        missing.append("functional_syndrome")
    if functional != "yes":
        missing += ctx.feas_pattern_missing()
    return missing


SSA = Table(
    modality="ssa",
    reads=("grade", "differentiation", "grade_reported", "functional_syndrome", "resection_feasibility"),
    rows=(
        nec_row("SSA-1"),
        Row(
            "SSA-2",
            "not_indicated",
            lambda c: c.g3 and c.case.functional_syndrome == "no",
            "Not listed for non-functional G3 in the sources.",
            (FIG2,),
        ),
        Row(
            "SSA-3",
            "not_indicated",
            lambda c: c.g12 and c.feas == "feasible" and c.case.functional_syndrome == "no",
            "Resectable, non-functional: SSA not in this branch.",
            _s(SSA_SRC, "b"),
        ),
        Row(
            "SSA-4", "needs_information", _ssa_missing, "SSA cannot be assessed: {missing}.", _s(SSA_SRC, "a")
        ),
        Row(
            "SSA-5",
            "option",
            lambda c: c.diff_eff == "well" and c.case.functional_syndrome == "yes",
            "Functional syndrome: SSA for symptom control (any grade G1-G3, any pattern).",
            _s(SSA_SRC, "a"),
        ),
        # AMB-35: Fig. 2 lists SA without a site restriction; the reason names the evidence.
        Row(
            "SSA-6",
            "option",
            lambda c: c.feas_not_feasible() if c.g12 else False,
            lambda c: (
                f"{c.not_feasible_phrase('Resection not feasible')}: SSA for control of proliferation (listed in "
                "all three columns; evidence for small-intestinal and pancreatic origin). (AMB-35)"
            ),
            _s(SSA_SRC, "abc"),
        ),
    ),
    evidence=("EV-SYS",),
)

# --- 6.12 / 6.13 everolimus and sunitinib ------------------------------------------------------
TARGETED_SRC = {
    "a": FIG2,
    "b": ref("frilling2015", "abstract"),
    "c": ref("review2023", "Introduction"),
    "d": ref("muttillo2022", "Conclusion"),
}


_SITE_ADJECTIVES = {"pancreas": "pancreatic", "small_intestine": "small-intestinal"}


def _site_label(ctx: Ctx) -> str:
    site = ctx.case.primary_site
    return _SITE_ADJECTIVES.get(site, PRIMARY_SITE_LABELS.get(site, site).lower())


def _targeted_table(
    modality: str, ids: tuple[str, ...], sites: tuple[str, ...], drug: str, listed: str
) -> Table:
    """Everolimus and sunitinib share one table (6.12-6.13); `ids` are the catalogue ids of its rows."""

    def option(ctx: Ctx) -> bool | str:
        if ctx.col == "C":
            return True
        if ctx.col == "B":
            return ctx.feas_not_feasible()
        return False

    def text(ctx: Ctx) -> str:
        why = (
            "diffuse pattern" if ctx.col == "C" else ctx.not_feasible_phrase("resection not feasible").lower()
        )
        return f"G1/G2 {_site_label(ctx)} primary, {why}: {drug} is an option."

    def text_no_route(ctx: Ctx) -> str:
        return (
            f"G1/G2 {_site_label(ctx)} primary, type I / limited disease, no resection or staged resection "
            f"feasible: {drug} is an option; Fig. 2 draws it in columns B and C only (AMB-16)."
        )

    return Table(
        modality=modality,
        reads=(
            "grade",
            "distribution_type",
            "column",
            "primary_site",
            "resection_feasibility",
            "surgical_route",
        ),
        rows=(
            nec_row(ids[0]),
            g3_row(ids[1]),
            # AMB-16 (rev 2): column A lists neither drug; not_indicated only while a surgical route exists.
            Row(
                ids[2],
                "not_indicated",
                lambda c: c.col == "A" and c.surg == "exists",
                "Type I / limited disease with a surgical route: not listed in column A of the source "
                "algorithm. (AMB-16)",
                _s(TARGETED_SRC, "a"),
            ),
            # AMB-46: an unknown primary cannot satisfy the site restriction.
            Row(
                ids[3],
                "not_indicated",
                lambda c: c.case.primary_site != "unknown" and c.case.primary_site not in sites,
                f"Listed only for {listed} primaries.",
                _s(TARGETED_SRC, "ab"),
            ),
            Row(
                ids[4],
                "not_indicated",
                lambda c: c.col == "B" and c.feas == "feasible",
                "Type II amenable to resection: systemic options are for resection contraindicated.",
                _s(TARGETED_SRC, "a"),
            ),
            Row(
                ids[5],
                "needs_information",
                lambda c: c.grade_missing + c.col_missing + unknown(c.case, "primary_site"),
                f"{drug.capitalize()} cannot be assessed: {{missing}}.",
                _s(TARGETED_SRC, "a"),
            ),
            Row(ids[6], "option", option, text, _s(TARGETED_SRC, "abc")),
            Row(
                ids[7],
                "option",
                lambda c: c.surg_not_amenable() if c.col == "A" else False,
                text_no_route,
                _s(TARGETED_SRC, "bdc"),
                conditional_prefix=SURG_PREFIX,
            ),
        ),
        evidence=("EV-SYS",),
    )


# AMB-26: everolimus for SI-NEN follows Fig. 2 "(panNEN/SI-NEN)".
EVEROLIMUS = _targeted_table(
    "everolimus",
    ("EVE-1", "EVE-2", "EVE-3", "EVE-4", "EVE-5", "EVE-6", "EVE-7", "EVE-8"),
    ("pancreas", "small_intestine"),
    "everolimus",
    "pancreatic / small-intestinal",
)
SUNITINIB = _targeted_table(
    "sunitinib",
    ("SUN-1", "SUN-2", "SUN-3", "SUN-4", "SUN-5", "SUN-6", "SUN-7", "SUN-8"),
    ("pancreas",),
    "sunitinib",
    "pancreatic",
)

# --- 6.14 chemotherapy -------------------------------------------------------------------------
CHE_SRC = {"a": ref("frilling2015", "abstract"), "b": FIG2, "c": ref("review2023", "Introduction")}

CHEMOTHERAPY = Table(
    modality="chemotherapy",
    reads=("grade", "primary_site", "resection_feasibility"),
    rows=(
        # AMB-7: recommended, as the only systemic treatment the sources give for NEC; the wording avoids
        # "first line" because frilling2015 calls chemotherapy "an option".
        Row(
            "CHE-1",
            "recommended",
            lambda c: c.nec,
            # Section 12 (rev 2): for NEC never 'first line' or a column; Fig. 2 covers G1/G2 only.
            "NEC: chemotherapy is the systemic treatment the sources give for high-grade tumours of any origin "
            "(outside the G1/G2 algorithm). (AMB-7)",
            _s(CHE_SRC, "ac"),
        ),
        Row(
            "CHE-2",
            "option",
            lambda c: c.g3,
            "G3 NET: chemotherapy is an option for high-grade tumours irrespective of origin.",
            _s(CHE_SRC, "a"),
            ("FLAG-G3",),
        ),
        # AMB-36 / AMB-46: G1/G2 chemotherapy is listed for pancreatic primaries only.
        Row(
            "CHE-3",
            "not_indicated",
            lambda c: c.g12 and c.case.primary_site not in ("unknown", "pancreas"),
            "For G1/G2 the algorithm lists chemotherapy for pancreatic primaries only.",
            _s(CHE_SRC, "b"),
        ),
        Row(
            "CHE-4",
            "not_indicated",
            lambda c: c.g12 and c.feas == "feasible",
            "Resectable: chemotherapy not in this branch.",
            _s(CHE_SRC, "b"),
        ),
        Row(
            "CHE-5",
            "needs_information",
            lambda c: c.grade_missing + unknown(c.case, "primary_site") + c.feas_pattern_missing(),
            "Chemotherapy cannot be assessed: {missing}.",
            _s(CHE_SRC, "ab"),
        ),
        Row(
            "CHE-6",
            "option",
            lambda c: c.feas_not_feasible() if c.g12 and c.case.primary_site == "pancreas" else False,
            lambda c: (
                f"G1/G2 pancreatic primary, {c.not_feasible_phrase('resection not feasible').lower()}: "
                "chemotherapy is an option."
            ),
            _s(CHE_SRC, "ab"),
        ),
    ),
    evidence=("EV-SYS",),
)

# --- 6.15 / 6.16 interferon alpha and immunotherapy ----------------------------------------------
IFN_SRC = {"a": FIG2, "b": ref("review2023", "Introduction")}


def _si_table(modality: str, ids: tuple[str, ...], drug: str) -> Table:
    """Interferon alpha and immunotherapy share one table (6.15-6.16); `ids` are its catalogue ids."""
    return Table(
        modality=modality,
        reads=("grade", "primary_site", "resection_feasibility"),
        rows=(
            nec_row(ids[0]),
            g3_row(ids[1]),
            Row(
                ids[2],
                "not_indicated",
                lambda c: c.case.primary_site not in ("unknown", "small_intestine"),
                "Listed only for small-intestinal primaries.",
                _s(IFN_SRC, "a"),
            ),
            Row(
                ids[3],
                "not_indicated",
                lambda c: c.feas == "feasible",
                "Resectable: not in this branch.",
                _s(IFN_SRC, "a"),
            ),
            Row(
                ids[4],
                "needs_information",
                lambda c: c.grade_missing + unknown(c.case, "primary_site") + c.feas_pattern_missing(),
                f"{drug[0].upper()}{drug[1:]} cannot be assessed: {{missing}}.",
                _s(IFN_SRC, "a"),
            ),
            Row(
                ids[5],
                "option",
                lambda c: (
                    c.feas_not_feasible() if c.g12 and c.case.primary_site == "small_intestine" else False
                ),
                lambda c: (
                    f"G1/G2 small-intestinal primary, {c.not_feasible_phrase('resection not feasible').lower()}: "
                    f"{drug} is an option; the sources give no data (tier C)."
                ),
                _s(IFN_SRC, "ab"),
            ),
        ),
        evidence=("EV-SYS",),
    )


INTERFERON = _si_table(
    "interferon", ("IFN-1", "IFN-2", "IFN-3", "IFN-4", "IFN-5", "IFN-6"), "interferon alpha"
)
# AMB-37: immunotherapy is listed for SI-NEN without agent or criteria; handled like interferon.
IMMUNOTHERAPY = _si_table(
    "immunotherapy", ("IMM-1", "IMM-2", "IMM-3", "IMM-4", "IMM-5", "IMM-6"), "immunotherapy"
)
