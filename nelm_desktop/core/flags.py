"""Flag texts and locators (CLINICAL-RULES.md section 8 and 7.4). Flags never change a status."""

from __future__ import annotations

FLAG_TEXTS: dict[str, tuple[str, str]] = {
    "FLAG-KI67-GAP": (
        "Ki-67 between the stated G1 and G2 ranges; graded G2 (AMB-1).",
        "review2023, Introduction",
    ),
    "FLAG-KI67-CUTOFF": ("Ki-67 at a grade cut-off (AMB-2).", "review2023, Introduction"),
    "FLAG-G3": ("G3: outside the G1/G2 algorithm, tumour-board decision.", "review2023, Fig. 2 title"),
    "FLAG-NEC-KI67": (
        "Poorly differentiated with Ki-67 <= 20 %: graded NEC by differentiation; verify pathology (AMB-4).",
        "review2023, Introduction",
    ),
    "FLAG-TYPE-SUGGESTED": (
        "Distribution type suggested by the engine (product heuristic); clinician to confirm.",
        "review2023, Fig. 1",
    ),
    "FLAG-TYPE-OVERRIDE": ("Clinician-confirmed type {confirmed} used; engine suggested {suggested}.", ""),
    "FLAG-TYPE-UNILOBAR": (
        "Multiple lesions in one lobe: not one of Frilling's types; treated under column A; confirm.",
        "review2023, Fig. 1 / Fig. 2 (AMB-9)",
    ),
    "FLAG-TYPE-NO-INVOLVEMENT": (
        "Hepatic involvement not recorded: diffuse (type III) pattern not excluded.",
        "review2023, Fig. 1 (AMB-11)",
    ),
    "FLAG-CAUDATE": ("Caudate lesion counted in neither lobe (LOBES-1/2).", "convention (AMB-10)"),
    "FLAG-PRIMARY-IN-PLACE": ('Primary in place: "±Resection of primary".', "review2023, Fig. 2"),
    "FLAG-REHD": (
        "Extrahepatic disease: resection of extrahepatic disease (REHD) part of curative intent (AMB-18).",
        "frilling2010, Fig. 3 caption",
    ),
    "FLAG-RECURRENCE": (
        "Recurrent NELM: same algorithm; repeat resection about 45 % amenable; minimally invasive techniques "
        "a safe alternative when re-resection is not possible.",
        "review2023, Surgery for recurrent NELM; Concluding remarks",
    ),
    "FLAG-RES-UNDET": (
        "Offered if resection (for transplant: resection and staged resection) proves not feasible; see those "
        "results for the missing facts.",
        "CLINICAL-RULES EVAL-4 / EVAL-7",
    ),
    "FLAG-STAGED-BIOPSY": (
        "2-month interval between stages; preoperative liver biopsy for Ki-67.",
        "review2023, Staged resections for extensive disease",
    ),
    "FLAG-STAGED-AVAILABLE": (
        "One-stage resection excluded by FLR only; staged resection remains the surgical route; the other "
        "options are listed alongside (AMB-20).",
        "review2023, Staged resections for extensive disease",
    ),
    "FLAG-ABL-5CM": (
        "Lesion >= 5 cm: stereotactic RFA for > 5 cm is emerging; in type II the bulk may be resected and "
        'smaller deposits ablated ("1-Stage resection ± ablation"; AMB-21).',
        "review2023, Ablative techniques; Fig. 2",
    ),
    "FLAG-IA-EHD": (
        "Angiographic therapies palliate liver-predominant disease.",
        "frilling2015, abstract",
    ),
    "FLAG-RE-CAUTION": (
        "PVT / hepatic insufficiency / bilio-enteric anastomosis / prior Whipple: stated as contraindications "
        "for TAE/TACE; tumour board to weigh for RE (AMB-25).",
        "review2023, TAE and TACE",
    ),
    "FLAG-PRRT-BULKY": (
        "PRRT response limited in bulky NELM; PRRT + RE suggested.",
        "review2023, PRRT",
    ),
    "FLAG-DEB-TARGET": (
        "Target 70-90 % of NELM load; > 70 % associated with better OS/PFS in one series.",
        "review2023, Debulking surgery",
    ),
    "FLAG-OLT-SELECTION": (
        "Highly selected (< 1 %); donor pool limited; live donor transplantation discussed; strict criteria may "
        "over-select G1 patients who may not need OLT.",
        "review2023, Liver transplantation",
    ),
    "FLAG-OLT-TIME": ("Time-based criterion not yet met; re-evaluate later ({sets}).", "review2023, Table 2"),
    "FLAG-OLT-KI67": (
        'Ki-67 and recurrence after OLT, as printed: "only 17% of patients with Ki67% LI <2% were free from '
        'recurrence at 3 years, compared to 52% of patients with Ki67% LI >2%" (direction looks inverted; '
        "reproduced, never corrected: AMB-40).",
        "review2023, Liver transplantation",
    ),
    "FLAG-ECOG": (
        "ECOG does not decide fitness for surgery in the engine; record 'fit for major surgery' (AMB-33).",
        "CLINICAL-RULES AMB-33",
    ),
    "FLAG-DOWNSTAGING": (
        '"In cases of bulky disease, locoregional options may also be indicated in the early stages for '
        'down-staging."',
        "review2023, Introduction",
    ),
    "FLAG-MDT": (
        "Options per the source algorithm; discussion in a multidisciplinary board is paramount.",
        "review2023, Introduction",
    ),
    "FLAG-ELTR-HEPATOMEGALY": (
        "Hepatomegaly: ELTR predictor of poor outcome after OLT.",
        "review2023, Liver transplantation",
    ),
    "FLAG-ELTR-AGE": (
        "Age over 45: ELTR predictor of poor outcome after OLT.",
        "review2023, Liver transplantation",
    ),
    "FLAG-ELTR-CONCURRENT": (
        "Resection planned with OLT: any concurrent resection predicts poor outcome (ELTR).",
        "review2023, Liver transplantation",
    ),
}

ELTR_FLAGS = ("FLAG-ELTR-HEPATOMEGALY", "FLAG-ELTR-AGE", "FLAG-ELTR-CONCURRENT")
