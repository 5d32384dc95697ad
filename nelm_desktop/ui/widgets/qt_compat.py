"""Work around a PySide6 6.12.0 reference-count bug on CPython 3.11.

Public API: ``protect_singletons() -> bool`` (idempotent; True when the workaround was applied).

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
