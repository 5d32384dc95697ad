"""Moving cases between machines: a zip with ``manifest.json`` plus one envelope file per case, and
import of such a zip or of a single case JSON file.

Duplicates are recognised by case id and content hash (the envelope's `sha256` of the case payload):
same id and same hash is skipped; same id with other content is imported as a copy under a new id, and
reported, so nothing on either side is overwritten. Each case is placed under its case lock
(`LibraryAccess.import_case`), so two imports of one id at the same moment cannot both "win".

This module talks to the library only through the public `LibraryAccess` methods below (CaseStore
implements them); it never imports the store module, so there is no import loop.

Hostile archives are bounded: every member is named once, read at most once, at most
MAX_CASE_BYTES each and MAX_TOTAL_BYTES in all; each member is judged on its own (one bad id never
stops the others). Long runs report progress and stop when the `progress` callback returns False.

Per-case companion folders travel with their case (``<root>/<folder>/<case_id>/<name>.json``, e.g. the
timeline's time points): exported beside it and imported under the id the case lands on, never
overwriting a file already here.

More file kinds (e.g. the board's meetings) plug in with `register_kind`: each kind has its own
manifest key and zip folder, and the same bounds apply to its members.
"""

from __future__ import annotations

import contextlib
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from nelm_desktop import __version__
from nelm_desktop.core.fileio import NotRegularFileError, TooLargeError, atomic_write_zip, read_regular
from nelm_desktop.core.loading import (
    MAX_CASE_BYTES,
    CaseInputError,
    DuplicateKeyError,
    case_from_data,
    invalid_text_problem,
    parse_json,
)
from nelm_desktop.core.model import SCHEMA_VERSION, Case
from nelm_desktop.core.store import envelope
from nelm_desktop.core.store.errors import StoreError, WriteRefusedError, describe_write_error
from nelm_desktop.core.store.records import ExportReport, ImportReport, LoadedCase

MANIFEST = "manifest.json"
FORMAT = "nelm-desktop-library"
FORMAT_VERSION = 1
MAX_MEMBERS = 200_000
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
# All members of one archive together, uncompressed: 100,000 typical cases are ~0.5 GB.
MAX_TOTAL_BYTES = 4 * 1024 * 1024 * 1024

# Per-case folders that travel with their case in an export (the time points of core/timeline).
CASE_COMPANIONS: tuple[str, ...] = ("timepoints",)

# progress(done, total) -> keep going? Called between members; False stops at the next member.
Progress = Callable[[int, int], bool]


class LibraryAccess(Protocol):
    """What exchange needs from the library (CaseStore's public import/export API)."""

    root: Path

    def case_file_ids(self) -> list[str]: ...
    def read_case_bytes(self, case_id: str) -> bytes | None: ...
    def check_case_bytes(self, raw: bytes, label: str, expect_id: str | None = None) -> LoadedCase: ...
    def import_case(
        self, case: Case, incoming_hash: str, verbatim: bytes | None, source: str
    ) -> tuple[str, str, str]: ...
    def import_newer_verbatim(self, case_id: str, raw: bytes, incoming_hash: str) -> str: ...
    def quarantined(self) -> list[Any]: ...
    def companion_files(self, folder: str, case_id: str) -> list[tuple[str, bytes]]: ...
    def add_companion(self, folder: str, case_id: str, name: str, raw: bytes) -> bool: ...
    def journaled_temp(self) -> contextlib.AbstractContextManager[Callable[[Path], None]]: ...
    def batched_durability(self) -> contextlib.AbstractContextManager[None]: ...


class FileKind(Protocol):
    """Another kind of library file carried in the zip (manifest key = zip folder = `key`)."""

    key: str

    def export_members(
        self, store: LibraryAccess, case_ids: frozenset[str] | None, notes: list[str]
    ) -> Iterable[tuple[str, bytes, dict[str, Any]]]:
        """(file name within the kind's folder, bytes, extra manifest fields) for each file to export:
        every file for a whole-library export (`case_ids` None), else only what belongs with those
        cases; lines for the export report go to `notes` (say what was left out or changed)."""
        ...

    def import_member(
        self, store: LibraryAccess, name: str, raw: bytes, entry: dict[str, Any], report: ImportReport
    ) -> None: ...


