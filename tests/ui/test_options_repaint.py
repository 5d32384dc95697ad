"""The options panel's repaint shortcuts never change what is shown (issue #17, edit -> repaint).

The panel skips rows whose result did not change, repaints only the strip a container uncovers when
it grows or shrinks (WA_StaticContents), and draws only the exposed part of a long rich-text label.
These tests hold it to a panel built fresh for the same evaluation, and the pixels on screen (the
window's backing store, what the clinician sees) to a fresh rendering, edit after edit.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

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
