"""What you see is what is saved (#13 items 1-4), with real key events and the saved file read back.

Every number field: a typed out-of-range value is shown, marked, survives other edits and blocks Save
(the file keeps the earlier value); a valid value is saved as typed. Typing into a box that shows
"unknown" replaces the word. Linked facts derive and conflict. An unlabelled case asks for a label.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from nelm_desktop.core.dates import frozen_today
from nelm_desktop.core.loading import CaseInputError, case_from_data
from nelm_desktop.core.model import new_case
from nelm_desktop.core.store import envelope
from nelm_desktop.ui.case.case_form_sections import SECTIONS, FieldSpec

CTRL = Qt.KeyboardModifier.ControlModifier
TODAY = date(2026, 12, 3)  # the date rules' clock, frozen: "not in the future" is deterministic


@pytest.fixture(autouse=True)
def _frozen_clock() -> Any:
    with frozen_today(TODAY):
        yield


NUMBER_SPECS = [spec for section in SECTIONS for spec in section.fields if spec.kind in {"int", "float"}]
EXPLICIT = {"birth_year": ("1960", "19603"), "age_years": ("14", "140")}


def _values(spec: FieldSpec) -> tuple[str, str, str]:
    """(valid, out of range with a valid prefix, another valid) as typed by a user."""
    if spec.field in EXPLICIT:
        valid, bad = EXPLICIT[spec.field]
    else:
        first = int(spec.hi) // 10 + 4
        valid = str(first if first >= spec.lo else int(spec.lo))
        bad = valid + "3"
        while float(bad) <= spec.hi:
            bad += "3"
    other = str(int(valid) + 1)
    return valid, bad, other


def _saved(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["case"] if isinstance(data.get("case"), dict) else data


def _click_into(qtbot: Any, box: Any) -> None:
    """A real mouse click in the box's text (the cursor lands where the user clicks)."""
    edit = box.lineEdit()
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(edit.width() - 4, edit.height() // 2))
    assert box.hasFocus()


def _select_all_and_type(qtbot: Any, widget: Any, text: str) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(widget, text)


def _new_labelled_case(window: Any, qtbot: Any) -> None:
    window.new_case()
    _select_all_and_type(qtbot, window.form.field_widget("patient_label"), "T-1")


def _ctrl_s(qtbot: Any, widget: Any) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_S, CTRL)


@pytest.mark.parametrize("spec", NUMBER_SPECS, ids=[s.field for s in NUMBER_SPECS])
def test_an_out_of_range_number_is_never_saved_as_its_last_valid_prefix(
    window: Any, qtbot: Any, dialogs: Any, spec: FieldSpec
) -> None:
    valid, bad, other = _values(spec)
    _new_labelled_case(window, qtbot)
    box = window.form.field_widget(spec.field)
    error = window.findChild(QLabel, f"error_{spec.field}")

    _click_into(qtbot, box)  # the box shows "unknown"; typing replaces it (item 2)
    qtbot.keyClicks(box, valid)
    _ctrl_s(qtbot, box)
    path = window.document.path
    assert path is not None and not window.document.is_dirty
    assert _saved(path)[spec.field] == float(valid)

    dialogs.asked.clear()
    _select_all_and_type(qtbot, box, bad)
    assert error.isVisible() and error.text().startswith(f"{spec.text}: "), error.text()
    _ctrl_s(qtbot, box)
    assert dialogs.titles() == ["Not saved"]
    assert error.text() in dialogs.asked[0][1]
    assert _saved(path)[spec.field] == float(valid)  # the file was not touched
    assert box.lineEdit().text().startswith(bad)  # what the user typed is still shown

    # Another edit elsewhere must not redraw the field with the old value and drop the mark.
    notes = window.form.field_widget("notes")
    notes.setFocus()
    qtbot.keyClicks(notes, "x")
    assert box.lineEdit().text().startswith(bad)
    assert error.isVisible()
    _ctrl_s(qtbot, notes)
    assert dialogs.titles() == ["Not saved", "Not saved"]
    assert _saved(path)[spec.field] == float(valid)
    assert box.hasFocus()  # the blocked save took the user to the field

    _select_all_and_type(qtbot, box, other)
    assert not error.isVisible()
    _ctrl_s(qtbot, box)
    assert _saved(path)[spec.field] == float(other)
    assert _saved(path)["notes"] == "x"
    assert dialogs.titles() == ["Not saved", "Not saved"]


