"""Board files in library zips, with real files: cases imported as copies (the agenda and decisions of a
meeting imported with them follow the copies), and partial exports (only the board files of the
exported cases travel)."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

from nelm_desktop.core.board.model import AgendaItem
from nelm_desktop.core.board.store import BoardStore
from nelm_desktop.core.store import CaseStore, audit
from tests.board.board_helpers import decision_for, library


def clash_with(root, case, **changes):
    """A library at `root` holding other content under the same case id (another patient's file
    restored under that id, or the same case edited on both sides)."""
    store = CaseStore(root)
    store.save(case.model_copy(update={"revisions": [], **changes}))
    return store


def test_a_meeting_imported_with_case_copies_follows_the_copies(tmp_path):
    cases, board, saved, meeting = library(tmp_path / "there")
    board.save_decision(decision_for(meeting, saved[0]), None)
    out = tmp_path / "library.zip"
    cases.export_library(out)

    here = clash_with(tmp_path / "here", saved[0], patient_label="SOMEONE ELSE", notes="local")
    report = here.import_path(out)

    [(old, new)] = report.copies
    assert old == saved[0].case_id and new != old
    assert report.problems == []
    here_board = BoardStore(tmp_path / "here")
    agenda = [item.case_id for item in here_board.load_meeting(meeting.meeting_id).record.agenda]
    assert agenda == [new, saved[1].case_id]  # the copy, and the case that came in under its own id
    assert here.load(new).case.patient_label == "BT-0"
    # the decision about the incoming case follows it too; none is attached to the local case
    assert here_board.load_decision(meeting.meeting_id, new) is not None
    assert here_board.load_decision(meeting.meeting_id, old) is None
    # audited: the verbatim version is kept, the re-pointing is a revision of the chain
    stored = here_board.load_meeting(meeting.meeting_id).record
    last = stored.revisions[-1]
    assert last.action == "re-pointed" and last.case_ids == {old: new}  # type: ignore[attr-defined]
    assert audit.verify_history(stored)  # type: ignore[arg-type]
    assert len(here_board.backups("meeting", meeting.meeting_id)) == 1
    decision = here_board.load_decision(meeting.meeting_id, new)
    assert decision is not None and decision.record.revisions[-1].action == "re-pointed"  # type: ignore[attr-defined]
    assert audit.verify_history(decision.record)  # type: ignore[arg-type]
    # and the import says so
    assert any("now refers to" in line and new in line for line in report.lines()), report.lines()


def test_a_meeting_already_here_is_never_re_pointed(tmp_path):
    cases, _board, saved, meeting = library(tmp_path / "there")
    out = tmp_path / "library.zip"
    cases.export_library(out)
    here = clash_with(tmp_path / "here", saved[0], notes="edited here too")
    here_board = BoardStore(tmp_path / "here")
    here_board.create_meeting(meeting.model_copy(update={"agenda": [AgendaItem(case_id=saved[0].case_id)]}))

    report = here.import_path(out)

    [(old, _new)] = report.copies
    agenda = [item.case_id for item in here_board.load_meeting(meeting.meeting_id).record.agenda]
    assert agenda == [old]  # refers to this library's case, as before
    assert any("kept the one here" in p for p in report.problems)


def test_a_partial_export_carries_only_the_board_files_of_the_exported_cases(tmp_path):
    cases, board, saved, meeting = library(tmp_path / "there", n_cases=3)
    board.save_decision(decision_for(meeting, saved[0]), None)
    board.save_decision(decision_for(meeting, saved[1]), None)
    board.set_status(saved[1].case_id, "ready")
    board.set_status(saved[2].case_id, "ready")
    other = board.create_meeting(
        meeting.model_copy(
            update={"meeting_id": "other-meeting", "agenda": [AgendaItem(case_id=saved[2].case_id)]}
        )
    )
    out = tmp_path / "some.zip"
    library_file = board.path("meeting", meeting.meeting_id).read_bytes()

    report = cases.export_library(out, case_ids=[saved[0].case_id, saved[1].case_id])
    assert board.path("meeting", meeting.meeting_id).read_bytes() == library_file  # only the copy is cut

    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        members = set(archive.namelist())
        exported_meeting = json.loads(archive.read(f"board/meetings/{meeting.meeting_id}.json"))
    board_files = {row["file"] for row in manifest["board"]}
    assert board_files == {
        f"board/meetings/{meeting.meeting_id}.json",
        f"board/decisions/{meeting.meeting_id}--{saved[0].case_id}.json",
        f"board/decisions/{meeting.meeting_id}--{saved[1].case_id}.json",
        f"board/status/{saved[0].case_id}.json",  # recording a decision marks the case discussed
        f"board/status/{saved[1].case_id}.json",
    }
    assert board_files <= members
    assert f"board/meetings/{other.record.meeting_id}.json" not in members
    assert not any(saved[2].case_id in name for name in members)
    # the meeting travels without the agenda item of the case left behind (not even its id)
    assert [item["case_id"] for item in exported_meeting["record"]["agenda"]] == [
        saved[0].case_id,
        saved[1].case_id,
    ]
    assert saved[2].case_id not in json.dumps(exported_meeting["record"])
    assert any("board" in note and "1 agenda item" in note for note in report.notes), report.notes

    # what came out is a sound library: it imports cleanly and the meeting's chain holds
    fresh = CaseStore(tmp_path / "fresh")
    again = fresh.import_path(out)
    assert again.problems == [] and len(again.imported) == 2
    imported = BoardStore(tmp_path / "fresh").load_meeting(meeting.meeting_id).record
    assert audit.verify_history(imported)  # type: ignore[arg-type]


def test_a_whole_library_export_still_carries_every_board_file(tmp_path):
    cases, board, saved, meeting = library(tmp_path / "there")
    board.save_decision(decision_for(meeting, saved[0]), None)
    out = tmp_path / "all.zip"
    report = cases.export_library(out)
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert {row["kind"] for row in manifest["board"]} == {"meeting", "decision", "status"}
    assert not any("agenda item" in note for note in report.notes)


def test_the_board_status_of_a_case_imported_as_a_copy_follows_the_copy(tmp_path):
    cases, board, saved, _meeting = library(tmp_path / "there")
    board.set_status(saved[0].case_id, "ready")
    out = tmp_path / "library.zip"
    cases.export_library(out)
    here = clash_with(tmp_path / "here", saved[0], patient_label="SOMEONE ELSE", notes="local")

    report = here.import_path(out)

    [(old, new)] = report.copies
    here_board = BoardStore(tmp_path / "here")
    moved = here_board.stored_status(new)
    assert moved is not None and moved.record.status == "ready" and moved.record.case_id == new
    assert here_board.stored_status(old) is None  # never attached to the other patient's case
    last = moved.record.revisions[-1]
    assert last.action == "re-pointed" and last.case_ids == {old: new}  # type: ignore[attr-defined]
    assert audit.verify_history(moved.record)  # type: ignore[arg-type]
    assert any("now refers to" in line and new in line for line in report.lines()), report.lines()


def test_a_status_already_here_stays_with_the_case_here(tmp_path):
    cases, board, saved, _meeting = library(tmp_path / "there")
    board.set_status(saved[0].case_id, "ready")
    out = tmp_path / "library.zip"
    cases.export_library(out)
    here = clash_with(tmp_path / "here", saved[0], notes="edited here too")
    here_board = BoardStore(tmp_path / "here")
    here_board.set_status(saved[0].case_id, "discussed")

    report = here.import_path(out)

    [(old, new)] = report.copies
    mine = here_board.stored_status(old)
    assert mine is not None and mine.record.status == "discussed"  # the local case's own status
    theirs = here_board.stored_status(new)
    assert theirs is not None and theirs.record.status == "ready"  # the copy's, from the zip


_FRESH_IMPORT = """
import sys
from pathlib import Path
from nelm_desktop.core.store import CaseStore
store = CaseStore(Path(sys.argv[1]))
report = store.import_path(Path(sys.argv[2]))
assert report.problems == [], report.problems
print("board loaded" if "nelm_desktop.core.board.exchange" in sys.modules else "board not loaded")
"""


def test_a_fresh_process_imports_a_zips_meetings_and_a_case_file_without_the_board(tmp_path):
    """The board's file kind is registered when a zip is imported (not on every import: a single
    case file, e.g. the demo's first case at start-up, has no board files and skips loading them)."""
    cases, _board, saved, meeting = library(tmp_path / "there")
    out = tmp_path / "library.zip"
    cases.export_library(out)
    single = tmp_path / "one.json"
    single.write_text(json.dumps(saved[0].model_dump(mode="json")), encoding="utf-8")

    def fresh(root: str, source: object) -> str:
        run = subprocess.run(
            [sys.executable, "-c", _FRESH_IMPORT, str(tmp_path / root), str(source)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert run.returncode == 0, run.stderr
        return run.stdout.strip()

    assert fresh("from-zip", out) == "board loaded"
    here = BoardStore(tmp_path / "from-zip").load_meeting(meeting.meeting_id).record
    assert [item.case_id for item in here.agenda] == [case.case_id for case in saved]
    assert fresh("from-file", single) == "board not loaded"
    assert CaseStore(tmp_path / "from-file").load(saved[0].case_id).case.patient_label == "BT-0"
