"""The summary's closing sections: evidence figures and trials, the clinician's notes, references,
abbreviations and the closing statement."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from nelm_desktop import __version__
from nelm_desktop.core.presentation import cited_keys, full_reference
from nelm_desktop.core.report import CLOSING_STATEMENT
from nelm_desktop.core.report.common import esc
from nelm_desktop.core.report.summary_writer import SummaryWriter

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

# Characters per note paragraph: a line longer than this (one never-ending line) is split.
NOTE_CHUNK = 2000


def evidence(doc: SummaryWriter) -> None:
    doc.h1("Evidence figures (study context, not a prediction for this patient)")
    if not doc.ev.evidence:
        doc.story.append(doc.p("No evidence figures attached to this evaluation."))
    # Each distinct caveat is printed once and referred to by letter from its figures.
    caveats: dict[str, str] = {}
    for entry in doc.ev.evidence:
        caveat = str(entry.get("caveat") or "")
        if caveat and caveat not in caveats:
            caveats[caveat] = "abcdefghijklmnopqrstuvwxyz"[len(caveats) % 26]
    if caveats:
        doc.story.append(
            doc.p(
                "<b>Caveats stated by the sources:</b> "
                + " ".join(f"({letter}) {esc(text)}" for text, letter in caveats.items()),
                doc.s.small,
            )
        )
    for entry in doc.ev.evidence:
        markup = evidence_markup(entry)
        caveat = str(entry.get("caveat") or "")
        if caveat:
            markup += f" <i>Caveat ({caveats[caveat]}).</i>"
        doc.story.append(doc.p(markup, doc.s.bullet))
    if doc.ev.trials:
        doc.story.append(
            doc.p(
                "<b>Ongoing trials</b> (review2023, Ongoing trials; status as of that review's publication)",
                doc.s.h2,
            )
        )
        for trial in doc.ev.trials:
            doc.story.append(doc.p(evidence_markup(trial), doc.s.bullet))


def notes(doc: SummaryWriter) -> None:
    if not doc.case.notes.strip():
        return
    doc.h1("Clinician notes")
    # One Paragraph per line (long lines in chunks), never one Paragraph for the whole note:
    # ReportLab re-wraps a paragraph each time it splits it across a page, which made the time
    # quadratic in the number of lines (a valid 50,000-line note never finished).
    line_style = doc.s.cell.clone("note_line", fontSize=doc.s.body.fontSize, leading=doc.s.body.leading)
    for block in doc.case.notes.split("\n\n"):
        if not block.strip():
            continue
        for line in block.strip().splitlines():
            for start in range(0, max(len(line), 1), NOTE_CHUNK):
                doc.story.append(doc.p(esc(line[start : start + NOTE_CHUNK]) or "&nbsp;", line_style))
        doc.story.append(Spacer(1, doc.s.body.spaceAfter or 4))


def references(doc: SummaryWriter) -> None:
    doc.h1("References")
    keys = cited_keys(doc.ev)
    for number, key in enumerate(keys, start=1):
        doc.story.append(doc.p(f"{number}. <b>{esc(key)}</b>: {esc(full_reference(key))}.", doc.s.bullet))
    if not keys:
        doc.story.append(doc.p("No source cited."))


def closing(doc: SummaryWriter) -> None:
    doc.h1("Abbreviations")
    doc.story.append(
        doc.p("; ".join(f"<b>{esc(a)}</b> {esc(b)}" for a, b in ABBREVIATIONS) + ".", doc.s.small)
    )
    doc.story.append(Spacer(1, 3 * mm))
    doc.story.append(
        doc.p(
            f"Knowledge base: {esc(doc.ev.knowledge_base)}. Generated by NELM Desktop {esc(__version__)} "
            f"on {esc(doc.when.isoformat())}.",
            doc.s.small,
        )
    )
    doc.story.append(KeepTogether([doc.p(esc(CLOSING_STATEMENT), doc.s.closing)]))


def evidence_markup(entry: dict[str, Any]) -> str:
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
