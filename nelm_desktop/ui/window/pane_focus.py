"""F6 / Shift+F6: the keyboard focus moves between the window's panes (library, case form, options
panel); back in the form it returns to the field it left."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from nelm_desktop.ui.window.main_window import MainWindow


class PaneFocus(QObject):
    """A child of the window, so that the application's focus signal lets go of it with the window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._last_form_focus: QWidget | None = None

    def follow_focus(self) -> None:
        """Remember where the focus was in the form (called once the panes exist)."""
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._track)

    def panes(self) -> list[QWidget]:
        w = self.window
        return [w.library, w.centre, w.options_panel] if w.built else []

    def cycle(self, direction: int) -> None:
        """F6 / Shift+F6: move the keyboard focus to the next / previous pane."""
        panes = self.panes()
        if not panes:
            return
        focus = QApplication.focusWidget()
        current = next(
            (i for i, pane in enumerate(panes) if focus is not None and pane.isAncestorOf(focus)), -1
        )
        for offset in range(1, len(panes) + 1):
            pane = panes[(current + direction * offset) % len(panes)]
            target = self._focus_target(pane)
            if target is not None:
                target.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def _focus_target(self, pane: QWidget) -> QWidget | None:
        w = self.window
        if pane is w.library:
            return w.library.view
        if pane is w.centre:
            if w.document.case is None:
                return None
            remembered = self._last_form_focus
            return (
                remembered
                if remembered is not None and remembered.isVisible()
                else w.form.field_widget("patient_label")
            )
        if pane is w.options_panel:
            return w.options_panel.focus_target()
        focusable = [
            child
            for child in pane.findChildren(QWidget)
            if child.isVisible() and child.isEnabled() and child.focusPolicy() & Qt.FocusPolicy.TabFocus
        ]
        return focusable[0] if focusable else None

    def _track(self, _old: QWidget | None, new: QWidget | None) -> None:
        w = self.window
        if new is not None and w.built and w.centre.isAncestorOf(new):
            self._last_form_focus = new
