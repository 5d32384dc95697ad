"""How the board reads the panel (issue #13 items 5, 6, 16, 17; issue #12 item 4): clinical sentences
first, ids second; evidence with context; full references on hover; "Not listed for this case";
ORDER-1; rows announced as tree items; criteria named by their text."""

from __future__ import annotations

from html import unescape

import pytest
from factories import HAVE_ENGINE, evaluate, make_case, make_evaluation
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest

from nelm_desktop.core.evaluation import MODALITY_LABELS, STATUS_ORDER
from nelm_desktop.core.presentation import NOT_LISTED_EXPLANATION, ORDER_1
from nelm_desktop.core.sources import SOURCES
from nelm_desktop.ui.options.option_row import OptionRow
from nelm_desktop.ui.options.options_panel import OptionsPanel

ENGINE_TEXT = (
    "G1/G2, type limited_bilobar, FLR >= 30 %, fit: surgical line of the source algorithm "
    "(col A: isolated or synchronous resection); first line of the source algorithm for this pattern. (AMB-16)"
)


@pytest.fixture
def panel(qtbot):
    p = OptionsPanel()
    qtbot.addWidget(p)
    p.resize(560, 900)
    p.show()
    qtbot.waitExposed(p)
    return p


def rows_in_order(panel: OptionsPanel) -> list[OptionRow]:
    layout = panel.options_box.layout()
    widgets = [layout.itemAt(i).widget() for i in range(layout.count())]
    return [w for w in widgets if isinstance(w, OptionRow) and w.isVisible()]


def test_reason_leads_with_a_clinical_sentence_and_keeps_ids_second(qtbot, panel):
    ev = make_evaluation()
    resection = ev.option("resection")
    resection.rule = resection.reasons[0].rule = "RES-7"
    resection.reasons[0].text = ENGINE_TEXT
    panel.set_evaluation(ev)
    row = panel.rows["resection"]
    line = row.status_label.text()
    for code in ("RES-7", "AMB-16", "limited_bilobar", "col A", ">="):
        assert code not in line
    assert line.startswith("G1/G2, type limited bilobar, FLR ≥ 30 %")
    assert "algorithm column A" in line
    row.toggle.setFocus()
    qtbot.keyClick(row.toggle, Qt.Key.Key_Space)
    html = row.details.text()
    # the sentence comes first, the ids and fact codes on the secondary line after it
    assert html.index("type limited bilobar") < html.index("RES-7 · AMB-16")
    assert "facts used:" in html


def test_expanded_option_shows_evidence_figures_with_context(qtbot, panel):
    panel.set_evaluation(make_evaluation())
    row = panel.rows["resection"]
    qtbot.mouseClick(row.title, Qt.MouseButton.LeftButton)
    html = row.details.text()
    assert "29 studies: median perioperative mortality 0 %" in html  # EV-RES-1's figures
    assert "review2023, Isolated surgical resection" in html  # their study context
    assert "retrospective, non-randomized" in html  # the source's caveat
    assert "not a prediction for this patient" in html


def test_hovering_a_source_key_shows_the_full_reference(qtbot, panel):
    panel.set_evaluation(make_evaluation())
    row = panel.rows["resection"]
    qtbot.mouseClick(row.title, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row.details.height() > 20)
    label = row.details
    hovered: list[str] = []
    label.linkHovered.connect(hovered.append)
    # Move the real mouse over the label until it passes the "review2023" link.
    for y in range(2, label.height(), 4):
        for x in range(2, label.width(), 8):
            QTest.mouseMove(label, QPoint(x, y))
            if hovered and hovered[-1]:
                break
        if hovered and hovered[-1]:
            break
    assert hovered and hovered[-1] == "source:review2023"
    from PySide6.QtWidgets import QToolTip

    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == SOURCES["review2023"]


def test_not_indicated_reads_not_listed_for_this_case_with_its_explanation(panel):
    ev = make_evaluation()
    panel.set_evaluation(ev)
    header = panel.group_headers["not_indicated"]
    text = unescape(header.text.text())
    assert "Not listed for this case" in text
    assert NOT_LISTED_EXPLANATION in text
    assert "indicated" not in text.lower()
    assert header.accessibleDescription() == NOT_LISTED_EXPLANATION
    row = panel.rows["sunitinib"]
    assert row.toggle.accessibleName() == "Sunitinib, Not listed for this case"
    # the JSON code is unchanged
    assert ev.to_public_json()["options"][12]["status"] == "not_indicated"
    # said once on the screen: not repeated on every row
    assert all(NOT_LISTED_EXPLANATION not in r.status_label.text() for r in panel.rows.values())


