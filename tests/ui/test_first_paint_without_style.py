"""The first frame paints without PySide making its QStyle type (#17, start -> usable window).

Asking the style for anything from Python (``widget.style()``, a ``QStyle`` or style option name)
makes PySide create the QStyle type and its eleven large enums: ~44M instructions, ~7 ms, which
the start paid while painting its first usable frame, for the pixel caches of the word-wrapped
labels and scroll bars. Both now paint their first time as Qt does (no Python call into the style)
and keep their pixels from the second paint on; the pixels are the same either way (see
test_cached_scroll_bar and test_options_repaint for the cached pixels against Qt's own)."""

from __future__ import annotations

import subprocess
import sys

_CHILD = r"""
import sys
import PySide6.QtWidgets as widgets
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QVBoxLayout, QWidget

from nelm_desktop.ui.widgets.cached_scroll_bar import CachedScrollBar
from nelm_desktop.ui.widgets.wrap_label import WrapLabel

app = QApplication(sys.argv[:1])
window = QWidget()
window.resize(300, 200)
layout = QVBoxLayout(window)
label = WrapLabel("A word-wrapped plain text that is long enough to take several lines here. " * 3)
label.setPixelCache(True)
layout.addWidget(label)
area = QScrollArea()
bar = CachedScrollBar(Qt.Orientation.Vertical, area)
area.setVerticalScrollBar(bar)
content = QWidget()
content.setMinimumSize(100, 2000)
area.setWidget(content)
layout.addWidget(area)
made = lambda: "QStyle" in vars(widgets)
window.show()
for _ in range(5):
    app.processEvents()
print("FIRST", made(), label._pixels is None, not bar._drawn, flush=True)
first = window.grab().toImage()  # paints every widget again
print("SECOND", made(), label._pixels is not None, bool(bar._drawn), flush=True)
print("SAME", window.grab().toImage() == first, flush=True)
"""


def test_labels_and_scroll_bars_paint_first_without_the_style_and_cache_from_the_second_paint() -> None:
    run = subprocess.run(
        [sys.executable, "-c", _CHILD],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
        check=False,
    )
    lines = [line for line in run.stdout.splitlines() if line.split(" ")[0] in ("FIRST", "SECOND", "SAME")]
    assert run.returncode == 0, run.stderr[-2000:]
    # Painted once: as Qt paints them, QStyle not made, nothing cached.
    # Painted again: pixels kept (the style is asked from Python then), and the window looks the same.
    assert lines == ["FIRST False True True", "SECOND True True True", "SAME True"], (
        lines,
        run.stderr[-1000:],
    )
