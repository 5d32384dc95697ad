"""PySide's import hook gets the same answers from a cheaper check (#17 start-up).

After PySide6 is imported, every module an import statement returns is asked whether it uses
PySide6; PySide asks with ``inspect.getsource``. ``nelm_desktop.ui`` puts a check in its place that
reads the module's file as bytes. Run in a fresh interpreter: the hook's answers are kept per process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

_CHILD = textwrap.dedent(
    """
    import inspect, json, sys, types
    asked = []
    real_getsource = inspect.getsource

    def counting_getsource(obj, *args, **kwargs):
        asked.append(getattr(obj, "__name__", repr(obj)))
        return real_getsource(obj, *args, **kwargs)

    inspect.getsource = counting_getsource
    import PySide6.QtCore  # noqa: F401  (as the app: PySide first, its import hook with it)
    import nelm_desktop.ui  # noqa: F401  (installs the cheaper check)

    sys.path.insert(0, sys.argv[1])
    from plain_module import PLAIN  # noqa: F401
    from qt_module import QT  # noqa: F401

    feature = sys.modules["shibokensupport.feature"]
    check = feature._mod_uses_pyside
    print(json.dumps({
        "plain": feature.pyside_feature_dict.get("plain_module"),
        "qt": feature.pyside_feature_dict.get("qt_module"),
        "asked": [name for name in asked if name in ("plain_module", "qt_module")],
        "no_file": check(types.ModuleType("made_in_memory")),
        "pyside_itself": check(sys.modules["PySide6.QtCore"]),
    }))
    """
)


def test_pyside_learns_which_modules_use_it_without_getsource(tmp_path: Path) -> None:
    (tmp_path / "plain_module.py").write_text("PLAIN = 'no Qt here'\n", encoding="utf-8")
    (tmp_path / "qt_module.py").write_text(
        "# Überschrift: ein Modul mit Qt\nfrom PySide6.QtCore import QObject\n\nQT = QObject\n",
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=True,
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    # PySide's own answers: 0 = "uses PySide6" (may select features), -1 = "ignore this module".
    assert result["plain"] == -1
    assert result["qt"] == 0
    assert result["asked"] == []  # PySide's way read both through inspect.getsource
    assert result["no_file"] is False  # a module without a source file: asked PySide's way
    assert result["pyside_itself"] is False  # an extension module (.so): asked PySide's way