def test_leaving_a_case_with_a_rejected_entry_asks_first(window: Any, qtbot: Any, dialogs: Any) -> None:
    _new_labelled_case(window, qtbot)
    _ctrl_s(qtbot, window)
    ki67 = window.form.field_widget("ki67_pct")
    _select_all_and_type(qtbot, ki67, "14")
    _ctrl_s(qtbot, ki67)
    qtbot.keyClick(ki67, Qt.Key.Key_Home)
    qtbot.keyClicks(ki67, "9")  # "914": rejected; the saved case is clean
    assert not window.document.is_dirty
    dialogs.answers = [QMessageBox.StandardButton.Cancel]
    window.close_case()
    assert dialogs.titles()[-1] == "Entry not accepted"
    assert window.document.case is not None  # cancelled: still open, the entry still shown
    assert ki67.lineEdit().text().startswith("914")


def test_a_new_case_opens_clean_after_a_rejected_entry(window: Any, qtbot: Any, dialogs: Any) -> None:
    _new_labelled_case(window, qtbot)
    ki67 = window.form.field_widget("ki67_pct")
    _select_all_and_type(qtbot, ki67, "140")
    window.document.undo_stack.clear()  # pretend nothing else changed
    window.new_case()  # the recorder answers Discard
    assert window.form.entry_problems() == []
    assert ki67.text() == "unknown"
    assert not window.findChild(QLabel, "error_ki67_pct").isVisible()


def test_typing_into_a_box_that_shows_unknown_replaces_the_word(window: Any, qtbot: Any) -> None:
    for spec in NUMBER_SPECS:
        window.new_case()  # (a year of birth fills the age: each box from a new case)
        box = window.form.field_widget(spec.field)
        assert box.text() == "unknown"
        _click_into(qtbot, box)
        valid = _values(spec)[0]
        qtbot.keyClicks(box, valid)
        assert box.value() == float(valid), spec.field
        assert getattr(window.document.case, spec.field) == float(valid), spec.field


def test_year_of_birth_fills_the_age_and_a_contradicting_age_is_marked_at_both(
    window: Any, qtbot: Any, dialogs: Any
) -> None:
    _new_labelled_case(window, qtbot)
    this_year = TODAY.year
    _select_all_and_type(qtbot, window.form.field_widget("birth_year"), "1960")
    assert window.document.case.age_years == this_year - 1960
    assert window.form.field_widget("age_years").value() == this_year - 1960
    # One undo step takes both back.
    window.document.undo_stack.undo()
    assert window.document.case.birth_year is None and window.document.case.age_years is None
    window.document.undo_stack.redo()

    _select_all_and_type(qtbot, window.form.field_widget("age_years"), "30")
    birth_error = window.findChild(QLabel, "error_birth_year")
    age_error = window.findChild(QLabel, "error_age_years")
    assert birth_error.isVisible() and age_error.isVisible()
    assert "does not fit" in age_error.text()
    _ctrl_s(qtbot, window)
    assert dialogs.titles() == ["Not saved"]
    assert window.document.path is None
    _select_all_and_type(qtbot, window.form.field_widget("age_years"), str(this_year - 1960 - 1))
    assert not birth_error.isVisible() and not age_error.isVisible()
    _ctrl_s(qtbot, window)
    saved = _saved(window.document.path)
    assert (saved["birth_year"], saved["age_years"]) == (1960, this_year - 1961)


def test_a_future_year_of_birth_is_rejected(window: Any, qtbot: Any) -> None:
    window.new_case()
    _select_all_and_type(qtbot, window.form.field_widget("birth_year"), str(TODAY.year + 1))
    assert "in the future" in window.form.binder.error_text("birth_year")
    assert window.document.case.birth_year is None


def test_resection_date_fills_the_months_and_bad_dates_are_rejected(
    window: Any, qtbot: Any, dialogs: Any
) -> None:
    _new_labelled_case(window, qtbot)
    today = TODAY
    field = window.form.field_widget("primary_resection_date")
    months = window.form.field_widget("months_since_primary_resection")
    _select_all_and_type(qtbot, field, "2027-13")
    assert "YYYY-MM" in window.form.binder.error_text("primary_resection_date")
    assert window.document.case.primary_resection_date == ""
    _select_all_and_type(qtbot, field, f"{today.year + 1}-01")
    assert "in the future" in window.form.binder.error_text("primary_resection_date")
    _ctrl_s(qtbot, window)
    assert dialogs.titles() == ["Not saved"] and window.document.path is None

    _select_all_and_type(qtbot, field, f"{today.year - 2}-{today.month:02d}")
    assert window.form.binder.error_text("primary_resection_date") == ""
    assert window.document.case.months_since_primary_resection == 24
    assert months.value() == 24

    _select_all_and_type(qtbot, months, "6")
    assert "does not fit" in window.form.binder.error_text("primary_resection_date")
    assert "does not fit" in window.form.binder.error_text("months_since_primary_resection")
    _ctrl_s(qtbot, window)
    assert dialogs.titles() == ["Not saved", "Not saved"] and window.document.path is None
    _select_all_and_type(qtbot, months, "25")  # within a month: the day is not known
    _ctrl_s(qtbot, window)
    saved = _saved(window.document.path)
    assert saved["primary_resection_date"] == f"{today.year - 2}-{today.month:02d}"
    assert saved["months_since_primary_resection"] == 25


