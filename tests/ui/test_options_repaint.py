"""The options panel's repaint shortcuts never change what is shown (issue #17, edit -> repaint).

The panel skips rows whose result did not change, repaints only the strip a container uncovers when
it grows or shrinks (WA_StaticContents), and draws only the exposed part of a long rich-text label.
These tests hold it to a panel built fresh for the same evaluation, and the pixels on screen (the
window's backing store, what the clinician sees) to a fresh rendering, edit after edit.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QProxyStyle, QWidget

from nelm_desktop.core.model import Case
from nelm_desktop.ui.options.options_panel import OptionsPanel
from tests.ui.factories import HAVE_ENGINE

pytestmark = pytest.mark.skipif(not HAVE_ENGINE, reason="needs the engine")

# Edits that move rows between status groups, change counts, reasons, facts and flags.
EDITS: list[dict[str, Any]] = [
    {"ki67_pct": 12.0},
    {"extrahepatic_disease": "unresectable"},
    {"ki67_pct": 1.0, "flr_pct": 20.0},
    {"extrahepatic_disease": "none", "hepatic_involvement_pct": 60.0},
    {"ki67_pct": None},
    {"hepatic_involvement_pct": 10.0, "flr_pct": 50.0, "ecog": 2},
    {"ki67_pct": 25.0, "extrahepatic_disease": "unknown"},
]


def _evaluations() -> list[Any]:
    from nelm_desktop.core.engine import evaluate
    from nelm_desktop.core.loading import load_case_file
    from nelm_desktop.ui.window.app import demo_case_files

    case: Case = load_case_file(sorted(demo_case_files())[1])
    out = [evaluate(case)]
    for change in EDITS:
        case = case.model_copy(update=change)
        out.append(evaluate(case))
    return out


def _shown(panel: OptionsPanel) -> list[tuple[Any, ...]]:
    """Every label and button the panel shows, in order, as a reader or a screen reader gets it."""
    out: list[tuple[Any, ...]] = []
    for widget in panel.findChildren(QWidget):
        if not widget.isVisibleTo(panel):
            continue
        text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
        out.append(
            (
                type(widget).__name__,
                widget.objectName(),
                text,
                widget.accessibleName(),
                widget.accessibleDescription(),
                widget.toolTip(),
                widget.mapTo(panel, widget.rect().topLeft()).y(),
                widget.height(),
            )
        )
    return sorted(out, key=lambda item: (item[6], item[0], item[1], item[2]))


def _panel(qtbot: Any, expanded: list[str]) -> OptionsPanel:
    panel = OptionsPanel()
    qtbot.addWidget(panel)
    panel.resize(520, 700)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def test_an_updated_panel_shows_what_a_fresh_panel_shows(qtbot: Any) -> None:
    evaluations = _evaluations()
    expanded = ["resection", "staged_resection", "transplant", "ssa"]
    panel = _panel(qtbot, expanded)
    panel.set_evaluation(evaluations[0])
    for modality in expanded:
        panel.rows[modality].set_expanded(True)
    for i, ev in enumerate(evaluations[1:], start=1):
        panel.set_evaluation(ev)
        _settle()
        fresh = _panel(qtbot, expanded)
        fresh.set_evaluation(ev)
        for modality in expanded:
            fresh.rows[modality].set_expanded(True)
        _settle()
        assert _shown(panel) == _shown(fresh), f"after edit {i}"
        fresh.close()


def test_the_pixels_on_screen_are_a_fresh_rendering_after_every_edit(qtbot: Any) -> None:
    evaluations = _evaluations()
    panel = _panel(qtbot, [])
    panel.set_evaluation(evaluations[0])
    for modality in ("resection", "staged_resection", "ssa"):
        panel.rows[modality].set_expanded(True)
    _settle()
    screen = QGuiApplication.primaryScreen()
    bar = panel.scroll.verticalScrollBar()
    for i, ev in enumerate(evaluations):
        panel.set_evaluation(ev)
        _settle()
        # Scrolled so that long expanded texts are cut by the view's edges.
        bar.setValue((i * 137) % max(bar.maximum(), 1))
        _settle()
        shown = screen.grabWindow(panel.winId()).toImage()
        fresh = panel.grab().toImage().convertToFormat(shown.format())
        assert shown.size() == fresh.size()
        assert shown == fresh, f"stale pixels after edit {i}"


def _screen_pixels(panel: OptionsPanel) -> Any:
    return QGuiApplication.primaryScreen().grabWindow(panel.winId()).toImage()


def test_labels_copied_from_their_cached_pixels_show_what_a_fresh_paint_shows(qtbot: Any) -> None:
    """Row titles, status lines, details and criteria cells keep their pixels while nothing they show
    changes; edit after edit (rows moving between groups, scrolled, a row collapsed, the panel
    narrowed) the screen shows exactly what painting every label afresh shows."""
    from nelm_desktop.ui.widgets.wrap_label import WrapLabel

    evaluations = _evaluations()
    panel = _panel(qtbot, [])
    panel.set_evaluation(evaluations[0])
    for modality in ("resection", "staged_resection", "ssa"):
        panel.rows[modality].set_expanded(True)
    _settle()
    bar = panel.scroll.verticalScrollBar()
    try:
        # Forward, then back: the labels go back to texts they showed (their recent pixels).
        for i, ev in enumerate([*evaluations, *reversed(evaluations)]):
            panel.set_evaluation(ev)
            if i == 3:
                panel.rows["resection"].set_expanded(False)
            if i == 5:
                panel.resize(440, 700)
            _settle()
            bar.setValue((i * 211) % max(bar.maximum(), 1))
            _settle()
            cached = _screen_pixels(panel)
            WrapLabel.caching = False
            panel.repaint()
            afresh = _screen_pixels(panel)
            WrapLabel.caching = True
            panel.repaint()
            assert cached == afresh, f"cached label pixels differ after edit {i}"
    finally:
        WrapLabel.caching = True


class _CountingStyle(QProxyStyle):
    """A proxy style counting the plain texts it draws (QLabel draws through drawItemText)."""

    def __init__(self, base: Any) -> None:
        super().__init__(base)
        self.drawn: list[str] = []

    def drawItemText(
        self, painter: Any, rect: Any, flags: int, pal: Any, enabled: bool, text: str, role: Any = None
    ) -> None:
        self.drawn.append(text)
        if role is None:
            super().drawItemText(painter, rect, flags, pal, enabled, text)
        else:
            super().drawItemText(painter, rect, flags, pal, enabled, text, role)


class _PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.painted: list[QObject] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted.append(watched)
        return False


def test_a_moved_label_whose_text_did_not_change_is_copied_not_drawn_again(qtbot: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAbstractTextDocumentLayout
    from PySide6.QtWidgets import QStyleFactory

    from nelm_desktop.ui.widgets.wrap_label import WrapLabel

    host = QWidget()
    qtbot.addWidget(host)
    host.setAutoFillBackground(True)
    host.resize(300, 200)
    plain = WrapLabel("Resection contraindicated or not feasible: embolization is an option.", host)
    plain.setTextFormat(Qt.TextFormat.PlainText)
    rich = WrapLabel("<b>Milan</b><br><span style='color:#007A5A'>met</span>", host)
    counter = _PaintCounter()
    for label in (plain, rich):
        label.setPixelCache(True)
        label.installEventFilter(counter)
    style = _CountingStyle(QStyleFactory.create("Fusion"))
    plain.setStyle(style)
    plain.setGeometry(0, 0, 200, plain.heightForWidth(200))
    rich.setGeometry(0, 80, 200, rich.heightForWidth(200))
    host.show()
    qtbot.waitExposed(host)
    _settle()
    plain.repaint()  # a plain label's first paint is QLabel's own; its pixels are kept from the second
    drawn_rich: list[object] = []
    original = QAbstractTextDocumentLayout.draw

    def counted(layout: Any, painter: Any, context: Any) -> None:
        drawn_rich.append(layout)
        original(layout, painter, context)

    style.drawn.clear()
    counter.painted.clear()
    try:
        QAbstractTextDocumentLayout.draw = counted  # type: ignore[method-assign]
        for y in (20, 40, 10):  # moved with its row: painted again at each place
            plain.move(0, y)
            rich.move(0, 80 + y)
            _settle()
        assert counter.painted.count(plain) >= 3 and counter.painted.count(rich) >= 3
        assert style.drawn == [] and drawn_rich == []
        plain.setText("Not listed for G3 in the sources.")  # a new text is drawn, once
        rich.setText("<b>Milan</b><br>not met")
        _settle()
        plain.move(0, 30)
        rich.move(0, 100)
        _settle()
        assert style.drawn == ["Not listed for G3 in the sources."] and len(drawn_rich) == 1
    finally:
        QAbstractTextDocumentLayout.draw = original  # type: ignore[method-assign]


def test_a_text_shown_recently_is_copied_from_its_pixels_not_drawn_again(qtbot: Any) -> None:
    """A status line that goes back to a text it showed an edit ago (typing "25" shows "2" first)
    is copied from the pixels it had; a new font draws every text afresh."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QStyleFactory

    from nelm_desktop.ui.widgets.wrap_label import RECENT_PIXELS, WrapLabel

    host = QWidget()
    qtbot.addWidget(host)
    host.setAutoFillBackground(True)
    host.resize(300, 100)
    label = WrapLabel("Option (conditional)", host)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setPixelCache(True)
    style = _CountingStyle(QStyleFactory.create("Fusion"))
    label.setStyle(style)
    label.setGeometry(0, 0, 240, 20)
    host.show()
    qtbot.waitExposed(host)
    _settle()
    texts = [f"Status line {n}" for n in range(RECENT_PIXELS)]
    for text in texts:
        label.setText(text)
        label.repaint()
    style.drawn.clear()
    for text in [*texts, *reversed(texts)]:  # each one shown within its last RECENT_PIXELS texts
        label.setText(text)
        label.repaint()
    assert style.drawn == []  # copied, not drawn again
    for text in texts:  # and the copies are what a fresh paint shows
        label.setText(text)
        label.repaint()
        shown = _screen_pixels(host)
        WrapLabel.caching = False
        try:
            label.repaint()
            assert _screen_pixels(host) == shown, text
        finally:
            WrapLabel.caching = True
    font = label.font()
    font.setPointSizeF(font.pointSizeF() + 1)
    label.setFont(font)  # every text's pixels are drawn again, in the new font
    style.drawn.clear()
    for text in texts:
        label.setText(text)
        label.repaint()
    assert style.drawn == texts


