"""Evidence figures (CLINICAL-RULES section 9), exact as printed, with their source and caveat. They are
study results, never a prediction for this patient."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

SURGICAL_CAVEAT = (
    '"all these outcomes are derived from partly heterogeneous, retrospective, non-randomized trials and thus '
    'their outcomes are subject to multiple biases" (review2023, Isolated surgical resection)'
)
RANDOMIZED_CAVEAT = (
    '"The efficacy of these treatment options needs to be evaluated in randomized trials." (frilling2015)'
)

# id -> (text, source, caveat)
EVIDENCE: dict[str, tuple[str, str, str]] = {
    "EV-GEN-1": (
        'With liver metastases "the estimated 5-year survival is between 20 and 40%".',
        "criss2024, abstract",
        "",
    ),
    "EV-GEN-2": (
        'R0 resection "only feasible in approximately 10-25% of all NELM patients"; NELM in 27-90 % (panNEN about '
        '50 %, SI-NEN 60-75 %); unknown primary 5-10 %; 20-30 % functional; frilling2010: "up to 75%".',
        "review2023, Introduction; frilling2010, abstract",
        "",
    ),
    "EV-POOL": (
        '5509 patients: "67% of patients underwent surgery achieving 5 years overall survival despite only 30% '
        'percent without a recurrence" (read as 5-year OS 67 %, 30 % recurrence-free; AMB-41); transplant 60 % '
        "5-year survival, DFS 20 %; loco-regional therapies 5-year survival 36.2 %.",
        "muttillo2022, Results",
        RANDOMIZED_CAVEAT,
    ),
    "EV-RES-1": (
        "29 studies: median perioperative mortality 0 %, morbidity 23 %; R0 63 % (range 38-100 %); median 5-year OS "
        "70 % isolated resection, 71.5 % resection + ablation; 95 % median symptom relief; poor differentiation and "
        "extrahepatic extent independent negative prognostic factors.",
        "review2023, Isolated surgical resection",
        SURGICAL_CAVEAT,
    ),
    "EV-RES-2": (
        "Meta-analysis of 1108 patients: surgery vs chemotherapy OR 0.05 (95 % CI 0.01-0.21; P<0.0001), vs "
        "embolization OR 0.18 (0.05-0.61; P=0.006), vs no NELM resection OR 0.15 (0.05-0.42; P=0.0003).",
        "review2023, Isolated surgical resection",
        SURGICAL_CAVEAT,
    ),
    "EV-RES-3": (
        "panNEN meta-analysis: 1-, 3-, 5-year OS 92.69 %, 76.93 %, 67.54 % vs non-resection 77.31 %, 40.94 %, "
        "26.6 % (all P<0.001); symptom relief OR 2.49 (1.03-6.04; P=0.04).",
        "review2023, Isolated surgical resection",
        SURGICAL_CAVEAT,
    ),
    "EV-STAGED-1": (
        "Clichy: stage 1 FLR clearance alone 13 %, with primary resection 87 %, + PVL; 4 % stopped (progression); "
        "R0 75 %; morbidity 21 %, mortality 0 %; median follow-up 64 months; 2-, 5-, 8-year OS 94/94/85 %, DFS "
        '85/50/26 %; "the patients were highly selected; they were young, slim".',
        "review2023, Staged resections for extensive disease",
        SURGICAL_CAVEAT,
    ),
    "EV-STAGED-2": (
        "ALPPS registry: primaries small bowel 43 %, pancreas 33 %, duodenum 5 %, lung 5 %, ovary 5 %, unknown "
        "10 %; 95 % type II; morbidity after stage 2 52 %, major (>= 3b) 28 %; one late death; median follow-up "
        "28 months; 1- and 2-year OS both 95.2 %; DFS 73.2 % and 41.8 %.",
        "review2023, Staged resections for extensive disease",
        SURGICAL_CAVEAT,
    ),
    "EV-SIM-1": (
        "German series: 7 of 19 panNEN simultaneous (3 R0, 1 R1, 3 R2), better survival than the 12 without "
        "(P=0.026, median follow-up 30.5 months). MSKCC 36 patients: morbidity 42 %, 90-day mortality 3 %, 6 of 16 "
        "grade >= 3 complications; R0/R1/R2 36/31/33 %; 1- and 5-year OS 94 % and 69 %.",
        "review2023, Simultaneous primary and NELM resection",
        SURGICAL_CAVEAT,
    ),
    "EV-SIM-2": (
        "SI-NEN: 34 simultaneous vs 10 unresectable; morbidity 28 %, major 11 %, no deaths; 3-, 5-, 10-year OS "
        "93 %, 89 %, 66 % vs 34 %, 33 %, 33 % (P=0.0008).",
        "review2023, Simultaneous primary and NELM resection",
        SURGICAL_CAVEAT,
    ),
    "EV-DEB": (
        'Mayo 50 % symptom relief; 179 patients R2/cytoreductive (74.9 % for symptoms), "median 5-year OS of 60.7% '
        'months" (as printed, AMB-42); > 70 % reduction: higher OS and PFS; 70 % threshold: 5-year disease-specific '
        "survival 90 % (carcinoid), 5-year OS 81 % (pancreatic); no randomized evidence.",
        "review2023, Debulking surgery",
        SURGICAL_CAVEAT,
    ),
    "EV-OLT-1": (
        '5-year OS "ranging from 30% to almost 100%", 5-year DFS 10-90 % (heterogeneous cohorts). Milan: 42 OLT vs '
        "46 non-OLT, 5-year 97.2 % vs 50.9 %, 10-year 88.9 % vs 22.4 % (P<0.001). SI-NEN meeting Milan but treated "
        "multimodally without OLT: 5-year OS 97 %. Ki-67 figures: EV-OLT-2. Pooled: EV-POOL.",
        "review2023, Liver transplantation",
        SURGICAL_CAVEAT,
    ),
    # rev 2: the Ki-67 recurrence figures are evidence, never a prompt (AMB-40).
    "EV-OLT-2": (
        'Ki-67 meta-analysis of the 4 largest OLT series, as printed: "only 17% of patients with Ki67% LI <2% were '
        'free from recurrence at 3 years, compared to 52% of patients with Ki67% LI >2%". Figures as printed; '
        "their direction looks inverted against the stated prognostic value of Ki-67 (AMB-40).",
        "review2023, Liver transplantation",
        SURGICAL_CAVEAT,
    ),
    "EV-REC": (
        "Recurrence 65-90 % after resection; 65.7 % intrahepatic-only; repeat resection feasible in 43.8 %; Japanese "
        "series 33 patients, 85 % recurred, 16 (48.4 %) re-resected, 5-year OS 78.6 % re-resected vs 35.4 % not "
        're-resected (P<0.001); "roughly 45%" amenable. Retrospective series.',
        "review2023, Surgery for recurrent NELM",
        "Retrospective.",
    ),
    "EV-ABL": (
        'Resection + ablation "equally good long-term outcomes"; RFA "a wide range of patient outcomes in terms of '
        'OS and PFS"; complications include portal vein thrombosis, bile leak, liver abscess.',
        "review2023, Ablative techniques",
        RANDOMIZED_CAVEAT,
    ),
    "EV-TAE": (
        'Post-embolization syndrome "in up to 90% of treated patients"; liver necrosis, renal insufficiency, '
        'abscess; evidence "mostly underpowered retrospective studies"; no technique superior.',
        "review2023, TAE and TACE",
        RANDOMIZED_CAVEAT,
    ),
    "EV-RE": (
        'Outcomes "comparable figures to TAE/TACE"; favourable safety profile, long-term toxicity data lacking; '
        "short-term pain, nausea, fever, fatigue; later hepatotoxicity, radiation gastritis, pneumonitis.",
        "review2023, RE",
        RANDOMIZED_CAVEAT,
    ),
    "EV-PRRT": (
        'Response "ranged between 74% and 100%" (177Lu-DOTATATE, 90Y-DOTATOC); NETTER-1 randomized trial in '
        "progressive metastatic SI-NEN; pancreatic/lung NEN retrospective only; primary resection then PRRT for "
        "G1-G2 panNEN with diffuse unresectable NELM improved PFS; myelotoxicity, hepatic and renal failure "
        "possible.",
        "review2023, PRRT",
        "",
    ),
    "EV-SYS": (
        "Targeted drugs improved progression-free survival vs placebo in pancreatic NET. The sources give no other "
        "figures for SSA, everolimus, sunitinib, chemotherapy, interferon or immunotherapy.",
        "frilling2015, abstract",
        RANDOMIZED_CAVEAT,
    ),
}


# Built once; every evaluation gets its own copies (`evidence_entry`).
_ENTRIES: dict[str, dict[str, Any]] = {
    evidence_id: {"id": evidence_id, "text": text, "source": source, "caveat": caveat}
    for evidence_id, (text, source, caveat) in EVIDENCE.items()
}


def evidence_entry(evidence_id: str) -> dict[str, Any]:
    return _ENTRIES[evidence_id].copy()  # the values are strings: a shallow copy is a full one


def evidence_entries(evidence_ids: Iterable[str]) -> list[dict[str, Any]]:
    """Fresh entries for the given ids, in that order."""
    entries = _ENTRIES
    return [entries[evidence_id].copy() for evidence_id in evidence_ids]
