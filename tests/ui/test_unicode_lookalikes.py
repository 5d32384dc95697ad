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


def test_an_attendee_stored_decomposed_is_not_added_again_typed_composed(
    store: CaseStore, make_window: Any, qtbot: Any
) -> None:
    """The meeting listed "Dr José" decomposed (another program); "Dr JOSÉ" typed here was added as a
    second attendee that reads the same (the check already ignored case)."""
    from nelm_desktop.core.board.demo import DEMO_MEETING_ID
    from nelm_desktop.core.board.store import BoardStore
    from nelm_desktop.ui.window.app import seed_demo_cases
    from tests.board.board_helpers import store_meeting_as_written

    seed_demo_cases(store)
    board = BoardStore(store.root)
    meeting = board.load_meeting(DEMO_MEETING_ID).record
    role = meeting.attendees[0].role
    listed = [*meeting.attendees, meeting.attendees[0].model_copy(update={"name": "Dr Jose\u0301"})]
    store_meeting_as_written(store.root, DEMO_MEETING_ID, attendees=listed)
    window = make_window()
    qtbot.keyClick(
        window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    bw = window.board.board_window
    assert bw is not None and bw.meeting is not None
    bw.attendee_role.setCurrentText(role)
    qtbot.keyClicks(bw.attendee_name, "Dr JOSÉ")
    qtbot.keyClick(bw.attendee_name, Qt.Key.Key_Return)
    assert "already listed" in bw.message.text()
    assert len(board.load_meeting(DEMO_MEETING_ID).record.attendees) == len(listed)
