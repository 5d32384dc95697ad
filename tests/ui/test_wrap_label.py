"""WrapLabel keeps one text document however often its text changes (issue #17: the leak), and
still shows the current text exactly as QLabel does."""

from __future__ import annotations

from PySide6.QtCore import Qt
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


def _reason_parts(n: int, changed: int | None = None) -> list[str]:
    """Parts as the options panel's details have them: a paragraph per reason, a list under a title."""
    parts = []
    for i in range(n):
        value = "changed" if i == changed else f"value {i}"
        parts.append(
            f"<p style='margin:4px 0 0 0'>Reason {i}: a sentence long enough to wrap over two or three "
            f"lines in a narrow label, with its facts ({value}).<br>"
            f"<span style='color:#555555; font-size:small'>RULE-{i} · facts used: Ki-67 = {i}</span></p>"
        )
    parts.append(
        "<p style='margin:4px 0 0 0'><b>Flags</b></p><ul style='margin:0'><li>First flag text "
        "<span style='color:#555555'>FLAG-1</span></li><li>Second flag</li></ul>"
    )
    return parts


def test_text_parts_show_exactly_the_joined_text(qtbot):
    """A label fed its text in parts (only the changed parts laid out again) looks and measures the
    same as a label given the whole text, after parts change, move, appear and go."""
    parted = WrapLabel()
    whole = WrapLabel()
    for label in (parted, whole):
        qtbot.addWidget(label)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setContentsMargins(28, 2, 4, 6)
    steps = [_reason_parts(3), _reason_parts(3, changed=1), _reason_parts(4, changed=1), _reason_parts(2)]
    steps.append(list(reversed(steps[-1])))
    for parts in steps:
        parted.setTextParts(parts)
        whole.setText("".join(parts))
        assert parted.text() == whole.text()
        for width in (260, 420):
            assert parted.heightForWidth(width) == whole.heightForWidth(width)
            for label in (parted, whole):
                label.resize(width, whole.heightForWidth(width))
            assert parted.grab().toImage() == whole.grab().toImage()
    assert _documents(parted) <= 4 + 1  # one per part, and at most one of QLabel's


def test_unchanged_parts_keep_their_laid_out_documents(qtbot):
    label = WrapLabel()
    qtbot.addWidget(label)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextParts(_reason_parts(3))
    label.heightForWidth(300)
    before = list(label._part_docs)
    label.setTextParts(_reason_parts(3, changed=2))
    after = label._part_docs
    assert after[:2] == before[:2] and after[3] is before[3]  # reasons 0, 1 and the flags kept
    assert after[0].textWidth() == 300  # still laid out: no new layout for it
    label.setText("plain <b>text</b>")  # back to one document for the whole text
    assert label._part_docs == [] and label.heightForWidth(300) > 0
