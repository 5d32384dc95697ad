"""The real command line run in a child process, as a clinician's shell would run it: one helper for
the tests that need a real process (exit code, stderr lines, no traceback, files left behind)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run_cli(
    *args: str,
    data: Path,
    config: Path | None = None,
    cwd: Path | None = None,
    timeout: float = 120,
    max_file_bytes: int | None = None,
) -> subprocess.CompletedProcess[str]:
    """`nelm-desktop ARGS` with NELM_DESKTOP_DATA_DIR=`data` (and NELM_DESKTOP_CONFIG_DIR=`config` when
    given). `timeout` is a hang guard, never a timing assertion: a command that blocks fails the test.
    `max_file_bytes`: the child's file-size limit (RLIMIT_FSIZE, POSIX): a write past it fails with EFBIG,
    as on a full disk, whoever runs the tests."""
    limit: Callable[[], None] | None = None
    if max_file_bytes is not None:
        import resource

        def set_limit() -> None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_bytes, max_file_bytes))

        limit = set_limit

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
        preexec_fn=limit,  # only setrlimit: no thread or lock is touched
    )
