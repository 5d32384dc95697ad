"""Earlier versions and trash, through the real dialogs on a real store in a temp folder."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox

from nelm_desktop.core.model import new_case
from nelm_desktop.core.store import CaseStore
from nelm_desktop.ui.library.versions_dialogs import TrashDialog, VersionsDialog


def _saved_twice(store: CaseStore) -> str:
    case = new_case(patient_label="Versioned", notes="first")
    loaded = store.save(case)
    edited = loaded.case.model_copy(update={"notes": "second"})
    store.save(edited, expected_hash=loaded.file_hash)
    return case.case_id


def test_restore_an_earlier_version_from_the_ui(window: Any, store: CaseStore, qtbot: Any) -> None:
    case_id = _saved_twice(store)
    window.load_library()
    assert window.session.open_case(case_id, ask=False)
    assert window.document.case.notes == "second"
    assert window.menu_actions.versions.isEnabled()
    dialog = VersionsDialog(window.session, window.document.case, window)
    qtbot.addWidget(dialog)
    assert dialog.tree.topLevelItemCount() >= 1 and dialog.restore_button.isEnabled()
    assert dialog.restore_selected()
    assert window.document.case.notes == "first"  # the window shows the restored version
    assert store.load(case_id).case.notes == "first"  # and it is the current file
    assert len(store.backups(case_id)) >= 2  # the replaced version was kept too


def test_versions_dialog_without_backups_offers_nothing(window: Any, store: CaseStore, qtbot: Any) -> None:
    loaded = store.save(new_case(patient_label="Only once"))
    dialog = VersionsDialog(window.session, loaded.case, window)
    qtbot.addWidget(dialog)
    assert not dialog.restore_button.isEnabled()
    assert not dialog.restore_selected()


def test_trash_restore_and_empty(window: Any, store: CaseStore, qtbot: Any, dialogs: Any) -> None:
    keep = store.save(new_case(patient_label="Restore me")).case.case_id
    drop = store.save(new_case(patient_label="Drop me")).case.case_id
    store.delete(keep)
    store.delete(drop)
    dialog = TrashDialog(window.session, window)
    qtbot.addWidget(dialog)
    labels = {dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())}
    assert labels == {"Restore me", "Drop me"}
    row = next(i for i in range(2) if dialog.tree.topLevelItem(i).text(0) == "Restore me")
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(row))
    assert dialog.restore_selected()
    assert [s.case_id for s in store.list_cases()] == [keep]

    dialogs.answers.append(QMessageBox.StandardButton.No)  # a "no" deletes nothing
    assert dialog.empty() == 0 and len(store.trash()) == 1
    dialogs.answers.append(QMessageBox.StandardButton.Yes)
    assert dialog.empty() == 1
    assert store.trash() == [] and dialog.tree.topLevelItemCount() == 0
    assert "Empty trash" in dialogs.titles()
