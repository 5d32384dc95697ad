"""The start-up path (#17): what the window does between its first paint and a usable window."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from nelm_desktop.core.model import new_case


def test_start_up_lists_the_library_once_and_off_the_gui_thread(
    qtbot: Any, store: Any, data_root: Path
) -> None:
    """The board filter uses the listing the start-up just made: at 10,000 cases a second listing
    on the GUI thread froze the window for seconds before the first case could open."""
    from nelm_desktop.ui.window.main_window import MainWindow

    for i in range(5):
        store.save(new_case(patient_label=f"ONCE-{i}"))
    window = MainWindow(store, data_root, autosave_ms=60_000)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    listings: list[str] = []
    original = store.list_cases

    def list_cases(*args: Any, **kwargs: Any) -> Any:
        listings.append(threading.current_thread().name)
        return original(*args, **kwargs)

    store.list_cases = list_cases  # type: ignore[method-assign]
    done: list[bool] = []
    window.open_library(then=lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    assert window.library.model.total_count() == 5
    assert listings == ["library-listing"]
    # The board filter was filled from that listing: every case is "to prepare".
    combo = window.library.board_filter
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert "Board: To prepare (5)" in texts, texts


_DEMO_START = """
import gc, os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import nelm_desktop.ui.window.app as app_module

app = QApplication(sys.argv[:1])
seen = []
seed = app_module.seed_demo_cases

# Modules a start has no use for before its first case shows (each was imported once).
UNNEEDED = ("nelm_desktop.core.board.exchange", "filelock", "importlib.metadata", "importlib.resources", "email")

# Qt types PySide makes on first use (with their enums) that the first case does not need: QStyle
# (11 large enums, ~40M instructions) paints a library row (the list is empty until the rest is
# seeded); the form's treatment history, built after the first screen, is its first user.
UNMADE = ("QStyle", "QDockWidget")
# A Python wrapper of a widget Qt made itself, returned as a plain QWidget (a scroll area's viewport)
# makes PySide create every QtWidgets type to find its class (~80 types' enums, ~39M instructions):
# QMdiArea stands for them. No start needs one before its first case shows and the rest is seeded.
UNDISCOVERED = ("QMdiArea",)

def _loaded(showcase):
    import PySide6.QtWidgets as widgets
    loaded = [name for name in UNNEEDED if name in sys.modules]
    if showcase:
        loaded += [f"QtWidgets.{name}" for name in UNMADE if name in vars(widgets)]
        loaded += [f"QtWidgets.{name}" for name in UNDISCOVERED if name in vars(widgets)]
    return loaded

def recording_seed(store):
    seen.append(("rest", gc.isenabled(), _loaded(False)))
    return seed(store)

app_module.seed_demo_cases = recording_seed

# From the showcase's seed to its first screen in the panel: how often the library is listed and the
# showcase's demo file and library file are opened. The demo file: once for the id it states, twice
# by the import (is it a zip; its read, validated). The library file: twice by the save (a file of
# that id already there?) and once by the open. Before: listed twice, and the demo file read again
# to validate it before the import, the library file again by the second listing.
counts = {"lists": 0, "demo file": 0, "library file": 0}
showcase_file = app_module.FIRST_DEMO_CASE + ".json"
showcase_demo = next(
    path for path in app_module.demo_case_files() if app_module.FIRST_DEMO_CASE in path.read_text()
)

def count_opens(event, args):
    if event == "open" and counts.get("on") and isinstance(args[0], (str, bytes, os.PathLike)):
        name = os.fsdecode(args[0])
        if name == str(showcase_demo):
            counts["demo file"] += 1
        elif name.endswith(os.sep + showcase_file):
            counts["library file"] += 1

sys.addaudithook(count_opens)
seed_showcase = app_module.seed_showcase_case

def recording_showcase(store):
    from nelm_desktop.core.store.listing import Listing

    list_cases = Listing.list_cases

    def counted(self, *args, **kwargs):
        counts["lists"] += counts.get("on", 0)
        return list_cases(self, *args, **kwargs)

    Listing.list_cases = counted
    seen.append(("showcase", gc.isenabled(), _loaded(True)))
    counts["on"] = 1
    return seed_showcase(store)

app_module.seed_showcase_case = recording_showcase

