"""The case editor: every fact of the `Case` model as a point-and-click control, in sections.

The form shows a case and reports edits; it never changes the case itself. Edits leave as
``fieldEdited(field, value)``; the owner (main window + case document) validates them and calls
`show_field_error` / `clear_field_error`. The liver editor (diagram + lesion table) sits in the Liver
section; its edits leave through the same signal as ``lesions`` / ``confirmed_type``.

Built lazily (start-up: issue #17): the sections that fill the first screen, and the Liver section
(its diagram is part of a usable window), are built with the form, the others once the form has
been painted, one section per event-loop turn, so the window is usable before all 44 fields exist.
A Liver section that starts below the fold comes with its header and liver editor only: its rows
(under the editor, so further below) follow first after the paint.
Anything that needs a field (scrolling, Tab, the options panel's fact links, Save's entry check,
`field_widget`) builds the rest at once first. A late section is bound, loaded with the shown case
and its conflicts, named for screen readers and put into the Tab order where an eagerly built form
has it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from nelm_desktop.core import dates
from nelm_desktop.core.facts import LESION_FACTS
from nelm_desktop.core.linked_facts import conflicts
from nelm_desktop.core.model import Case
from nelm_desktop.core.treatments import resected_segments
from nelm_desktop.ui.case.binding import CaseBinder
from nelm_desktop.ui.case.case_form_sections import (
    LIVER_EDITOR_FIELDS,
    SECTIONS,
    FieldSpec,
    SectionSpec,
    spec_for,
)
from nelm_desktop.ui.case.fields import (
    ChoiceCombo,
    LineField,
    ListField,
    SegmentedChoice,
    TextField,
)
from nelm_desktop.ui.widgets.accessible_names import name_generated_controls
from nelm_desktop.ui.widgets.cached_scroll_bar import CachedScrollBar
from nelm_desktop.ui.widgets.focus_chain import place_after
from nelm_desktop.ui.widgets.number_boxes import OptionalFloatBox, OptionalIntBox
from nelm_desktop.ui.widgets.style import REFUSED_ENTRY_STYLE

# A segmented control with this many choices has its hint under it, not beside it.
WIDE_CHOICES = 4

FORM_STYLE = (
    REFUSED_ENTRY_STYLE
    + """
