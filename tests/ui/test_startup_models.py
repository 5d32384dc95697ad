"""The start-up path (#17), model side: what pydantic builds before the first case is usable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

_DEMO_START = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import nelm_desktop.ui.window.app as app_module

app = QApplication(sys.argv[:1])
seen = []
seed = app_module.seed_demo_cases

def built():
    from nelm_desktop.core import evaluation
    from nelm_desktop.core.model import Case
    engine_models = (evaluation.GradeResult, evaluation.LesionSummary, evaluation.FrillingType, evaluation.Evaluation)
    return [Case.__pydantic_complete__] + [m.__pydantic_complete__ for m in engine_models]

def recording_seed(store):
    # The rest is seeded once the showcase case is open, evaluated and painted.
    window = next(w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow")
    seen.append((window.document.case.case_id, window.document.evaluation is not None, built()))
    return seed(store)

app_module.seed_demo_cases = recording_seed

def check():
    window = next((w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow"), None)
    library = getattr(window, "library", None)
    if library is None or library.model.rowCount() < 6:
        QTimer.singleShot(50, check)
        return
    print("SEEN", seen, "LATER", built(), flush=True)
    window.close()
    app.quit()

QTimer.singleShot(200, check)
sys.exit(app_module.run_app(demo=True))
"""


def test_the_demo_start_builds_the_case_model_but_not_the_engines_models_before_the_showcase_is_usable(
    tmp_path: Path,
) -> None:
    """A real `--demo` start: when the showcase case is open with its options (the rest is seeded
    after that), pydantic has built the case model (the case was validated) and none of the
    engine's result models (made with `trusted`, never validated: built for nothing at import
    before). The demo meeting's decision, seeded after, dumps the evaluation: its three parts are
    built then."""
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
        f"SEEN [('{FIRST_DEMO_CASE}', True, [True, False, False, False, False])] "
        "LATER [True, True, True, True, False]"
    ), line
