"""Run NELM Desktop with socket creation blocked (script for test_no_network.py, never collected).

    offline_cycle.py core OUT_DIR   store + engine + reports + CLI import/export, no Qt imported
    offline_cycle.py canary OUT_DIR  opens a socket on purpose (proves the watchers see it)
    offline_cycle.py app OUT_DIR    the real GUI start-up (run_app --demo, offscreen), then open a case,
                                    edit, save, evaluate and print both reports inside the running app

An audit hook refuses every socket (and name lookup) and records the attempt; the last stdout line is
JSON: {"ok": bool, "attempts": [...], "detail": ...}.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any

ATTEMPTS: list[str] = []
BLOCKED = {
    "socket.__new__",
    "socket.connect",
    "socket.bind",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyaddr",
    "socket.sendto",
    "urllib.Request",
    "http.client.connect",
}


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event in BLOCKED:
        ATTEMPTS.append(f"{event} {args!r}"[:200])
        raise OSError(f"network blocked by test: {event}")


if os.environ.get("OFFLINE_CYCLE_HOOK", "1") == "1":
    sys.addaudithook(_hook)


def canary(out: Path) -> str:
    """Proves the watchers work: opens an internet socket on purpose."""
    import socket

    try:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
    except OSError as exc:
        return f"refused: {exc}"
    return "opened"


def core_cycle(out: Path) -> str:
    from nelm_desktop.cli import main as cli_main
    from nelm_desktop.core.engine import evaluate
    from nelm_desktop.core.model import Lesion, new_case
    from nelm_desktop.core.report import build_report
    from nelm_desktop.core.store import CaseStore

    store = CaseStore()
    case = new_case(
        patient_label="NET-01",
        primary_site="pancreas",
        differentiation="well",
        ki67_pct=4,
        lesions=[Lesion(segment="II", size_cm=3.0)],
    )
    saved = store.save(case)
    edited = store.save(saved.case.model_copy(update={"ki67_pct": 12.0}), saved.file_hash)
    assert store.load(case.case_id).case.ki67_pct == 12.0
    evaluation = evaluate(edited.case)
    for kind in ("summary", "handout"):
        pdf = build_report(edited.case, evaluation, kind)  # type: ignore[arg-type]
        assert pdf.startswith(b"%PDF")
        (out / f"{kind}.pdf").write_bytes(pdf)
    assert cli_main(["export", "-o", str(out / "lib.zip")]) == 0
    os.environ["NELM_DESKTOP_DATA_DIR"] = str(out / "other-library")
    assert cli_main(["import", str(out / "lib.zip")]) == 0
    assert "PySide6" not in sys.modules, "the core path imported Qt"
    return f"{len(CaseStore().list_cases())} case(s) moved; reports written"


def app_cycle(out: Path) -> str:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from nelm_desktop.ui.window.app import run_app

    app = QApplication.instance() or QApplication([])
    state: dict[str, Any] = {"tries": 0, "detail": None, "error": None}

    def step() -> None:
        state["tries"] += 1
        try:
            windows = [w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow" and w.isVisible()]
            # The window builds its store after the first paint: poll until it is there.
            if not windows or getattr(windows[0], "store", None) is None or not windows[0].store.list_cases():
                if state["tries"] > 400:
                    raise RuntimeError("the main window or the demo cases never appeared")
                QTimer.singleShot(50, step)
                return
            window = windows[0]
            from nelm_desktop.core.engine import evaluate
            from nelm_desktop.core.report import build_report

            row = window.store.list_cases()[0]
            assert window.session.open_case(row.case_id, ask=False)
            problem = window.document.apply("notes", "edited offline")
            assert problem is None, problem
            assert window.session.save()
            saved = window.store.load(row.case_id).case
            assert saved.notes == "edited offline"
            evaluation = evaluate(saved)
            for kind in ("summary", "handout"):
                (out / f"app-{kind}.pdf").write_bytes(build_report(saved, evaluation, kind))
            state["detail"] = f"opened, edited, saved and printed {row.case_id}"
        except BaseException:
            state["error"] = traceback.format_exc()
        for widget in app.topLevelWidgets():
            widget.close()
        app.quit()

    QTimer.singleShot(0, step)
    code = run_app(demo=True)
    if state["error"]:
        raise RuntimeError(state["error"])
    if state["detail"] is None:
        raise RuntimeError(f"the app exited ({code}) before the cycle ran")
    return str(state["detail"])


def main() -> None:
    mode, out = sys.argv[1], Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"ok": False, "attempts": ATTEMPTS, "detail": ""}
    try:
        cycles = {"core": core_cycle, "app": app_cycle, "canary": canary}
        result["detail"] = cycles[mode](out)
        result["ok"] = True
    except BaseException:
        result["detail"] = traceback.format_exc()
    print(json.dumps(result), flush=True)
    os._exit(0)  # skip interpreter teardown: nothing may open a socket at exit either way


if __name__ == "__main__":
    main()