QWidget#caseFormContent { background: palette(base); }
QLabel[role="section"] { font-size: 13pt; font-weight: 600; padding-top: 10px; }
QLabel[role="hint"] { color: #555555; }
QFrame[role="rule"] { color: #d0d0d0; }
QWidget[segmented="true"] { border: 1px solid #8a8a8a; border-radius: 4px; background: #f4f4f4; }
QWidget[segmented="true"]:focus { border: 2px solid #0072B2; }
QWidget[segmented="true"][invalid="true"] { border: 2px solid #B3261E; }
QWidget[segmented="true"] QToolButton { border: none; padding: 3px 9px; border-radius: 3px; color: #1b1b1b; }
QWidget[segmented="true"] QToolButton:hover { background: #e2e2e2; }
QWidget[segmented="true"] QToolButton:checked { background: #0072B2; color: white; font-weight: 600; }
QWidget[segmented="true"] QToolButton[unknownChoice="true"]:checked { background: #5c5c5c; color: white; }
"""
)


LABEL_WIDTH_CHARS = 26  # field labels share one width, so all sections line up


def make_field_widget(spec: FieldSpec, parent: QWidget) -> QWidget:
    if spec.kind in {"yesno", "segmented"}:
        return SegmentedChoice([(str(v), label) for v, label in spec.choices], parent)
    if spec.kind == "combo":
        return ChoiceCombo(spec.choices, parent)
    if spec.kind == "int":
        return OptionalIntBox(int(spec.lo), int(spec.hi), spec.suffix, parent)
    if spec.kind == "float":
        step = 1.0 if spec.decimals == 0 else 0.5
        return OptionalFloatBox(spec.lo, spec.hi, spec.suffix, spec.decimals, step, parent)
    if spec.kind == "line":
        return LineField(spec.placeholder, parent)
    if spec.kind == "list":
        return ListField(spec.placeholder, 3, parent)
    if spec.kind == "history":
        # Imported with its section (below the fold): its table types are not needed at start-up.
        from nelm_desktop.ui.case.treatment_history import TreatmentHistoryField

        return TreatmentHistoryField(parent)
    return TextField(spec.placeholder, 4 if spec.field != "notes" else 8, parent)


class CaseForm(QScrollArea):
    fieldEdited = Signal(str, object)  # field, value (not yet validated)
    fullyBuilt = Signal()  # the last section built late is built
    rejectedEntriesChanged = Signal()  # see `stale_entries`

    def __init__(self, liver_editor: QWidget, parent: QWidget | None = None, lazy: bool = True) -> None:
        """`lazy=False` builds every section at once (the reference the lazy form is tested against)."""
        super().__init__(parent)
        self.setObjectName("caseForm")
        # Resizable (the content follows the viewport's width) from the first show on: until then the
        # viewport has a placeholder size, and the content laid out at widths never shown (hints
        # wrapped a word per line at ~50 px: ~36M instructions of a --demo start).
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._binder = CaseBinder(self)
        self._binder.fieldEdited.connect(self.fieldEdited)
        self._binder.rejectedChanged.connect(self.rejectedEntriesChanged)
        self.liver_editor = liver_editor
        self.section_headers: dict[str, QLabel] = {}
        self.section_boxes: dict[str, QWidget] = {}
        self._section_forms: dict[str, QFormLayout] = {}  # each built section's rows
        self.field_labels: dict[str, QLabel] = {}
        self._pending: list[SectionSpec] = []  # sections not built yet, in form order
        self._case: Case | None = None
        self._conflict_texts: dict[str, str] = {}
        self._label_width = 0
        self._idle_scheduled = False
        self._layout_echoes: set[QObject] = set()  # see eventFilter
        # Repainted with the window after every edit: drawn once per position, then copied.
        self.setVerticalScrollBar(CachedScrollBar(Qt.Orientation.Vertical, self))
        self._build(lazy)
        self._connect_liver_editor()
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.setEnabled(False)

    # --- building ------------------------------------------------------------------------------
    def _build(self, lazy: bool) -> None:
        content = QWidget(self)
        content.setObjectName("caseFormContent")
        # In the scroll area before it holds anything: set after the sections are built, the move
        # into the viewport restyled every widget of the form (~90M instructions at start-up).
        self.setWidget(content)
        content.setStyleSheet(FORM_STYLE)
        # Sections are laid out from the top on a plain background: when the content grows or
        # shrinks (a row's error line, the liver editor's suggested type), only the uncovered strip
        # needs painting, not every field in view again (the whole visible form was repainted).
        content.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        column = QVBoxLayout(content)
        column.setContentsMargins(16, 8, 16, 24)
        column.setSpacing(4)
        fold = self._fold_height()
        below_fold = False
        for section in SECTIONS:
            # Each section's box is made now, in form order, so its place in the window's focus
            # chain is right; its content comes now (in view) or later (below the fold).
            box = QWidget(content)
            box.setObjectName(f"section_{section.key}")
            rows = QVBoxLayout(box)
            rows.setContentsMargins(0, 0, 0, 0)
            rows.setSpacing(4)
            column.addWidget(box)
            box.installEventFilter(self)  # see eventFilter: its form's row heights must follow
            self.section_boxes[section.key] = box
            # Measured only until the fold is reached: each size hint lays out all built so far.
            below_fold = below_fold or content.sizeHint().height() >= fold
            if not lazy or not below_fold:
                self._build_section(section)
            elif section.hosts_liver_editor:
                # The liver section comes with the first screen wherever it falls: its diagram is part
                # of a usable window, and built late it cost a second layout and paint before the
                # window was. Below the fold its rows, under the editor, are not seen: they come first
                # after the paint (six rows built, loaded and laid out: ~49M instructions of a start).
                self._build_section(section, rows=False)
                self._pending.append(section)
            else:
                self._pending.append(section)
        column.addStretch(1)
        content.installEventFilter(self)  # its first paint starts building the rest

    def showEvent(self, event: QShowEvent) -> None:
        if not self.widgetResizable():
            self.setWidgetResizable(True)
        super().showEvent(event)

    def _fold_height(self) -> int:
        """How much of the form the first screen can show: the window's height (a generous bound)."""
        return max(self.window().height(), 480)

    def _build_section(self, section: SectionSpec, rows: bool = True) -> None:
        """The section's header, rule (and liver editor) and, with `rows`, its fields; a section whose
        header is there already gets its fields."""
        box = self.section_boxes[section.key]
        form = self._section_forms.get(section.key)
        if form is not None:  # the rest of a section built without its rows
            for spec in section.fields:
                self._add_field(form, spec, box)
            return
        column = box.layout()
        header = QLabel(section.title, box)
        header.setProperty("role", "section")
        header.setAccessibleName(f"Section {section.title}")
        self.section_headers[section.key] = header
        column.addWidget(header)
        rule = QFrame(box)
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setProperty("role", "rule")
        column.addWidget(rule)
        if section.hosts_liver_editor:
            self.liver_editor.setParent(box)
            column.addWidget(self.liver_editor)
        form = QFormLayout()
        self._section_forms[section.key] = form
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        # A narrow pane (1366 px screens, zoom) puts a long row's label above its control.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(8)
        for spec in section.fields if rows else ():
            self._add_field(form, spec, box)
        column.addLayout(form)  # without rows it is empty and takes no room

    def _build_late_section(self, section: SectionSpec) -> None:
        """A section built after the form: made as an eager one, then given what the eager ones got
        since (the shown case, its conflicts, screen-reader names, its place in the Tab order)."""
        self._build_section(section)
        box = self.section_boxes[section.key]
        if self._case is not None:
            # Only the new fields: another one may hold an entry the user is typing (a Tab press
            # builds the rest before that field commits its text on losing focus).
            self._binder.load(self._case, only={spec.field for spec in section.fields})
            self._binder.set_conflicts(self._conflict_texts)
            self._enable_dependent_fields(self._case)
        if box.isVisible():
            # Qt shows a widget added to a visible layout one event-loop turn later: show it now, so
            # the section is complete (painted, in the accessibility tree) as soon as it is built.
            for child in box.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
                if not (
                    child.isHidden() and child.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide)
                ):
                    child.setVisible(True)
        name_generated_controls(box, button_rows=False)
        self._join_focus_chain(box)

    def _join_focus_chain(self, box: QWidget) -> None:
        """Qt appends a widget made later to the END of the window's focus chain (after the options
        panel): move the section's widgets, in their own order, to just after the section's box,
        which was made in form order, so the chain is the one an eagerly built form has."""
        window = self.window()
        members = []
        widget = window.nextInFocusChain()
        while widget is not window:
            if box.isAncestorOf(widget):
                members.append(widget)
            widget = widget.nextInFocusChain()
        place_after(box, members)

    @property
    def binder(self) -> CaseBinder:
        """The form's binder, every field bound (builds the sections not built yet)."""
        self.ensure_built()
        return self._binder

    def ensure_built(self) -> None:
        """Build every section not built yet (in form order), laid out and shown on return."""
        if not self._pending:
            return
        while self._pending:
            self._build_late_section(self._pending.pop(0))
        self._rows_settled()
        self._lay_out_now()
        self.fullyBuilt.emit()

    def _lay_out_now(self) -> None:
        """Qt lays new widgets out on a later event-loop turn; a caller of `ensure_built` may scroll
        to a field or click it at once, so give every widget its geometry now."""
        content = self.widget()
        if not content.isVisible():
            return  # laid out when shown
        for box in self.section_boxes.values():
            box.layout().activate()
        content.layout().activate()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    def is_fully_built(self) -> bool:
        return not self._pending

    def _build_next_idle(self) -> None:
        self._idle_scheduled = False
        if not self._pending:
            return
        self._build_late_section(self._pending.pop(0))
        if self._pending:
            self._schedule_idle()
        else:
            self._rows_settled()
            self.fullyBuilt.emit()

    def _rows_settled(self) -> None:
        """Every section built: each form works its row heights out once more. While the sections
        below were added one by one the column squeezed the boxes above, and a form kept the row
        heights of a squeezed moment: the liver section's wrapped hints stayed cut to one line
        ("Future liver remnant after the planned one-" with the rest hidden) at 1366x768."""
        for box in self.section_boxes.values():
            self._invalidate_rows(box)

    def _schedule_idle(self) -> None:
        # A 1 ms timer, not a 0 ms one: Qt 6 delivers a 0 ms single shot as a posted call, ahead of
        # the (low-priority) paint requests, so the sections would be built before the screen shows.
        if not self._idle_scheduled:
            self._idle_scheduled = True
            QTimer.singleShot(1, self, self._build_next_idle)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._pending and watched is self.widget():
            self._schedule_idle()  # painted: the first screen is up, the rest can follow
        elif event.type() == QEvent.Type.LayoutRequest and watched is not self.widget():
            # A row that grows (an entry's error line shown) invalidates only the box's outer
            # layout; the nested QFormLayout kept row heights worked out at an earlier width, so
            # wrapped hints and choice rows were cut (seen at a narrower form after a splitter move).
            # Invalidating a laid-out form posts the box a layout request of its own: that echo
            # is let through without invalidating again, else the boxes and the content asked
            # each other to relayout for ever (a core at 100 % while the window sat idle).
            if watched in self._layout_echoes:
                self._layout_echoes.discard(watched)
                return False
            self._invalidate_rows(watched)
        return False

    def _invalidate_rows(self, box: QObject) -> None:
        """Make a section box's own form work its row heights out again (see `eventFilter`); its
        layout request comes back as an echo, let through once without invalidating again."""
        # Only the box's own rows: the liver editor's facts box has a form of its own, and
        # invalidating it started the editor, the box and the content over again, for ever.
        forms = [f for f in box.findChildren(QFormLayout) if f.parentWidget() is box]
        for form in forms:
            form.invalidate()
        if forms:
            self._layout_echoes.add(box)

    def _scrolled(self, _value: int) -> None:
        self.ensure_built()  # the user goes below the fold before the idle build got there

    def focusNextPrevChild(self, next: bool) -> bool:
        self.ensure_built()  # Tab from the last built field goes on into the next section
        return super().focusNextPrevChild(next)

    def _add_field(self, form: QFormLayout, spec: FieldSpec, content: QWidget) -> None:
        # Each widget is made in its final parent, in the order the parents held them before (the
        # reading order of a screen reader's tree): a control made elsewhere and moved into its row
        # was styled twice (the move re-resolves the form's style sheet for it and its children).
        label = QLabel(spec.text, content)
        box = QWidget(content)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(2)
        hint = None
        if spec.hint:
            hint = QLabel(spec.hint, box)
            hint.setProperty("role", "hint")
            hint.setWordWrap(True)
        widget = make_field_widget(spec, box)
        widget.setObjectName(f"field_{spec.field}")
        widget.setAccessibleName(spec.text)
        if spec.hint:
            widget.setAccessibleDescription(spec.hint)
        label.setBuddy(widget)
        label.setToolTip(spec.hint)
        label.setProperty("role", "fieldLabel")
        label.setWordWrap(True)
        if not self._label_width:  # one width for all, even for a section built after a zoom
            self._label_width = LABEL_WIDTH_CHARS * label.fontMetrics().averageCharWidth()
        label.setFixedWidth(self._label_width)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.field_labels[spec.field] = label
        row_widget = widget
        if spec.kind in {"int", "float", "combo"}:
            widget.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            if spec.kind in {"int", "float"}:
                widget.setMinimumWidth(widget.fontMetrics().horizontalAdvance("0000.0 months") + 40)
        if spec.kind in {"line", "text", "list", "history"}:
            inner.addWidget(row_widget)
            if hint is not None:
                inner.addWidget(hint)
        else:
            # Beside four or five choices a hint had ~70 px at 1366x768 (eight lines of one word):
            # there it goes under the choices.
            under = hint is not None and spec.kind == "segmented" and len(spec.choices) >= WIDE_CHOICES
            row = QHBoxLayout()
            row.setSpacing(12)
            row.addWidget(row_widget, 0, Qt.AlignmentFlag.AlignVCenter)
            if hint is not None and not under:
                row.addWidget(hint, 1, Qt.AlignmentFlag.AlignVCenter)
            else:
                row.addStretch(1)
            inner.addLayout(row)
            if hint is not None and under:
                inner.addWidget(hint)
        error = QLabel(box)
        error.setProperty("role", "error")
        error.setObjectName(f"error_{spec.field}")
        error.setWordWrap(True)
        error.setVisible(False)
        error.setAccessibleName(f"{spec.text} error")
        inner.addWidget(error)
        if spec.kind == "history":
            # The treatment table takes the form's whole width, its label above it: beside the label
            # it had ~420 px at 1366x768 and scrolled sideways.
            form.addRow(label)
            form.addRow(box)
        else:
            form.addRow(label, box)
        self._binder.bind(spec.field, widget, error)

    def _connect_liver_editor(self) -> None:
        editor: Any = self.liver_editor
        editor.lesionsEdited.connect(lambda lesions: self.fieldEdited.emit("lesions", list(lesions)))
        editor.confirmedTypeChanged.connect(lambda value: self.fieldEdited.emit("confirmed_type", value))

    # --- showing -------------------------------------------------------------------------------
    def show_case(self, case: Case | None) -> None:
        self._case = case
        self._binder.load(case)
        if case is None:
            self._conflict_texts = {}
            self.setEnabled(False)
            return
        self.setEnabled(True)
        self._enable_dependent_fields(case)
        found = conflicts(case, dates.today())
        self._conflict_texts = {f: f"{self._label_text(f)}: {m}" for f, m in found.items()}
        self._binder.set_conflicts(self._conflict_texts)

    def _enable_dependent_fields(self, case: Case) -> None:
        """ "Other site" is for a site the list does not have: off while a listed site is chosen (but
        never while it holds text, which must stay visible and editable)."""
        if self._binder.has("primary_site_other"):
            other = self._binder.widget("primary_site_other")
            active = case.primary_site in {"other", "unknown"} or bool(case.primary_site_other)
            if other.isEnabled() != active:
                other.setEnabled(active)
                label = self.field_labels.get("primary_site_other")
                if label is not None:
                    label.setEnabled(active)

    def entry_problems(self) -> list[tuple[str, str]]:
        """(field, message) for every rejected entry or conflict on screen: each one blocks Save."""
        self.ensure_built()  # a conflict in a section not built yet blocks too, and must be shown
        return self._binder.problems()

    def rejected_entries(self) -> list[tuple[str, str]]:
        """(field, message) for every typed entry the model refused (lost when the case is left)."""
        return self._binder.rejected_entries()  # only a built field can hold one

    def stale_entries(self) -> list[tuple[str, str, str, str]]:
        """(label, shown, accepted, rule) for every rejected entry: the box shows one value while the
        case (and so the options) still holds the last accepted one."""
        return [
            (self._label_text(f), shown, accepted, rule)
            for f, shown, accepted, rule in self._binder.stale_entries()
        ]

    def _label_text(self, field: str) -> str:
        label = self.field_labels.get(field)
        if label is not None:
            return label.text()
        spec = spec_for(field)
        return spec.text if spec is not None else field

    def show_evaluation(self, case: Case | None, evaluation: Any) -> None:
        editor: Any = self.liver_editor
        resected = resected_segments(case.treatment_history) if case is not None else []
        editor.set_case_liver(case.lesions if case is not None else None, evaluation, resected)

    def show_field_error(self, field: str, message: str) -> None:
        if field == "lesions":  # the liver editor is no bound field: it shows the kept rows and why
            refuse = getattr(self.liver_editor, "refuse", None)
            if callable(refuse):
                refuse(message, self._case.lesions if self._case is not None else None)
            return
        self._binder.mark_error(field, message)

    def clear_field_error(self, field: str) -> None:
        self._binder.clear_error(field)

    def field_widget(self, field: str) -> QWidget:
        return self.binder.widget(field)

    # --- navigation ----------------------------------------------------------------------------
    def focus_fact(self, fact_id: str) -> bool:
        """Scroll to the control of a fact and focus it; lesion facts go to the liver editor."""
        if fact_id in LESION_FACTS or fact_id in LIVER_EDITOR_FIELDS:
            if self.liver_editor.parentWidget() is None:
                self.ensure_built()  # its section is not built yet
            target: QWidget = self.liver_editor
            focus = getattr(self.liver_editor, "focus_fact", None)
            if not callable(focus):
                lesions = getattr(self.liver_editor, "focus_lesions", None)
                focus = (lambda _fact: lesions()) if callable(lesions) else None
            self.ensureWidgetVisible(target, 0, 40)
            if callable(focus):
                focus(fact_id)
            else:
                target.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        if not self._binder.has(fact_id):
            self.ensure_built()  # in a section not built yet, or not a field of the form
            if not self._binder.has(fact_id):
                return False
        widget = self._binder.widget(fact_id)
        label = self.field_labels.get(fact_id)
        self.ensureWidgetVisible(label or widget, 0, 80)
        self.ensureWidgetVisible(widget, 0, 80)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self._flash(label)
        return True

    def _flash(self, label: QLabel | None) -> None:
        if label is None:
            return
        label.setStyleSheet("background: #FBF1DC; border-radius: 3px;")
        QTimer.singleShot(1200, label, lambda: label.setStyleSheet(""))