def test_a_library_file_with_a_bad_date_opens_marked_and_saves_only_once_fixed(
    window: Any, qtbot: Any, dialogs: Any, store: Any
) -> None:
    """A file saved before the date rules (here "2027-13", checksum intact) is opened as written,
    marked red with the rule's words, blocks Save until fixed, and is never quarantined or rewritten."""
    saved = store.save(new_case(patient_label="old file", ki67_pct=5))
    data = json.loads(saved.path.read_text(encoding="utf-8"))
    data["case"]["primary_resection_date"] = "2027-13"
    data["sha256"] = envelope.payload_hash(data["case"])
    saved.path.write_text(json.dumps(data), encoding="utf-8")
    before = saved.path.read_bytes()

    assert window.session.open_case(saved.case.case_id)
    field = window.form.field_widget("primary_resection_date")
    assert field.text() == "2027-13" and field.property("invalid")
    message = window.form.binder.error_text("primary_resection_date")
    assert "month 13 does not exist" in message and message.startswith("Primary resection date")
    assert store.quarantined() == []
    notes = window.form.field_widget("notes")
    notes.setFocus()
    qtbot.keyClicks(notes, "seen")
    _ctrl_s(qtbot, notes)
    assert dialogs.titles() == ["Not saved"] and message in dialogs.asked[0][1]
    assert saved.path.read_bytes() == before
    assert field.hasFocus()  # the blocked save took the user to the date

    qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(field, "2025-12")
    assert not field.property("invalid")
    assert window.document.case.months_since_primary_resection == 12  # the linked fact follows
    _ctrl_s(qtbot, field)
    assert dialogs.titles() == ["Not saved"]
    fixed = _saved(saved.path)
    assert (fixed["primary_resection_date"], fixed["notes"]) == ("2025-12", "seen")


def test_leaving_a_stored_bad_date_unchanged_does_not_claim_an_entry_is_lost(
    window: Any, dialogs: Any, store: Any
) -> None:
    saved = store.save(new_case(patient_label="old file"))
    data = json.loads(saved.path.read_text(encoding="utf-8"))
    data["case"]["primary_resection_date"] = "Nov 2023"
    data["sha256"] = envelope.payload_hash(data["case"])
    saved.path.write_text(json.dumps(data), encoding="utf-8")
    assert window.session.open_case(saved.case.case_id)
    assert window.form.entry_problems()  # marked, and would block a save
    window.new_case()  # nothing typed, nothing lost: no "Entry not accepted" prompt
    assert dialogs.titles() == []
    assert json.loads(saved.path.read_text())["case"]["primary_resection_date"] == "Nov 2023"


def test_an_unlabelled_case_asks_for_a_label_at_first_save(window: Any, qtbot: Any, dialogs: Any) -> None:
    window.new_case()
    _select_all_and_type(qtbot, window.form.field_widget("ki67_pct"), "5")
    dialogs.answers = [("", False)]  # cancelled
    _ctrl_s(qtbot, window)
    assert dialogs.titles() == ["Label this case"]
    assert window.document.path is None and window.document.is_dirty
    _ctrl_s(qtbot, window)  # accepted with the suggested pseudonym
    label = window.document.case.patient_label
    assert label.startswith("Case ")
    assert window.form.field_widget("patient_label").text() == label
    assert _saved(window.document.path)["patient_label"] == label
    _ctrl_s(qtbot, window)  # labelled now: no more asking
    assert dialogs.titles() == ["Label this case", "Label this case"]


def test_screen_and_command_line_word_a_validation_error_the_same(window: Any, qtbot: Any) -> None:
    window.new_case()
    _select_all_and_type(qtbot, window.form.field_widget("ki67_pct"), "140")
    on_screen = window.form.binder.error_text("ki67_pct")
    with pytest.raises(CaseInputError) as caught:
        case_from_data({"ki67_pct": 140})
    (line,) = caught.value.problems
    assert line == "ki67_pct: must be at most 100 (got 140)"
    assert on_screen == "Ki-67 index (%): must be at most 100 (got 140)"
