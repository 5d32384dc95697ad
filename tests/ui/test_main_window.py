"""The main window end to end: enter a case and watch the options panel, save/close/reopen, the
unsaved-changes prompt, recovery after a crash, DEMO marking, window state."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from nelm_desktop.core.model import Lesion

Btn = QMessageBox.StandardButton


def _type_into(qtbot: Any, widget: Any, text: str) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def _click(window: Any, field: str, value: str) -> None:
    window.form.field_widget(field).button_for(value).click()


def enter_resectable_case(window: Any, qtbot: Any) -> None:
    """A well-differentiated G1 NET, one small lesion, fit patient: every fact the resection rules read."""
    _type_into(qtbot, window.form.field_widget("patient_label"), "AB-12")
    _type_into(qtbot, window.form.field_widget("age_years"), "58")
    site = window.form.field_widget("primary_site")
    site.setCurrentIndex(site.findData("small_intestine"))
    site.activated.emit(site.currentIndex())
    _click(window, "primary_resected", "yes")
    _type_into(qtbot, window.form.field_widget("months_since_primary_resection"), "12")
    _click(window, "differentiation", "well")
    _type_into(qtbot, window.form.field_widget("ki67_pct"), "1.5")
    _click(window, "functional_syndrome", "no")
    _click(window, "tumour_burden_symptoms", "no")
    window.liver_editor.lesionsEdited.emit([Lesion(segment="VI", size_cm=3.0, count=1)])
    _type_into(qtbot, window.form.field_widget("hepatic_involvement_pct"), "5")
    _type_into(qtbot, window.form.field_widget("flr_pct"), "70")
    for field in ("lesion_near_hilum", "hepatomegaly", "portal_vein_thrombosis", "hepatic_insufficiency"):
        _click(window, field, "no")
    _click(window, "superficial_lesion", "yes")
    _click(window, "extrahepatic_disease", "none")
    _click(window, "sstr_imaging", "positive")
    _click(window, "fdg_pet", "not_done")
    for field in (
        "renal_function_adequate",
        "marrow_reserve_adequate",
        "bilirubin_normal",
        "fit_for_major_surgery",
    ):
        _click(window, field, "yes")
    for field in ("bilioenteric_anastomosis", "prior_whipple", "recurrence_after_liver_resection"):
        _click(window, field, "no")
    _type_into(qtbot, window.form.field_widget("months_stable_or_response"), "8")


def test_entering_a_case_updates_the_options_panel_live(window: Any, qtbot: Any) -> None:
    window.new_case()
    panel = window.options_panel
    assert panel.evaluation() is not None
    before = panel.evaluation().option("resection").status
    missing_before = len(window.document.evaluation.needs_information)
    assert before == "needs_information"
    enter_resectable_case(window, qtbot)
    after = panel.evaluation()
    assert after is window.document.evaluation  # the panel shows the latest evaluation
    assert after.option("resection").status in {"recommended", "option"}
    assert len(after.needs_information) < missing_before
    assert after.grade.grade == "G1"
    # The liver editor got the same evaluation (derived facts shown next to the diagram).
    assert window.liver_editor.lesions() == [Lesion(segment="VI", size_cm=3.0, count=1)]


def test_save_close_reopen_gives_the_identical_case(window: Any, qtbot: Any, store: Any) -> None:
    window.new_case()
    enter_resectable_case(window, qtbot)
    entered = window.document.case.model_copy(deep=True)
    assert window.isWindowModified()
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.document.is_dirty
    assert window.save_state_label.text().startswith("Saved")
    assert str(window.document.path) in window.save_state_label.toolTip()
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.document.case is None
    assert window.library.model.rowCount() == 1
    window.library.view.clicked.emit(window.library.model.index(0, 0))
    reopened = window.document.case
    assert reopened is not None
    skip = {"revisions", "updated_at"}
    assert reopened.model_dump(exclude=skip) == entered.model_dump(exclude=skip)
    assert len(reopened.revisions) == 1
    # The form shows the stored values again.
    assert window.form.field_widget("ki67_pct").value() == 1.5
    assert window.form.field_widget("differentiation").value() == "well"


def test_unsaved_prompt_on_switching_cases_and_on_close(make_window: Any, qtbot: Any, dialogs: Any) -> None:
    window = make_window()
    window.new_case()
    _type_into(qtbot, window.form.field_widget("patient_label"), "first")
    assert window.session.save()
    window.new_case()
    _type_into(qtbot, window.form.field_widget("patient_label"), "second")
    # Switching to the saved case: Cancel keeps the unsaved one open.
    dialogs.answers = [Btn.Cancel]
    window.library.view.clicked.emit(window.library.model.index(0, 0))
    assert dialogs.titles() == ["Unsaved changes"]
    assert window.document.case.patient_label == "second"
    # Save: the second case is stored, then the first opens.
    dialogs.answers = [Btn.Save]
    window.library.view.clicked.emit(
        window.library.model.index(
            window.library.model.row_of(
                next(s.case_id for s in window.store.list_cases() if s.patient_label == "first")
            ),
            0,
        )
    )
    assert window.document.case.patient_label == "first"
    assert sorted(s.patient_label for s in window.store.list_cases()) == ["first", "second"]
    # Closing the window with unsaved changes asks; Cancel keeps the window open.
    _type_into(qtbot, window.form.field_widget("patient_label"), "first, edited")
    dialogs.answers = [Btn.Cancel]
    assert not window.close()
    assert window.isVisible()
    dialogs.answers = [Btn.Discard]
    assert window.close()


def test_recovery_after_a_crash(make_window: Any, qtbot: Any, dialogs: Any, data_root: Any) -> None:
    window = make_window()
    window.new_case()
    _type_into(qtbot, window.form.field_widget("patient_label"), "crash-test")
    _click(window, "differentiation", "poorly")
    window.session.autosave_now()
    case_id = window.document.case.case_id
    assert window.recovery.path_for(case_id).exists()
    # Simulated crash: the window goes away without closeEvent (no prompt, no cleanup); the OS drops
    # a dead process's locks. (tests/ui/test_drafts_process.py kills a real app process instead.)
    window.hide()
    window.document.undo_stack.setClean()
    window.recovery.release()

    dialogs.answers = [Btn.Yes]
    restarted = make_window()
    assert "Restore unsaved changes?" in dialogs.titles()
    case = restarted.document.case
    assert case is not None and case.case_id == case_id
    assert (case.patient_label, case.differentiation) == ("crash-test", "poorly")
    assert restarted.document.is_dirty  # restored, not saved
    assert restarted.session.save()
    assert not list((data_root / "recovery").glob(f"{case_id}*.json"))


def test_a_failed_save_keeps_the_edit_and_says_why(
    window: Any, qtbot: Any, dialogs: Any, monkeypatch: Any
) -> None:
    from nelm_desktop.core.store import StoreError

    window.new_case()
    _type_into(qtbot, window.form.field_widget("patient_label"), "kept")

    def full_disk(*_a: Any, **_k: Any) -> Any:
        raise StoreError("Could not save: No space left on device.")

    monkeypatch.setattr(window.store, "save", full_disk)
    assert not window.session.save()
    assert dialogs.titles() == ["Not saved"]
    assert "No space left" in dialogs.asked[0][1]
    assert window.document.case.patient_label == "kept"
    assert window.document.is_dirty


def test_demo_window_is_marked_demo(make_window: Any, store: Any) -> None:
    from nelm_desktop.ui.window.app import seed_demo_cases

    assert seed_demo_cases(store) >= 1
    window = make_window(demo=True)
    assert window.windowTitle().startswith("DEMO")
    first = window.library.model.summary(0)
    assert first.demo
    assert window.library.model.index(0, 0).data().startswith("[DEMO]")
    window.library.view.clicked.emit(window.library.model.index(0, 0))
    assert "[DEMO]" in window.windowTitle()


def test_window_geometry_and_splitter_sizes_persist(make_window: Any, dialogs: Any) -> None:
    window = make_window()
    # Within the offscreen platform's 800x600 screen (restoreGeometry keeps windows on screen).
    window.resize(780, 560)
    window.splitter.setSizes([270, 150, 350])
    size, sizes = (window.width(), window.height()), window.splitter.sizes()
    assert size == (780, 560)
    assert window.close()
    again = make_window()
    assert (again.width(), again.height()) == size
    assert again.splitter.sizes() == sizes


def test_deleting_the_open_case_with_unsaved_edits_asks_to_save_them_first(
    window: Any, qtbot: Any, store: Any, dialogs: Any
) -> None:
    """Delete on the open case dropped its unsaved edits (and their draft) after a prompt that said
    nothing of them; Undo brought back the saved version without them."""
    from nelm_desktop.core.model import new_case

    Btn = QMessageBox.StandardButton
    case = store.save(new_case(patient_label="DEL-1", ki67_pct=3)).case
    window.refresh_library()
    assert window.session.open_case(case.case_id)
    ki67 = window.form.field_widget("ki67_pct")
    ki67.setFocus()
    ki67.selectAll()
    qtbot.keyClicks(ki67, "12")
    qtbot.keyClick(ki67, Qt.Key.Key_Tab)
    assert window.document.is_dirty
    window.library.view.setFocus()
    dialogs.answers = [Btn.Cancel]  # Cancel at "unsaved changes": nothing deleted, the edit stays open
    qtbot.mouseClick(window.library.delete_button, Qt.MouseButton.LeftButton)
    assert dialogs.asked[-1][0] == "Unsaved changes"
    assert window.document.case.ki67_pct == 12 and store.load(case.case_id).case.ki67_pct == 3
    dialogs.answers = [Btn.Save, Btn.Yes]  # Save, then move it to the trash
    qtbot.mouseClick(window.library.delete_button, Qt.MouseButton.LeftButton)
    assert [title for title, _ in dialogs.asked[-2:]] == ["Unsaved changes", "Delete case"]
    assert window.document.case is None
    qtbot.mouseClick(window.library.undo_button, Qt.MouseButton.LeftButton)
    assert store.load(case.case_id).case.ki67_pct == 12  # the trashed version held the edit
