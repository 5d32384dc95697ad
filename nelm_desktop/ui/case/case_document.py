"""The open case: its current valid state, undo history, saved/unsaved state and live evaluation.

State flows one way: an edit is validated through the pydantic model (``Case`` has
``validate_assignment=True``); a valid edit becomes an undoable snapshot command; every change of
the case re-runs the engine; the views (form, liver editor, options panel) render what they are told.
A rejected edit leaves the last valid case untouched and returns the reason for the field.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from nelm_desktop.core import dates
from nelm_desktop.core.facts import fact_label
from nelm_desktop.core.linked_facts import derived_updates
from nelm_desktop.core.model import Case
from nelm_desktop.core.validation_messages import field_problem

log = logging.getLogger(__name__)

# Fields whose consecutive edits merge into one undo step (typing, stepping a number).
_MERGING_KINDS = (str, int, float, type(None))


def describe_validation(field: str, error: ValidationError) -> str:
    """One readable line for the field: 'Ki-67 index (%): must be at most 100 (got 140)'.

    The wording comes from core.validation_messages, the same as the command line's."""
    return field_problem(fact_label(field), error)


class _Snapshot(QUndoCommand):
    def __init__(self, doc: CaseDocument, before: Case, after: Case, field: str, merge: bool) -> None:
        super().__init__(f"edit {fact_label(field).lower()}")
        self._doc, self.before, self.after, self.field, self.merge = doc, before, after, field, merge

    def id(self) -> int:
        return (abs(hash(self.field)) % 1_000_000) + 1 if self.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _Snapshot) or other.field != self.field or not other.merge:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        self._doc._show(self.after)

    def undo(self) -> None:
        self._doc._show(self.before)


class CaseDocument(QObject):
    caseChanged = Signal(object)  # Case or None
    evaluationChanged = Signal(object)  # Evaluation or None
    evaluationFailed = Signal(str)
    dirtyChanged = Signal(bool)
    savedChanged = Signal()  # saved time or location changed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(500)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.case: Case | None = None
        self.evaluation: Any = None
        self.loaded_hash: str | None = None
        self.path: Path | None = None
        self.read_only = False
        self.last_saved: datetime | None = None
        self._forced_dirty = False  # a restored draft is unsaved although nothing was undone

    def _on_clean_changed(self, _clean: bool) -> None:
        self.dirtyChanged.emit(self.is_dirty)

    # --- state ---------------------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self.case is not None

    @property
    def is_dirty(self) -> bool:
        return self.case is not None and (self._forced_dirty or not self.undo_stack.isClean())

    def open_case(
        self,
        case: Case,
        *,
        loaded_hash: str | None = None,
        path: Path | None = None,
        dirty: bool = False,
        read_only: bool = False,
        saved_at: datetime | None = None,
    ) -> None:
        """Show a case (new, loaded or restored); the undo history starts empty."""
        self.undo_stack.clear()
        self.loaded_hash, self.path, self.read_only = loaded_hash, path, read_only
        self.last_saved = saved_at
        self._forced_dirty = dirty
        self._show(case)
        self.dirtyChanged.emit(self.is_dirty)
        self.savedChanged.emit()

    def close_case(self) -> None:
        self.undo_stack.clear()
        self.case, self.evaluation = None, None
        self.loaded_hash, self.path, self.last_saved = None, None, None
        self._forced_dirty = False
        self.caseChanged.emit(None)
        self.evaluationChanged.emit(None)
        self.dirtyChanged.emit(False)
        self.savedChanged.emit()

    def mark_saved(self, case: Case, loaded_hash: str | None, path: Path | None) -> None:
        """After a successful save: the stored case (with its new revision) is the clean state."""
        self.loaded_hash, self.path = loaded_hash, path
        self.last_saved = datetime.now().astimezone()
        self._forced_dirty = False
        # Keep the undo history; the saved revision list must not become an undo step.
        if self.case is not None and case.case_id == self.case.case_id:
            self.case = case
        self.undo_stack.setClean()
        self.dirtyChanged.emit(self.is_dirty)
        self.savedChanged.emit()

    # --- edits ---------------------------------------------------------------------------------
    def apply(self, field: str, value: Any) -> str | None:
        """Validate and apply one edit; return the reason when the model rejects it."""
        if self.case is None:
            return "no case is open"
        if getattr(self.case, field) == value:
            return None
        # A shallow copy: the undo snapshots share the values this edit does not replace. A case is
        # never changed in place (an edit, a save, a lesion or a treatment replaces the value), so a
        # shared value cannot change under an older snapshot; a deep copy of the whole case (its
        # lesions, treatments and saved revisions) was ~2M instructions of every edit (issue #17).
        candidate = self.case.model_copy()
        try:
            setattr(candidate, field, value)  # the model's rules, dates included (core/dates.py)
            # A linked fact follows its source in the same undo step (year of birth -> age, ...).
            for other, derived in derived_updates(candidate, field, value, dates.today()).items():
                setattr(candidate, other, derived)
        except ValidationError as exc:
            return describe_validation(field, exc)
        merge = isinstance(value, _MERGING_KINDS) and field not in {"confirmed_type"}
        if isinstance(value, str) and field in _CHOICE_FIELDS:
            merge = False
        self.undo_stack.push(_Snapshot(self, self.case, candidate, field, merge))
        return None

    def _show(self, case: Case) -> None:
        self.case = case
        self.caseChanged.emit(case)
        self.reevaluate()

    def reevaluate(self) -> None:
        if self.case is None:
            return
        # Imported on the first evaluation, not at start-up (the engine pulls in the rule tables).
        from nelm_desktop.core.engine import evaluate

        try:
            self.evaluation = evaluate(self.case)
        except Exception as exc:  # an engine bug must not take the editor down
            log.exception("evaluation failed")
            self.evaluation = None
            self.evaluationFailed.emit(f"The engine could not evaluate this case: {exc}")
        self.evaluationChanged.emit(self.evaluation)


def _choice_fields() -> frozenset[str]:
    out = set()
    for name, info in Case.model_fields.items():
        if "Literal" in repr(info.annotation):
            out.add(name)
    return frozenset(out)


_CHOICE_FIELDS = _choice_fields()
