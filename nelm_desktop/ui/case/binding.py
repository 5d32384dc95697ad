"""One small helper binds form widgets to `Case` fields (after Vorta's ``bind_profile_attr``).

The binder never writes the case itself: a user edit becomes ``fieldEdited(field, value)``, the case
document validates it through the pydantic model and answers with `mark_error` or `clear_error`.
`load(case)` shows a case, touching only widgets whose value differs (so typing is never disturbed).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QWidget

from nelm_desktop.core.model import Case
from nelm_desktop.core.validation_messages import brief
from nelm_desktop.ui.widgets.refused_entry import mark_refused


@dataclass
class Binding:
    """A case field's widget and the error line shown under it."""

    field: str
    widget: QWidget
    error_label: QLabel


class CaseBinder(QObject):
    """Binds widgets to fields and keeps the entry state the user sees.

    Two kinds of marks, shown in the field's error line: an *entry error* (the user typed a value the
    model rejects: the widget keeps showing it, the case keeps its last valid value, Save is blocked)
    and a *conflict* (two valid linked facts contradict each other, marked at both). A redraw never
    replaces an entry the user is still fixing with the case's older value: it is kept until the case
    value of that field changes (undo, another case) or the user enters a valid value.
    """

    fieldEdited = Signal(str, object)  # field, value
    rejectedChanged = Signal()  # a rejected entry appeared, changed or went (see `stale_entries`)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bindings: dict[str, Binding] = {}
        self._errors: dict[str, tuple[str, Any]] = {}  # field -> (message, case value at the time)
        self._conflicts: dict[str, str] = {}
        self._case: Case | None = None

    def bind(self, field: str, widget: QWidget, error_label: QLabel) -> None:
        """Bind a field widget (``value()`` / ``set_value()`` / ``valueEdited``) to a Case field."""
        if field not in Case.model_fields:
            raise KeyError(f"{field} is not a field of Case")
        self._bindings[field] = Binding(field, widget, error_label)
        widget.setProperty("baseTooltip", widget.toolTip())
        widget.setProperty("baseDescription", widget.accessibleDescription())
        widget.valueEdited.connect(lambda value, f=field: self.fieldEdited.emit(f, value))  # type: ignore[attr-defined]

    def fields(self) -> list[str]:
        return list(self._bindings)

    def widget(self, field: str) -> QWidget:
        return self._bindings[field].widget

    def has(self, field: str) -> bool:
        return field in self._bindings

    def load(self, case: Case | None, only: Collection[str] | None = None) -> None:
        """Show a case. Another case (or none) drops every mark: no entry state leaks between cases.
        `only`: just these fields (newly bound ones; the others may hold an entry being typed)."""
        had_errors = bool(self._errors)
        if case is None or self._case is None or case.case_id != self._case.case_id:
            self._errors.clear()
            self._conflicts.clear()
        try:
            self._load(case, only)
        finally:
            if had_errors:
                self.rejectedChanged.emit()

    def _load(self, case: Case | None, only: Collection[str] | None) -> None:
        shown, self._case = self._case, case
        if case is None:
            for field in self._bindings:
                self._refresh(field)
            return
        # An edit of the shown case (not another case, not newly bound fields): only the fields whose
        # case value changed. Every other widget already shows its case value or the user's rejected
        # entry (a user's change reaches the case or is rejected and kept: see the class docstring),
        # and its marks change only through mark_error, clear_error and set_conflicts.
        # Asking all ~44 widgets for their values took ~0.4 ms of every edit.
        edited = shown if only is None and shown is not None and shown.case_id == case.case_id else None
        for field, binding in self._bindings.items():
            if only is not None and field not in only:
                continue
            value = getattr(case, field)
            if edited is not None and getattr(edited, field) == value:
                continue
            pending = self._errors.get(field)
            if pending is not None:
                if pending[1] == value:
                    continue  # the user's rejected entry stays visible (and keeps blocking Save)
                del self._errors[field]
            widget: Any = binding.widget
            if widget.value() != value:
                widget.set_value(value)
            self._refresh(field)

    def mark_error(self, field: str, message: str) -> None:
        if field not in self._bindings:
            return
        current = getattr(self._case, field) if self._case is not None else None
        self._errors[field] = (message, current)
        self._refresh(field)
        self.rejectedChanged.emit()

    def clear_error(self, field: str) -> None:
        if self._errors.pop(field, None) is not None:
            self._refresh(field)
            self.rejectedChanged.emit()

    def set_conflicts(self, conflicts: dict[str, str]) -> None:
        changed = set(conflicts) | set(self._conflicts)
        self._conflicts = {f: m for f, m in conflicts.items() if f in self._bindings}
        for field in changed:
            if field in self._bindings:
                self._refresh(field)

    def error_text(self, field: str) -> str:
        binding = self._bindings.get(field)
        return binding.error_label.text() if binding else ""

    def problems(self) -> list[tuple[str, str]]:
        """(field, message) for every entry that blocks Save, in form order."""
        out = []
        for field in self._bindings:
            if field in self._errors:
                out.append((field, self._errors[field][0]))
            elif field in self._conflicts:
                out.append((field, self._conflicts[field]))
        return out

    def rejected_entries(self) -> list[tuple[str, str]]:
        """(field, message) for every typed entry the model refused: the ones lost on leaving the case
        (a conflict or a stored bad date is in the case itself and stays with it)."""
        return [(field, self._errors[field][0]) for field in self._bindings if field in self._errors]

    def stale_entries(self) -> list[tuple[str, str, str, str]]:
        """(field, shown, accepted, rule) for every rejected entry: what the box shows, the case's
        last accepted value (what the options are evaluated with) and the accepted range or reason."""
        out = []
        for field in self._bindings:
            if field not in self._errors:
                continue
            message = self._errors[field][0]
            widget: Any = self._bindings[field].widget
            accepted = getattr(self._case, field) if self._case is not None else None
            out.append((field, *_entry_texts(widget, accepted, message)))
        return out

    def _refresh(self, field: str) -> None:
        binding = self._bindings[field]
        error = self._errors.get(field)
        message = error[0] if error is not None else self._conflicts.get(field, "")
        if binding.error_label.text() == message and bool(binding.widget.property("invalid")) == bool(
            message
        ):
            return
        binding.error_label.setText(message)
        binding.error_label.setVisible(bool(message))
        binding.widget.setToolTip(message or binding.widget.property("baseTooltip") or "")
        description = binding.widget.property("baseDescription") or ""
        binding.widget.setAccessibleDescription(
            f"{message} {description}".strip() if message else description
        )
        mark_refused(binding.widget, bool(message))


