"""The command line writes UTF-8 whatever the locale or console encoding says.

On Windows, output to a pipe or file defaults to the ANSI code page (cp1252), which has no "≤": the
CLI crashed with UnicodeEncodeError. Here the same is forced with PYTHONIOENCODING=cp1252 and a C
locale, in a real process, with output going to pipes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nelm_desktop.core import paths

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = paths.resource("example-case.json")


def _run(args: list[str], encoding: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "PYTHONIOENCODING": encoding,
        "PYTHONUTF8": "0",
        "LC_ALL": "C",
        "LANG": "C",
    }
    return subprocess.run(
        [sys.executable, "-m", "nelm_desktop", *args], env=env, capture_output=True, timeout=120, cwd=cwd
    )


@pytest.mark.parametrize("encoding", ["cp1252", "ascii", "latin-1"])
def test_evaluate_prints_utf8_under_a_non_utf8_encoding(encoding: str, tmp_path: Path) -> None:
    text = _run(["evaluate", str(EXAMPLE)], encoding, tmp_path)
    assert text.returncode == 0, text.stderr.decode("utf-8", "replace")
    out = text.stdout.decode("utf-8")  # strict: the bytes are UTF-8
    assert "≤" in out
    assert b"Traceback" not in text.stderr

    as_json = _run(["evaluate", str(EXAMPLE), "--format", "json"], encoding, tmp_path)
    assert as_json.returncode == 0
    assert json.loads(as_json.stdout.decode("utf-8"))


def test_a_problem_line_with_non_ascii_names_is_utf8_too(tmp_path: Path) -> None:
    missing = tmp_path / "Müller – Fall ≤3.json"
    result = _run(["evaluate", str(missing)], "cp1252", tmp_path)
    assert result.returncode == 2
    err = result.stderr.decode("utf-8").strip().splitlines()
    assert len(err) == 1 and "Müller – Fall ≤3.json" in err[0]
