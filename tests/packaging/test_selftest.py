"""`nelm-desktop --self-test`, run as a subprocess exactly as clinic IT and the builds run it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# Every check the self-test runs; dropping one is a deliberate change to this list.
CHECKS = {"versions", "resources", "fonts", "demo", "store", "engine", "qt", "reports", "window"}


def _run(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, env=full_env, capture_output=True, text=True, timeout=120
    )


def _run_checks(names: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    code = (
        "from nelm_desktop.cli import selftest as s\n"
        f"raise SystemExit(s.run_self_test([c for c in s.CHECKS if c[0] in {names!r}]))\n"
    )
    return _run(["-c", code], env)


def _lines(out: str, verdict: str) -> set[str]:
    return {line.split()[1] for line in out.splitlines() if line.startswith(verdict + " ")}


def test_full_self_test_passes_and_leaves_user_data_alone(tmp_path: Path) -> None:
    user_data = tmp_path / "user-data"
    user_data.mkdir()
    (user_data / "sentinel.txt").write_text("keep me")
    env = {"QT_QPA_PLATFORM": "offscreen", "NELM_DESKTOP_DATA_DIR": str(user_data)}
    result = _run(["-m", "nelm_desktop", "--self-test"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _lines(result.stdout, "PASS") == CHECKS, result.stdout
    assert not _lines(result.stdout, "FAIL")
    assert f"self-test: all {len(CHECKS)} checks passed" in result.stdout
    for key in ("app", "python", "qt", "pydantic", "reportlab", "platform", "frozen", "resources"):
        assert any(line.split()[:1] == [key] for line in result.stdout.splitlines()), key
    assert sorted(p.name for p in user_data.iterdir()) == ["sentinel.txt"]


def test_a_failing_check_is_a_fail_line_and_exit_1() -> None:
    code = (
        "from nelm_desktop.cli import selftest as s\n"
        "def ok(ctx): return 'fine'\n"
        "def broken(ctx): raise RuntimeError('component exploded')\n"
        "def missing(ctx):\n"
        "    import nelm_desktop.no_such_component\n"
        "raise SystemExit(s.run_self_test([('ok', ok), ('broken', broken), ('missing', missing)]))\n"
    )
    result = _run(["-c", code])
    assert result.returncode == 1
    assert _lines(result.stdout, "PASS") == {"ok"}
    assert _lines(result.stdout, "FAIL") == {"broken", "missing"}
    assert "RuntimeError: component exploded" in result.stdout
    assert "No module named 'nelm_desktop.no_such_component'" in result.stdout
    assert "self-test: FAILED 2 of 3 checks (broken, missing)" in result.stdout
    assert all(" ms  " in line for line in result.stdout.splitlines() if line[:4] in {"PASS", "FAIL"})


def test_defaults_to_offscreen_without_a_display() -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}}
    env["PYTHONPATH"] = str(REPO)
    code = (
        "from nelm_desktop.cli import selftest as s\n"
        "raise SystemExit(s.run_self_test([c for c in s.CHECKS if c[0] in ('versions', 'qt')]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PASS qt" in result.stdout and "platform 'offscreen'" in result.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xcb is the Linux platform plugin")
def test_a_fatal_qt_error_is_a_fail_line_not_a_crash() -> None:
    result = _run_checks(["qt"], {"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":987654"})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAIL qt" in result.stdout and "fatal Qt error" in result.stdout


def test_a_console_that_cannot_show_unicode_does_not_crash_the_report() -> None:
    result = _run_checks(["versions", "store", "engine"], {"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert {"versions", "store", "engine"} == _lines(result.stdout, "PASS")
