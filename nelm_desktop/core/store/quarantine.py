"""Damaged files: `load` sets a case file that fails its checks aside in ``quarantine/`` with its reason
(the reason is written first), and `quarantined()` lists them."""

from __future__ import annotations

import contextlib
import os
from datetime import UTC, datetime
from pathlib import Path

from nelm_desktop.core.fileio import (
    atomic_write_bytes,
    ensure_dir,
    is_temp_name,
    read_regular,
    replace,
    tighten_entry,
)
from nelm_desktop.core.store import backups
from nelm_desktop.core.store.errors import CorruptCaseError, StoreError
from nelm_desktop.core.store.locking import held
from nelm_desktop.core.store.reading import CaseReading, DamagedFileError, _Damaged
from nelm_desktop.core.store.records import LoadedCase, QuarantineInfo

REASON_SUFFIX = ".reason.txt"


def set_aside(path: Path, dest: Path, reason: str) -> Path | None:
    """Move a damaged file to `dest` in a quarantine folder, its reason beside it. Returns the new path, or None when the file stayed where it was (read-only or full disk).

    One place for both stores (cases and board records). The reason is written first, privately and
    atomically: a file is never in quarantine without its reason (on a full disk the file stays in
    place, and the listing shows it with its reason among the problems)."""

    reason_path = dest.with_name(dest.name + REASON_SUFFIX)
    try:
        ensure_dir(dest.parent)
        atomic_write_bytes(reason_path, (reason + "\n").encode("utf-8"))
    except OSError:
        return None
    try:
        # No fsync: if the rename is lost in a power cut the damaged file is simply found again.
        replace(path, dest)
        with contextlib.suppress(OSError):  # the damaged file may have come loose (a copy, a hand edit)
            tighten_entry(dest, os.lstat(dest))
    except OSError:
        with contextlib.suppress(OSError):
            reason_path.unlink()
        return None
    return dest


class Quarantine(CaseReading):
    """Loading a case, and setting damaged files aside."""

    def load(self, case_id: str) -> LoadedCase:
        path = self.case_path(case_id)
        raw = self._read(path)
        if raw is None:
            where = " (it is in the trash)" if self._trash_files(case_id) else ""
            raise StoreError(f"No case {case_id} in the library{where}")
        try:
            return self._interpret(raw, path, case_id)
        except _Damaged as damage:
            self._fail_corrupt(case_id, path, raw, damage.reason)
            raise AssertionError("unreachable") from None  # pragma: no cover

    def _fail_corrupt(self, case_id: str, path: Path, raw: bytes, reason: str) -> None:
        quarantined: Path | None = None
        try:
            self._ensure_dirs()
            with held(self._case_lock(case_id), f"case {case_id}"):
                if self._read(path) == raw:  # not replaced by a good save meanwhile
                    quarantined = self._quarantine(case_id, path, reason)
        except StoreError:
            quarantined = None
        kept = self.backups(case_id)
        raise CorruptCaseError(case_id, reason, quarantined, kept, self._newest_good_backup(case_id, kept))

    def _quarantine(self, case_id: str, path: Path, reason: str) -> Path | None:
        """Move a damaged file aside (caller holds the case lock); see `set_aside`."""
        dest = self.quarantine_dir / f"{case_id}--{backups.stamp(datetime.now(UTC))}.json"
        return set_aside(path, dest, reason)

    def quarantined(self) -> list[QuarantineInfo]:
        out: list[QuarantineInfo] = []
        try:
            names = sorted(os.listdir(self.quarantine_dir), reverse=True)
        except OSError:
            return out
        for name in names:
            if not name.endswith(".json") or is_temp_name(name):
                continue
            case_id, _, rest = name[: -len(".json")].partition("--")
            moment = backups.parse_stamp(rest)
            try:
                raw = read_regular(self.quarantine_dir / (name + REASON_SUFFIX), 64 * 1024, private=True)
                reason = raw.decode("utf-8").strip()  # bounded and never a FIFO: listing must not hang
            except (OSError, UnicodeDecodeError):
                reason = ""
            if not reason:
                reason = self._reason_for(self.quarantine_dir / name, case_id)
            out.append(
                QuarantineInfo(
                    case_id=case_id,
                    path=self.quarantine_dir / name,
                    reason=reason,
                    quarantined_at=moment.isoformat() if moment else "",
                )
            )
        return out

    def _reason_for(self, path: Path, case_id: str) -> str:
        """Why a file is not a sound case, found again by reading it (a reason file may be missing)."""
        try:
            raw = self._read(path)
            if raw is None:
                return "the file is gone"
            self._interpret(raw, path, case_id)
        except DamagedFileError as damage:
            return damage.reason
        except StoreError as exc:
            return str(exc)
        return "reason not recorded (the file reads correctly now; it can be imported again)"
