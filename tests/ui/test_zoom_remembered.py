"""View > Zoom is remembered: saved in the settings (``<config>/window.ini``) when it changes, restored
by the next window and the next start (a real process), and a bad stored value is clamped."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt

from nelm_desktop.ui.window.window_state import ZOOM_KEY, ZOOM_MAX, ZOOM_MIN

CTRL = Qt.KeyboardModifier.ControlModifier
WORKER = Path(__file__).with_name("app_worker.py")


def _ini() -> Path:
    return Path(os.environ["NELM_DESKTOP_CONFIG_DIR"]) / "window.ini"


def test_zoom_is_restored_by_the_next_window(make_window: Any, qtbot: Any) -> None:
    first = make_window()
    base = first.form.font().pointSizeF()
    qtbot.keyClick(first, Qt.Key.Key_Plus, CTRL)
    qtbot.keyClick(first, Qt.Key.Key_Plus, CTRL)
    zoomed = first.form.font().pointSizeF()
    assert zoomed > base and first.zoom_level == 2
    first.close()

    second = make_window()
    assert second.zoom_level == 2
    assert second.form.font().pointSizeF() == pytest.approx(zoomed)
    label = second.form.field_labels["ki67_pct"]
    assert label.font().pointSizeF() == pytest.approx(zoomed, abs=0.1)  # the text read, not just the pane
    second.form.ensure_built()  # sections built later (below the fold) come zoomed as well
    late = second.form.field_labels["notes"]
    late.ensurePolished()  # as when it is first shown: the style sheet gives it its font
    assert late.font().pointSizeF() == pytest.approx(zoomed, abs=0.1)
    assert second.options_panel.font().pointSizeF() == pytest.approx(zoomed)
    qtbot.keyClick(second, Qt.Key.Key_0, CTRL)  # actual size is remembered too
    second.close()
    third = make_window()
    assert third.zoom_level == 0 and third.form.font().pointSizeF() == pytest.approx(base)


@pytest.mark.parametrize(
    ("stored", "level"),
    [("99", ZOOM_MAX), ("-40", ZOOM_MIN), ("abc", 0), ("2.5", 0), ("", 0), ("4", 4)],
)
def test_a_bad_stored_zoom_is_clamped(make_window: Any, stored: str, level: int) -> None:
    _ini().parent.mkdir(parents=True, exist_ok=True)
    settings = QSettings(str(_ini()), QSettings.Format.IniFormat)
    settings.setValue(ZOOM_KEY, stored)
    settings.sync()
    window = make_window()
    assert window.zoom_level == level
    scale = window.form.font().pointSizeF() / window.library.font().pointSizeF()
    assert scale == pytest.approx(1 + 0.15 * level)


def _start(data: Path, steps: int) -> tuple[int, float]:
    out = subprocess.run(
        [sys.executable, str(WORKER), "zoom", str(data), str(steps)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert out.returncode == 0, out.stderr
    line = next(line for line in out.stdout.splitlines() if line.startswith("zoom "))
    _, level, size = line.split()
    return int(level), float(size)


def test_zoom_survives_a_real_restart() -> None:
    data = Path(os.environ["NELM_DESKTOP_DATA_DIR"])
    level, base = _start(data, 0)
    assert level == 0
    level, zoomed = _start(data, 3)  # Ctrl+plus three times, then the app closes
    assert level == 3 and zoomed > base
    level, size = _start(data, 0)  # the next start, no key pressed
    assert level == 3 and size == pytest.approx(zoomed)
    level, size = _start(data, -9)  # Ctrl+minus nine times: stops at the smallest step
    assert level == ZOOM_MIN
    assert _start(data, 0)[0] == ZOOM_MIN
