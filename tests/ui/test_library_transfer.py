"""The window's import and export run off the GUI thread with progress and Cancel (issue #14 item 9,
issue #17), and cases the library cannot read are shown in its problem view (item 3)."""

from __future__ import annotations

import threading
import zipfile
from pathlib import Path
from typing import Any

from nelm_desktop.core.model import new_case
from nelm_desktop.core.store import CaseStore


def _library_zip(tmp_path: Path, count: int) -> Path:
    source = CaseStore(tmp_path / "source")
    for i in range(count):
        source.save(new_case(patient_label=f"T-{i}"))
    out = tmp_path / "lib.zip"
    source.export_library(out)
    return out


def test_window_import_runs_off_the_gui_thread_and_can_be_cancelled(
    make_window: Any, store: CaseStore, qtbot: Any, dialogs: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    archive = _library_zip(tmp_path, 6)
    window = make_window()
    threads: list[threading.Thread] = []
    real = store.import_case

    def watched(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        if len(threads) == 2:
            window.files.running.cancel()  # the user presses Cancel while the second case is placed
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "import_case", watched)
    window.files.import_path(archive)
    assert window.files.running is not None and window.files.running.dialog.labelText()
    with qtbot.waitSignal(window.files.finished, timeout=60_000):
        pass
    assert threads and all(t is not threading.main_thread() for t in threads)
    assert len(store.list_cases()) == 2  # what was imported stays; the rest was not read
    assert dialogs.titles() == ["Import"]
    assert "Cancelled" in dialogs.asked[0][1]


def test_window_export_runs_off_the_gui_thread_and_cancel_writes_nothing(
    make_window: Any, store: CaseStore, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    for i in range(3):
        store.save(new_case(patient_label=f"E-{i}"))
    window = make_window()
    out = tmp_path / "export.zip"
    window.files.export_to(out)
    with qtbot.waitSignal(window.files.finished, timeout=60_000):
        pass
    with zipfile.ZipFile(out) as archive:
        assert len([n for n in archive.namelist() if n.startswith("cases/")]) == 3

    real = store.read_case_bytes

    def cancel_on_first(case_id: str) -> Any:
        window.files.running.cancel()
        return real(case_id)

    monkeypatch.setattr(store, "read_case_bytes", cancel_on_first)
    again = tmp_path / "cancelled.zip"
    window.files.export_to(again)
    with qtbot.waitSignal(window.files.finished, timeout=60_000):
        pass
    assert not again.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert "cancelled" in window.statusBar().currentMessage()


def test_unreadable_case_files_show_in_the_problem_view(
    make_window: Any, store: CaseStore, data_root: Path
) -> None:
    store.save(new_case(patient_label="fine"))
    (data_root / "cases" / "odd.json").mkdir()
    window = make_window()
    assert window.library.quarantine_button.isVisibleTo(window.library)
    assert "1 damaged or unreadable" in window.library.quarantine_button.text()
    from nelm_desktop.ui.window.dialogs import QuarantineDialog

    dialog = QuarantineDialog(store, window.session, window)
    rows = [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())]
    assert rows == ["odd.json"]
    assert "not a regular file" in dialog.tree.topLevelItem(0).text(2)
