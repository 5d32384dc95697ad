"""One modality in the options panel: badge, label, status line, expandable reasons.

Public API:

- ``OptionRow(modality: str, parent=None, font_base=None)``: a QFrame. ``set_result(opt: OptionResult,
  flag_texts: dict[str, str] | None = None)`` updates it in place; ``set_expanded(bool)``,
  ``is_expanded()``; ``toggle`` (arrow QToolButton, keyboard focusable: Space or Enter toggles,
  Right expands, Left collapses; the panel makes the rows one Tab stop, Up/Down/Home/End move
  between rows; its accessible name is "label, status"), ``title`` (word-wrapped modality label; a
  click toggles too), ``badge`` (StatusBadge), ``status_label`` and ``details`` (``WrapLabel``, a QLabel).
- ``meta_font(font) -> QFont``: the role-and-tier line's font (a tenth smaller, italic).
- ``status_line(opt) -> str``: the section-12 wording for an option's status.
- ``reasons_html(opt, flag_texts) -> str``: the expanded text (reasons with rule id, facts used
  with values, sources, the suggested-type note, flags, evidence ids); ``reasons_parts`` the same
  in its top-level parts (the details label re-lays out only the parts that changed).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QCursor, QFont, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QToolTip, QWidget

from nelm_desktop.core.evaluation import MODALITY_LABELS, STATUS_LABELS, OptionResult, Reason
from nelm_desktop.core.facts import fact_label
from nelm_desktop.core.flags import OUTSIDE_SOURCE_FLAGS
from nelm_desktop.core.presentation import (
    EVIDENCE_NOTE,
    OUTSIDE_SOURCES_HEADING,
    evidence_lines,
    full_reference,
    one_line_reason,
    role_and_tier,
    split_reason,
    status_label,
    value_text,
)
from nelm_desktop.core.sources import OUTSIDE_SOURCES, SOURCES
from nelm_desktop.ui.options.expander import Expander
from nelm_desktop.ui.options.status_badge import StatusBadge
from nelm_desktop.ui.widgets import style
from nelm_desktop.ui.widgets.markup import escape
from nelm_desktop.ui.widgets.wrap_hints import layout_size_hint
from nelm_desktop.ui.widgets.wrap_label import WrapLabel

SUGGESTED_NOTE = "distribution type suggested by the engine, not confirmed"
OUTSIDE_COLOUR = style.OKABE_ITO["vermillion"]


def format_value(value: Any, fact: str = "") -> str:
    """The value as the summary and the CLI show it too (one wording: presentation.value_text)."""
    return value_text(value, fact)


def status_line(opt: OptionResult) -> str:
    """The row's second line: the status in one clinical sentence (ids in the details)."""
    text = one_line_reason(opt)
    if opt.conditional and opt.status == "option":
        text += " (conditional)"
    return text


def _source_links(reason: Reason, muted: str) -> str:
    """Locators with the key as a link whose hover shows the full reference."""
    parts = []
    for src in reason.sources:
        key = escape(src.key)
        parts.append(
            f"<a href='source:{key}' style='color:{muted}'>{key}</a>, {escape(src.locator)}"
            if src.key in SOURCES
            else f"{key}, {escape(src.locator)}"
        )
    return "; ".join(parts)


def reasons_html(opt: OptionResult, flag_texts: dict[str, str] | None = None) -> str:
    """The expanded option: clinical sentences first; rule ids, facts and sources on a muted line."""
    return "".join(reasons_parts(opt, flag_texts))


