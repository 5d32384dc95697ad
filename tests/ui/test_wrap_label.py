"""WrapLabel keeps one text document however often its text changes (issue #17: the leak), and
still shows the current text exactly as QLabel does."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QLabel

from nelm_desktop.ui.options.options_panel import OptionsPanel
from nelm_desktop.ui.widgets.wrap_label import WrapLabel
from tests.ui.factories import make_evaluation

RICH = "<b>Recommended</b> ({n}) — <span style='color:#555555'>first line of the source algorithm</span>"


def _documents(widget) -> int:
    return len(widget.findChildren(QTextDocument))


def test_text_changes_reuse_one_document(qtbot):
    label = WrapLabel(RICH.format(n=0))
    qtbot.addWidget(label)
    label.resize(200, label.heightForWidth(200))
    label.show()
    qtbot.waitExposed(label)
    label.setText(RICH.format(n=1))
    label.repaint()
    first = _documents(label)
    for n in range(2, 301):
        label.setText(RICH.format(n=n))
        label.heightForWidth(200 + n % 3)
        label.repaint()
    assert _documents(label) == first <= 2  # its own, and at most one of QLabel's

    # ... and the reused document shows the latest text, as a QLabel with that text does.
    plain = QLabel(label.text())
    qtbot.addWidget(plain)
    plain.setWordWrap(True)
    for widget in (plain, label):
        widget.resize(200, plain.heightForWidth(200))
    assert label.heightForWidth(200) == plain.heightForWidth(200)
    assert label.grab().toImage() == plain.grab().toImage()


def test_options_panel_document_count_stays_bounded_over_edits(qtbot):
    panel = OptionsPanel()
    qtbot.addWidget(panel)
    panel.resize(520, 900)
    panel.show()
    qtbot.waitExposed(panel)
    # Rows change status (texts, groups and counts change, as while a clinician types).
    evaluations = [
        make_evaluation(),
        make_evaluation({"resection": "contraindicated", "staged_resection": "needs_information"}),
    ]
    panel.set_evaluation(evaluations[0])
    for row in list(panel.rows.values())[:4]:
        row.set_expanded(True)
    for ev in evaluations:
        panel.set_evaluation(ev)
        QApplication.processEvents()
    after_warm_up = _documents(panel)
    for i in range(200):
        panel.set_evaluation(evaluations[i % 2])
        QApplication.processEvents()
    assert _documents(panel) == after_warm_up
