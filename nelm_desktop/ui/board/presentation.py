"""Presentation mode (issue #15 item 3): the meeting's agenda one case per screen, full screen, large
high-contrast type for a projector 3 m away. PageDown/PageUp (or Right/Left, Space) move through the
agenda, Down/Up scroll the options column when it runs below the screen, Esc leaves. Read-only unless switched to edit (E, or the button): then the decision of the case
shown can be recorded.

The text comes from `core.board.synopsis`, the same words as the board pack.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QResizeEvent, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from nelm_desktop.core.board.decisions import plan_lines
from nelm_desktop.core.board.model import BOARD_STATUS_LABELS, Meeting
from nelm_desktop.core.board.notes import sign_off_line
from nelm_desktop.core.board.synopsis import (
    PackItem,
    distribution_type,
    flag_lines,
    grouped_options,
    key_facts,
    missing_facts,
    one_line,
    transplant_lines,
)
from nelm_desktop.core.presentation import role_tier_short, tier_legend
from nelm_desktop.core.validation_messages import visible
from nelm_desktop.ui.liver.liver_diagram import LiverDiagram
from nelm_desktop.ui.widgets.accessible_names import name_generated_controls
from nelm_desktop.ui.widgets.markup import escape

# High contrast: near-black on white, status colours dark enough for text on a washed-out projector.
INK = "#111111"
STATUS_INK = {
    "recommended": "#0B5D1E",
    "option": "#0B3D91",
    "needs_information": "#7A4A00",
    "contraindicated": "#8A1111",
    "not_indicated": "#444444",
}
NEXT_KEYS = {Qt.Key.Key_PageDown, Qt.Key.Key_Right, Qt.Key.Key_Space}
PREVIOUS_KEYS = {Qt.Key.Key_PageUp, Qt.Key.Key_Left, Qt.Key.Key_Backspace}
# Down/Up scroll the options column: at 1366x768 a case's options run below the screen and the
# transplant criteria, flags and the board decision were out of reach without a mouse.
SCROLL_KEYS = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}
SCROLL_LINES = 3


def type_sizes(screen_height: int) -> tuple[int, int]:
    """(body, heading) pixel sizes: body ~1/42 of the screen height (26 px at 1080, 18 px at 768)."""
    body = max(17, round(screen_height / 42))
    return body, round(body * 1.45)


def _e(text: object) -> str:
    # A hidden character read from a record is shown as [U+202E], never turning the projected text around.
    return escape(visible(str(text)))


class _Column(QWidget):
    """The left column: tells its owner its new width, so the facts get the height they need."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.fit: Callable[[], None] | None = None

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fit is not None:
            self.fit()


