"""`report`, `board agenda|pack|minutes` and `export` writing to a location the machine refuses: a full
disk (the child's file-size limit, and a real 64 KiB tmpfs where the tests may mount one) and a
read-only folder. Real processes, real files: exit 1 (the machine, not the input; bad input is 2), one
line on stderr that starts with the output path and says the cause in words, and nothing left there."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from nelm_desktop.core.board.demo import DEMO_MEETING_ID
from nelm_desktop.core.store import CaseStore
from nelm_desktop.ui.window.app import seed_demo_cases
from tests.cli_process import REPO, run_cli

EXAMPLE = REPO / "nelm_desktop" / "resources" / "example-case.json"


def _commands(out: Path) -> dict[str, tuple[str, ...]]:
    return {
        "report": ("report", str(EXAMPLE), "--kind", "summary", "-o", str(out / "summary.pdf")),
        "minutes": ("board", "minutes", DEMO_MEETING_ID, "-o", str(out / "minutes.pdf")),
        "export": ("export", "-o", str(out / "library.zip")),
    }


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    seed_demo_cases(CaseStore(root))  # cases and the demo meeting
    return root


def _assert_refused(run: subprocess.CompletedProcess[str], out: Path, cause: str) -> None:
    assert run.returncode == 1, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert lines[0].startswith(f"nelm-desktop: {out}/"), lines[0]
    assert f"cannot write: {cause}" in lines[0] and "nothing was written there" in lines[0], lines[0]
    assert not [name for name in os.listdir(out) if name != "fill"], os.listdir(out)  # no temp left


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is POSIX")
def test_a_write_past_the_file_size_limit_is_named_with_its_path(library: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for name, args in _commands(out).items():
        run = run_cli(*args, data=library, config=tmp_path / "cfg", max_file_bytes=4096)
        _assert_refused(run, out, "the file is larger than")
        assert name


def _mount_tmpfs(folder: Path, options: str) -> bool:
    if os.name != "posix" or os.geteuid() != 0:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    return done.returncode == 0


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "full"
    folder.mkdir()
    if not _mount_tmpfs(folder, "size=64k"):
        pytest.skip("needs root with mount rights for a real small tmpfs")
    try:
        with open(folder / "fill", "wb") as fill, pytest.raises(OSError):
            fill.write(b"\0" * 1024 * 1024)
            fill.flush()
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.name == "posix" and os.geteuid() != 0:
        folder.chmod(0o555)  # a folder this account may not write in
        yield folder
        folder.chmod(0o755)
        return
    if not _mount_tmpfs(folder, "size=64k,ro"):
        pytest.skip("root ignores folder modes; needs mount rights for a read-only tmpfs")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_is_named_with_the_path(library: Path, tmp_path: Path, full_disk: Path) -> None:
    for args in _commands(full_disk).values():
        _assert_refused(run_cli(*args, data=library, config=tmp_path / "cfg"), full_disk, "the disk of")


def test_a_read_only_folder_is_named_with_the_path(
    library: Path, tmp_path: Path, read_only_folder: Path
) -> None:
    cause = "no permission to write in" if os.geteuid() != 0 else f"{read_only_folder} is on a read-only disk"
    for args in _commands(read_only_folder).values():
        _assert_refused(run_cli(*args, data=library, config=tmp_path / "cfg"), read_only_folder, cause)


def test_a_library_folder_that_is_a_file_exits_1_for_every_command(tmp_path: Path) -> None:
    """NELM_DESKTOP_DATA_DIR on a file: export, board and reevaluate exited 1, import 2 (as if the
    input were bad) with the same line naming the folder."""
    a_file = tmp_path / "library"
    a_file.write_text("not a folder", encoding="utf-8")
    commands = [("import", str(EXAMPLE)), ("export", "-o", str(tmp_path / "x.zip")), ("board", "list")]
    for args in commands:
        run = run_cli(*args, data=a_file, config=tmp_path / "cfg")
        assert run.returncode == 1, (args, run.stderr)
        (line,) = run.stderr.strip().splitlines()
        assert f"{a_file}, which is a file, not a folder" in line, line


def test_a_settings_folder_that_is_a_file_is_named_in_words(tmp_path: Path) -> None:
    """The report still prints (with default settings) and says why in one line; the line quoted
    Python's "[Errno 20] Not a directory: '…/settings.json'"."""
    a_file = tmp_path / "config"
    a_file.write_text("not a folder", encoding="utf-8")
    out = tmp_path / "summary.pdf"
    run = run_cli(
        "report", str(EXAMPLE), "--kind", "summary", "-o", str(out), data=tmp_path / "lib", config=a_file
    )
    assert run.returncode == 0 and out.exists(), run.stderr
    problem = next(line for line in run.stderr.splitlines() if "settings" in line)
    assert f"{a_file} (or a folder above it) is a file, not a folder" in problem and "Errno" not in problem
