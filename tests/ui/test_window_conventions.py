"""Desktop conventions of the main window (#13 items 10-14): sizes from the available screen, standard
keys with no ambiguous shortcut, F6 panes, Help > Keyboard shortcuts, zoom, recent cases and the last
case reopened, nothing of one case's view leaking into the next, file dialogs and their titles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu

from nelm_desktop.ui.widgets import screen_fit
from nelm_desktop.ui.window.shortcuts_dialog import ShortcutsDialog, menu_shortcuts

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _saved_case(window: Any, qtbot: Any, label: str) -> str:
    window.new_case()
    field = window.form.field_widget("patient_label")
    field.setFocus()
    qtbot.keyClicks(field, label)
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL)
    return str(window.document.case.case_id)


# --- item 10: sizes ---------------------------------------------------------------------------------
@pytest.mark.parametrize("screen", [QRect(0, 0, 1366, 738), QRect(0, 27, 1280, 693)])
def test_the_main_window_fits_the_available_screen(
    make_window: Any, monkeypatch: pytest.MonkeyPatch, screen: QRect
) -> None:
    monkeypatch.setattr(screen_fit, "available_geometry", lambda _widget=None: screen)
    window = make_window()
    frame_w, frame_h = screen_fit.FRAME_W, screen_fit.FRAME_H
    assert window.width() + frame_w <= screen.width()
    assert window.height() + frame_h <= screen.height()
    assert screen.contains(QRect(window.pos(), window.size()))
    # The three panes fit side by side without a horizontal scroll bar in the form.
    window.new_case()
    QApplication.processEvents()
    assert sum(window.splitter.sizes()) <= window.width()
    assert window.minimumSizeHint().width() <= screen.width()
    assert not window.form.horizontalScrollBar().isVisible()


def test_the_first_start_on_a_large_screen_opens_in_the_middle(
    make_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1920x1080 with a task bar: the 1440x900 window used to open in the top-left corner."""
    screen = QRect(0, 0, 1920, 1040)
    monkeypatch.setattr(screen_fit, "available_geometry", lambda _widget=None: screen)
    window = make_window()
    assert window.size() == QSize(1440, 900)
    framed = QRect(window.pos(), QSize(1440 + screen_fit.FRAME_W, 900 + screen_fit.FRAME_H))
    assert abs(framed.center().x() - screen.center().x()) <= 1
    assert abs(framed.center().y() - screen.center().y()) <= 1
    assert screen.contains(framed)


