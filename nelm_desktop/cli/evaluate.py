"""`nelm-desktop evaluate CASE.json [--format text|json]` and `nelm-desktop schema`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from nelm_desktop.cli import EXIT_BAD_INPUT, EXIT_OK, print_problems, warn_linked_fact_conflicts
from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.evaluation import STATUS_ORDER, STATUS_SHORT, Evaluation
from nelm_desktop.core.facts import fact_label
from nelm_desktop.core.loading import CaseInputError, load_case_file
from nelm_desktop.core.model import Case
from nelm_desktop.core.presentation import (
    SUGGESTED_TYPE_NOTE,
    column_words,
    facts_text,
    ordered_options,
    role_and_tier,
    status_explanation,
)


def run_evaluate(case_path: str, output_format: str) -> int:
    try:
        # Strict, like storage and import: an unknown (e.g. misspelt) field is an error, never
        # silently dropped, or the misspelt fact would evaluate as unknown.
        case = load_case_file(Path(case_path))
    except CaseInputError as exc:
        print_problems([p if p.startswith(case_path) else f"{case_path}: {p}" for p in exc.problems])
        return EXIT_BAD_INPUT
    warn_linked_fact_conflicts(case_path, case)
    result = evaluate(case)
    if output_format == "json":
        json.dump(result.to_public_json(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_text(case, result))
    return EXIT_OK


def run_schema(kind: str = "case") -> int:
    from nelm_desktop.core.schemas import schema_for

    json.dump(schema_for(kind), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return EXIT_OK


def render_text(case: Case, ev: Evaluation) -> str:
    """A plain-text summary for the terminal: options per the source algorithm, with their basis."""
    lines = []
    title = case.patient_label or case.case_id
    lines.append(
        f"NELM Desktop: options per the source algorithm for {title}{' [DEMO]' if case.demo else ''}"
    )
    lines.append(f"Knowledge base: {ev.knowledge_base}")
    lines.append(f"Grade: {ev.grade.grade} ({ev.grade.rule}: {ev.grade.text})")
    ft = ev.frilling_type
    used = ft.used or "undetermined"
    how = (
        "suggested by the engine, not confirmed"
        if ft.used_is_suggestion
        else "confirmed"
        if ft.confirmed
        else ""
    )
    # Section 12 (rev 2): no column for NEC (Fig. 2 covers G1/G2); G3 shows it as applied by analogy.
    column = "" if ev.grade.grade == "NEC" else column_words(ev.grade.grade, ft.column) or "column ?"
    lines.append(f"Distribution type: {used}{f' ({how})' if how else ''}{f'; {column}' if column else ''}")
    lines.append("")
    # Section 12: every status line shows the rule id, the facts used with their values and the
    # locator; tier next to every status, role next to every offered option; ORDER-1 within each group
    # (as the options panel and the summary show them).
    options = ordered_options(ev.options)
    for status in STATUS_ORDER:
        group = [o for o in options if o.status == status]
        if not group:
            continue
        lines.append(f"{STATUS_SHORT[status]}: {status_explanation(status, ev.grade.grade)}")
        for opt in group:
            lines.append(f"  - {opt.label} [{opt.rule}] ({role_and_tier(opt)})")
            for reason in opt.reasons:
                suggested = f" ({SUGGESTED_TYPE_NOTE})" if reason.uses_suggested_type else ""
                lines.append(f"      {reason.text}{suggested} ({reason.source})")
                if reason.facts:
                    lines.append(f"        Facts: {facts_text(reason.facts)}")
            if opt.flags:
                lines.append(f"      Flags: {', '.join(opt.flags)}")
        lines.append("")
    lines.append("Transplant criteria (review2023, Table 2):")
    for cs in ev.transplant_criteria.values():
        lines.append(f"  {cs.name}: {cs.verdict}")
        for item in cs.items:
            lines.append(f"    [{item.result}] {item.id} {item.text}")
    if ev.needs_information:
        lines.append("")
        lines.append("Needs information: " + ", ".join(fact_label(f) for f in ev.needs_information))
    lines.append("")
    lines.append("Flags:")
    for flag in ev.flags:
        lines.append(f"  {flag.id}: {flag.text}{f' ({flag.source})' if flag.source else ''}")
    lines.append("")
    lines.append(
        "The clinician and the multidisciplinary tumour board decide. This summary lists options from the "
        "cited sources and does not replace clinical judgement."
    )
    return "\n".join(lines) + "\n"