EXTRA_KINDS: list[FileKind] = []


def register_kind(kind: FileKind) -> None:
    """Carry another kind of library file in exports and imports (once per key)."""
    if kind.key == "cases" or any(k.key == kind.key for k in EXTRA_KINDS):
        raise ValueError(f"file kind {kind.key!r} is already registered")
    EXTRA_KINDS.append(kind)


class _Cancelled(Exception):
    pass


# ---------------------------------------------------------------------------------------------- export
def export_library(
    store: LibraryAccess,
    zip_path: Path,
    case_ids: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> ExportReport:
    """Write the library (or the given cases) to `zip_path` atomically (private file, fsynced).

    Every case file is included byte for byte; a case that cannot be read or is damaged is named in
    `report.problems` (and in the manifest's `not_included`), never silently left out. Damaged files
    already in quarantine are mentioned in `report.notes`. When `progress` returns False nothing is
    written and `report.cancelled` is True.
    """
    report = ExportReport(path=zip_path)
    folder = zip_path.parent
    if not folder.is_dir():
        raise StoreError(f"{folder}: no such folder to export into")
    if zip_path.is_dir():
        raise StoreError(f"{zip_path}: is a folder; give a file name such as library.zip")
    ids = store.case_file_ids() if case_ids is None else list(case_ids)
    total = len(ids)
    entries: list[dict[str, Any]] = []
    not_included: list[dict[str, str]] = []
    kinds: dict[str, list[dict[str, Any]]] = {}

    def fill(archive: zipfile.ZipFile) -> None:
        for done, case_id in enumerate(ids):
            if progress is not None and not progress(done, total):
                raise _Cancelled
            why = _export_one(store, archive, case_id, entries, explicit=case_ids is not None)
            if why:
                report.problems.append(f"case {case_id}: {why}; not exported")
                not_included.append({"case_id": case_id, "reason": why})
        chosen = None if case_ids is None else frozenset(str(entry["case_id"]) for entry in entries)
        for kind in EXTRA_KINDS:
            rows = kinds.setdefault(kind.key, [])
            for name, raw, extra in kind.export_members(store, chosen, report.notes):
                member = f"{kind.key}/{name}"
                archive.writestr(member, raw)
                rows.append({**extra, "file": member, "sha256": envelope.bytes_hash(raw)})
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "app_version": __version__,
            "schema_version": SCHEMA_VERSION,
            "exported_at": envelope.now_utc(),
            "cases": entries,
            **kinds,
        }
        if not_included:
            manifest["not_included"] = not_included
        archive.writestr(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
        if progress is not None and not progress(total, total):
            raise _Cancelled

    try:
        with store.journaled_temp() as remember:
            atomic_write_zip(zip_path, fill, on_temp=remember)
    except _Cancelled:
        report.cancelled = True
        return report
    except OSError as exc:
        raise StoreError(describe_write_error(zip_path, exc)) from None
    report.exported = [str(entry["case_id"]) for entry in entries]
    if case_ids is None:
        with contextlib.suppress(StoreError, OSError):
            held_aside = len(store.quarantined())
            if held_aside:
                report.notes.append(
                    f"{held_aside} damaged file(s) in quarantine are not part of the library and were "
                    "not exported (see Library → Problems)"
                )
    return report


def _export_one(
    store: LibraryAccess,
    archive: zipfile.ZipFile,
    case_id: str,
    entries: list[dict[str, Any]],
    explicit: bool,
) -> str:
    """Add one case file; returns why it could not be included ("" when it was, or it vanished)."""
    try:
        raw = store.read_case_bytes(case_id)
    except StoreError as exc:
        return f"could not be read ({str(exc).partition(': ')[2] or exc})"
    if raw is None:
        return "no such case in the library" if explicit else ""  # deleted meanwhile: not a loss
    try:
        env = envelope.decode(raw)
    except envelope.EnvelopeError as exc:
        return f"the file is damaged ({exc.reason})"
    try:
        companions = [(folder, store.companion_files(folder, case_id)) for folder in CASE_COMPANIONS]
    except StoreError as exc:
        return f"its {exc!s}"
    name = f"cases/{case_id}.json"
    archive.writestr(name, raw)
    for folder, files in companions:
        for file_name, data in files:
            archive.writestr(f"{folder}/{case_id}/{file_name}", data)
    entries.append(
        {"case_id": case_id, "file": name, "sha256": env.sha256, "schema_version": env.schema_version}
    )
    return ""


# ---------------------------------------------------------------------------------------------- import
def import_path(
    store: LibraryAccess,
    path: Path,
    progress: Progress | None = None,
    before_zip: Callable[[], None] | None = None,
) -> ImportReport:
    """Import a library zip or one case JSON file (flat case, `{"facts": ...}` or an envelope).

    Raises StoreError when the source as a whole is unusable; per-case problems go in the report.
    Only a regular file is opened (a FIFO or a device is refused, never read). `before_zip` runs
    before a zip is read (e.g. registers more file kinds).
    """
    try:
        st_ok = path.is_file()
    except OSError:
        st_ok = False
    if not path.exists():
        raise StoreError(f"{path}: no such file")
    if path.is_dir():
        raise StoreError(f"{path}: is a folder; give a .zip exported by NELM Desktop or a case .json file")
    if not st_ok:
        raise StoreError(f"{path}: not a regular file (a pipe, device or socket); nothing was read")
    report = ImportReport(source=path)
    try:
        if _looks_like_zip(path):
            if before_zip is not None:
                before_zip()
            with store.batched_durability():
                _import_zip(store, path, report, progress)
        else:
            _import_json_file(store, path, report)
    except WriteRefusedError as exc:
        # The machine refused a write (a full disk): every write after it would be refused too. Each
        # case is written whole or not at all, so what came in before is complete; importing the same
        # source again skips it (duplicates) and brings in the rest, with any time points left behind.
        report.stopped = str(exc)
    return report


def _looks_like_zip(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) == b"PK\x03\x04" and zipfile.is_zipfile(path)
    except OSError as exc:
        raise StoreError(f"{path}: cannot read ({exc.strerror or exc})") from None


@dataclass
class _Budget:
    """Bounds the work an archive can cause, whatever its manifest claims."""

    seen: set[str] = field(default_factory=set)
    total: int = 0
    repeats: int = 0
    by_prefix: dict[str, list[zipfile.ZipInfo]] | None = None

    def listing(self, archive: zipfile.ZipFile, prefix: str) -> list[zipfile.ZipInfo]:
        """Members under ``<folder>/<case_id>/`` (one pass over the zip's directory, not one per case)."""
        if self.by_prefix is None:
            self.by_prefix = {}
            for info in archive.infolist():
                head, sep, _ = info.filename.rpartition("/")
                if sep and "/" in head:
                    self.by_prefix.setdefault(head + "/", []).append(info)
        return self.by_prefix.get(prefix, [])


def _members(
    archive: zipfile.ZipFile, rows: list[Any], budget: _Budget, report: ImportReport, label: str
) -> Iterator[tuple[str, bytes, dict[str, Any]]]:
    for row in rows:
        if not isinstance(row, dict) or not isinstance(row.get("file"), str):
            report.problems.append(f"{MANIFEST}: a {label} entry without a file name was skipped")
            continue
        name = row["file"]
        if name in budget.seen:
            budget.repeats += 1  # summarised once at the end: a hostile manifest repeats 200,000 times
            continue
        budget.seen.add(name)
        try:
            member = archive.getinfo(name)
        except KeyError:
            report.problems.append(f"{name}: listed in the manifest but missing from the zip")
            continue
        if member.file_size > MAX_CASE_BYTES:
            report.problems.append(f"{name}: too large for a library file ({member.file_size} bytes)")
            continue
        if budget.total + member.file_size > MAX_TOTAL_BYTES:
            report.problems.append(
                f"{name}: the archive holds more data than one library import allows; stopped"
            )
            return
        budget.total += member.file_size
        try:
            with archive.open(member) as handle:
                raw = handle.read(MAX_CASE_BYTES + 1)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError) as exc:
            report.problems.append(f"{name}: damaged in the zip ({exc})")
            continue
        yield name, raw, row


