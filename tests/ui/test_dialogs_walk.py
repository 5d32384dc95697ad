"""Defects found walking the dialogs outside the board room as a clinician (Xvfb 1366x768 with a window
manager), reproduced with real keys: the time-point dialog, the timeline, the trash,
the history and earlier versions."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit

from nelm_desktop.core.model import Lesion, new_case
from nelm_desktop.core.timeline import TimePoints
from nelm_desktop.ui.library.versions_dialogs import TrashDialog, VersionsDialog
from nelm_desktop.ui.timeline.time_point_dialog import TimePointDialog
from nelm_desktop.ui.widgets.style import REFUSED
from nelm_desktop.ui.window.dialogs import HistoryDialog


def _has_refused_ink(widget: Any) -> bool:
    image = widget.grab().toImage()
    ink = QColor(REFUSED)
    return any(QColor(image.pixel(x, y)) == ink for x in range(image.width()) for y in range(image.height()))


def test_the_time_point_dialog_reads_its_hints_whole_and_marks_a_refused_date(qtbot: Any) -> None:
    """Its fields were 125 px wide ('e.g. restaging aft…', 'YYYY-MM-DD (opt…'); a refused date was
    said in grey, lower case, the field unmarked: 'follow-up date '2027-13-01' is not a date YYYY-MM-DD'."""
    dialog = TimePointDialog("Pancreatic NET G2, complex pattern (demo 2)")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    edit: QLineEdit
    for edit in (dialog.label_edit, dialog.follow_up_edit):
        room = edit.contentsRect().width() - edit.textMargins().left() - edit.textMargins().right()
        assert edit.fontMetrics().horizontalAdvance(edit.placeholderText()) < room - 8
    qtbot.keyClicks(dialog.label_edit, "restaging after PRRT")
    qtbot.keyClicks(dialog.follow_up_edit, "2027-13-01")
    assert dialog.error.text() == "Follow-up date: '2027-13-01' is not a date (YYYY-MM-DD)"
    assert dialog.follow_up_edit.property("invalid") is True and not dialog.label_edit.property("invalid")
    assert _has_refused_ink(dialog.error)  # said in the form's refusal colour
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    dialog.follow_up_edit.selectAll()
    qtbot.keyClicks(dialog.follow_up_edit, "2027-03-01")
    assert not dialog.error.isVisible() and not dialog.follow_up_edit.property("invalid")
    assert dialog.follow_up() == "2027-03-01"


def test_the_timeline_shows_no_blank_livers_before_a_time_point(window: Any, qtbot: Any, store: Any) -> None:
    """Without a time point the timeline showed two blank, untitled liver diagrams under 'no time point
    yet' beside a case with lesions in III, VII and VIII: they read as 'no lesions'."""
    case = store.save(
        new_case(patient_label="TL-walk", lesions=[Lesion(segment="VII", size_cm=7.5, count=1)])
    ).case
    window.refresh_library()
    window.session.open_case(case.case_id)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.timeline.visible())
    panel = window.timeline.panel
    assert "no time point yet" in panel.since_title.text()
    assert not panel.before_diagram.isVisible() and not panel.after_diagram.isVisible()

    def answer() -> None:  # Save as time point: a label, then OK
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, TimePointDialog):
            QTimer.singleShot(50, answer)
            return
        qtbot.keyClicks(dialog.label_edit, "baseline")
        qtbot.keyClick(dialog.label_edit, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    qtbot.keyClick(
        window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: len(TimePoints(store.root).points(case.case_id)) == 1)
    qtbot.waitUntil(lambda: panel.before_diagram.isVisible() and panel.after_diagram.isVisible())
    assert "baseline" in panel.since_title.text()


def test_enter_in_the_trash_restores_the_selected_case_and_names_its_primary_as_the_library(
    window: Any, store: Any, qtbot: Any, dialogs: Any
) -> None:
    """Enter in the trash asked to delete every trashed case for good ('Empty trash…' was the default
    button); the primary read 'pancreas', the stored value, where the library says 'Pancreas'."""
    keep = store.save(new_case(patient_label="Restore me", primary_site="pancreas")).case.case_id
    store.delete(keep)
    window.load_library()
    dialog = TrashDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.tree.topLevelItem(0).text(1) == "Pancreas"
    dialog.tree.setFocus()
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Return)
    assert dialogs.titles() == []  # no "Empty trash" question
    assert [s.case_id for s in store.list_cases()] == [keep] and store.trash() == []


