"""The options panel: 16 modalities by status, expand/collapse, criteria, missing-fact links, flags."""

from __future__ import annotations

import pytest
from factories import HAVE_ENGINE, evaluate, make_case, make_evaluation
from PySide6.QtCore import Qt

from nelm_desktop.core.evaluation import MODALITIES, MODALITY_LABELS, STATUS_ORDER, STATUS_SHORT
from nelm_desktop.core.facts import LESION_FACTS, fact_label
from nelm_desktop.ui.options.option_row import OptionRow, reasons_html, status_line
from nelm_desktop.ui.options.options_panel import HEADER_TEXT, OptionsPanel
from nelm_desktop.ui.options.panel_parts import GroupHeader
from nelm_desktop.ui.options.status_badge import StatusBadge, status_text
from nelm_desktop.ui.widgets.style import status_pixmap


@pytest.fixture
def panel(qtbot):
    p = OptionsPanel()
    qtbot.addWidget(p)
    p.resize(520, 900)
    p.show()
    qtbot.waitExposed(p)
    return p


def visible_sequence(panel: OptionsPanel) -> list[object]:
    """Group headers and rows in layout order, visible ones only."""
    layout = panel.options_box.layout()
    widgets = [layout.itemAt(i).widget() for i in range(layout.count())]
    return [w for w in widgets if w.isVisible()]


def test_all_sixteen_modalities_grouped_in_status_order(panel):
    ev = make_evaluation()
    panel.set_evaluation(ev)
    seq = visible_sequence(panel)
    rows = [w for w in seq if isinstance(w, OptionRow)]
    assert sorted(r.modality for r in rows) == sorted(MODALITIES)
    assert len(rows) == 16
    status_of_row = [r.result().status for r in rows]
    assert status_of_row == sorted(status_of_row, key=STATUS_ORDER.index)
    headers = [w for w in seq if isinstance(w, GroupHeader)]
    present = [s for s in STATUS_ORDER if s in ev.statuses().values()]
    assert [h.status for h in headers] == present
    # every header sits right before its rows
    for i, widget in enumerate(seq):
        if isinstance(widget, OptionRow):
            previous_header = next(w for w in reversed(seq[:i]) if isinstance(w, GroupHeader))
            assert previous_header.status == widget.result().status
    for row in rows:
        assert row.title.text() == MODALITY_LABELS[row.modality]
        assert (
            row.toggle.accessibleName()
            == f"{MODALITY_LABELS[row.modality]}, {STATUS_SHORT[row.result().status]}"
        )
        assert row.badge.text() == status_text(row.result().status)
    assert panel.header_label.text() == HEADER_TEXT


def test_regrouping_moves_rows_without_recreating_them(panel):
    panel.set_evaluation(make_evaluation())
    row = panel.rows["debulking"]
    panel.set_evaluation(make_evaluation({"debulking": "recommended", "resection": "option"}))
    assert panel.rows["debulking"] is row
    seq = visible_sequence(panel)
    assert seq[0].status == "recommended"
    assert seq[1] is row
    assert row.badge.status() == "recommended"
    assert panel.group_headers["recommended"].text.text().startswith("<b>Recommended</b> (1)")


def test_empty_groups_are_hidden(panel):
    panel.set_evaluation(make_evaluation({"transplant": "option"}))
    assert not panel.group_headers["contraindicated"].isVisible()
    assert panel.group_headers["option"].isVisible()


def test_row_expands_from_the_keyboard_to_its_reasons(qtbot, panel):
    ev = make_evaluation()
    panel.set_evaluation(ev)
    row = panel.rows["resection"]
    assert not row.details.isVisible()
    row.toggle.setFocus()
    qtbot.keyClick(row.toggle, Qt.Key.Key_Space)
    assert row.is_expanded() and row.details.isVisible()
    text = row.details.text()
    reason = ev.option("resection").reasons[0]
    assert reason.rule in text
    assert "review2023</a>, Fig. 2" in text
    assert f"{fact_label('flr_pct')} = 40" in text
    assert "distribution type suggested by the engine, not confirmed" in text
    assert "EV-RES-1" in text
    qtbot.keyClick(row.toggle, Qt.Key.Key_Space)
    assert not row.details.isVisible()


