"""The patient handout: plain language, large type, one or two pages, no codes.

Every text comes from `plain_language` (one place); this module only lays them out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from nelm_desktop.core.evaluation import STATUS_ORDER, Evaluation
from nelm_desktop.core.model import SEGMENTS, Case
from nelm_desktop.core.presentation import ordered_options
from nelm_desktop.core.report import CLOSING_STATEMENT, ReportSettings
from nelm_desktop.core.report.common import PageFrame, content_width, esc, render
from nelm_desktop.core.report.liver_drawing import liver_drawing, segment_marks
from nelm_desktop.core.report.plain_language import (
    GLOSSARY,
    NEXT_STEPS,
    PLAIN_MODALITIES,
    QUESTIONS,
    WHAT_DECIDES,
    WHERE_INTRO,
    PlainModality,
    opening,
    plain_status,
)
from nelm_desktop.core.report.styles import Styles, handout_styles
from nelm_desktop.core.treatments import resected_segments

if TYPE_CHECKING:
    from nelm_desktop.core.board.model import Decision

PLAIN_INTENT = {
    "curative": "with the aim of removing or curing the disease",
    "palliative": "to control the disease and keep it from growing",
    "symptom_control": "to ease symptoms",
}


def recommendation_text(decision: Decision) -> str:
    """ "Your care team recommends surgery ..., then ...": the board's plan in plain words, in order."""
    steps: list[str] = []
    for number, option in enumerate(decision.ordered_options()):
        title = PLAIN_MODALITIES[option.modality].title
        title = title[0].lower() + title[1:]
        step = f"{title}, {PLAIN_INTENT[option.intent]}"
        steps.append(step if number == 0 else f"then {step}")
    if not steps:
        return (
            f"Your care team recommends: {decision.other}"
            if decision.other
            else "Your care team has made a plan with you."
        )
    text = "Your care team recommends " + "; ".join(steps) + "."
    if decision.other:
        text += f" Also: {decision.other}"
    return text


def recommendation_details(decision: Decision) -> list[str]:
    """What each recommended option is, in the handout's words (escaped markup)."""
    return [
        f"<b>{esc(PLAIN_MODALITIES[o.modality].title)}.</b> {esc(PLAIN_MODALITIES[o.modality].what)}"
        for o in decision.ordered_options()
    ]


TITLE = "Your liver and your treatment options"
COMPACT_AFTER = 6


def _where_text(case: Case) -> str:
    marks = segment_marks(case.lesions)
    if not marks:
        return "Your team has not yet marked the spots on this drawing."
    segments = [s for s in SEGMENTS if s in marks]
    total = sum(m.total for m in marks.values())
    sure = all(m.count_known for m in marks.values())
    spots = "spot" if total == 1 and sure else "spots"
    amount = f"{total} {spots}" if sure else f"at least {total} {spots}"
    where = ", ".join(segments[:-1]) + (" and " if len(segments) > 1 else "") + segments[-1]
    part = "segment" if len(segments) == 1 else "segments"
    text = f"Your team recorded {amount} in {part} {where} of your liver."
    if {"IVa", "IVb"} & set(segments):
        text += " Segment IV has an upper part (IVa) and a lower part (IVb)."
    return text


