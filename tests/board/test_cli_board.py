"""`nelm-desktop board list|show|agenda|pack|minutes|note` (issue #15 item 6), run as real processes,
and the PDFs read back (item 5)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from nelm_desktop.core.board.demo import DEMO_DECIDED, DEMO_MEETING_ID, DEMO_READY, seed_demo_meeting
from nelm_desktop.core.board.store import BoardStore
from nelm_desktop.core.store import CaseStore
from nelm_desktop.ui.window.app import seed_demo_cases


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nelm_desktop", "board", *args],
        capture_output=True,
        text=True,
        env=os.environ,
        timeout=120,
    )


@pytest.fixture
def demo_library() -> Path:
    root = Path(os.environ["NELM_DESKTOP_DATA_DIR"])
    cases = CaseStore(root)
    seed_demo_cases(cases)  # seeds the demo meeting too
    assert [m.meeting_id for m in BoardStore(root).list_meetings()] == [DEMO_MEETING_ID]
    assert not seed_demo_meeting(cases, BoardStore(root))  # once
    return root


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_the_demo_meeting_has_three_cases_one_signed_off(demo_library):
    board = BoardStore(demo_library)
    (meeting,) = board.list_meetings()
    assert meeting.meeting_id == DEMO_MEETING_ID and len(meeting.agenda) == 3 and meeting.demo
    (decision,) = board.decisions(meeting_id=DEMO_MEETING_ID)
    assert decision.case_id == DEMO_DECIDED and decision.signed
    assert board.status_of(DEMO_READY) == "ready"


def test_list_show_and_note(demo_library):
    listed = _cli("list")
    assert (
        listed.returncode == 0
        and DEMO_MEETING_ID in listed.stdout
        and "3 case(s), 1 decided" in listed.stdout
    )
    shown = _cli("show", date.today().isoformat())
    assert shown.returncode == 0, shown.stderr
    assert "Solitary small-intestinal NET (demo 1)  [Discussed]" in shown.stdout
    assert "Decision: 1. Liver resection — curative intent" in shown.stdout
    assert "Signed off by Dr A. Demo" in shown.stdout
    assert "Question: Two-stage resection or debulking" in shown.stdout
    note = _cli("note", "Solitary small-intestinal NET (demo 1)")
    assert note.returncode == 0, note.stderr
    assert note.stdout.startswith("TUMOUR BOARD DECISION — NET tumour board (DEMO)")
    assert "1. Liver resection — curative intent" in note.stdout
    assert "knowledge base NELM-KB" in note.stdout
    assert "Liver resection: Recommended (RES-7; review2023" in note.stdout


def test_bad_input_exits_2_with_one_line_per_problem(demo_library, tmp_path):
    missing = _cli("show", "1999-01-01")
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1 and "no such meeting" in missing.stderr
    undecided = _cli("note", "Incomplete work-up (demo 5)")
    assert undecided.returncode == 2 and "no decision" in undecided.stderr
    both = _cli("pack", "nope", "-o", str(tmp_path / "no-such-folder" / "x.txt"))
    assert both.returncode == 2
    lines = both.stderr.strip().splitlines()
    assert len(lines) == 2 and "must end in .pdf" in lines[0] and "no such meeting" in lines[1]
    assert "Traceback" not in both.stderr
    no_command = _cli()
    assert no_command.returncode == 2 and no_command.stderr.count("\n") == 1


def test_agenda_pack_and_minutes_pdfs_read_back(demo_library, tmp_path):
    outs = {}
    (tmp_path / "minutes.pdf").write_bytes(b"an older copy, readable by all")
    (tmp_path / "minutes.pdf").chmod(0o644)
    for kind in ("agenda", "pack", "minutes"):
        outs[kind] = tmp_path / f"{kind}.pdf"
        run = _cli(kind, DEMO_MEETING_ID, "-o", str(outs[kind]))
        assert run.returncode == 0, run.stderr
        if os.name == "posix":  # patient labels inside: private, even where an older copy was not
            assert stat.S_IMODE(outs[kind].stat().st_mode) == 0o600, kind
    agenda = PdfReader(str(outs["agenda"]))
    assert len(agenda.pages) == 1
    text = _text(outs["agenda"])
    assert "Agenda: NET tumour board (DEMO)" in text and "Two-stage resection or debulking" in text
    assert "Dr D. Demo (Nuclear" in text  # the line may wrap inside the role
    pack = PdfReader(str(outs["pack"]))
    assert len(pack.pages) == 4  # the agenda + one synopsis page per case
    page2 = pack.pages[1].extract_text()
    assert "1. Solitary small-intestinal NET (demo 1)" in page2 and "Notes" in page2
    assert "Liver resection" in page2 and "Recommended" in page2 and "Milan:" in page2
    assert "Needs information" in pack.pages[3].extract_text()
    minutes = _text(outs["minutes"])
    assert "Minutes: NET tumour board (DEMO)" in minutes
    assert "1. Liver resection — curative intent" in minutes and "Signed off by Dr A. Demo" in minutes
    assert minutes.count("No decision recorded.") == 2
    meta = PdfReader(str(outs["minutes"])).metadata
    assert (
        meta is not None
        and "demo" not in (meta.title or "").lower()
        and DEMO_MEETING_ID in (meta.title or "")
    )
