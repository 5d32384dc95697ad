"""Where things live: bundled resources (source tree or frozen bundle), user data and settings.

One helper for every caller, so the app, the command line and the frozen bundle agree.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "nelm-desktop"
APP_AUTHOR = "NELM Desktop"
DATA_DIR_ENV = "NELM_DESKTOP_DATA_DIR"
CONFIG_DIR_ENV = "NELM_DESKTOP_CONFIG_DIR"


def resources_dir() -> Path:
    """The package's `resources/` folder (fonts, demo cases, example case, icons).

    Found next to the package's own modules, so it is the same folder in a source checkout, an
    installed wheel and a PyInstaller bundle (which ships it as `nelm_desktop/resources`, beside the
    modules' `__file__`). The package is always installed as plain files (never zipped): ReportLab
    and Qt need real paths. (Not importlib.resources: its 8 modules cost start-up ~6 ms CPU.)
    """
    root = Path(__file__).resolve().parent.parent / "resources"
    if not root.is_dir():
        raise RuntimeError(f"nelm_desktop's resources are not installed as plain files (no {root})")
    return root


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def data_dir() -> Path:
    """Cases, backups, quarantine and trash. `NELM_DESKTOP_DATA_DIR` overrides platformdirs."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, APP_AUTHOR))


def config_dir() -> Path:
    """Settings. `NELM_DESKTOP_CONFIG_DIR` overrides platformdirs (tests, portable installs)."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, APP_AUTHOR))
