"""The accessibility tree, walked in-process (the tree the AT-SPI bridge gives Orca): no focusable
control without a name, and every Unknown/Yes/No group is one focusable radio group named by its
question (#13 items 15 and 17)."""

from __future__ import annotations

from typing import Any

from accessibility_tree import figures, walk
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible

from nelm_desktop.ui.case.fields import SegmentedChoice

R = QAccessible.Role


def _open_saved_case(window: Any, qtbot: Any) -> None:
    window.new_case()
    label = window.form.field_widget("patient_label")
    label.setFocus()
    qtbot.keyClicks(label, "AB-12")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.library.model.rowCount() == 1


def test_no_control_is_unnamed(window: Any, qtbot: Any) -> None:
    _open_saved_case(window, qtbot)
    nodes = walk(window)
    unnamed = [node.describe() for node in nodes if node.is_control and not node.name]
    assert unnamed == []
    counts = figures(nodes)
    assert counts["controls"] > 150 and counts["unnamed focusable"] == 0


def test_every_choice_group_is_one_focusable_radio_group_named_by_its_question(
    window: Any, qtbot: Any
) -> None:
    _open_saved_case(window, qtbot)
    groups = window.form.findChildren(SegmentedChoice)
    assert len(groups) >= 20
    nodes = walk(window)
    radios = [n for n in nodes if n.role == R.RadioButton and n.cls == "QToolButton"]
    # Every choice button is a radio button whose parent is a grouping that names the question.
    assert len(radios) == sum(len(g.buttons()) for g in groups)
    questions = {label.text() for label in window.form.field_labels.values()}
    for radio in radios:
        assert radio.parent_role == R.Grouping, radio.describe()
        assert radio.parent_name in questions, radio.describe()
    # No Yes/No/Unknown button anywhere is a bare check box or push button.
    loose = [
        n.describe()
        for n in nodes
        if n.name in {"Yes", "No", "Unknown"} and n.role in {R.CheckBox, R.PushButton, R.Button}
    ]
    assert loose == []

    for field, label in window.form.field_labels.items():
        widget = window.form.field_widget(field)
        if not isinstance(widget, SegmentedChoice):
            continue
        group = QAccessible.queryAccessibleInterface(widget)
        assert group.role() == R.Grouping and group.text(QAccessible.Text.Name) == label.text()
        assert group.state().focusable
        assert all(b.focusPolicy() == Qt.FocusPolicy.NoFocus for b in widget.buttons())
        count = len(widget.buttons())
        children = [group.child(i) for i in range(group.childCount())]
        positions = [c.text(QAccessible.Text.Description) for c in children if c.role() == R.RadioButton]
        assert positions == [f"{i} of {count}" for i in range(1, count + 1)], field


def test_every_form_control_is_announced_with_its_question(window: Any, qtbot: Any) -> None:
    """A combo box's accessible name is its current text ("Unknown"); its question reaches the reader
    through the label relation (the label's buddy). Every other control carries the question as name."""
    _open_saved_case(window, qtbot)
    for field, label in window.form.field_labels.items():
        iface = QAccessible.queryAccessibleInterface(window.form.field_widget(field))
        labels = [
            other.text(QAccessible.Text.Name) for other, _ in iface.relations(QAccessible.Relation.Label)
        ]
        assert label.text() in labels or iface.text(QAccessible.Text.Name) == label.text(), field


def test_a_choice_group_is_driven_by_arrow_keys_and_reports_the_checked_choice(
    window: Any, qtbot: Any
) -> None:
    _open_saved_case(window, qtbot)
    widget = window.form.field_widget("portal_vein_thrombosis")
    window.form.ensureWidgetVisible(widget)
    widget.setFocus()
    assert widget.hasFocus()
    group = QAccessible.queryAccessibleInterface(widget)

    def checked() -> list[str]:
        kids = [group.child(i) for i in range(group.childCount())]
        return [
            k.text(QAccessible.Text.Name) for k in kids if k.role() == R.RadioButton and k.state().checked
        ]

    assert checked() == ["Unknown"]
    qtbot.keyClick(widget, Qt.Key.Key_Right)
    qtbot.keyClick(widget, Qt.Key.Key_Right)
    assert widget.value() == "no" and window.document.case.portal_vein_thrombosis == "no"
    assert checked() == ["No"]
    assert group.focusChild().text(QAccessible.Text.Name) == "No"
    assert group.focusChild().text(QAccessible.Text.Description) == "3 of 3"
    assert group.text(QAccessible.Text.Value) == "No"
    qtbot.keyClick(widget, Qt.Key.Key_Home)
    assert widget.value() == "unknown"
    qtbot.keyClick(widget, Qt.Key.Key_End)
    assert widget.value() == "no"
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert not widget.hasFocus()  # Tab leaves the group: one stop per question


def test_choice_buttons_are_radio_buttons_when_a_reader_is_already_listening(qtbot: Any) -> None:
    """With a screen reader active, Qt builds interfaces while the widget is being constructed (the
    AT-SPI run found the buttons announced as check boxes): they must still come out as radio buttons."""
    from PySide6.QtWidgets import QWidget

    was_active = QAccessible.isActive()
    QAccessible.setActive(True)
    try:
        host = QWidget()
        qtbot.addWidget(host)
        widget = SegmentedChoice([("unknown", "Unknown"), ("yes", "Yes"), ("no", "No")], host)
        widget.setAccessibleName("Portal vein thrombosis")
        host.show()
        qtbot.waitExposed(host)
        for button in widget.buttons():
            iface = QAccessible.queryAccessibleInterface(button)
            assert iface.role() == R.RadioButton, button.text()
            assert iface.parent().text(QAccessible.Text.Name) == "Portal vein thrombosis"
    finally:
        QAccessible.setActive(was_active)
