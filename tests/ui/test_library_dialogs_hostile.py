"""The library's dialogs clicked as a hostile user would: Restore on a file the library could not
move (it has no backup here) must not end in developer text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from nelm_desktop.core.model import Case


def test_restore_is_off_for_a_file_left_in_place_and_on_for_a_moved_one(
    store: Any, make_window: Any, dialogs: Any, qtbot: Any
) -> None:
    from nelm_desktop.ui.window.dialogs import QuarantineDialog

    case_id = store.save(Case(patient_label="Will break")).case.case_id
    path = store.case_path(case_id)
    store.save(store.load(case_id).case.model_copy(update={"patient_label": "Will break, saved twice"}))
    path.write_bytes(path.read_bytes()[:40])  # truncated: set aside with its reason
    (store.cases_dir / "00000000-0000-4000-8000-0000000000aa.json").mkdir()  # not a regular file
    window = make_window()
    window.refresh_library()
    dialog = QuarantineDialog(store, window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    rows = {dialog.tree.topLevelItem(r).text(1): r for r in range(dialog.tree.topLevelItemCount())}
    left = dialog.tree.topLevelItem(rows["not moved (left in place)"])
    qtbot.mouseClick(
        dialog.tree.viewport(), Qt.MouseButton.LeftButton, pos=dialog.tree.visualItemRect(left).center()
    )
    assert dialog.tree.currentItem() is left
    assert not dialog.restore_button.isEnabled()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialogs.asked == []  # was: "No backup" / "None is not a valid case id"
    moved = next(
        dialog.tree.topLevelItem(r)
        for r in range(dialog.tree.topLevelItemCount())
        if dialog.tree.topLevelItem(r).text(0) == case_id
    )
    qtbot.mouseClick(
        dialog.tree.viewport(), Qt.MouseButton.LeftButton, pos=dialog.tree.visualItemRect(moved).center()
    )
    assert dialog.restore_button.isEnabled()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert store.load(case_id).case.patient_label == "Will break"  # the newest backup
