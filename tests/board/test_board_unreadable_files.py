"""A meeting file that is there but cannot be read (a FIFO put in its place, a damaged file set aside):
named as what it is by `board show|minutes|list` and by the meetings window, never reported as "no
such meeting" or left out of a list without a word. Real processes and real files."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from nelm_desktop.core.board.demo import DEMO_MEETING_ID
from nelm_desktop.core.board.store import BoardStore
from nelm_desktop.core.store import CaseStore
from nelm_desktop.ui.window.app import seed_demo_cases
from tests.cli_process import run_cli

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")

FIFO_ID = "m-2025-01-01"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    seed_demo_cases(CaseStore(root))  # the demo meeting: one readable meeting beside the FIFO
    os.mkfifo(BoardStore(root).path("meeting", FIFO_ID))
    return root


def _board(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("board", *args, data=root, config=root.parent / "cfg", timeout=60)  # a hang fails


def test_show_and_minutes_name_a_meeting_file_that_is_a_fifo(library: Path, tmp_path: Path) -> None:
    for args in (("show", FIFO_ID), ("minutes", FIFO_ID, "-o", str(tmp_path / "m.pdf"))):
        run = _board(library, *args)
        assert run.returncode == 1, (args, run.stderr)  # the library's file, not the input: exit 1
        (line,) = run.stderr.strip().splitlines()
        assert "no such meeting" not in line
        assert f"the meeting file board/meetings/{FIFO_ID}.json: it is not a regular file" in line
    by_date = _board(library, "show", "2025-01-01")  # its date: the unread file is named too
    assert by_date.returncode == 1
    assert "1 meeting file(s) could not be read" in by_date.stderr and "not a regular file" in by_date.stderr
    readable = _board(library, "show", DEMO_MEETING_ID)  # the others are still shown
    assert readable.returncode == 0, readable.stderr
    assert _board(library, "show", "nope").returncode == 2  # no such meeting is still bad input


def test_list_shows_the_readable_meetings_and_names_the_rest(library: Path) -> None:
    run = _board(library, "list")
    assert run.returncode == 1  # as an incomplete export: listed, but not everything
    assert DEMO_MEETING_ID in run.stdout
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 2 and f"{FIFO_ID}.json: it is not a regular file" in lines[0]
    assert "1 meeting file(s) could not be read and are not listed" in lines[1]


def test_a_damaged_meeting_is_named_in_the_list_after_it_is_set_aside(library: Path) -> None:
    board = BoardStore(library)
    os.remove(board.path("meeting", FIFO_ID))
    board.path("meeting", "m-damaged").write_text("{not json", encoding="utf-8")
    run = _board(library, "list")
    assert run.returncode == 1 and "m-damaged.json is damaged and was set aside" in run.stderr