def reasons_parts(opt: OptionResult, flag_texts: dict[str, str] | None = None) -> list[str]:
    """``reasons_html`` in its top-level parts (a reason's paragraph, missing facts, flags,
    evidence): the details label lays out again only the parts an edit changed."""
    flag_texts = flag_texts or {}
    muted = style.TEXT_MUTED
    parts: list[str] = []
    for reason in opt.reasons:
        sentence, codes = split_reason(reason.text)
        ids = " · ".join(escape(c) for c in dict.fromkeys([reason.rule, *codes]))
        facts = "; ".join(
            f"{escape(fact_label(k))} = {escape(format_value(v, k))}" for k, v in reason.facts.items()
        )
        detail = [ids]
        if facts:
            detail.append(f"facts used: {facts}")
        if reason.sources:
            detail.append(f"source: {_source_links(reason, muted)}")
        body = escape(sentence)
        if reason.uses_suggested_type:
            body += f" <i>({SUGGESTED_NOTE})</i>"
        parts.append(
            f"<p style='margin:4px 0 0 0'>{body}<br>"
            f"<span style='color:{muted}; font-size:small'>{' · '.join(detail)}</span></p>"
        )
    if opt.missing:
        parts.append(
            f"<p style='margin:4px 0 0 0'><span style='color:{muted}'>Missing facts:</span> "
            + escape(", ".join(fact_label(f) for f in opt.missing))
            + "</p>"
        )
    sourced = [f for f in opt.flags if f not in OUTSIDE_SOURCE_FLAGS]
    outside = [f for f in opt.flags if f in OUTSIDE_SOURCE_FLAGS]
    if sourced:
        items = "".join(
            f"<li>{escape(flag_texts.get(f, ''))} <span style='color:{muted}'>{escape(f)}</span></li>"
            for f in sourced
        )
        parts.append(f"<p style='margin:4px 0 0 0'><b>Flags</b></p><ul style='margin:0'>{items}</ul>")
    if outside:
        # Not from the cited sources (AMB-64): set apart, in their own colour, never mixed with flags.
        items = "".join(
            f"<li><i>{escape(flag_texts.get(f, ''))}</i> <span style='color:{muted}'>{escape(f)} · "
            f"{OUTSIDE_SOURCES}</span></li>"
            for f in outside
        )
        parts.append(
            f"<p style='margin:4px 0 0 0; color:{OUTSIDE_COLOUR}'><b>⚠ {escape(OUTSIDE_SOURCES_HEADING)}</b></p>"
            f"<ul style='margin:0'>{items}</ul>"
        )
    lines = evidence_lines(opt.evidence)
    if lines:
        items = "".join(
            f"<li>{escape(line.text)} <span style='color:{muted}'>({escape(line.id)}; "
            f"{escape(line.source)})</span>"
            + (f"<br><i style='color:{muted}'>Caveat: {escape(line.caveat)}</i>" if line.caveat else "")
            + "</li>"
            for line in lines
        )
        parts.append(
            f"<p style='margin:4px 0 0 0'><b>Evidence</b> <span style='color:{muted}'>({EVIDENCE_NOTE})</span></p>"
            f"<ul style='margin:0'>{items}</ul>"
        )
    return parts


class _ClickableLabel(WrapLabel):
    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)


def meta_font(font: QFont) -> QFont:
    """The role-and-tier line's font: `font` a tenth smaller, italic (its size set, so a later zoom of
    the pane does not reach it)."""
    small = QFont(font)
    small.setPointSizeF(small.pointSizeF() * 0.9)
    small.setItalic(True)
    return small


