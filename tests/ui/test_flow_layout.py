"""The flow layout remembers heights per width; what changes a height must still show."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPushButton, QWidget

from nelm_desktop.ui.widgets.flow_layout import FlowLayout


def test_a_remembered_height_follows_hidden_added_and_grown_items(qtbot: Any) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    layout = FlowLayout(host, h_spacing=0, v_spacing=0)
    buttons = [QPushButton("choice", host) for _ in range(4)]
    for button in buttons:
        layout.addWidget(button)
    host.show()
    qtbot.waitExposed(host)
    line = buttons[0].sizeHint().height()
    width = buttons[0].sizeHint().width() * 2 + 1  # two per line
    assert layout.heightForWidth(width) == 2 * line
    assert layout.heightForWidth(width) == 2 * line  # asked again: the remembered answer

    buttons[3].hide()
    buttons[2].hide()
    assert layout.heightForWidth(width) == line  # hidden items take no space

    buttons[2].show()
    buttons[2].setText("a much longer choice than the others, alone on its line")
    assert layout.heightForWidth(width) == 2 * line

    extra = QPushButton("choice", host)
    layout.addWidget(extra)
    extra.show()
    assert layout.heightForWidth(width) == 3 * line
