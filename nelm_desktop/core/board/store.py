"""`BoardStore`: meetings, decisions and board statuses as files in the library folder.

Layout (beside the case store's folders, under the same root)::

    board/meetings/<meeting_id>.json
    board/decisions/<meeting_id>--<case_id>.json
    board/status/<case_id>.json
    backups/_board/<kind>-<id>/<stamp>.json     earlier versions, thinned like a case's
    quarantine/_board/<kind>-<id>--<stamp>.json damaged files set aside, with a .reason.txt
    trash/_board/<kind>-<id>.json               deleted meetings
    locks/board-<kind>-<id>.lock

Every write goes through the case store's machinery: `fileio.atomic_write_bytes` (0600 in 0700 folders),
a backup of the previous version, a hash-chained audit revision (`store.audit`), a per-file lock
(`store.locking`) and a hash check against the version the caller read (ConflictError-like
`BoardConflictError`). `update_*` re-read the newest version under the lock and apply one edit to it,
so two workstations editing different parts of one meeting both keep their edit.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from nelm_desktop.core.board import decisions as rules
from nelm_desktop.core.board import files
from nelm_desktop.core.board.files import Kind
from nelm_desktop.core.board.model import (
    BoardStatus,
    CaseBoardStatus,
    Decision,
    Meeting,
    decision_id,
)
from nelm_desktop.core.board.stamping import BoardRecordError, stamp
from nelm_desktop.core.dates import follow_up_problem, today
from nelm_desktop.core.fileio import (
    atomic_write_bytes,
    ensure_dir,
    fsync_dir,
    is_temp_name,
    replace,
)
from nelm_desktop.core.paths import data_dir
from nelm_desktop.core.store import audit, backups
from nelm_desktop.core.store.envelope import bytes_hash
from nelm_desktop.core.store.errors import StoreError, refused
from nelm_desktop.core.store.folders import read_library_file
from nelm_desktop.core.store.locking import held, let_go, try_hold
from nelm_desktop.core.store.quarantine import set_aside

R = TypeVar("R", bound=BaseModel)
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,199}$")
_DATE_SHAPED = re.compile(r"^\d{1,5}-\d{1,2}-\d{1,2}$")


@dataclass(frozen=True, slots=True)
class Loaded(Generic[R]):
    """A record as read from (or just written to) disk; pass `file_hash` back to save over it."""

    record: R
    file_hash: str
    path: Path


class BoardConflictError(StoreError):
    """The file changed on disk since it was read (another window or workstation saved it)."""

    def __init__(self, kind: str, record_id: str, theirs: Loaded[Any] | None) -> None:
        what = "meeting" if kind == "meeting" else "decision" if kind == "decision" else "board status"
        super().__init__(
            f"This {what} was changed by another window or workstation since you opened it; "
            "nothing was overwritten. Reload it and make your change again."
        )
        self.kind = kind
        self.record_id = record_id
        self.theirs = theirs


class MeetingNotFoundError(StoreError):
    """No meeting matches what was given (bad input, exit 2 on the command line); a meeting file that is
    there but cannot be read raises its own StoreError instead, naming what it is."""


@dataclass(frozen=True, slots=True)
class DecisionPoint:
    """A decision as a point in time (for the timeline and `board due`)."""

    case_id: str
    meeting_id: str
    meeting_at: datetime | None
    recorded_at: str
    follow_up: date | None
    signed: bool
    plan: list[str]


class BoardStore:
    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root) if root is not None else data_dir()
        self.board_dir = self.root / "board"
        self.backups_dir = self.root / "backups" / "_board"
        self.quarantine_dir = self.root / "quarantine" / "_board"
        self.trash_dir = self.root / "trash" / "_board"
        self.locks_dir = self.root / "locks"
        # kind -> {record id: one line} for each file the last listing of that kind could not read (set
        # aside, not a regular file, no permission): named by the meetings window and `board list`.
        self.skipped: dict[Kind, dict[str, str]] = {}

    # ------------------------------------------------------------------ paths
    def folder(self, kind: Kind) -> Path:
        return self.board_dir / files.FOLDERS[kind]

    def path(self, kind: Kind, record_id: str) -> Path:
        if not isinstance(record_id, str) or not _ID_RE.match(record_id):
            raise StoreError(f"{record_id!r} is not a valid {kind} id")
        return self.folder(kind) / f"{record_id}.json"

    def _lock(self, kind: Kind, record_id: str) -> Path:
        return self.locks_dir / f"board-{kind}-{record_id}.lock"

    def _ensure(self, kind: Kind) -> None:
        try:
            for folder in (self.root, self.board_dir, self.folder(kind), self.locks_dir):
                ensure_dir(folder)
        except OSError as exc:
            raise refused(exc, "prepare the board folder") from None

    # ------------------------------------------------------------------ generic read / write
    def _read(self, kind: Kind, path: Path) -> bytes | None:
        where = path.relative_to(self.root) if path.is_relative_to(self.root) else path
        return read_library_file(path, root=self.root, name=f"the {kind} file {where}")

    def _load(self, kind: Kind, record_id: str, model: type[R]) -> Loaded[R] | None:
        path = self.path(kind, record_id)
        raw = self._read(kind, path)
        if raw is None:
            return None
        try:
            _env, record = files.parse(raw, kind)
        except files.BoardFileError as exc:
            self._quarantine(kind, record_id, path, raw, exc.reason)
            raise StoreError(
                f"The {kind} file {path.name} is damaged and was set aside: {exc.reason}"
            ) from None
        if files.record_id(kind, record) != record_id:
            reason = "the id inside does not match the file name"
            self._quarantine(kind, record_id, path, raw, reason)
            raise StoreError(f"The {kind} file {path.name} is damaged and was set aside: {reason}")
        assert isinstance(record, model)
        return Loaded(record, bytes_hash(raw), path)

    def _quarantine(self, kind: Kind, record_id: str, path: Path, raw: bytes, reason: str) -> None:
        with contextlib.suppress(OSError, StoreError):
            _ensure_chain(self.quarantine_dir)
            with held(self._lock(kind, record_id), f"{kind} {record_id}"):
                if self._read(kind, path) != raw:
                    return  # replaced by a good save meanwhile
                dest = self.quarantine_dir / f"{kind}-{record_id}--{backups.stamp(datetime.now(UTC))}.json"
                set_aside(path, dest, reason)

    def _write(
        self,
        kind: Kind,
        record: R,
        previous: Loaded[R] | None,
        action: str,
        extra: dict[str, Any],
    ) -> Loaded[R]:
        """Append an audit revision and write (the caller holds the lock)."""
        record_id = files.record_id(kind, record)
        path = self.path(kind, record_id)
        stamped = stamp(record, previous.record if previous else None, action, extra)
        data = files.encode(kind, stamped)
        try:
            if previous is not None:
                raw = self._read(kind, path)
                if raw is not None:
                    self._backup(kind, record_id, raw)
            atomic_write_bytes(path, data)
        except OSError as exc:
            raise refused(exc, f"save the {kind}") from None
        return Loaded(stamped, bytes_hash(data), path)

    def _backup(self, kind: Kind, record_id: str, raw: bytes) -> None:
        folder = self.backups_dir / f"{kind}-{record_id}"
        _ensure_chain(folder)
        now = datetime.now(UTC)
        base = backups.stamp(now)
        name, n = base, 0
        while (folder / f"{name}.json").exists():
            n += 1
            name = f"{base}-{n}"
        atomic_write_bytes(folder / f"{name}.json", raw)
        with contextlib.suppress(OSError):
            kept = {
                stem: moment
                for stem in (p.stem for p in folder.glob("*.json"))
                if (moment := backups.parse_stamp(stem)) is not None
            }
            survivors = backups.to_keep(kept.values(), now)
            for stem, moment in kept.items():
                if moment not in survivors:
                    (folder / f"{stem}.json").unlink()

    def backups(self, kind: Kind, record_id: str) -> list[Path]:
        """Kept earlier versions of a record, newest first."""
        folder = self.backups_dir / f"{kind}-{record_id}"
        return sorted(folder.glob("*.json"), reverse=True) if folder.is_dir() else []

    def _save(
        self,
        kind: Kind,
        record: R,
        expected_hash: str | None,
        model: type[R],
        *,
        action: str = "edited",
        extra: dict[str, Any] | None = None,
        guard: Callable[[R | None, R], None] | None = None,
    ) -> Loaded[R]:
        """Save `record` over the version with `expected_hash` (None: it must be new)."""
        record_id = files.record_id(kind, record)
        self._ensure(kind)
        with held(self._lock(kind, record_id), f"the {kind}"):
            current = self._load(kind, record_id, model)
            disk_hash = current.file_hash if current else None
            if disk_hash != expected_hash:
                raise BoardConflictError(kind, record_id, current)
            if guard is not None:
                guard(current.record if current else None, record)
            if current is not None and files.same_content(
                current.record.model_copy(update={"revisions": []}),
                record.model_copy(update={"revisions": []}),
            ):
                return current
            base = record.model_copy(
                update={"revisions": getattr(current.record, "revisions", []) if current else []}
            )
            return self._write(kind, base, current, action, extra or {})

    def _update(
        self,
        kind: Kind,
        record_id: str,
        model: type[R],
        mutate: Callable[[R], R],
        default: R | None = None,
        guard: Callable[[R | None, R], None] | None = None,
    ) -> Loaded[R]:
        """Apply `mutate` to the newest version under the lock (no edit of another process is lost)."""
        self._ensure(kind)
        with held(self._lock(kind, record_id), f"the {kind}"):
            current = self._load(kind, record_id, model)
            if current is None and default is None:
                raise StoreError(f"No {kind} {record_id} in the library (it may have been deleted)")
            base = current.record if current is not None else default
            assert base is not None
            edited = mutate(base)
            if current is not None and files.same_content(edited, current.record):
                return current
            if guard is not None:
                guard(current.record if current else None, edited)
            edited = edited.model_copy(update={"revisions": getattr(base, "revisions", [])})
            return self._write(kind, edited, current, "edited", {})

    def _list(self, kind: Kind, model: type[R]) -> list[Loaded[R]]:
        out: list[Loaded[R]] = []
        skipped = self.skipped[kind] = {}
        try:
            names = sorted(os.listdir(self.folder(kind)))
        except FileNotFoundError:
            return out
        except OSError as exc:
            raise StoreError(f"Could not read the board folder: {exc.strerror or exc}") from None
        for name in names:
            if is_temp_name(name):
                self._sweep_temp(kind, name)
                continue
            if not name.endswith(".json"):
                continue
            record_id = name[: -len(".json")]
            if not _ID_RE.match(record_id):
                continue
            try:
                loaded = self._load(kind, record_id, model)
            except StoreError as exc:
                skipped[record_id] = str(exc)  # named, never breaks the listing
                continue
            if loaded is not None:
                out.append(loaded)
        return out

    def _sweep_temp(self, kind: Kind, name: str) -> None:
        """Remove the temp file a killed writer left (a whole meeting or decision, kept for good), once
        its record is not being written: every writer holds the record's lock."""
        record_id = name[1:].partition(".json.")[0]
        if not _ID_RE.match(record_id):
            return
        lock = try_hold(self._lock(kind, record_id)) if self.locks_dir.is_dir() else None
        if lock is None:
            return
        try:
            with contextlib.suppress(OSError):
                os.unlink(self.folder(kind) / name)
        finally:
            let_go(lock)

    # ------------------------------------------------------------------ meetings
    def list_meetings(self) -> list[Meeting]:
        """Every meeting, newest first."""
        meetings = [loaded.record for loaded in self._list("meeting", Meeting)]
        return sorted(meetings, key=lambda m: m.starts_at, reverse=True)

    def load_meeting(self, meeting_id: str) -> Loaded[Meeting]:
        loaded = self._load("meeting", meeting_id, Meeting)
        if loaded is None:
            raise StoreError(f"No meeting {meeting_id} in the library")
        return loaded

    def find_meeting(self, text: str) -> Loaded[Meeting]:
        """A meeting by id, id prefix or date (YYYY-MM-DD), for the command line."""
        text = text.strip()
        if _ID_RE.match(text) and os.path.lexists(self.path("meeting", text)):
            # Its file is there: read it, so a file that cannot be read (a FIFO, no permission, damaged)
            # is named as what it is, never reported as "no such meeting".
            return self.load_meeting(text)
        slipped = None
        if _DATE_SHAPED.match(text):  # a date, or a mistyped one: never "no such meeting" for 2025-02-30
            try:
                slipped = follow_up_problem(date.fromisoformat(text), today())
            except ValueError:
                raise MeetingNotFoundError(
                    f"{text}: not a date (give the meeting's date as YYYY-MM-DD, or its id)"
                ) from None
        matches = [
            m
            for m in self.list_meetings()
            if m.meeting_id == text
            or (len(text) >= 4 and m.meeting_id.startswith(text))
            or m.starts_at.date().isoformat() == text
        ]
        if not matches:
            unread = [
                line
                for record_id, line in self.skipped.get("meeting", {}).items()
                if _DATE_SHAPED.match(text) or (len(text) >= 4 and record_id.startswith(text))
            ]
            if unread:  # the meeting asked for may be one of them: say so
                raise StoreError(
                    f"{text}: no such meeting among those that could be read; "
                    f"{len(unread)} meeting file(s) could not be read: {unread[0]}"
                )
            if slipped:  # "0025-03-01" for 2025: say so (a meeting stored on that date is still found)
                raise MeetingNotFoundError(f"{text}: no such meeting; {slipped}")
            raise MeetingNotFoundError(f"{text}: no such meeting (see `nelm-desktop board list`)")
        if len(matches) > 1:
            raise MeetingNotFoundError(f"{text}: {len(matches)} meetings match; give the meeting id")
        return self.load_meeting(matches[0].meeting_id)

    def create_meeting(self, meeting: Meeting) -> Loaded[Meeting]:
        return self._save("meeting", meeting, None, Meeting, guard=_meeting_guard)

    def save_meeting(self, meeting: Meeting, expected_hash: str) -> Loaded[Meeting]:
        return self._save("meeting", meeting, expected_hash, Meeting, guard=_meeting_guard)

    def update_meeting(self, meeting_id: str, mutate: Callable[[Meeting], Meeting]) -> Loaded[Meeting]:
        return self._update("meeting", meeting_id, Meeting, mutate, guard=_meeting_guard)

    def delete_meeting(self, meeting_id: str) -> None:
        """Move a meeting to the trash (its decisions stay: they are the board's record)."""
        path = self.path("meeting", meeting_id)
        self._ensure("meeting")
        with held(self._lock("meeting", meeting_id), "the meeting"):
            if not path.exists():
                raise StoreError(f"No meeting {meeting_id} in the library")
            try:
                _ensure_chain(self.trash_dir)
                replace(
                    path, self.trash_dir / f"meeting-{meeting_id}--{backups.stamp(datetime.now(UTC))}.json"
                )
                fsync_dir(self.trash_dir)
                fsync_dir(path.parent)
            except OSError as exc:
                raise refused(exc, "move the meeting to the trash") from None

    def meetings_of_case(self) -> dict[str, list[Meeting]]:
        """case_id -> the meetings whose agenda lists it (newest first)."""
        out: dict[str, list[Meeting]] = {}
        for meeting in self.list_meetings():
            for item in meeting.agenda:
                out.setdefault(item.case_id, []).append(meeting)
        return out

    # ------------------------------------------------------------------ decisions
    def load_decision(self, meeting_id: str, case_id: str) -> Loaded[Decision] | None:
        return self._load("decision", decision_id(meeting_id, case_id), Decision)

    def save_decision(
        self, decision: Decision, expected_hash: str | None, *, new_snapshot: bool = False
    ) -> Loaded[Decision]:
        """Save a decision that is not signed off. The snapshot taken when it was first recorded never
        changes, unless `new_snapshot` (before sign-off only: "record on today's facts")."""

        def guard(before: Decision | None, after: Decision) -> None:
            problems = rules.problems(after)
            if before is not None and before.signed:
                problems.append("The decision is signed off; change it with an amendment (with a reason)")
            elif after.signed:
                problems.append("Use sign-off to sign a decision")
            if before is not None and not new_snapshot and before.snapshot != after.snapshot:
                problems.append("The snapshot of a recorded decision cannot be changed")
            if problems:
                raise BoardRecordError(problems)

        loaded = self._save("decision", decision, expected_hash, Decision, guard=guard)
        self._mark_discussed(decision.case_id)
        return loaded

    def sign_off_decision(
        self, meeting_id: str, case_id: str, clinician: str, expected_hash: str
    ) -> Loaded[Decision]:
        current = self.load_decision(meeting_id, case_id)
        if current is None:
            raise StoreError("Record the decision before signing it off")
        try:
            signed = rules.sign_off(current.record, clinician, audit.os_user())
        except rules.DecisionError as exc:
            raise BoardRecordError(exc.problems) from None

        def guard(before: Decision | None, _after: Decision) -> None:
            if before is None or before.signed:
                raise BoardRecordError(["The decision is already signed off"])

        return self._save(
            "decision",
            signed,
            expected_hash,
            Decision,
            action="signed-off",
            extra={"signed_by": clinician},
            guard=guard,
        )

    def amend_decision(self, edited: Decision, reason: str, expected_hash: str) -> Loaded[Decision]:
        """Change a signed-off decision; the amendment and its reason go on the record and in the audit."""
        current = self.load_decision(edited.meeting_id, edited.case_id)
        if current is None:
            raise StoreError("No such decision to amend")
        try:
            amended = rules.amend(current.record, edited, reason, audit.os_user())
        except rules.DecisionError as exc:
            raise BoardRecordError(exc.problems) from None
        return self._save(
            "decision",
            amended,
            expected_hash,
            Decision,
            action="amended",
            extra={"reason": reason.strip(), "amended": amended.amendments[-1].changed},
        )

    def decisions(self, *, case_id: str | None = None, meeting_id: str | None = None) -> list[Decision]:
        """Decisions (newest meeting first), optionally of one case or one meeting."""
        out = []
        for loaded in self._list("decision", Decision):
            d = loaded.record
            if (case_id is None or d.case_id == case_id) and (
                meeting_id is None or d.meeting_id == meeting_id
            ):
                out.append(d)
        return sorted(out, key=lambda d: d.recorded_at, reverse=True)

    def latest_signed_decision(self, case_id: str) -> Decision | None:
        """The case's most recent signed-off decision (what the patient handout recommends), or None.
        Drafts are left out: the patient is told what the board has signed."""
        signed = [d for d in self.decisions(case_id=case_id) if d.signed]
        return signed[0] if signed else None

    def decision_points(self, case_id: str) -> list[DecisionPoint]:
        """The decisions on one case as time points, oldest first (the timeline's input)."""
        meetings = {m.meeting_id: m for m in self.list_meetings()}
        points = [
            DecisionPoint(
                case_id=d.case_id,
                meeting_id=d.meeting_id,
                meeting_at=meetings[d.meeting_id].starts_at if d.meeting_id in meetings else None,
                recorded_at=d.recorded_at,
                follow_up=d.follow_up,
                signed=d.signed,
                plan=rules.plan_lines(d),
            )
            for d in self.decisions(case_id=case_id)
        ]
        return sorted(points, key=lambda p: p.recorded_at)

    def follow_ups_due(self, today: date) -> list[DecisionPoint]:
        """The latest decision of each case whose follow-up date is today or past."""
        latest: dict[str, Decision] = {}
        for d in self.decisions():
            if d.case_id not in latest:
                latest[d.case_id] = d
        due = [d for d in latest.values() if rules.follow_up_due(d, today)]
        return [p for d in due for p in self.decision_points(d.case_id) if p.meeting_id == d.meeting_id]

    # ------------------------------------------------------------------ board status
    def stored_status(self, case_id: str) -> Loaded[CaseBoardStatus] | None:
        return self._load("status", case_id, CaseBoardStatus)

    def set_status(self, case_id: str, status: BoardStatus) -> Loaded[CaseBoardStatus]:
        return self._update(
            "status",
            case_id,
            CaseBoardStatus,
            lambda current: current.model_copy(update={"status": status}),
            default=CaseBoardStatus(case_id=case_id),
        )

    def _mark_discussed(self, case_id: str) -> None:
        def mutate(current: CaseBoardStatus) -> CaseBoardStatus:
            if current.status in ("to_prepare", "ready"):
                return current.model_copy(update={"status": "discussed"})
            return current

        self._update("status", case_id, CaseBoardStatus, mutate, default=CaseBoardStatus(case_id=case_id))

    def statuses(self, today: date | None = None) -> dict[str, BoardStatus]:
        """case_id -> board status as shown: a discussed case whose latest decision's follow-up date has
        come is "follow_up_due". Cases with no board file are "to_prepare" (not listed here)."""
        today = today or date.today()
        out: dict[str, BoardStatus] = {
            s.record.case_id: s.record.status for s in self._list("status", CaseBoardStatus)
        }
        latest: dict[str, Decision] = {}
        for d in self.decisions():
            latest.setdefault(d.case_id, d)
        for case_id, d in latest.items():
            if out.get(case_id, "discussed") == "discussed" and rules.follow_up_due(d, today):
                out[case_id] = "follow_up_due"
        return out

    def status_of(self, case_id: str, today: date | None = None) -> BoardStatus:
        return self.statuses(today).get(case_id, "to_prepare")


def _meeting_guard(before: Meeting | None, after: Meeting) -> None:
    problem = rules.meeting_date_problem(before.starts_at if before else None, after.starts_at)
    if problem:
        raise BoardRecordError([problem])


def _ensure_chain(folder: Path) -> None:
    """Create `folder` and its missing parents inside the library, each private (0700)."""
    missing: list[Path] = []
    while not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        ensure_dir(path)
