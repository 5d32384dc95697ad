"""The options panel's building blocks: plain boxes, the status groups' headers, section titles.

Public API:

- ``Box(parent=None)``: a plain container whose size hint does not lay its texts out.
- ``GroupHeader(status, parent=None)``: the tinted header of one status group; ``set_count(count,
  grade)``; ``icon`` and ``text`` (a ``WrapLabel``).
- ``section_title(text, parent) -> QLabel``: a bold section title, its pixels kept.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from nelm_desktop.core.presentation import status_explanation, status_label
from nelm_desktop.ui.widgets import style
from nelm_desktop.ui.widgets.markup import escape
from nelm_desktop.ui.widgets.wrap_hints import layout_size_hint
from nelm_desktop.ui.widgets.wrap_label import WrapLabel


def section_title(text: str, parent: QWidget) -> QLabel:
    label = WrapLabel(f"<b>{escape(text)}</b>", parent)
    label.setContentsMargins(0, 8, 0, 2)
    label.setPixelCache(True)  # copied, not drawn again, when the rows above change height
    return label


class Box(QWidget):
    """A plain container whose size hint does not lay its texts out (see ``layout_size_hint``).

    It paints nothing itself and its children are laid out from the top: when it grows or shrinks
    (a row below changed height), only the uncovered strip needs painting, not every child again.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)

    def sizeHint(self) -> QSize:
        return layout_size_hint(self)


class GroupHeader(QFrame):
    """Tinted header of one status group: shape, status word, section-12 wording, count."""

    def __init__(self, status: str, parent: QWidget | None = None):
        super().__init__(parent)
        st = style.STATUS_STYLE[status]
        self.status = status
        self.setObjectName(f"group_{status}")
        self.icon = QLabel(self)
        self.text = WrapLabel(parent=self)
        style.set_text_colour(self.text, style.TEXT)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.icon)
        layout.addWidget(self.text, 1)
        self._count: tuple[int, str] | None = None
        self._dpr = 0.0
        self._tint = QColor(st.tint)
        self._bar = QColor(st.colour)

    def sizeHint(self) -> QSize:
        return layout_size_hint(self)

    def paintEvent(self, event: QPaintEvent) -> None:
        # Painted rather than style-sheeted: style sheets re-polish on every show/hide.
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self._tint)
        p.drawRoundedRect(QRectF(self.rect()), 3, 3)
        p.setBrush(self._bar)
        p.drawRect(QRectF(0, 0, 4, self.height()))
        p.end()

    def set_count(self, count: int, grade: str = "undetermined") -> None:
        dpr = self.devicePixelRatioF()
        if dpr != self._dpr:
            self._dpr = dpr
            self.icon.setPixmap(style.status_pixmap(self.status, 14, dpr))
        if (count, grade) == self._count:
            return
        self._count = (count, grade)
        explanation = status_explanation(self.status, grade)
        self.text.setText(
            f"<b>{escape(status_label(self.status))}</b> ({count}) — "
            f"<span style='color:{style.TEXT_MUTED}'>{escape(explanation)}</span>"
        )
        self.setAccessibleName(f"{status_label(self.status)}: {count} options")
        self.setAccessibleDescription(explanation)
