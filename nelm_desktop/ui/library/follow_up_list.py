"""Follow-ups due or overdue, above the case list: each row opens its case (Enter, click)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from nelm_desktop.core.validation_messages import visible
from nelm_desktop.ui.widgets.elided_rows import elide_rows, fit_row

if TYPE_CHECKING:  # the timeline package is imported when follow-ups are first listed
    from nelm_desktop.core.timeline import FollowUp

CASE_ROLE = Qt.ItemDataRole.UserRole + 1
MAX_SHOWN_ROWS = 5


class FollowUpList(QWidget):
    openRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self)
        self.title.setObjectName("followUpTitle")
        self.title.setStyleSheet("font-weight: 600; color: #8A4B00;")
        self.list = QListWidget(self)
        self.list.setObjectName("followUpList")
        self.list.setAccessibleName("Follow-ups due or overdue")
        elide_rows(self.list)  # a row wider than the library column is elided, whole in its tooltip
        self.list.activated.connect(self._open)
        self.list.clicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        self.setVisible(False)

    def set_follow_ups(self, items: Sequence[FollowUp], today: date) -> None:
        self.list.clear()
        for item in items:
            days = (today - item.due).days
            when = "today" if days == 0 else (f"{days} d overdue" if days > 0 else f"in {-days} d")
            row = QListWidgetItem(
                f"{item.due.isoformat()} ({when})  {visible(item.patient_label) or '(no label)'}"
            )
            row.setData(CASE_ROLE, item.case_id)
            row.setToolTip(item.line(today))
            fit_row(self.list, row)
            if item.state == "overdue":
                row.setForeground(QColor("#8A1F11"))
            self.list.addItem(row)
        overdue = sum(1 for item in items if item.state == "overdue")
        self.title.setText(f"Follow-up due: {len(items)} ({overdue} overdue)")
        rows = min(len(items), MAX_SHOWN_ROWS)
        self.list.setFixedHeight(
            rows * (self.list.sizeHintForRow(0) if items else 0) + 2 * self.list.frameWidth() + 2
        )
        self.setVisible(bool(items))

    def case_ids(self) -> list[str]:
        return [str(self.list.item(i).data(CASE_ROLE)) for i in range(self.list.count())]

    def _open(self, index: object) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.openRequested.emit(str(item.data(CASE_ROLE)))
