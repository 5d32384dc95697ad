"""Hidden characters in the case's free texts (notes, comorbidities, extrahepatic sites, treatment
lines), attacked as a user pastes them and as another program writes them: the model stripped them
silently, so what was saved was not what had been pasted. Now a typed one is refused and named, and
one a library file already holds is kept as written, marked, and blocks Save until removed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from nelm_desktop.core.model import AS_STORED, Case, new_case
from nelm_desktop.core.store import CaseStore, envelope

CTRL = Qt.KeyboardModifier.ControlModifier


def paste(qtbot: Any, widget: QWidget, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_V, CTRL)


@pytest.mark.parametrize(
    ("field", "typed", "code"),
    [
        ("notes", "Seen by surgery\x0cpage 2", "U+000C"),  # a form feed, pasted from a PDF
        ("comorbidities", "Diabetes\x1b[31m", "U+001B"),  # a terminal's colour escape
        ("extrahepatic_sites", "bone\u202e", "U+202E"),
    ],
)
def test_a_pasted_hidden_character_is_named_kept_on_screen_and_blocks_save(
    qtbot: Any, window: Any, store: CaseStore, dialogs: Any, field: str, typed: str, code: str
) -> None:
    window.new_case()
    label = window.form.field_widget("patient_label")
    label.setFocus()
    qtbot.keyClicks(label, "T-1")
    widget = window.form.field_widget(field)
    paste(qtbot, widget, typed)
    message = window.form.binder.error_text(field)
    assert code in message and "remove it" in message and widget.property("invalid")
    assert widget.value() == typed  # shown as pasted, not cleaned behind the user's back
    qtbot.keyClick(widget, Qt.Key.Key_S, CTRL)
    assert dialogs.titles() == ["Not saved"]
    assert store.list_cases() == []
    # Removing the character (select all, type the text again) is accepted and saved as typed.
    qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)
    clean = "".join(ch for ch in typed if ch.isprintable())
    qtbot.keyClicks(widget, clean)
    assert not widget.property("invalid")
    qtbot.keyClick(widget, Qt.Key.Key_S, CTRL)
    saved = json.loads(window.document.path.read_text(encoding="utf-8"))["case"]
    assert saved[field] == clean


def test_tabs_and_line_breaks_in_notes_are_text_and_saved_as_typed(
    qtbot: Any, window: Any, dialogs: Any
) -> None:
    window.new_case()
    label = window.form.field_widget("patient_label")
    label.setFocus()
    qtbot.keyClicks(label, "T-2")
    notes = window.form.field_widget("notes")
    paste(qtbot, notes, "line one\n\tindented  \nline three ")
    assert not notes.property("invalid")
    qtbot.keyClick(notes, Qt.Key.Key_S, CTRL)
    assert dialogs.titles() == []
    saved = json.loads(window.document.path.read_text(encoding="utf-8"))["case"]
    assert saved["notes"] == notes.toPlainText() == "line one\n\tindented  \nline three "


def _write_with(store: CaseStore, **texts: Any) -> Any:
    """A library file another program wrote: a valid envelope whose texts hold hidden characters."""
    saved = store.save(new_case(patient_label="from elsewhere", ki67_pct=5))
    data = json.loads(saved.path.read_text(encoding="utf-8"))
    data["case"].update(texts)
    data["sha256"] = envelope.payload_hash(data["case"])
    saved.path.write_text(json.dumps(data), encoding="utf-8")
    return saved


def test_a_stored_hidden_character_is_kept_marked_and_blocks_save_until_removed(
    qtbot: Any, window: Any, store: CaseStore, dialogs: Any
) -> None:
    saved = _write_with(store, notes="before\x1bafter", comorbidities="none\x7f")
    before = saved.path.read_bytes()
    assert window.session.open_case(saved.case.case_id)
    assert store.quarantined() == []  # opened, not set aside
    assert window.document.case.notes == "before\x1bafter"  # read as written: nothing stripped
    notes = window.form.field_widget("notes")
    assert notes.property("invalid")
    assert "U+001B" in window.form.binder.error_text("notes")
    assert "U+007F" in window.form.binder.error_text("comorbidities")
    assert "Remove the marked hidden character" in window.statusBar().currentMessage()
    # Another edit: Save still waits, and the file is not touched.
    ki67 = window.form.field_widget("ki67_pct")
    ki67.setFocus()
    qtbot.keyClick(ki67, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(ki67, "7")
    qtbot.keyClick(ki67, Qt.Key.Key_S, CTRL)
    assert dialogs.titles() == ["Not saved"] and "U+001B" in dialogs.asked[0][1]
    assert saved.path.read_bytes() == before
    # The user removes both characters: the save goes through with exactly what is shown.
    qtbot.keyClick(notes, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(notes, "before after")
    comorbidities = window.form.field_widget("comorbidities")
    comorbidities.setFocus()
    qtbot.keyClick(comorbidities, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(comorbidities, "none")
    qtbot.keyClick(comorbidities, Qt.Key.Key_S, CTRL)
    assert dialogs.titles() == ["Not saved"]
    stored = json.loads(saved.path.read_text(encoding="utf-8"))["case"]
    assert (stored["notes"], stored["comorbidities"], stored["ki67_pct"]) == ("before after", "none", 7)


def test_the_model_refuses_new_input_and_keeps_what_a_file_holds() -> None:
    from pydantic import ValidationError

    for field in ("notes", "comorbidities", "extrahepatic_sites"):
        with pytest.raises(ValidationError, match=r"U\+0007"):
            Case(**{field: "bell\x07"})
        stored = Case.model_validate({field: "bell\x07"}, context=AS_STORED)
        assert getattr(stored, field) == "bell\x07"
    with pytest.raises(ValidationError, match=r"U\+009B"):
        Case(patient_label="NET\x9b2J")  # a C1 terminal escape in a label
    line = {"modality": "other", "name": "PRRT\x00", "note": "ok"}
    with pytest.raises(ValidationError, match=r"U\+0000"):
        Case(treatment_history=[line])
    kept = Case.model_validate({"treatment_history": [line]}, context=AS_STORED)
    assert kept.treatment_history[0].name == "PRRT\x00"


def test_cli_import_and_evaluate_refuse_a_hidden_character_with_one_clear_line(tmp_path: Path) -> None:
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps({"patient_label": "X", "comorbidities": "COPD\x1b[2J"}), encoding="utf-8")
    env = {"NELM_DESKTOP_DATA_DIR": str(tmp_path / "data"), "NELM_DESKTOP_CONFIG_DIR": str(tmp_path / "cfg")}
    for args in (["import", str(case_file)], ["evaluate", str(case_file)]):
        run = subprocess.run(
            [sys.executable, "-m", "nelm_desktop", *args],
            capture_output=True,
            text=True,
            env={**_base_env(), **env},
            check=False,
        )
        assert run.returncode == 2, run.stderr
        lines = run.stderr.strip().splitlines()
        assert any("comorbidities" in ln and "U+001B" in ln for ln in lines), run.stderr
        assert "Traceback" not in run.stderr
    assert CaseStore(tmp_path / "data").list_cases() == []


def _base_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("NELM_DESKTOP_")}


def _type_into(qtbot: Any, widget: Any, text: str) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


def test_a_decimal_comma_is_a_decimal_point_never_a_thousands_separator(
    qtbot: Any, window: Any, dialogs: Any
) -> None:
    """Typed "5,5" in the Ki-67 box was read with the comma as a group separator: 55 % was saved (a
    grade G1/G2 case became G3). A decimal box now takes either mark as its decimal point."""
    window.new_case()
    label = window.form.field_widget("patient_label")
    label.setFocus()
    qtbot.keyClicks(label, "T-3")
    ki67 = window.form.field_widget("ki67_pct")
    _type_into(qtbot, ki67, "5,5")
    assert window.document.case.ki67_pct == 5.5 and ki67.text() == "5.5 %"
    involvement = window.form.field_widget("hepatic_involvement_pct")
    _type_into(qtbot, involvement, "-0")
    age = window.form.field_widget("age_years")
    _type_into(qtbot, age, "6,5")  # a whole-number box: the fraction is shown and refused, not 65
    assert age.text() == "6.5 years" and age.property("invalid")
    assert "must be a whole number (got 6.5)" in window.form.binder.error_text("age_years")
    qtbot.keyClick(age, Qt.Key.Key_S, CTRL)
    assert dialogs.titles() == ["Not saved"]
    _type_into(qtbot, age, "65")
    assert not age.property("invalid") and window.document.case.age_years == 65
    qtbot.keyClick(age, Qt.Key.Key_S, CTRL)
    assert dialogs.titles() == ["Not saved"]  # the one refused save above, none more
    text = window.document.path.read_text(encoding="utf-8")
    saved = json.loads(text)["case"]
    assert (saved["ki67_pct"], saved["age_years"]) == (5.5, 65)
    assert saved["hepatic_involvement_pct"] == 0 and "-0.0" not in text  # "0 %" shown, 0 saved
    case_id = window.document.case.case_id
    window.new_case()
    assert window.session.open_case(case_id)
    assert window.form.field_widget("ki67_pct").text() == "5.5 %"


def test_a_stored_direction_override_in_a_label_never_turns_the_list_or_title_around(
    qtbot: Any, window: Any, store: CaseStore
) -> None:
    """A label from another program holding U+202E read as another string in the library list, the
    window title and the recent-cases menu (the board and the PDFs already wrote it out)."""
    saved = _write_with(store, patient_label="NET\u202e21-A")
    window.refresh_library()
    model = window.library.model
    [row] = [r for r in range(model.rowCount()) if model.summary(r).case_id == saved.case.case_id]
    index = model.index(row, 0)
    assert model.data(index) == "NET[U+202E]21-A"
    assert "NET[U+202E]21-A" in model.data(index, Qt.ItemDataRole.AccessibleTextRole)
    assert "NET[U+202E]21-A" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert window.session.open_case(saved.case.case_id)
    assert window.windowTitle().startswith("NET[U+202E]21-A")
    assert "patient_label" in dict(window.form.entry_problems())  # marked: Save waits for a fix


def test_a_refusal_in_the_status_bar_goes_when_the_field_is_accepted(qtbot: Any, window: Any) -> None:
    """Typing 1960 passes through "196", which the model refuses: the status bar said "Not accepted:
    ... (got 196)" for 8 s while the box showed an accepted 1960."""
    window.new_case()
    year = window.form.field_widget("birth_year")
    year.setFocus()
    qtbot.keyClicks(year, "196")
    assert window.statusBar().currentMessage().startswith("Not accepted: Year of birth")
    qtbot.keyClicks(year, "0")
    assert window.document.case.birth_year == 1960
    assert window.statusBar().currentMessage() == ""
    ki67 = window.form.field_widget("ki67_pct")
    ki67.setFocus()
    qtbot.keyClicks(ki67, "140")
    refused = window.statusBar().currentMessage()
    assert refused.startswith("Not accepted: Ki-67")
    notes = window.form.field_widget("notes")
    notes.setFocus()
    qtbot.keyClicks(notes, "x")  # another field's accepted edit leaves the Ki-67 refusal shown
    assert window.document.case.notes == "x" and window.statusBar().currentMessage() == refused


