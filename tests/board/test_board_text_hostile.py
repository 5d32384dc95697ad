"""Text a hostile user (or another program) puts in board records: right-to-left names, combining
marks, emoji, control characters and direction overrides. The board PDFs are made by the real
command-line process and read back with pypdf: nothing dropped, nothing turned around, every hidden
character shown as [U+XXXX]; a new hidden character is refused on the way to the disk."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from nelm_desktop.core.board import files
from nelm_desktop.core.board.demo import DEMO_MEETING_ID
from nelm_desktop.core.board.model import Attendee, Meeting
from nelm_desktop.core.board.stamping import BoardRecordError
from nelm_desktop.core.board.store import BoardStore
from nelm_desktop.core.fileio import atomic_write_bytes
from nelm_desktop.core.store import CaseStore
from nelm_desktop.ui.window.app import seed_demo_cases
from tests.board.board_helpers import store_meeting_as_written


@pytest.fixture
def root() -> Path:
    root = Path(os.environ["NELM_DESKTOP_DATA_DIR"])
    seed_demo_cases(CaseStore(root))
    return root


def _pdf_text(root: Path, kind: str) -> str:
    out = root / f"{kind}.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "nelm_desktop", "board", kind, DEMO_MEETING_ID, "-o", str(out)],
        capture_output=True,
        text=True,
        env=os.environ,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return "\n".join(page.extract_text() for page in PdfReader(str(out)).pages)


def test_board_pdfs_keep_right_to_left_combining_and_emoji_text(root: Path) -> None:
    def edit(m: Meeting) -> Meeting:
        agenda = [m.agenda[0].model_copy(update={"question": "مرحبا بكم 🧬", "presenter": "Dr. כהן"})]
        return m.model_copy(
            update={
                "board_name": "Tumorboard שלום",
                "location": "Cafe\u0301 😀 room",  # e + combining acute
                "attendees": [Attendee(name="Dr. Leví", role="Radiologist")],
                "agenda": agenda + m.agenda[1:],
            }
        )

    BoardStore(root).update_meeting(DEMO_MEETING_ID, edit)
    for kind in ("agenda", "pack", "minutes"):
        text = _pdf_text(root, kind)
        # Drawn in reading order: a PDF reader gives the right-to-left words back as typed (they were
        # stored left to right and read back reversed: "םולש").
        assert "שלום" in text, kind
        if kind != "minutes":  # the minutes list decisions, not the question's presenter
            assert "כהן" in text and "مرحبا" in text and "بكم" in text, kind
        assert "😀" in text, kind  # a character beyond U+FFFF: its text was lost from the PDF
        assert "[U+1F9EC]" in text or kind == "minutes", kind  # no glyph in the report font: written out
        assert "Café" in text or "Cafe\u0301" in text, kind


def test_a_hidden_character_in_an_older_file_prints_visibly(root: Path) -> None:
    board = BoardStore(root)
    meeting = board.load_meeting(DEMO_MEETING_ID).record
    agenda = [
        meeting.agenda[0].model_copy(update={"question": "Resect\x07able? \u202eevil"}),
        *meeting.agenda[1:],
    ]
    # Written as another program or an older version would: the store refuses to write it itself.
    raw = files.encode("meeting", meeting.model_copy(update={"agenda": agenda, "location": "Room\x1b 3"}))
    atomic_write_bytes(board.path("meeting", DEMO_MEETING_ID), raw)
    assert board.load_meeting(DEMO_MEETING_ID).record.location == "Room\x1b 3"  # read, not set aside
    text = _pdf_text(root, "agenda")
    assert "Resect[U+0007]able? [U+202E]evil" in text
    assert "Room[U+001B] 3" in text


def test_a_hidden_character_is_refused_on_the_way_to_the_disk(root: Path) -> None:
    board = BoardStore(root)
    before = board.path("meeting", DEMO_MEETING_ID).read_bytes()
    with pytest.raises(BoardRecordError) as refused:
        board.update_meeting(
            DEMO_MEETING_ID,
            lambda m: m.model_copy(update={"attendees": [Attendee(name="Dr\u202eX", role="Surgeon")]}),
        )
    assert "attendees.0.name contains a right-to-left override (U+202E)" in str(refused.value)
    assert board.path("meeting", DEMO_MEETING_ID).read_bytes() == before
    # Line breaks are text in a rationale, not in a one-line field.
    from nelm_desktop.core.board.stamping import _hidden_characters

    assert _hidden_characters({"rationale": "a\nb\tc", "other": "x"}) == []
    assert _hidden_characters({"other": "a\nb"}) == [
        "other contains a line break (U+000A) at character 2; remove it"
    ]


def _board(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nelm_desktop", "board", *args],
        capture_output=True,
        text=True,
        env=os.environ,
        timeout=120,
    )


def test_a_meeting_time_with_an_offset_is_listed_not_a_traceback(root: Path) -> None:
    """A meeting file written elsewhere with "+02:00": naive and aware times could not be compared,
    and `board list`, `board show` and the meetings window stopped on a TypeError."""
    from datetime import datetime, timedelta, timezone

    board = BoardStore(root)
    created = board.create_meeting(Meeting(starts_at=datetime(2027, 1, 5, 16, 0), board_name="Other board"))
    offset = datetime(2027, 1, 5, 16, 0, tzinfo=timezone(timedelta(hours=2)))
    atomic_write_bytes(
        created.path, files.encode("meeting", created.record.model_copy(update={"starts_at": offset}))
    )
    assert "+02:00" in created.path.read_text()
    listed = _board("list")
    assert listed.returncode == 0 and "Traceback" not in listed.stderr, listed.stderr
    assert "Other board" in listed.stdout and DEMO_MEETING_ID in listed.stdout
    shown = _board("show", "2027-01-05")
    assert shown.returncode == 0 and "Other board" in shown.stdout, shown.stderr


@pytest.mark.parametrize("day", ["2025-02-29", "0000-01-01", "10000-01-01", "2026-13-01"])
def test_a_meeting_date_that_is_no_date_is_one_clear_line(root: Path, day: str) -> None:
    for command in (["show", day], ["agenda", day, "-o", str(root / "a.pdf")]):
        done = _board(*command)
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert done.stderr.strip().splitlines() == [
            f"nelm-desktop: {day}: not a date (give the meeting's date as YYYY-MM-DD, or its id)"
        ]


@pytest.mark.parametrize("when", ["0001-01-01T00:00", "9999-12-31T23:59", "2028-02-29T16:00"])
def test_meetings_at_the_calendars_ends_list_show_and_print(root: Path, when: str) -> None:
    from datetime import datetime

    moment = datetime.fromisoformat(when)
    store_meeting_as_written(root, DEMO_MEETING_ID, starts_at=moment)  # a file read as stored
    listed = _board("list")
    assert listed.returncode == 0 and moment.isoformat(" ", "minutes") in listed.stdout, listed
    assert _board("show", moment.date().isoformat()).returncode == 0
    for kind in ("agenda", "pack", "minutes"):
        text = _pdf_text(root, kind)
        assert moment.isoformat(" ", "minutes") in text, kind  # the footer's date, whole


def test_a_control_character_in_a_record_never_reaches_the_terminal(root: Path) -> None:
    """`board list` / `board show` printed what the file held: an escape sequence in a board name
    (from another program) recoloured or retitled the user's terminal."""
    board = BoardStore(root)
    meeting = board.load_meeting(DEMO_MEETING_ID).record
    raw = files.encode(
        "meeting",
        meeting.model_copy(update={"board_name": "Board \x1b]0;owned\x07", "location": "\x1b[2JRoom"}),
    )
    atomic_write_bytes(board.path("meeting", DEMO_MEETING_ID), raw)
    for args in (["list"], ["show", DEMO_MEETING_ID]):
        done = _board(*args)
        assert done.returncode == 0, done.stderr
        assert "\x1b" not in done.stdout and "\x07" not in done.stdout
        assert "Board [U+001B]]0;owned[U+0007]" in done.stdout
    assert "Location: [U+001B][2JRoom" in _board("show", DEMO_MEETING_ID).stdout


