"""The case form's build does not restyle what it has just built (#17 start-up).

The form's content carries the form's style sheet. Built first and put into the scroll area after,
every widget of the first screen was restyled by that move (Qt re-resolves a style-sheet subtree
on a parent change): ~90M instructions of a `--demo` start. The content now goes into the scroll
area before its sections are built, so each widget is styled once, as it is made.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget
from shiboken6 import getCppPointer

from nelm_desktop.ui.case.case_form import CaseForm
from nelm_desktop.ui.liver.liver_editor import LiverEditor


def _address(obj: QObject) -> int:
    """The C++ object's address: Python wrappers made for an event come and go (ids repeat)."""
    return int(getCppPointer(obj)[0])


class _StyleChanges(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen: Counter[int] = Counter()  # by C++ address

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.StyleChange:
            self.seen[_address(watched)] += 1
        return False


def test_each_form_widget_is_styled_once_while_the_form_is_built(qtbot: Any) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 900)
    liver_editor = LiverEditor()  # made before the form (as the main window does), moved into it
    changes = _StyleChanges()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(changes)
    try:
        form = CaseForm(liver_editor, window)
    finally:
        app.removeEventFilter(changes)
    built = [w for w in form.widget().findChildren(QWidget) if not liver_editor.isAncestorOf(w)]
    assert len(built) > 100  # the first screen's sections are built
    restyled = [
        f"{w.parentWidget().objectName()}/{w.objectName() or type(w).__name__}"
        for w in built
        if changes.seen[_address(w)] > 1
    ]
    assert restyled == []
    # The form still looks as it did: its style sheet reaches the first screen's controls.
    assert form.widget().styleSheet()
    assert form.findChild(QWidget, "field_patient_label") is not None


def test_the_form_lays_its_content_out_only_at_widths_it_shows(qtbot: Any) -> None:
    """Until the form is first shown its viewport has Qt's placeholder size (~100 px): the content
    followed it and laid every hint out a word per line, at widths never shown. From the first show
    on the content follows the viewport as before."""
    window = QMainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 900)
    form = CaseForm(LiverEditor(), window)
    content = form.widget()
    assert form.viewport().width() < 200  # the placeholder size of a widget not yet laid out
    assert content.size().isEmpty()  # not laid out at that width
    window.setCentralWidget(form)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: content.width() == form.viewport().width() > 1000)
    window.resize(1000, 800)  # the content still follows the viewport's width
    qtbot.waitUntil(lambda: content.width() == form.viewport().width() < 1000)
