"""`nelm-desktop import SOURCE` and `nelm-desktop export -o OUT.zip`: thin shells over the case store.

Exit codes: 0 done; 2 bad input (nothing usable, or some cases skipped with a problem); 1 an export
that could not include every case (the zip is written, partial, and every missing case is named), an
import the machine stopped (a full disk: what came in is complete, the rest is not), or a library
folder that cannot be used (a file in its place), for both commands.
"""

from __future__ import annotations

from pathlib import Path

from nelm_desktop.cli import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, print_problems
from nelm_desktop.core.settings import effective_data_dir, library_folder_problem, load_settings
from nelm_desktop.core.store import CaseStore, StoreError, WriteRefusedError


def library_store() -> CaseStore:
    """The library the app uses: NELM_DESKTOP_DATA_DIR, else the folder set in Settings, else the
    platform default (the same rule as the window, so export never reads an empty default folder)."""
    settings = load_settings()
    problem = library_folder_problem(settings)
    if problem:
        raise StoreError(problem)
    return CaseStore(effective_data_dir(settings))


def run_import(source: str) -> int:
    """Import a library zip or one case JSON into the data folder; print a short report."""
    path = Path(source)
    if not path.exists():
        print_problems([f"{source}: no such file"])
        return EXIT_BAD_INPUT
    try:
        store = library_store()
    except StoreError as exc:  # the library folder itself (a file, not a folder): as export, exit 1
        print_problems([str(exc)])
        return EXIT_FAILURE
    try:
        report = store.import_path(path)
    except StoreError as exc:
        print_problems([str(exc)])
        return EXIT_FAILURE if isinstance(exc, WriteRefusedError) else EXIT_BAD_INPUT
    for line in report.lines():
        print(line)
    print(f"Library: {store.root}")
    print_problems(report.problems)
    if report.stopped:  # the machine refused (a full disk): not the input's fault
        print_problems([f"import stopped: {report.stopped}"])
        return EXIT_FAILURE
    return EXIT_BAD_INPUT if report.problems else EXIT_OK


def run_export(output: str) -> int:
    """Export the whole library as a zip with a manifest."""
    path = Path(output)
    if not path.parent.is_dir():
        print_problems([f"{path.parent}: no such folder to export into"])
        return EXIT_BAD_INPUT
    if path.is_dir():
        print_problems([f"{output}: is a folder; give a file name such as library.zip"])
        return EXIT_BAD_INPUT
    try:
        store = library_store()
        report = store.export_library(path)
    except StoreError as exc:
        print_problems([str(exc)])
        return EXIT_FAILURE
    for line in report.lines():
        print(line)
    print(f"Library: {store.root}")
    if report.problems:
        print_problems(report.problems)
        print_problems([f"export incomplete: {len(report.problems)} case(s) are not in {path}"])
        return EXIT_FAILURE
    return EXIT_OK