from nelm_desktop.ui.options.option_row import OptionRow
from nelm_desktop.ui.options.options_panel import OptionsPanel

show_evaluation = OptionsPanel.set_evaluation

def recording_show(panel, ev):
    import PySide6.QtWidgets as widgets
    show_evaluation(panel, ev)
    if ev is not None and not any(kind == "panel" for kind, *_ in seen):  # the showcase's first screen
        made = [f"QtWidgets.{name}" for name in UNDISCOVERED if name in vars(widgets)]
        counts["on"] = 0
        seen.append(("panel", panel.rest_pending(), made, counts["lists"], counts["demo file"], counts["library file"]))

OptionsPanel.set_evaluation = recording_show

# The first frame's types: the panel's rest is filled one turn after its first paint, when the form,
# the diagram and the panel's first screen (its labels and scroll bars) are painted.
FIRST_FRAME_UNMADE = ("QStyle", "QStyleOption", "QStyleOptionSlider", "QStyleOptionViewItem")
fill_rest = OptionsPanel.fill_rest

def recording_fill_rest(panel):
    import PySide6.QtWidgets as widgets
    if panel.rest_pending() and not any(kind == "first frame" for kind, *_ in seen):
        made = [f"QtWidgets.{name}" for name in FIRST_FRAME_UNMADE if name in vars(widgets)]
        # Only the rows the first screen shows are made by then (the rest with the panel's rest).
        rows = len(panel.findChildren(OptionRow))
        seen.append(("first frame", panel.isVisible(), made, 0 < rows < 16))
    fill_rest(panel)

OptionsPanel.fill_rest = recording_fill_rest

def check():
    # Under load the window may not be built yet at the first check: look again, never raise (an
    # exception here ended the checks and left the app running until the test's timeout).
    window = next((w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow"), None)
    library = getattr(window, "library", None)
    if library is None or library.model.rowCount() < 6:
        QTimer.singleShot(50, check)
        return
    from nelm_desktop.core.evaluation import MODALITIES

    panel = window.options_panel
    rows = [r.modality for r in panel.findChildren(OptionRow)] == list(panel.rows) == list(MODALITIES)
    print("SEEN", seen, "GC", gc.isenabled(), "OPEN", window.document.case.case_id, "ROWS", rows, flush=True)
    window.close()
    app.quit()

QTimer.singleShot(200, check)
sys.exit(app_module.run_app(demo=True))
"""


def test_the_demo_start_opens_the_showcase_first_with_the_collector_paused_until_usable(
    tmp_path: Path,
) -> None:
    """A real `--demo` start: the showcase case is imported and opened before the other demo cases,
    without loading the board's modules (nor filelock, importlib.metadata, importlib.resources or
    email) or making PySide's QStyle type, and with the cyclic garbage collector paused; the collector is back on before the rest
    is written (and stays on). The options panel shows the showcase's first screen (the rest pending)
    without a wrapper that makes PySide create every widget type (QMdiArea among them). The first
    frame (form, diagram, the panel's first screen) is painted without PySide making QStyle or a
    style option type: word-wrapped labels and scroll bars paint as Qt does the first time, and keep
    their pixels from the second paint on; the library's row height comes from its font. By the first
    frame only the option rows the panel's first screen shows are made; once idle all 16 are, in
    MODALITIES order (children, `rows`). Before the
    showcase opens, the library is listed once and the showcase's demo file validated once (by its
    import)."""
    import os
    import subprocess
    import sys

    from nelm_desktop.ui.window.app import FIRST_DEMO_CASE

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NELM_DESKTOP_CONFIG_DIR=str(tmp_path / "config"))
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "window.ini").write_text("[first_run]\ndemo_offered=true\n")
    run = subprocess.run(
        [sys.executable, "-c", _DEMO_START], capture_output=True, text=True, env=env, timeout=180, check=False
    )
    line = next((x for x in run.stdout.splitlines() if x.startswith("SEEN")), "")
    assert run.returncode == 0 and line, run.stderr[-2000:]
    assert line == (
        "SEEN [('showcase', False, []), ('panel', True, [], 1, 3, 3), ('first frame', True, [], True), ('rest', True, [])]"
        f" GC True OPEN {FIRST_DEMO_CASE} ROWS True"
    ), line