class OptionRow(QFrame):
    def __init__(self, modality: str, parent: QWidget | None = None, font_base: QFont | None = None):
        """`font_base`: the font the meta line is scaled from (default: the row's own as it is made;
        the options panel passes the one its rows made with the panel had, for a row made later)."""
        super().__init__(parent)
        self.modality = modality
        self._opt: OptionResult | None = None
        self._flag_texts: dict[str, str] = {}
        self._details_key: tuple[Any, ...] | None = None
        self.setObjectName(f"option_{modality}")
        self.setFrameShape(QFrame.Shape.NoFrame)
        # Paints nothing itself, children laid out from the top: when the details change height,
        # the title, badge and status line above are not painted again.
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)

        self.toggle = Expander(self)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.toggle.setAutoRaise(True)
        self.toggle.setStyleSheet(
            "QToolButton { border: 1px solid transparent; padding: 1px; background: transparent; }"
            f" QToolButton:focus {{ border: 1px dotted {style.FOCUS}; }}"
        )
        self.toggle.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.toggle.setToolTip("Show or hide the reasons, facts and sources (Space or Enter; Right/Left)")
        self.toggle.installEventFilter(self)
        self.title = _ClickableLabel(MODALITY_LABELS.get(modality, modality), self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.title.setCursor(Qt.CursorShape.PointingHandCursor)
        self.title.clicked.connect(self.toggle.click)
        self.badge = StatusBadge(parent=self)
        self.status_label = WrapLabel(parent=self)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)  # engine text may contain "<" ("Age <55")
        style.set_text_colour(self.status_label, style.TEXT_MUTED)
        self.meta_label = WrapLabel(parent=self)
        self.meta_label.setTextFormat(Qt.TextFormat.PlainText)
        style.set_text_colour(self.meta_label, style.TEXT_MUTED)
        self.meta_label.setFont(meta_font(self.meta_label.font() if font_base is None else font_base))
        self.details = WrapLabel(parent=self)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.details.setOpenExternalLinks(False)
        # Source keys are links: hover (or click) shows the full reference.
        self.details.linkHovered.connect(self._show_reference)
        self.details.linkActivated.connect(self._show_reference)
        self.details.setContentsMargins(28, 2, 4, 6)
        self.details.hide()
        # Selectable text takes a click's focus; while collapsed (hidden, empty) it takes none, so a
        # screen reader's tree has no empty focusable label (ClickFocus again when expanded).
        self.details.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        # Drawn straight over the panel's background: painted once per text, size and palette, then
        # copied when the row moves (a regrouping edit moves most rows below the change). The
        # details, long and often half out of view, keep the pixels of each exposed paragraph.
        for label in (self.title, self.status_label, self.meta_label, self.details):
            label.setPixelCache(True)
        grid = QGridLayout(self)
        grid.setContentsMargins(2, 1, 2, 1)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(0)
        grid.addWidget(self.badge, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.toggle, 0, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.title, 0, 2)
        grid.addWidget(self.status_label, 1, 2)
        grid.addWidget(self.meta_label, 2, 2)
        grid.addWidget(self.details, 3, 0, 1, 3)
        grid.setColumnStretch(2, 1)
        self.toggle.toggled.connect(self._on_toggled)

    def sizeHint(self) -> QSize:
        return layout_size_hint(self)

    def result(self) -> OptionResult | None:
        return self._opt

    def is_expanded(self) -> bool:
        return self.toggle.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        self.toggle.setChecked(expanded)

    def set_result(self, opt: OptionResult, flag_texts: dict[str, str] | None = None) -> None:
        unchanged = opt == self._opt  # most rows of an edit: nothing on the row to re-set
        self._opt = opt
        self._flag_texts = flag_texts or {}
        if unchanged:
            if self.is_expanded():
                self._fill_details()  # the flags' wording may differ; redone only if it does
            return
        self.badge.set_status(opt.status)
        line = status_line(opt)
        if self.status_label.text() != line:
            self.status_label.setText(line)
        # The group header already says the generic wording; show only what adds to it.
        generic = line == STATUS_LABELS.get(opt.status)
        if self.status_label.isHidden() != generic:
            self.status_label.setHidden(generic)
        label = opt.label or MODALITY_LABELS.get(opt.modality, opt.modality)
        if self.title.text() != label:
            self.title.setText(label)
        meta = role_and_tier(opt)  # ROLE-1 (offered options) and TIER-1 (every status)
        if self.meta_label.text() != meta:
            self.meta_label.setText(meta)
        # Announced as "Liver resection, Recommended, collapsed" (the state comes from Expander).
        name = f"{label}, {status_label(opt.status)}"
        if self.toggle.accessibleName() != name:
            self.toggle.setAccessibleName(name)
        description = f"{line} {meta}."
        if self.toggle.accessibleDescription() != description:
            self.toggle.setAccessibleDescription(description)
        if self.is_expanded():
            self._fill_details()

    def _fill_details(self) -> None:
        if self._opt is None:
            return
        key = (self._opt, tuple(sorted(self._flag_texts.items())) if self._opt.flags else ())
        if key == self._details_key:
            return
        self._details_key = key
        self.details.setTextParts(reasons_parts(self._opt, self._flag_texts))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Tree-view keys on the arrow button (Up/Down keep QToolButton's move to the next button).
        if watched is self.toggle and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.toggle.click()
                return True
            if key in (Qt.Key.Key_Right, Qt.Key.Key_Left):
                self.set_expanded(key == Qt.Key.Key_Right)
                return True
        return super().eventFilter(watched, event)

    def _show_reference(self, link: str) -> None:
        if link.startswith("source:"):
            QToolTip.showText(QCursor.pos(), full_reference(link.removeprefix("source:")), self.details)
        else:
            QToolTip.hideText()

    def _on_toggled(self, checked: bool) -> None:
        if checked:
            self._fill_details()
        self.details.setFocusPolicy(Qt.FocusPolicy.ClickFocus if checked else Qt.FocusPolicy.NoFocus)
        self.details.setVisible(checked)
