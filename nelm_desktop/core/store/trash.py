"""The trash: a deleted case is moved (stamped) to ``trash/``, restored from its newest deletion, and
emptied without destroying a trashed version of a case that is back in the library."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from nelm_desktop.core.fileio import ensure_dir, fsync_dir, is_temp_name, replace
from nelm_desktop.core.grading import grade_case
from nelm_desktop.core.store import backups
from nelm_desktop.core.store.errors import StoreError, refused
from nelm_desktop.core.store.folders import _ID_RE
from nelm_desktop.core.store.locking import held
from nelm_desktop.core.store.quarantine import Quarantine
from nelm_desktop.core.store.reading import _Damaged
from nelm_desktop.core.store.records import CaseSummary, LoadedCase
from nelm_desktop.core.store.versions import KeptVersions


class Trash(Quarantine, KeptVersions):
    """Delete, list, restore and empty the trash."""

    def delete(self, case_id: str) -> None:
        """Move a case to the trash (never straight to nothing)."""
        path = self.case_path(case_id)
        self._ensure_dirs()
        with held(self._case_lock(case_id), f"case {case_id}"):
            if not path.exists():
                raise StoreError(f"No case {case_id} in the library")
            try:
                ensure_dir(self.trash_dir)
                # Always stamped: the deletion time orders the trashed versions of one case.
                base = f"{case_id}--{backups.stamp(datetime.now(UTC))}"
                dest, n = self.trash_dir / f"{base}.json", 0
                while dest.exists():
                    n += 1
                    dest = self.trash_dir / f"{base}-{n}.json"
                replace(path, dest)
                fsync_dir(self.trash_dir)
                fsync_dir(self.cases_dir)
            except OSError as exc:
                raise refused(exc, "move the case to the trash") from None

    def trash(self) -> list[CaseSummary]:
        out: list[CaseSummary] = []
        try:
            names = sorted(os.listdir(self.trash_dir))
        except OSError:
            return out
        for name in names:
            if not name.endswith(".json") or is_temp_name(name):
                continue
            path = self.trash_dir / name
            case_id = name[: -len(".json")].partition("--")[0]
            summary = self._summarize(path, case_id)
            if summary is None:
                out.append(
                    CaseSummary(
                        case_id,
                        "(damaged file)",
                        "unknown",
                        "undetermined",
                        "",
                        False,
                        self.trash_dir,
                        True,
                        name,
                    )
                )
            else:
                out.append(summary)
        return out

    def _summarize(self, path: Path, case_id: str | None) -> CaseSummary | None:
        """The row of a file outside the listing (a trashed version: read-only), None when damaged."""
        try:
            raw = self._read(path)
        except StoreError:
            return None
        if raw is None:
            return None
        try:
            loaded = self._interpret(raw, path, case_id)
        except _Damaged:
            return None
        case = loaded.case
        grade = grade_case(case)[0].grade
        return CaseSummary(
            case.case_id,
            case.patient_label,
            case.primary_site,
            grade,
            case.updated_at,
            case.demo,
            path.parent,
            True,
            path.name,
        )

    def restore_from_trash(self, case_id: str) -> LoadedCase:
        files = self._trash_files(self._check_id(case_id))
        if not files:
            raise StoreError(f"Case {case_id} is not in the trash")
        path = self.case_path(case_id)
        self._ensure_dirs()
        with held(self._case_lock(case_id), f"case {case_id}"):
            if path.exists():
                raise StoreError(f"A case with id {case_id} is already in the library; nothing was restored")
            try:
                replace(files[-1], path)
                fsync_dir(self.cases_dir)
                fsync_dir(self.trash_dir)
            except OSError as exc:
                raise refused(exc, "restore the case from the trash") from None
        return self.load(case_id)

    def trash_kept_on_empty(self) -> list[str]:
        """Ids of trashed cases that are also in the library: emptying the trash keeps their trashed
        versions as earlier versions (Versions...) instead of deleting them (see empty_trash)."""
        ids = {p.name[: -len(".json")].partition("--")[0] for p in self._trash_paths()}
        return sorted(cid for cid in ids if _ID_RE.match(cid) and self.case_path(cid).exists())

    def empty_trash(self) -> int:
        """Delete the trashed cases for good (and the backups of cases no longer in the library).

        A trashed version of a case that is back in the library (restored or re-imported) may be its
        newest content: it is never destroyed here but moved to that case's kept versions, where
        Versions... can restore it. Returns the number of files deleted for good."""
        self._ensure_dirs()
        removed = 0
        with held(self._library_lock(), "the library"):
            for path in self._trash_paths():
                case_id = path.name[: -len(".json")].partition("--")[0]
                if not _ID_RE.match(case_id):
                    removed += self._delete_for_good(path)
                    continue
                # Judged under the case lock: a save of that case at this moment (another window's
                # "Save it again", a restore, an import) is either before (the case is back: its
                # trashed version is kept) or after (it finds its kept versions gone), never between
                # the look and the delete, which removed the kept versions of a case just saved.
                with held(self._case_lock(case_id), f"case {case_id}"):
                    if self.case_path(case_id).exists():
                        try:
                            self._keep_as_backup(case_id, path)
                        except OSError as exc:
                            raise refused(exc, "empty the trash") from None
                        continue
                    removed += self._delete_for_good(path)
                    if not self._trash_files(case_id):
                        import shutil

                        shutil.rmtree(self.backups_dir / case_id, ignore_errors=True)
        return removed

    def _delete_for_good(self, path: Path) -> int:
        try:
            path.unlink()
        except OSError as exc:
            raise refused(exc, "empty the trash") from None
        return 1
