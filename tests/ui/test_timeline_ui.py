"""The timeline room in the window, with real key presses and clicks: save as time point (dialog),
"since last time" (facts, statuses, lesions side by side with the two dates), the knowledge-base banner,
and the library's follow-up list."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QTextDocument
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from nelm_desktop.core.model import Lesion, new_case
from nelm_desktop.core.timeline import TimePoints
from nelm_desktop.core.timeline.snapshot import Snapshot
from nelm_desktop.ui.timeline.time_point_dialog import TimePointDialog


def _type_into(qtbot: Any, widget: Any, text: str) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def _answer_time_point_dialog(qtbot: Any, label: str, follow_up: str, seen: list[str]) -> None:
    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, TimePointDialog):
            QTimer.singleShot(50, fill)
            return
        qtbot.keyClicks(dialog.label_edit, label)
        qtbot.keyClicks(dialog.follow_up_edit, "2026-13-01")  # not a date: shown, OK blocked
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        seen.append(f"blocked={not ok.isEnabled()} error={dialog.error.text()}")
        _type_into(qtbot, dialog.follow_up_edit, follow_up)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill)


def test_save_as_time_point_then_since_last_time_shows_what_changed(
    window: Any, qtbot: Any, store: Any
) -> None:
    window.new_case()
    _type_into(qtbot, window.form.field_widget("patient_label"), "TL-1")
    _type_into(qtbot, window.form.field_widget("ki67_pct"), "4")
    window.document.apply("lesions", [Lesion(segment="VI", size_cm=2.0, count=1)])
    seen: list[str] = []
    _answer_time_point_dialog(qtbot, "before PRRT", "2027-01-15", seen)
    qtbot.keyClick(
        window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: window.timeline.visible())
    assert seen and seen[0].startswith("blocked=True") and "YYYY-MM-DD" in seen[0]
    case_id = window.document.case.case_id
    [point] = TimePoints(store.root).points(case_id)
    assert (point.label, point.follow_up) == ("before PRRT", "2027-01-15")
    assert not window.document.is_dirty  # the case was saved before the snapshot
    panel = window.timeline.panel
    assert "before PRRT" in panel.entries.item(panel.entries.count() - 1).text()
    assert "No fact changed" in panel.facts_label.text()
    # the heading and its "none" on two lines, as the list of changes would be (they ran together)
    for label, empty in (
        (panel.facts_label, "No fact changed."),
        (panel.statuses_label, "No status changed."),
    ):
        shown = QTextDocument()
        shown.setHtml(label.text())
        assert shown.toPlainText().splitlines()[1] == empty
    # Now the disease moves on: a higher Ki-67, a lesion grows, a new one appears.
    _type_into(qtbot, window.form.field_widget("ki67_pct"), "30")
    window.document.apply(
        "lesions", [Lesion(segment="VI", size_cm=4.5, count=1), Lesion(segment="II", size_cm=1.0, count=1)]
    )
    assert "Ki-67 index (%): 4 → 30" in panel.facts_label.text()
    assert panel.diff is not None and panel.diff.statuses  # G1 -> G3 changes options
    assert panel.diff.statuses[0].label in panel.statuses_label.text()
    assert panel.before_diagram.title() == point.day and panel.after_diagram.title().startswith("Now (")
    assert panel.after_diagram.changed_segments() == {"II": "added", "VI": "grown"}
    assert "segment II added" in panel.after_diagram.accessibleName()
    assert f"Since the time point “before PRRT” of {point.day}" in panel.since_title.text()


def test_knowledge_base_change_is_shown_with_the_statuses_it_changes(
    window: Any, qtbot: Any, store: Any
) -> None:
    case = store.save(new_case(patient_label="KB-1", differentiation="well", ki67_pct=3)).case
    points = TimePoints(store.root)
    old = points.record(case).snapshot.to_json()
    old["knowledge_base"] = "NELM-KB 0.9 (older)"
    old["evaluation"]["options"]["ssa"]["status"] = "contraindicated"
    points.record(case, snapshot=Snapshot.from_json(old), label="under the old KB")
    window.refresh_library()
    window.session.open_case(case.case_id)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.timeline.visible())
    banner = window.timeline.panel.kb_banner
    assert banner.isVisible()
    assert "NELM-KB 0.9 (older) -&gt;" in banner.text() or "NELM-KB 0.9 (older) ->" in banner.text()
    assert "Somatostatin analogues (SSA)" in banner.text()


def test_library_lists_due_follow_ups_and_a_click_opens_the_case(window: Any, qtbot: Any, store: Any) -> None:
    due = store.save(new_case(patient_label="Due-1")).case
    later = store.save(new_case(patient_label="Later-1")).case
    TimePoints(store.root).record(due, follow_up="2020-01-01")
    TimePoints(store.root).record(later, follow_up="2099-01-01")
    window.refresh_library()
    follow = window.library.follow_ups
    assert follow.isVisible() and follow.case_ids() == [due.case_id]
    assert "1 (1 overdue)" in follow.title.text()
    rect = follow.list.visualItemRect(follow.list.item(0))
    qtbot.mouseClick(follow.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.document.case is not None and window.document.case.case_id == due.case_id)


def test_a_refused_entry_is_named_before_the_time_point_dialog_asks_for_anything(
    window: Any, qtbot: Any, store: Any, dialogs: Any, monkeypatch: Any
) -> None:
    """The dialog used to come first: a label and a follow-up date typed there were lost when the
    case then could not be saved (a refused entry on screen)."""
    window.new_case()
    _type_into(qtbot, window.form.field_widget("patient_label"), "TL-2")
    _type_into(qtbot, window.form.field_widget("ki67_pct"), "140")  # refused: shown, blocks a save
    qtbot.keyClick(window.form.field_widget("ki67_pct"), Qt.Key.Key_Tab)
    opened: list[str] = []
    monkeypatch.setattr(TimePointDialog, "exec", lambda self: opened.append("dialog") or 0)
    qtbot.keyClick(
        window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert opened == []
    assert any(title == "Not saved" and "Ki-67" in text for title, text in dialogs.asked), dialogs.asked
    assert TimePoints(store.root).points(window.document.case.case_id) == []


def test_a_time_point_updates_the_follow_ups_without_listing_the_library_again(
    window: Any, qtbot: Any, store: Any, monkeypatch: Any
) -> None:
    case = store.save(new_case(patient_label="FU-1")).case
    window.refresh_library()
    window.session.open_case(case.case_id, ask=False)
    listings: list[int] = []
    listed = type(store).list_cases
    monkeypatch.setattr(
        type(store), "list_cases", lambda self, *a, **k: listings.append(1) or listed(self, *a, **k)
    )
    seen: list[str] = []
    _answer_time_point_dialog(qtbot, "after surgery", "2020-02-01", seen)
    qtbot.keyClick(
        window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: window.library.follow_ups.case_ids() == [case.case_id])
    assert listings == []  # at 50,000 cases a listing on the GUI thread took ~0.5 s


def _time_point_then(qtbot: Any, label: str, follow_up: str, then: Any = None) -> None:
    """Type into the time-point dialog and press OK; `then()` runs once the dialog has closed (e.g. to
    answer the conflict box the case's save opens)."""

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, TimePointDialog):
            QTimer.singleShot(50, fill)
            return
        _type_into(qtbot, dialog.label_edit, label)
        _type_into(qtbot, dialog.follow_up_edit, follow_up)
        if then is not None:
            QTimer.singleShot(0, then)
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill)


