"""Meetings, decisions and statuses on disk: private, atomic, backed up, audited, locked, hash-checked,
exported and imported with the library (issue #15 items 1, 2 and 7)."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import zipfile
from datetime import date

import pytest

from nelm_desktop.core.board.model import AgendaItem, Attendee
from nelm_desktop.core.board.store import BoardConflictError, BoardStore
from nelm_desktop.core.store import CaseStore, StoreError
from tests.board.board_helpers import decision_for, library, type_i_case


def _modes(root):
    for folder, dirs, names in os.walk(root):
        for d in dirs:
            yield os.path.join(folder, d), 0o700
        for n in names:
            if not n.endswith(".lock"):
                yield os.path.join(folder, n), 0o600


def test_files_are_private_and_every_save_is_backed_up_and_audited(tmp_path):
    _cases, board, saved, meeting = library(tmp_path)
    loaded = board.load_meeting(meeting.meeting_id)
    moved = loaded.record.model_copy(update={"location": "Room 5"})
    again = board.save_meeting(moved, loaded.file_hash)
    board.save_decision(decision_for(meeting, saved[0]), None)
    board.set_status(saved[1].case_id, "ready")
    for path in [tmp_path / "board", tmp_path / "backups" / "_board"]:
        for item, mode in _modes(path):
            assert stat.S_IMODE(os.stat(item).st_mode) == mode, item
    assert len(board.backups("meeting", meeting.meeting_id)) == 1
    assert [r.changed for r in again.record.revisions] == [
        ["meeting_id", "board_name", "starts_at", "location", "attendees", "agenda", "demo"],
        ["location"],
    ]
    envelope = json.loads(again.path.read_text())
    assert envelope["format"] == "nelm-desktop-board" and envelope["kind"] == "meeting"
    assert not [n for n in os.listdir(board.folder("meeting")) if n.endswith(".tmp")]


def test_a_stale_save_is_a_conflict_and_overwrites_nothing(tmp_path):
    _cases, board, _saved, meeting = library(tmp_path)
    mine = board.load_meeting(meeting.meeting_id)
    theirs = board.save_meeting(mine.record.model_copy(update={"location": "Theirs"}), mine.file_hash)
    with pytest.raises(BoardConflictError) as caught:
        board.save_meeting(mine.record.model_copy(update={"location": "Mine"}), mine.file_hash)
    assert caught.value.theirs is not None and caught.value.theirs.record.location == "Theirs"
    assert board.load_meeting(meeting.meeting_id).file_hash == theirs.file_hash
    with pytest.raises(BoardConflictError):
        board.create_meeting(meeting)  # an existing id is never silently replaced


def test_update_applies_each_edit_to_the_newest_version(tmp_path):
    _cases, board, saved, meeting = library(tmp_path)
    board.update_meeting(meeting.meeting_id, lambda m: m.model_copy(update={"location": "Room 9"}))
    board.update_meeting(
        meeting.meeting_id,
        lambda m: m.model_copy(
            update={"attendees": [*m.attendees, Attendee(name="Dr Scan", role="Radiologist")]}
        ),
    )
    final = board.load_meeting(meeting.meeting_id).record
    assert final.location == "Room 9" and [a.name for a in final.attendees][-1] == "Dr Scan"
    with pytest.raises(StoreError, match="twice"):
        board.update_meeting(
            meeting.meeting_id,
            lambda m: m.model_copy(update={"agenda": [*m.agenda, AgendaItem(case_id=saved[0].case_id)]}),
        )


def test_a_damaged_meeting_file_is_quarantined_and_never_breaks_the_listing(tmp_path):
    _cases, board, _saved, meeting = library(tmp_path)
    path = board.path("meeting", meeting.meeting_id)
    data = json.loads(path.read_text())
    data["record"]["location"] = "edited by hand"
    path.write_text(json.dumps(data))
    assert board.list_meetings() == []
    assert not path.exists()
    quarantined = list((tmp_path / "quarantine" / "_board").iterdir())
    reasons = [p for p in quarantined if p.name.endswith(".reason.txt")]
    assert reasons and "checksum mismatch" in reasons[0].read_text()
    assert CaseStore(tmp_path).quarantined() == []  # the case list of damaged files is not confused


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_quarantined_meetings_reason_is_private_under_a_desktop_umask(tmp_path):
    """The board's quarantine used to write its reason with the process umask (0644 under 022) and
    after the move; it now shares the case store's writer: reason first, private, atomic."""
    _cases, board, _saved, meeting = library(tmp_path)
    path = board.path("meeting", meeting.meeting_id)
    path.write_text("{broken")
    old = os.umask(0o022)  # a library opened by a script, not by the app (which sets 077)
    try:
        assert board.list_meetings() == []
    finally:
        os.umask(old)
    quarantine = tmp_path / "quarantine" / "_board"
    moved = [p for p in quarantine.iterdir() if p.name.endswith(".json")]
    reasons = [p for p in quarantine.iterdir() if p.name.endswith(".reason.txt")]
    assert [r.name for r in reasons] == [moved[0].name + ".reason.txt"]
    assert {stat.S_IMODE(p.stat().st_mode) for p in [*moved, *reasons]} == {0o600}