def test_rows_follow_tree_view_keys(qtbot, panel):
    panel.set_evaluation(make_evaluation())
    rows = [w for w in visible_sequence(panel) if isinstance(w, OptionRow)]
    first, second = rows[0], rows[1]
    first.toggle.setFocus()
    qtbot.keyClick(first.toggle, Qt.Key.Key_Return)
    assert first.is_expanded() and first.details.isVisible()
    qtbot.keyClick(first.toggle, Qt.Key.Key_Enter)
    assert not first.is_expanded()
    qtbot.keyClick(first.toggle, Qt.Key.Key_Right)
    assert first.is_expanded()
    qtbot.keyClick(first.toggle, Qt.Key.Key_Right)  # stays expanded
    assert first.is_expanded()
    qtbot.keyClick(first.toggle, Qt.Key.Key_Left)
    assert not first.is_expanded()
    qtbot.keyClick(first.toggle, Qt.Key.Key_Down)  # the next row, in the order shown
    assert second.toggle.hasFocus()
    qtbot.keyClick(second.toggle, Qt.Key.Key_Up)
    assert first.toggle.hasFocus()


def test_expanded_row_follows_new_evaluations(panel):
    panel.set_evaluation(make_evaluation())
    row = panel.rows["tace"]
    row.set_expanded(True)
    ev = make_evaluation({"tace": "contraindicated"})
    ev.option("tace").reasons[0].text = "Portal vein thrombosis: a stated contraindication."
    panel.set_evaluation(ev)
    assert "Portal vein thrombosis" in row.details.text()
    assert row.status_label.text().startswith("A stated contraindication is present: Portal vein thrombosis")


def test_status_wording_follows_section_12(panel):
    ev = make_evaluation()
    # The row's line is the deciding row's clinical sentence; the group header says the status.
    assert status_line(ev.option("resection")) == ev.option("resection").reasons[0].text
    assert status_line(ev.option("prrt")) == "Cannot be assessed: SSTR imaging."
    assert "we recommend" not in reasons_html(ev.option("resection")).lower()
    panel.set_evaluation(ev)
    header = panel.group_headers["recommended"].text.text()
    assert "first line of the source algorithm for this pattern" in header
    assert "listed alternative" in panel.group_headers["option"].text.text()


def test_missing_facts_are_links_that_request_the_field(qtbot, panel):
    ev = make_evaluation()
    panel.set_evaluation(ev)
    buttons = panel.missing_buttons()
    assert [b.property("fact") for b in buttons] == ev.needs_information
    assert [b.text() for b in buttons] == [f"→ {fact_label(f)}" for f in ev.needs_information]
    for button, fact in zip(buttons, ev.needs_information, strict=True):
        with qtbot.waitSignal(panel.factRequested) as blocker:
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert blocker.args == [fact]
    assert any(f in LESION_FACTS for f in ev.needs_information)  # the liver editor's facts are links too


def test_missing_fact_link_works_from_the_keyboard(qtbot, panel):
    panel.set_evaluation(make_evaluation())
    button = panel.missing_buttons()[1]
    button.setFocus()
    with qtbot.waitSignal(panel.factRequested) as blocker:
        qtbot.keyClick(button, Qt.Key.Key_Space)
    assert blocker.args == ["sstr_imaging"]


def test_missing_list_shrinks_and_hides(panel):
    panel.set_evaluation(make_evaluation())
    panel.set_evaluation(make_evaluation(needs_information=["flr_pct"]))
    assert [b.property("fact") for b in panel.missing_buttons()] == ["flr_pct"]
    panel.set_evaluation(make_evaluation(needs_information=[]))
    assert panel.missing_buttons() == []
    assert not panel.missing_title.isVisible()


