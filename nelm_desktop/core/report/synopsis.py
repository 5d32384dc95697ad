"""Page 1 of the clinical summary: the board's synopsis (issue #13, item 7).

Grade, distribution type, key facts, the recommended and option rows with one-line reasons,
contraindications, the top flags and the missing facts; the detail follows from page 2.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph

from nelm_desktop.core.distribution_types import TYPE_LABELS, type_words
from nelm_desktop.core.evaluation import MODALITY_LABELS, Evaluation, Flag, OptionResult
from nelm_desktop.core.facts import fact_label
from nelm_desktop.core.model import PRIMARY_SITE_LABELS, Case
from nelm_desktop.core.presentation import (
    NOT_LISTED_EXPLANATION,
    NOT_LISTED_LABEL,
    column_words,
    one_line_reason,
    ordered_options,
    role_tier_short,
    split_reason,
    status_explanation,
    status_label,
    tier_legend,
    value_words,
)
from nelm_desktop.core.report.common import esc
from nelm_desktop.core.report.styles import STATUS_FILL
from nelm_desktop.core.report.summary_writer import SummaryWriter

TOP_FLAGS = 5
TYPE_WORDS = {value: type_words(value) for value in TYPE_LABELS}  # one vocabulary (#11.5)


def grade_line(ev: Evaluation) -> str:
    g = ev.grade
    sentence, _ = split_reason(g.text)
    grade = "not determined" if g.grade == "undetermined" else g.grade
    line = f"<b>Grade: {esc(grade)}.</b> {esc(sentence)}"
    if g.missing:
        line += " Missing: " + esc(", ".join(fact_label(f) for f in g.missing)) + "."
    return line


def type_line(ev: Evaluation) -> str:
    ft = ev.frilling_type
    if ft.used is None:
        missing = ", ".join(fact_label(f) for f in ft.missing)
        return "<b>Distribution type:</b> not determined" + (
            f" (missing: {esc(missing)})." if missing else "."
        )
    words = TYPE_WORDS.get(ft.used, ft.used)
    how = "suggested by the engine, not confirmed" if ft.used_is_suggestion else "confirmed by the clinician"
    line = f"<b>Distribution type:</b> {esc(words)} ({how}; review2023, Fig. 1)"
    column = column_words(ev.grade.grade, ft.column)
    return line + (f"; {esc(column)}." if column else ".")


def key_facts(case: Case, ev: Evaluation) -> list[tuple[str, str]]:
    """The facts a board weighs first, in words."""
    site = PRIMARY_SITE_LABELS.get(case.primary_site, case.primary_site)
    if case.primary_site == "other" and case.primary_site_other:
        site = f"{site}: {case.primary_site_other}"
    primary = f"{site}; resected: {value_words('primary_resected', case.primary_resected)}"
    if case.primary_resected == "no":
        primary += f"; resectable: {value_words('primary_resectable', case.primary_resectable)}"
    lesions = ev.lesions
    if lesions.recorded:
        count = (
            str(lesions.lesion_count)
            if lesions.lesion_count is not None
            else f"≥ {lesions.lesion_count_lower_bound}"
        )
        largest = (
            f"{value_words('largest_cm', lesions.largest_cm)} cm"
            if lesions.largest_cm is not None
            else "size not recorded"
        )
        liver = f"{count} lesion(s) in {', '.join(lesions.segments) or 'segments not recorded'}; largest {largest}"
    else:
        liver = "lesions not recorded"
    syndrome = value_words("functional_syndrome", case.functional_syndrome)
    if case.functional_syndrome == "yes":
        syndrome += f" ({value_words('syndrome_type', case.syndrome_type)}; refractory: "
        syndrome += f"{value_words('syndrome_refractory', case.syndrome_refractory)})"
    ki67 = f"{value_words('ki67_pct', case.ki67_pct)} %" if case.ki67_pct is not None else "not recorded"
    if case.ki67_liver_pct is not None:
        ki67 += f"; liver biopsy {value_words('ki67_liver_pct', case.ki67_liver_pct)} %"
    return [
        ("Primary", primary),
        (
            "Pathology",
            f"{value_words('differentiation', case.differentiation)}; grade as reported: "
            f"{value_words('grade_reported', case.grade_reported)}",
        ),
        ("Ki-67", ki67),
        ("Liver", liver),
        ("Hepatic involvement / FLR", f"{_pct(case.hepatic_involvement_pct)} / {_pct(case.flr_pct)}"),
        ("Surgeon's assessment", value_words("surgeon_assessment", case.surgeon_assessment)),
        ("Extrahepatic disease", value_words("extrahepatic_disease", case.extrahepatic_disease)),
        (
            "Fit for major surgery / ECOG",
            f"{value_words('fit_for_major_surgery', case.fit_for_major_surgery)} / "
            f"{value_words('ecog', case.ecog)}",
        ),
        ("Functional syndrome", syndrome),
        (
            "SSTR imaging / FDG-PET",
            f"{value_words('sstr_imaging', case.sstr_imaging)} / {value_words('fdg_pet', case.fdg_pet)}",
        ),
    ]


def _pct(value: float | None) -> str:
    return "not recorded" if value is None else f"{value_words('pct', value)} %"


def top_flags(ev: Evaluation, limit: int = TOP_FLAGS) -> tuple[list[Flag], int]:
    """Flags on offered options first, then the case's own; the count left for the detail pages."""
    offered = {o.modality for o in ev.options if o.status in ("recommended", "option")}

    # Safety precautions outside the sources first (few, easily missed), then flags on offered
    # options, then the case's own.
    def rank(f: Flag) -> int:
        if f.outside_sources:
            return 0
        return 1 if f.modality in offered else 2 if f.modality is None else 3

    ranked = sorted(ev.flags, key=rank)
    return ranked[:limit], max(0, len(ranked) - limit)


