"""Board-file format versions: golden files of every format version stay readable, every registered step
has its test, and the machinery (migrate in memory on read, write the current format at the next save,
keep the old file as an earlier version, refuse a newer format) is proven with a step registered for
the test on real files."""

from __future__ import annotations

import inspect
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from nelm_desktop.core.board import files, migrations
from nelm_desktop.core.board.decisions import snapshot_intact
from nelm_desktop.core.board.model import BOARD_FORMAT_VERSION, CaseBoardStatus, Decision, Meeting
from nelm_desktop.core.board.store import BoardStore
from nelm_desktop.core.store import audit

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden"
KINDS = {"meeting": Meeting, "decision": Decision, "status": CaseBoardStatus}


def test_every_registered_board_step_has_a_test() -> None:
    tests = {name for name, _ in inspect.getmembers(sys.modules[__name__], inspect.isfunction)}
    missing = [
        f"test_board_migration_v{v}_to_v{v + 1}"
        for v in migrations.STEPS
        if f"test_board_migration_v{v}_to_v{v + 1}" not in tests
    ]
    assert not missing, f"board migration steps without a test: {missing}"


def test_steps_cover_every_older_board_format() -> None:
    for version in range(1, BOARD_FORMAT_VERSION):
        assert version in migrations.STEPS, f"no board migration step from format {version}"
    assert all(v < BOARD_FORMAT_VERSION for v in migrations.STEPS)


def test_every_format_version_has_golden_files_of_each_kind() -> None:
    for version in range(1, BOARD_FORMAT_VERSION + 1):
        for kind in KINDS:
            assert (GOLDEN / f"board-v{version}-{kind}.json").is_file(), f"board-v{version}-{kind}.json"


@pytest.mark.parametrize("kind", list(KINDS))
def test_golden_v1_board_files_still_read(kind: str, tmp_path: Path) -> None:
    raw = (GOLDEN / f"board-v1-{kind}.json").read_bytes()
    env, record = files.parse(raw, kind)
    assert env.format_version == 1 and isinstance(record, KINDS[kind])
    assert audit.verify_history(record)
    if isinstance(record, Decision):
        assert snapshot_intact(record.snapshot) and record.signed
    # and from a library folder, through the store
    board = BoardStore(tmp_path)
    record_id = files.record_id(kind, record)
    target = board.path(kind, record_id)
    target.parent.mkdir(parents=True)
    shutil.copy(GOLDEN / f"board-v1-{kind}.json", target)
    loaded = board._load(kind, record_id, KINDS[kind])
    assert loaded is not None and loaded.record == record


def _register_v1_to_v2(monkeypatch: pytest.MonkeyPatch, step: Any) -> None:
    """Pretend this app writes board format 2 and knows the step from format 1."""
    monkeypatch.setattr(files, "BOARD_FORMAT_VERSION", 2)
    monkeypatch.setitem(migrations.STEPS, 1, step)


def test_an_older_board_file_is_migrated_on_read_and_written_new_at_the_next_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    board = BoardStore(tmp_path)
    meeting_id = json.loads((GOLDEN / "board-v1-meeting.json").read_bytes())["record"]["meeting_id"]
    path = board.path("meeting", meeting_id)
    path.parent.mkdir(parents=True)
    shutil.copy(GOLDEN / "board-v1-meeting.json", path)
    original = path.read_bytes()

    def v1_to_v2(kind: str, record: dict[str, Any]) -> dict[str, Any]:
        if kind != "meeting":
            return record
        return {**record, "board_name": record["board_name"] + " (format 2)"}

    _register_v1_to_v2(monkeypatch, v1_to_v2)
    loaded = board.load_meeting(meeting_id)
    assert loaded.record.board_name == "NET tumour board (format 2)"
    assert path.read_bytes() == original  # reading never rewrites the file

    board.update_meeting(meeting_id, lambda m: m.model_copy(update={"location": "Room 9"}))
    stored = json.loads(path.read_bytes())
    assert stored["format_version"] == 2
    assert stored["record"]["board_name"] == "NET tumour board (format 2)"
    assert stored["record"]["location"] == "Room 9"
    [kept] = board.backups("meeting", meeting_id)
    assert kept.read_bytes() == original  # the format-1 file is kept as the earlier version
    assert audit.verify_history(board.load_meeting(meeting_id).record)  # type: ignore[arg-type]


def test_a_failing_step_and_a_newer_format_are_refused_with_a_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = (GOLDEN / "board-v1-status.json").read_bytes()

    def broken(kind: str, record: dict[str, Any]) -> dict[str, Any]:
        raise KeyError("status")

    _register_v1_to_v2(monkeypatch, broken)
    with pytest.raises(files.BoardFileError, match="migration from board format 1 failed"):
        files.parse(raw, "status")
    monkeypatch.undo()
    newer = json.loads(raw)
    newer["format_version"] = BOARD_FORMAT_VERSION + 1
    with pytest.raises(files.BoardFileError, match="newer NELM Desktop"):
        files.parse(json.dumps(newer).encode(), "status")


def test_a_missing_step_is_named() -> None:
    with pytest.raises(migrations.BoardMigrationError, match="no migration from board format 1 to 2"):
        migrations.migrate("meeting", {}, 1, 2)
