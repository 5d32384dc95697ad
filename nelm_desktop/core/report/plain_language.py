"""Plain-language texts for the patient handout: the ONE place they live.

No rule ids, no unexplained abbreviations, no orders ("you should"): the handout describes what the
care team may discuss, in the words of CLINICAL-RULES.md section 12 made plain. Pure data, no
ReportLab, so the UI may show the same texts.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PlainModality:
    title: str  # what the patient will hear it called
    what: str  # what it is, one or two sentences
    involves: str  # what it involves for the patient, one sentence


PLAIN_MODALITIES: dict[str, PlainModality] = {
    "resection": PlainModality(
        "Surgery to remove the affected part of the liver",
        "A surgeon removes the part or parts of the liver that contain the spots. "
        "The liver that is left can grow back to a large extent.",
        "This is a major operation in hospital. The stay is usually one to two weeks.",
    ),
    "staged_resection": PlainModality(
        "Liver surgery in two steps",
        "Sometimes the spots cannot all be removed safely in one operation. Then the surgery is done in "
        "two steps, a few weeks apart. In between, the healthy part of the liver has time to grow.",
        "This means two operations, or one operation and a smaller procedure. There is time to recover "
        "in between.",
    ),
    "simultaneous_resection": PlainModality(
        "One operation for the original tumour and the liver",
        "The surgeon removes the tumour where the disease started (the primary tumour). The spots in "
        "the liver are taken out in the same operation.",
        "This is one larger operation instead of two.",
    ),
    "debulking": PlainModality(
        "Surgery to remove most of the tumour",
        "When not every spot can be removed, surgery can remove most of them. The aim is to ease "
        "symptoms and slow the disease.",
        "This is an operation in hospital. Other treatments may follow.",
    ),
    "ablation": PlainModality(
        "Destroying spots with heat or cold (ablation)",
        "A thin needle is guided into a spot, usually with a scan, and destroys it with heat or with "
        "cold. It suits fewer and smaller spots.",
        "It is often done through the skin, and sometimes during an operation. The hospital stay is short.",
    ),
    "tae": PlainModality(
        "Blocking the blood supply of the spots (embolisation)",
        "A doctor passes a thin tube through a blood vessel to the liver, usually from the groin. Then "
        "the doctor blocks the small blood vessels that feed the spots.",
        "It usually needs a short stay in hospital. Pain, sickness and fever for a few days are common.",
    ),
    "tace": PlainModality(
        "Blocking the blood supply with added chemotherapy (chemoembolisation)",
        "As with embolisation, a thin tube is passed to the liver. A cancer medicine (chemotherapy) is "
        "given straight into the spots. Then their blood supply is blocked.",
        "It usually needs a short stay in hospital. Pain, sickness and fever for a few days are common.",
    ),
    "radioembolization": PlainModality(
        "Internal radiation to the liver (radioembolisation)",
        "Tiny radioactive beads are passed through a thin tube into the blood vessels of the liver. "
        "There they give radiation to the spots from the inside.",
        "A test run is done first to plan it. Tiredness, pain or sickness can follow for a short time.",
    ),
    "prrt": PlainModality(
        "Targeted radiation medicine (radionuclide therapy)",
        "A radioactive medicine is given into a vein. It attaches to the tumour cells through the "
        "receptors they carry on their surface, which a special scan can show.",
        "It is given as a few treatments, some weeks apart. Blood and kidney tests are done along the way.",
    ),
    "transplant": PlainModality(
        "Liver transplant",
        "The whole liver is replaced by a liver from a donor. This is considered only for a few "
        "carefully selected people, after strict checks.",
        "It means many checks first and a wait for a donor liver. Then comes a major operation, and "
        "medicines for the rest of your life.",
    ),
    "ssa": PlainModality(
        "Hormone-blocking injections (somatostatin analogues)",
        "These are regular injections of a medicine that is like a natural hormone. They can ease "
        "symptoms caused by hormones from the tumour. They can also slow its growth.",
        "It is usually an injection once a month, often given for a long time.",
    ),
    "everolimus": PlainModality(
        "Everolimus tablets",
        "A targeted cancer medicine taken by mouth. It can slow the growth of some neuroendocrine tumours.",
        "It is a daily tablet with regular check-ups for side effects.",
    ),
    "sunitinib": PlainModality(
        "Sunitinib tablets",
        "A targeted cancer medicine taken by mouth. It can slow the growth of some neuroendocrine "
        "tumours of the pancreas.",
        "It is a daily tablet with regular check-ups for side effects.",
    ),
    "chemotherapy": PlainModality(
        "Chemotherapy",
        "Medicines that kill fast-growing cells, given as a drip into a vein or as tablets.",
        "It is given in cycles over some months, with regular blood tests.",
    ),
    "interferon": PlainModality(
        "Interferon injections",
        "A medicine that works through the body's defences (the immune system). It can ease symptoms "
        "and slow the tumour.",
        "It is given as injections under the skin; flu-like symptoms are common.",
    ),
    "immunotherapy": PlainModality(
        "Immunotherapy",
        "Medicines that help the body's own defences (the immune system) to attack the tumour.",
        "It is usually a drip into a vein every few weeks, often within a research study.",
    ),
}

# How each status reads on the handout (plain version of CLINICAL-RULES.md section 12).
PLAIN_STATUS: dict[str, str] = {
    "recommended": "Listed first in the published treatment guide for the pattern of spots in your liver",
    "option": "Listed as other possibilities in the published treatment guide",
    "needs_information": "More tests or information are needed before your team can say whether these fit",
    "contraindicated": "The published sources give a reason why these may not be suitable; your team will "
    "explain",
    # Section 12 (rev 2): "not in this case's branch (pattern, grade, primary site or resectability); this
    # is not a contraindication", in plain words.
    "not_indicated": "Not listed for your situation in the published treatment guide (this does not mean "
    "they are unsafe for you)",
}
# The published treatment guide (review2023 Fig. 2) covers grade 1 and 2 only, as the G3 opening tells the
# patient: for G3 and NEC the headings name the medical papers instead (section 12, rev 2).
PLAIN_STATUS_OUTSIDE_GUIDE: dict[str, str] = {
    "option": "Other possibilities named in the medical papers used here",
    "not_indicated": "Not listed for your situation in the medical papers used here (this does not mean "
    "they are unsafe for you)",
}

# The opening paragraph by grade: CLINICAL-RULES.md section 12 (rev 2), verbatim. Reading level about
# school grade 6; NEC never "grows slowly", "listed first" or "first choice".
OPENING_G1_G2 = (
    "You have a neuroendocrine tumour, also called a NET. It has spread to your liver. The spots in the liver "
    "are called metastases. Your tumour is grade {number}. Tumours of this grade often grow slowly, and many "
    "people live with them for years. There are several ways to treat the spots in the liver. Your care team "
    "will talk with you about which ones fit you."
)
OPENING_G3 = (
    "You have a neuroendocrine tumour, also called a NET. It has spread to your liver. Your tumour is grade 3. "
    "This means its cells divide faster than in grade 1 or grade 2 tumours, so it can grow faster. The "
    "treatment guide used for this summary was written for grade 1 and grade 2 tumours. Your care team will "
    "look at each treatment with extra care and talk with you about which ones fit you."
)
OPENING_NEC = (
    "You have a neuroendocrine carcinoma, also called an NEC. It has spread to your liver. This kind of cancer "
    "tends to grow fast, and it is a serious illness. The main treatment that the medical papers used here "
    "describe for it is chemotherapy. This is medicine that kills cancer cells. Your care team will talk with "
    "you soon about what this means for you."
)
OPENING_UNKNOWN = (
    "You have a neuroendocrine tumour that has spread to your liver. Some test results are not ready yet. One "
    "of them is the grade, which tells how fast the tumour cells grow. The grade helps your care team choose a "
    "treatment. When all the results are in, your care team will talk with you about the options."
)


def opening(grade: str) -> str:
    """The handout's first paragraph for the engine's grade (G1, G2, G3 NET, NEC, undetermined)."""
    if grade in ("G1", "G2"):
        return OPENING_G1_G2.format(number=grade[1])
    if grade == "G3 NET":
        return OPENING_G3
    if grade == "NEC":
        return OPENING_NEC
    return OPENING_UNKNOWN


# What decides the choice, for every grade (no "grows slowly": NEC reads this too).
WHAT_DECIDES = (
    "Which treatments fit depends on the number, size and place of the spots. It also depends on the "
    "type of tumour and on your general health."
)


def plain_status(status: str, grade: str) -> str:
    """The heading of a status group on the handout; never "listed first" for NEC or G3, and for them
    never "the published treatment guide", which covers grade 1 and 2 only (section 12)."""
    if status == "recommended" and grade == "NEC":
        return (
            "The main medicine treatment that the medical papers used here describe for this type of cancer"
        )
    if status == "recommended" and grade == "G3 NET":
        return "Named by the medical papers used here for tumours like yours"
    if grade in ("G3 NET", "NEC") and status in PLAIN_STATUS_OUTSIDE_GUIDE:
        return PLAIN_STATUS_OUTSIDE_GUIDE[status]
    return PLAIN_STATUS[status]


WHERE_INTRO = (
    "Doctors divide the liver into eight parts called segments, numbered I to VIII (Roman numerals). "
    "The drawing shows the liver as seen from the front: your right side is on the left of the page. "
    "Dark dots mark the spots your team recorded."
)

NEXT_STEPS: tuple[str, ...] = (
    "A team of specialists (the tumour board) looks at your scans and results together.",
    "Your doctor talks with you about the options, what each involves and what matters most to you.",
    "Some options may need more tests first, for example scans or blood tests.",
    "You decide together with your doctor. You can take time and bring someone with you.",
)

QUESTIONS: tuple[str, ...] = (
    "Which options fit my situation, and why?",
    "What are the likely benefits and risks of each option for me?",
    "How long does the treatment take, and how long is the recovery?",
    "What happens if I wait or choose not to have this treatment?",
    "Which tests do I need before a decision can be made?",
    "Who do I contact if I have questions or new symptoms?",
)

GLOSSARY: tuple[tuple[str, str], ...] = (
    ("Metastases", "spots of a tumour that have spread from where it started to another organ."),
    ("Neuroendocrine", "to do with cells that make hormones and have links to the nerves."),
    ("Primary tumour", "the tumour where the disease started, for example in the bowel or pancreas."),
    ("Segment", "one of the eight parts doctors divide the liver into."),
    ("Tumour board", "a regular meeting of specialists who look at a person's case together."),
    ("Scan", "a picture of the inside of the body, for example a computed tomography (CT) scan."),
)
