"""A writer killed while writing the listing's index (or a board record) leaves its temp file behind:
every patient's label, kept for good, since the sweep at listing time only looks when cases/ holds a
temp file. The next index write (under the library lock that every index writer holds) removes it."""

from __future__ import annotations

from pathlib import Path

from nelm_desktop.core.fileio import temp_path
from nelm_desktop.core.model import new_case
from nelm_desktop.core.store import CaseStore


def test_an_index_temp_a_killed_writer_left_is_removed_by_the_next_index_write(tmp_path: Path) -> None:
    store = CaseStore(tmp_path / "lib")
    store.save(new_case(patient_label="Label of a patient"))
    store.list_cases()
    left = temp_path(store.index_path)  # the name a killed atomic write leaves
    left.write_bytes(store.index_path.read_bytes()[:100])
    other = CaseStore(tmp_path / "lib")  # the next start
    other.save(new_case(patient_label="another"))
    assert {row.patient_label for row in other.list_cases()} == {"another", "Label of a patient"}
    assert not left.exists()
    assert sorted(p.name for p in store.root.iterdir() if p.name.startswith(".")) == []


def test_a_board_record_temp_a_killed_writer_left_is_removed_by_the_next_listing(tmp_path: Path) -> None:
    """The same for a meeting, decision or status being written when its writer was killed: the listing
    skipped the temp file and never removed it. Now it goes once its record is not being written."""
    from nelm_desktop.core.board.demo import DEMO_MEETING_ID
    from nelm_desktop.core.board.store import BoardStore
    from nelm_desktop.core.store.locking import held
    from nelm_desktop.ui.window.app import seed_demo_cases

    seed_demo_cases(CaseStore(tmp_path / "lib"))
    board = BoardStore(tmp_path / "lib")
    path = board.path("meeting", DEMO_MEETING_ID)
    left = temp_path(path)
    left.write_bytes(path.read_bytes()[:200])
    with held(board._lock("meeting", DEMO_MEETING_ID), "the meeting"):  # being written right now
        assert [m.meeting_id for m in board.list_meetings()] == [DEMO_MEETING_ID]
        assert left.exists()
    assert [m.meeting_id for m in BoardStore(tmp_path / "lib").list_meetings()] == [DEMO_MEETING_ID]
    assert not left.exists()
