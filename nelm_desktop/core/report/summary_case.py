"""The summary's account of the case: header, facts, treatment history, the liver, grade and type."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Table, TableStyle

from nelm_desktop.core.distribution_types import TYPE_LABELS
from nelm_desktop.core.facts import fact_label
from nelm_desktop.core.model import CLINICAL_FACTS, PRIMARY_SITE_LABELS, Case
from nelm_desktop.core.presentation import column_words, split_reason, value_words
from nelm_desktop.core.report.common import esc
from nelm_desktop.core.report.liver_drawing import liver_drawing, unplaced_lesions
from nelm_desktop.core.report.summary_writer import (
    SUGGESTED_TYPE_NOTE,
    SummaryWriter,
    facts_text,
    value_text,
)
from nelm_desktop.core.treatments import INTENT_LABELS, RESPONSE_LABELS, resected_segments

TITLE = "NELM clinical summary"

LESION_ROWS_BESIDE_DIAGRAM = 10


def header(doc: SummaryWriter) -> None:
    c, st = doc.case, doc.settings
    title = TITLE + (" (DEMO case)" if c.demo else "")
    doc.story.append(doc.p(esc(title), doc.s.title))
    rows = [
        [
            doc.cell("Patient label", True),
            doc.cell(esc(c.patient_label) or "not recorded"),
            doc.cell("Date", True),
            doc.cell(esc(doc.when.isoformat())),
        ],
        [
            doc.cell("Case id", True),
            doc.cell(esc(c.case_id)),
            doc.cell("Clinician", True),
            doc.cell(esc(st.clinician_name) or "not set"),
        ],
        [
            doc.cell("Age / sex", True),
            doc.cell(esc(f"{value_text(c.age_years)} / {value_text(c.sex)}")),
            doc.cell("Institution", True),
            doc.cell(esc(st.institution) or "not set"),
        ],
    ]
    w = doc.width
    doc.story.append(doc.table(rows, [0.14 * w, 0.36 * w, 0.14 * w, 0.36 * w], header=False, zebra=False))
    doc.story.append(
        doc.p(
            "Options per the source algorithm (review2023, Fig. 2) and the cited sources, for the treating "
            "team. Abbreviations are expanded at the end.",
            doc.s.small,
        )
    )


def facts(doc: SummaryWriter) -> None:
    doc.h1("Case facts")
    c = doc.case
    pairs = [(fact_label(f), _fact_value(c, f)) for f in CLINICAL_FACTS if f != "lesions"]
    pairs.insert(0, ("Liver lesions", lesion_line(doc)))
    rows = doc.paired_rows(pairs)
    w = doc.width
    doc.story.append(doc.table(rows, [0.22 * w, 0.28 * w, 0.22 * w, 0.28 * w], header=False))
    texts = [
        ("Syndrome", c.syndrome_name),
        ("Extrahepatic sites", c.extrahepatic_sites),
        ("Primary resection date", checked_date(c)),
        ("Comorbidities", c.comorbidities),
    ]
    for label, text in texts:
        if text:
            doc.story.append(doc.p(f"<b>{esc(label)}:</b> {esc(text)}"))


def treatment_history(doc: SummaryWriter) -> None:
    """Lines of therapy, oldest first as entered (issue #16)."""
    history = doc.case.treatment_history
    if not history:
        return
    doc.h1("Treatment history")
    head = ["Treatment", "Dates", "Intent", "Best response", "Note"]
    rows: list[list[Any]] = [[doc.cell(h, True) for h in head]]
    for line in history:
        title = line.title()
        if line.segments:
            title += f" (segments {', '.join(line.segments)})"
        rows.append(
            [
                doc.cell(esc(title)),
                doc.cell(esc(line.period())),
                doc.cell(esc(INTENT_LABELS[line.intent])),
                doc.cell(esc(RESPONSE_LABELS[line.best_response])),
                doc.cell(esc(line.note)),
            ]
        )
    w = doc.width
    doc.story.append(doc.table(rows, [0.3 * w, 0.16 * w, 0.13 * w, 0.16 * w, 0.25 * w]))


def lesion_line(doc: SummaryWriter) -> str:
    lesions = doc.ev.lesions
    if not lesions.recorded:
        return "not recorded"
    count = (
        str(lesions.lesion_count)
        if lesions.lesion_count is not None
        else (f"at least {lesions.lesion_count_lower_bound}")
    )
    largest = (
        f"{value_text(lesions.largest_cm)} cm" if lesions.largest_cm is not None else "size not recorded"
    )
    segs = ", ".join(lesions.segments) or "segments not recorded"
    return f"{count} in {segs}; largest {largest}"


def liver(doc: SummaryWriter) -> None:
    doc.story.append(CondPageBreak(95 * mm))  # heading, diagram and caption stay together
    doc.h1("Liver: Couinaud segments (anterior view)")
    drawing = liver_drawing(
        doc.case.lesions, 0.5 * doc.width, resected=resected_segments(doc.case.treatment_history)
    )
    lesions = doc.case.lesions or []
    ls = doc.ev.lesions
    right: list[Any] = []
    below = None
    if lesions:
        rows: list[list[Any]] = [
            [doc.cell("Segment", True), doc.cell("Size (cm)", True), doc.cell("Count", True)]
        ]
        for lesion in lesions:
            rows.append(
                [
                    doc.cell(esc(lesion.segment or "not recorded")),
                    doc.cell(esc(value_text(lesion.size_cm))),
                    doc.cell(esc(value_text(lesion.count))),
                ]
            )
        w = 0.46 * doc.width
        lesion_table = doc.table(rows, [0.34 * w, 0.33 * w, 0.33 * w])
        # A long list goes below the diagram, where it can split across pages.
        below = lesion_table if len(lesions) > LESION_ROWS_BESIDE_DIAGRAM else None
        if below is None:
            right.append(lesion_table)
    else:
        right.append(doc.p("No lesions recorded (lesion table not filled in)."))
    lobes = ", ".join(ls.lobes) or "not determined"
    bilobar = {True: "yes", False: "no", None: "not determined"}[ls.bilobar]
    summary = (
        f"Lesions: {lesion_line(doc)}. Lobes: {lobes}; bilobar: {bilobar}; "
        f"caudate involved: {'yes' if ls.caudate else 'no'}."
    )
    right.insert(0, doc.p(esc(summary), doc.s.cell))
    unplaced = unplaced_lesions(doc.case.lesions)
    note = (
        "One dot per lesion (up to 8 per segment; a number in brackets gives the segment's total), "
        "dot size from the recorded size. The patient's right is on the left."
    )
    if unplaced:
        note += f" {unplaced} lesion(s) without a recorded segment are not drawn."
    removed = resected_segments(doc.case.treatment_history)
    if removed:
        note += (
            f" Segment(s) {', '.join(removed)} drawn white and dashed: resected, as recorded in the "
            "treatment history."
        )
    layout = Table(
        [[[drawing, doc.p(esc(note), doc.s.small)], right]],
        colWidths=[0.52 * doc.width, 0.48 * doc.width],
        hAlign="LEFT",
    )
    layout.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    doc.story.append(layout)
    if lesions and below is not None:
        doc.story.append(below)


def grade_and_type(doc: SummaryWriter) -> None:
    doc.h1("Grade and distribution type")
    g, ft = doc.ev.grade, doc.ev.frilling_type
    src = "; ".join(str(s) for s in g.sources)
    line = f"<b>Grade: {esc(g.grade)}</b> [{esc(g.rule)}] {esc(g.text)}"
    if g.facts:
        line += f" <font color='#555555'>Facts: {esc(facts_text(g.facts))}.</font>"
    if g.missing:
        line += " Missing: " + esc(", ".join(fact_label(f) for f in g.missing)) + "."
    if src:
        line += f" <font color='#555555'>Source: {esc(src)}.</font>"
    doc.story.append(doc.p(line))
    suggested = TYPE_LABELS.get(ft.suggested or "", "undetermined")
    confirmed = TYPE_LABELS.get(ft.confirmed or "", "not confirmed")
    used = TYPE_LABELS.get(ft.used or "", "undetermined")
    column = ft.column or "undetermined"
    # NEC: no column; G3: the column by analogy (CLINICAL-RULES section 12, rev 2).
    column_text = column_words(doc.ev.grade.grade, ft.column) or (
        "" if doc.ev.grade.grade == "NEC" else f"algorithm column {column}"
    )
    line = (
        f"<b>Frilling distribution type</b> (review2023, Fig. 1): suggested {esc(suggested)} "
        f"[{esc(ft.suggested_rule)}]; confirmed by clinician: {esc(confirmed)}; used: {esc(used)}"
        + (f"; {esc(column_text)}." if column_text else ".")
    )
    if ft.used_is_suggestion:
        line += f" <i>Note: {SUGGESTED_TYPE_NOTE}.</i>"
    if ft.missing:
        line += " Missing: " + esc(", ".join(fact_label(f) for f in ft.missing)) + "."
    if ft.text:
        line += " " + esc(split_reason(ft.text)[0])
    doc.story.append(doc.p(line))


def _fact_value(case: Case, fact: str) -> str:
    value = getattr(case, fact)
    if fact == "primary_site":
        text = PRIMARY_SITE_LABELS.get(value, value)
        return f"{text}: {case.primary_site_other}" if value == "other" and case.primary_site_other else text
    if fact == "confirmed_type":
        return TYPE_LABELS.get(value, "not confirmed")
    return value_words(fact, value)


def checked_date(case: Case) -> str:
    """The resection month as recorded; a month that breaks the date rules (a file saved before them)
    is printed as written with the rule's words, never silently dropped or corrected."""
    from nelm_desktop.core.dates import today, year_month_problem

    problem = year_month_problem(case.primary_resection_date, today())
    return case.primary_resection_date + (f" (not a valid month: {problem})" if problem else "")