def _flag_items(html: str) -> list[str]:
    import re

    return re.findall(r"<li>.*?</li>", html)


def test_an_edit_that_changes_one_flag_parses_only_that_flag(qtbot: Any) -> None:
    from PySide6.QtGui import QTextDocument

    evaluations = _evaluations()
    pairs = [(a, b) for a, b in pairwise(evaluations) if a.flags != b.flags and len(b.flags) >= 3]
    assert pairs
    panel = _panel(qtbot, [])
    parsed: list[str] = []
    original = QTextDocument.setHtml

    def counted(doc: Any, html: str) -> None:
        if doc.parent() is panel.flags_label:
            parsed.append(html)
        original(doc, html)

    for before, after in pairs:
        panel.set_evaluation(before)
        _settle()
        shown_before = _flag_items(panel.flags_label.text())
        parsed.clear()
        try:
            QTextDocument.setHtml = counted  # type: ignore[method-assign]
            panel.set_evaluation(after)
            _settle()
        finally:
            QTextDocument.setHtml = original  # type: ignore[method-assign]
        shown_after = _flag_items(panel.flags_label.text())
        assert len(shown_after) >= 3
        new_items = [item for item in shown_after if item not in shown_before]
        # Only flags whose wording is new were parsed (and laid out), each on its own (a flag
        # shown a few edits ago is kept laid out); the whole list was parsed again before.
        parsed_items = [item for html in parsed for item in _flag_items(html)]
        assert all(len(_flag_items(html)) == 1 for html in parsed)
        assert set(parsed_items) <= set(new_items)
        assert len(parsed_items) < len(shown_after)


