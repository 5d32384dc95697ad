"""Memory over a long editing session: RSS growth over 2,000 edits in the real main window (JSON).

The whole window is built (library, case form, liver diagram, options panel with three rows
expanded, so their rich-text reasons change with the case) and a case is edited 2,000 times through
the form's own signal, each edit followed by one event-loop turn (layout and paint). The anchor is
"flat": the RSS after a warm-up of 200 edits; the figure is the growth from there to the end
(target <= 5 MiB). ``text_documents`` counts the live QTextDocuments under the window at the start
and at the end: labels must reuse theirs, so the count does not grow with edits. Printed, never
asserted.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_memory.py [--edits 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from nelm_desktop.ui.widgets.qt_compat import protect_singletons

protect_singletons()

from PySide6.QtGui import QTextDocument  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

WARM_UP = 200
EDITS: list[tuple[str, list[object]]] = [
    ("ki67_pct", [1.0, 2.5, 4.0, 12.0, 25.0, None]),
    ("flr_pct", [20.0, 35.0, 50.0, None]),
    ("extrahepatic_disease", ["none", "resectable", "unresectable", "unknown"]),
    ("hepatic_involvement_pct", [10.0, 45.0, 60.0, 80.0, None]),
    ("age_years", [40, 54, 60, 71]),
]


def rss_mib() -> float:
    """Resident set size now (Linux /proc; elsewhere the peak from getrusage)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=2000)
    args = parser.parse_args(argv)

    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["NELM_DESKTOP_CONFIG_DIR"] = str(Path(tmp) / "config")
        from nelm_desktop.core.store import CaseStore
        from nelm_desktop.ui.window.main_window import MainWindow

        window = MainWindow(CaseStore(Path(tmp) / "data"), Path(tmp) / "data", autosave_ms=10**9)
        window.resize(1440, 900)
        window.show()
        window.new_case()
        app.processEvents()
        for modality in list(window.options_panel.rows)[:3]:
            window.options_panel.rows[modality].set_expanded(True)
        app.processEvents()

        def edit(i: int) -> None:
            field, values = EDITS[i % len(EDITS)]
            window.form.fieldEdited.emit(field, values[(i // len(EDITS)) % len(values)])
            app.processEvents()

        for i in range(WARM_UP):
            edit(i)
        docs_start = len(window.findChildren(QTextDocument))
        start = rss_mib()
        samples = []
        for i in range(args.edits):
            edit(WARM_UP + i)
            if (i + 1) % 500 == 0:
                samples.append(round(rss_mib(), 1))
        end = rss_mib()
        docs_end = len(window.findChildren(QTextDocument))
        window.document.undo_stack.setClean()
        window.close()

    print(
        json.dumps(
            {
                "benchmark": "RSS over edits in the main window",
                "edits": args.edits,
                "anchor_rss_mib_after_warm_up": round(start, 1),
                "rss_mib_every_500_edits": samples,
                "growth_mib": round(end - start, 1),
                "target_growth_mib": 5,
                "text_documents": {"start": docs_start, "end": docs_end},
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
