"""Two workstations on one library folder (issue #15 item 7): real processes edit the same meeting at
the same time; no edit is lost, and a stale save is refused rather than overwriting."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nelm_desktop.core.board.store import BoardStore
from tests.board.board_helpers import library

WORKER = Path(__file__).with_name("board_worker.py")
REPO = Path(__file__).resolve().parents[2]
EDITS = 25


def _run_together(go: Path, *commands: list[str]) -> list[dict[str, object]]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "BOARD_WORKER_GO": str(go)}
    procs = [
        subprocess.Popen(
            [sys.executable, str(WORKER), *cmd], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
        )
        for cmd in commands
    ]
    for proc in procs:  # both have imported everything and loaded the meeting
        assert proc.stdout is not None
        assert json.loads(proc.stdout.readline()) == {"ready": True}
    go.touch()
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err.decode()
        results.append(json.loads(out.decode().strip().splitlines()[-1]))
    return results


@pytest.mark.parametrize("mode", ["update", "hashed"])
def test_two_processes_editing_one_meeting_lose_no_edit(tmp_path, mode):
    _cases, _board, _saved, meeting = library(tmp_path)
    results = _run_together(
        tmp_path / "go",
        [mode, str(tmp_path), meeting.meeting_id, "coordinator", str(EDITS)],
        [mode, str(tmp_path), meeting.meeting_id, "meeting-room", str(EDITS)],
    )
    final = BoardStore(tmp_path).load_meeting(meeting.meeting_id).record
    names = [a.name for a in final.attendees]
    for tag in ("coordinator", "meeting-room"):
        mine = [n for n in names if n.startswith(f"{tag}-")]
        assert mine == [f"{tag}-{i}" for i in range(EDITS)]  # every edit, in each writer's order
    assert len(final.revisions) == 1 + 2 * EDITS  # one audit entry per edit
    print("conflicts met and resolved by reloading:", [r["conflicts"] for r in results])


def test_decisions_recorded_from_two_processes_both_land(tmp_path):
    _cases, _board, saved, meeting = library(tmp_path)
    _run_together(
        tmp_path / "go",
        ["decide", str(tmp_path), meeting.meeting_id, saved[0].case_id],
        ["decide", str(tmp_path), meeting.meeting_id, saved[1].case_id],
    )
    board = BoardStore(tmp_path)
    decided = board.decisions(meeting_id=meeting.meeting_id)
    assert sorted(d.case_id for d in decided) == sorted(c.case_id for c in saved)
    assert all(d.signed for d in decided)
    assert board.statuses() == {c.case_id: "discussed" for c in saved}