def test_a_window_saved_on_a_large_screen_is_pulled_onto_a_small_one(
    make_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = make_window()
    big.resize(2400, 1500)
    big.move(300, 200)
    big.close()
    small = QRect(0, 0, 1366, 738)
    monkeypatch.setattr(screen_fit, "available_geometry", lambda _widget=None: small)
    window = make_window()
    assert small.contains(QRect(window.pos(), window.size()))


def test_fit_size_keeps_a_small_preferred_size_and_shrinks_a_big_one() -> None:
    screen = QRect(0, 0, 1366, 738)
    assert screen_fit.fit_size(QSize(560, 520), screen) == QSize(560, 520)
    fitted = screen_fit.fit_size(QSize(820, 980), screen, share=0.92)
    assert fitted.height() <= 738 * 0.92 and fitted.width() == 820


# --- item 11: standard keys, no ambiguity -----------------------------------------------------------
def test_no_shortcut_is_bound_twice(window: Any) -> None:
    seen: dict[str, str] = {}
    owners = [*window.findChildren(QAction), *window.findChildren(QShortcut)]
    for owner in owners:
        keys = owner.shortcuts() if isinstance(owner, QAction) else [owner.key()]
        for key in keys:
            if key.isEmpty():
                continue
            text = key.toString(QKeySequence.SequenceFormat.PortableText)
            name = owner.text() if isinstance(owner, QAction) else owner.objectName()
            assert text not in seen or seen[text] == name, f"{text}: {seen.get(text)} and {name}"
            seen[text] = name
    # Each action lists each sequence once (Qt calls a repeated one "ambiguous" and ignores the key).
    for action in window.findChildren(QAction):
        texts = [k.toString() for k in action.shortcuts()]
        assert len(texts) == len(set(texts)), action.text()


@pytest.mark.parametrize(
    "redo_key", [(Qt.Key.Key_Y, CTRL), (Qt.Key.Key_Z, CTRL | SHIFT)], ids=["ctrl+y", "ctrl+shift+z"]
)
def test_redo_works_with_both_keys_from_a_number_field(window: Any, qtbot: Any, redo_key: Any) -> None:
    window.new_case()
    ki67 = window.form.field_widget("ki67_pct")
    ki67.setFocus()
    qtbot.keyClick(ki67, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(ki67, "5")
    assert window.document.case.ki67_pct == 5
    qtbot.keyClick(ki67, Qt.Key.Key_Z, CTRL)
    assert window.document.case.ki67_pct is None
    qtbot.keyClick(ki67, *redo_key)
    assert window.document.case.ki67_pct == 5
    assert ki67.value() == 5


# --- item 12: panes, help, zoom, recent, last case ----------------------------------------------------
def test_f6_and_shift_f6_cycle_the_panes(window: Any, qtbot: Any) -> None:
    _saved_case(window, qtbot, "AB-1")
    window.library.view.setFocus()
    qtbot.keyClick(window.library.view, Qt.Key.Key_F6)
    focus = QApplication.focusWidget()
    assert window.centre.isAncestorOf(focus)
    qtbot.keyClick(focus, Qt.Key.Key_F6)
    focus = QApplication.focusWidget()
    assert window.options_panel.isAncestorOf(focus)
    qtbot.keyClick(focus, Qt.Key.Key_F6)
    assert QApplication.focusWidget() is window.library.view
    qtbot.keyClick(window.library.view, Qt.Key.Key_F6, SHIFT)
    assert window.options_panel.isAncestorOf(QApplication.focusWidget())


def test_help_lists_the_keyboard_shortcuts_from_the_actions(window: Any) -> None:
    rows = dict(menu_shortcuts(window))
    assert "Ctrl+Y" in rows["Edit › Redo"] and "Ctrl+Shift+Z" in rows["Edit › Redo"]
    assert rows["View › Next pane"] == "F6"
    # Bare dedicated keys the platform adds (X11: "Undo", "New", "Zoom In", F14) are not listed.
    assert rows["Edit › Undo"].split(", ")[0] == "Ctrl+Z"
    for keys in rows.values():
        for key in keys.split(", "):
            assert (
                "+" in key or key in {"F1", "F6", "F11", "Del", "Delete", "Esc"} or key.startswith("Shift")
            ), key
    dialog = ShortcutsDialog(window)
    listed = dialog.rows()
    assert any("Arrow keys" in keys for keys, _ in listed)
    assert len(listed) >= len(rows)
    dialog.close()


def test_zoom_scales_the_form_and_the_panel(window: Any, qtbot: Any) -> None:
    window.new_case()
    base = window.form.font().pointSizeF()
    label, box = window.form.field_labels["ki67_pct"], window.form.field_widget("ki67_pct")
    sheet = window.form.widget().styleSheet()
    qtbot.keyClick(window, Qt.Key.Key_Plus, CTRL)
    assert window.form.font().pointSizeF() > base
    assert window.options_panel.font().pointSizeF() > base
    # What the user reads grows too (the form's content is style-sheet-styled: Qt passes no font to it).
    assert label.font().pointSizeF() == pytest.approx(base * 1.15, abs=0.1)
    assert box.font().pointSizeF() == pytest.approx(base * 1.15, abs=0.1)
    qtbot.keyClick(window, Qt.Key.Key_0, CTRL)
    assert window.form.font().pointSizeF() == pytest.approx(base)
    assert label.font().pointSizeF() == pytest.approx(base)
    assert window.form.widget().styleSheet() == sheet  # actual size: the sheet exactly as it was
    qtbot.keyClick(window, Qt.Key.Key_Minus, CTRL)
    assert window.form.font().pointSizeF() < base


def test_recent_cases_and_the_last_case_reopened_at_start(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    first = _saved_case(window, qtbot, "First")
    second = _saved_case(window, qtbot, "Second")
    window.close()
    again = make_window()
    assert again.document.case is not None and again.document.case.case_id == second
    menu: QMenu = again.menu_actions.recent_menu
    again.fill_recent_menu(menu)
    texts = [a.text() for a in menu.actions()]
    assert texts == ["&1 Second", "&2 First"]
    menu.actions()[1].trigger()
    assert again.document.case.case_id == first


def test_the_demo_cases_can_be_opened_after_saying_no(window: Any, dialogs: Any) -> None:
    assert window.library.model.rowCount() == 0
    window.menu_actions.demo.trigger()
    assert window.library.model.rowCount() >= 3
    assert window.document.case is not None and window.document.case.demo


# --- item 13: nothing leaks between cases -------------------------------------------------------------
def test_view_state_does_not_leak_into_the_next_case(window: Any, qtbot: Any) -> None:
    window.menu_actions.demo.trigger()
    first = window.document.case.case_id
    from nelm_desktop.ui.options.option_row import OptionRow

    option_rows = [r for r in window.options_panel.findChildren(OptionRow) if r.isVisible()]
    option_rows[0].set_expanded(True)
    window.liver_editor.diagram.select_segment("VI")
    window.options_panel.scroll.verticalScrollBar().setValue(200)
    model = window.library.model
    other = next(
        model.summary(r).case_id for r in range(model.rowCount()) if model.summary(r).case_id != first
    )
    window.session.open_case(other)
    assert window.document.case.case_id == other
    assert not any(r.is_expanded() for r in window.options_panel.findChildren(OptionRow))
    assert window.liver_editor.diagram.selected_segment() is None
    assert window.options_panel.scroll.verticalScrollBar().value() == 0


# --- item 14: dialogs -----------------------------------------------------------------------------------
def test_file_dialogs_open_in_documents_then_in_the_last_folder(
    window: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    starts: list[str] = []

    def fake_open(_parent: Any, _title: str, start: str, _filter: str) -> tuple[str, str]:
        starts.append(start)
        return (str(tmp_path / "picked" / "case.json"), "")

    (tmp_path / "picked").mkdir()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", fake_open)
    monkeypatch.setattr(window.files, "import_path", lambda *_a, **_k: None)
    window.files.open_file()
    window.files.open_file()
    assert Path(starts[0]) != Path.cwd()
    assert starts[1] == str(tmp_path / "picked")


def test_the_save_as_pdf_choice_is_titled_for_saving(window: Any, qtbot: Any, monkeypatch: Any) -> None:
    from nelm_desktop.ui.printing import controller as printing

    titles: list[str] = []
    monkeypatch.setattr(
        printing.ReportChoiceDialog, "exec", lambda self: titles.append(self.windowTitle()) or 0
    )
    window.new_case()
    window.menu_actions.pdf.trigger()
    window.menu_actions.preview.trigger()
    window.menu_actions.print.trigger()
    assert titles == ["Save report as PDF", "Print preview", "Print report"]


def test_the_report_choice_opens_centred_on_the_window(window: Any, qtbot: Any, monkeypatch: Any) -> None:
    """Sized to the screen but not moved: Qt centres it on the main window (it opened in the screen's
    corner, away from the window, when the size fit also moved it)."""
    from nelm_desktop.ui.printing import controller as printing

    window.move(200, 60)
    centres: list[tuple[Any, Any]] = []

    def shown(dialog: Any) -> int:
        dialog.show()
        QApplication.processEvents()
        centres.append((dialog.frameGeometry().center(), window.frameGeometry().center()))
        dialog.close()
        return 0

    monkeypatch.setattr(printing.ReportChoiceDialog, "exec", shown)
    window.new_case()
    window.menu_actions.print.trigger()
    [(dialog_centre, window_centre)] = centres
    # (Qt centres the size at show; the layout may widen the dialog a little afterwards.)
    assert abs(dialog_centre.x() - window_centre.x()) <= 100, centres
    assert abs(dialog_centre.y() - window_centre.y()) <= 60, centres


def test_case_history_shows_labels_and_old_and_new_values(window: Any, qtbot: Any, store: Any) -> None:
    from nelm_desktop.ui.window.dialogs import HistoryDialog

    _saved_case(window, qtbot, "H-1")
    ki67 = window.form.field_widget("ki67_pct")
    ki67.setFocus()
    qtbot.keyClick(ki67, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(ki67, "14")
    qtbot.keyClick(ki67, Qt.Key.Key_S, CTRL)
    qtbot.keyClick(ki67, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(ki67, "20")
    qtbot.keyClick(ki67, Qt.Key.Key_S, CTRL)
    dialog = HistoryDialog(store, window.document.case, window)
    newest = dialog.tree.topLevelItem(0).text(2)
    assert "Ki-67 index (%): 14 → 20" in newest
    assert "ki67_pct" not in newest
    dialog.close()


def test_other_site_is_off_while_a_listed_site_is_chosen(window: Any, qtbot: Any) -> None:
    window.new_case()
    site = window.form.field_widget("primary_site")
    other = window.form.field_widget("primary_site_other")
    site.setFocus()
    site.setCurrentIndex(site.findData("pancreas"))
    site.activated.emit(site.currentIndex())
    assert window.document.case.primary_site == "pancreas"
    assert not other.isEnabled()
    site.setCurrentIndex(site.findData("other"))
    site.activated.emit(site.currentIndex())
    assert other.isEnabled()


def test_confirm_type_list_speaks_clinical_words_with_visible_definitions(window: Any) -> None:
    combo = window.liver_editor.facts.type_combo
    items = [combo.itemText(i) for i in range(combo.count())]
    assert not any("PATTERN" in t or "column" in t for t in items)
    assert "Type I (single metastasis)" in items
    assert all("(" in t for t in items[1:] if t != "Limited bilobar"), items


def test_none_is_styled_apart_from_unknown(window: Any) -> None:
    widget = window.form.field_widget("extrahepatic_disease")
    assert widget.button_for("unknown").property("unknownChoice") is True
    assert widget.button_for("none").property("unknownChoice") is False
