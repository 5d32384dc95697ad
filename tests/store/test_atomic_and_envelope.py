"""The low-level pieces: crash-safe writes, the envelope, backup thinning."""

from __future__ import annotations

import errno
import json
import os
from datetime import UTC, datetime, timedelta

import pytest

from nelm_desktop.core import fileio as atomic
from nelm_desktop.core.store import backups, envelope
from nelm_desktop.core.store.envelope import EnvelopeError


def test_atomic_write_replaces_and_leaves_no_temp(tmp_path):
    target = tmp_path / "f.json"
    atomic.atomic_write_bytes(target, b"one")
    atomic.atomic_write_bytes(target, b"two")
    assert target.read_bytes() == b"two"
    assert os.listdir(tmp_path) == ["f.json"]


def test_failed_replace_keeps_original_and_removes_temp(tmp_path, monkeypatch):
    target = tmp_path / "f.json"
    target.write_bytes(b"original")

    def boom(src, dst):
        raise OSError(errno.EIO, "simulated I/O error")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        atomic.atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"original"
    assert os.listdir(tmp_path) == ["f.json"]


def test_failed_write_keeps_original_and_removes_temp(tmp_path, monkeypatch):
    target = tmp_path / "f.json"
    target.write_bytes(b"original")
    real_write = os.write

    def half_then_full(fd, data):
        real_write(fd, bytes(data[:3]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(OSError):
        atomic.atomic_write_bytes(target, b"new content")
    monkeypatch.undo()
    assert target.read_bytes() == b"original"
    assert os.listdir(tmp_path) == ["f.json"]


def test_windows_replace_is_retried_while_the_target_is_held(tmp_path, monkeypatch):
    target = tmp_path / "f.json"
    target.write_bytes(b"original")
    real_replace = os.replace
    calls = []

    def held_twice(src, dst):
        calls.append(src)
        if len(calls) <= 2:
            raise PermissionError(errno.EACCES, "being used by another process")
        real_replace(src, dst)

    monkeypatch.setattr(atomic, "RETRY_REPLACE", True)
    monkeypatch.setattr(atomic, "REPLACE_DELAY_S", 0.001)
    monkeypatch.setattr(os, "replace", held_twice)
    atomic.atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new" and len(calls) == 3


def test_windows_replace_gives_up_after_a_while(tmp_path, monkeypatch):
    target = tmp_path / "f.json"
    target.write_bytes(b"original")

    def always_held(src, dst):
        raise PermissionError(errno.EACCES, "being used by another process")

    monkeypatch.setattr(atomic, "RETRY_REPLACE", True)
    monkeypatch.setattr(atomic, "REPLACE_DELAY_S", 0.001)
    monkeypatch.setattr(os, "replace", always_held)
    with pytest.raises(PermissionError):
        atomic.atomic_write_bytes(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"original"
    assert os.listdir(tmp_path) == ["f.json"]


def test_temp_names_are_recognisable():
    assert atomic.is_temp_name(".abc.json.0123456789ab.tmp")
    assert not atomic.is_temp_name("abc.json")


def good_envelope() -> dict:
    case = {"case_id": "x", "patient_label": "L"}
    return {
        "schema_version": 1,
        "app_version": "0",
        "saved_at": "",
        "sha256": envelope.payload_hash(case),
        "case": case,
    }


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda d: d.pop("sha256"), "missing sha256"),
        (lambda d: d.__setitem__("sha256", "0" * 64), "checksum mismatch"),
        (lambda d: d.__setitem__("schema_version", "1"), "whole number"),
        (lambda d: d.__setitem__("schema_version", True), "whole number"),
        (lambda d: d.__setitem__("case", []), "case must be a JSON object"),
        (lambda d: d.__setitem__("sha256", 5), "sha256 must be a string"),
    ],
)
def test_envelope_problems_are_named(mutate, reason):
    data = good_envelope()
    mutate(data)
    with pytest.raises(EnvelopeError, match=reason):
        envelope.decode(json.dumps(data).encode())


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty"),
        (b"  \n", "empty"),
        (b"\xff\xfe\x00", "UTF-8"),
        (b"[1]", "JSON object"),
        (b"{", "not valid JSON"),
        (b"[" * 100_000, "JSON"),
    ],
)
def test_envelope_rejects_non_envelopes(raw, reason):
    with pytest.raises(EnvelopeError, match=reason):
        envelope.decode(raw)


def test_envelope_hash_ignores_formatting():
    data = good_envelope()
    assert envelope.decode(json.dumps(data, indent=4).encode()).sha256 == data["sha256"]


NOW = datetime(2025, 6, 15, 12, 0, tzinfo=UTC)


def test_thinning_keeps_today_daily_weekly_monthly():
    # one backup every 3 hours for 200 days
    moments = [NOW - timedelta(hours=3 * i) for i in range(200 * 8)]
    kept = backups.to_keep(moments, NOW)
    ages = sorted(NOW - m for m in kept)
    recent = [a for a in ages if a < timedelta(days=1)]
    assert len(recent) == 8  # everything of the last 24 hours
    daily = [a for a in ages if timedelta(days=1) <= a < timedelta(days=14)]
    assert 12 <= len(daily) <= 14  # about one a day
    days = {(NOW - a).date() for a in daily}
    assert len(days) == len(daily)
    weekly = [a for a in ages if timedelta(days=14) <= a < timedelta(days=91)]
    assert 10 <= len(weekly) <= 13
    monthly = [a for a in ages if a >= timedelta(days=91)]
    assert 3 <= len(monthly) <= 5
    assert max(moments) in kept


def test_thinning_keeps_the_newest_of_each_day():
    day = NOW - timedelta(days=5)
    moments = [day.replace(hour=h) for h in (8, 12, 17)]
    assert backups.to_keep(moments, NOW) == {day.replace(hour=17)}


def test_thinning_always_keeps_the_newest_even_if_old():
    old = NOW - timedelta(days=400)
    assert backups.to_keep([old], NOW) == {old}
    assert backups.to_keep([], NOW) == set()


def test_backup_stamps_round_trip():
    moment = datetime(2025, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
    assert backups.parse_stamp(backups.stamp(moment)) == moment
    assert backups.parse_stamp(backups.stamp(moment) + "-2") == moment
    assert backups.parse_stamp("not-a-stamp") is None


def test_store_thins_backups_on_save(monkeypatch):
    from nelm_desktop.core.model import new_case
    from nelm_desktop.core.store import CaseStore

    store = CaseStore()
    loaded = store.save(new_case(patient_label="thin"))
    folder = store.backups_dir / loaded.case.case_id
    folder.mkdir(parents=True, exist_ok=True)  # the store keeps its anchor.json there
    real_now = datetime.now(UTC)
    for days in range(1, 40):  # one old backup a day for 39 days, plus three on day 3
        for hour in (0, 1, 2) if days == 3 else (0,):
            name = backups.stamp(real_now - timedelta(days=days, hours=hour))
            (folder / f"{name}.json").write_bytes(loaded.path.read_bytes())
    store.save(loaded.case.model_copy(update={"notes": "x"}), loaded.file_hash)
    kept = store.backups(loaded.case.case_id)
    assert 14 + 3 <= len(kept) <= 14 + 6  # today + ~daily for two weeks + ~weekly after
    assert (
        sum(
            1
            for b in kept
            if backups.parse_stamp(b.backup_id).date() == (real_now - timedelta(days=3)).date()
        )
        <= 1
    )
