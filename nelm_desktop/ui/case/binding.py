"""One small helper binds form widgets to `Case` fields (after Vorta's ``bind_profile_attr``).

The binder never writes the case itself: a user edit becomes ``fieldEdited(field, value)``, the case
document validates it through the pydantic model and answers with `mark_error` or `clear_error`.
`load(case)` shows a case, touching only widgets whose value differs (so typing is never disturbed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QWidget

from nelm_desktop.core.model import Case


@dataclass
class Binding:
    field: str
    widget: QWidget
    error_label: QLabel


class CaseBinder(QObject):
    fieldEdited = Signal(str, object)  # field, value

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bindings: dict[str, Binding] = {}

    def bind(self, field: str, widget: QWidget, error_label: QLabel) -> None:
        """Bind a field widget (``value()`` / ``set_value()`` / ``valueEdited``) to a Case field."""
        if field not in Case.model_fields:
            raise KeyError(f"{field} is not a field of Case")
        self._bindings[field] = Binding(field, widget, error_label)
        widget.valueEdited.connect(lambda value, f=field: self.fieldEdited.emit(f, value))  # type: ignore[attr-defined]

    def fields(self) -> list[str]:
        return list(self._bindings)

    def widget(self, field: str) -> QWidget:
        return self._bindings[field].widget

    def has(self, field: str) -> bool:
        return field in self._bindings

    def load(self, case: Case) -> None:
        for field, binding in self._bindings.items():
            value = getattr(case, field)
            widget: Any = binding.widget
            if widget.value() != value:
                widget.set_value(value)
            # A shown case is a valid case: an error mark belongs to a rejected edit only,
            # and that edit is gone once the widget shows the case again.
            if binding.error_label.text() and widget.value() == value:
                self.clear_error(field)

    def mark_error(self, field: str, message: str) -> None:
        binding = self._bindings.get(field)
        if binding is None:
            return
        binding.error_label.setText(message)
        binding.error_label.setVisible(True)
        binding.widget.setProperty("invalid", True)
        binding.widget.setToolTip(message)
        _repolish(binding.widget)

    def clear_error(self, field: str) -> None:
        binding = self._bindings.get(field)
        if binding is None or not binding.error_label.text():
            return
        binding.error_label.clear()
        binding.error_label.setVisible(False)
        binding.widget.setProperty("invalid", False)
        binding.widget.setToolTip("")
        _repolish(binding.widget)

    def error_text(self, field: str) -> str:
        binding = self._bindings.get(field)
        return binding.error_label.text() if binding else ""


def _repolish(widget: QWidget) -> None:
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
