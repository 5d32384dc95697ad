"""Transplant selection criteria, review2023 Table 2: Milan, ENETS, UNOS item by item (CLINICAL-RULES
7.1) and the verdict per set (TXV-1..3). Items are three-valued; composite items use three-valued AND.
Comparisons are exact as printed (AMB-12)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nelm_desktop.core.evaluation import (
    CriteriaSet,
    CriterionItem,
    ItemResult,
    Verdict,
    new_criteria_set,
    new_item,
)
from nelm_desktop.core.grading import effective_ki67
from nelm_desktop.core.model import FDG_DONE
from nelm_desktop.core.rules.base import Ctx

Outcome = tuple[ItemResult, list[str]]  # (met | not_met | unknown, missing facts)

MET: Outcome = ("met", [])
NOT_MET: Outcome = ("not_met", [])


def _unknown(*facts: str) -> Outcome:
    return ("unknown", list(facts))


def _and(*parts: Outcome) -> Outcome:
    """Three-valued AND: any not_met -> not_met; else any unknown -> unknown (facts named); else met."""
    missing: list[str] = []
    for result, facts in parts:
        if result == "not_met":
            return NOT_MET
        if result == "unknown":
            missing += facts
    return ("unknown", missing) if missing else MET


def _below(value: float | None, limit: float, fact: str) -> Outcome:
    if value is None:
        return _unknown(fact)
    return MET if value < limit else NOT_MET


def _at_least(value: float | None, limit: float, fact: str) -> Outcome:
    if value is None:
        return _unknown(fact)
    return MET if value >= limit else NOT_MET


def _age(c: Ctx) -> Outcome:
    return _below(c.case.age_years, 55, "age_years")


def _stable(c: Ctx) -> Outcome:
    return _at_least(c.case.months_stable_or_response, 6, "months_stable_or_response")


def _involvement_50(c: Ctx) -> Outcome:
    return _below(c.case.hepatic_involvement_pct, 50, "hepatic_involvement_pct")


def _portal(c: Ctx) -> Outcome:
    if c.portal == "unknown":
        return _unknown("primary_site")
    return MET if c.portal == "met" else NOT_MET


def _primary_removed(c: Ctx) -> Outcome:
    # AMB-28: a primary never found cannot be "already removed".
    if c.case.primary_site == "unknown_primary":
        return NOT_MET
    resected = c.case.primary_resected
    return MET if resected == "yes" else NOT_MET if resected == "no" else _unknown("primary_resected")


def _no_ehd(c: Ctx) -> Outcome:
    ehd = c.case.extrahepatic_disease
    return MET if ehd == "none" else _unknown("extrahepatic_disease") if ehd == "unknown" else NOT_MET


def _milan_grade(c: Ctx) -> Outcome:
    if c.g12:
        return MET
    if c.g3 or c.nec:
        return NOT_MET
    return ("unknown", list(c.grade_missing))


def _enets_grade(c: Ctx) -> Outcome:
    # GRADE-0 (rev 2): differentiation_eff and the higher known Ki-67 (primary or liver); a reported
    # grade implies differentiation but never a Ki-67 value (AMB-59: ENETS-2 needs a Ki-67 value).
    diff, ki = c.diff_eff, effective_ki67(c.case)
    if diff == "poorly" or (ki is not None and ki > 10):
        return NOT_MET
    if diff == "well" and ki is not None:
        return MET
    return _unknown(
        *(["differentiation"] if diff == "unknown" else []), *(["ki67_pct"] if ki is None else [])
    )


def _enets_involvement(c: Ctx) -> Outcome:
    inv = c.case.hepatic_involvement_pct
    if inv is None:
        return _unknown("hepatic_involvement_pct")
    if inv < 50:
        return MET
    if inv >= 75:
        return NOT_MET
    functional, refractory = c.case.functional_syndrome, c.case.syndrome_refractory
    if functional == "no" or refractory == "no":
        return NOT_MET
    if functional == "yes" and refractory == "yes":
        return MET
    # Only the facts still unknown are named (syndrome_refractory may already be recorded as yes).
    return _unknown(
        *(["functional_syndrome"] if functional == "unknown" else []),
        *(["syndrome_refractory"] if refractory == "unknown" else []),
    )


def _enets_primary(c: Ctx) -> Outcome:
    if c.case.primary_site == "unknown_primary" or c.case.primary_resected == "no":
        return NOT_MET
    if c.case.primary_resected == "unknown":
        return _unknown("primary_resected")
    return _at_least(c.case.months_since_primary_resection, 6, "months_since_primary_resection")


def _enets_staging(c: Ctx) -> Outcome:
    ehd = c.case.extrahepatic_disease
    if ehd in ("resectable", "unresectable"):
        return NOT_MET
    if ehd == "unknown":
        return _unknown("extrahepatic_disease")
    # AMB-31: "robust exclusion" needs functional imaging (SSTR imaging or FDG-PET).
    if c.case.sstr_imaging in ("positive", "negative") or c.case.fdg_pet in FDG_DONE:
        return MET
    return _unknown("sstr_imaging")


def _bilirubin(c: Ctx) -> Outcome:
    value = c.case.bilirubin_normal
    return MET if value == "yes" else NOT_MET if value == "no" else _unknown("bilirubin_normal")


def _bilobar(c: Ctx) -> Outcome:
    bilobar = c.lesions.bilobar
    if bilobar is None:
        return _unknown("lesion_segments" if c.lesions.recorded else "lesions")
    return MET if bilobar else NOT_MET


def _not_amenable(c: Ctx) -> Outcome:
    # AMB-51: read through SURG (resection or staged resection offered), not one-stage FEAS.
    surg = c.surg
    if surg == "not_amenable":
        return MET
    if surg == "exists":
        return NOT_MET
    return ("unknown", c.surg_missing)


@dataclass(frozen=True)
class Item:
    """One criterion of a transplant criteria set, with the facts it reads and how it is evaluated."""

    id: str
    text: str
    evaluate: Callable[[Ctx], Outcome]
    reads: tuple[str, ...]
    time_item: bool = False  # FLAG-OLT-TIME / AMB-48


MILAN = (
    Item("MILAN-1", "Age <55 years", _age, ("age_years",)),
    Item(
        "MILAN-2",
        "Confirmed histology of low-grade neuroendocrine tumors (G1/G2) with or without the presence of syndrome",
        _milan_grade,
        ("grade",),
    ),
    Item(
        "MILAN-3",
        "Primary tumor drained by the portal system (pancreas and intermediate gut: from distal stomach to "
        "sigmoid colon) already removed with a curative resection (removal of all extra-hepatic tumor deposits "
        "prior to OLT)",
        lambda c: _and(_portal(c), _primary_removed(c), _no_ehd(c)),
        ("primary_site", "portal_drainage", "primary_resected", "extrahepatic_disease"),
    ),
    Item("MILAN-4", "Involvement of <50% hepatic parenchyma", _involvement_50, ("hepatic_involvement_pct",)),
    Item(
        "MILAN-5",
        "Good response to therapies/stable disease during the pre-OLT period (at least 6 months)",
        _stable,
        ("months_stable_or_response",),
        time_item=True,
    ),
)

ENETS = (
    Item("ENETS-1", "Young patients (<55 years)", _age, ("age_years",)),
    Item(
        "ENETS-2",
        "Well-differentiated NEN (G1/G2) with Ki67 proliferation index ≤10%",
        _enets_grade,
        ("differentiation", "grade_reported", "ki67_pct", "ki67_liver_pct"),
    ),
    Item(
        "ENETS-3",
        "Involvement of <50% hepatic parenchyma or <75% in cases with refractory hormonal symptoms",
        _enets_involvement,
        ("hepatic_involvement_pct", "functional_syndrome", "syndrome_refractory"),
    ),
    Item(
        "ENETS-4",
        "Primary tumor removed prior to OLT (at least 6 months)",
        _enets_primary,
        ("primary_site", "primary_resected", "months_since_primary_resection"),
    ),
    Item(
        "ENETS-5",
        "Stable disease for at least 6 months",
        _stable,
        ("months_stable_or_response",),
        time_item=True,
    ),
    Item(
        "ENETS-6",
        "Robust exclusion of extrahepatic disease by optimized staging (cross-sectional and functional imaging)",
        _enets_staging,
        ("extrahepatic_disease", "sstr_imaging", "fdg_pet"),
    ),
    Item("ENETS-7", "Low serum total bilirubin", _bilirubin, ("bilirubin_normal",)),
)

UNOS = (
    Item("UNOS-1", "Age <55 years", _age, ("age_years",)),
    Item(
        "UNOS-2", "Primary tumor drained by the portal system", _portal, ("primary_site", "portal_drainage")
    ),
    Item("UNOS-3", "Involvement of <50% hepatic parenchyma", _involvement_50, ("hepatic_involvement_pct",)),
    Item(
        "UNOS-4",
        "Resected primary tumor and all extra-hepatic tumor deposits",
        lambda c: _and(_primary_removed(c), _no_ehd(c)),
        ("primary_site", "primary_resected", "extrahepatic_disease"),
    ),
    Item(
        "UNOS-5",
        "Good response to therapies/stable disease during the pre-OLT period (minimum of 6 months)",
        _stable,
        ("months_stable_or_response",),
        time_item=True,
    ),
    Item("UNOS-6", "No extrahepatic disease", _no_ehd, ("extrahepatic_disease",)),
    Item("UNOS-7", "bilobar NELM", _bilobar, ("bilobar",)),
    Item("UNOS-8", "not amenable to resection", _not_amenable, ("surgical_route",)),
)

CRITERIA_SETS: dict[str, tuple[str, tuple[Item, ...]]] = {
    "milan": ("Milan", MILAN),
    "enets": ("ENETS", ENETS),
    "unos": ("UNOS", UNOS),
}


def _is_time_failure(item: Item, ctx: Ctx) -> bool:
    if item.time_item:
        return True
    # ENETS-4 counts as a time item when the primary is resected but < 6 months ago (AMB-48).
    months = ctx.case.months_since_primary_resection
    return (
        item.id == "ENETS-4"
        and ctx.case.primary_resected == "yes"
        and ctx.case.primary_site != "unknown_primary"
        and months is not None
        and months < 6
    )


def _unique(missing: list[str]) -> list[str]:
    """A fresh list of an item's missing facts: composite items may name a fact twice."""
    return list(dict.fromkeys(missing)) if len(missing) > 1 else [*missing]


