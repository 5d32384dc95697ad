"""Issue #3 item 9: NELM Desktop is offline. The start-up and a full edit/save/report cycle run with
socket creation blocked (a Python audit hook refusing every socket, connect and name lookup) and, when
`strace` is available, watched at the system-call level for any AF_INET/AF_INET6 socket from any library
(Qt included)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("offline_cycle.py")


def _strace_works() -> bool:
    if shutil.which("strace") is None:
        return False
    return subprocess.run(["strace", "-f", "-o", os.devnull, "true"], capture_output=True).returncode == 0


def run_offline(mode: str, tmp_path: Path, hook: bool = True) -> tuple[dict, list[str]]:
    env = {
        "OFFLINE_CYCLE_HOOK": "1" if hook else "0",
        **os.environ,
        "PYTHONPATH": str(REPO),
        "NELM_DESKTOP_DATA_DIR": str(tmp_path / "data"),
        "NELM_DESKTOP_CONFIG_DIR": str(tmp_path / "config"),
        "QT_QPA_PLATFORM": "offscreen",
        "http_proxy": "http://192.0.2.1:9",  # anything that honoured a proxy would try to connect
        "https_proxy": "http://192.0.2.1:9",
    }
    cmd = [sys.executable, str(SCRIPT), mode, str(tmp_path / "out")]
    trace = tmp_path / "strace.txt"
    traced = _strace_works()
    if traced:
        cmd = ["strace", "-f", "-qq", "-e", "trace=socket,connect", "-o", str(trace), *cmd]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=REPO, timeout=180)
    lines = done.stdout.strip().splitlines()
    assert lines, f"no output; stderr:\n{done.stderr[-3000:]}"
    result = json.loads(lines[-1])
    network_syscalls = []
    if traced:
        network_syscalls = [
            line for line in trace.read_text().splitlines() if "AF_INET" in line or "AF_INET6" in line
        ]
    return result, network_syscalls


def test_the_watchers_do_see_a_socket(tmp_path):
    result, _ = run_offline("canary", tmp_path)
    assert result["detail"].startswith("refused") and result["attempts"]
    if _strace_works():
        result, syscalls = run_offline("canary", tmp_path, hook=False)
        assert result["detail"] == "opened" and syscalls


def test_store_engine_reports_and_cli_never_open_a_socket(tmp_path):
    result, syscalls = run_offline("core", tmp_path)
    assert result["ok"], result["detail"]
    assert result["attempts"] == []
    assert syscalls == []
    assert (tmp_path / "out" / "summary.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("PySide6") is None, reason="PySide6 not installed")
def test_app_start_up_and_edit_save_report_cycle_never_open_a_socket(tmp_path):
    result, syscalls = run_offline("app", tmp_path)
    assert result["ok"], result["detail"]
    assert result["attempts"] == []
    assert syscalls == []
    assert (tmp_path / "out" / "app-handout.pdf").read_bytes().startswith(b"%PDF")
