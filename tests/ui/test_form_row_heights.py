"""The form's rows keep their full height when a row grows after the pane's width changed.

Seen at 1366x768: the splitter moved (form narrower), then Ki-67 typed as 140 showed its error line,
and the section's nested QFormLayout laid its rows out with heights from the earlier width: the
hints beside the choices were cut to two lines and Grade's "G3 NET" and "NEC" buttons vanished.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget


def _cut_widgets(box: QWidget) -> list[tuple[str, int, int]]:
    """Visible wrapped labels shorter than their text needs at their width, and buttons cut off."""
    cut = [
        (label.text()[:30], label.height(), label.heightForWidth(label.width()))
        for label in box.findChildren(QLabel)
        if label.isVisible() and label.wordWrap() and label.text()
        if label.heightForWidth(label.width()) > label.height() + 1
    ]
    for button in box.findChildren(QAbstractButton):
        parent = button.parentWidget()
        if button.isVisible() and parent is not None and not parent.rect().contains(button.geometry()):
            cut.append((button.text(), button.geometry().bottom(), parent.height()))
    return cut


def test_rows_keep_their_height_when_an_error_line_shows_after_a_narrower_pane(
    window: Any, qtbot: Any
) -> None:
    window.resize(1366, 730)
    window.new_case()
    window.form.ensure_built()
    panel = window.splitter.sizes()[2]
    window.splitter.setSizes([260, 1366 - 260 - panel, panel])
    qtbot.wait(200)
    window.splitter.setSizes([340, 1366 - 340 - panel, panel])  # the form gets narrower
    qtbot.wait(200)
    box = window.form.section_boxes["primary"]
    assert _cut_widgets(box) == []

    ki67 = window.form.field_widget("ki67_pct")
    window.form.ensureWidgetVisible(ki67)
    ki67.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(ki67.lineEdit(), "140")  # refused: its error line appears under the box
    qtbot.waitUntil(lambda: window.form.rejected_entries() != [])
    qtbot.wait(200)
    assert _cut_widgets(box) == []
