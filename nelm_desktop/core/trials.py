"""Ongoing trials listed by review2023 (CLINICAL-RULES section 10), reproduced as printed (AMB-43)."""

from __future__ import annotations

from typing import Any

TRIALS_AS_OF = "status as of the review's publication (review2023, Ongoing trials; 2023)"

# id, name / NCT as printed, what it tests, modalities it concerns
TRIALS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "TRIAL-1",
        "LUTIA, NCT03590119",
        "Phase 2, block randomized: 177Lu-dotatate into the right or left hepatic artery; intra-arterial (one lobe) "
        "vs IV (other lobe) within patient.",
        ("prrt",),
    ),
    (
        "TRIAL-2",
        "NCT02724540",
        "Unresectable NELM randomized to bland embolization, TACE, drug-eluting beads; hepatic PFS.",
        ("tae", "tace"),
    ),
    (
        "TRIAL-3",
        "NCT03724409",
        "SI-NEN NELM not amenable to surgery/ablation, progressed after octreotide/lanreotide; different "
        "intra-arterial 90Y-DOTATOC doses (the same number is printed again for a phase 1 trial of selective "
        "intra-arterial PRRT; reproduced as printed).",
        ("prrt", "radioembolization"),
    ),
    (
        "TRIAL-4",
        "NCT03457948",
        "Four-arm pilot, G1/G2 NELM, pembrolizumab first; up to 6 lesions (max 4 cm): RFA/cryoablation; up to 75 % "
        "involvement, largest up to 5 cm: subsegmental embolization; up to 75 % and largest > 5 cm: subsegmental "
        "Y-90 RE.",
        ("immunotherapy", "ablation", "tae", "radioembolization"),
    ),
    (
        "TRIAL-5",
        "DEBOXA, NCT0388306",
        "TACE with CalliSpheres drug-eluting beads with oxaliplatin in unresectable NELM (number printed with 7 "
        "digits; not corrected).",
        ("tace",),
    ),
    ("TRIAL-6", "COMPET, NCT03049189", "Phase 3, 177Lu-edotreotide PRRT in GEP NELM.", ("prrt",)),
    ("TRIAL-7", "EVACEL, NCT01678664", "Phase 2, everolimus after TACE.", ("everolimus", "tace")),
    (
        "TRIAL-8",
        "OCCLURANDOM, NCT02230176",
        "Phase 2, 177Lu-octreotate PRRT randomized vs sunitinib, pancreatic NELM.",
        ("prrt", "sunitinib"),
    ),
)


# Built once; every hint is a fresh copy with its own modalities list (`trial_hints`).
_HINTS: tuple[tuple[dict[str, Any], tuple[str, ...]], ...] = tuple(
    ({"id": tid, "name": name, "text": text, "modalities": None, "as_of": TRIALS_AS_OF}, mods)
    for tid, name, text, mods in TRIALS
)


def trial_hints(offered: set[str]) -> list[dict[str, Any]]:
    """Trials that concern a modality offered (recommended or option) for this case."""
    hints = []
    for template, mods in _HINTS:
        if not offered.isdisjoint(mods):
            hint = template.copy()
            hint["modalities"] = list(mods)
            hints.append(hint)
    return hints