def test_a_meeting_stays_in_place_when_its_reason_cannot_be_written(tmp_path, monkeypatch):
    """Never a quarantined file without its reason: on a full disk the file stays where it was."""
    from nelm_desktop.core.store import quarantine

    _cases, board, _saved, meeting = library(tmp_path)
    path = board.path("meeting", meeting.meeting_id)
    path.write_text("{broken")

    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(quarantine, "atomic_write_bytes", full_disk)
    assert board.list_meetings() == []
    assert path.read_text() == "{broken"
    assert not [p for p in (tmp_path / "quarantine" / "_board").glob("*.json")]


def test_board_status_and_follow_up_due(tmp_path):
    _cases, board, saved, meeting = library(tmp_path)
    a, b = saved
    assert board.status_of(a.case_id) == "to_prepare"
    board.set_status(b.case_id, "ready")
    board.save_decision(decision_for(meeting, a, follow_up=date(2027, 1, 15)), None)
    assert board.status_of(a.case_id, date(2027, 1, 14)) == "discussed"  # recording a decision discusses it
    assert board.status_of(a.case_id, date(2027, 1, 15)) == "follow_up_due"
    assert board.statuses(date(2027, 1, 1)) == {a.case_id: "discussed", b.case_id: "ready"}
    points = board.decision_points(a.case_id)
    assert len(points) == 1 and points[0].follow_up == date(2027, 1, 15)
    assert points[0].meeting_at is not None and points[0].meeting_at.year == 2026
    assert [p.case_id for p in board.follow_ups_due(date(2027, 2, 1))] == [a.case_id]
    assert board.follow_ups_due(date(2027, 1, 1)) == []


def test_deleted_meeting_goes_to_the_trash_and_its_decisions_stay(tmp_path):
    _cases, board, saved, meeting = library(tmp_path)
    board.save_decision(decision_for(meeting, saved[0]), None)
    board.delete_meeting(meeting.meeting_id)
    assert board.list_meetings() == []
    assert len(list((tmp_path / "trash" / "_board").glob("meeting-*.json"))) == 1
    assert len(board.decisions(case_id=saved[0].case_id)) == 1


def test_meetings_and_decisions_travel_with_the_library_zip(tmp_path):
    cases, board, saved, meeting = library(tmp_path / "old")
    first = board.save_decision(decision_for(meeting, saved[0]), None)
    board.sign_off_decision(meeting.meeting_id, saved[0].case_id, "Dr Cut", first.file_hash)
    out = tmp_path / "library.zip"
    cases.export_library(out)
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert {entry["kind"] for entry in manifest["board"]} == {"meeting", "decision", "status"}
    new_cases = CaseStore(tmp_path / "new")
    report = new_cases.import_path(out)
    assert report.problems == [] and len(report.board) == 3
    new_board = BoardStore(tmp_path / "new")
    moved = new_board.load_decision(meeting.meeting_id, saved[0].case_id)
    original = board.load_decision(meeting.meeting_id, saved[0].case_id)
    assert moved is not None and original is not None
    assert moved.record == original.record and moved.file_hash == original.file_hash
    assert [m.meeting_id for m in new_board.list_meetings()] == [meeting.meeting_id]
    # again: duplicates; a changed meeting here is kept and reported
    new_board.update_meeting(meeting.meeting_id, lambda m: m.model_copy(update={"location": "New site"}))
    again = new_cases.import_path(out)
    assert again.board == []
    assert len(again.problems) == 1 and "kept the one here" in again.problems[0]
    assert new_board.load_meeting(meeting.meeting_id).record.location == "New site"


def test_a_tampered_board_file_in_a_zip_is_refused(tmp_path):
    cases, _board, _saved, meeting = library(tmp_path / "old")
    out = tmp_path / "library.zip"
    cases.export_library(out)
    member = f"board/meetings/{meeting.meeting_id}.json"

    def tamper(target, fix_manifest):
        with zipfile.ZipFile(out) as src, zipfile.ZipFile(target, "w") as dst:
            manifest = json.loads(src.read("manifest.json"))
            for info in src.infolist():
                data = src.read(info)
                if info.filename == member:
                    data = data.replace(b"Room 2", b"Room X")
                    if fix_manifest:  # a careful forger also updates the manifest's checksum
                        for row in manifest["board"]:
                            if row["file"] == member:
                                row["sha256"] = hashlib.sha256(data).hexdigest()
                if info.filename != "manifest.json":
                    dst.writestr(info, data)
            dst.writestr("manifest.json", json.dumps(manifest))

    for n, fix_manifest in enumerate((False, True)):
        hacked = tmp_path / f"hacked{n}.zip"
        tamper(hacked, fix_manifest)
        report = CaseStore(tmp_path / f"new{n}").import_path(hacked)
        expected = "checksum mismatch" if fix_manifest else "does not match the manifest's checksum"
        assert any(p.startswith(member) and expected in p for p in report.problems), report.problems
        assert BoardStore(tmp_path / f"new{n}").list_meetings() == []


def test_find_meeting_by_id_prefix_or_date(tmp_path):
    cases, board, _saved, meeting = library(tmp_path)
    assert board.find_meeting(meeting.meeting_id[:8]).record.meeting_id == meeting.meeting_id
    assert board.find_meeting("2026-12-10").record.meeting_id == meeting.meeting_id
    with pytest.raises(StoreError, match="no such meeting"):
        board.find_meeting("2020-01-01")
    cases.save(type_i_case())
    assert board.meetings_of_case()[_saved[0].case_id][0].meeting_id == meeting.meeting_id