def test_a_stored_direction_override_is_written_out_in_every_other_place_a_label_is_shown(
    qtbot: Any, window: Any, store: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list's model wrote U+202E out, but the row's painter drew the label as stored (turning the
    row around on screen), and so did the trash, the earlier-versions and history titles, the follow-up
    list, the meetings window's case picker and the time-point and decision dialogs."""
    from PySide6.QtGui import QPainter

    from nelm_desktop.core.timeline import TimePoints
    from nelm_desktop.ui.library.versions_dialogs import TrashDialog, VersionsDialog
    from nelm_desktop.ui.timeline.time_point_dialog import TimePointDialog
    from nelm_desktop.ui.window.dialogs import HistoryDialog

    saved = _write_with(store, patient_label="NET\u202e21-A")
    TimePoints(store.root).record(saved.case, follow_up="2020-01-01")  # due: in the follow-up list
    drawn: list[str] = []
    draw_text = QPainter.drawText

    def recording(self: QPainter, *args: Any) -> Any:
        drawn.extend(a for a in args if isinstance(a, str))
        return draw_text(self, *args)

    monkeypatch.setattr(QPainter, "drawText", recording)
    window.refresh_library()
    window.library.view.viewport().repaint()
    monkeypatch.undo()
    assert any(t.startswith("NET[U+202E]21-A") for t in drawn), drawn
    assert not any("\u202e" in t for t in drawn)
    follow = window.library.follow_ups
    assert "NET[U+202E]21-A" in follow.list.item(0).text()
    case = store.load(saved.case.case_id).case
    titles = [
        VersionsDialog(window.session, case, window).windowTitle(),
        HistoryDialog(store, case, window).windowTitle(),
    ]
    assert all("NET[U+202E]21-A" in t and "\u202e" not in t for t in titles), titles
    assert window.session.open_case(case.case_id)
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, TimePointDialog):
            seen.append(dialog.findChild(QLabel).text())
            dialog.reject()

    QTimer.singleShot(0, answer)
    window.timeline.save_time_point()
    assert seen and "NET[U+202E]21-A" in seen[0] and "\u202e" not in seen[0]
    window.close_case()
    store.delete(case.case_id)
    trash = TrashDialog(window.session, window)
    qtbot.addWidget(trash)
    assert trash.tree.topLevelItem(0).text(0) == "NET[U+202E]21-A"


