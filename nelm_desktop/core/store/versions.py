"""Kept versions of a case (``backups/<id>/``): written before each overwrite, thinned by age
(backups.py), and a trashed version kept when the trash is emptied."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from nelm_desktop.core.fileio import atomic_write_bytes, ensure_dir, fsync_dir, replace
from nelm_desktop.core.store import backups
from nelm_desktop.core.store.folders import StoreFolders


class KeptVersions(StoreFolders):
    """Writing and thinning the earlier versions of a case."""

    def _write_backup(self, case_id: str, raw: bytes) -> None:
        folder = self.backups_dir / case_id
        ensure_dir(folder)
        base = backups.stamp(datetime.now(UTC))
        name, n = base, 0
        while (folder / f"{name}.json").exists():
            n += 1
            name = f"{base}-{n}"
        atomic_write_bytes(folder / f"{name}.json", raw)

    def _thin_backups(self, case_id: str, now: datetime | None = None) -> None:
        kept = self.backups(case_id)
        moments = {info.backup_id: backups.parse_stamp(info.backup_id) for info in kept}
        survivors = backups.to_keep([m for m in moments.values() if m], now or datetime.now(UTC))
        for info in kept:
            moment = moments[info.backup_id]
            if moment is not None and moment not in survivors:
                info.path.unlink()

    def _keep_as_backup(self, case_id: str, path: Path) -> None:
        folder = self.backups_dir / case_id
        ensure_dir(folder)
        moment = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        base = backups.stamp(moment)
        name, n = base, 0
        while (folder / f"{name}.json").exists():
            n += 1
            name = f"{base}-{n}"
        replace(path, folder / f"{name}.json")
        fsync_dir(folder)