def _import_zip(store: LibraryAccess, path: Path, report: ImportReport, progress: Progress | None) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise StoreError(f"{path}: not a readable zip ({exc})") from None
    with archive:
        manifest = _read_manifest(archive, path)
        cases = manifest["cases"]
        extra_rows = {kind.key: manifest.get(kind.key) for kind in EXTRA_KINDS}
        count = len(cases) + sum(len(rows) for rows in extra_rows.values() if isinstance(rows, list))
        if count > MAX_MEMBERS:
            raise StoreError(f"{path}: too many files in one archive ({count}; at most {MAX_MEMBERS})")
        missing = manifest.get("not_included")
        if isinstance(missing, list) and missing:
            report.notes.append(
                f"the exporting library could not include {len(missing)} case(s); this archive is incomplete"
            )
        budget = _Budget()
        for done, (name, raw, row) in enumerate(_members(archive, cases, budget, report, "case")):
            if progress is not None and not progress(done, len(cases)):
                report.cancelled = True
                return
            try:
                _import_case_member(store, name, raw, row, report, archive, budget)
            except WriteRefusedError:
                raise  # the machine's trouble, not this case's: stops the import
            except StoreError as exc:  # one case's trouble never stops the others
                report.problems.append(f"{name}: {exc}")
        for kind in EXTRA_KINDS:
            rows = extra_rows.get(kind.key)
            if not isinstance(rows, list):
                continue
            for name, raw, row in _members(archive, rows, budget, report, kind.key):
                try:
                    kind.import_member(store, name, raw, row, report)
                except WriteRefusedError:
                    raise
                except StoreError as exc:
                    report.problems.append(f"{name}: {exc}")
        if budget.repeats:
            report.problems.append(
                f"{MANIFEST}: {budget.repeats} entries list a file already listed before (each file "
                "listed more than once is read once)"
            )
        if progress is not None:
            progress(len(cases), len(cases))


