"""A list box whose chosen label is elided ("Meeting: NET tumour board (D…") when longer than the box:
Qt cut it mid-letter ('Meeting: N', 'Peptide receptor radionuc'). The whole label is its tooltip and is
shown in the open list, which is as wide as its longest label."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QWidget

from nelm_desktop.ui.widgets.wheel_safe import WheelSafeComboBox

ROOM_FOR_ARROW = 40  # a label narrower than the box less this is drawn by Qt as it is


class ElidedComboBox(WheelSafeComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentIndexChanged.connect(lambda _index: self.setToolTip(self.currentText()))

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.fontMetrics().horizontalAdvance(self.currentText()) <= self.width() - ROOM_FOR_ARROW:
            super().paintEvent(event)
            return
        # Imported here, not with the module: QStyle's Python types cost start-up time, and a label
        # that fits (the library's 'All cases') never needs them.
        from PySide6.QtWidgets import QStyle, QStyleOptionComboBox, QStylePainter

        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        option.currentText = self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, field.width() - 2
        )
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def showPopup(self) -> None:
        view = self.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + view.verticalScrollBar().sizeHint().width() + 8)
        super().showPopup()
