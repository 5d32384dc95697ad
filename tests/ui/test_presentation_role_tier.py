"""The presentation screen in section 12's terms, as the board pack: "Evidence tier next to every
status" and "Role next to every offered option" (ROLE-1), with the tier legend once. The demo meeting is
presented with F11 and walked with PageDown; the text read is the one shown."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from nelm_desktop.core.evaluation import ROLE_LABELS, TIER_LABELS
from nelm_desktop.core.store import CaseStore
from nelm_desktop.ui.window.app import seed_demo_cases


def _shown(html: str) -> str:
    doc = QTextDocument()
    doc.setHtml(html)
    return doc.toPlainText()


def test_every_option_shows_its_tier_and_every_offered_one_its_role(
    qtbot: Any, store: CaseStore, make_window: Any
) -> None:
    seed_demo_cases(store)  # six demo cases and the demo meeting (three on its agenda)
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    pres = window.board.presentation
    assert pres is not None
    qtbot.waitExposed(pres)
    offered_seen = 0
    for page in range(len(pres.items)):
        if page:
            qtbot.keyClick(pres, Qt.Key.Key_PageDown)
        assert pres.page == page
        shown = _shown(pres.options.text())
        evaluation = pres.items[page].evaluation
        assert evaluation is not None
        lines = shown.splitlines()
        for option in evaluation.options:
            tier = f"tier {option.evidence_tier}"
            if option.status == "not_indicated":  # names only, on one line
                assert f"{option.label} ({tier})" in shown, (page, option.modality)
                continue
            line = next(x for x in lines if x.startswith(f"{option.label} — "))
            if option.status in ("recommended", "option"):
                offered_seen += 1
                assert line.endswith(f"({ROLE_LABELS[option.role]}; {tier})"), line
            else:
                assert line.endswith(f"({tier})") and "; tier" not in line, line
        legend = "; ".join(f"{t} = {TIER_LABELS[t]}" for t in ("A", "B", "C"))
        assert shown.count(f"Evidence tier: {legend}.") == 1
    assert offered_seen >= 3
    qtbot.keyClick(pres, Qt.Key.Key_Escape)