def _read_time_point_dialog(seen: list[tuple[str, str]]) -> None:
    def read() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, TimePointDialog):
            QTimer.singleShot(50, read)
            return
        seen.append((dialog.label_edit.text(), dialog.follow_up_edit.text()))
        dialog.reject()

    QTimer.singleShot(0, read)


def _press_save_as_time_point(qtbot: Any, window: Any) -> None:
    window.activateWindow()  # back from a modal box (offscreen does not give the activation back)
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(
        window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )


@pytest.mark.parametrize("answer", ["Cancel", "Reload theirs", "Keep mine as a copy"])
def test_a_time_point_lost_to_a_conflict_keeps_what_was_typed_and_says_why(
    window: Any, qtbot: Any, store: Any, answer: str
) -> None:
    """Another window saved the same case meanwhile: the case's save opens the conflict box. Whatever
    the answer, no snapshot of a case the user did not see is kept, and the label and date typed are
    offered again (they were lost; after "Reload theirs" the other window's version was snapshotted)."""
    from PySide6.QtWidgets import QMessageBox

    saved = store.save(new_case(patient_label="TP-C", ki67_pct=4))
    window.refresh_library()
    window.session.open_case(saved.case.case_id, ask=False)
    _type_into(qtbot, window.form.field_widget("ki67_pct"), "12")  # unsaved edit on screen
    store.save(
        saved.case.model_copy(update={"ki67_pct": 9.0}), expected_hash=saved.file_hash
    )  # the other window

    def answer_conflict() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, answer_conflict)
            return
        button = next(b for b in box.buttons() if b.text().replace("&", "") == answer)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    _time_point_then(qtbot, "before PRRT", "2027-01-15", answer_conflict)
    _press_save_as_time_point(qtbot, window)
    assert TimePoints(store.root).points(saved.case.case_id) == []
    if answer == "Keep mine as a copy":  # the user's own facts, now the copy on screen: kept there
        copy = window.document.case
        assert copy.case_id != saved.case.case_id and copy.ki67_pct == 12
        [point] = TimePoints(store.root).points(copy.case_id)
        assert (point.label, point.follow_up) == ("before PRRT", "2027-01-15")
        return
    message = window.statusBar().currentMessage()
    assert "Time point not kept" in message and "kept for the next try" in message
    seen: list[tuple[str, str]] = []
    _read_time_point_dialog(seen)
    _press_save_as_time_point(qtbot, window)
    assert seen == [("before PRRT", "2027-01-15")]


