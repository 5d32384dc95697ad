"""Child-process side of the crash tests (run as a script, never collected by pytest).

app_worker.py edit DATA CASE_ID AUTOSAVE_MS   open the case in a real window, type ONE key into the
                                              patient label (a real key event), print "edited",
                                              then keep the event loop running until killed
app_worker.py zoom DATA STEPS                 a real window: press Ctrl+plus STEPS times (Ctrl+minus
                                              when negative), print "zoom LEVEL POINT_SIZE" of the
                                              form, close the window and exit
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

import nelm_desktop.ui  # noqa: F401  (PySide6 reference-leak guard before QApplication)
from nelm_desktop.core.store import CaseStore


def edit(data: Path, case_id: str, autosave_ms: int) -> None:
    from nelm_desktop.ui.window.main_window import MainWindow

    app = QApplication([])
    window = MainWindow(CaseStore(data), data, autosave_ms=autosave_ms)
    window.show()
    window.load_library()
    assert window.session.open_case(case_id, ask=False)
    label = window.form.field_widget("patient_label")
    label.setFocus()
    QTest.keyClick(label, "Z")  # one real key press: the only edit
    print("edited", window.document.case.patient_label, flush=True)
    QTimer.singleShot(600_000, app.quit)  # never reached: the test kills this process
    app.exec()


def zoom(data: Path, steps: int) -> None:
    from PySide6.QtCore import Qt

    from nelm_desktop.ui.window.main_window import MainWindow

    app = QApplication([])
    window = MainWindow(CaseStore(data), data)
    window.show()
    window.activateWindow()
    for _ in range(200):
        if window.isActiveWindow():
            break
        QTest.qWait(10)
    window.load_library()
    key = Qt.Key.Key_Plus if steps > 0 else Qt.Key.Key_Minus
    for _ in range(abs(steps)):
        QTest.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)  # real key events
    print("zoom", window.zoom_level, window.form.font().pointSizeF(), flush=True)
    window.close()
    app.processEvents()


if __name__ == "__main__":
    if sys.argv[1] == "zoom":
        zoom(Path(sys.argv[2]), int(sys.argv[3]))
        sys.exit(0)
    if sys.argv[1] == "edit":
        edit(Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
