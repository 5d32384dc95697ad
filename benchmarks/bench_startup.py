"""Start-up benchmark (printed as JSON, never asserted).

1. Process start to the first painted main window: `nelm-desktop` (the real `run_app`, empty library)
   vs a bare PySide6 QMainWindow, each in fresh subprocesses, several runs, same machine and run.
   Target: ratio of medians <= 2.0.
2. Library panel with 10,000 cases: time to fill the panel (model + view) and one search keystroke.
   Targets: <= 1 s and <= 50 ms.
3. Edit -> options panel repainted (p95), for reference (target <= 16 ms).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_FIRST_PAINT = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    done = False
    def eventFilter(self, obj, event):
        if not self.done and event.type() == QEvent.Type.Paint and isinstance(obj, QMainWindow):
            self.done = True
            print(f"PAINTED {time.time():.6f}", flush=True)
            QTimer.singleShot(0, QApplication.instance().quit)
        return False

app = QApplication(sys.argv)
probe = FirstPaint()
app.installEventFilter(probe)
"""

APP_CHILD = (
    _FIRST_PAINT
    + """
from nelm_desktop.ui.window.app import run_app
run_app(demo=False)
"""
)

BARE_CHILD = (
    _FIRST_PAINT
    + """
window = QMainWindow()
window.resize(1440, 900)
window.show()
app.exec()
"""
)


def time_child(code: str, env: dict[str, str]) -> float:
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    ).stdout
    for line in out.splitlines():
        if line.startswith("PAINTED "):
            return float(line.split()[1]) - start
    raise RuntimeError(f"child did not paint: {out[-500:]}")


def startup(runs: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        env["NELM_DESKTOP_DATA_DIR"] = str(Path(tmp) / "data")
        env["NELM_DESKTOP_CONFIG_DIR"] = str(Path(tmp) / "config")
        Path(tmp, "config").mkdir()
        # The first-start demo offer would wait for a click: mark it as already offered.
        Path(tmp, "config", "window.ini").write_text("[first_run]\ndemo_offered=true\n")
        time_child(BARE_CHILD, env)  # warm the file cache once for both
        time_child(APP_CHILD, env)
        bare, app = [], []
        for _ in range(runs):  # interleaved, so drift hits both alike
            bare.append(time_child(BARE_CHILD, env))
            app.append(time_child(APP_CHILD, env))
    ratio = statistics.median(app) / statistics.median(bare)
    return {
        "runs": runs,
        "bare_qmainwindow_ms": _stats(bare),
        "nelm_desktop_ms": _stats(app),
        "ratio_median": round(ratio, 2),
        "target_ratio": 2.0,
    }


def library(n: int = 10_000) -> dict[str, object]:
    from PySide6.QtWidgets import QApplication

    from nelm_desktop.core.store import CaseSummary
    from nelm_desktop.ui.library.library_panel import LibraryPanel

    app = QApplication.instance() or QApplication(sys.argv)
    rows = [
        CaseSummary(
            case_id=f"00000000-0000-4000-8000-{i:012d}",
            patient_label=f"PT-{i:05d} {('Müller', 'Smith', 'Ōtsuka', 'Nowak')[i % 4]}",
            primary_site=("pancreas", "small_intestine", "lung", "rectum")[i % 4],
            grade=("G1", "G2", "G3 NET", "NEC")[i % 4],
            updated_at=f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T10:{i % 60:02d}:00+00:00",
            demo=False,
            path=Path(f"/cases/{i}.json"),
        )
        for i in range(n)
    ]
    panel = LibraryPanel()
    panel.resize(320, 800)
    panel.show()
    app.processEvents()
    t0 = time.perf_counter()
    panel.set_summaries(rows)
    panel.repaint()
    app.processEvents()
    open_s = time.perf_counter() - t0
    keystrokes = []
    for text in ("s", "sm", "smi", "smit", "smith", "smith g", "smith g2", "p", "pt-0", "pt-01"):
        t0 = time.perf_counter()
        panel.search.setText(text)
        panel.view.repaint()
        app.processEvents()
        keystrokes.append(time.perf_counter() - t0)
    panel.close()
    return {
        "cases": n,
        "open_ms": round(open_s * 1000, 1),
        "keystroke_ms": _stats(keystrokes),
        "targets_ms": {"open": 1000, "keystroke": 50},
    }


def edit_to_panel(edits: int = 60) -> dict[str, object]:
    from PySide6.QtWidgets import QApplication

    from nelm_desktop.core.store import CaseStore
    from nelm_desktop.ui.window.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["NELM_DESKTOP_CONFIG_DIR"] = tmp
        window = MainWindow(CaseStore(Path(tmp)), Path(tmp))
        window.show()
        window.new_case()
        app.processEvents()
        times = []
        for i in range(edits):
            value = 1 + (i % 30)
            t0 = time.perf_counter()
            window._field_edited("ki67_pct", float(value))
            window.options_panel.repaint()
            times.append(time.perf_counter() - t0)
        window.document.undo_stack.setClean()
        window.close()
    times.sort()
    return {
        "edits": edits,
        "p50_ms": round(times[len(times) // 2] * 1000, 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1] * 1000, 2),
        "target_p95_ms": 16,
    }


def _stats(values: list[float]) -> dict[str, float]:
    ms = sorted(v * 1000 for v in values)
    return {"median": round(statistics.median(ms), 1), "min": round(ms[0], 1), "max": round(ms[-1], 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    result = {
        "startup": startup(args.runs),
        "library_panel": library(),
        "edit_to_options_panel": edit_to_panel(),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
