"""A long label of parts (an expanded option's reasons) copies its paragraphs' pixels when it moves
with its row, and the copies are what drawing the text afresh shows (issue #17, edit -> repaint)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from nelm_desktop.ui.widgets.wrap_label import WrapLabel

PARTS = [
    "<p style='margin:4px 0 0 0'>Resection contraindicated or not feasible: embolization is an option "
    "for liver-dominant disease.<br><span style='color:#555555; font-size:small'>TAE-1 · facts used: "
    "Ki-67 index (%) = 12; Extrahepatic disease = none</span></p>",
    # A line height in per cent: heights with fractions of a pixel (so are other fonts' lines).
    "<p style='margin:4px 0 0 0; line-height:115%'><span style='color:#555555'>Missing facts:</span> "
    "FLR (%)</p>",
    "<p style='margin:4px 0 0 0'><b>Flags</b></p><ul style='margin:0'><li>Two-stage approach: "
    "2-month interval <span style='color:#555555'>FLAG-2</span></li></ul>",
] * 4  # a few hundred pixels tall: too large for one pixmap


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _screen(host: QWidget) -> Any:
    return QGuiApplication.primaryScreen().grabWindow(host.winId()).toImage()


def _label(qtbot: Any, point_size: float) -> tuple[QWidget, WrapLabel]:
    host = QWidget()
    qtbot.addWidget(host)
    host.setAutoFillBackground(True)
    host.resize(460, 900)
    label = WrapLabel(parent=host)
    label.setTextFormat(Qt.TextFormat.RichText)
    font = label.font()
    font.setPointSizeF(point_size)
    label.setFont(font)
    label.setContentsMargins(28, 2, 4, 6)
    label.setPixelCache(True)
    label.setTextParts(PARTS)
    label.setGeometry(0, 0, 440, label.heightForWidth(440))
    host.show()
    qtbot.waitExposed(host)
    _settle()
    return host, label


def test_a_moved_label_of_parts_copies_its_paragraphs_and_shows_what_drawing_shows(qtbot: Any) -> None:
    original = QAbstractTextDocumentLayout.draw
    drawn: list[object] = []

    def counted(layout: Any, painter: Any, context: Any) -> None:
        drawn.append(layout)
        original(layout, painter, context)

    for point_size in (9.0, 9.7, 10.3):
        host, label = _label(qtbot, point_size)
        assert label.width() * label.height() > 60_000  # larger than one pixmap may be
        tops = [top for top, _doc in label._parts_at(label.contentsRect().width())]
        assert any(top != int(top) for top in tops)  # paragraphs that start between pixel rows
        drawn.clear()
        try:
            QAbstractTextDocumentLayout.draw = counted  # type: ignore[method-assign]
            for y in (3, 40, 17, 250):  # moved with its row, also partly out of view
                label.move(0, y)
                _settle()
                assert drawn == [], f"drawn again at y={y}"
                shown = _screen(host)
                WrapLabel.caching = False
                try:
                    label.repaint()
                    assert _screen(host) == shown, f"pixels differ at y={y}, {point_size} pt"
                finally:
                    WrapLabel.caching = True
                drawn.clear()
            label.setTextParts([*PARTS[:-1], PARTS[-1].replace("FLAG-2", "FLAG-3")])
            label.repaint()
            assert len(drawn) == 1  # only the changed paragraph is drawn
        finally:
            QAbstractTextDocumentLayout.draw = original  # type: ignore[method-assign]
        host.close()


def test_a_paragraph_shown_recently_is_copied_and_the_pixels_kept_stay_bounded(qtbot: Any) -> None:
    """A reason paragraph that comes back (a value typed back) is copied from the pixels it had; the
    pixels of paragraphs no longer shown are bounded however many were shown."""
    from nelm_desktop.ui.widgets.part_pixels import RECENT_AREA

    _host, label = _label(qtbot, 9.0)
    last = PARTS[-1]
    original = QAbstractTextDocumentLayout.draw
    drawn: list[object] = []

    def counted(layout: Any, painter: Any, context: Any) -> None:
        drawn.append(layout)
        original(layout, painter, context)

    try:
        QAbstractTextDocumentLayout.draw = counted  # type: ignore[method-assign]
        for n in (3, 4, 3, 4):  # the last paragraph's value typed back and forth
            label.setTextParts([*PARTS[:-1], last.replace("FLAG-2", f"FLAG-{n}")])
            label.repaint()
        assert len(drawn) == 2  # each new wording drawn once
        for n in range(200):  # every edit a new wording
            label.setTextParts([*PARTS[:-1], last.replace("FLAG-2", f"FLAG-{n}")])
            label.repaint()
    finally:
        QAbstractTextDocumentLayout.draw = original  # type: ignore[method-assign]
    kept = label._part_pixels._pixels
    shown = set(label._parts or [])
    retired = [pixmap for (text, _fraction), (_key, pixmap) in kept.items() if text not in shown]
    assert retired and sum(p.width() * p.height() for p in retired) <= RECENT_AREA
