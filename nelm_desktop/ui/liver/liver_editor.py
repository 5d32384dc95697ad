"""The Liver section's editor: diagram + lesion table + derived facts, kept in sync both ways.

Public API:

- ``LiverEditor(parent=None)``: a QWidget composing ``LiverDiagram`` (``.diagram``), ``LesionTable``
  (``.table``) and ``LiverFactsBox`` (``.facts``).
- ``set_case_liver(lesions, evaluation, resected=())``: show a case's lesions, what the engine derived
  from them, and the segments a recorded liver resection removed (drawn as resected). No signal is emitted; an open table editor and
  the selected segment survive when the lesions are unchanged.
- ``lesions() -> list[Lesion]``.
- Layout: side by side from ``WIDE_LAYOUT_MIN_WIDTH`` px, else the diagram on top.
- ``focus_lesions()``: put keyboard focus on the diagram.
- ``focus_fact(fact: str) -> bool``: go to the control of a missing fact: ``lesions`` and
  ``lesion_segments`` -> diagram; ``lesion_sizes`` / ``lesion_counts`` -> the first table row whose
  size / count is unknown (else the diagram); ``confirmed_type`` -> the confirm combo. False for
  any other fact.
- Signals: ``lesionsEdited(list)`` (new full lesion list after an edit in the diagram or table),
  ``confirmedTypeChanged(str)`` (a ``Case.confirmed_type`` value; "none" = not confirmed).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLabel, QLayout, QSizePolicy, QVBoxLayout, QWidget

from nelm_desktop.core.evaluation import Evaluation
from nelm_desktop.core.model import Lesion
from nelm_desktop.ui.liver.lesion_table import COUNT_COL, SIZE_COL, LesionTable
from nelm_desktop.ui.liver.liver_diagram import LiverDiagram
from nelm_desktop.ui.liver.liver_facts import LiverFactsBox

WIDE_LAYOUT_MIN_WIDTH = 860  # below this the diagram goes on top, the table and the facts below it


class LiverEditor(QWidget):
    lesionsEdited = Signal(list)
    confirmedTypeChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.diagram = LiverDiagram(self)
        self.table = LesionTable(self)
        self.facts = LiverFactsBox(self)
        hint = QLabel(
            "Click or arrow keys: select a segment.  + / Enter: add a lesion.  − / Delete: remove one.",
            self,
        )
        hint.setWordWrap(True)
        self.diagram.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        # Wide: diagram | (table over facts). Narrow: diagram over table over facts. See resizeEvent.
        left = QVBoxLayout()
        left.addWidget(self.diagram, 1)
        left.addWidget(hint)
        self._side = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._side.addWidget(self.table, 1)
        self._side.addWidget(self.facts)
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addLayout(left, 3)
        self._layout.addLayout(self._side, 2)
        # The minimum is the stacked (narrow) layout's, whatever the current layout: a wide layout's
        # minimum would hold the form wider than its pane and the editor could never turn narrow.
        self._layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.setTabOrder(self.diagram, self.table.view)

        self.diagram.lesionsEdited.connect(self._from_diagram)
        self.diagram.addRefused.connect(self.table.show_refusal)
        self.diagram.segmentSelected.connect(self._on_segment_selected)
        self.table.lesionsEdited.connect(self._from_table)
        self.table.segmentActivated.connect(self._on_table_segment)
        self.facts.confirmedTypeChanged.connect(self.confirmedTypeChanged)

    def set_case_liver(
        self, lesions: list[Lesion] | None, evaluation: Evaluation | None, resected: Sequence[str] = ()
    ) -> None:
        self.diagram.set_resected(resected)
        if [lesion.model_copy() for lesion in (lesions or [])] != self.diagram.lesions():
            self.diagram.set_lesions(lesions)
        self.table.set_lesions(lesions)
        self.facts.set_evaluation(evaluation)

    def lesions(self) -> list[Lesion]:
        return self.diagram.lesions()

    def refuse(self, reason: str, kept: list[Lesion] | None) -> None:
        """The case refused the rows just edited: show the rows it `kept` again, and why, so the
        diagram and the table never show a row that is not saved."""
        self.diagram.set_lesions(kept)
        self.table.set_lesions(kept)
        self.table.show_refusal(reason)

    def focus_lesions(self) -> None:
        if self.diagram.selected_segment() is None:
            self.diagram.select_segment("I")
        self.diagram.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_fact(self, fact: str) -> bool:
        if fact == "confirmed_type":
            self.facts.type_combo.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        columns = {"lesion_sizes": (SIZE_COL, "size_cm"), "lesion_counts": (COUNT_COL, "count")}
        if fact in columns:
            column, field = columns[fact]
            for row, lesion in enumerate(self.table.lesions()):
                if getattr(lesion, field) is None:
                    view = self.table.view
                    view.setCurrentIndex(self.table.model.index(row, column))
                    view.setFocus(Qt.FocusReason.OtherFocusReason)
                    return True
            self.focus_lesions()
            return True
        if fact in ("lesions", "lesion_segments"):
            self.focus_lesions()
            return True
        return False

    def minimumSizeHint(self) -> QSize:
        parts = [self.diagram, self.table, self.facts]
        width = max(max(p.minimumSizeHint().width(), 0) for p in parts)
        return QSize(width, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        wide = event.size().width() >= WIDE_LAYOUT_MIN_WIDTH
        outer = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        # Table over facts in both layouts: side by side they would widen a narrow form (1366 px
        # screens, zoom) beyond its pane and bring back the horizontal scroll bar.
        side = QBoxLayout.Direction.TopToBottom
        if self._layout.direction() != outer or self._side.direction() != side:
            self._layout.setDirection(outer)
            self._side.setDirection(side)
        super().resizeEvent(event)

    # ------------------------------------------------------------------ sync
    def _from_diagram(self, lesions: list[Lesion]) -> None:
        self.table.set_lesions(lesions)
        self.table.select_segment_rows(self.diagram.selected_segment())
        self.lesionsEdited.emit(lesions)

    def _from_table(self, lesions: list[Lesion]) -> None:
        self.diagram.set_lesions(lesions)
        self.lesionsEdited.emit(lesions)

    def _on_segment_selected(self, seg: str) -> None:
        self.table.default_segment = seg
        self.table.select_segment_rows(seg)

    def _on_table_segment(self, seg: str) -> None:
        self.diagram.select_segment(seg)
