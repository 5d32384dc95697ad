"""No pydantic plugins, without paying for looking them up (start-up: issue #17).

The app runs with ``PYDANTIC_DISABLE_PLUGINS=__all__`` (see the package's ``__init__``): no third-party
hook ever sees case data. pydantic still imports its plugin loader when the first model class is
built, and that module imports ``importlib.metadata`` (and with it ``email``, ``csv``, ``zipfile``...)
only to read entry points it will then ignore: ~18 ms CPU of every start before a case can show.

`install` puts a loader in its place that answers "no plugins" for as long as they are disabled as
the app disables them. Anything else it is asked for (a name a later pydantic may add, or plugins
enabled after all) comes from pydantic's own loader, imported at that moment.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import types
from collections.abc import Iterable
from typing import Any

LOADER = "pydantic.plugin._loader"
_REAL = "nelm_desktop._pydantic_plugin_loader"  # pydantic's own loader, when one is needed


def _disabled() -> bool:
    return os.environ.get("PYDANTIC_DISABLE_PLUGINS") == "__all__"


def _real_loader() -> types.ModuleType:
    loaded = sys.modules.get(_REAL)
    if loaded is not None:
        return loaded
    package = importlib.util.find_spec("pydantic.plugin")
    folders = list(package.submodule_search_locations or []) if package else []
    spec = importlib.util.spec_from_file_location(_REAL, os.path.join(folders[0], "_loader.py"))
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot find {LOADER}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[_REAL] = module
    spec.loader.exec_module(module)
    return module


def get_plugins() -> Iterable[Any]:
    if _disabled():
        return ()
    plugins: Iterable[Any] = _real_loader().get_plugins()
    return plugins


def _other_name(name: str) -> Any:
    if name.startswith("__"):  # the import system asking whether this is a package (__path__)
        raise AttributeError(name)
    return getattr(_real_loader(), name)


def install() -> bool:
    """Stand in for pydantic's plugin loader (before pydantic has loaded it). True when installed."""
    if LOADER in sys.modules or not _disabled():
        return False
    module = types.ModuleType(LOADER, __doc__)
    module.get_plugins = get_plugins  # type: ignore[attr-defined]
    module.__getattr__ = _other_name  # type: ignore[method-assign]
    sys.modules[LOADER] = module
    return True
