"""User settings: who prints the reports, and where the library lives.

Stored as JSON in ``paths.config_dir()/settings.json``. A missing file gives the defaults; a damaged
file gives the defaults too (and `load_settings` says so through `SettingsLoad.problem`), never a crash
at start-up. Saving is atomic (temp file in the same folder, fsync, then replace), so a crash while
saving leaves either the old or the new file, never half of one.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from nelm_desktop.core import paths

SETTINGS_FILE = "settings.json"

ReportKind = Literal["summary", "handout"]


class Settings(BaseModel):
    """What the user can set. Unknown keys in the file are ignored (a newer app may have added some)."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    clinician_name: str = Field("", max_length=200)
    institution: str = Field("", max_length=200)
    contact_line: str = Field("", max_length=300, description="Printed on the patient handout")
    default_report_kind: ReportKind = "summary"
    data_dir: str = Field("", max_length=1000, description="Library folder override; empty = default")


@dataclass(frozen=True)
class SettingsLoad:
    settings: Settings
    problem: str | None = None  # one line when the file existed but could not be used


def settings_path() -> Path:
    return paths.config_dir() / SETTINGS_FILE


def load_settings_checked(path: Path | None = None) -> SettingsLoad:
    """The stored settings, or the defaults with a one-line problem when the file is unusable."""
    path = path or settings_path()
    from nelm_desktop.core.fileio import read_regular, tighten_dir

    tighten_dir(path.parent)  # the settings name the library and the clinician: private (0700/0600)
    try:
        text = read_regular(path, 1024 * 1024, private=True).decode("utf-8")
    except FileNotFoundError:
        return SettingsLoad(Settings())
    except NotADirectoryError:  # the settings folder (or one above it) is a file
        return SettingsLoad(
            Settings(),
            f"{path.parent} (or a folder above it) is a file, not a folder: settings cannot be kept; using defaults",
        )
    except OSError as exc:
        why = exc.strerror or str(exc)  # "[Errno 13] Permission denied: '/…'" said the path twice
        return SettingsLoad(Settings(), f"{path}: cannot read settings ({why}); using defaults")
    except UnicodeDecodeError:
        return SettingsLoad(Settings(), f"{path}: cannot read settings (not UTF-8 text); using defaults")
    try:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        return SettingsLoad(Settings.model_validate(data))
    except (ValueError, ValidationError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return SettingsLoad(Settings(), f"{path}: settings file is damaged ({first}); using defaults")


def load_settings(path: Path | None = None) -> Settings:
    return load_settings_checked(path).settings


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings atomically; returns the path written."""
    path = path or settings_path()
    from nelm_desktop.core.fileio import atomic_write_bytes, ensure_dir  # only when saving: lean start-up

    ensure_dir(path.parent)

    payload = json.dumps(settings.model_dump(), ensure_ascii=False, indent=2) + "\n"
    atomic_write_bytes(path, payload.encode("utf-8"))
    return path


def effective_data_dir(settings: Settings) -> Path:
    """The library folder: the environment override wins, then the settings, then platformdirs."""
    if os.environ.get(paths.DATA_DIR_ENV) or not settings.data_dir:
        return paths.data_dir()
    return Path(settings.data_dir).expanduser()


def library_folder_problem(settings: Settings) -> str | None:
    """One line naming the setting when the library folder cannot be a folder (it, or the nearest
    existing folder above it, is a file), instead of a later "Not a directory" about some case."""
    folder = effective_data_dir(settings)
    if os.environ.get(paths.DATA_DIR_ENV):
        source = f"the {paths.DATA_DIR_ENV} environment variable"
    elif settings.data_dir:
        source = f'the library folder set in Settings ("data_dir" in {settings_path()})'
    else:
        return None
    probe = folder
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        what = "is a file" if probe == folder else f"is inside {probe}, which is a file"
        return f"{source} points at {folder}, which {what}, not a folder; choose another library folder"
    return None
