"""Delete, restore (from the trash, a backup, a damaged file) and import change only their own rows
in the window, as a save does (issue #17: each listed the whole library on the GUI thread, ~0.5 s at
50,000 cases, the window frozen): real files, real clicks, and a count of the listings."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from nelm_desktop.core.model import new_case
from nelm_desktop.core.store import CaseStore
from nelm_desktop.ui.library.versions_dialogs import VersionsDialog
from nelm_desktop.ui.widgets import questions

Btn = QMessageBox.StandardButton


def _started_window(qtbot: Any, store: CaseStore, data_root: Path) -> Any:
    """A window started as the app starts it (open_library), once everything after the listing ran."""
    from nelm_desktop.ui.window.main_window import MainWindow

    window = MainWindow(store, data_root, autosave_ms=60_000)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    done: list[bool] = []
    window.open_library(then=lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    return window


def _listings(store: CaseStore, monkeypatch: Any) -> list[str]:
    """The name of the thread of each listing of the library from here on."""
    threads: list[str] = []
    real = store.list_cases
    monkeypatch.setattr(
        store,
        "list_cases",
        lambda *a, **k: (threads.append(threading.current_thread().name), real(*a, **k))[1],
    )
    return threads


def _rows(window: Any) -> list[tuple[str, str]]:
    model = window.library.model
    return [(model.summary(r).case_id, model.summary(r).patient_label) for r in range(model.rowCount())]


def _click_row(qtbot: Any, window: Any, case_id: str) -> None:
    view, model = window.library.view, window.library.model
    rect = view.visualRect(model.index(model.row_of(case_id), 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _index_settled(qtbot: Any, store: CaseStore, window: Any) -> None:
    """The check after the change done and the index written: the window's rows as the files say."""
    qtbot.waitUntil(lambda: window._recheck is None, timeout=30_000)
    listed = CaseStore(store.root).cached_listing()
    assert listed is not None
    assert [(s.case_id, s.patient_label) for s in listed.summaries()] == _rows(window)