class PresentationWindow(QWidget):
    """`items` are the agenda cases (`PackItem`, see `core.board.outputs.gather`); `record` is called
    with the item shown when the user asks to record its decision (edit mode only)."""

    closed = Signal()
    pageChanged = Signal(int)

    def __init__(
        self,
        meeting: Meeting,
        items: Sequence[PackItem],
        record: Callable[[PackItem], PackItem | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("presentation")
        self.setWindowTitle(f"Presenting: {meeting.title}")
        self.setAccessibleName("Presentation mode")
        self.meeting = meeting
        self.items = list(items)
        self.record = record
        self.page = 0
        self.editing = False
        self.setStyleSheet(f"QWidget#presentation {{ background: white; }} QLabel {{ color: {INK}; }}")

        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 18, 28, 14)
        top = QHBoxLayout()
        self.heading = QLabel(self)
        self.heading.setObjectName("presentationHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        top.addWidget(self.heading, 1)
        self.mode_button = QPushButton(self)
        self.mode_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.mode_button.clicked.connect(self.toggle_edit)
        self.record_button = QPushButton("Record decision… (D)", self)
        self.record_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.record_button.clicked.connect(self.record_current)
        top.addWidget(self.record_button)
        top.addWidget(self.mode_button)
        outer.addLayout(top)

        self.question = QLabel(self)
        self.question.setObjectName("presentationQuestion")
        self.question.setWordWrap(True)
        self.question.setTextFormat(Qt.TextFormat.RichText)
        outer.addWidget(self.question)

        body = QHBoxLayout()
        left_host = _Column(self)
        left = QVBoxLayout(left_host)
        left.setContentsMargins(0, 0, 0, 0)
        self.facts = QLabel(self)
        self.facts.setObjectName("presentationFacts")
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.facts.setAlignment(Qt.AlignmentFlag.AlignTop)
        left.addWidget(self.facts)
        self.diagram = LiverDiagram(self)
        self.diagram.setAccessibleName("Couinaud diagram (read-only)")
        # Shown, never edited here: no clicks, no keyboard focus.
        self.diagram.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.diagram.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        left.addWidget(self.diagram, 1)
        left_host.fit = self._fit_facts
        body.addWidget(left_host, 5)

        self.options = QLabel(self)
        self.options.setObjectName("presentationOptions")
        self.options.setWordWrap(True)
        self.options.setTextFormat(Qt.TextFormat.RichText)
        self.options.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.options_scroll = scroll = QScrollArea(self)
        scroll.setWidget(self.options)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: white; }")
        body.addWidget(scroll, 7)
        outer.addLayout(body, 1)

        self.footer = QLabel(self)
        self.footer.setObjectName("presentationFooter")
        self.footer.setWordWrap(True)
        outer.addWidget(self.footer)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._apply_sizes(768)
        self.show_page(0)
        name_generated_controls(self)  # Qt's own parts (lists, scroll bars, button row) named

    # --- sizes ---------------------------------------------------------------------------------------
    def _apply_sizes(self, height: int) -> None:
        body, head = type_sizes(height)
        self._body, self._head = body, head
        for label in (self.facts, self.options, self.question):
            font = label.font()
            font.setPixelSize(body)
            label.setFont(font)
        font = self.heading.font()
        font.setPixelSize(head)
        font.setBold(True)
        self.heading.setFont(font)
        small = self.footer.font()
        small.setPixelSize(max(15, round(body * 0.8)))
        self.footer.setFont(small)
        for button in (self.mode_button, self.record_button):
            bf = button.font()
            bf.setPixelSize(max(14, round(body * 0.75)))
            button.setFont(bf)
        self.diagram.setMinimumHeight(round(height * 0.18))
        # Read from the back of the room: segment numerals as large as the text, burden captions and
        # the legend at 0.85 of it (they were 10 px under 18 px text at 768 lines).
        self.diagram.set_minimum_text(body, max(15, round(body * 0.85)))
        self._fit_facts()  # the type changed: the facts need a new height

    def resizeEvent(self, event: QResizeEvent) -> None:
        screen = self.screen()
        height = self.height() if screen is None else min(self.height(), max(screen.geometry().height(), 768))
        self._apply_sizes(height)
        super().resizeEvent(event)

    def _fit_facts(self) -> None:
        """A wrapped rich-text label in a box layout can get less height than it needs (its last key
        fact cut off): give it exactly its height for the column's width; the diagram takes the rest."""
        column = self.facts.parentWidget()
        width = column.width() if column is not None else 0
        if width <= 0:
            return
        doc = QTextDocument()
        doc.setDefaultFont(self.facts.font())
        doc.setHtml(self.facts.text())
        doc.setTextWidth(width)
        # Never more than about half the window: a taller minimum would make the window grow, and
        # with it the type (sizes follow the height), without end.
        cap = round(self.height() * 0.55)
        slack = self.facts.fontMetrics().lineSpacing()  # the label lays out a little taller than the document
        self.facts.setFixedHeight(min(math.ceil(doc.size().height()) + slack, cap))

    # --- content -------------------------------------------------------------------------------------
    def current(self) -> PackItem | None:
        return self.items[self.page] if self.items else None

    def show_page(self, page: int) -> None:
        if not self.items:
            self.heading.setText(_e(self.meeting.title))
            self.question.setText("No cases on the agenda.")
            self.facts.clear()
            self.options.clear()
            self.diagram.setVisible(False)  # a blank liver under the meeting's name read as a case
            self.footer.setText(f"{visible(self.meeting.title)} · Esc: leave")
            self._update_mode()
            return
        self.page = max(0, min(page, len(self.items) - 1))
        entry = self.items[self.page]
        case, ev = entry.case, entry.evaluation
        label = (
            (visible(case.patient_label) or "(no label)")
            if case
            else f"case {entry.item.case_id} (not in this library)"
        )
        demo = " <span style='color:#8A4B00'>[DEMO]</span>" if case is not None and case.demo else ""
        status = BOARD_STATUS_LABELS.get(entry.status, entry.status)
        self.heading.setText(
            f"{self.page + 1} / {len(self.items)} &nbsp; {_e(label)}{demo} "
            f"<span style='font-weight:normal; color:#333333'>· {_e(status)}</span>"
        )
        presenter = (
            f" &nbsp;<span style='color:#333333'>(presenter: {_e(entry.item.presenter)})</span>"
            if entry.item.presenter
            else ""
        )
        self.question.setText(
            f"<b>Question to the board:</b> {_e(entry.item.question or 'not stated')}{presenter}"
        )
        self.diagram.setVisible(case is not None and ev is not None)
        if case is None or ev is None:
            self.facts.setText("This case is not in this library.")
            self.options.clear()
            self.diagram.set_lesions([])
        else:
            rows = [("Distribution type", distribution_type(ev)), *key_facts(case, ev)]
            # One paragraph per fact (a table's wrapped cells are laid out taller than measured).
            self.facts.setText(
                "".join(f"<p style='margin:0 0 3px 0'><b>{_e(k)}:</b> {_e(v)}</p>" for k, v in rows)
            )
            self.diagram.set_lesions(list(case.lesions or []))
            self.options.setText(self._options_html(entry))
        # The scroll area sizes the options to their height for its width only when asked (a new text's
        # height was missed: the last lines of a long column were cut off, out of reach of Down).
        self.options_scroll.setWidgetResizable(True)
        self._fit_facts()
        self.options_scroll.verticalScrollBar().setValue(0)  # each case is read from its top
        self.footer.setText(
            f"{self.meeting.title} · PageDown / PageUp: next / previous case · Down / Up: scroll the "
            "options · Esc: leave · "
            "E: switch between read-only and edit · options per the cited sources; the board decides"
        )
        self._update_mode()
        self.pageChanged.emit(self.page)

    def _options_html(self, entry: PackItem) -> str:
        ev = entry.evaluation
        assert ev is not None
        parts: list[str] = []
        for status_label, group in grouped_options(ev):
            status = group[0].status
            colour = STATUS_INK.get(status, INK)
            parts.append(
                f"<p style='margin:6px 0 2px 0'><b style='color:{colour}'>{_e(status_label)}</b></p>"
            )
            if (
                status == "not_indicated"
            ):  # names only: the board rarely debates them, the pack has the reasons
                names = ", ".join(f"{o.label} ({role_tier_short(o)})" for o in group)
                parts.append(f"<p style='margin:0 0 0 16px'>{_e(names)}</p>")
                continue
            # Section 12: the evidence tier next to every status, the role (ROLE-1) next to every offered
            # option, as in the board pack.
            parts += [
                f"<p style='margin:0 0 2px 16px'><b>{_e(o.label)}</b> — {_e(one_line(o))} "
                f"<span style='color:#333333'>({_e(role_tier_short(o))})</span></p>"
                for o in group
            ]
        parts.append(f"<p style='margin:4px 0 2px 0; color:#333333'>Evidence tier: {_e(tier_legend())}.</p>")
        parts.append(
            f"<p style='margin:8px 0 2px 0'><b>Transplant criteria:</b> {_e('; '.join(transplant_lines(ev)))}</p>"
        )
        flags = flag_lines(ev)
        if flags:
            parts.append("<p style='margin:4px 0 2px 0'><b>Flags:</b> " + _e(" · ".join(flags)) + "</p>")
        missing = missing_facts(ev)
        if missing:
            parts.append(
                f"<p style='margin:4px 0 2px 0; color:#7A4A00'><b>Needs information:</b> {_e(', '.join(missing))}</p>"
            )
        if entry.decision is not None:
            plan = "<br/>".join(_e(line) for line in plan_lines(entry.decision))
            parts.append(
                f"<p style='margin:10px 0 2px 0'><b>Board decision:</b><br/>{plan}<br/>"
                f"<span style='color:#444444'>{_e(sign_off_line(entry.decision))}</span></p>"
            )
        return "".join(parts)

    # --- mode ----------------------------------------------------------------------------------------
    def toggle_edit(self) -> None:
        self.editing = not self.editing and self.record is not None
        self._update_mode()

    def _update_mode(self) -> None:
        self.mode_button.setText(
            "Editing — back to read-only (E)" if self.editing else "Read-only — switch to edit (E)"
        )
        self.mode_button.setAccessibleName(self.mode_button.text())
        self.record_button.setVisible(self.editing and self.current() is not None)
        self.mode_button.setVisible(self.record is not None and bool(self.items))  # nothing to edit

    def record_current(self) -> None:
        entry = self.current()
        if not self.editing or entry is None or self.record is None:
            return
        updated = self.record(entry)
        if updated is not None:
            self.items[self.page] = updated
            self.show_page(self.page)

    def present(self) -> None:
        """Show full screen on the screen of the main window (a geometry first: without a window
        manager, full screen alone keeps the default size)."""
        self.showFullScreen()
        screen = self.screen()
        if screen is not None and self.geometry() != screen.geometry():
            self.setGeometry(screen.geometry())
            self.setWindowState(self.windowState() | Qt.WindowState.WindowFullScreen)
        self.activateWindow()
        self.setFocus()

    # --- keys ----------------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close()
        elif key in NEXT_KEYS:
            self.show_page(self.page + 1)
        elif key in PREVIOUS_KEYS:
            self.show_page(self.page - 1)
        elif key in SCROLL_KEYS:
            bar = self.options_scroll.verticalScrollBar()
            step = SCROLL_LINES * self.options.fontMetrics().lineSpacing()
            bar.setValue(bar.value() + SCROLL_KEYS[Qt.Key(key)] * step)
        elif key == Qt.Key.Key_Home:
            self.show_page(0)
        elif key == Qt.Key.Key_End:
            self.show_page(len(self.items) - 1)
        elif key == Qt.Key.Key_E:
            self.toggle_edit()
        elif key == Qt.Key.Key_D:
            self.record_current()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)
