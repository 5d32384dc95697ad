"""The library listing attacked as a hostile user and file system would (index format 3: the start
shows the index's head, the rest is read after; delete / restore / import change their own rows):
real files, a real second process, real keys and clicks. Once settled, the list is the files."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from nelm_desktop.core.model import new_case
from nelm_desktop.core.store import CaseStore, index_format
from nelm_desktop.ui.library.library_model import CASE_ID_ROLE
from tests.ui.test_library_panel import _library_of, _window_at_its_first_rows

Btn = QMessageBox.StandardButton


def _rows(window: Any) -> list[str]:
    model = window.library.model
    return [model.summary(r).case_id for r in range(model.rowCount())]


def _files(data_root: Path) -> list[str]:
    return [s.case_id for s in CaseStore(data_root).list_cases()]


def _settled(qtbot: Any, window: Any) -> None:
    qtbot.waitUntil(lambda: window._loader is None and window._recheck is None, timeout=60_000)
    qtbot.wait(50)
    qtbot.waitUntil(lambda: window._loader is None and window._recheck is None, timeout=60_000)


def _second_process(data_root: Path, code: str) -> None:
    env = dict(os.environ, NELM_DESKTOP_DATA_DIR=str(data_root))
    script = "from nelm_desktop.core.store import CaseStore\nfrom nelm_desktop.core.model import new_case\n"
    script += "store = CaseStore()\n" + textwrap.dedent(code)
    subprocess.run([sys.executable, "-c", script], env=env, check=True, cwd=Path(__file__).parents[2])


def test_another_process_deletes_and_saves_while_the_head_is_shown(
    qtbot: Any, store: Any, data_root: Path, monkeypatch: Any
) -> None:
    monkeypatch.setattr(index_format, "HEAD_ROWS", 20)
    listed = _library_of(store, 130)

    def at_first_rows(window: Any) -> None:
        _second_process(
            data_root,
            f"""
            store.delete({listed[100]!r})
            store.delete({listed[3]!r})
            store.save(new_case(patient_label="FROM THE OTHER"))
            """,
        )

    window = _window_at_its_first_rows(qtbot, store, data_root, at_first_rows)
    _settled(qtbot, window)
    assert _rows(window) == _files(data_root)
    assert window.library.count_label.text() == "129 cases"


def test_deleting_the_selected_case_while_the_head_is_shown(
    qtbot: Any, store: Any, data_root: Path, monkeypatch: Any, dialogs: Any
) -> None:
    monkeypatch.setattr(index_format, "HEAD_ROWS", 20)
    listed = _library_of(store, 130)

    def at_first_rows(window: Any) -> None:
        view, model = window.library.view, window.library.model
        rect = view.visualRect(model.index(3, 0))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        dialogs.answers = [Btn.Yes]
        qtbot.mouseClick(window.library.delete_button, Qt.MouseButton.LeftButton)

    window = _window_at_its_first_rows(qtbot, store, data_root, at_first_rows)
    _settled(qtbot, window)
    assert listed[3] not in _rows(window)
    assert _rows(window) == _files(data_root)
    assert window.library.count_label.text() == "129 cases"
    selected = window.library.selected_case_id()
    assert selected is None or selected in _files(data_root)


def test_page_down_and_end_then_delete_while_the_head_is_shown(
    qtbot: Any, store: Any, data_root: Path, monkeypatch: Any, dialogs: Any
) -> None:
    monkeypatch.setattr(index_format, "HEAD_ROWS", 20)
    listed = _library_of(store, 130)

    def at_first_rows(window: Any) -> None:
        view = window.library.view
        view.setFocus()
        qtbot.keyClick(view, Qt.Key.Key_PageDown)
        qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(view, Qt.Key.Key_Return)
        dialogs.answers = [Btn.Yes]
        qtbot.mouseClick(window.library.delete_button, Qt.MouseButton.LeftButton)

    window = _window_at_its_first_rows(qtbot, store, data_root, at_first_rows)
    _settled(qtbot, window)
    assert listed[-1] not in _files(data_root)
    assert _rows(window) == _files(data_root)
    assert window.library.count_label.text() == "129 cases"


def test_opening_a_case_only_in_the_rest_by_search_and_enter(
    qtbot: Any, store: Any, data_root: Path, monkeypatch: Any
) -> None:
    monkeypatch.setattr(index_format, "HEAD_ROWS", 20)
    listed = _library_of(store, 130)

    def at_first_rows(window: Any) -> None:
        search = window.library.search
        search.setFocus()
        qtbot.keyClicks(search, "row-005")
        qtbot.keyClick(search, Qt.Key.Key_Return)

    window = _window_at_its_first_rows(qtbot, store, data_root, at_first_rows)
    _settled(qtbot, window)
    assert window.document.case is not None and window.document.case.patient_label == "ROW-005"
    assert window.library.selected_case_id() == window.document.case.case_id
    qtbot.keyClicks(window.library.search, "\b" * 7)
    qtbot.waitUntil(lambda: len(_rows(window)) == 130)
    assert _rows(window) == _files(data_root) == listed


def _rest_damaged(store: CaseStore, how: str, other: Path) -> None:
    raw = store.index_path.read_bytes()
    line, _, after = raw.partition(b"\n")
    header = json.loads(line)
    head = after[: header["head_bytes"]]
    if how == "garbage":
        store.index_path.write_bytes(line + b"\n" + head + b"\x00garbage\xff" * 50)
    elif how == "truncated":
        store.index_path.write_bytes(
            line + b"\n" + head + after[header["head_bytes"] : header["head_bytes"] + 30]
        )
    elif how == "other_library":
        store.index_path.write_bytes(other.read_bytes())
    elif how == "symlink":
        store.index_path.unlink()
        store.index_path.symlink_to(other)


def _other_library(tmp: Path) -> Path:
    other = CaseStore(tmp)
    for i in range(30):
        other.save(new_case(patient_label=f"OTHER LIBRARY {i}"))
    other.list_cases()
    return other.index_path


@pytest.mark.parametrize("how", ["garbage", "truncated", "other_library", "symlink"])
def test_a_damaged_or_foreign_index_is_rebuilt_from_the_files(
    qtbot: Any, store: Any, data_root: Path, monkeypatch: Any, tmp_path: Path, how: str
) -> None:
    monkeypatch.setattr(index_format, "HEAD_ROWS", 20)
    listed = _library_of(store, 130)
    other = _other_library(tmp_path / "other")
    other_bytes = other.read_bytes()
    _rest_damaged(store, how, other)
    from nelm_desktop.ui.window.main_window import MainWindow

    window = MainWindow(store, data_root, autosave_ms=60_000)
    qtbot.addWidget(window)
    window.show()
    done: list[bool] = []
    window.open_library(then=lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    _settled(qtbot, window)
    assert _rows(window) == listed
    assert window.library.count_label.text() == "130 cases"
    assert other.read_bytes() == other_bytes
    st = os.lstat(store.index_path)
    assert stat.S_ISREG(st.st_mode) and stat.S_IMODE(st.st_mode) == 0o600


def test_rows_of_missing_files_and_files_not_in_the_index(
    qtbot: Any, store: Any, data_root: Path, monkeypatch: Any
) -> None:
    monkeypatch.setattr(index_format, "HEAD_ROWS", 20)
    listed = _library_of(store, 130)
    for case_id in (listed[2], listed[90]):
        store.case_path(case_id).unlink()
    from nelm_desktop.core.store import envelope

    added = new_case(patient_label="NOT IN THE INDEX")
    (store.cases_dir / f"{added.case_id}.json").write_bytes(envelope.encode(added))
    seen: dict[str, Any] = {}

    def at_first_rows(window: Any) -> None:
        view = window.library.view
        view.setFocus()
        qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(view, Qt.Key.Key_Down)
        qtbot.keyClick(view, Qt.Key.Key_Down)
        seen["current"] = view.currentIndex().data(CASE_ID_ROLE)

    window = _window_at_its_first_rows(qtbot, store, data_root, at_first_rows)
    _settled(qtbot, window)
    assert _rows(window) == _files(data_root)
    assert window.library.count_label.text() == "129 cases"
    selected = window.library.selected_case_id()
    assert selected is None or selected in _files(data_root)


def _save(store: Any, label: str) -> str:
    return str(store.save(new_case(patient_label=label)).case.case_id)


def _started(qtbot: Any, store: Any, data_root: Path) -> Any:
    from tests.ui.test_library_rows import _started_window

    return _started_window(qtbot, store, data_root)


def test_undo_of_a_delete_when_another_case_now_holds_its_id(
    qtbot: Any, store: Any, data_root: Path, dialogs: Any
) -> None:
    ids = [_save(store, f"U-{i}") for i in range(6)]
    window = _started(qtbot, store, data_root)
    window.library.select_case(ids[2])
    dialogs.answers = [Btn.Yes]
    qtbot.mouseClick(window.library.delete_button, Qt.MouseButton.LeftButton)
    _settled(qtbot, window)
    from nelm_desktop.core.store import envelope

    usurper = new_case(patient_label="HOLDS THE ID").model_copy(update={"case_id": ids[2]})
    store.case_path(ids[2]).write_bytes(envelope.encode(usurper))
    qtbot.mouseClick(window.library.undo_button, Qt.MouseButton.LeftButton)
    _settled(qtbot, window)
    assert CaseStore(data_root).load(ids[2]).case.patient_label == "HOLDS THE ID"
    assert _rows(window) == _files(data_root)
    labels = {window.library.model.summary(r).patient_label for r in range(window.library.model.rowCount())}
    assert "HOLDS THE ID" in labels and "U-2" not in labels
    assert window.library.count_label.text() == "6 cases"


def test_delete_under_a_search_keeps_the_count_line_and_a_real_selection(
    qtbot: Any, store: Any, data_root: Path, dialogs: Any
) -> None:
    for i in range(6):
        _save(store, f"KEEP-{i}")
    for i in range(4):
        _save(store, f"FIND-{i}")
    window = _started(qtbot, store, data_root)
    search = window.library.search
    search.setFocus()
    qtbot.keyClicks(search, "find")
    assert window.library.model.rowCount() == 4
    view, model = window.library.view, window.library.model
    rect = view.visualRect(model.index(1, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    victim = window.library.selected_case_id()
    dialogs.answers = [Btn.Yes]
    qtbot.mouseClick(window.library.delete_button, Qt.MouseButton.LeftButton)
    _settled(qtbot, window)
    assert model.rowCount() == 3 and victim not in _rows(window)
    assert window.library.count_label.text().startswith("3 of 9 cases match")
    selected = window.library.selected_case_id()
    assert selected is None or selected in _files(data_root)


def test_importing_the_open_case_with_unsaved_edits_loses_nothing(
    qtbot: Any, store: Any, data_root: Path, dialogs: Any, tmp_path: Path
) -> None:
    ids = [_save(store, f"I-{i}") for i in range(4)]
    window = _started(qtbot, store, data_root)
    window.library.select_case(ids[1])
    window.session.open_case(ids[1])
    field = window.form.field_widget("patient_label")
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, "UNSAVED EDIT")
    assert window.document.case.patient_label == "UNSAVED EDIT"
    other = CaseStore(tmp_path / "elsewhere")
    changed = store.load(ids[1]).case.model_copy(update={"patient_label": "FROM THE FILE"})
    source = other.save(changed)
    dialogs.answers = [Btn.Cancel, Btn.Cancel, Btn.Cancel]
    window.files.import_path(source.path, open_single=True)
    _settled(qtbot, window)
    assert _rows(window) == _files(data_root)
    labels = {s.patient_label for s in CaseStore(data_root).list_cases()}
    assert "FROM THE FILE" in labels and "I-1" in labels
    assert window.document.case.patient_label == "UNSAVED EDIT" or "UNSAVED EDIT" in labels


def test_a_duplicate_of_a_case_in_the_rest_imported_while_the_head_is_shown(
    qtbot: Any, store: Any, data_root: Path, monkeypatch: Any, dialogs: Any, tmp_path: Path
) -> None:
    monkeypatch.setattr(index_format, "HEAD_ROWS", 20)
    listed = _library_of(store, 130)
    copy = tmp_path / "copy.json"
    copy.write_bytes(store.case_path(listed[100]).read_bytes())

    def at_first_rows(window: Any) -> None:
        window.files.import_path(copy, open_single=True)

    window = _window_at_its_first_rows(qtbot, store, data_root, at_first_rows)
    _settled(qtbot, window)
    assert _rows(window) == _files(data_root) == listed
    assert window.document.case.case_id == listed[100]
    assert window.library.selected_case_id() == listed[100]


def test_saving_a_case_only_in_the_rest_after_opening_it_while_the_head_is_shown(
    qtbot: Any, store: Any, data_root: Path, monkeypatch: Any, dialogs: Any
) -> None:
    monkeypatch.setattr(index_format, "HEAD_ROWS", 20)
    listed = _library_of(store, 130)

    def at_first_rows(window: Any) -> None:
        window.session.open_case(listed[110])
        field = window.form.field_widget("patient_label")
        field.setFocus()
        qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(field, "EDITED EARLY")
        assert window.session.save()

    window = _window_at_its_first_rows(qtbot, store, data_root, at_first_rows)
    _settled(qtbot, window)
    assert CaseStore(data_root).load(listed[110]).case.patient_label == "EDITED EARLY"
    assert _rows(window) == _files(data_root)
    assert _rows(window)[0] == listed[110]
    assert window.library.selected_case_id() == listed[110]
    assert window.library.count_label.text() == "130 cases"


def test_opening_a_case_another_process_deleted_leaves_no_ghost_row(
    qtbot: Any, store: Any, data_root: Path, dialogs: Any
) -> None:
    ids = [_save(store, f"G-{i}") for i in range(5)]
    window = _started(qtbot, store, data_root)
    _second_process(data_root, f"store.delete({ids[3]!r})")
    view, model = window.library.view, window.library.model
    rect = view.visualRect(model.index(model.row_of(ids[3]), 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialogs.titles() == ["Cannot open the case"]
    _settled(qtbot, window)
    assert ids[3] not in _rows(window)
    assert _rows(window) == _files(data_root)
    assert window.library.count_label.text() == "4 cases"


def test_deleting_the_open_case_another_process_deleted_leaves_no_ghost_row(
    qtbot: Any, store: Any, data_root: Path, dialogs: Any
) -> None:
    ids = [_save(store, f"H-{i}") for i in range(5)]
    window = _started(qtbot, store, data_root)
    view, model = window.library.view, window.library.model
    rect = view.visualRect(model.index(model.row_of(ids[2]), 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.document.case.case_id == ids[2]
    _second_process(data_root, f"store.delete({ids[2]!r})")
    dialogs.answers = [Btn.Yes]
    qtbot.mouseClick(window.library.delete_button, Qt.MouseButton.LeftButton)
    assert dialogs.titles() == ["Delete case", "Cannot delete the case"]
    _settled(qtbot, window)
    assert ids[2] not in _rows(window)
    assert _rows(window) == _files(data_root)
    assert window.library.count_label.text() == "4 cases"
    assert window.document.case.case_id == ids[2]  # still open, nothing lost: a save writes it again


def test_an_index_replaced_by_a_symlink_out_of_the_data_folder_is_never_read_through(
    qtbot: Any, store: Any, data_root: Path, monkeypatch: Any, tmp_path: Path
) -> None:
    """A symbolic link put in the index's place (to another library's index, valid for this app
    version): its rows are never shown, not even for the first moments; the index is rebuilt from
    the files as a private regular file and the link's target is left as it was."""
    monkeypatch.setattr(index_format, "HEAD_ROWS", 20)
    listed = _library_of(store, 130)
    other = _other_library(tmp_path / "other")
    other_bytes = other.read_bytes()
    _rest_damaged(store, "symlink", other)
    assert store.index_head() is None and store.cached_listing() is None
    seen: list[str] = []

    def at_first_rows(window: Any) -> None:
        model = window.library.model
        seen.extend(model.summary(r).patient_label for r in range(model.rowCount()))

    window = _window_at_its_first_rows(qtbot, store, data_root, at_first_rows)
    _settled(qtbot, window)
    assert not [label for label in seen if label.startswith("OTHER LIBRARY")]
    assert _rows(window) == listed
    assert other.read_bytes() == other_bytes
    st = os.lstat(store.index_path)
    assert stat.S_ISREG(st.st_mode) and stat.S_IMODE(st.st_mode) == 0o600


