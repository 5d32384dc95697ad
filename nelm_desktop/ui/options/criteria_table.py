"""Transplant criteria side by side (Milan | ENETS | UNOS), item by item, plus the ELTR factors.

Public API:

- ``CriteriaTable(parent=None)``: a QWidget. ``set_criteria(criteria: dict[str, CriteriaSet],
  eltr: list[Flag])`` shows ``Evaluation.transplant_criteria`` (keys milan, enets, unos) and
  ``Evaluation.eltr_factors``; labels are reused and only re-set when their text changes.
- ``cell(set_key, row) -> QLabel`` (row 0 = verdict, 1.. = items) and ``eltr_label`` for tests.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from nelm_desktop.core.evaluation import CriteriaSet, CriterionItem, Flag
from nelm_desktop.core.facts import fact_label
from nelm_desktop.ui.widgets import style
from nelm_desktop.ui.widgets.markup import escape
from nelm_desktop.ui.widgets.wrap_hints import layout_size_hint
from nelm_desktop.ui.widgets.wrap_label import WrapLabel

SET_KEYS = ("milan", "enets", "unos")
SET_NAMES = {"milan": "Milan", "enets": "ENETS", "unos": "UNOS"}


def item_html(item: CriterionItem) -> str:
    symbol, word, colour = style.CRITERION_STYLE[item.result]
    extra = ""
    if item.missing:
        extra = f"<br><span style='color:{style.TEXT_MUTED}'>needs: {escape(', '.join(map(fact_label, item.missing)))}</span>"
    elif item.note:
        extra = f"<br><span style='color:{style.TEXT_MUTED}'>{escape(item.note)}</span>"
    return (
        f"<span style='color:{colour}'><b>{symbol} {word}</b></span> "
        f"<span style='color:{style.TEXT_MUTED}'>{escape(item.id)}</span><br>{escape(item.text)}{extra}"
    )


def _item_detail(item: CriterionItem) -> str:
    if item.missing:
        return "Needs: " + ", ".join(map(fact_label, item.missing))
    return item.note


def verdict_html(cs: CriteriaSet) -> str:
    symbol = {"met": "✔", "not_met": "✖", "incomplete": "?"}[cs.verdict]
    colour = {"met": "#007A5A", "not_met": style.OKABE_ITO["vermillion"], "incomplete": "#8A5F00"}[cs.verdict]
    return f"<b>{escape(cs.name)}</b><br><span style='color:{colour}'><b>{symbol} {style.VERDICT_WORDS[cs.verdict]}</b></span>"


def _name(label: QLabel, name: str, description: str | None = None) -> None:
    """Set only on a change: each setter sends events (and an accessibility update) per edit."""
    if label.accessibleName() != name:
        label.setAccessibleName(name)
    if description is not None and label.accessibleDescription() != description:
        label.setAccessibleDescription(description)


class CriteriaTable(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(10)
        self._grid.setVerticalSpacing(6)
        self._cells: dict[tuple[str, int], WrapLabel] = {}
        self._shown: dict[QLabel, tuple[str, str, str, str]] = {}  # a criterion cell's text, tip, name
        for col, key in enumerate(SET_KEYS):
            self._grid.setColumnStretch(col, 1)
            self._cell(key, 0)
        self.source_label = QLabel(self)
        style.set_text_colour(self.source_label, style.TEXT_MUTED)
        self.eltr_label = WrapLabel(parent=self)
        self.eltr_label.setTextFormat(Qt.TextFormat.RichText)
        self.eltr_label.setPixelCache(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._grid)
        layout.addWidget(self.source_label)
        layout.addWidget(self.eltr_label)

    def sizeHint(self) -> QSize:
        return layout_size_hint(self)

    def cell(self, key: str, row: int) -> QLabel:
        return self._cells[(key, row)]

    def set_criteria(self, criteria: dict[str, CriteriaSet], eltr: list[Flag]) -> None:
        sources = set()
        for col, key in enumerate(SET_KEYS):
            cs = criteria.get(key)
            if cs is None:
                self._set(self._cell(key, 0), f"<b>{SET_NAMES[key]}</b><br>not evaluated")
                rows = 0
            else:
                sources.add(cs.source)
                verdict = self._cell(key, 0)
                self._set(verdict, verdict_html(cs))
                _name(verdict, f"{cs.name} criteria: {style.VERDICT_WORDS[cs.verdict]}")
                for i, item in enumerate(cs.items, start=1):
                    label = self._cell(key, i, col)
                    word = style.CRITERION_STYLE[item.result][1]
                    # Read as "Milan MILAN-1, met: Age <55 years" (the criterion itself, not only its id).
                    shown = (
                        item_html(item),
                        f"{item.id} ({cs.source})",
                        f"{cs.name} {item.id}, {word}: {item.text}",
                        _item_detail(item),
                    )
                    if self._shown.get(label) == shown:
                        continue  # most cells of an edit: asking Qt for each of the four costs more
                    self._shown[label] = shown
                    html, tip, name, detail = shown
                    self._set(label, html)
                    if label.toolTip() != tip:
                        label.setToolTip(tip)
                    _name(label, name, detail)
                rows = len(cs.items)
            for (k, r), label in self._cells.items():
                if k == key and r > 0:
                    label.setVisible(r <= rows)
        self._set(self.source_label, "Criteria: " + "; ".join(sorted(sources)) if sources else "")
        if eltr:
            body = "".join(
                f"<li>{escape(f.text)} <span style='color:{style.TEXT_MUTED}'>{escape(f.id)}</span></li>"
                for f in eltr
            )
            html = (
                f"<b>ELTR poor-prognosis factors</b> (flags, not criteria):<ul style='margin:0'>{body}</ul>"
            )
        else:
            html = "<b>ELTR poor-prognosis factors</b> (flags, not criteria): none raised."
        self._set(self.eltr_label, html)

    def _cell(self, key: str, row: int, col: int | None = None) -> QLabel:
        label = self._cells.get((key, row))
        if label is None:
            label = WrapLabel(parent=self)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            label.setPixelCache(True)  # copied, not drawn again, when the table moves
            self._grid.addWidget(label, row, SET_KEYS.index(key) if col is None else col)
            self._cells[(key, row)] = label
        return label

    @staticmethod
    def _set(label: QLabel, text: str) -> None:
        if label.text() != text:
            label.setText(text)