def _items_as_shown(
    items: tuple[Item, ...], outcomes: list[Outcome], known: dict[str, Any]
) -> list[CriterionItem]:
    """A set's items as the explanation shows them, built when first read (`built_on_first_use`)."""
    return [
        # The facts are read when first shown too (`facts_read_on_first_use`).
        new_item(
            item.id, item.text, result, (item.reads, known), _unique(missing) if result == "unknown" else []
        )
        for item, (result, missing) in zip(items, outcomes, strict=True)
    ]


def evaluate_criteria(ctx: Ctx) -> dict[str, CriteriaSet]:
    """All three sets for every case, NEC and G3 included (TXV). Needs ctx.results for UNOS-8.

    Only the verdicts are worked out here; each set's items are built when first read. The transplant
    rows read the outcomes (`failed_items`, `unknown_items`).
    """
    known = ctx.facts
    out: dict[str, CriteriaSet] = {}
    ctx.item_outcomes = {}
    time_only_sets = []
    for key, (name, items) in CRITERIA_SETS.items():
        outcomes = [item.evaluate(ctx) for item in items]
        results = [result for result, _missing in outcomes]
        verdict: Verdict
        if "not_met" in results:
            verdict = "not_met"  # TXV-2
            # A plain loop: a generator over a filtered list cost more than the items themselves.
            for item, result in zip(items, results, strict=True):
                if result == "not_met" and not _is_time_failure(item, ctx):
                    break
            else:
                time_only_sets.append(name)  # every failed item is a time item (FLAG-OLT-TIME)
        elif "unknown" in results:
            verdict = "incomplete"  # TXV-3
        else:
            verdict = "met"  # TXV-1
        out[key] = new_criteria_set(name, verdict, (_items_as_shown, items, outcomes, known))
        ctx.verdicts[key] = verdict
        ctx.item_outcomes[key] = (items, outcomes)
    if time_only_sets:
        ctx.raise_flag("FLAG-OLT-TIME", sets=", ".join(time_only_sets))
    return out


def failed_items(ctx: Ctx) -> list[Item]:
    """Every item not met, set by set (read after `evaluate_criteria`)."""
    return [
        item
        for items, outcomes in ctx.item_outcomes.values()
        for item, (result, _missing) in zip(items, outcomes, strict=True)
        if result == "not_met"
    ]


def unknown_items(ctx: Ctx) -> list[tuple[Item, list[str]]]:
    """The unknown items of the incomplete sets, set by set, with the facts each misses."""
    return [
        (item, _unique(missing))
        for key, (items, outcomes) in ctx.item_outcomes.items()
        if ctx.verdicts[key] == "incomplete"
        for item, (result, missing) in zip(items, outcomes, strict=True)
        if result == "unknown"
    ]
