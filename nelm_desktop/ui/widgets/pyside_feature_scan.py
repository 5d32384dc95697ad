"""PySide's import hook asks the same question more cheaply (start-up: issue #17).

Public API: ``install() -> bool`` (idempotent; False when this PySide has no such hook to speed up).

Once PySide6 is imported it wraps ``__import__``: every module an import statement returns is asked
once whether it uses PySide6 (for ``from __feature__ import ...``), by ``inspect.getsource`` on the
module and a search for "PySide6" in the text. That goes through ``linecache`` and the tokenizer for
each of the ~200 modules a start imports after PySide (pydantic's, the core's, the window's): ~77M
instructions of a ``--demo`` start, ~3 % (callgrind, benchmarks/bench_startup.py).

`install` answers the same question from the module's source file read as bytes: the answer is the
same for any source file whose encoding writes "PySide6" as those ASCII bytes (UTF-8, Latin-1, and
every encoding Python source uses in practice). A module without a ``.py`` file, or one whose file
cannot be read, is still asked PySide's way, so those answers do not change either.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

_FEATURE_MODULE = "shibokensupport.feature"
_CHECK = "_mod_uses_pyside"


def _reads_source_bytes(original: Callable[[Any], bool]) -> Callable[[Any], bool]:
    def uses_pyside(module: Any) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    uses_pyside.nelm_replaces = original  # type: ignore[attr-defined]
    return uses_pyside


def install() -> bool:
    """Put the cheaper check in place of PySide's (imports PySide6 if it is not yet)."""
    import PySide6.QtCore  # noqa: F401  (loads shiboken's support modules, the hook among them)

    feature: ModuleType | None = sys.modules.get(_FEATURE_MODULE)
    original = getattr(feature, _CHECK, None)
    if feature is None or not callable(original):
        return False  # another PySide: nothing to speed up, nothing changed
    if getattr(original, "nelm_replaces", None) is None:
        setattr(feature, _CHECK, _reads_source_bytes(original))
    return True