def _read_manifest(archive: zipfile.ZipFile, path: Path) -> dict[str, Any]:
    try:
        info = archive.getinfo(MANIFEST)
    except KeyError:
        raise StoreError(f"{path}: no {MANIFEST}; not a library exported by NELM Desktop") from None
    if info.file_size > MAX_MANIFEST_BYTES:
        raise StoreError(f"{path}: {MANIFEST} is too large ({info.file_size} bytes)")
    try:
        with archive.open(info) as handle:
            manifest = parse_json(handle.read(MAX_MANIFEST_BYTES + 1).decode("utf-8"))
    except (ValueError, UnicodeDecodeError, zipfile.BadZipFile, RecursionError, OSError) as exc:
        raise StoreError(f"{path}: {MANIFEST} is not valid JSON ({exc})") from None
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or not isinstance(manifest.get("cases"), list)
    ):
        raise StoreError(f"{path}: {MANIFEST} is not a NELM Desktop library manifest")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise StoreError(f"{path}: made by a newer NELM Desktop (library format {version}); update first")
    return manifest


def _import_case_member(
    store: LibraryAccess,
    name: str,
    raw: bytes,
    row: dict[str, Any],
    report: ImportReport,
    archive: zipfile.ZipFile | None = None,
    budget: _Budget | None = None,
) -> None:
    if len(raw) > MAX_CASE_BYTES:
        report.problems.append(f"{name}: too large for a case file")
        return
    try:
        env = envelope.decode(raw)
    except envelope.EnvelopeError as exc:
        report.problems.append(f"{name}: {exc.reason}")
        return
    if env.sha256 != str(row.get("sha256", "")).lower():
        report.problems.append(f"{name}: content does not match the manifest's checksum; skipped")
        return
    before = (len(report.imported), len(report.duplicates), len(report.copies))
    _import_envelope(store, name, raw, env, report)
    original = env.case.get("case_id")
    if isinstance(original, str) and archive is not None and budget is not None:
        final = _final_id(report, before, original)
        if final is not None:
            _import_companions(store, archive, original, final, report, budget)


def _final_id(report: ImportReport, before: tuple[int, int, int], original: str) -> str | None:
    """Under which id the case just imported now lives (itself, or its copy); None if not placed."""
    if len(report.copies) > before[2]:
        return report.copies[-1][1]
    if len(report.imported) > before[0] or len(report.duplicates) > before[1]:
        return original
    return None


