"""The start-up path (#17): what the demo start leaves unmade until the showcase case is usable."""

from __future__ import annotations

import html
import os
import subprocess
import sys
from pathlib import Path

from nelm_desktop.ui.widgets.markup import escape

_DEMO_START = """
import sys
from PySide6 import QtWidgets
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
import nelm_desktop.ui.window.app as app_module

app = QApplication(sys.argv[:1])
seen = []
when_complete = app_module._when_form_complete

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not seen:
            seen.append(("html" in sys.modules, "QDialogButtonBox" in vars(QtWidgets)))
        return False

first_paint = FirstPaint()

def recording(window, then):
    # Called once the showcase case is open and evaluated: its options' first paint is the mark.
    window.options_panel.installEventFilter(first_paint)
    return when_complete(window, then)

app_module._when_form_complete = recording

def check():
    window = next((w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow"), None)
    library = getattr(window, "library", None)
    if library is None or library.model.rowCount() < 6:
        QTimer.singleShot(50, check)
        return
    print("SEEN", seen, flush=True)
    window.close()
    app.quit()

QTimer.singleShot(200, check)
sys.exit(app_module.run_app(demo=True))
"""


def test_the_demo_start_makes_neither_the_html_entities_nor_the_button_row_type_before_it_is_usable(
    tmp_path: Path,
) -> None:
    """``import html`` builds 2,231 named entities (~8M instructions) the labels never need, and
    PySide makes QDialogButtonBox with its 37 enum members (~7M) the first time Python names the
    type: the main window has no dialog button row to name."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NELM_DESKTOP_CONFIG_DIR=str(tmp_path / "config"))
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "window.ini").write_text("[first_run]\ndemo_offered=true\n")
    run = subprocess.run(
        [sys.executable, "-c", _DEMO_START], capture_output=True, text=True, env=env, timeout=180, check=False
    )
    line = next((x for x in run.stdout.splitlines() if x.startswith("SEEN")), "")
    assert run.returncode == 0 and line, run.stderr[-2000:]
    assert line == "SEEN [(False, False)]", line


def test_escape_is_the_standard_librarys_html_escape() -> None:
    samples = ["", "plain", "<b>&amp;</b>", "\"quoted\" and 'single'", "a < b > c & d", "Ōtsuka — 5 cm <3"]
    samples.append("".join(chr(c) for c in range(32, 127)))
    for text in samples:
        assert escape(text) == html.escape(text)