def test_a_time_point_the_disk_refuses_is_explained_and_kept_for_the_next_try(
    window: Any, qtbot: Any, store: Any, dialogs: Any
) -> None:
    saved = store.save(new_case(patient_label="TP-D"))
    window.refresh_library()
    window.session.open_case(saved.case.case_id, ask=False)
    blocker = TimePoints(store.root).case_folder(saved.case.case_id)
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("not a folder")  # the case's time-point folder cannot be made (as a full disk)
    _time_point_then(qtbot, "restaging", "2027-03-01")
    _press_save_as_time_point(qtbot, window)
    [(title, text)] = dialogs.asked
    assert title == "Time point not kept" and "kept for the next try" in text
    blocker.unlink()
    _time_point_then(qtbot, "", "")  # nothing retyped: what the dialog offers is what was typed
    _press_save_as_time_point(qtbot, window)
    qtbot.waitUntil(lambda: bool(TimePoints(store.root).points(saved.case.case_id)))
    [point] = TimePoints(store.root).points(saved.case.case_id)
    assert (point.label, point.follow_up) == ("restaging", "2027-03-01")


def test_a_hidden_character_in_a_time_point_label_is_named_and_blocks(qtbot: Any) -> None:
    from PySide6.QtGui import QGuiApplication

    dialog = TimePointDialog("TP-H")
    qtbot.addWidget(dialog)
    dialog.show()
    QGuiApplication.clipboard().setText("after\x1bPRRT")
    dialog.label_edit.setFocus()
    qtbot.keyClick(dialog.label_edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert dialog.label_edit.text() == "after\x1bPRRT"
    assert "label contains an invisible control character (U+001B)" in dialog.error.text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    qtbot.keyClick(dialog.label_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.label_edit, "after PRRT")
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_a_pasted_label_longer_than_kept_is_named_not_cut(qtbot: Any) -> None:
    from PySide6.QtGui import QGuiApplication

    dialog = TimePointDialog("TP-L")
    qtbot.addWidget(dialog)
    dialog.show()
    QGuiApplication.clipboard().setText("x" * 600)  # the label keeps 500 characters
    dialog.label_edit.setFocus()
    qtbot.keyClick(dialog.label_edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert dialog.label_edit.text() == "x" * 600  # the field cut it to 500 without a word
    assert "The label is 600 characters long; at most 500" in dialog.error.text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    qtbot.keyClick(dialog.label_edit, Qt.Key.Key_End)
    for _ in range(100):
        qtbot.keyClick(dialog.label_edit, Qt.Key.Key_Backspace)
    assert dialog.error.text() == "" and dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


@pytest.mark.parametrize("typed", ["2027-W03-1", "20270115"])
def test_a_follow_up_that_is_not_yyyy_mm_dd_is_refused_not_read_as_a_week(qtbot: Any, typed: str) -> None:
    """Python reads "2027-W03-1" as Monday 18 January 2027: the time point kept a date nobody typed."""
    dialog = TimePointDialog("TP-W")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.follow_up_edit, typed)
    assert "is not a date (YYYY-MM-DD)" in dialog.error.text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


@pytest.mark.parametrize("typed", ["0025-03-01", "2207-01-01"])
def test_a_follow_up_with_a_slipped_year_is_refused(qtbot: Any, typed: str, tmp_path: Any) -> None:
    """Year 25 for 2025 was kept and listed as overdue; a follow-up read from a file is never judged."""
    dialog = TimePointDialog("TP-Y")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.follow_up_edit, typed)
    assert f"Follow-up date: {typed} is " in dialog.error.text() and "check the year" in dialog.error.text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    points = TimePoints(tmp_path)
    case = new_case(patient_label="TP-Y")
    kept = points.record(case, follow_up="2027-03-01")
    path = points.case_folder(case.case_id) / f"{kept.point_id}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["follow_up"] = typed  # as an older version or another program wrote it
    path.write_text(json.dumps(data), encoding="utf-8")
    assert [p.follow_up for p in points.points(case.case_id)] == [typed]  # read as stored, not skipped


