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
