"""Board outputs (issue #15, item 5): the one-page agenda, the board pack (one synopsis page per agenda
case, with room for handwritten notes) and the minutes. Same fonts, escaping and page frame as the
clinical summary; patient labels never go into the PDF metadata."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal

from reportlab.lib.units import mm
from reportlab.platypus import KeepInFrame, PageBreak, Spacer, Table, TableStyle

from nelm_desktop.core.board.decisions import deviation, plan_lines
from nelm_desktop.core.board.model import BOARD_STATUS_LABELS, Decision, Meeting
from nelm_desktop.core.board.notes import option_basis, short_time, sign_off_line
from nelm_desktop.core.board.synopsis import (
    BoardPack,
    PackItem,
    distribution_type,
    flag_lines,
    grouped_options,
    key_facts,
    missing_facts,
    one_line,
    transplant_lines,
)
from nelm_desktop.core.evaluation import MODALITY_LABELS
from nelm_desktop.core.presentation import (
    NOT_LISTED_EXPLANATION,
    NOT_LISTED_LABEL,
    role_tier_short,
    tier_legend,
)
from nelm_desktop.core.report import ReportSettings, save_pdf
from nelm_desktop.core.report.common import PageFrame, esc, render
from nelm_desktop.core.report.liver_drawing import liver_drawing
from nelm_desktop.core.report.story import StoryWriter
from nelm_desktop.core.report.styles import RULE, STATUS_FILL

BoardDocument = Literal["agenda", "pack", "minutes"]
BOARD_DOCUMENTS: tuple[BoardDocument, ...] = ("agenda", "pack", "minutes")
TITLES = {"agenda": "Agenda", "pack": "Board pack", "minutes": "Minutes"}
NOTE_LINES = 9  # ruled lines for handwritten notes on each pack page


class _Doc(StoryWriter):
    def __init__(self, pack: BoardPack, paper: str, settings: ReportSettings, when: date) -> None:
        super().__init__(paper)
        self.pack = pack
        self.meeting: Meeting = pack.meeting
        self.settings = settings
        self.when = when

    def label(self, entry: PackItem) -> str:
        if entry.case is None:
            return f"(case {entry.item.case_id} is not in this library)"
        text = entry.case.patient_label or "(no label)"
        return f"{text} [DEMO]" if entry.case.demo else text

    # --- shared header ------------------------------------------------------------------------------
    def heading(self, kind: str) -> None:
        m = self.meeting
        demo = " (DEMO)" if self.pack.demo and "DEMO" not in m.board_name else ""
        self.story.append(self.p(esc(f"{TITLES[kind]}: {m.board_name}{demo}"), self.s.title))
        # %Y writes year 1 as "1" on some platforms: the year is written out with its four digits.
        line = f"<b>{esc(f'{m.starts_at:%A %d %B} {m.starts_at.year:04d}, {m.starts_at:%H:%M}')}</b>"
        if m.location:
            line += f" · {esc(m.location)}"
        self.story.append(self.p(line))

    def attendees(self) -> None:
        m = self.meeting
        if not m.attendees:
            self.story.append(self.p("Attendees: not recorded.", self.s.small))
            return
        text = "; ".join(f"{esc(a.name)} ({esc(a.role)})" for a in m.attendees)
        self.story.append(self.p(f"<b>Attendees:</b> {text}"))

    # --- agenda -------------------------------------------------------------------------------------
    def agenda(self) -> None:
        self.heading("agenda")
        self.attendees()
        w = self.width
        rows: list[list[Any]] = [
            [
                self.cell(h, True)
                for h in ("#", "Patient", "Question to the board", "Presenter", "Board status")
            ]
        ]
        for entry in self.pack.items:
            rows.append(
                [
                    self.cell(str(entry.number)),
                    self.cell(esc(self.label(entry))),
                    self.cell(esc(entry.item.question) or "not stated"),
                    self.cell(esc(entry.item.presenter) or "not named"),
                    self.cell(esc(BOARD_STATUS_LABELS.get(entry.status, entry.status))),
                ]
            )
        if not self.pack.items:
            rows.append([self.cell(""), self.cell("No cases on the agenda yet."), "", "", ""])
        self.story.append(Spacer(1, 3 * mm))
        self.story.append(self.table(rows, [0.05 * w, 0.27 * w, 0.38 * w, 0.15 * w, 0.15 * w]))

    # --- pack ---------------------------------------------------------------------------------------
    def pack_pages(self) -> None:
        self.agenda()
        self.pack_legend()
        for entry in self.pack.items:
            self.story.append(PageBreak())
            self.synopsis(entry)

    def pack_legend(self) -> None:
        """What the case pages' tiers and 'Not listed for this case' mean, once per pack (section 12,
        rev 2: explained once per report; the tier words next to every status)."""
        evaluations = [e.evaluation for e in self.pack.items if e.evaluation is not None]
        if not evaluations:
            return
        self.story.append(Spacer(1, 3 * mm))
        self.story.append(
            self.p(f"<b>Evidence tier</b> on the case pages: {esc(tier_legend())}.", self.s.small)
        )
        if any(o.status == "not_indicated" for ev in evaluations for o in ev.options):
            self.story.append(
                self.p(f"<b>{NOT_LISTED_LABEL}</b>: {esc(NOT_LISTED_EXPLANATION)}.", self.s.small)
            )

    def synopsis(self, entry: PackItem) -> None:
        w = self.width
        head = f"{entry.number}. {self.label(entry)}"
        body: list[Any] = [self.p(esc(head), self.s.h1)]
        body.append(
            self.p(
                f"<b>Question:</b> {esc(entry.item.question) or 'not stated'} · "
                f"<b>Presenter:</b> {esc(entry.item.presenter) or 'not named'} · "
                f"<b>Board status:</b> {esc(BOARD_STATUS_LABELS.get(entry.status, entry.status))}"
            )
        )
        case, ev = entry.case, entry.evaluation
        if case is None or ev is None:
            body.append(self.p("This case is not in this library; no synopsis."))
        else:
            facts = [[self.cell(esc(k), True), self.cell(esc(v))] for k, v in key_facts(case, ev)]
            facts.insert(0, [self.cell("Distribution type", True), self.cell(esc(distribution_type(ev)))])
            fact_table = self.table(facts, [0.2 * w, 0.4 * w], header=False, zebra=False)
            drawing = liver_drawing(case.lesions, 0.36 * w, label_size=8)
            layout = Table([[fact_table, drawing]], colWidths=[0.62 * w, 0.38 * w], hAlign="LEFT")
            layout.setStyle(
                TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
            )
            body.append(layout)
            heads = ("Option", "Status", "Why (one line)", "Role; evidence tier")
            rows: list[list[Any]] = [[self.cell(h, True) for h in heads]]
            extra: list[Any] = []
            for status_label, group in grouped_options(ev):
                for option in group:
                    rows.append(
                        [
                            self.cell(esc(option.label)),
                            self.cell(esc(status_label)),
                            self.cell(esc(one_line(option))),
                            self.cell(esc(role_tier_short(option))),
                        ]
                    )
                    extra.append(
                        ("BACKGROUND", (1, len(rows) - 1), (1, len(rows) - 1), STATUS_FILL[option.status])
                    )
            body.append(Spacer(1, 2 * mm))
            body.append(self.table(rows, [0.24 * w, 0.14 * w, 0.44 * w, 0.18 * w], extra=extra))
            body.append(
                self.p("<b>Transplant criteria:</b> " + esc("; ".join(transplant_lines(ev))), self.s.cell)
            )
            flags = flag_lines(ev)
            if flags:
                body.append(self.p("<b>Flags:</b> " + esc(" · ".join(flags)), self.s.cell))
            missing = missing_facts(ev)
            if missing:
                body.append(self.p("<b>Needs information:</b> " + esc(", ".join(missing)), self.s.cell))
            body.append(self.p(f"Knowledge base {esc(ev.knowledge_base)}.", self.s.small))
        notes_height = NOTE_LINES * 8 * mm + 8 * mm
        # Page minus margins (14 + 20 mm), the notes block and its heading: one page per case.
        frame_height = _page_height(self.paper) - 34 * mm - notes_height - 12 * mm
        self.story.append(KeepInFrame(w, frame_height, body, mode="shrink"))
        self.story.append(self.p("Notes", self.s.h2))
        lines = Table([[""] for _ in range(NOTE_LINES)], colWidths=[w], rowHeights=[8 * mm] * NOTE_LINES)
        lines.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE)]))
        self.story.append(lines)

    # --- minutes ------------------------------------------------------------------------------------
    def minutes(self) -> None:
        self.heading("minutes")
        self.attendees()
        for entry in self.pack.items:
            self.story.append(self.p(esc(f"{entry.number}. {self.label(entry)}"), self.s.h1))
            self.story.append(
                self.p(f"<b>Question to the board:</b> {esc(entry.item.question) or 'not stated'}")
            )
            d = entry.decision
            if d is None:
                self.story.append(self.p("<i>No decision recorded.</i>"))
                continue
            self.decision_block(d)

    def decision_block(self, d: Decision) -> None:
        w = self.width
        plan = "<br/>".join(esc(line) for line in plan_lines(d)) or "none"
        follow = d.follow_up.isoformat() if d.follow_up else "not set"
        rows = [
            ["Decision", plan],
            ["Rationale", esc(d.rationale) or "not recorded"],
            ["Dissent", esc(d.dissent) or "none recorded"],
            ["Follow-up / re-discussion", esc(follow)],
            ["Responsible clinician", esc(d.responsible_clinician) or "not named"],
            ["Recorded", esc(f"by {d.recorded_by or 'unknown user'} on {short_time(d.recorded_at)}")],
            ["Sign-off", esc(sign_off_line(d))],
        ]
        for a in d.amendments:
            rows.append(
                [
                    "Amendment",
                    esc(
                        f"{short_time(a.at)} by {a.by or 'unknown user'}: {a.reason} (changed {', '.join(a.changed)})"
                    ),
                ]
            )
        basis = [
            f"{MODALITY_LABELS[o.modality]}: {option_basis(d, o.modality)}"
            + (" — DEVIATION from the source algorithm" if deviation(d, o) else "")
            for o in d.ordered_options()
        ]
        basis.append(
            f"Knowledge base {d.snapshot.knowledge_base}; facts and evaluation as of {short_time(d.snapshot.taken_at)}"
        )
        rows.append(["Basis", "<br/>".join(esc(b) for b in basis)])
        cells = [[self.cell(esc(k), True), self.cell(v)] for k, v in rows]
        extra: list[Any] = []
        if not d.signed:
            extra.append(("BACKGROUND", (1, 6), (1, 6), STATUS_FILL["needs_information"]))
        if any(deviation(d, o) for o in d.options):
            extra.append(("BACKGROUND", (1, 0), (1, 0), STATUS_FILL["contraindicated"]))
        self.story.append(self.table(cells, [0.24 * w, 0.76 * w], header=False, zebra=False, extra=extra))


def _page_height(paper: str) -> float:
    from nelm_desktop.core.report.common import PAGE_SIZES

    return float(PAGE_SIZES[paper][1])


def build_board_document(
    kind: BoardDocument,
    pack: BoardPack,
    paper: str = "a4",
    settings: ReportSettings | None = None,
    when: date | None = None,
) -> bytes:
    if kind not in BOARD_DOCUMENTS:
        raise ValueError(f"kind must be one of {', '.join(BOARD_DOCUMENTS)} (got {kind!r})")
    settings = settings if settings is not None else ReportSettings()
    doc = _Doc(pack, paper, settings, when or date.today())
    if kind == "agenda":
        doc.agenda()
    elif kind == "pack":
        doc.pack_pages()
    else:
        doc.minutes()
    m = pack.meeting
    frame = PageFrame(
        footer_left=f"{TITLES[kind]} · {m.board_name} · {m.starts_at.isoformat(' ', 'minutes')}",
        demo=pack.demo,
    )
    return render(
        doc.story,
        paper=paper,
        frame=frame,
        title=f"{TITLES[kind]}: meeting {m.meeting_id}",
        subject=f"board {kind}; meeting {m.meeting_id}",
    )


def write_board_document(
    kind: BoardDocument,
    pack: BoardPack,
    path: Path,
    paper: str = "a4",
    settings: ReportSettings | None = None,
) -> Path:
    path = Path(path)
    save_pdf(path, build_board_document(kind, pack, paper, settings))
    return path


def suggested_board_filename(kind: BoardDocument, meeting: Meeting) -> str:
    demo = "DEMO_" if meeting.demo else ""
    return f"{demo}board-{kind}_{meeting.starts_at.date().isoformat()}.pdf"
