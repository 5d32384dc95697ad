"""The clinical summary for the chart and the tumour board (dense, complete, every line sourced)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer, Table, TableStyle

from nelm_desktop import __version__
from nelm_desktop.core.distribution_types import TYPE_LABELS
from nelm_desktop.core.evaluation import (
    MODALITY_LABELS,
    STATUS_SHORT,
    CriteriaSet,
    Evaluation,
    OptionResult,
    Reason,
)
from nelm_desktop.core.facts import fact_label
from nelm_desktop.core.model import CLINICAL_FACTS, PRIMARY_SITE_LABELS, Case
from nelm_desktop.core.presentation import (
    NOT_LISTED_EXPLANATION,
    OUTSIDE_SOURCES_HEADING,
    cited_keys,
    column_words,
    full_reference,
    ordered_options,
    role_and_tier,
    split_flags,
    split_reason,
    status_explanation,
    value_words,
)
from nelm_desktop.core.report import CLOSING_STATEMENT, ReportSettings
from nelm_desktop.core.report.common import PageFrame, content_width, esc, render
from nelm_desktop.core.report.liver_drawing import liver_drawing, unplaced_lesions
from nelm_desktop.core.report.styles import (
    HEAD_FILL,
    OUTSIDE_FILL,
    OUTSIDE_RULE,
    RULE,
    STATUS_FILL,
    ZEBRA,
    Styles,
    summary_styles,
)
from nelm_desktop.core.report.synopsis import build_synopsis
from nelm_desktop.core.treatments import INTENT_LABELS, RESPONSE_LABELS, resected_segments

TITLE = "NELM clinical summary"

LESION_ROWS_BESIDE_DIAGRAM = 10

SUGGESTED_TYPE_NOTE = "distribution type suggested by the engine, not confirmed"


VERDICT_LABELS = {"met": "Met", "not_met": "Not met", "incomplete": "Incomplete (facts missing)"}
ITEM_MARK = {"met": "✓ met", "not_met": "✗ not met", "unknown": "? unknown"}

# Expanded once per report (CLINICAL-RULES.md section 12).
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("NELM", "neuroendocrine liver metastases"),
    ("NET / NEC", "neuroendocrine tumour / carcinoma; G1-G3 = grade"),
    ("Ki-67", "proliferation index (% of tumour cells dividing)"),
    ("FLR", "future liver remnant"),
    ("PVE / PVL", "portal vein embolization / ligation"),
    ("ALPPS", "associating liver partition and portal vein ligation for staged hepatectomy"),
    ("RFA", "radiofrequency ablation"),
    ("TAE / TACE", "transarterial (chemo)embolization"),
    ("RE / SIRT", "radioembolization / selective internal radiation therapy"),
    ("PRRT", "peptide receptor radionuclide therapy"),
    ("SSA / SSTR", "somatostatin analogue / somatostatin receptor"),
    ("FDG-PET", "fluorodeoxyglucose positron emission tomography"),
    ("OLT", "orthotopic liver transplantation"),
    (
        "ENETS / UNOS / ELTR",
        "European Neuroendocrine Tumor Society / United Network for Organ Sharing / "
        "European Liver Transplant Registry",
    ),
    ("ECOG", "Eastern Cooperative Oncology Group performance status"),
    ("OS / DFS / PFS", "overall / disease-free / progression-free survival"),
    ("R0 / R1 / R2", "resection margin free / microscopically / macroscopically involved"),
    ("REHD", "resection of extrahepatic disease"),
    ("AMB-n, EV-n", "catalogue ids (ambiguity handling, evidence figure)"),
)


def _value(value: Any) -> str:
    if value is None or value == "unknown":
        return "not recorded"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return value.replace("_", " ")
    return str(value)


def _fact_value(case: Case, fact: str) -> str:
    value = getattr(case, fact)
    if fact == "primary_site":
        text = PRIMARY_SITE_LABELS.get(value, value)
        return f"{text}: {case.primary_site_other}" if value == "other" and case.primary_site_other else text
    if fact == "confirmed_type":
        return TYPE_LABELS.get(value, "not confirmed")
    return value_words(fact, value)


def _facts_text(facts: dict[str, Any]) -> str:
    return "; ".join(f"{fact_label(k)} = {_value(v)}" for k, v in facts.items())


class _Builder:
    def __init__(self, case: Case, evaluation: Evaluation, paper: str, settings: ReportSettings, when: date):
        self.case = case
        self.ev = evaluation
        self.paper = paper
        self.settings = settings
        self.when = when
        self.s: Styles = summary_styles()
        self.width = content_width(paper)
        self.story: list[Any] = []

    # --- helpers --------------------------------------------------------------------------------
    def p(self, markup: str, style: Any = None) -> Paragraph:
        return Paragraph(markup, style or self.s.body)

    def h1(self, text: str) -> None:
        # A conditional break, not keepWithNext: keepWithNext would glue the heading to a long table
        # and push the whole table to the next page.
        self.story.append(CondPageBreak(30 * mm))
        self.story.append(self.p(esc(text), self.s.h1))

    def table(
        self,
        rows: list[list[Any]],
        widths: list[float],
        *,
        header: bool = True,
        zebra: bool = True,
        extra: Iterable[tuple[Any, ...]] = (),
    ) -> Table:
        style: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.3, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL))
        if zebra:
            start = 1 if header else 0
            style += [("BACKGROUND", (0, r), (-1, r), ZEBRA) for r in range(start + 1, len(rows), 2)]
        style += list(extra)
        table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
        table.setStyle(TableStyle(style))
        return table

    def cell(self, markup: str, bold: bool = False) -> Paragraph:
        return self.p(markup, self.s.cell_bold if bold else self.s.cell)

    # --- sections -------------------------------------------------------------------------------
    def header(self) -> None:
        c, st = self.case, self.settings
        title = TITLE + (" (DEMO case)" if c.demo else "")
        self.story.append(self.p(esc(title), self.s.title))
        rows = [
            [
                self.cell("Patient label", True),
                self.cell(esc(c.patient_label) or "not recorded"),
                self.cell("Date", True),
                self.cell(esc(self.when.isoformat())),
            ],
            [
                self.cell("Case id", True),
                self.cell(esc(c.case_id)),
                self.cell("Clinician", True),
                self.cell(esc(st.clinician_name) or "not set"),
            ],
            [
                self.cell("Age / sex", True),
                self.cell(esc(f"{_value(c.age_years)} / {_value(c.sex)}")),
                self.cell("Institution", True),
                self.cell(esc(st.institution) or "not set"),
            ],
        ]
        w = self.width
        self.story.append(
            self.table(rows, [0.14 * w, 0.36 * w, 0.14 * w, 0.36 * w], header=False, zebra=False)
        )
        self.story.append(
            self.p(
                "Options per the source algorithm (review2023, Fig. 2) and the cited sources, for the treating "
                "team. Abbreviations are expanded at the end.",
                self.s.small,
            )
        )

    def facts(self) -> None:
        self.h1("Case facts")
        c = self.case
        pairs = [(fact_label(f), _fact_value(c, f)) for f in CLINICAL_FACTS if f != "lesions"]
        pairs.insert(0, ("Liver lesions", self._lesion_line()))
        half = (len(pairs) + 1) // 2
        rows = []
        for i in range(half):
            left = pairs[i]
            right = pairs[i + half] if i + half < len(pairs) else ("", "")
            rows.append(
                [
                    self.cell(esc(left[0]), True),
                    self.cell(esc(left[1])),
                    self.cell(esc(right[0]), True),
                    self.cell(esc(right[1])),
                ]
            )
        w = self.width
        self.story.append(self.table(rows, [0.22 * w, 0.28 * w, 0.22 * w, 0.28 * w], header=False))
        texts = [
            ("Syndrome", c.syndrome_name),
            ("Extrahepatic sites", c.extrahepatic_sites),
            ("Primary resection date", _checked_date(c)),
            ("Comorbidities", c.comorbidities),
        ]
        for label, text in texts:
            if text:
                self.story.append(self.p(f"<b>{esc(label)}:</b> {esc(text)}"))

    def treatment_history(self) -> None:
        """Lines of therapy, oldest first as entered (issue #16)."""
        history = self.case.treatment_history
        if not history:
            return
        self.h1("Treatment history")
        head = ["Treatment", "Dates", "Intent", "Best response", "Note"]
        rows: list[list[Any]] = [[self.cell(h, True) for h in head]]
        for line in history:
            title = line.title()
            if line.segments:
                title += f" (segments {', '.join(line.segments)})"
            rows.append(
                [
                    self.cell(esc(title)),
                    self.cell(esc(line.period())),
                    self.cell(esc(INTENT_LABELS[line.intent])),
                    self.cell(esc(RESPONSE_LABELS[line.best_response])),
                    self.cell(esc(line.note)),
                ]
            )
        w = self.width
        self.story.append(self.table(rows, [0.3 * w, 0.16 * w, 0.13 * w, 0.16 * w, 0.25 * w]))

    def _lesion_line(self) -> str:
        lesions = self.ev.lesions
        if not lesions.recorded:
            return "not recorded"
        count = (
            str(lesions.lesion_count)
            if lesions.lesion_count is not None
            else (f"at least {lesions.lesion_count_lower_bound}")
        )
        largest = (
            f"{_value(lesions.largest_cm)} cm" if lesions.largest_cm is not None else "size not recorded"
        )
        segs = ", ".join(lesions.segments) or "segments not recorded"
        return f"{count} in {segs}; largest {largest}"

    def liver(self) -> None:
        self.story.append(CondPageBreak(95 * mm))  # heading, diagram and caption stay together
        self.h1("Liver: Couinaud segments (anterior view)")
        drawing = liver_drawing(
            self.case.lesions, 0.5 * self.width, resected=resected_segments(self.case.treatment_history)
        )
        lesions = self.case.lesions or []
        ls = self.ev.lesions
        right: list[Any] = []
        below = None
        if lesions:
            rows: list[list[Any]] = [
                [self.cell("Segment", True), self.cell("Size (cm)", True), self.cell("Count", True)]
            ]
            for lesion in lesions:
                rows.append(
                    [
                        self.cell(esc(lesion.segment or "not recorded")),
                        self.cell(esc(_value(lesion.size_cm))),
                        self.cell(esc(_value(lesion.count))),
                    ]
                )
            w = 0.46 * self.width
            lesion_table = self.table(rows, [0.34 * w, 0.33 * w, 0.33 * w])
            # A long list goes below the diagram, where it can split across pages.
            below = lesion_table if len(lesions) > LESION_ROWS_BESIDE_DIAGRAM else None
            if below is None:
                right.append(lesion_table)
        else:
            right.append(self.p("No lesions recorded (lesion table not filled in)."))
        lobes = ", ".join(ls.lobes) or "not determined"
        bilobar = {True: "yes", False: "no", None: "not determined"}[ls.bilobar]
        summary = (
            f"Lesions: {self._lesion_line()}. Lobes: {lobes}; bilobar: {bilobar}; "
            f"caudate involved: {'yes' if ls.caudate else 'no'}."
        )
        right.insert(0, self.p(esc(summary), self.s.cell))
        unplaced = unplaced_lesions(self.case.lesions)
        note = (
            "One dot per lesion (up to 8 per segment; a number in brackets gives the segment's total), "
            "dot size from the recorded size. The patient's right is on the left."
        )
        if unplaced:
            note += f" {unplaced} lesion(s) without a recorded segment are not drawn."
        removed = resected_segments(self.case.treatment_history)
        if removed:
            note += (
                f" Segment(s) {', '.join(removed)} drawn white and dashed: resected, as recorded in the "
                "treatment history."
            )
        layout = Table(
            [[[drawing, self.p(esc(note), self.s.small)], right]],
            colWidths=[0.52 * self.width, 0.48 * self.width],
            hAlign="LEFT",
        )
        layout.setStyle(
            TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
        )
        self.story.append(layout)
        if lesions and below is not None:
            self.story.append(below)

    def grade_and_type(self) -> None:
        self.h1("Grade and distribution type")
        g, ft = self.ev.grade, self.ev.frilling_type
        src = "; ".join(str(s) for s in g.sources)
        line = f"<b>Grade: {esc(g.grade)}</b> [{esc(g.rule)}] {esc(g.text)}"
        if g.facts:
            line += f" <font color='#555555'>Facts: {esc(_facts_text(g.facts))}.</font>"
        if g.missing:
            line += " Missing: " + esc(", ".join(fact_label(f) for f in g.missing)) + "."
        if src:
            line += f" <font color='#555555'>Source: {esc(src)}.</font>"
        self.story.append(self.p(line))
        suggested = TYPE_LABELS.get(ft.suggested or "", "undetermined")
        confirmed = TYPE_LABELS.get(ft.confirmed or "", "not confirmed")
        used = TYPE_LABELS.get(ft.used or "", "undetermined")
        column = ft.column or "undetermined"
        # NEC: no column; G3: the column by analogy (CLINICAL-RULES section 12, rev 2).
        column_text = column_words(self.ev.grade.grade, ft.column) or (
            "" if self.ev.grade.grade == "NEC" else f"algorithm column {column}"
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
        self.story.append(self.p(line))

    def _status_line(self, opt: OptionResult) -> str:
        if opt.status == "recommended":
            return status_explanation("recommended", self.ev.grade.grade).capitalize() + "."
        if opt.status == "option":
            return "Listed alternative" + (" (conditional)." if opt.conditional else ".")
        if opt.status == "not_indicated":
            return f"Not listed for this case: {NOT_LISTED_EXPLANATION}."
        if opt.status == "contraindicated":
            texts = "; ".join(r.text.rstrip(".") for r in opt.reasons[:1]) or "see the rule"
            return f"A stated contraindication is present: {texts}."
        missing = ", ".join(fact_label(f) for f in opt.missing) or "facts not recorded"
        return f"Cannot be assessed: {missing}."

    def _reason(self, reason: Reason) -> str:
        # The clinical sentence first; rule ids, facts and sources second (issue #13, item 5).
        sentence, codes = split_reason(reason.text)
        text = esc(sentence)
        if reason.uses_suggested_type:
            text += f" <i>({SUGGESTED_TYPE_NOTE})</i>"
        detail = [" · ".join(dict.fromkeys([reason.rule, *codes]))]
        if reason.facts:
            detail.append(f"Facts: {_facts_text(reason.facts)}")
        if reason.sources:
            detail.append(f"Source: {reason.source}")
        return text + f"<br/><font color='#555555' size='7'>{esc('. '.join(detail))}.</font>"

    def options(self) -> None:
        self.h1("Options per the source algorithm")
        opts = ordered_options(self.ev.options)  # ORDER-1
        rows: list[list[Any]] = [
            [
                self.cell("Option", True),
                self.cell("Status", True),
                self.cell("Basis: rule, reason, facts, source", True),
            ]
        ]
        extra: list[tuple[Any, ...]] = []
        for i, opt in enumerate(opts, start=1):
            label = opt.label or MODALITY_LABELS.get(opt.modality, opt.modality)
            basis = [self.cell(esc(self._status_line(opt)), True)]
            basis += [self.cell(self._reason(r)) for r in opt.reasons]
            if opt.flags:
                basis.append(self.cell("<i>Flags:</i> " + esc(", ".join(opt.flags))))
            if opt.evidence:
                # Figures with their context are in the Evidence section (a table row cannot split).
                basis.append(
                    self.cell("<i>Evidence:</i> " + esc(", ".join(opt.evidence)) + " (figures below)")
                )
            rows.append(
                [
                    self.cell(esc(label), True),
                    self.cell(
                        f"{esc(STATUS_SHORT.get(opt.status, opt.status))}<br/>"
                        f"<font color='#555555'>[{esc(opt.rule)}]</font><br/>"
                        f"<font color='#555555' size='7'>{esc(role_and_tier(opt))}</font>"
                    ),
                    basis,
                ]
            )
            extra.append(("BACKGROUND", (1, i), (1, i), STATUS_FILL.get(opt.status, colors.white)))
        w = self.width
        self.story.append(self.table(rows, [0.2 * w, 0.14 * w, 0.66 * w], zebra=False, extra=extra))

    def criteria(self) -> None:
        self.h1("Transplant criteria (review2023, Table 2)")
        sets = [self.ev.transplant_criteria.get(k) for k in ("milan", "enets", "unos")]
        present: list[CriteriaSet] = [cs for cs in sets if cs is not None]
        if not present:
            self.story.append(self.p("No transplant criteria evaluated."))
            return
        head = [
            self.cell(f"{esc(cs.name)}: {esc(VERDICT_LABELS.get(cs.verdict, cs.verdict))}", True)
            for cs in present
        ]
        body = []
        for cs in present:
            items: list[Any] = []
            for item in cs.items:
                line = (
                    f"<b>{esc(ITEM_MARK.get(item.result, item.result))}</b> [{esc(item.id)}] {esc(item.text)}"
                )
                if item.missing:
                    line += " <i>Missing: " + esc(", ".join(fact_label(f) for f in item.missing)) + "</i>"
                if item.note:
                    line += f" <font color='#555555'>{esc(item.note)}</font>"
                items.append(self.cell(line))
            body.append(items)
        width = self.width / len(present)
        verdict_fill = {
            "met": STATUS_FILL["recommended"],
            "not_met": STATUS_FILL["contraindicated"],
            "incomplete": STATUS_FILL["needs_information"],
        }
        extra = [
            ("BACKGROUND", (i, 0), (i, 0), verdict_fill.get(cs.verdict, HEAD_FILL))
            for i, cs in enumerate(present)
        ]
        self.story.append(self.table([head, body], [width] * len(present), zebra=False, extra=extra))
        if self.ev.eltr_factors:
            self.story.append(self.p("<b>ELTR poor-prognosis factors</b> (flags, not criteria):", self.s.h2))
            for flag in self.ev.eltr_factors:
                self.story.append(self._flag_par(flag.id, flag.text, flag.source))

    def _flag_par(self, ident: str, text: str, source: str) -> Paragraph:
        src = f" <font color='#555555'>Source: {esc(source)}.</font>" if source else ""
        return self.p(f"<b>[{esc(ident)}]</b> {esc(text)}{src}", self.s.bullet)

    def missing(self) -> None:
        self.h1("Missing facts (needs information)")
        if not self.ev.needs_information:
            self.story.append(self.p("None: every fact the rules read is recorded."))
            return
        self.story.append(self.p(esc(", ".join(fact_label(f) for f in self.ev.needs_information)) + "."))

    def flags(self) -> None:
        self.h1("Flags (grey zones and tumour-board prompts)")
        sourced, outside = split_flags(self.ev.flags)
        if not sourced:
            self.story.append(self.p("No flags raised."))
        for flag in sourced:
            scope = f" ({MODALITY_LABELS.get(flag.modality, flag.modality)})" if flag.modality else ""
            self.story.append(self._flag_par(flag.id + scope, flag.text, flag.source))
        if outside:
            # Not from the cited sources (AMB-64): a boxed group of its own, never among the flags.
            rows = [[self.cell(f"<b>{esc(OUTSIDE_SOURCES_HEADING)}</b>")]]
            for flag in outside:
                rows.append(
                    [
                        self.cell(
                            f"<i>{esc(flag.text)}</i> <font color='#555555'>[{esc(flag.id)}] "
                            f"Source: {esc(flag.source)}.</font>"
                        )
                    ]
                )
            box = self.table(
                rows,
                [self.width],
                header=False,
                zebra=False,
                extra=[
                    ("BACKGROUND", (0, 0), (-1, -1), OUTSIDE_FILL),
                    ("BOX", (0, 0), (-1, -1), 1.2, OUTSIDE_RULE),
                ],
            )
            self.story.append(Spacer(1, 2 * mm))
            self.story.append(box)

    def evidence(self) -> None:
        self.h1("Evidence figures (study context, not a prediction for this patient)")
        if not self.ev.evidence:
            self.story.append(self.p("No evidence figures attached to this evaluation."))
        # Each distinct caveat is printed once and referred to by letter from its figures.
        caveats: dict[str, str] = {}
        for entry in self.ev.evidence:
            caveat = str(entry.get("caveat") or "")
            if caveat and caveat not in caveats:
                caveats[caveat] = "abcdefghijklmnopqrstuvwxyz"[len(caveats) % 26]
        if caveats:
            self.story.append(
                self.p(
                    "<b>Caveats stated by the sources:</b> "
                    + " ".join(f"({letter}) {esc(text)}" for text, letter in caveats.items()),
                    self.s.small,
                )
            )
        for entry in self.ev.evidence:
            markup = _evidence_markup(entry)
            caveat = str(entry.get("caveat") or "")
            if caveat:
                markup += f" <i>Caveat ({caveats[caveat]}).</i>"
            self.story.append(self.p(markup, self.s.bullet))
        if self.ev.trials:
            self.story.append(
                self.p(
                    "<b>Ongoing trials</b> (review2023, Ongoing trials; status as of that "
                    "review's publication)",
                    self.s.h2,
                )
            )
            for trial in self.ev.trials:
                self.story.append(self.p(_evidence_markup(trial), self.s.bullet))

    def notes(self) -> None:
        if not self.case.notes.strip():
            return
        self.h1("Clinician notes")
        # One Paragraph per line (long lines in chunks), never one Paragraph for the whole note:
        # ReportLab re-wraps a paragraph each time it splits it across a page, which made the time
        # quadratic in the number of lines (a valid 50,000-line note never finished).
        line_style = self.s.cell.clone(
            "note_line", fontSize=self.s.body.fontSize, leading=self.s.body.leading
        )
        for block in self.case.notes.split("\n\n"):
            if not block.strip():
                continue
            for line in block.strip().splitlines():
                for start in range(0, max(len(line), 1), NOTE_CHUNK):
                    self.story.append(self.p(esc(line[start : start + NOTE_CHUNK]) or "&nbsp;", line_style))
            self.story.append(Spacer(1, self.s.body.spaceAfter or 4))

    def references(self) -> None:
        self.h1("References")
        keys = cited_keys(self.ev)
        for number, key in enumerate(keys, start=1):
            self.story.append(
                self.p(f"{number}. <b>{esc(key)}</b>: {esc(full_reference(key))}.", self.s.bullet)
            )
        if not keys:
            self.story.append(self.p("No source cited."))

    def closing(self) -> None:
        self.h1("Abbreviations")
        self.story.append(
            self.p("; ".join(f"<b>{esc(a)}</b> {esc(b)}" for a, b in ABBREVIATIONS) + ".", self.s.small)
        )
        self.story.append(Spacer(1, 3 * mm))
        self.story.append(
            self.p(
                f"Knowledge base: {esc(self.ev.knowledge_base)}. Generated by NELM Desktop {esc(__version__)} "
                f"on {esc(self.when.isoformat())}.",
                self.s.small,
            )
        )
        self.story.append(KeepTogether([self.p(esc(CLOSING_STATEMENT), self.s.closing)]))

    def build(self) -> list[Any]:
        self.header()
        build_synopsis(self)
        self.facts()
        self.treatment_history()
        self.liver()
        self.grade_and_type()
        self.options()
        self.criteria()
        self.missing()
        self.flags()
        self.evidence()
        self.notes()
        self.references()
        self.closing()
        return self.story


# Characters per note paragraph: a line longer than this (one never-ending line) is split.
NOTE_CHUNK = 2000


def _evidence_markup(entry: dict[str, Any]) -> str:
    """One evidence figure or trial: id (and name), text, source; tolerant of missing keys."""
    ident = " ".join(str(entry[k]) for k in ("id", "name") if entry.get(k))
    text = str(entry.get("text") or "")
    source = entry.get("source") or ""
    if isinstance(source, list):
        source = "; ".join(str(s) for s in source)
    parts = [f"<b>[{esc(ident)}]</b>" if ident else "", esc(text)]
    if source:
        parts.append(f"<font color='#555555'>Source: {esc(source)}.</font>")
    return " ".join(p for p in parts if p)


def build_summary(
    case: Case, evaluation: Evaluation, paper: str, settings: ReportSettings, when: date
) -> bytes:
    story = _Builder(case, evaluation, paper, settings, when).build()
    frame = PageFrame(footer_left=f"{TITLE}  ·  case {case.case_id}", demo=case.demo)
    return render(
        story,
        paper=paper,
        frame=frame,
        title=f"{TITLE}: case {case.case_id}",
        subject=f"summary; case {case.case_id}",
    )


def _checked_date(case: Case) -> str:
    """The resection month as recorded; a month that breaks the date rules (a file saved before them)
    is printed as written with the rule's words, never silently dropped or corrected."""
    from nelm_desktop.core.dates import today, year_month_problem

    problem = year_month_problem(case.primary_resection_date, today())
    return case.primary_resection_date + (f" (not a valid month: {problem})" if problem else "")