def test_transplant_criteria_side_by_side_item_by_item(qtbot, panel):
    ev = make_evaluation()
    panel.set_evaluation(ev)
    table = panel.criteria
    for key, cs in ev.transplant_criteria.items():
        assert cs.name in table.cell(key, 0).text()
        for i, item in enumerate(cs.items, start=1):
            cell = table.cell(key, i)
            assert cell.isVisible()
            word = {"met": "✔ met", "not_met": "✖ not met", "unknown": "? unknown"}[item.result]
            assert word in cell.text()
            assert item.id in cell.text()
    assert "✖ Not met" in table.cell("milan", 0).text()
    assert "? Incomplete" in table.cell("enets", 0).text()
    assert "✔ All criteria met" in table.cell("unos", 0).text()
    # the three sets are columns of one grid: same row, different columns (once the event loop has
    # laid the panel out: set_evaluation defers layout to it)
    qtbot.waitUntil(lambda: table.cell("enets", 1).x() > 0)
    assert table.cell("milan", 1).y() == table.cell("enets", 1).y() == table.cell("unos", 1).y()
    assert table.cell("milan", 1).x() < table.cell("enets", 1).x() < table.cell("unos", 1).x()
    assert "Age over 45" in table.eltr_label.text()


def test_flags_and_knowledge_base(panel):
    ev = make_evaluation()
    panel.set_evaluation(ev)
    for flag in ev.flags:
        assert flag.id in panel.flags_label.text()
    assert ev.knowledge_base in panel.kb_label.text()
    assert not panel.demo_label.isVisible()
    panel.set_evaluation(make_evaluation(demo=True))
    assert panel.demo_label.isVisible()


def test_no_evaluation_shows_an_empty_panel(panel):
    panel.set_evaluation(make_evaluation())
    panel.set_evaluation(None)
    assert not panel.options_box.isVisible()
    assert panel.evaluation() is None


@pytest.mark.skipif(not HAVE_ENGINE, reason="the engine is not in this checkout yet")
def test_real_engine_evaluation_renders(panel):
    ev = evaluate(make_case())
    panel.set_evaluation(ev)
    rows = [w for w in visible_sequence(panel) if isinstance(w, OptionRow)]
    assert len(rows) == 16
    for row in rows:
        assert row.badge.status() == ev.option(row.modality).status
        row.set_expanded(True)
        assert ev.option(row.modality).rule in row.details.text()
    assert [b.property("fact") for b in panel.missing_buttons()] == ev.needs_information


def test_badge_shapes_differ_by_status_without_colour(qtbot):
    shapes = set()
    for status in STATUS_ORDER:
        badge = StatusBadge(status)
        qtbot.addWidget(badge)
        assert badge.accessibleName() == f"Status: {STATUS_SHORT[status]}"
        img = status_pixmap(status, 24).toImage()
        # the alpha channel is the shape alone, colour removed
        shapes.add(bytes(img.convertToFormat(img.Format.Format_Alpha8).constBits()))
    assert len(shapes) == len(STATUS_ORDER)


def test_clicking_the_title_expands_the_row(qtbot, panel):
    panel.set_evaluation(make_evaluation())
    row = panel.rows["ablation"]
    qtbot.mouseClick(row.title, Qt.MouseButton.LeftButton)
    assert row.is_expanded() and row.details.isVisible()


def test_a_narrow_panel_wraps_instead_of_clipping(qtbot, panel):
    panel.set_evaluation(
        make_evaluation(needs_information=["syndrome_refractory", "months_stable_or_response"])
    )
    panel.rows["simultaneous_resection"].set_expanded(True)
    panel.resize(panel.minimumWidth(), 700)
    qtbot.waitUntil(lambda: panel.scroll.viewport().width() < panel.minimumWidth())
    body = panel.scroll.widget()
    assert body.minimumSizeHint().width() <= panel.scroll.viewport().width()
    assert body.width() <= panel.scroll.viewport().width()


