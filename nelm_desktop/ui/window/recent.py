"""What the window remembers between sessions besides its geometry: recent cases (newest first, the
first is reopened at start) and the folder of the last file dialog (Documents until one is used)."""

from __future__ import annotations

from nelm_desktop.ui.window.window_state import window_settings

MAX_RECENT = 8


def recent_case_ids() -> list[str]:
    value = window_settings().value("recent/cases", [])
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value if v] if isinstance(value, list) else []


def remember_case(case_id: str) -> None:
    ids = [case_id, *(i for i in recent_case_ids() if i != case_id)][:MAX_RECENT]
    settings = window_settings()
    settings.setValue("recent/cases", ids)
    settings.sync()


def forget_case(case_id: str) -> None:
    settings = window_settings()
    settings.setValue("recent/cases", [i for i in recent_case_ids() if i != case_id])
    settings.sync()