def build_synopsis(b: SummaryWriter) -> None:
    ev, case, w = b.ev, b.case, b.width
    b.story.append(b.p("Board synopsis", b.s.h1))
    b.story.append(b.p(grade_line(ev)))
    b.story.append(b.p(type_line(ev)))

    rows = b.paired_rows(key_facts(case, ev))
    b.story.append(b.table(rows, [0.21 * w, 0.29 * w, 0.21 * w, 0.29 * w], header=False))

    opts = ordered_options(ev.options)
    shown = [o for o in opts if o.status in ("recommended", "option", "contraindicated")]
    head = [
        b.cell("Option", True),
        b.cell("Status", True),
        b.cell("Why (one line; detail from page 2)", True),
        b.cell("Role; evidence tier", True),
    ]
    table_rows: list[list[Any]] = [head]
    extra: list[tuple[Any, ...]] = []
    for i, opt in enumerate(shown, start=1):
        table_rows.append(
            [
                b.cell(esc(opt.label or MODALITY_LABELS.get(opt.modality, opt.modality)), True),
                b.cell(esc(status_label(opt.status)) + (" (conditional)" if opt.conditional else "")),
                b.cell(esc(one_line_reason(opt))),
                b.cell(esc(role_tier_short(opt))),
            ]
        )
        extra.append(("BACKGROUND", (1, i), (1, i), STATUS_FILL.get(opt.status, colors.white)))
    # Not keepWithNext: glued to a long table it would push the whole table off page 1.
    b.story.append(
        b.p("Options per the source algorithm", ParagraphStyle("h2_split", parent=b.s.h2, keepWithNext=0))
    )
    if len(table_rows) > 1:
        b.story.append(
            b.table(table_rows, [0.21 * w, 0.155 * w, 0.455 * w, 0.18 * w], zebra=False, extra=extra)
        )
        tiers = sorted({o.evidence_tier for o in shown})
        b.story.append(b.p(f"Evidence tier: {esc(tier_legend(tiers))}.", b.s.small))
    else:
        b.story.append(b.p("No option is recommended, listed or contraindicated yet."))
    if any(o.status == "recommended" for o in opts):
        b.story.append(
            b.p(f"Recommended = {esc(status_explanation('recommended', ev.grade.grade))}.", b.s.small)
        )

    needs = [o for o in opts if o.status == "needs_information"]
    if needs:
        items = "; ".join(
            f"{esc(_label(o))} ({esc(', '.join(fact_label(f) for f in o.missing))})" for o in needs
        )
        b.story.append(b.p(f"<b>Cannot be assessed yet:</b> {items}."))
    not_listed = [o for o in opts if o.status == "not_indicated"]
    if not_listed:
        names = ", ".join(esc(_label(o)) for o in not_listed)
        b.story.append(b.p(f"<b>{NOT_LISTED_LABEL}</b> ({esc(NOT_LISTED_EXPLANATION)}): {names}."))

    flags, more = top_flags(ev)
    if flags:
        b.story.append(b.p("Top flags", b.s.h2))
        for flag in flags:
            scope = f" ({esc(_label_of(flag.modality))})" if flag.modality else ""
            if flag.outside_sources:  # set apart: not from the cited sources (AMB-64)
                text = f"<i>{esc(flag.text)}</i>{scope} <b>[outside the cited sources]</b>"
                b.story.append(Paragraph(text, b.s.bullet, bulletText="⚠"))
            else:
                b.story.append(Paragraph(f"{esc(flag.text)}{scope}", b.s.bullet, bulletText="•"))
        if more:
            b.story.append(b.p(f"{more} more in the Flags section.", b.s.small))

    missing = ", ".join(fact_label(f) for f in ev.needs_information)
    b.story.append(b.p(f"<b>Missing facts:</b> {esc(missing) if missing else 'none'}."))
    b.story.append(PageBreak())


def _label(opt: OptionResult) -> str:
    return opt.label or MODALITY_LABELS.get(opt.modality, opt.modality)


def _label_of(modality: str) -> str:
    return MODALITY_LABELS.get(modality, modality)