@pytest.fixture
def kolkata(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This computer's clock at UTC+05:30 (a zone without summer time)."""
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_history_and_earlier_versions_show_this_computers_time(
    window: Any, store: Any, qtbot: Any, kolkata: None
) -> None:
    """The history showed the raw stamp ('2026-12-04T17:28:05+0…', cut by its column); earlier versions
    cut the offset off a UTC time: a version saved at 18:00 in Kolkata read 12:30."""
    loaded = store.save(new_case(patient_label="Versioned", notes="first"))
    store.save(loaded.case.model_copy(update={"notes": "second"}), expected_hash=loaded.file_hash)
    window.load_library()
    assert window.session.open_case(loaded.case.case_id, ask=False)
    [backup, *_] = store.backups(loaded.case.case_id)
    saved = datetime.fromisoformat(backup.saved_at)
    assert saved.utcoffset() == timedelta(0)  # kept in UTC
    local = saved.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    versions = VersionsDialog(window.session, window.document.case, window)
    qtbot.addWidget(versions)
    assert versions.tree.topLevelItem(0).text(0) == local
    history = HistoryDialog(store, window.document.case, window)
    qtbot.addWidget(history)
    history.show()
    qtbot.waitExposed(history)
    shown = history.tree.topLevelItem(0).text(0)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", shown)
    assert history.tree.columnWidth(0) >= history.tree.fontMetrics().horizontalAdvance(shown)


def test_a_follow_up_row_wider_than_the_library_is_elided_not_hidden_under_a_scroll_bar(
    window: Any, qtbot: Any, store: Any
) -> None:
    """'Follow-up due: 1 (1 overdue)' stood over a red sliver: the horizontal scroll bar of the long row
    took the height of the one row the list is sized for."""
    due = store.save(new_case(patient_label="Pancreatic NET G2, complex pattern (demo 2)")).case
    TimePoints(store.root).record(due, follow_up="2026-12-01")
    window.refresh_library()
    follow = window.library.follow_ups
    qtbot.waitUntil(follow.isVisible)
    row = follow.list.visualItemRect(follow.list.item(0))
    assert not follow.list.horizontalScrollBar().isVisible()
    assert follow.list.viewport().rect().contains(row)  # the whole row in view
    assert follow.list.fontMetrics().height() <= row.height()
    assert "Pancreatic NET G2, complex pattern (demo 2)" in follow.list.item(0).toolTip()
    qtbot.mouseClick(follow.list.viewport(), Qt.MouseButton.LeftButton, pos=row.center())
    qtbot.waitUntil(lambda: window.document.case is not None and window.document.case.case_id == due.case_id)


def test_the_library_shows_a_cases_last_edit_in_this_computers_time(
    window: Any, store: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The library's 'Last edited' cut the offset off the stamp: a case saved at 10:00 in Berlin read
    10:00 on a computer in Kolkata, where its history and versions (core.dates.shown_time) say 14:30."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        saved = store.save(new_case(patient_label="Saved in Berlin")).case
        monkeypatch.setenv("TZ", "Asia/Kolkata")
        time.tzset()
        stamp = datetime.fromisoformat(saved.updated_at)
        assert stamp.utcoffset() == timedelta(hours=1)
        local = stamp.astimezone().strftime("%Y-%m-%d %H:%M")
        assert local != stamp.strftime("%Y-%m-%d %H:%M")
        window.load_library()
        panel = window.library
        panel.search.setFocus()
        qtbot.keyClicks(panel.search, "Berlin")
        qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
        row = panel.model.index(0, 3)
        assert row.data(Qt.ItemDataRole.DisplayRole) == local
        assert f"last edited {local}" in row.data(Qt.ItemDataRole.AccessibleTextRole)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_the_import_summary_says_only_what_happened(
    window: Any, store: Any, qtbot: Any, dialogs: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Importing a library whose cases are all here said 'Imported 0 case(s), skipped 2 duplicate(s),
    imported 0 case(s) as copies, skipped 0 with a problem.'"""
    from PySide6.QtWidgets import QFileDialog, QMenu

    for label in ("Here already", "Also here"):
        store.save(new_case(patient_label=label))
    archive = tmp_path / "lib.nelmlib"
    store.export_library(archive)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(archive), ""))
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)  # File
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    qtbot.keyClick(menu, Qt.Key.Key_I)  # &Import…
    with qtbot.waitSignal(window.files.finished, timeout=60_000):
        pass
    assert dialogs.asked == [("Import", "Skipped 2 duplicate(s) already in the library.")]


def test_settings_frame_a_refused_data_folder_until_it_is_right(qtbot: Any, tmp_path: Any) -> None:
    """'relative/folder' was refused in a red line under the form, its field left as if accepted."""
    from nelm_desktop.ui.window.settings_dialog import SettingsDialog

    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.data_dir, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.data_dir, "relative/folder")
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.data_dir.property("invalid") is True and not dialog.clinician.property("invalid")
    assert dialog.error.text().startswith("Data folder: give the full path")
    assert _has_refused_ink(dialog.error) and _has_refused_ink(dialog.data_dir)
    qtbot.keyClick(dialog.data_dir, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.data_dir, str(tmp_path / "library"))
    assert not dialog.data_dir.property("invalid") and not dialog.error.isVisible()


