"""Settings loader: defaults, round trip, damaged file, atomic save."""

from __future__ import annotations

import json

from nelm_desktop.core import settings as settings_mod
from nelm_desktop.core.settings import Settings, load_settings, load_settings_checked, save_settings


def test_missing_file_gives_defaults():
    loaded = load_settings_checked()
    assert loaded.problem is None
    assert loaded.settings == Settings()


def test_round_trip_and_unicode():
    saved = Settings(clinician_name="Dr Łukasz Müller", institution="Ελένη Clinic", contact_line="+49 1")
    path = save_settings(saved)
    assert path == settings_mod.settings_path()
    assert load_settings() == saved
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_damaged_file_gives_defaults_and_one_line(tmp_path):
    path = settings_mod.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json", encoding="utf-8")
    loaded = load_settings_checked()
    assert loaded.settings == Settings()
    assert loaded.problem and "\n" not in loaded.problem
    path.write_text(json.dumps({"default_report_kind": "poster"}), encoding="utf-8")
    assert load_settings_checked().problem


def test_unknown_keys_are_ignored():
    path = settings_mod.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"clinician_name": "A", "theme": "dark"}), encoding="utf-8")
    assert load_settings().clinician_name == "A"
