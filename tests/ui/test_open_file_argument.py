"""`nelm-desktop FILE`, as the file manager runs it (`Exec=nelm-desktop %f`, Windows "%1", macOS
document types): a case opens in the window, a library zip is offered for import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from nelm_desktop.cli import build_parser, command_names, main, split_file_argument
from nelm_desktop.core import paths
from nelm_desktop.core.model import new_case
from nelm_desktop.core.store import CaseStore
from nelm_desktop.ui.window.app import open_command_line_file

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = paths.resource("example-case.json")
Btn = QMessageBox.StandardButton

# Runs the real entry point with a case file; a timer waits for the window, reports what it shows.
_PROBE = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from nelm_desktop.cli import main
app = QApplication(sys.argv[:1])
seen = {"tries": 0}
def probe():
    seen["tries"] += 1
    wins = [w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow" and w.isVisible()]
    case = wins[0].document.case if wins and getattr(wins[0], "built", False) else None
    if case is None and seen["tries"] < 200:
        QTimer.singleShot(50, probe)
        return
    print("RESULT " + json.dumps({"case_id": case.case_id if case else None,
                                   "title": wins[0].windowTitle() if wins else None,
                                   "library": len(wins[0].store.list_cases()) if case else 0}))
    for w in app.topLevelWidgets():
        w.close()
    app.quit()
QTimer.singleShot(0, probe)
raise SystemExit(main(sys.argv[1:]))
"""


def test_a_case_file_on_the_command_line_opens_in_the_window(tmp_path: Path) -> None:
    case_file = tmp_path / "from the referring hospital.json"
    case_file.write_bytes(EXAMPLE.read_bytes())
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "QT_QPA_PLATFORM": "offscreen",
        "NELM_DESKTOP_DATA_DIR": str(tmp_path / "data"),
        "NELM_DESKTOP_CONFIG_DIR": str(tmp_path / "config"),
    }
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, str(case_file)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("RESULT "))
    shown = json.loads(line.removeprefix("RESULT "))
    expected_id = json.loads(EXAMPLE.read_text(encoding="utf-8"))["case_id"]
    assert shown["case_id"] == expected_id
    assert shown["library"] == 1  # imported into the library, so an edit is saved there
    assert "Example" in shown["title"]


def test_a_library_zip_is_offered_for_import(
    make_window: Any, dialogs: Any, tmp_path: Path, qtbot: Any
) -> None:
    other = CaseStore(tmp_path / "other")
    for label in ("A-1", "A-2"):
        other.save(new_case(patient_label=label))
    exported = tmp_path / "board library.nelmlib"  # our extension; the content decides
    other.export_library(exported)
    window = make_window()

    dialogs.answers = [Btn.No]
    open_command_line_file(window, exported)
    assert window.library.model.total_count() == 0  # declined: nothing imported
    dialogs.answers = [Btn.Yes, Btn.Ok]
    open_command_line_file(window, exported)
    qtbot.waitUntil(lambda: window.files.running is None, timeout=60_000)  # imported off the GUI thread
    assert window.library.model.total_count() == 2
    assert dialogs.titles()[:2] == ["Import a library", "Import a library"]


def test_a_case_already_in_the_library_opens_as_it_is(
    make_window: Any, store: CaseStore, tmp_path: Path
) -> None:
    case = store.save(new_case(patient_label="already here")).case
    copy = tmp_path / "case.json"
    copy.write_text(case.model_dump_json(), encoding="utf-8")
    window = make_window()
    open_command_line_file(window, copy)
    assert window.document.case is not None and window.document.case.case_id == case.case_id
    assert len(store.list_cases()) == 1


@pytest.mark.parametrize(
    ("argv", "rest", "file_arg"),
    [
        (["case.json"], [], "case.json"),
        (["--demo", "case.json"], ["--demo"], "case.json"),
        (["evaluate", "case.json"], ["evaluate", "case.json"], None),
        (["import", "lib.zip"], ["import", "lib.zip"], None),
        (["--", "evaluate"], [], "evaluate"),  # a file named like a command
        (["--self-test"], ["--self-test"], None),
        ([], [], None),
    ],
)
def test_the_file_argument_is_told_apart_from_commands(
    argv: list[str], rest: list[str], file_arg: str | None
) -> None:
    assert split_file_argument(argv, command_names(build_parser())) == (rest, file_arg)


def test_a_missing_file_is_one_line_and_exit_2(tmp_path: Path, capsys: Any) -> None:
    assert main([str(tmp_path / "nope.json")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no such file" in err[0]
    assert main([str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err
    assert main(["--self-test", str(EXAMPLE)]) == 2
    assert "not with a command" in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="POSIX FIFOs and links")
def test_a_fifo_or_a_dangling_link_to_open_is_named_as_what_it_is(tmp_path: Path, capsys: Any) -> None:
    """Both were "no such file", although the user can see the name in the folder."""
    import os

    fifo = tmp_path / "case.json"
    os.mkfifo(fifo)
    assert main([str(fifo)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "is not a regular file (a pipe, device or socket)" in err[0]
    link = tmp_path / "gone.json"
    link.symlink_to(tmp_path / "moved-away.json")
    assert main([str(link)]) == 2
    assert "is a link to a file that does not exist" in capsys.readouterr().err