def build_handout(
    case: Case,
    evaluation: Evaluation,
    paper: str,
    settings: ReportSettings,
    when: date,
    modalities: Sequence[str],
    decision: Decision | None = None,
) -> bytes:
    s: Styles = handout_styles()
    width = content_width(paper)
    story: list[Any] = []

    def p(markup: str, style: Any = None, bullet: str | None = None) -> Paragraph:
        return Paragraph(markup, style or s.body, bulletText=bullet)

    title = TITLE + (" (DEMO)" if case.demo else "")
    story.append(p(esc(title), s.title))
    made_for = esc(case.patient_label) or "you"
    by = ", ".join(esc(x) for x in (settings.clinician_name, settings.institution) if x)
    story.append(
        p(f"Prepared for {made_for} on {esc(_long_date(when))}" + (f" by {by}" if by else ""), s.body)
    )

    grade = evaluation.grade.grade
    story.append(p("About your illness", s.h1))
    story.append(p(esc(opening(grade))))
    story.append(p(esc(WHAT_DECIDES)))

    story.append(p("Where the spots are in your liver", s.h1))
    drawing = liver_drawing(
        case.lesions, 0.46 * width, label_size=12, resected=resected_segments(case.treatment_history)
    )
    side = [p(esc(WHERE_INTRO), s.cell), Spacer(1, 2 * mm), p(esc(_where_text(case)), s.cell)]
    layout = Table([[drawing, side]], colWidths=[0.49 * width, 0.51 * width], hAlign="LEFT")
    layout.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story.append(layout)

    history = past_treatments(case)
    if history:
        story.append(p("Treatments you have had", s.h1))
        for line in history:
            story.append(p(esc(line), s.bullet, "•"))

    recommended = {o.modality for o in decision.options} if decision is not None else set()
    if decision is not None:
        story.append(p("What your care team recommends", s.h1))
        story.append(p(esc(recommendation_text(decision))))
        for line in recommendation_details(decision):
            story.append(p(line, s.bullet, "•"))
    heading = (
        "Other options your care team may talk about with you"
        if decision is not None
        else ("Options your care team may talk about with you")
    )
    story.append(p(heading, s.h1))
    wanted = set(modalities) - recommended
    # ORDER-1 within each status group, as on the panel and the summary (section 12).
    chosen = [o for o in ordered_options(evaluation.options) if o.modality in wanted]
    if not chosen and decision is not None:
        story.append(p("Your care team will tell you if other options become worth discussing."))
    elif not chosen:
        story.append(p("Your doctor will talk with you about the options once all the results are in."))

    # Past COMPACT_AFTER options the "what it involves" sentence is left out, so the handout stays at
    # two pages; the care team explains the details.
    def involves(plain: PlainModality) -> str:
        return "" if len(chosen) > COMPACT_AFTER else " " + esc(plain.involves)

    for status in STATUS_ORDER:  # grouped, so each status is explained once
        group = [o for o in chosen if o.status == status]
        if not group:
            continue
        story.append(p(esc(plain_status(status, grade)), s.h2))
        for opt in group:
            plain = PLAIN_MODALITIES[opt.modality]
            story.append(p(f"<b>{esc(plain.title)}.</b> {esc(plain.what)}{involves(plain)}", s.bullet, "•"))

    # Next steps and questions side by side: keeps the handout to two pages.
    next_col = [p("What happens next", s.h1)] + [p(esc(t), s.bullet, "•") for t in NEXT_STEPS]
    ask_col = [p("Questions you may want to ask", s.h1)] + [p(esc(t), s.bullet, "•") for t in QUESTIONS]
    columns = Table([[next_col, ask_col]], colWidths=[0.5 * width, 0.5 * width], hAlign="LEFT")
    columns.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), 8),
                ("LEFTPADDING", (1, 0), (1, -1), 8),
                ("RIGHTPADDING", (1, 0), (1, -1), 0),
            ]
        )
    )
    story.append(columns)

    story.append(p("Words you may hear", s.h1))
    story.append(p(" ".join(f"<b>{esc(word)}:</b> {esc(meaning)}" for word, meaning in GLOSSARY)))

    story.append(p(_contact_markup(settings), s.contact))
    story.append(p(esc(CLOSING_STATEMENT), s.closing))

    # No case id anywhere on the handout: it means nothing to the patient (issue #13, item 7).
    frame = PageFrame(footer_left=f"{TITLE}  ·  {_long_date(when)}", demo=case.demo)
    return render(story, paper=paper, frame=frame, title=TITLE, subject="patient handout")


def _contact_markup(settings: ReportSettings) -> str:
    """Who to contact: what is set, and one plain sentence for what is not (never a placeholder thrice)."""
    known = [
        f"Your doctor: {esc(settings.clinician_name)}." if settings.clinician_name else "",
        f"Hospital: {esc(settings.institution)}." if settings.institution else "",
        f"Contact: {esc(settings.contact_line)}." if settings.contact_line else "",
    ]
    text = " ".join(k for k in known if k)
    if not settings.contact_line:
        text += (" " if text else "") + "Ask your care team how to reach them with questions."
    return f"<b>Who to contact.</b> {text}"


_PLAIN_RESPONSE = {
    "complete": "the scans no longer showed the disease",
    "partial": "the disease shrank",
    "stable": "the disease stayed about the same",
    "progression": "the disease grew during this treatment",
    "not_assessed": "",
}


def _plain_month(value: str) -> str:
    return f"{_MONTHS[int(value[5:7]) - 1]} {value[:4]}" if value else ""


def past_treatments(case: Case) -> list[str]:
    """Each recorded line of therapy in plain words, e.g. "Hormone-blocking injections (somatostatin
    analogues) (lanreotide), from March 2025 to June 2025: the disease grew during this treatment."."""
    out = []
    for line in case.treatment_history:
        if line.modality == "other":
            title = line.name.strip()
        else:
            title = PLAIN_MODALITIES[line.modality].title + (
                f" ({line.name.strip()})" if line.name.strip() else ""
            )
        start, end = _plain_month(line.start), _plain_month(line.end)
        when = f"from {start} to {end}" if start and end else (f"from {start}" if start else "")
        when = when or (f"until {end}" if end else "")
        response = _PLAIN_RESPONSE[line.best_response]
        text = title + (f", {when}" if when else "") + (f": {response}" if response else "")
        out.append(text + ".")
    return out


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _long_date(when: date) -> str:
    """'24 November 2026', independent of the system locale."""
    return f"{when.day} {_MONTHS[when.month - 1]} {when.year}"