@pytest.mark.parametrize(
    ("when", "why"),
    [
        ("0001-01-01T09:00", "0001-01-01 is before 1900; check the year"),
        ("1899-12-31T09:00", "1899-12-31 is before 1900; check the year"),
        ("9999-12-31T23:59", "9999-12-31 is more than 100 years ahead; check the year"),
    ],
)
def test_a_meeting_date_with_a_slipped_year_is_refused_and_a_stored_one_kept(
    root: Path, when: str, why: str
) -> None:
    """Year 0001 or 9999 was accepted as a meeting's date by create, save and update (the follow-up
    dates refuse it: "0025" typed for "2025"). Refused as new input; a file holding one is read and
    its other fields edited as before, the date kept."""
    from datetime import datetime

    board = BoardStore(root)
    moment = datetime.fromisoformat(when)
    with pytest.raises(BoardRecordError) as created:
        board.create_meeting(Meeting(starts_at=moment))
    assert str(created.value) == f"The meeting's date: {why}"
    before = board.path("meeting", DEMO_MEETING_ID).read_bytes()
    with pytest.raises(BoardRecordError, match="check the year"):
        board.update_meeting(DEMO_MEETING_ID, lambda m: m.model_copy(update={"starts_at": moment}))
    loaded = board.load_meeting(DEMO_MEETING_ID)
    with pytest.raises(BoardRecordError, match="check the year"):
        board.save_meeting(loaded.record.model_copy(update={"starts_at": moment}), loaded.file_hash)
    assert board.path("meeting", DEMO_MEETING_ID).read_bytes() == before
    store_meeting_as_written(root, DEMO_MEETING_ID, starts_at=moment)  # another program wrote it
    board.update_meeting(DEMO_MEETING_ID, lambda m: m.model_copy(update={"location": "Room 9"}))
    kept = board.load_meeting(DEMO_MEETING_ID).record
    assert (kept.location, kept.starts_at) == ("Room 9", moment)


