"""Moving cases between machines: a zip with ``manifest.json`` plus one envelope file per case, and
import of such a zip or of a single case JSON file.

Duplicates are recognised by case id and content hash (the envelope's `sha256` of the case payload):
same id and same hash is skipped; same id with other content is imported as a copy under a new id, and
reported, so nothing on either side is overwritten.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import uuid
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nelm_desktop import __version__
from nelm_desktop.core.fileio import (
    atomic_write_bytes,
    ensure_dir,
    fsync_dir,
    is_temp_name,
    replace,
    temp_prefix,
)
from nelm_desktop.core.loading import MAX_CASE_BYTES, CaseInputError, case_from_data
from nelm_desktop.core.model import SCHEMA_VERSION, Case
from nelm_desktop.core.store import envelope
from nelm_desktop.core.store.errors import StoreError, describe_os_error
from nelm_desktop.core.store.locking import held
from nelm_desktop.core.store.records import ImportReport

if TYPE_CHECKING:
    from nelm_desktop.core.store.store import CaseStore

MANIFEST = "manifest.json"
FORMAT = "nelm-desktop-library"
FORMAT_VERSION = 1
MAX_MEMBERS = 200_000
# Per-case folders that travel with their case in an export: ``<root>/<folder>/<case_id>/<name>.json``
# (the time points of core/timeline). They are copied as they are, never overwriting a file already here.
CASE_COMPANIONS: tuple[str, ...] = ("timepoints",)
_COMPANION_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.json$")


def export_library(store: CaseStore, zip_path: Path, case_ids: Sequence[str] | None = None) -> int:
    """Write the library (or the given cases) to `zip_path` atomically; returns the number exported.

    Damaged files are not exported (they are in quarantine); a newer-format file is exported verbatim.
    """
    ids = [summary.case_id for summary in store.list_cases()] if case_ids is None else list(case_ids)
    folder = zip_path.parent
    if not folder.is_dir():
        raise StoreError(f"{folder}: no such folder to export into")
    tmp = folder / f"{temp_prefix(zip_path.name)}{uuid.uuid4().hex[:12]}.tmp"
    entries: list[dict[str, Any]] = []
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for case_id in ids:
                raw = store._read(store.case_path(case_id))
                if raw is None:
                    raise StoreError(f"No case {case_id} in the library")
                try:
                    env = envelope.decode(raw)
                except envelope.EnvelopeError as exc:
                    raise StoreError(
                        f"Case {case_id} is damaged and was not exported: {exc.reason}"
                    ) from None
                name = f"cases/{case_id}.json"
                archive.writestr(name, raw)
                _export_companions(store, archive, case_id)
                entries.append(
                    {
                        "case_id": case_id,
                        "file": name,
                        "sha256": env.sha256,
                        "schema_version": env.schema_version,
                    }
                )
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "app_version": __version__,
                "schema_version": SCHEMA_VERSION,
                "exported_at": envelope.now_utc(),
                "cases": entries,
            }
            archive.writestr(MANIFEST, json.dumps(manifest, indent=2))
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        replace(tmp, zip_path)
        fsync_dir(folder)
    except OSError as exc:
        raise StoreError(f"Could not write {zip_path}: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(OSError):
            if tmp.exists():
                tmp.unlink()
    return len(entries)


def import_path(store: CaseStore, path: Path) -> ImportReport:
    """Import a library zip or one case JSON file (flat case, `{"facts": ...}` or an envelope).

    Raises StoreError when the source as a whole is unusable; per-case problems go in the report.
    """
    if not path.exists():
        raise StoreError(f"{path}: no such file")
    if path.is_dir():
        raise StoreError(f"{path}: is a folder; give a .zip exported by NELM Desktop or a case .json file")
    report = ImportReport(source=path)
    if zipfile.is_zipfile(path):
        _import_zip(store, path, report)
    else:
        _import_json_file(store, path, report)
    return report


def _import_zip(store: CaseStore, path: Path, report: ImportReport) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise StoreError(f"{path}: not a readable zip ({exc})") from None
    with archive:
        try:
            info = archive.getinfo(MANIFEST)
        except KeyError:
            raise StoreError(f"{path}: no {MANIFEST}; not a library exported by NELM Desktop") from None
        manifest = _read_json_member(archive, info)
        if (
            not isinstance(manifest, dict)
            or manifest.get("format") != FORMAT
            or not isinstance(manifest.get("cases"), list)
        ):
            raise StoreError(f"{path}: {MANIFEST} is not a NELM Desktop library manifest")
        version = manifest.get("format_version")
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise StoreError(f"{path}: made by a newer NELM Desktop (library format {version}); update first")
        cases = manifest["cases"]
        if len(cases) > MAX_MEMBERS:
            raise StoreError(f"{path}: too many cases in one archive ({len(cases)})")
        for item in cases:
            if not isinstance(item, dict) or not isinstance(item.get("file"), str):
                report.problems.append(f"{MANIFEST}: an entry without a file name was skipped")
                continue
            name = item["file"]
            try:
                member = archive.getinfo(name)
            except KeyError:
                report.problems.append(f"{name}: listed in the manifest but missing from the zip")
                continue
            if member.file_size > MAX_CASE_BYTES:
                report.problems.append(f"{name}: too large for a case file ({member.file_size} bytes)")
                continue
            try:
                raw = archive.read(member)
            except (zipfile.BadZipFile, OSError, ValueError) as exc:
                report.problems.append(f"{name}: damaged in the zip ({exc})")
                continue
            try:
                env = envelope.decode(raw)
            except envelope.EnvelopeError as exc:
                report.problems.append(f"{name}: {exc.reason}")
                continue
            if env.sha256 != str(item.get("sha256", "")).lower():
                report.problems.append(f"{name}: content does not match the manifest's checksum; skipped")
                continue
            before = (len(report.imported), len(report.duplicates), len(report.copies))
            _import_envelope(store, name, raw, env, report)
            original = env.case.get("case_id")
            if isinstance(original, str):
                final = _final_id(report, before, original)
                if final is not None:
                    _import_companions(store, archive, original, final, report)


def _final_id(report: ImportReport, before: tuple[int, int, int], original: str) -> str | None:
    """Under which id the case just imported now lives (itself, or its copy); None if not placed."""
    if len(report.copies) > before[2]:
        return report.copies[-1][1]
    if len(report.imported) > before[0] or len(report.duplicates) > before[1]:
        return original
    return None


def _export_companions(store: CaseStore, archive: zipfile.ZipFile, case_id: str) -> None:
    for folder in CASE_COMPANIONS:
        source = store.root / folder / case_id
        try:
            names = sorted(os.listdir(source))
        except OSError:
            continue
        for name in names:
            if _COMPANION_NAME.match(name) and not is_temp_name(name):
                try:
                    archive.writestr(f"{folder}/{case_id}/{name}", (source / name).read_bytes())
                except OSError as exc:
                    raise StoreError(describe_os_error(exc, f"export {folder} of case {case_id}")) from None


def _import_companions(
    store: CaseStore, archive: zipfile.ZipFile, original: str, final: str, report: ImportReport
) -> None:
    for folder in CASE_COMPANIONS:
        prefix = f"{folder}/{original}/"
        for info in archive.infolist():
            name = info.filename[len(prefix) :] if info.filename.startswith(prefix) else ""
            if not _COMPANION_NAME.match(name):
                continue
            if info.file_size > MAX_CASE_BYTES:
                report.problems.append(f"{info.filename}: too large; skipped")
                continue
            try:
                raw = archive.read(info)
                if not isinstance(json.loads(raw.decode("utf-8")), dict):
                    raise ValueError("not a JSON object")
            except (zipfile.BadZipFile, OSError, ValueError, UnicodeDecodeError, RecursionError) as exc:
                report.problems.append(f"{info.filename}: damaged ({exc}); skipped")
                continue
            target_dir = store.root / folder / final
            try:
                ensure_dir(store.root / folder)  # each level private (ensure_dir's parents would not be)
                ensure_dir(target_dir)
                if not (target_dir / name).exists():
                    atomic_write_bytes(target_dir / name, raw)
            except OSError as exc:
                report.problems.append(f"{info.filename}: {describe_os_error(exc, 'import it')}")


def _read_json_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Any:
    if info.file_size > MAX_CASE_BYTES * 10:
        raise StoreError(f"{MANIFEST}: too large")
    try:
        return json.loads(archive.read(info).decode("utf-8"))
    except (ValueError, UnicodeDecodeError, zipfile.BadZipFile, RecursionError) as exc:
        raise StoreError(f"{MANIFEST}: not valid JSON ({exc})") from None


def _import_json_file(store: CaseStore, path: Path, report: ImportReport) -> None:
    label = path.name
    try:
        size = path.stat().st_size
        if size > MAX_CASE_BYTES:
            raise StoreError(f"{path}: too large for a case file ({size} bytes)")
        raw = path.read_bytes()
    except OSError as exc:
        raise StoreError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise StoreError(f"{path}: not a zip and not a text file") from None
    except (ValueError, RecursionError) as exc:
        raise StoreError(f"{path}: not a zip and not valid JSON ({exc})") from None
    if isinstance(data, dict) and "sha256" in data and isinstance(data.get("case"), dict):
        try:
            env = envelope.decode(raw)
        except envelope.EnvelopeError as exc:
            report.problems.append(f"{label}: {exc.reason}")
            return
        _import_envelope(store, label, raw, env, report)
        return
    try:
        case = case_from_data(data)
    except CaseInputError as exc:
        report.problems.extend(f"{label}: {problem}" for problem in exc.problems)
        return
    _place(store, label, case, envelope.payload_hash(envelope.case_payload(case)), None, report)


def _import_envelope(
    store: CaseStore, label: str, raw: bytes, env: envelope.Envelope, report: ImportReport
) -> None:
    if env.schema_version > SCHEMA_VERSION:
        case_id = env.case.get("case_id")
        if not isinstance(case_id, str):
            report.problems.append(f"{label}: newer-format case without a usable case_id; skipped")
            return
        if not _place_verbatim(store, case_id, raw):
            local = store._read(store.case_path(case_id))
            if local is not None and _payload_hash_or_none(local) == env.sha256:
                report.duplicates.append(case_id)
            else:
                report.problems.append(
                    f"{label}: saved by a newer NELM Desktop and a different version is already here; "
                    "update NELM Desktop to import it"
                )
            return
        report.imported.append(case_id)
        return
    try:
        loaded = store._interpret(raw, Path(label), None)
    except Exception as exc:  # _Damaged: a readable reason
        report.problems.append(f"{label}: {getattr(exc, 'reason', exc)}")
        return
    verbatim = raw if env.schema_version == SCHEMA_VERSION else None
    _place(store, label, loaded.case, env.sha256, verbatim, report)


def _payload_hash_or_none(raw: bytes) -> str | None:
    try:
        return envelope.decode(raw).sha256
    except envelope.EnvelopeError:
        return None


def _place_verbatim(store: CaseStore, case_id: str, raw: bytes) -> bool:
    """Write an envelope unchanged as a new case (keeps its hash and history); False if the id exists."""
    path = store.case_path(case_id)
    store._ensure_dirs()
    with held(store._case_lock(case_id), f"case {case_id}"):
        if path.exists():
            return False
        try:
            atomic_write_bytes(path, raw)
        except OSError as exc:
            raise StoreError(describe_os_error(exc, f"import case {case_id}")) from None
    return True


def _place(
    store: CaseStore, label: str, case: Case, incoming_hash: str, verbatim: bytes | None, report: ImportReport
) -> None:
    try:
        usable_id = store.case_path(case.case_id) is not None
    except StoreError:
        usable_id = False
    try:
        if usable_id:
            if verbatim is not None and _place_verbatim(store, case.case_id, verbatim):
                report.imported.append(case.case_id)
                return
            local = store._read(store.case_path(case.case_id))
            if local is None:
                store._save(case, None, "imported", {"source": Path(label).name})
                report.imported.append(case.case_id)
                return
            if _payload_hash_or_none(local) == incoming_hash:
                report.duplicates.append(case.case_id)
                return
        new_id = str(uuid.uuid4())
        copy = case.model_copy(update={"case_id": new_id})
        store._save(copy, None, "imported-as-copy", {"original_case_id": case.case_id})
        report.copies.append((case.case_id, new_id))
    except StoreError as exc:
        report.problems.append(f"{label}: {exc}")


__all__ = ["export_library", "import_path", "is_temp_name"]
