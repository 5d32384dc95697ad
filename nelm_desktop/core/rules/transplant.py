"""Liver transplantation (OLT, CLINICAL-RULES 6.10). Reads SURG (EVAL-7), not one-stage FEAS (AMB-51),
and the Milan / ENETS / UNOS verdicts (rules/criteria.py). Evaluated last (EVAL-1)."""

from __future__ import annotations

from nelm_desktop.core.rules.base import SURG_PREFIX, Ctx, Row, Table, unknown
from nelm_desktop.core.rules.base import pick as _s
from nelm_desktop.core.rules.criteria import failed_items, unknown_items
from nelm_desktop.core.sources import FIG2, TABLE2, ref

SRC = {
    "a": ref("review2023", "Abstract"),
    "b": FIG2,
    "c": ref("muttillo2022", "Conclusion"),
    "d": ref("review2023", "Liver transplantation"),
    "e": TABLE2,
    "f": ref("frilling2015", "abstract"),
    "r": ref("review2023", "Introduction"),
}

SET_NAMES = {"milan": "Milan", "enets": "ENETS", "unos": "UNOS"}


def _surgical_route(ctx: Ctx) -> str:
    routes = [
        label
        for modality, label in (
            ("resection", "one-stage resection"),
            ("staged_resection", "staged resection"),
        )
        if ctx.results[modality].status in ("recommended", "option")
    ]
    return " / ".join(routes)


def _failed_items(ctx: Ctx) -> str:
    return "; ".join([f"{item.id} {item.text}" for item in failed_items(ctx)])


def _missing(ctx: Ctx) -> list[str]:
    missing = ctx.grade_missing + unknown(ctx.case, "fit_for_major_surgery")
    if ctx.surg == "undetermined":
        missing += [f for f in ctx.surg_missing if f in ctx.col_missing]
    if "met" not in ctx.verdicts.values():
        for _item, item_missing in unknown_items(ctx):
            missing += item_missing
    return missing


def _missing_text(ctx: Ctx) -> str:
    open_items = [f"{item.id} ({', '.join(missing)})" for item, missing in unknown_items(ctx)]
    base = "Transplant cannot be assessed: {missing}."
    if open_items and "met" not in ctx.verdicts.values():
        base += " Criteria incomplete: " + "; ".join(open_items) + "."
    return base


def _met_sets(ctx: Ctx) -> str:
    return ", ".join(SET_NAMES[k] for k, v in ctx.verdicts.items() if v == "met")


def _option(ctx: Ctx) -> bool | str:
    if "met" not in ctx.verdicts.values():
        return False
    return ctx.surg_not_amenable()


TRANSPLANT = Table(
    modality="transplant",
    reads=("grade", "fit_for_major_surgery", "surgical_route", "distribution_type", "age_years"),
    rows=(
        # AMB-30: no source sentence calls OLT contraindicated in NEC, but every grade criterion requires G1/G2.
        Row(
            "OLT-1",
            "contraindicated",
            lambda c: c.nec,
            "NEC: transplant criteria require G1/G2; NEC is never offered transplant. (AMB-30)",
            _s(SRC, "e"),
        ),
        Row(
            "OLT-2",
            "contraindicated",
            lambda c: c.g3,
            "G3 NET: transplant criteria require G1/G2 (Ki-67 <= 10 % for ENETS).",
            _s(SRC, "e"),
        ),
        Row(
            "OLT-3",
            "not_indicated",
            lambda c: c.surg == "exists",
            lambda c: (
                f"A surgical route exists ({_surgical_route(c)}): transplant is for patients not eligible "
                "for surgery / not amenable to resection. (AMB-34)"
            ),
            _s(SRC, "cd"),
        ),
        Row(
            "OLT-4",
            "contraindicated",
            lambda c: c.case.fit_for_major_surgery == "no",
            "Not fit for major surgery: transplantation is major surgery. (AMB-50)",
            _s(SRC, "r"),
        ),
        Row(
            "OLT-5",
            "not_indicated",
            lambda c: all(v == "not_met" for v in c.verdicts.values()),
            lambda c: f"Selection criteria not met: {_failed_items(c)}.",
            _s(SRC, "e"),
        ),
        Row("OLT-6", "needs_information", _missing, _missing_text, _s(SRC, "e")),
        Row(
            "OLT-7",
            "option",
            _option,
            lambda c: (
                f"Meets {_met_sets(c)}; not amenable to resection: transplant may be considered in highly "
                "selected patients (< 1 %) within a multidisciplinary strategy."
            ),
            _s(SRC, "abc"),
            ("FLAG-OLT-SELECTION",),
        ),
    ),
    conditional_prefix=SURG_PREFIX,
    evidence=("EV-OLT-1", "EV-OLT-2", "EV-POOL"),
)
