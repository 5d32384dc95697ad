"""A colour-blind-safe status badge: distinct shape + status word + colour.

Public API:

- ``StatusBadge(status: str = "not_indicated", parent=None)``: a small painted QWidget.
  ``set_status(status)``, ``status() -> str``, ``text() -> str`` (the word shown, from
  ``evaluation.STATUS_SHORT``, "Not listed" for not_indicated). Accessible name = the full status label.
- ``status_text(status) -> str``: the badge's word.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from nelm_desktop.core.evaluation import STATUS_SHORT
from nelm_desktop.ui.widgets import style

PAD = 5
_PIXMAPS: dict[tuple[str, int, int, float, str], QPixmap] = {}


# The badge is a column of equal widths: "Not listed for this case" is said in full by the group
# header and the accessible name, the badge keeps it short.
_BADGE_WORDS = {**STATUS_SHORT, "not_indicated": "Not listed"}


def status_text(status: str) -> str:
    return _BADGE_WORDS.get(status, status)


class StatusBadge(QWidget):
    def __init__(self, status: str = "not_indicated", parent: QWidget | None = None):
        super().__init__(parent)
        self._status = ""
        self._hint: QSize | None = None
        self._font_key: str | None = None  # asked once per font (on every paint it cost more than the copy)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.set_status(status)

    def status(self) -> str:
        return self._status

    def text(self) -> str:
        return status_text(self._status)

    def set_status(self, status: str) -> None:
        if status == self._status:
            return
        self._status = status
        self.setAccessibleName(f"Status: {STATUS_SHORT.get(status, status)}")
        self.setToolTip(STATUS_SHORT.get(status, status))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        # Asked on every layout pass of the options panel: measured once per font.
        if self._hint is None:
            fm = QFontMetrics(self.font())
            widest = max(fm.horizontalAdvance(status_text(s)) for s in style.STATUS_STYLE)
            h = fm.height() + 6
            # Every badge as wide as the widest word: the rows line up in a column.
            self._hint = QSize(PAD + h - 6 + PAD + widest + PAD * 2, h)
        return self._hint

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._hint = None
            self._font_key = None
        super().changeEvent(event)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        # Every badge of a status looks the same: drawn once per status, size, scale and font, then
        # copied (the antialiased shapes and text cost more than the rest of a row's paint).
        dpr = self.devicePixelRatioF()
        if self._font_key is None:
            self._font_key = self.font().key()
        key = (self._status, self.width(), self.height(), dpr, self._font_key)
        pixmap = _PIXMAPS.get(key)
        if pixmap is None:
            if len(_PIXMAPS) > 64:
                _PIXMAPS.clear()
            pixmap = _PIXMAPS[key] = self._render(dpr)
        p = QPainter(self)
        p.drawPixmap(0, 0, pixmap)
        p.end()

    def _render(self, dpr: float) -> QPixmap:
        st = style.STATUS_STYLE.get(self._status, style.STATUS_STYLE["not_indicated"])
        pixmap = QPixmap(max(1, round(self.width() * dpr)), max(1, round(self.height() * dpr)))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(Qt.GlobalColor.transparent)
        p = QPainter(pixmap)
        p.setFont(self.font())
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        r = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        p.setPen(QPen(QColor(st.colour), 1.0))
        p.setBrush(QColor(st.tint))
        p.drawRoundedRect(r, r.height() / 2, r.height() / 2)
        icon = r.height() - 6
        style.paint_status_shape(p, QRectF(r.x() + PAD, r.y() + 3, icon, icon), self._status)
        p.setPen(QColor(style.TEXT))
        text_rect = QRectF(r.x() + PAD + icon + PAD, r.y(), r.width() - icon - PAD * 2, r.height())
        p.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, self.text())
        p.end()
        return pixmap