def test_a_stored_line_break_or_tab_in_a_one_line_field_opens_marked_and_blocks_save(
    qtbot: Any, window: Any, store: CaseStore, dialogs: Any
) -> None:
    """Another program wrote a tab into the label and a line break into the syndrome's name: the case
    was set aside as damaged (gone from the list), though notes with the same characters only open
    marked. Now it opens as written, both fields marked, Save waits until the user removes them."""
    saved = _write_with(store, patient_label="Smith\tJ", syndrome_name="carcinoid\nsyndrome")
    before = saved.path.read_bytes()
    assert [row.patient_label for row in store.list_cases()] == ["Smith\tJ"]
    assert window.session.open_case(saved.case.case_id)
    assert store.quarantined() == [] and store.unreadable() == []
    assert window.document.case.patient_label == "Smith\tJ"  # read as written: nothing stripped
    label = window.form.field_widget("patient_label")
    assert label.property("invalid")
    assert "a tab (U+0009) at character 6" in window.form.binder.error_text("patient_label")
    assert "a line break (U+000A) at character 10" in window.form.binder.error_text("syndrome_name")
    label.setFocus()
    qtbot.keyClick(label, Qt.Key.Key_S, CTRL)
    assert dialogs.titles() == ["Not saved"] and "U+0009" in dialogs.asked[0][1]
    assert saved.path.read_bytes() == before
    # The user retypes both: saved exactly as shown.
    qtbot.keyClick(label, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(label, "Smith J")
    syndrome = window.form.field_widget("syndrome_name")
    syndrome.setFocus()
    qtbot.keyClick(syndrome, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(syndrome, "carcinoid syndrome")
    qtbot.keyClick(syndrome, Qt.Key.Key_S, CTRL)
    assert dialogs.titles() == ["Not saved"]
    stored = json.loads(saved.path.read_text(encoding="utf-8"))["case"]
    assert (stored["patient_label"], stored["syndrome_name"]) == ("Smith J", "carcinoid syndrome")
    assert store.quarantined() == []