def test_restoring_an_earlier_version_changes_only_its_row(
    qtbot: Any, store: CaseStore, data_root: Path, monkeypatch: Any
) -> None:
    for i in range(8):
        store.save(new_case(patient_label=f"OTHER-{i}"))
    first = store.save(new_case(patient_label="FIRST VERSION"))
    store.save(first.case.model_copy(update={"patient_label": "SECOND VERSION"}), first.file_hash)
    case_id = first.case.case_id
    window = _started_window(qtbot, store, data_root)
    listings = _listings(store, monkeypatch)
    _click_row(qtbot, window, case_id)
    assert window.document.case.patient_label == "SECOND VERSION"
    before = _rows(window)
    dialog = VersionsDialog(window.session, window.document.case, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert window.document.case.patient_label == "FIRST VERSION"
    after = _rows(window)
    assert (case_id, "FIRST VERSION") in after
    assert [row for row in after if row[0] != case_id] == [row for row in before if row[0] != case_id]
    assert listings == []
    _index_settled(qtbot, store, window)
    assert listings == []


def test_a_damaged_file_set_aside_and_its_backup_restored_change_only_its_row(
    qtbot: Any, store: CaseStore, data_root: Path, dialogs: Any, monkeypatch: Any
) -> None:
    for i in range(8):
        store.save(new_case(patient_label=f"OTHER-{i}"))
    first = store.save(new_case(patient_label="WILL BREAK"))
    store.save(first.case.model_copy(update={"patient_label": "WILL BREAK, SAVED TWICE"}), first.file_hash)
    case_id = first.case.case_id
    window = _started_window(qtbot, store, data_root)
    others = [row for row in _rows(window) if row[0] != case_id]
    path = store.case_path(case_id)
    path.write_bytes(path.read_bytes()[:40])  # damaged behind the window
    listings = _listings(store, monkeypatch)
    seen: list[list[tuple[str, str]]] = []
    recorded = questions.run_box  # the dialogs fixture's

    def asked(*args: Any) -> Any:
        seen.append(_rows(window))  # while the question is open
        return recorded(*args)

    monkeypatch.setattr(questions, "run_box", asked)
    dialogs.answers = [Btn.Yes]
    _click_row(qtbot, window, case_id)
    assert dialogs.titles() == ["Damaged case file"]
    assert seen == [others]  # its row gone while its file is set aside
    assert window.document.case.patient_label == "WILL BREAK"  # the newest backup
    assert (case_id, "WILL BREAK") in _rows(window)
    assert [row for row in _rows(window) if row[0] != case_id] == others
    assert listings == []
    _index_settled(qtbot, store, window)
    assert listings == []


def test_importing_a_case_file_adds_its_row_without_listing_the_library(
    qtbot: Any, store: CaseStore, data_root: Path, monkeypatch: Any, tmp_path: Path
) -> None:
    for i in range(8):
        store.save(new_case(patient_label=f"OTHER-{i}"))
    source = CaseStore(tmp_path / "elsewhere").save(new_case(patient_label="IMPORTED"))
    window = _started_window(qtbot, store, data_root)
    before = _rows(window)
    listings = _listings(store, monkeypatch)
    window.files.import_path(source.path, open_single=True)
    assert window.document.case.patient_label == "IMPORTED"
    rows = _rows(window)
    assert [row for row in rows if row[1] != "IMPORTED"] == before
    assert [row[1] for row in rows].count("IMPORTED") == 1
    assert window.library.selected_case_id() == window.document.case.case_id
    assert listings == []
    _index_settled(qtbot, store, window)
    assert listings == []


def test_importing_a_large_library_lists_it_in_a_thread_never_on_the_gui_thread(
    qtbot: Any, store: CaseStore, data_root: Path, monkeypatch: Any, tmp_path: Path, dialogs: Any
) -> None:
    source = CaseStore(tmp_path / "elsewhere")
    for i in range(60):
        source.save(new_case(patient_label=f"ZIP-{i:02d}"))
    archive = tmp_path / "lib.zip"
    source.export_library(archive)
    store.save(new_case(patient_label="ALREADY HERE"))
    window = _started_window(qtbot, store, data_root)
    listings = _listings(store, monkeypatch)
    window.files.import_path(archive)
    qtbot.waitUntil(lambda: len(_rows(window)) == 61, timeout=60_000)
    assert dialogs.titles() == ["Import"]
    assert listings and "MainThread" not in listings
    _index_settled(qtbot, store, window)
    assert "MainThread" not in listings


def test_the_meetings_window_takes_its_case_labels_from_the_library_rows_without_listing_it(
    qtbot: Any, store: CaseStore, data_root: Path, monkeypatch: Any
) -> None:
    for i in range(6):
        store.save(new_case(patient_label=f"BOARD-{i}"))
    window = _started_window(qtbot, store, data_root)
    listings = _listings(store, monkeypatch)
    qtbot.keyClick(
        window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    board_window = window.board.board_window
    assert board_window is not None and board_window.isVisible()
    qtbot.mouseClick(board_window.new_button, Qt.MouseButton.LeftButton)  # a meeting: its case picker
    picker = board_window.case_picker
    offered = {picker.itemData(i): picker.itemText(i) for i in range(picker.count())}
    assert offered == {case_id: label for case_id, label in _rows(window)}
    assert listings == []


def test_reloading_the_version_another_window_saved_changes_only_its_row(
    qtbot: Any, store: CaseStore, data_root: Path, monkeypatch: Any
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    for i in range(6):
        store.save(new_case(patient_label=f"OTHER-{i}"))
    mine = store.save(new_case(patient_label="MINE"))
    case_id = mine.case.case_id
    window = _started_window(qtbot, store, data_root)
    _click_row(qtbot, window, case_id)
    others = [row for row in _rows(window) if row[0] != case_id]
    label = window.form.field_widget("patient_label")
    label.setFocus()
    qtbot.keyClick(label, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(label, "MINE, EDITED")
    CaseStore(store.root).save(mine.case.model_copy(update={"patient_label": "THEIRS"}), mine.file_hash)
    listings = _listings(store, monkeypatch)

    def reload_theirs() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, reload_theirs)
            return
        button = next(b for b in box.buttons() if b.text().replace("&", "") == "Reload theirs")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(20, reload_theirs)
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.document.case.patient_label == "THEIRS"
    assert (case_id, "THEIRS") in _rows(window)
    assert [row for row in _rows(window) if row[0] != case_id] == others
    assert listings == []
    _index_settled(qtbot, store, window)
    assert listings == []