def test_a_label_longer_than_the_app_keeps_is_shown_cut_with_the_cut_said(
    window: Any, qtbot: Any, store: Any
) -> None:
    """A time-point file from another program (or a board plan) with a 700-character label: the timeline
    cut it to 500 in silence, so the user read another label than the one saved."""
    case = store.save(new_case(patient_label="Long-1")).case
    points = TimePoints(store.root)
    kept = points.record(case, label="x" * 500)  # what the dialog lets through: shown whole
    path = points.case_folder(case.case_id) / f"{kept.point_id}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["label"] = "y" * 699 + "\u202e"  # as another program wrote it
    path.write_text(json.dumps(data), encoding="utf-8")
    other = points.record(case, label="z" * 500)
    assert {p.label for p in points.points(case.case_id)} == {"y" * 699 + "\u202e", "z" * 500}  # as stored
    window.refresh_library()
    assert window.session.open_case(case.case_id)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.timeline.visible())
    entries = window.timeline.panel.entries
    texts = [entries.item(row).text() for row in range(entries.count())]
    assert any(t.endswith(": " + "y" * 500 + "… [cut for display: 700 characters in all]") for t in texts), (
        texts
    )
    assert any(t.endswith(": " + "z" * 500) for t in texts), texts  # what the app keeps: whole, no marker
    assert other.label == "z" * 500


def _luminance(colour: Any) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green()) + 0.0722 * channel(colour.blue())


def test_treatment_rows_of_the_timeline_are_readable(window: Any, qtbot: Any) -> None:
    """Treatment rows (no time point) were drawn in placeholder grey, ~3:1 on the list's white: below
    the 4.5:1 that body text needs. They stay muted, at least 4.5:1."""
    from nelm_desktop.core.treatments import TreatmentLine
    from nelm_desktop.ui.timeline.timeline_panel import POINT_ROLE

    window.new_case()
    _type_into(qtbot, window.form.field_widget("patient_label"), "TL-2")
    window.document.apply("treatment_history", [TreatmentLine(modality="ssa", start="2025-01")])
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)  # Case timeline
    qtbot.waitUntil(lambda: window.timeline.visible())
    entries = window.timeline.panel.entries
    untimed = [entries.item(r) for r in range(entries.count()) if not entries.item(r).data(POINT_ROLE)]
    assert untimed, [entries.item(r).text() for r in range(entries.count())]
    paper = entries.palette().base().color()
    base = _luminance(paper)
    for item in untimed:
        drawn = item.foreground().color()  # placeholder grey is the text colour, half transparent
        a = drawn.alphaF()
        ink = _luminance(
            QColor.fromRgbF(
                drawn.redF() * a + paper.redF() * (1 - a),
                drawn.greenF() * a + paper.greenF() * (1 - a),
                drawn.blueF() * a + paper.blueF() * (1 - a),
            )
        )
        ratio = (max(base, ink) + 0.05) / (min(base, ink) + 0.05)
        assert ratio >= 4.5, (item.text(), round(ratio, 2))
