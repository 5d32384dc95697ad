"""core never imports Qt or the UI: the engine, store and reports run with Qt absent."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "nelm_desktop" / "core"
FORBIDDEN = ("PySide6", "shiboken6", "nelm_desktop.ui", "nelm_desktop.cli")


def test_core_sources_import_no_qt() -> None:
    offenders = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.startswith(FORBIDDEN)]
    assert offenders == []


def test_core_runs_with_qt_absent() -> None:
    """Import every core module with PySide6 made unimportable, then evaluate a case."""
    script = """
import sys, importlib, pkgutil
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6'):
            raise ImportError('Qt is blocked in this test: ' + name)
sys.meta_path.insert(0, Block())
import nelm_desktop.core as core
for mod in pkgutil.walk_packages(core.__path__, 'nelm_desktop.core.'):
    importlib.import_module(mod.name)
from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.model import Case
assert len(evaluate(Case()).options) == 16
assert not any(m.startswith(('PySide6', 'nelm_desktop.ui')) for m in sys.modules)
print('ok')
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("ok")


def test_evaluate_command_does_not_load_qt_or_reportlab() -> None:
    script = (
        "import sys; from nelm_desktop.cli import main; "
        "rc = main(['evaluate', 'nelm_desktop/resources/example-case.json', '--format', 'json']); "
        "sys.stderr.write(repr(sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'reportlab'})))"
    )
    root = CORE.parents[1]
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=root
    )
    assert out.returncode == 0
    assert out.stderr.strip() == "[]"