def test_the_identity_dialog_reads_its_example_whole_and_names_a_refusal_in_the_forms_words(
    qtbot: Any,
) -> None:
    """Before the first print: the contact example was cut ('… 456 789 (p…'); a name too long said 'Not
    saved: 1 validation error for Settings clinician_name String should have at most 200 characters
    [type=string_too_long, …'; 'Print without' had no mnemonic (Alt+P typed a p into the name)."""
    from nelm_desktop.core.settings import Settings
    from nelm_desktop.ui.printing.identity_dialog import IdentityDialog

    dialog = IdentityDialog(Settings())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    edit = dialog.contact
    room = edit.contentsRect().width() - edit.textMargins().left() - edit.textMargins().right()
    assert edit.fontMetrics().horizontalAdvance(edit.placeholderText()) < room - 8
    dialog.clinician.setFocus()
    qtbot.keyClicks(dialog.clinician, "D" * 201)
    qtbot.keyClick(dialog.clinician, Qt.Key.Key_Return)  # Save and continue
    assert dialog.isVisible()
    assert dialog.error.text() == (
        "Clinician name is 201 characters long; at most 200 can be saved. Shorten it"
    )
    assert dialog.clinician.property("invalid") is True and _has_refused_ink(dialog.error)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.clinician, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.skipped)  # a mnemonic clicks its button after a short flash
    assert not dialog.isVisible()
    assert dialog.clinician.text() == "D" * 201  # no p typed into it


def test_printing_without_a_printer_proposes_the_report_in_the_folder_last_used(
    window: Any, store: Any, qtbot: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no printer Qt's print dialog proposed /root/print.pdf (the home folder, a name saying
    nothing), and printed to it the pages as images in a file of the process's umask."""
    import os

    from PySide6.QtPrintSupport import QPrinterInfo
    from PySide6.QtWidgets import QPushButton

    from nelm_desktop.core.settings import Settings, save_settings
    from nelm_desktop.ui.printing.report_dialogs import ReportChoice
    from nelm_desktop.ui.widgets.file_dialogs import remember_dialog_path
    from nelm_desktop.ui.window.actions import _printing
    from nelm_desktop.ui.window.app import seed_demo_cases

    monkeypatch.setattr(QPrinterInfo, "availablePrinters", staticmethod(list))  # this clinic: none
    save_settings(Settings(clinician_name="Dr Ada Test", institution="Test Hospital"))
    reports = tmp_path / "reports"
    reports.mkdir()
    remember_dialog_path(str(reports / "earlier.pdf"))
    seed_demo_cases(store)
    window.refresh_library()
    window.session.open_case(store.list_cases()[0].case_id)
    printing = _printing(window)
    with qtbot.waitSignal(printing.pdfReady, timeout=60_000) as built:
        printing.preview(ReportChoice(kind="summary"))
    qtbot.waitUntil(lambda: bool(printing.previews))
    preview = printing.previews[0]
    proposed: list[str] = []

    def print_to_the_proposed_file() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, print_to_the_proposed_file)
            return
        field = dialog.findChild(QLineEdit, "filename")
        proposed.append(field.text() if field is not None else "")
        if proposed[0].startswith(str(reports)):
            qtbot.keyClick(field, Qt.Key.Key_Return)  # Print
        else:
            dialog.reject()

    QTimer.singleShot(0, print_to_the_proposed_file)
    [print_button] = [b for b in preview.findChildren(QPushButton) if b.text() == "Print…"]
    qtbot.mouseClick(print_button, Qt.MouseButton.LeftButton)
    assert proposed == [str(reports / printing.suggested_name(ReportChoice(kind="summary")))]
    out = reports / printing.suggested_name(ReportChoice(kind="summary"))
    assert out.read_bytes() == built.args[0]  # the report itself, not its pages drawn as images
    if os.name == "posix":
        assert out.stat().st_mode & 0o777 == 0o600
    preview.close()


def test_a_long_timeline_row_wraps_whole_within_the_list(window: Any, qtbot: Any, store: Any) -> None:
    """'undated  Treatment: Distal pancreatectomy 2026 (dates not re' ended under a horizontal scroll
    bar at 1366x768: the rest of the row was out of sight."""
    from nelm_desktop.core.treatments import TreatmentLine

    name = "Distal pancreatectomy with splenectomy, 2026"
    case = store.save(
        new_case(patient_label="TL-wrap", treatment_history=[TreatmentLine(modality="other", name=name)])
    ).case
    window.refresh_library()
    window.session.open_case(case.case_id)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.timeline.visible())
    entries = window.timeline.panel.entries
    [item] = [entries.item(r) for r in range(entries.count()) if name in entries.item(r).text()]
    metrics = entries.fontMetrics()
    qtbot.waitUntil(lambda: entries.visualItemRect(item).height() > 0)
    width = entries.viewport().width()
    assert metrics.horizontalAdvance(item.text()) > width  # longer than the list is wide
    assert not entries.horizontalScrollBar().isVisible()
    row = entries.visualItemRect(item)
    assert row.left() >= 0 and row.right() <= width
    assert row.height() >= 2 * metrics.lineSpacing()  # wrapped onto more lines, not cut