def _entries(count: int) -> str:
    return f"{count} {'entry' if count == 1 else 'entries'}"


def _entry_texts(widget: Any, accepted: Any, message: str) -> tuple[str, str, str]:
    """(shown, accepted, rule) in the field's own units: a number box has a range and a suffix."""
    suffix = widget.suffix() if callable(getattr(widget, "suffix", None)) else ""
    value = None if callable(getattr(widget, "cleanText", None)) else widget.value()
    if value is None:
        shown = widget.cleanText().strip()
    elif isinstance(value, list) and value and not isinstance(value[0], str):  # a table's lines
        shown = _entries(len(value))
    else:
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    if isinstance(accepted, int | float) and not isinstance(accepted, bool):
        accepted_text = f"{accepted:g}{suffix}"
    elif isinstance(accepted, list) and accepted and not isinstance(accepted[0], str):
        accepted_text = _entries(len(accepted))
    elif isinstance(accepted, list) and isinstance(value, list) and not accepted:
        accepted_text = "none"  # an empty table is "none recorded", not an unknown fact
    elif accepted in (None, "", []) or accepted == "unknown":
        accepted_text = "unknown"
    else:
        accepted_text = ", ".join(map(str, accepted)) if isinstance(accepted, list) else str(accepted)
    lo, hi = getattr(widget, "lo", None), getattr(widget, "hi", None)
    if isinstance(lo, int | float) and isinstance(hi, int | float):
        rule = f"{lo:g}–{hi:g}{suffix}"
    else:
        rule = message.split(": ", 1)[-1]  # the model's reason, without the field name before it
    return brief(shown) or "nothing", brief(accepted_text), rule