def test_the_flags_look_as_one_list_does(qtbot: Any) -> None:
    """One list per flag, stacked, shows exactly the pixels of the flags as one list."""
    from PySide6.QtCore import Qt

    from nelm_desktop.ui.widgets.wrap_label import WrapLabel

    evaluation = max(_evaluations(), key=lambda ev: len(ev.flags))
    panel = _panel(qtbot, [])
    panel.set_evaluation(evaluation)
    _settle()
    shown = panel.flags_label
    items = _flag_items(shown.text())
    assert len(items) >= 3
    one_list = WrapLabel()
    qtbot.addWidget(one_list)
    one_list.setTextFormat(Qt.TextFormat.RichText)
    one_list.setText("<ul style='margin:0'>" + "".join(items) + "</ul>")
    for width in (420, 300):
        for label in (shown, one_list):
            label.setParent(None)
            label.resize(width, label.heightForWidth(width))
        assert shown.height() == one_list.height()
        assert shown.grab().toImage() == one_list.grab().toImage()


def test_a_reason_paragraph_shown_earlier_in_the_session_is_not_parsed_again(qtbot: Any) -> None:
    """An expanded row's reason paragraphs carry fact values ("Ki-67 = 12 %"), so an edit changes
    a few of them; one shown before (the value typed back, undo, the same values on another pass)
    is kept laid out and not parsed again, also after a few dozen others (16 were kept before)."""
    from PySide6.QtGui import QTextDocument

    from nelm_desktop.core.engine import evaluate
    from nelm_desktop.core.loading import load_case_file
    from nelm_desktop.ui.window.app import demo_case_files

    case: Case = load_case_file(sorted(demo_case_files())[1])
    values = [0.5 + i for i in range(24)]
    evaluations = [evaluate(case.model_copy(update={"ki67_pct": v})) for v in values]
    expanded = ["resection", "ssa", "prrt"]
    panel = _panel(qtbot, expanded)
    panel.set_evaluation(evaluations[0])
    for modality in expanded:
        panel.rows[modality].set_expanded(True)
    details = {panel.rows[m].details: m for m in expanded}
    shown: dict[str, set[str]] = {m: set() for m in expanded}
    for ev in evaluations:  # the first pass: every paragraph is new
        panel.set_evaluation(ev)
        _settle()
        for m in expanded:
            shown[m].update(panel.rows[m].details._parts or [])
    assert max(len(parts) for parts in shown.values()) > 16  # more than the old pool kept
    parsed: list[tuple[str, str]] = []
    original = QTextDocument.setHtml

    def counted(doc: Any, html: str) -> None:
        if doc.parent() in details:
            parsed.append((details[doc.parent()], html))
        original(doc, html)

    changed = 0
    try:
        QTextDocument.setHtml = counted  # type: ignore[method-assign]
        for ev in [*reversed(evaluations), *evaluations]:  # the same values again, both ways
            before = {m: list(panel.rows[m].details._parts or []) for m in expanded}
            panel.set_evaluation(ev)
            _settle()
            changed += sum(before[m] != panel.rows[m].details._parts for m in expanded)
    finally:
        QTextDocument.setHtml = original  # type: ignore[method-assign]
    assert changed > 10  # the paragraphs did change with the values
    assert parsed == []