@pytest.mark.parametrize("other_size", [30, 10], ids=["head_and_rest", "head_is_all"])
def test_an_index_copied_from_another_library_never_shows_its_rows(
    qtbot: Any, store: Any, data_root: Path, monkeypatch: Any, tmp_path: Path, other_size: int
) -> None:
    """A copy (not a link) of another library's index.json, same app version: its head rows (that
    library's patient labels) were shown at start until the check of the files replaced them."""
    monkeypatch.setattr(index_format, "HEAD_ROWS", 20)
    listed = _library_of(store, 130)
    other = CaseStore(tmp_path / "other")
    for i in range(other_size):
        other.save(new_case(patient_label=f"OTHER LIBRARY {i}"))
    other.list_cases()
    store.index_path.write_bytes(other.index_path.read_bytes())
    from nelm_desktop.ui.window.main_window import MainWindow

    window = MainWindow(store, data_root, autosave_ms=60_000)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    seen: list[str] = []
    model = window.library.model
    record = lambda *_: seen.extend(model.summary(r).patient_label for r in range(model.rowCount()))  # noqa: E731
    model.modelReset.connect(record)
    model.rowsInserted.connect(record)
    done: list[bool] = []
    window.open_library(then=lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    _settled(qtbot, window)
    assert seen and not [label for label in seen if label.startswith("OTHER LIBRARY")]
    assert _rows(window) == listed
    assert window.library.count_label.text() == "130 cases"


def test_the_last_case_reopens_when_the_rest_of_the_index_turns_out_damaged(
    qtbot: Any, store: Any, data_root: Path, monkeypatch: Any, tmp_path: Path
) -> None:
    """The last case is older than the head: looking for it reads the rest at once, which is garbage.
    The rows were dropped (rightly) and the case was then never reopened once the files were listed."""
    from nelm_desktop.ui.window.recent import remember_case

    monkeypatch.setattr(index_format, "HEAD_ROWS", 20)
    listed = _library_of(store, 130)
    remember_case(listed[100])
    _rest_damaged(store, "garbage", tmp_path)
    window = _window_at_its_first_rows(qtbot, store, data_root, lambda _window: None)
    _settled(qtbot, window)
    assert _rows(window) == listed
    assert window.document.case is not None and window.document.case.case_id == listed[100]
    assert window.library.selected_case_id() == listed[100]


def test_a_screen_reader_hears_how_many_rows_of_all_are_listed_while_the_rest_is_read(
    qtbot: Any, store: Any, data_root: Path, monkeypatch: Any
) -> None:
    """With only the index's head in the list, the list's row count (what a screen reader announces)
    was 20 of a library of 130, and nothing said more were coming."""
    monkeypatch.setattr(index_format, "HEAD_ROWS", 20)
    _library_of(store, 130)
    heard: dict[str, Any] = {}

    def at_first_rows(window: Any) -> None:
        heard["rows"] = window.library.model.rowCount()
        heard["description"] = window.library.view.accessibleDescription()

    window = _window_at_its_first_rows(qtbot, store, data_root, at_first_rows)
    assert heard["rows"] == 20
    assert heard["description"] == "The newest 20 of 130 cases; the rest is being read"
    _settled(qtbot, window)
    assert window.library.model.rowCount() == 130
    assert window.library.view.accessibleDescription() == ""
