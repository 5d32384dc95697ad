"""Files around the window: demo seeding, the single-instance lock, recovery drafts, a save conflict
with another window, settings, and printing (PDF built off the GUI thread, preview, printer, file)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from nelm_desktop.core.model import new_case
from nelm_desktop.core.store import CaseStore
from nelm_desktop.ui.case.recovery import RecoveryFiles
from nelm_desktop.ui.printing.report_dialogs import ReportChoice
from nelm_desktop.ui.window.app import acquire_instance_lock, demo_case_files, seed_demo_cases

Btn = QMessageBox.StandardButton


def test_demo_cases_seed_a_library_all_marked_demo(store: CaseStore) -> None:
    files = demo_case_files()
    assert files, "resources/demo/*.json are bundled"
    assert seed_demo_cases(store) == len(files)
    listed = store.list_cases()
    assert len(listed) == len(files)
    assert all(s.demo for s in listed)
    assert seed_demo_cases(store) == 0  # a second seeding finds duplicates


def test_empty_library_offers_the_demo_cases_once(make_window: Any, dialogs: Any) -> None:
    from nelm_desktop.ui.window.app import FIRST_DEMO_CASE, offer_demo_cases

    window = make_window()
    dialogs.answers = [Btn.Yes]
    assert offer_demo_cases(window)
    assert window.library.model.total_count() == len(demo_case_files())
    # The showcase case opens, so the new user sees the panel filled in.
    assert window.document.case is not None and window.document.case.demo
    assert window.document.case.case_id == FIRST_DEMO_CASE
    assert not offer_demo_cases(window)  # asked once only
    assert dialogs.titles() == ["Welcome to NELM Desktop"]


def test_second_instance_on_the_same_library_is_detected(tmp_path: Path) -> None:
    first = acquire_instance_lock(tmp_path)
    assert first is not None
    try:
        assert acquire_instance_lock(tmp_path) is None
    finally:
        first.release()
    again = acquire_instance_lock(tmp_path)
    assert again is not None
    again.release()


def test_drafts_are_atomic_listed_and_discarded(tmp_path: Path) -> None:
    drafts = RecoveryFiles(tmp_path)
    case = new_case(patient_label="draft", ki67_pct=12)
    path = drafts.write(case, "abc")
    assert json.loads(path.read_text())["base_hash"] == "abc"
    (drafts.folder / "broken.json").write_text("{not json")
    later = RecoveryFiles(tmp_path)  # the next start
    assert later.pending() == []  # the writing window is alive: its draft is not offered
    drafts.release()  # the writing window is gone (closed without discarding, or killed)
    pending = later.pending()
    assert [d.case for d in pending] == [case]
    assert not list(drafts.folder.glob("*.tmp"))
    later.discard_draft(pending[0])
    assert later.pending() == []


def test_conflict_with_another_window_keeps_mine_as_a_copy(
    window: Any, store: CaseStore, data_root: Path, monkeypatch: Any
) -> None:
    case_id = store.save(new_case(patient_label="shared")).case.case_id
    window.session.open_case(case_id)
    window.form.field_widget("differentiation").button_for("well").click()
    # Another window saves the same case meanwhile.
    other = CaseStore(data_root)
    theirs = other.load(case_id)
    changed = theirs.case.model_copy(deep=True)
    changed.notes = "their edit"
    other.save(changed, expected_hash=theirs.file_hash)

    def click(box: QMessageBox) -> int:
        box._choice = next(b for b in box.buttons() if b.text() == "Keep mine as a copy")
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: box._choice)
    assert window.session.save()
    mine = window.document.case
    assert mine.case_id != case_id and mine.differentiation == "well"
    assert store.load(case_id).case.notes == "their edit"  # theirs untouched
    assert not window.document.is_dirty


def test_settings_dialog_saves_through_the_settings_model(qtbot: Any) -> None:
    from nelm_desktop.core.settings import load_settings
    from nelm_desktop.ui.window.settings_dialog import SettingsDialog

    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.clinician, "Dr ")
    dialog.clinician.insert("Łukasz Müller")  # QTest cannot type characters outside Latin-1
    qtbot.keyClicks(dialog.contact, "NET clinic, 0123 456")
    dialog.kind.setCurrentIndex(dialog.kind.findData("handout"))
    dialog.institution.setText("x" * 300)  # too long: rejected, dialog stays open
    dialog._save()
    assert dialog.error.isVisibleTo(dialog) and "200" in dialog.error.text()
    assert load_settings().clinician_name == ""
    dialog.institution.setText("University Hospital")
    dialog._save()
    saved = load_settings()
    assert (saved.clinician_name, saved.institution, saved.default_report_kind) == (
        "Dr Łukasz Müller",
        "University Hospital",
        "handout",
    )


@pytest.fixture
def printing_window(window: Any, store: CaseStore) -> Any:
    from nelm_desktop.core.settings import Settings, save_settings

    save_settings(Settings(clinician_name="Dr Ada Test", institution="Test Hospital"))
    seed_demo_cases(store)
    window.refresh_library()
    window.session.open_case(store.list_cases()[0].case_id)
    from nelm_desktop.ui.window.actions import _printing

    return window, _printing(window)


def test_save_as_pdf_builds_off_the_gui_thread_and_names_the_file(
    printing_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    _window, printing = printing_window
    choice = ReportChoice(kind="handout", paper="a4", modalities=["ssa"])
    name = printing.suggested_name(choice)
    assert name.startswith("DEMO_") and "_handout_" in name and name.endswith(".pdf")
    target = tmp_path / name
    with qtbot.waitSignal(printing.pdfReady, timeout=30_000):
        printing.save_pdf(choice, target)
    assert target.read_bytes().startswith(b"%PDF")
    if os.name == "posix":  # the patient's handout: private, as the CLI writes it (core.report.save_pdf)
        assert target.stat().st_mode & 0o777 == 0o600


def test_reports_build_in_another_process_from_a_snapshot_of_the_case(
    printing_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    import os

    from pypdf import PdfReader

    window, printing = printing_window
    assert window.document.apply("patient_label", "SNAPSHOT-BEFORE") is None
    target = tmp_path / "snapshot.pdf"
    with qtbot.waitSignal(printing.pdfReady, timeout=60_000):
        printing.save_pdf(ReportChoice(kind="summary"), target)
        # An edit right after asking: the report shows the case as it was when asked for.
        assert window.document.apply("patient_label", "SNAPSHOT-AFTER") is None
    assert printing.last_worker_pid is not None and printing.last_worker_pid != os.getpid()
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "SNAPSHOT-BEFORE" in text and "SNAPSHOT-AFTER" not in text
    first_worker = printing.last_worker_pid
    with qtbot.waitSignal(printing.pdfReady, timeout=60_000):
        printing.save_pdf(ReportChoice(kind="handout"), tmp_path / "second.pdf")
    assert printing.last_worker_pid == first_worker  # the warm worker builds the next report too


def test_a_report_process_that_dies_is_reported_and_replaced(
    printing_window: Any, qtbot: Any, tmp_path: Path, dialogs: Any
) -> None:
    import os
    import signal

    _window, printing = printing_window
    with qtbot.waitSignal(printing.pdfReady, timeout=60_000):
        printing.save_pdf(ReportChoice(kind="summary"), tmp_path / "one.pdf")
    os.kill(printing.last_worker_pid, signal.SIGKILL)  # a crash of the report process
    printing.save_pdf(ReportChoice(kind="summary"), tmp_path / "two.pdf")
    qtbot.waitUntil(lambda: (tmp_path / "two.pdf").exists() or bool(dialogs.asked), timeout=60_000)
    if dialogs.asked:  # the dead worker took this job with it: said so, and the next one works
        assert dialogs.titles() == ["Report not created"]
        with qtbot.waitSignal(printing.pdfReady, timeout=60_000):
            printing.save_pdf(ReportChoice(kind="summary"), tmp_path / "two.pdf")
    assert (tmp_path / "two.pdf").read_bytes().startswith(b"%PDF")


_ORPHAN_PROBE = """
import os, signal
from nelm_desktop.ui.printing.report_process import ReportProcess, _ready
process = ReportProcess()
print(process._pool().submit(_ready).result(timeout=120), flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # the app crashes with its report worker running
"""


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting for a parent (an orphan's new parent may never reap it)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")
def test_the_report_process_ends_when_the_app_is_killed(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    out = tmp_path / "worker_pid.txt"
    with out.open("w") as stdout:  # a file, not a pipe: a surviving worker would hold a pipe open
        app = subprocess.run([sys.executable, "-c", _ORPHAN_PROBE], stdout=stdout, timeout=180, check=False)
    assert app.returncode == -9
    worker = int(out.read_text().split()[0])
    deadline = time.monotonic() + 60  # a liveness bound, not a speed target
    while _running(worker) and time.monotonic() < deadline:
        time.sleep(0.2)
    alive = _running(worker)
    if alive:
        os.kill(worker, 9)  # do not leave it behind when the test fails
    assert not alive, "the report worker outlived the app"


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="POSIX scheduling priorities")
def test_the_report_process_yields_the_cpu_to_the_ui(qtbot: Any) -> None:
    from nelm_desktop.ui.printing.report_process import WORKER_NICENESS, ReportProcess, _ready

    own = os.getpriority(os.PRIO_PROCESS, 0)
    if own + WORKER_NICENESS > 19:
        pytest.skip("this process already runs at the lowest priority")
    process = ReportProcess()
    try:
        worker = process._pool().submit(_ready).result(timeout=120)
        assert worker != os.getpid()
        assert os.getpriority(os.PRIO_PROCESS, worker) == own + WORKER_NICENESS
    finally:
        process.shutdown()


def test_preview_shows_the_pdf_and_prints_every_page(
    printing_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    from PySide6.QtPrintSupport import QPrinter

    from nelm_desktop.ui.printing.pdf_io import print_pdf

    _window, printing = printing_window
    with qtbot.waitSignal(printing.pdfReady, timeout=30_000) as blocker:
        printing.preview(ReportChoice(kind="summary"))
    qtbot.waitUntil(lambda: bool(printing.previews))
    preview = printing.previews[0]
    pages = preview.document.pageCount()
    assert pages >= 1
    assert preview.view.document() is preview.document
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert print_pdf(blocker.args[0], printer) == pages
    assert out.read_bytes().startswith(b"%PDF")
    preview.close()


def test_first_print_asks_for_clinician_and_institution_when_unset(
    printing_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from nelm_desktop.core.report import ReportSettings
    from nelm_desktop.core.settings import Settings, load_settings, save_settings
    from nelm_desktop.ui.printing.identity_dialog import IdentityDialog

    _window, printing = printing_window
    save_settings(Settings())  # nothing set yet
    seen: list[IdentityDialog] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, IdentityDialog)
        seen.append(dialog)
        qtbot.keyClicks(dialog.clinician, "Dr Grace Hopper")
        qtbot.keyClicks(dialog.institution, "Harbour Hospital")
        qtbot.keyClicks(dialog.contact, "NET nurse 0123 456")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)
    target = tmp_path / "handout.pdf"
    with qtbot.waitSignal(printing.pdfReady, timeout=30_000) as blocker:
        printing.save_pdf(ReportChoice(kind="handout", paper="a4", modalities=["ssa"]), target)
    assert seen, "the dialog was shown before the first print"
    stored = load_settings()
    assert (stored.clinician_name, stored.institution, stored.contact_line) == (
        "Dr Grace Hopper",
        "Harbour Hospital",
        "NET nurse 0123 456",
    )
    assert ReportSettings.load().institution == "Harbour Hospital"
    from tests.report.report_helpers import page_texts

    text = " ".join(" ".join(page_texts(blocker.args[0])).split())
    assert "Your doctor: Dr Grace Hopper. Hospital: Harbour Hospital." in text
    # set now: the next print does not ask again
    with qtbot.waitSignal(printing.pdfReady, timeout=30_000):
        printing.save_pdf(ReportChoice(kind="summary"), tmp_path / "summary.pdf")
    assert len(seen) == 1


def test_cancelling_the_identity_prompt_prints_nothing(
    printing_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from nelm_desktop.core.settings import Settings, save_settings

    _window, printing = printing_window
    save_settings(Settings(clinician_name="Dr Only Name"))  # institution unset: still asked

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        dialog.reject()

    QTimer.singleShot(0, cancel)
    target = tmp_path / "never.pdf"
    printing.save_pdf(ReportChoice(kind="summary"), target)
    qtbot.wait(200)
    assert not target.exists() and not printing._jobs
