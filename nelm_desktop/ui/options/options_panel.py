"""The live options panel: the engine's 16 modalities by status, criteria, missing facts, flags.

Public API:

- ``OptionsPanel(parent=None)``: a QWidget (a scroll area inside). ``set_evaluation(ev: Evaluation |
  None)`` renders an ``Evaluation``; widgets are created once and updated in place, so a call per
  edit is cheap. The panel's layouts are held while it updates, so geometry settles in the next
  event-loop turn (one layout pass, not one per shown or hidden child). ``evaluation() ->
  Evaluation | None``.
- Signal ``factRequested(str)``: a missing fact's link was activated; the argument is the fact id
  (a ``Case`` field, or one of ``core.facts.LESION_FACTS`` for the liver editor).
- Keyboard: the missing-fact links are one Tab stop and the option rows another (arrow keys, Home and
  End move inside each; Return activates a link or toggles a row), in the order shown: links, then
  rows. ``focus_target() -> QWidget | None`` is where F6 lands: the current link, else the current row
  (None with no case open).
- Children for tests and the main window: ``rows`` (modality -> ``OptionRow``), ``group_headers``
  (status -> ``panel_parts.GroupHeader``), ``missing_buttons()`` (visible fact buttons), ``criteria``
  (``CriteriaTable``), ``flags_label``, ``kb_label``, ``header_label``, ``scroll``.
- ``set_stale_entries(entries)``: (label, shown, accepted, rule) per field whose box shows a refused
  entry; ``entry_notice`` above the scroll area says the options use the last accepted values.
- ``HEADER_TEXT``: the wording line at the top (CLINICAL-RULES.md section 12).

First screen first (start-up, issue #17): ``OptionsPanel(parent, lazy=True)`` (the main window's)
fills, on its first evaluation, only what the viewport shows: the header, the missing-fact links and
the group headers and rows down to the fold. The rows below it, the criteria, the flags and the
knowledge-base line are filled right after the panel has been painted (``rest_pending()`` until
then), or at once as soon as anything could reach them: focus entering the panel (Tab, a click, F6),
a scroll or a wheel turn, a second evaluation (an edit), ``rows`` or ``focus_target()``. With a
screen reader running (``QAccessible.isActive()``), or when the panel is not on screen yet, it
fills everything at once. The rows themselves are made as the first screen needs them, the others
when the rest is filled (~2.6M instructions each; 12 of 16 below the fold at start-up). Once filled
it is the eagerly filled panel: the same widgets, in the same order (children, focus chain,
``rows``), with the same texts, names, fonts, Tab order and geometry (``lazy=False`` makes every
row with the panel, as it always did).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from nelm_desktop.core.evaluation import MODALITIES, STATUS_ORDER, Evaluation, OptionResult
from nelm_desktop.core.facts import fact_label
from nelm_desktop.core.presentation import (
    OUTSIDE_SOURCES_HEADING,
    ordered_options,
    split_flags,
)
from nelm_desktop.ui.options.criteria_table import CriteriaTable
from nelm_desktop.ui.options.entry_notice import EntryNotice, StaleEntry
from nelm_desktop.ui.options.option_row import OUTSIDE_COLOUR, OptionRow
from nelm_desktop.ui.options.panel_parts import Box, GroupHeader, section_title
from nelm_desktop.ui.widgets import style
from nelm_desktop.ui.widgets.cached_scroll_bar import CachedScrollBar
from nelm_desktop.ui.widgets.flow_layout import FlowLayout
from nelm_desktop.ui.widgets.focus_chain import chain_block, place_after
from nelm_desktop.ui.widgets.focus_frame import FocusFrameButton
from nelm_desktop.ui.widgets.markup import escape
from nelm_desktop.ui.widgets.roving_focus import RovingFocus
from nelm_desktop.ui.widgets.wrap_label import WrapLabel

HEADER_TEXT = (
    "Options per the source algorithm — the clinician and the multidisciplinary tumour board decide."
)


NO_CASE_TEXT = (
    "No case open. When a case is open, its treatment options, the transplant criteria and the "
    "flags appear here, each with its basis."
)


class _Fold:
    """How far down the first screen reaches: the scroll area's viewport height, filled by the group
    headers and rows in order at the width they will be shown at (a scroll bar's width narrower:
    a panel that reaches the fold has one). Their texts are laid out once, for the paint to come."""

    def __init__(self, panel: OptionsPanel):
        self._panel = panel
        scroll = panel.scroll
        body = scroll.widget()
        margins = body.layout().contentsMargins()
        bar = scroll.verticalScrollBar().sizeHint().width()
        # The viewport's size, from the scroll area's (a Python wrapper of the viewport made PySide
        # create ~50 enum types at start-up).
        viewport = scroll.maximumViewportSize()
        self._width = viewport.width() - bar - margins.left() - margins.right()
        self._left = viewport.height()
        self._spacing = panel.options_box.layout().spacing()

    def add(self, widget: QWidget, sequence: list[QWidget]) -> None:
        # Placed and shown first: a widget never shown counts its children as hidden (no height).
        self._panel._arrange(list(sequence))  # a copy: the caller goes on appending to its list
        self._left -= widget.heightForWidth(self._width) + self._spacing

    def reached(self) -> bool:
        return self._left < 0


class OptionsPanel(QWidget):
    factRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None, lazy: bool = False):
        super().__init__(parent)
        self._ev: Evaluation | None = None
        self._first_screen_only = lazy  # until the first evaluation with a case (see the docstring)
        self._rest_pending = False
        self._sequence: list[QWidget] = []
        self._fact_buttons: list[QPushButton] = []
        self._tab_chain: list[QWidget] = []

        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setAccessibleName("Treatment options")
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Repainted with the window after every edit: drawn once per position, then copied.
        self.scroll.setVerticalScrollBar(CachedScrollBar(Qt.Orientation.Vertical, self.scroll))
        body = Box(self.scroll)
        body.setObjectName("optionsBody")
        self.scroll.setWidget(body)
        # Above the scroll area: while a field holds a refused entry, always in sight.
        self.entry_notice = EntryNotice(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.entry_notice)
        outer.addWidget(self.scroll)

        self.header_label = WrapLabel(HEADER_TEXT, body)
        style.set_text_colour(self.header_label, style.TEXT)
        italic = self.header_label.font()
        italic.setItalic(True)
        self.header_label.setFont(italic)
        self.demo_label = QLabel("<b>DEMO CASE</b> — for demonstration only", body)
        self.demo_label.setStyleSheet(
            f"color: #FFFFFF; background: {style.OKABE_ITO['reddish_purple']}; padding: 2px 6px;"
        )
        self.demo_label.hide()
        self.missing_title = section_title("Needs information", body)
        self.missing_hint = WrapLabel(
            "Facts the sources need and the case does not record yet. Click one to go to its field.", body
        )
        style.set_text_colour(self.missing_hint, style.TEXT_MUTED)
        self.missing_box = Box(body)
        self._missing_flow = FlowLayout(self.missing_box, h_spacing=10, v_spacing=0)

        self.options_box = Box(body)
        self._options_layout = QVBoxLayout(self.options_box)
        self._options_layout.setContentsMargins(0, 0, 0, 0)
        self._options_layout.setSpacing(2)
        self.group_headers: dict[str, GroupHeader] = {
            s: GroupHeader(s, self.options_box) for s in STATUS_ORDER
        }
        for widget in self.group_headers.values():
            widget.hide()
        # The rows: made as the first screen needs them, the rest when it is filled (~2.6M
        # instructions each, 12 of 16 below the fold at start-up). Made late, each is put back where a
        # row made here sits (`_make_every_row`), with the meta line's font this font gives.
        self._rows: dict[str, OptionRow] = {}
        self._row_font = self.options_box.font()
        self._every_row_made = False
        self._held_layouts: list[QLayout] | None = None  # see _render_batched
        if not lazy:
            self._make_every_row()

        self.criteria = CriteriaTable(body)
        self.flags_label = WrapLabel(parent=body)
        self.flags_label.setTextFormat(Qt.TextFormat.RichText)
        self.outside_label = WrapLabel(parent=body)
        self.outside_label.setTextFormat(Qt.TextFormat.RichText)
        self.outside_label.setObjectName("outsideSources")
        # A framed box: set apart from the sourced flags at a glance (AMB-64).
        self.outside_label.setFrameShape(QFrame.Shape.Box)
        self.outside_label.setLineWidth(1)
        self.outside_label.setContentsMargins(6, 4, 6, 4)
        self.outside_label.hide()
        for label in (self.header_label, self.missing_hint, self.flags_label):
            label.setPixelCache(True)
        self.kb_label = WrapLabel(parent=body)
        style.set_text_colour(self.kb_label, style.TEXT_MUTED)
        self.kb_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(body)
        layout.setContentsMargins(10, 8, 16, 10)
        layout.setSpacing(4)
        layout.addWidget(self.header_label)
        layout.addWidget(self.demo_label)
        layout.addWidget(self.missing_title)
        layout.addWidget(self.missing_hint)
        layout.addWidget(self.missing_box)
        # Shown with a case only: with none, three bare headings over empty space read as "nothing
        # applies"; one sentence says where the options will appear instead.
        self.section_titles = [
            section_title("Treatment options", body),
            section_title("Liver transplantation: selection criteria side by side", body),
            section_title("Flags (grey zones and tumour-board prompts)", body),
        ]
        layout.addWidget(self.section_titles[0])
        layout.addWidget(self.options_box)
        layout.addWidget(self.section_titles[1])
        layout.addWidget(self.criteria)
        layout.addWidget(self.section_titles[2])
        layout.addWidget(self.flags_label)
        layout.addWidget(self.outside_label)
        layout.addWidget(self.kb_label)
        layout.addStretch(1)
        self.setMinimumWidth(360)
        # One Tab stop for the links and one for the rows: arrows move inside (rows: Up/Down, as in a
        # tree; Left/Right collapse and expand a row).
        arrows = (Qt.Key.Key_Right, Qt.Key.Key_Down)
        self.link_focus = RovingFocus(
            self, arrows, (Qt.Key.Key_Left, Qt.Key.Key_Up), on_focus=self._scroll_to
        )
        self.row_focus = RovingFocus(self, (Qt.Key.Key_Down,), (Qt.Key.Key_Up,), on_focus=self._scroll_to)
        self.set_evaluation(None)
        if lazy:
            body.installEventFilter(self)  # its first paint, a wheel turn over it: see eventFilter
            self.scroll.verticalScrollBar().valueChanged.connect(self._scrolled)

    # ------------------------------------------------------------------ public API
    def _row(self, modality: str) -> OptionRow:
        row = self._rows.get(modality)
        if row is None:
            row = self._rows[modality] = OptionRow(modality, self.options_box, self._row_font)
            row.hide()
            if self._held_layouts is not None:  # made while the panel's layouts are held
                layout = row.layout()
                layout.setEnabled(False)
                self._held_layouts.append(layout)
        return row

    def _make_every_row(self) -> None:
        """Every modality's row, in the order rows made with the panel have: after the group headers,
        in MODALITIES order (rows of other modalities after them), as children (a screen reader's
        tree follows it) and in the window's focus chain; `rows` in that order too."""
        if self._every_row_made:
            return
        self._every_row_made = True
        for modality in MODALITIES:
            self._row(modality)
        self._rows = {m: self._rows[m] for m in MODALITIES} | self._rows
        rows = list(self._rows.values())
        if [c for c in self.options_box.children() if isinstance(c, OptionRow)] != rows:
            for row in rows:
                row.raise_()  # to the end of the box's children, one after the other
        anchor = chain_block(self.group_headers[STATUS_ORDER[-1]])[-1]
        for row in rows:
            anchor = place_after(anchor, chain_block(row))

    @property
    def rows(self) -> dict[str, OptionRow]:
        """Modality -> its row, every row filled (fills the rest first, see the docstring)."""
        self.fill_rest()
        return self._rows

    def evaluation(self) -> Evaluation | None:
        return self._ev

    def rest_pending(self) -> bool:
        """True while the first evaluation is shown down to the fold only."""
        return self._rest_pending

    def fill_rest(self) -> None:
        """Fill what the first evaluation left below the fold, now (laid out in the next turn)."""
        if self._rest_pending:
            self._rest_pending = False
            QApplication.instance().focusChanged.disconnect(self._focus_changed)
            self._render_batched(self._ev, first_screen_only=False)

    def missing_buttons(self) -> list[QPushButton]:
        return [b for b in self._fact_buttons if not b.isHidden()]

    def focus_target(self) -> QWidget | None:
        """Where the keyboard enters the panel (F6): the missing facts first, as they are shown.

        None while nothing is evaluated (no case open): there is nothing to act on, and a focused
        empty scroll area would show no mark, so F6 passes the panel by as it passes the empty form.
        """
        if self._ev is None:
            return None
        self.fill_rest()
        return self.link_focus.current() or self.row_focus.current() or self.scroll

    def set_stale_entries(self, entries: list[StaleEntry]) -> None:
        """Fields whose box shows a refused entry: the options use their last accepted values."""
        self.entry_notice.set_entries(entries)

    def reset_view(self) -> None:
        """A different case is shown: back to the top, every row collapsed."""
        from nelm_desktop.ui.options.option_row import OptionRow

        for row in self.findChildren(OptionRow):
            row.set_expanded(False)
        self.scroll.verticalScrollBar().setValue(0)

    def set_evaluation(self, ev: Evaluation | None) -> None:
        self._ev = ev
        first_screen_only = self._first_screen_only and ev is not None and self._can_fill_first_screen()
        if ev is not None:
            self._first_screen_only = False  # only the first evaluation: an edit fills everything
        if self._rest_pending:
            self._rest_pending = False
            QApplication.instance().focusChanged.disconnect(self._focus_changed)
        self._render_batched(ev, first_screen_only)
        if first_screen_only:
            self._rest_pending = True
            # Focus entering the panel (Tab, a click, F6, a screen reader's move) fills the rest
            # first: no row, link order or name is ever reached half made.
            QApplication.instance().focusChanged.connect(self._focus_changed)

    def _render_batched(self, ev: Evaluation | None, first_screen_only: bool) -> None:
        # Showing or hiding a child activates every ancestor layout synchronously (QWidget::setVisible),
        # so a regrouping edit laid the panel out a dozen times. With the panel's layouts disabled
        # meanwhile, the event loop lays it out once.
        layouts = self._held_layouts = self._batched_layouts()
        for layout in layouts:
            layout.setEnabled(False)
        try:
            self._render(ev, first_screen_only)
        finally:
            # Every hide/show/text change meanwhile posted a LayoutRequest; re-enabled, they are
            # handled in the next event-loop turn.
            self._held_layouts = None
            for layout in layouts:
                layout.setEnabled(True)

    # ------------------------------------------------------------------ internals
    def _batched_layouts(self) -> list[QLayout]:
        widgets: list[QWidget] = [
            self.scroll.widget(),
            self.options_box,
            self.missing_box,
            self.criteria,
            *self.group_headers.values(),
            *self._rows.values(),
        ]
        return [layout for w in widgets if (layout := w.layout()) is not None]

    def _can_fill_first_screen(self) -> bool:
        """Only on screen (a known viewport) and with no screen reader listening (it may read the
        whole panel at once)."""
        return self.isVisible() and not QAccessible.isActive()

    def _render(self, ev: Evaluation | None, first_screen_only: bool = False) -> None:
        titles, rest = self.section_titles[:1], [*self.section_titles[1:], self.criteria]
        for widget in (*titles, *rest):
            wanted = ev is not None and not (first_screen_only and widget in rest)
            if widget.isHidden() == wanted:
                widget.setVisible(wanted)
        for widget in (self.flags_label, self.kb_label):  # the flags and the knowledge base: last
            if widget.isHidden() != first_screen_only:
                widget.setHidden(first_screen_only)
        if first_screen_only and not self.outside_label.isHidden():
            self.outside_label.hide()
        if ev is None:
            self.options_box.hide()
            self._set_missing([])
            self.flags_label.setText(NO_CASE_TEXT)
            self.kb_label.setText("")
            self.demo_label.hide()
            return
        self.options_box.show()
        self.demo_label.setVisible(ev.demo)
        if not first_screen_only:
            self._make_every_row()
        flag_texts = {f.id: f.text for f in ev.flags}
        by_status: dict[str, list[OptionResult]] = {s: [] for s in STATUS_ORDER}
        for opt in ordered_options(ev.options):  # ORDER-1 within each status group
            by_status.setdefault(opt.status, []).append(opt)
        sequence: list[QWidget] = []
        fold = _Fold(self) if first_screen_only else None
        for status in STATUS_ORDER:
            rows = by_status.get(status, [])
            if not rows or (fold is not None and fold.reached()):
                continue
            header = self.group_headers[status]
            header.set_count(len(rows), ev.grade.grade)
            sequence.append(header)
            if fold is not None:
                fold.add(header, sequence)
            for opt in rows:
                if fold is not None and fold.reached():
                    break
                row = self._row(opt.modality)  # an unknown modality too: a row rather than dropped
                row.set_result(opt, flag_texts)
                sequence.append(row)
                if fold is not None:
                    fold.add(row, sequence)
        self._arrange(sequence)
        self._set_missing(ev.needs_information)
        if first_screen_only:
            return  # the rest once the panel is painted (fill_rest)
        self.criteria.set_criteria(ev.transplant_criteria, ev.eltr_factors)
        self._set_flags(ev)
        kb = f"Knowledge base: {ev.knowledge_base}"
        if self.kb_label.text() != kb:
            self.kb_label.setText(kb)
        self._update_keyboard_order()

    def _update_keyboard_order(self) -> None:
        """Tab order as shown (links, then rows), one Tab stop each; fact buttons are made lazily, so
        without this they came after all 16 rows."""
        links = self.missing_buttons()
        toggles = [w.toggle for w in self._sequence if isinstance(w, OptionRow)]
        self.link_focus.set_members(links)
        self.row_focus.set_members(toggles)
        chain = [*links, *toggles]
        if chain == self._tab_chain:
            return
        self._tab_chain = chain
        previous: QWidget = self.scroll
        for widget in chain:
            QWidget.setTabOrder(previous, widget)
            previous = widget

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self.isAncestorOf(new):
            self.fill_rest()

    def _scrolled(self, _value: int) -> None:
        self.fill_rest()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._rest_pending:
            kind = event.type()
            if kind == QEvent.Type.Paint and watched is self.scroll.widget():
                # Painted: the first screen is up. A 1 ms timer, not a 0 ms one: Qt 6 delivers a 0 ms
                # single shot as a posted call, ahead of the paint it would otherwise delay.
                QTimer.singleShot(1, self, self.fill_rest)
            elif kind == QEvent.Type.Wheel:  # on its way up from the widget under the pointer
                # The rows below are filled and laid out before the wheel moves the view: it scrolls
                # into them, not to the end of the first screen.
                self.fill_rest()
                self._lay_out_now()
        return super().eventFilter(watched, event)

    def _lay_out_now(self) -> None:
        """Qt lays the filled rows out on a later event-loop turn: give them (and the scroll range)
        their geometry now."""
        for layout in self._batched_layouts():
            layout.activate()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    def _scroll_to(self, widget: QWidget) -> None:
        self.scroll.ensureWidgetVisible(widget, 10, 10)

    def _arrange(self, sequence: list[QWidget]) -> None:
        """Move only the headers and rows whose place changed (layout items keep their caches)."""
        if sequence == self._sequence:
            return
        layout = self._options_layout
        wanted = set(map(id, sequence))
        for widget in self._sequence:
            if id(widget) not in wanted:
                layout.removeWidget(widget)
                widget.hide()
        for i, widget in enumerate(sequence):
            item = layout.itemAt(i)
            if item is None or item.widget() is not widget:
                layout.removeWidget(widget)
                layout.insertWidget(i, widget)
            if widget.isHidden():
                widget.show()
        self._sequence = sequence

    def _set_missing(self, facts: list[str]) -> None:
        self.missing_title.setVisible(bool(facts))
        self.missing_hint.setVisible(bool(facts))
        self.missing_box.setVisible(bool(facts))
        while len(self._fact_buttons) < len(facts):
            button = FocusFrameButton(self.missing_box)  # flat: the style draws no focus mark
            button.setFlat(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            style.set_text_colour(button, style.OKABE_ITO["blue"])
            font = button.font()
            font.setUnderline(True)
            button.setFont(font)
            button.setMinimumWidth(40)  # may be clipped in a very narrow panel, never widens it
            button.clicked.connect(lambda _=False, b=button: self.factRequested.emit(b.property("fact")))
            self._missing_flow.addWidget(button)
            self._fact_buttons.append(button)
        changed = False
        for i, button in enumerate(self._fact_buttons):
            if i < len(facts):
                fact = facts[i]
                if button.property("fact") != fact:
                    changed = True
                    button.setProperty("fact", fact)
                    button.setText(f"→ {fact_label(fact)}")
                    button.setToolTip(f"Go to the field: {fact_label(fact)}")
                    button.setAccessibleName(
                        f"Missing fact: {fact_label(fact)}. Activate to go to the field."
                    )
                description = f"{i + 1} of {len(facts)}"
                if button.accessibleDescription() != description:
                    button.setAccessibleDescription(description)
                if button.isHidden():
                    changed = True
                    button.show()
            elif not button.isHidden():
                changed = True
                button.hide()
        if changed and facts:
            # A box that was hidden ignored its layout request, and being the same size it gets no
            # resize: the links kept the widths of the texts shown before ("uperficial les", #13
            # item 13). Ask again; handled in the next event-loop turn, with the layouts enabled.
            QCoreApplication.postEvent(self.missing_box, QEvent(QEvent.Type.LayoutRequest))

    def _set_flags(self, ev: Evaluation) -> None:
        sourced, outside = split_flags(ev.flags)
        if sourced:
            # One list per flag, stacked as the items of one list are (no margins): an edit that
            # changes one flag's wording parses and lays out that flag only, not all six or so.
            self.flags_label.setTextParts(
                [
                    f"<ul style='margin:0'><li>{escape(f.text)} <span style='color:{style.TEXT_MUTED}'>"
                    f"{escape(f.id)}{' · ' + escape(f.source) if f.source else ''}</span></li></ul>"
                    for f in sourced
                ]
            )
        elif self.flags_label.text() != "None raised.":
            self.flags_label.setText("None raised.")
        # Precautions that are not in the cited sources (AMB-64): their own box, never among the flags.
        if outside:
            items = "".join(
                f"<li><i>{escape(f.text)}</i> <span style='color:{style.TEXT_MUTED}'>{escape(f.id)} · "
                f"{escape(f.source)}</span></li>"
                for f in outside
            )
            box = (
                f"<p style='margin:0; color:{OUTSIDE_COLOUR}'><b>⚠ {escape(OUTSIDE_SOURCES_HEADING)}</b></p>"
                f"<ul style='margin:0'>{items}</ul>"
            )
        else:
            box = ""
        if self.outside_label.text() != box:
            self.outside_label.setText(box)
            self.outside_label.setAccessibleName(
                f"{OUTSIDE_SOURCES_HEADING}: " + " ".join(f.text for f in outside) if outside else ""
            )
        if self.outside_label.isHidden() == bool(outside):
            self.outside_label.setVisible(bool(outside))