def _label_pair(qtbot, text: str, margins: tuple[int, int, int, int] = (0, 0, 0, 0)):
    from PySide6.QtWidgets import QLabel

    from nelm_desktop.ui.widgets.wrap_label import WrapLabel

    plain, wrap = QLabel(text), WrapLabel(text)
    for label in (plain, wrap):
        qtbot.addWidget(label)
        label.setWordWrap(True)
        label.setContentsMargins(*margins)
    return plain, wrap


WRAP_SAMPLES = [
    "Cannot be assessed: SSTR imaging, Differentiation",  # plain
    "<b>Recommended</b> (3) — <span style='color:#555555'>first line of the source algorithm</span>",
]


@pytest.mark.parametrize("sample", range(len(WRAP_SAMPLES) + 1))
def test_wrap_label_measures_and_paints_like_qlabel(qtbot, sample):
    # WrapLabel lays rich text out itself (once per text and width): it must match QLabel exactly.
    text = (
        WRAP_SAMPLES[sample]
        if sample < len(WRAP_SAMPLES)
        else reasons_html(make_evaluation().option("resection"))
    )
    plain, wrap = _label_pair(qtbot, text, (28, 2, 4, 6))
    for width in (90, 161, 240, 333, 480):
        assert wrap.heightForWidth(width) == plain.heightForWidth(width), width
    for label in (plain, wrap):
        label.resize(333, plain.heightForWidth(333))
    assert wrap.grab().toImage() == plain.grab().toImage()
    wrap.setText(text + " more")  # a new text is measured again, not taken from the cache
    plain.setText(text + " more")
    assert wrap.heightForWidth(161) == plain.heightForWidth(161)


def test_wrap_label_shows_a_selection(qtbot):
    _, wrap = _label_pair(qtbot, WRAP_SAMPLES[1])
    wrap.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    wrap.resize(300, wrap.heightForWidth(300))
    unselected = wrap.grab().toImage()
    wrap.setSelection(0, 11)
    assert wrap.selectedText() == "Recommended"
    assert wrap.grab().toImage() != unselected  # QLabel paints the highlight while text is selected


def _contrast(a: str, b: str) -> float:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_needs_information_badge_is_a_speech_bubble_not_a_replacement_character_diamond(qtbot):
    """A "?" in a diamond read as the Unicode replacement character (a font fault)."""
    from nelm_desktop.ui.widgets.style import STATUS_STYLE

    size = 24
    img = status_pixmap("needs_information", size).toImage()

    def opaque(x: int, y: int) -> bool:
        return img.pixelColor(x, y).alpha() > 127

    # A diamond is empty in its corners; the bubble's box fills the top ones.
    assert opaque(3, 3) and opaque(size - 4, 3)
    # The tail: bottom-left filled, bottom-right empty (no disc, square or diamond is lopsided).
    assert opaque(4, size - 2) and not opaque(size - 4, size - 2)
    # The white "?" is text: at least 4.5:1 on the bubble (WCAG AA).
    assert _contrast("#FFFFFF", STATUS_STYLE["needs_information"].colour) >= 4.5
    # The other filled badges carry symbols (graphics): at least 3:1.
    for status in ("recommended", "contraindicated"):
        assert _contrast("#FFFFFF", STATUS_STYLE[status].colour) >= 3.0


def test_with_no_case_the_panel_says_so_instead_of_showing_bare_headings(panel):
    from nelm_desktop.ui.options.options_panel import NO_CASE_TEXT

    def showing() -> list[str]:
        return [t.text() for t in panel.section_titles if t.isVisible()]

    assert showing() == [] and not panel.criteria.isVisible()
    assert panel.flags_label.isVisible() and panel.flags_label.text() == NO_CASE_TEXT
    panel.set_evaluation(make_evaluation())
    assert len(showing()) == 3 and panel.criteria.isVisible()
    assert panel.flags_label.text() != NO_CASE_TEXT
    panel.set_evaluation(None)  # the case closed
    assert showing() == [] and not panel.criteria.isVisible()
