"""The dataclasses made before the window is usable carry docstrings of their own (#17).

Without one, `dataclasses` writes the class's signature as its docstring, which it gets from
``inspect.signature``: ~0.26M instructions per class, for nothing anybody reads."""

from __future__ import annotations

import os
import subprocess
import sys

_CHILD = """
import dataclasses, sys
import nelm_desktop.ui.window.main_window, nelm_desktop.ui.case.case_form, nelm_desktop.ui.case.case_session
import nelm_desktop.ui.options.options_panel, nelm_desktop.ui.liver.liver_editor
import nelm_desktop.ui.library.library_panel, nelm_desktop.core.store, nelm_desktop.core.engine
made = [
    cls
    for name, module in sorted(sys.modules.items())
    if name.startswith("nelm_desktop.")
    for cls in vars(module).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == name
]
# dataclasses' own docstring for a class without one: "Name(field: type, ...)"
generated = [c.__qualname__ for c in made if (c.__dict__.get("__doc__") or "").startswith(c.__name__ + "(")]
print("MADE", len(made), "GENERATED", generated)
"""


def test_the_start_ups_dataclasses_have_docstrings_of_their_own() -> None:
    run = subprocess.run(
        [sys.executable, "-c", _CHILD],
        capture_output=True,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        timeout=120,
        check=False,
    )
    line = next((x for x in run.stdout.splitlines() if x.startswith("MADE")), "")
    assert run.returncode == 0 and line, run.stderr[-2000:]
    count = int(line.split()[1])
    assert count >= 25, line  # the start path's dataclasses were found (records, rules, form specs...)
    assert line.endswith("GENERATED []"), line