def test_options_follow_order_1_within_each_status_group(panel):
    statuses = {m: "option" for m in MODALITY_LABELS}
    statuses.update({"ssa": "recommended", "resection": "recommended", "tace": "not_indicated"})
    statuses.update({"immunotherapy": "not_indicated", "transplant": "not_indicated"})
    panel.set_evaluation(make_evaluation(statuses))
    shown = [(r.result().status, r.modality) for r in rows_in_order(panel)]
    expected = sorted(shown, key=lambda sm: (STATUS_ORDER.index(sm[0]), ORDER_1.index(sm[1])))
    assert shown == expected
    assert shown[:2] == [("recommended", "resection"), ("recommended", "ssa")]
    # transplant (surgical) comes before debulking and the liver-directed options
    options = [m for s, m in shown if s == "option"]
    assert (
        options.index("debulking")
        < options.index("ablation")
        < options.index("prrt")
        < options.index("everolimus")
    )
    assert [m for s, m in shown if s == "not_indicated"] == ["transplant", "tace", "immunotherapy"]


@pytest.fixture
def accessibility_on():
    """Accessibility active for one test only: left on, it changes what later tests' widgets cache."""
    was = QAccessible.isActive()
    QAccessible.setActive(True)
    yield
    QAccessible.setActive(was)


def test_option_rows_are_expandable_tree_items_not_check_boxes(qtbot, panel, accessibility_on):
    panel.set_evaluation(make_evaluation())
    row = panel.rows["resection"]
    iface = QAccessible.queryAccessibleInterface(row.toggle)
    assert iface.role() == QAccessible.Role.TreeItem
    assert iface.text(QAccessible.Text.Name) == "Liver resection, Recommended"
    state = iface.state()
    assert state.expandable and state.collapsed and not state.expanded
    assert not state.checkable and not state.checked
    assert state.focusable
    row.toggle.setFocus()
    qtbot.keyClick(row.toggle, Qt.Key.Key_Space)
    state = QAccessible.queryAccessibleInterface(row.toggle).state()
    assert state.expanded and not state.collapsed and not state.checked
    # the screen reader's "toggle" action expands and collapses too
    iface.doAction(iface.actionNames()[0])
    assert not row.is_expanded()
    description = iface.text(QAccessible.Text.Description)
    assert description.startswith(row.status_label.text())
    assert "Evidence tier" in description


def test_criteria_cells_are_named_with_the_criterion_text(panel):
    ev = make_evaluation()
    panel.set_evaluation(ev)
    item = ev.transplant_criteria["milan"].items[0]
    cell = panel.criteria.cell("milan", 1)
    assert cell.accessibleName() == f"Milan {item.id}, met: {item.text}"
    unknown = panel.criteria.cell("milan", 5)
    assert unknown.accessibleDescription() == "Needs: Ki-67 index (%)"
    assert panel.criteria.cell("enets", 0).accessibleName() == "ENETS criteria: Incomplete"


@pytest.mark.skipif(not HAVE_ENGINE, reason="the engine is not in this checkout yet")
def test_real_engine_lines_carry_no_fact_codes(panel):
    ev = evaluate(make_case())
    panel.set_evaluation(ev)
    for row in panel.rows.values():
        line = row.status_label.text()
        assert "_" not in line, line
        assert "(AMB-" not in line, line


def test_tier_and_role_shown_per_option(panel):
    ev = make_evaluation()
    resection = ev.option("resection")
    resection.role, resection.evidence_tier = "curative_surgery", "A"
    interferon = ev.option("interferon")
    interferon.status, interferon.role, interferon.evidence_tier = "option", "systemic", "C"
    panel.set_evaluation(ev)
    assert panel.rows["resection"].meta_label.text() == (
        "Surgery with curative intent · Evidence tier A: outcome figures in the sources"
    )
    assert panel.rows["interferon"].meta_label.text() == (
        "Systemic treatment · Evidence tier C: named only; the sources give no data"
    )
    # the role is for offered options only; the tier is next to every status
    assert panel.rows["sunitinib"].meta_label.text().startswith("Evidence tier ")
    assert panel.rows["resection"].meta_label.isVisible()


def _outside_case():
    return make_case(functional_syndrome="yes", syndrome_type="insulinoma")


@pytest.mark.skipif(not HAVE_ENGINE, reason="the engine is not in this checkout yet")
def test_outside_sources_precautions_are_set_apart_from_sourced_flags(qtbot, panel):
    ev = evaluate(_outside_case())
    outside = [f for f in ev.flags if f.outside_sources]
    assert outside, "an insulinoma case raises the outside-sources SSA precaution"
    panel.set_evaluation(ev)
    for flag in outside:
        assert flag.id not in panel.flags_label.text()  # not mixed with the sourced flags
        assert flag.id in panel.outside_label.text()
    assert panel.outside_label.isVisible()
    assert "outside the cited sources" in panel.outside_label.text()
    assert "outside-sources" in panel.outside_label.text()  # the locator
    row = panel.rows[outside[0].modality] if outside[0].modality else None
    if row is not None:
        qtbot.mouseClick(row.title, Qt.MouseButton.LeftButton)
        assert "outside the cited sources" in row.details.text()
    panel.set_evaluation(make_evaluation())
    assert not panel.outside_label.isVisible()
