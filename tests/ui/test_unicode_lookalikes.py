"""Labels that look the same but are stored in another Unicode form: "José" typed on this keyboard is
é (U+00E9); a file from another program (a Mac export) may hold e + U+0301. The search did not find
that case, and `board note "José M"` said "no such case": a clinician would make the patient again.
Now both compare composed (NFC); two look-alike cases both match, and the command line asks for the id."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from nelm_desktop.core.model import new_case
from nelm_desktop.core.store import CaseStore
from tests.cli_process import run_cli

DECOMPOSED = "Jose\u0301 M"  # as another program stored it
TYPED = "José M"  # as typed here (é is one character)


def test_a_label_stored_decomposed_is_found_by_a_search_typed_composed(
    store: CaseStore, make_window: Any, qtbot: Any
) -> None:
    wanted = store.save(new_case(patient_label=DECOMPOSED, primary_site="lung")).case.case_id
    store.save(new_case(patient_label="Other", primary_site="lung"))
    window = make_window()
    panel = window.library
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(panel.search, "JOSÉ")
    assert panel.model.rowCount() == 1
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert window.document.case.case_id == wanted
    assert window.document.case.patient_label == DECOMPOSED  # shown and kept as stored, never rewritten
    assert [s.case_id for s in store.search("josé")] == [wanted]


def test_board_note_finds_a_decomposed_label_and_names_look_alikes(tmp_path: Any) -> None:
    root = tmp_path / "lib"
    store = CaseStore(root)
    store.save(new_case(patient_label=DECOMPOSED))
    found = run_cli("board", "note", TYPED, data=root, config=tmp_path / "cfg")
    assert "no such case" not in found.stderr, found.stderr
    store.save(new_case(patient_label=TYPED))  # a look-alike: the same label on screen
    both = run_cli("board", "note", TYPED, data=root, config=tmp_path / "cfg")
    assert both.returncode == 2 and "Traceback" not in both.stderr
    assert both.stderr.strip().splitlines() == [f"nelm-desktop: {TYPED}: 2 cases match; give the case id"]
