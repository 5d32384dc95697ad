"""The built wheel works on its own: build it, install it in a fresh venv, run `nelm-desktop --self-test`.

This is what a `pip install nelm-desktop-*.whl` user gets: no source tree, no editable install. The
self-test must find the fonts, demo cases, example case and icons inside the installed package.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHECKS = {"versions", "resources", "fonts", "demo", "store", "engine", "qt", "reports", "window"}


def _bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / (name + (".exe" if os.name == "nt" else ""))


@pytest.mark.slow
def test_wheel_installed_in_a_fresh_venv_passes_its_self_test(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    pip_wheel = ["pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(dist)]
    build = subprocess.run(
        [sys.executable, "-m", *pip_wheel, str(REPO)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    (wheel,) = dist.glob("nelm_desktop-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        assert "License-Expression: LicenseRef-Proprietary" in archive.read(metadata).decode()
    for member in (
        "nelm_desktop/resources/example-case.json",
        "nelm_desktop/resources/fonts/DejaVuSans.ttf",
        "nelm_desktop/resources/demo/demo-01.json",
        "nelm_desktop/resources/icons/hicolor/256x256/nelm-desktop.png",
    ):
        assert member in names, member

    venv = tmp_path / "fresh venv"  # a space in the path, as on many Windows machines
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}}
    install = subprocess.run(
        [str(_bin(venv, "python")), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert install.returncode == 0, install.stdout + install.stderr

    env |= {
        "QT_QPA_PLATFORM": "offscreen",
        "NELM_DESKTOP_DATA_DIR": str(tmp_path / "data"),
        "NELM_DESKTOP_CONFIG_DIR": str(tmp_path / "config"),
    }
    # Run from an empty folder: nothing of the source tree is importable from here.
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    result = subprocess.run(
        [str(_bin(venv, "nelm-desktop")), "--self-test"],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    passed = {line.split()[1] for line in result.stdout.splitlines() if line.startswith("PASS ")}
    assert passed == CHECKS, result.stdout
    resources_line = next(line for line in result.stdout.splitlines() if line.split()[:1] == ["resources"])
    assert str(venv) in resources_line, resources_line  # the installed copy, not the checkout
