"""WrapLabel keeps one text document however often its text changes (issue #17: the leak), and
still shows the current text exactly as QLabel does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QLabel

from nelm_desktop.ui.options.options_panel import OptionsPanel
from nelm_desktop.ui.widgets.wrap_label import _SPARE_DOCUMENTS, RECENT_PARTS, RECENT_TEXTS, WrapLabel
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
    for n in range(1, 21):  # the recent texts' documents are kept: bounded by their number
        label.setText(RICH.format(n=n))
        label.heightForWidth(200 + n % 3)
        label.repaint()
    first = _documents(label)
    for n in range(21, 301):
        label.setText(RICH.format(n=n))
        label.heightForWidth(200 + n % 3)
        label.repaint()
    # The current text's, the recent texts', spares, and at most one of QLabel's.
    assert _documents(label) == first <= 1 + RECENT_TEXTS + _SPARE_DOCUMENTS + 1

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
        assert (parted.sizeHint(), parted.minimumSizeHint()) == (whole.sizeHint(), whole.minimumSizeHint())
    # One per part, the recent parts', spares, and at most one of QLabel's.
    assert _documents(parted) <= 4 + RECENT_PARTS + _SPARE_DOCUMENTS + 1


def test_text_parts_hint_as_the_joined_text(qtbot):
    """The size hints of a text given in parts (estimated from each part's words, kept per part) are
    the joined text's: short and long texts, words as long as the cap, equally long words in text
    order, empty parts, and a word or a tag running across two parts."""
    long_word = "hepaticojejunostomy-associated"
    cases = [
        ["<p>a b</p>", "<p>cd</p>"],  # short: measured on one line
        _reason_parts(4, changed=2),
        ["<p>" + "word " * 60 + "</p>", f"<p>{long_word}</p>", "<p>tiny</p>"],  # a word over the cap
        ["<p>aaaa bbbb</p>", "<p>cccc dddd eeee</p>", "<p>ffff</p>"],  # equally long: the first three
        ["<p>x</p>", "", "<p>yy zz</p>", ""],
        ["<b>split", "word</b> here"],  # "splitword" runs across the parts
        ["<span style='color:#555'>a", "</span> b<i", ">c</i>"],  # a tag runs across the parts
        ["<p>x <span ", "style='color:#555'>yy</span></p>"],  # ... after a blank
        ["", ""],
    ]
    for parts in cases:
        parted, whole = WrapLabel(), WrapLabel()
        for label in (parted, whole):
            qtbot.addWidget(label)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setContentsMargins(28, 2, 4, 6)
        parted.setTextParts(parts)
        whole.setText("".join(parts))
        assert (parted.sizeHint(), parted.minimumSizeHint()) == (whole.sizeHint(), whole.minimumSizeHint()), (
            parts
        )


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


def _count_calls(monkeypatch, cls, name: str) -> list[object]:
    """Calls made from Python to ``cls.name`` (the label's own parsing and measuring go through it)."""
    calls: list[object] = []
    original = getattr(cls, name)

    def counted(self, *args):
        calls.append(args)
        return original(self, *args)

    monkeypatch.setattr(cls, name, counted)
    return calls


def test_a_rich_text_shown_recently_is_not_parsed_or_laid_out_again(qtbot, monkeypatch):
    """A count, verdict or status that comes back (a value changed back, undo) reuses its laid-out
    document: no parsing, no layout; a new text is parsed once; both show what a fresh label shows."""
    label = WrapLabel()
    qtbot.addWidget(label)
    label.resize(200, 60)
    label.show()
    qtbot.waitExposed(label)
    for n in (0, 1, 2):
        label.setText(RICH.format(n=n))
        label.heightForWidth(200)
        label.repaint()
    parsed = _count_calls(monkeypatch, QTextDocument, "setHtml")
    widths = _count_calls(monkeypatch, QTextDocument, "setTextWidth")
    for n in (1, 0, 2, 1):
        label.setText(RICH.format(n=n))
        label.heightForWidth(200)
        label.repaint()
    assert parsed == [] and widths == []
    label.setText(RICH.format(n=99))
    label.heightForWidth(200)
    assert parsed == [(RICH.format(n=99),)]

    for n in (99, 0):
        label.setText(RICH.format(n=n))
        fresh = WrapLabel(RICH.format(n=n))
        qtbot.addWidget(fresh)
        assert label.heightForWidth(200) == fresh.heightForWidth(200)
        fresh.resize(label.size())
        assert label.grab().toImage() == fresh.grab().toImage()


def test_a_plain_text_shown_recently_is_not_measured_again(qtbot, monkeypatch):
    label = WrapLabel()
    qtbot.addWidget(label)
    label.setTextFormat(Qt.TextFormat.PlainText)
    texts = ["Not listed for G3 in the sources.", "Cannot be assessed: Ki-67 index (%)."]
    for text in texts:
        label.setText(text)
        label.heightForWidth(120)
    measured = _count_calls(monkeypatch, QLabel, "heightForWidth")
    for text in (*texts, *texts):
        label.setText(text)
        assert label.heightForWidth(120) == QLabel.heightForWidth(_plain_label(qtbot, text), 120)
    assert len(measured) == 4  # only the fresh labels' (called above through QLabel directly)


def _plain_label(qtbot, text: str) -> QLabel:
    label = QLabel(text)
    qtbot.addWidget(label)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def test_recent_texts_are_measured_again_in_a_new_font(qtbot):
    label = WrapLabel()
    qtbot.addWidget(label)
    for n in (0, 1):
        label.setText(RICH.format(n=n))
        label.heightForWidth(160)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    label.setFont(font)
    label.setText(RICH.format(n=0))
    fresh = WrapLabel(RICH.format(n=0))
    qtbot.addWidget(fresh)
    fresh.setFont(font)
    assert label.heightForWidth(160) == fresh.heightForWidth(160) > 0
    label.resize(160, fresh.heightForWidth(160))
    fresh.resize(label.size())
    assert label.grab().toImage() == fresh.grab().toImage()


def test_a_part_shown_recently_is_not_parsed_again(qtbot, monkeypatch):
    label = WrapLabel()
    qtbot.addWidget(label)
    label.setTextFormat(Qt.TextFormat.RichText)
    steps = [_reason_parts(3), _reason_parts(3, changed=1), _reason_parts(3, changed=2)]
    for parts in steps:
        label.setTextParts(parts)
        label.heightForWidth(300)
    parsed = _count_calls(monkeypatch, QTextDocument, "setHtml")
    for parts in (steps[0], steps[2], steps[1]):
        label.setTextParts(parts)
        label.heightForWidth(300)
    assert parsed == []
    whole = WrapLabel("".join(steps[1]))
    qtbot.addWidget(whole)
    whole.setTextFormat(Qt.TextFormat.RichText)
    whole.setContentsMargins(label.contentsMargins())
    assert label.heightForWidth(300) == whole.heightForWidth(300)
    for widget in (label, whole):
        widget.resize(300, whole.heightForWidth(300))
    assert label.grab().toImage() == whole.grab().toImage()
