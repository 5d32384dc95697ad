"""Shared test set-up: offscreen Qt, and no test ever touches the real user data or settings."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

# Before pytest-qt creates the QApplication: PySide6 6.12.0 leaks references to None/True/False on
# CPython 3.11 and the process would abort mid-run (nelm_desktop/ui/widgets/qt_compat.py).
import nelm_desktop.ui  # noqa: F401


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("NELM_DESKTOP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NELM_DESKTOP_CONFIG_DIR", str(tmp_path / "config"))
    yield
