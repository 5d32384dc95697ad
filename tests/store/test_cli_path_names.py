"""Paths the file system refuses or that are not UTF-8, given on the command line: a name part longer
than the file system allows ended every command that checks its paths (report, export, import, board
documents) on an OSError traceback; an output name with bytes that are not UTF-8 (b"\\xff\\xfe.pdf", as
a Linux file manager may pass it) ended report and export on a UnicodeEncodeError traceback while
naming the temp file. Real processes."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from nelm_desktop.core.board.demo import DEMO_MEETING_ID
from nelm_desktop.core.store import CaseStore
from nelm_desktop.ui.window.app import seed_demo_cases
from tests.cli_process import REPO, run_cli

EXAMPLE = REPO / "nelm_desktop" / "resources" / "example-case.json"
pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file names are bytes")


def test_a_name_longer_than_the_file_system_allows_is_one_line_exit_2(tmp_path: Path) -> None:
    seed_demo_cases(CaseStore(tmp_path / "lib"))
    too_long = tmp_path / ("a" * 300) / "out.pdf"
    for args in (
        ("report", str(EXAMPLE), "--kind", "summary", "-o", str(too_long)),
        ("export", "-o", str(too_long.with_suffix(".zip"))),
        ("import", str(too_long.with_suffix(".zip"))),
        ("evaluate", str(too_long.with_suffix(".json"))),
        ("board", "agenda", DEMO_MEETING_ID, "-o", str(too_long)),
    ):
        done = run_cli(*args, data=tmp_path / "lib", config=tmp_path / "cfg")
        assert done.returncode == 2 and "Traceback" not in done.stderr, (args, done.stderr[-300:])
        (line,) = done.stderr.strip().splitlines()
        assert "aaaa" in line and len(line) < 600, line
        assert "too long" in line or "longer than the file system allows" in line, line


def test_an_output_name_that_is_not_utf8_is_written_as_given(tmp_path: Path) -> None:
    seed_demo_cases(CaseStore(tmp_path / "lib"))
    out = tmp_path / "out"
    out.mkdir()
    names = {"report": b"\xff\xfe summary.pdf", "export": b"\xff\xfe library.zip", "agenda": b"\xfe.pdf"}
    for kind, raw in names.items():
        target = os.fsdecode(os.fsencode(out) + b"/" + raw)  # what Python makes of such an argument
        args = {
            "report": ("report", str(EXAMPLE), "--kind", "summary", "-o", target),
            "export": ("export", "-o", target),
            "agenda": ("board", "agenda", DEMO_MEETING_ID, "-o", target),
        }[kind]
        env = {**os.environ, "NELM_DESKTOP_DATA_DIR": str(tmp_path / "lib")}
        env["NELM_DESKTOP_CONFIG_DIR"] = str(tmp_path / "cfg")
        done = subprocess.run(
            [sys.executable, "-m", "nelm_desktop", *args], capture_output=True, env=env, cwd=REPO, timeout=120
        )
        assert done.returncode == 0 and b"Traceback" not in done.stderr, (kind, done.stderr[-300:])
        assert raw in done.stdout + done.stderr or kind == "export"  # the name said as its bytes
    written = sorted(os.listdir(os.fsencode(out)))
    assert written == sorted(names.values())  # under exactly those bytes; no temp file left
    for raw in written:
        assert stat.S_IMODE(os.stat(os.fsencode(out) + b"/" + raw).st_mode) == 0o600
