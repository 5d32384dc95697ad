"""Work around a PySide6 6.12.0 reference-count bug on CPython 3.11.

Public API: ``protect_singletons() -> bool`` (idempotent; True when the workaround was applied);
``paint_in_one_thread()`` (see its docstring).

With PySide6-Essentials 6.12.0 (abi3 wheels) on CPython 3.11, every call of a Qt method returning
``void`` drops one reference to ``None`` (e.g. ``QWidget.update()``, ``QPainter.drawLine()``), and
``Signal.emit`` drops one to ``True``/``False``. CPython 3.12+ made these objects immortal, so the
bug is invisible there; on 3.11 the process aborts with "Fatal Python error: none_dealloc" (or
"bool_dealloc") after a few thousand calls, i.e. within seconds of painting. Reproducer::

    w = QLabel(); n = sys.getrefcount(None); w.update(); assert sys.getrefcount(None) == n - 1

The workaround gives the three singletons a reference count so large (2**40) that it can never
reach zero in a process lifetime, which is what 3.12 does by design. Call it once, before the
QApplication is created (app start-up, test conftest, benchmarks). It does nothing on 3.12+.
"""

from __future__ import annotations

import os
import platform
import sys

_applied = False


def protect_singletons() -> bool:
    global _applied
    if _applied:
        return True
    if sys.version_info >= (3, 12) or platform.python_implementation() != "CPython":
        return False
    import ctypes

    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 40
    _applied = True
    return True


def paint_in_one_thread() -> None:
    """Keep Qt's raster painting on the GUI thread (``QT_NO_GUI_THREADPOOL``), unless the user set it.

    Qt 6 splits some raster work (the Fusion style's scroll bars, image scaling) over a thread pool.
    On a 2-core machine under load the hand-offs cost far more than they save: repainting the options
    panel's scroll bar took 2.5-15 ms with the pool and 0.16 ms without, and an edit's whole-window
    repaint ~20 % less CPU on the GUI thread (issue #17, benchmarks/bench_window_edits.py). Read when
    the pool is first used, so it is set before any painting (``nelm_desktop.ui`` calls it on import).
    """
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
