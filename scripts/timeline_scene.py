"""Open the window on a throw-away library whose showcase demo case has a history, with the case
timeline and "since last time" shown: the scene of docs/timeline*.png.

    /work/shared/tools/screenshot docs/timeline.png --wait 6 --size 1366x768 -- \
        .venv/bin/python scripts/timeline_scene.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

root = Path(tempfile.mkdtemp(prefix="nelm-timeline-scene-"))
os.environ["NELM_DESKTOP_DATA_DIR"] = str(root / "data")
os.environ["NELM_DESKTOP_CONFIG_DIR"] = str(root / "config")

from PySide6.QtWidgets import QApplication  # noqa: E402

from nelm_desktop.core.model import Lesion  # noqa: E402
from nelm_desktop.core.store import CaseStore  # noqa: E402
from nelm_desktop.core.timeline import TimePoints  # noqa: E402
from nelm_desktop.core.treatments import TreatmentLine  # noqa: E402
from nelm_desktop.ui.window.app import FIRST_DEMO_CASE, seed_demo_cases  # noqa: E402


def prepare(store: CaseStore) -> None:
    seed_demo_cases(store)
    loaded = store.load(FIRST_DEMO_CASE)
    now = loaded.case
    points = TimePoints(store.root)
    # The board of May: fewer lesions, lower Ki-67, SSA just started.
    before = now.model_copy(
        update={
            "ki67_pct": 6.0,
            "lesions": [
                *[les for les in now.lesions or [] if les.segment != "II"][:-1],
                Lesion(segment="VIII", size_cm=2.0, count=1),
            ],
        }
    )
    points.record(
        before,
        kind="decision",
        ref="demo-board-2026-05",
        label="Tumour board: start SSA, re-stage in 6 months",
        follow_up="2026-11-15",
        now=datetime(2026, 5, 12, 14, tzinfo=UTC),
    )
    history = [
        *now.treatment_history,
        TreatmentLine(
            modality="ssa",
            name="lanreotide",
            start="2026-05",
            end="2026-11",
            intent="palliative",
            best_response="progression",
            note="new lesions on re-staging",
        ),
    ]
    store.save(now.model_copy(update={"treatment_history": history}), loaded.file_hash)
    # Another case with an overdue follow-up, for the library's list.
    other = "00000000-0000-4000-8000-000000000003"
    points.record(store.load(other).case, follow_up="2026-10-01", now=datetime(2026, 4, 1, tzinfo=UTC))


def main() -> int:
    app = QApplication(sys.argv)
    store = CaseStore(root / "data")
    prepare(store)
    from nelm_desktop.ui.window.main_window import MainWindow

    window = MainWindow(store, root / "data")
    window.setGeometry(app.primaryScreen().availableGeometry())  # no window manager under Xvfb
    window.show()
    window.load_library()
    window.session.open_case(FIRST_DEMO_CASE, ask=False)
    window.timeline.show()
    if window.timeline.dock is not None:
        window.resizeDocks(
            [window.timeline.dock], [330], __import__("PySide6.QtCore").QtCore.Qt.Orientation.Vertical
        )
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
