"""MeasuredLabel answers QLabel's own size hints, measured once per recent text (issue #17)."""

from __future__ import annotations

from typing import Any

import pytest
from factories import evaluate, make_case
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QLabel

from nelm_desktop.ui.liver.liver_facts import LiverFactsBox
from nelm_desktop.ui.widgets.measured_label import MeasuredLabel

TEXTS = [
    "Suggested: <b>Type II: one lobe mostly, a few lesions in the other</b><br>Used: Type II<br>"
    "<i>distribution type suggested by the engine, not confirmed</i>",
    "Suggested: <b>undetermined</b><br>Used: none",
    "3 (IV, VI, VIII)",
    "not recorded",
]


def _measures(monkeypatch: Any) -> list[str]:
    """QLabel's measurements a MeasuredLabel asks for (it asks through super(), from Python)."""
    calls: list[str] = []
    for name in ("sizeHint", "minimumSizeHint", "heightForWidth"):
        original = getattr(QLabel, name)

        def counted(self: QLabel, *args: Any, _name: str = name, _original: Any = original) -> Any:
            if isinstance(self, MeasuredLabel):
                calls.append(_name)
            return _original(self, *args)

        monkeypatch.setattr(QLabel, name, counted)
    return calls


def _qlabel(qtbot: Any, text: str, font: Any = None) -> QLabel:
    label = QLabel(text)
    qtbot.addWidget(label)
    label.setWordWrap(True)
    if font is not None:
        label.setFont(font)
    return label


def test_its_hints_are_qlabels_own(qtbot: Any) -> None:
    label = MeasuredLabel()
    qtbot.addWidget(label)
    label.setWordWrap(True)
    for text in [*TEXTS, *reversed(TEXTS)]:
        label.setText(text)
        plain = _qlabel(qtbot, text)
        assert label.sizeHint() == plain.sizeHint()
        assert label.minimumSizeHint() == plain.minimumSizeHint()
        for width in (90, 180, 320):
            assert label.heightForWidth(width) == plain.heightForWidth(width)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    label.setFont(font)  # measured again in the new font
    for text in TEXTS:
        label.setText(text)
        plain = _qlabel(qtbot, text, font)
        assert label.sizeHint() == plain.sizeHint()
        assert label.heightForWidth(180) == plain.heightForWidth(180)


def test_a_text_shown_recently_is_not_measured_again(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    label = MeasuredLabel()
    qtbot.addWidget(label)
    label.setWordWrap(True)
    for text in TEXTS[:2]:
        label.setText(text)
        label.sizeHint(), label.minimumSizeHint(), label.heightForWidth(180)
    calls = _measures(monkeypatch)
    for text in (*TEXTS[:2], *TEXTS[:2]):
        label.setText(text)
        label.sizeHint(), label.minimumSizeHint(), label.heightForWidth(180)
    assert calls == []
    label.setText(TEXTS[2])
    label.sizeHint(), label.heightForWidth(180)
    assert calls == ["sizeHint", "heightForWidth"]


def test_the_liver_facts_measure_a_distribution_type_line_once(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit that changes the distribution type back does not measure its line again; the box
    is laid out as with QLabel's own measurements."""
    box = LiverFactsBox()
    qtbot.addWidget(box)
    box.resize(420, 300)
    box.show()
    qtbot.waitExposed(box)
    case = make_case()
    evaluations = [evaluate(case), evaluate(case.model_copy(update={"hepatic_involvement_pct": 80.0}))]
    assert box.label("type").text() != ""
    calls = _measures(monkeypatch)
    texts = []
    for ev in evaluations:
        box.set_evaluation(ev)
        QApplication.processEvents()
        texts.append(box.label("type").text())
    assert texts[0] != texts[1], "the edit changes the distribution type line"
    assert calls, "a new line is measured (through the label)"
    calls.clear()
    for ev in (*evaluations, *evaluations):
        box.set_evaluation(ev)
        QApplication.processEvents()
        label = box.label("type")
        plain = _qlabel(qtbot, label.text())
        plain.setTextFormat(Qt.TextFormat.RichText)
        assert label.height() >= QLabel.heightForWidth(plain, label.width())
    assert calls == []


def test_a_setter_that_changes_the_measure_is_forgotten_and_the_same_value_again_is_not(
    qtbot: Any, monkeypatch: Any
) -> None:
    """Both measuring labels share one list of setters (ui/widgets/forgetting_label.py). New margins
    give QLabel's new hints (MeasuredLabel kept its old hints after setContentsMargins), and the
    same margins, format or alignment set again keep what was measured."""
    from nelm_desktop.ui.widgets.wrap_label import WrapLabel

    label = MeasuredLabel(TEXTS[0])
    qtbot.addWidget(label)
    label.setWordWrap(True)
    before = label.sizeHint()
    label.setContentsMargins(12, 7, 12, 7)
    plain = _qlabel(qtbot, TEXTS[0])
    plain.setContentsMargins(12, 7, 12, 7)
    assert label.sizeHint() == plain.sizeHint() == before + QSize(24, 14)
    assert label.heightForWidth(180) == plain.heightForWidth(180)

    calls = _measures(monkeypatch)
    label.setContentsMargins(12, 7, 12, 7)
    label.setAlignment(label.alignment())
    label.setTextFormat(label.textFormat())
    assert (label.sizeHint(), label.heightForWidth(180)) == (plain.sizeHint(), plain.heightForWidth(180))
    assert calls == []

    wrap = WrapLabel("A line long enough to wrap at a narrow width, measured once")
    qtbot.addWidget(wrap)
    height = wrap.heightForWidth(120)
    forgotten: list[int] = []
    monkeypatch.setattr(wrap, "_forget", lambda: forgotten.append(1))
    wrap.setContentsMargins(wrap.contentsMargins())
    wrap.setAlignment(wrap.alignment())
    wrap.setTextFormat(wrap.textFormat())
    wrap.setWordWrap(True)
    wrap.setMargin(wrap.margin())
    wrap.setIndent(wrap.indent())
    assert forgotten == []
    wrap.setIndent(4)
    assert forgotten == [1]
    assert height > 0