def test_board_commands_name_a_slipped_year(root: Path) -> None:
    """`board due --today 0025-03-01` listed every follow-up as not yet due; `board show 0001-01-01`
    said only "no such meeting"."""
    for args, line in (
        (["due", "--today", "0025-03-01"], "--today 0025-03-01 is before 1900; check the year"),
        (["due", "--today", "9999-12-30"], "--today 9999-12-30 is more than 100 years ahead; check the year"),
        (["show", "0001-01-01"], "0001-01-01: no such meeting; 0001-01-01 is before 1900; check the year"),
    ):
        done = _board(*args)
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
        assert done.stderr.strip().splitlines() == [f"nelm-desktop: {line}"]


def test_a_stored_label_with_a_line_break_or_escape_prints_as_one_line(root: Path) -> None:
    """A label another program wrote with a line break opens as written (it was set aside as damaged):
    in `board show`, `board due` and `reevaluate` it printed a line of its own ("  9. Fake case") and
    an escape in it reached the terminal. Each case is one line, the characters written out."""
    import json

    from nelm_desktop.core.store import envelope

    store = CaseStore(root)
    case_id = BoardStore(root).load_meeting(DEMO_MEETING_ID).record.agenda[0].case_id
    path = store.case_path(case_id)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["case"]["patient_label"] = "Real\n  9. Fake case\x1b]0;owned\x07"
    data["sha256"] = envelope.payload_hash(data["case"])
    path.write_text(json.dumps(data), encoding="utf-8")
    shown = "Real[U+000A]  9. Fake case[U+001B]]0;owned[U+0007]"
    for args in (["board", "show", DEMO_MEETING_ID], ["board", "due", "--within", "36000"], ["reevaluate"]):
        done = subprocess.run(
            [sys.executable, "-m", "nelm_desktop", *args], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0 and "Traceback" not in done.stderr, (args, done.stderr)
        assert "\x1b" not in done.stdout and not any(
            line.lstrip().startswith("9. Fake") for line in done.stdout.splitlines()
        ), (args, done.stdout)
        assert shown in done.stdout, (args, done.stdout)
