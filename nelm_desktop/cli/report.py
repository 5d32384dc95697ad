"""`nelm-desktop report CASE.json --kind summary|handout [--paper a4|letter] -o OUT.pdf`.

The same `core.report.write_report` the window's Save as PDF calls. Clinician, institution and
contact line come from the user's settings. Bad input exits 2 with one line per problem on stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from nelm_desktop.cli import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, print_problems, warn_linked_fact_conflicts
from nelm_desktop.cli.outputs import pdf_output_problem
from nelm_desktop.core.loading import CaseInputError, load_case_file
from nelm_desktop.core.settings import load_settings_checked
from nelm_desktop.core.store.errors import describe_write_error


def run_report(case_path: str, kind: str, paper: str, output: str) -> int:
    from nelm_desktop.core.report import PAPERS, REPORT_KINDS

    problems: list[str] = []
    if kind not in REPORT_KINDS:
        problems.append(f"--kind: must be one of {', '.join(REPORT_KINDS)} (got {kind!r})")
    if paper not in PAPERS:
        problems.append(f"--paper: must be one of {', '.join(PAPERS)} (got {paper!r})")
    out = Path(output).expanduser()
    problem = pdf_output_problem(out)
    if problem:
        problems.append(problem)
    case = None
    try:
        case = load_case_file(Path(case_path))
    except CaseInputError as exc:
        problems += [p if p.startswith(case_path) else f"{case_path}: {p}" for p in exc.problems]
    if problems or case is None:
        print_problems(problems)
        return EXIT_BAD_INPUT
    warn_linked_fact_conflicts(case_path, case)

    loaded = load_settings_checked()
    if loaded.problem:
        print_problems([loaded.problem])

    from nelm_desktop.core.engine import evaluate
    from nelm_desktop.core.report import ReportSettings, write_report
    from nelm_desktop.core.report.fonts import FontMissingError

    evaluation = evaluate(case)
    decision = _board_decision(case.case_id) if kind == "handout" else None
    try:
        write_report(
            case,
            evaluation,
            kind=kind,  # type: ignore[arg-type]  # checked against REPORT_KINDS above
            paper=paper,  # type: ignore[arg-type]
            path=out,
            settings=ReportSettings.from_settings(loaded.settings),
            decision=decision,
        )
    except FontMissingError as exc:
        print_problems([str(exc)])
        return EXIT_FAILURE
    except OSError as exc:
        print_problems([describe_write_error(out, exc)])
        return EXIT_FAILURE
    print(f"wrote {out}", file=sys.stderr)
    return EXIT_OK


def _board_decision(case_id: str) -> Any:
    """The board's latest signed-off decision for this case in the library, if it has one: the
    handout then says what the care team recommends first."""
    from nelm_desktop.cli.library import library_store
    from nelm_desktop.core.board.store import BoardStore
    from nelm_desktop.core.store import StoreError

    try:
        return BoardStore(library_store().root).latest_signed_decision(case_id)
    except StoreError:
        return None
