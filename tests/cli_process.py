"""The real command line run in a child process, as a clinician's shell would run it: one helper for
the tests that need a real process (exit code, stderr lines, no traceback, files left behind)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run_cli(
    *args: str, data: Path, config: Path | None = None, cwd: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`nelm-desktop ARGS` with NELM_DESKTOP_DATA_DIR=`data` (and NELM_DESKTOP_CONFIG_DIR=`config` when
    given). `timeout` is a hang guard, never a timing assertion: a command that blocks fails the test."""
    env = {**os.environ, "NELM_DESKTOP_DATA_DIR": str(data)}
    if config is not None:
        env["NELM_DESKTOP_CONFIG_DIR"] = str(config)
    return subprocess.run(
        [sys.executable, "-m", "nelm_desktop", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd or REPO,
        timeout=timeout,
        check=False,
    )
