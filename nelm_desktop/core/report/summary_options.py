"""The summary's options: every option of the algorithm with its basis, the transplant criteria item by
item, the missing facts and the flags (sourced ones apart from precautions outside the sources)."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from nelm_desktop.core.evaluation import MODALITY_LABELS, STATUS_SHORT, CriteriaSet, OptionResult, Reason
from nelm_desktop.core.facts import fact_label
from nelm_desktop.core.presentation import (
    NOT_LISTED_LABEL,
    OUTSIDE_SOURCES_HEADING,
    ordered_options,
    role_and_tier,
    split_flags,
    split_reason,
    status_explanation,
)
from nelm_desktop.core.report.common import esc
from nelm_desktop.core.report.styles import HEAD_FILL, OUTSIDE_FILL, OUTSIDE_RULE, STATUS_FILL
from nelm_desktop.core.report.summary_writer import SUGGESTED_TYPE_NOTE, SummaryWriter, facts_text

VERDICT_LABELS = {"met": "Met", "not_met": "Not met", "incomplete": "Incomplete (facts missing)"}
ITEM_MARK = {"met": "✓ met", "not_met": "✗ not met", "unknown": "? unknown"}


def _status_line(doc: SummaryWriter, opt: OptionResult) -> str:
    if opt.status == "recommended":
        return status_explanation("recommended", doc.ev.grade.grade).capitalize() + "."
    if opt.status == "option":
        return "Listed alternative" + (" (conditional)." if opt.conditional else ".")
    if opt.status == "not_indicated":
        # Explained once per report (section 12, rev 2): the synopsis on page 1 says what it means.
        return f"{NOT_LISTED_LABEL}."
    if opt.status == "contraindicated":
        texts = "; ".join(r.text.rstrip(".") for r in opt.reasons[:1]) or "see the rule"
        return f"A stated contraindication is present: {texts}."
    missing = ", ".join(fact_label(f) for f in opt.missing) or "facts not recorded"
    return f"Cannot be assessed: {missing}."


def _reason(reason: Reason) -> str:
    # The clinical sentence first; rule ids, facts and sources second (issue #13, item 5).
    sentence, codes = split_reason(reason.text)
    text = esc(sentence)
    if reason.uses_suggested_type:
        text += f" <i>({SUGGESTED_TYPE_NOTE})</i>"
    detail = [" · ".join(dict.fromkeys([reason.rule, *codes]))]
    if reason.facts:
        detail.append(f"Facts: {facts_text(reason.facts)}")
    if reason.sources:
        detail.append(f"Source: {reason.source}")
    return text + f"<br/><font color='#555555' size='7'>{esc('. '.join(detail))}.</font>"


def options(doc: SummaryWriter) -> None:
    doc.h1("Options per the source algorithm")
    opts = ordered_options(doc.ev.options)  # ORDER-1
    rows: list[list[Any]] = [
        [
            doc.cell("Option", True),
            doc.cell("Status", True),
            doc.cell("Basis: rule, reason, facts, source", True),
        ]
    ]
    extra: list[tuple[Any, ...]] = []
    # The Evidence section prints the figures of the options in play (recommended, option, needs
    # information; `Evaluation.evidence`): a row names only figures that are printed below.
    printed = {str(entry.get("id")) for entry in doc.ev.evidence}
    for i, opt in enumerate(opts, start=1):
        label = opt.label or MODALITY_LABELS.get(opt.modality, opt.modality)
        basis = [doc.cell(esc(_status_line(doc, opt)), True)]
        basis += [doc.cell(_reason(r)) for r in opt.reasons]
        if opt.flags:
            basis.append(doc.cell("<i>Flags:</i> " + esc(", ".join(opt.flags))))
        below = [e for e in opt.evidence if e in printed]
        if below:
            # Figures with their context are in the Evidence section (a table row cannot split).
            basis.append(doc.cell("<i>Evidence:</i> " + esc(", ".join(below)) + " (figures below)"))
        rows.append(
            [
                doc.cell(esc(label), True),
                doc.cell(
                    f"{esc(STATUS_SHORT.get(opt.status, opt.status))}<br/>"
                    f"<font color='#555555'>[{esc(opt.rule)}]</font><br/>"
                    f"<font color='#555555' size='7'>{esc(role_and_tier(opt))}</font>"
                ),
                basis,
            ]
        )
        extra.append(("BACKGROUND", (1, i), (1, i), STATUS_FILL.get(opt.status, colors.white)))
    w = doc.width
    doc.story.append(doc.table(rows, [0.2 * w, 0.14 * w, 0.66 * w], zebra=False, extra=extra))


def criteria(doc: SummaryWriter) -> None:
    doc.h1("Transplant criteria (review2023, Table 2)")
    sets = [doc.ev.transplant_criteria.get(k) for k in ("milan", "enets", "unos")]
    present: list[CriteriaSet] = [cs for cs in sets if cs is not None]
    if not present:
        doc.story.append(doc.p("No transplant criteria evaluated."))
        return
    head = [
        doc.cell(f"{esc(cs.name)}: {esc(VERDICT_LABELS.get(cs.verdict, cs.verdict))}", True) for cs in present
    ]
    body = []
    for cs in present:
        items: list[Any] = []
        for item in cs.items:
            line = f"<b>{esc(ITEM_MARK.get(item.result, item.result))}</b> [{esc(item.id)}] {esc(item.text)}"
            if item.missing:
                line += " <i>Missing: " + esc(", ".join(fact_label(f) for f in item.missing)) + "</i>"
            if item.note:
                line += f" <font color='#555555'>{esc(item.note)}</font>"
            items.append(doc.cell(line))
        body.append(items)
    width = doc.width / len(present)
    verdict_fill = {
        "met": STATUS_FILL["recommended"],
        "not_met": STATUS_FILL["contraindicated"],
        "incomplete": STATUS_FILL["needs_information"],
    }
    extra = [
        ("BACKGROUND", (i, 0), (i, 0), verdict_fill.get(cs.verdict, HEAD_FILL))
        for i, cs in enumerate(present)
    ]
    doc.story.append(doc.table([head, body], [width] * len(present), zebra=False, extra=extra))
    if doc.ev.eltr_factors:
        doc.story.append(doc.p("<b>ELTR poor-prognosis factors</b> (flags, not criteria):", doc.s.h2))
        for flag in doc.ev.eltr_factors:
            doc.story.append(_flag_par(doc, flag.id, flag.text, flag.source))


def _flag_par(doc: SummaryWriter, ident: str, text: str, source: str) -> Paragraph:
    src = f" <font color='#555555'>Source: {esc(source)}.</font>" if source else ""
    return doc.p(f"<b>[{esc(ident)}]</b> {esc(text)}{src}", doc.s.bullet)


def missing(doc: SummaryWriter) -> None:
    doc.h1("Missing facts (needs information)")
    if not doc.ev.needs_information:
        doc.story.append(doc.p("None: every fact the rules read is recorded."))
        return
    doc.story.append(doc.p(esc(", ".join(fact_label(f) for f in doc.ev.needs_information)) + "."))


def flags(doc: SummaryWriter) -> None:
    doc.h1("Flags (grey zones and tumour-board prompts)")
    sourced, outside = split_flags(doc.ev.flags)
    if not sourced:
        doc.story.append(doc.p("No flags raised."))
    for flag in sourced:
        scope = f" ({MODALITY_LABELS.get(flag.modality, flag.modality)})" if flag.modality else ""
        doc.story.append(_flag_par(doc, flag.id + scope, flag.text, flag.source))
    if outside:
        # Not from the cited sources (AMB-64): a boxed group of its own, never among the flags.
        rows = [[doc.cell(f"<b>{esc(OUTSIDE_SOURCES_HEADING)}</b>")]]
        for flag in outside:
            rows.append(
                [
                    doc.cell(
                        f"<i>{esc(flag.text)}</i> <font color='#555555'>[{esc(flag.id)}] "
                        f"Source: {esc(flag.source)}.</font>"
                    )
                ]
            )
        box = doc.table(
            rows,
            [doc.width],
            header=False,
            zebra=False,
            extra=[
                ("BACKGROUND", (0, 0), (-1, -1), OUTSIDE_FILL),
                ("BOX", (0, 0), (-1, -1), 1.2, OUTSIDE_RULE),
            ],
        )
        doc.story.append(Spacer(1, 2 * mm))
        doc.story.append(box)