def _import_companions(
    store: LibraryAccess,
    archive: zipfile.ZipFile,
    original: str,
    final: str,
    report: ImportReport,
    budget: _Budget,
) -> None:
    for folder in CASE_COMPANIONS:
        prefix = f"{folder}/{original}/"
        for info in budget.listing(archive, prefix):
            name = info.filename[len(prefix) :]
            if info.filename in budget.seen or budget.total + info.file_size > MAX_TOTAL_BYTES:
                continue
            budget.seen.add(info.filename)
            budget.total += info.file_size
            if info.file_size > MAX_CASE_BYTES:
                report.problems.append(f"{info.filename}: too large; skipped")
                continue
            try:
                with archive.open(info) as handle:
                    raw = handle.read(MAX_CASE_BYTES + 1)
                if not isinstance(parse_json(raw.decode("utf-8")), dict):
                    raise ValueError("not a JSON object")
            except (zipfile.BadZipFile, OSError, ValueError, UnicodeDecodeError, RecursionError) as exc:
                report.problems.append(f"{info.filename}: damaged ({exc}); skipped")
                continue
            try:
                store.add_companion(folder, final, name, raw)
            except WriteRefusedError:
                raise
            except StoreError as exc:
                report.problems.append(f"{info.filename}: {exc}")


def _import_json_file(store: LibraryAccess, path: Path, report: ImportReport) -> None:
    label = path.name
    try:
        raw = read_regular(path, MAX_CASE_BYTES)
    except TooLargeError as exc:
        raise StoreError(f"{path}: too large for a case file ({exc.size} bytes)") from None
    except NotRegularFileError:
        raise StoreError(f"{path}: not a regular file; nothing was read") from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        data = parse_json(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise StoreError(f"{path}: not a zip and not a text file") from None
    except DuplicateKeyError as exc:
        raise StoreError(f"{path}: {exc}") from None
    except (ValueError, RecursionError) as exc:
        raise StoreError(f"{path}: not a zip and not valid JSON ({exc})") from None
    broken = invalid_text_problem(data)
    if broken is not None:
        raise StoreError(f"{path}: {broken}")
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
    store: LibraryAccess, label: str, raw: bytes, env: envelope.Envelope, report: ImportReport
) -> None:
    if env.schema_version > SCHEMA_VERSION:
        case_id = env.case.get("case_id")
        if not isinstance(case_id, str):
            report.problems.append(f"{label}: newer-format case without a case_id; skipped")
            return
        try:
            outcome = store.import_newer_verbatim(case_id, raw, env.sha256)
        except WriteRefusedError:
            raise
        except StoreError as exc:
            report.problems.append(f"{label}: saved by a newer NELM Desktop and not imported: {exc}")
            return
        if outcome == "imported":
            report.imported.append(case_id)
        elif outcome == "duplicate":
            report.duplicates.append(case_id)
        else:
            report.problems.append(
                f"{label}: saved by a newer NELM Desktop and a different version is already here; "
                "update NELM Desktop to import it"
            )
        return
    try:
        loaded = store.check_case_bytes(raw, label)
    except StoreError as exc:
        report.problems.append(f"{label}: {getattr(exc, 'reason', exc)}")
        return
    verbatim = raw if env.schema_version == SCHEMA_VERSION else None
    _place(store, label, loaded.case, env.sha256, verbatim, report)


def _place(
    store: LibraryAccess,
    label: str,
    case: Case,
    incoming_hash: str,
    verbatim: bytes | None,
    report: ImportReport,
) -> None:
    try:
        outcome, case_id, why = store.import_case(case, incoming_hash, verbatim, label)
    except WriteRefusedError:
        raise
    except StoreError as exc:
        report.problems.append(f"{label}: {exc}")
        return
    if outcome == "imported":
        report.imported.append(case_id)
    elif outcome == "duplicate":
        report.duplicates.append(case_id)
    else:
        report.copies.append((case.case_id, case_id))
        report.copy_reasons[case_id] = why


__all__ = [
    "EXTRA_KINDS",
    "FileKind",
    "LibraryAccess",
    "Progress",
    "export_library",
    "import_path",
    "register_kind",
]
