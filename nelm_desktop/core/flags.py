"""Flag texts and locators (CLINICAL-RULES.md section 8 and 7.4). Flags never change a status."""

from __future__ import annotations

from nelm_desktop.core.sources import OUTSIDE_SOURCES

FLAG_TEXTS: dict[str, tuple[str, str]] = {
    "FLAG-KI67-GAP": (
        "Ki-67 between the stated G1 and G2 ranges; graded G2 (AMB-1).",
        "review2023, Introduction",
    ),
    "FLAG-KI67-CUTOFF": ("Ki-67 at a grade cut-off (AMB-2).", "review2023, Introduction"),
    "FLAG-G3": ("G3: outside the G1/G2 algorithm, tumour-board decision.", "review2023, Fig. 2 title"),
    "FLAG-KI67-DISCORDANT": (
        "Ki-67 {primary} % (primary) and {liver} % (liver) give different grades; the higher is used. "
        "Preoperative liver biopsy advised to exclude such a discrepancy.",
        "review2023, Staged resections for extensive disease",
    ),
    "FLAG-GRADE-REPORTED": (
        "Grade {grade} taken from the pathology report without a Ki-67 value (or differentiation); enter the "
        "Ki-67 when available.",
        "review2023, Introduction (AMB-59)",
    ),
    "FLAG-GRADE-DISCORDANT": (
        "Reported grade {reported} differs from the grade by differentiation and Ki-67 ({grade}); the Ki-67 "
        "value is used; verify pathology (AMB-59).",
        "review2023, Introduction",
    ),
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
    "FLAG-GEP-SCOPE": (
        'The review addresses NELM "mainly of GEP origin"; a {site} primary lies outside that focus: tumour '
        "board to judge how far the algorithm applies.",
        "review2023, Introduction",
    ),
    "FLAG-REHD": (
        "Resectable extrahepatic disease: curative intent needs its removal too (REHD: frilling2010 Fig. 3 "
        "caption, abbreviation only; Milan and UNOS require removal of all extra-hepatic deposits, Table 2; "
        "AMB-18).",
        "frilling2010, Fig. 3 caption; review2023, Table 2",
    ),
    "FLAG-RECURRENCE": (
        "Recurrent NELM: same algorithm; repeat resection roughly 45 % amenable (retrospective series); "
        "minimally invasive techniques a safe alternative when re-resection is not possible.",
        "review2023, Surgery for recurrent NELM; Concluding remarks",
    ),
    "FLAG-RES-UNDET": (
        "Offered if resection (for transplant and EVE/SUN-8: resection and staged resection) proves not "
        "feasible; see those results for the missing facts.",
        "CLINICAL-RULES EVAL-4 / EVAL-7",
    ),
    "FLAG-STAGED-BIOPSY": (
        "2-month interval between stages; preoperative liver biopsy for Ki-67.",
        "review2023, Staged resections for extensive disease",
    ),
    "FLAG-STAGED-AVAILABLE": (
        "One-stage resection excluded only by the FLR or a two-stage-only judgement; staged resection remains "
        "the surgical route; the alternatives are listed alongside (AMB-20, EVAL-8).",
        "review2023, Staged resections for extensive disease",
    ),
    "FLAG-SURGEON-CONFLICT": (
        "Surgeon's assessment {assessment} conflicts with {finding}; the more restrictive finding is used "
        "(AMB-57).",
        "review2023, Isolated surgical resection; Fig. 2",
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
        "PVT / bilio-enteric anastomosis / prior Whipple: stated as contraindications for TAE/TACE; tumour "
        "board to weigh for RE (AMB-25).",
        "review2023, TAE and TACE",
    ),
    "FLAG-EMBO-RENAL": (
        'Renal function not adequate: the seed lists "renal insufficiency" among embolization complications.',
        "review2023, TAE and TACE",
    ),
    "FLAG-PRRT-HEPATIC": (
        'Hepatic insufficiency: PRRT toxicity "can sometimes include life-threatening events of myelotoxicity, '
        'hepatic and renal failure"; tumour board to weigh.',
        "review2023, PRRT",
    ),
    "FLAG-PRRT-BULKY": (
        "PRRT response limited in bulky NELM; PRRT + RE suggested.",
        "review2023, PRRT",
    ),
    "FLAG-DUAL-TRACER": (
        "SSTR imaging {sstr}; FDG-PET {fdg}: dual tracer informs selection for PRRT in G3 NEN and NEC; the "
        "sources give no rule on the result (AMB-60).",
        "review2023, PRRT",
    ),
    "FLAG-PRIMARY-PRRT": (
        "Pancreatic primary in place, diffuse NELM: resection of the primary followed by PRRT has been proposed "
        "as an upfront strategy.",
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
    "FLAG-ECOG": (
        "ECOG does not decide fitness for surgery in the engine; record 'fit for major surgery' (AMB-33).",
        "CLINICAL-RULES AMB-33",
    ),
    "FLAG-PS-POOR": (
        'ECOG {ecog}: "available treatment options vary, depending on the extent of hepatic involvement and '
        'patients’ performance status"; "The selection of treatment options is adjusted accordingly, based on '
        'patient performance status, associated comorbidities". The sources give no threshold: the board weighs '
        "whether active treatment is appropriate (AMB-61).",
        "review2023, Introduction",
    ),
    "FLAG-SYNDROME-TYPE": (
        "Syndrome type not recorded: the insulinoma and carcinoid precautions cannot be checked.",
        "CLINICAL-RULES AMB-64",
    ),
    "FLAG-OUT-SSA-INSULINOMA": (
        "Not from the encoded sources; verify against your local guideline: in insulinoma, somatostatin "
        "analogues may worsen hypoglycaemia; monitor glucose when starting them.",
        OUTSIDE_SOURCES,
    ),
    "FLAG-OUT-CARCINOID-HEART": (
        "Not from the encoded sources; verify against your local guideline: with carcinoid syndrome, "
        "echocardiography for carcinoid heart disease before surgery or embolization, and peri-procedural "
        "somatostatin-analogue cover against carcinoid crisis.",
        OUTSIDE_SOURCES,
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

# Precautions not from the seeds (AMB-64): shown with the locator outside-sources, styled apart.
OUTSIDE_SOURCE_FLAGS = frozenset(f for f, (_text, source) in FLAG_TEXTS.items() if source == OUTSIDE_SOURCES)
