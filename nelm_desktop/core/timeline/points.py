"""Time points: snapshots kept in the library, one file each, under ``timepoints/<case_id>/<id>.json``.

A time point is taken at every board decision (kind ``decision``, `ref` = the decision's id, so the same
decision is never recorded twice) and whenever the user asks for one (kind ``time_point``). It may carry a
follow-up / re-discussion date (`follow_up`, YYYY-MM-DD) for the follow-up list.

Files are written atomically and private (core/fileio: 0600 files, 0700 folders) under a per-case lock, and
travel with their case in a library export (core/store/exchange: per-case companion folders). A damaged
time-point file is skipped and named in `problems`, never allowed to hide the others.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, Literal

from nelm_desktop import __version__
from nelm_desktop.core import dates
from nelm_desktop.core.dates import follow_up_problem, parse_day
from nelm_desktop.core.evaluation import Evaluation
from nelm_desktop.core.fileio import (
    NotRegularFileError,
    TooLargeError,
    atomic_write_bytes,
    ensure_dir,
    is_temp_name,
    read_regular,
)
from nelm_desktop.core.model import Case
from nelm_desktop.core.store.backups import parse_stamp, stamp
from nelm_desktop.core.store.envelope import case_payload, payload_hash
from nelm_desktop.core.store.errors import StoreError, describe_os_error
from nelm_desktop.core.store.locking import held
from nelm_desktop.core.timeline.snapshot import Snapshot, SnapshotError, snapshot_of
from nelm_desktop.core.validation_messages import hidden_reason, visible

FOLDER: Final = "timepoints"
FORMAT: Final = "nelm-time-point"
FORMAT_VERSION: Final = 1
MAX_POINT_BYTES: Final = 5 * 1024 * 1024
MAX_LABEL: Final = 500

Kind = Literal["time_point", "decision"]
KINDS: tuple[Kind, ...] = ("time_point", "decision")
KIND_LABELS: dict[str, str] = {"time_point": "Time point", "decision": "Board decision"}

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$")
_POINT_RE = re.compile(r"^[0-9]{8}T[0-9]{6}\.[0-9]{6}Z(-[0-9]+)?$")


class TimePointError(StoreError):
    """A time point could not be recorded or read (bad input, disk problem); one readable line."""


@dataclass(frozen=True, slots=True)
class TimePoint:
    case_id: str
    point_id: str  # UTC stamp: sorts in time order
    taken_at: str  # local ISO time, shown to the user
    kind: str
    snapshot: Snapshot
    label: str = ""
    ref: str = ""  # the board decision's id for kind "decision"
    follow_up: str = ""  # YYYY-MM-DD or ""
    # The envelope hash (store) of the case payload snapshotted: equal to the case file's `sha256` while
    # the case is unchanged since, which lets `reevaluate` skip unchanged cases without loading them.
    case_sha256: str = ""

    @property
    def day(self) -> str:
        return self.taken_at[:10]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "app_version": __version__,
            "case_id": self.case_id,
            "point_id": self.point_id,
            "taken_at": self.taken_at,
            "kind": self.kind,
            "label": self.label,
            "ref": self.ref,
            "follow_up": self.follow_up,
            "case_sha256": self.case_sha256,
            "snapshot": self.snapshot.to_json(),
        }


def shown_label(label: str) -> str:
    """A time point's label as the timeline shows it: whole up to MAX_LABEL characters (all the app
    keeps), hidden characters written out as [U+202E]. A longer one (a board decision's plan, a file
    from another program) is cut for display with the cut said: never cut in silence, never in the file."""
    if len(label) <= MAX_LABEL:
        return visible(label)
    return visible(label[:MAX_LABEL]) + f"… [cut for display: {len(label):,} characters in all]"


def check_follow_up(value: str, entered: bool = False) -> str:
    """'' or an ISO date YYYY-MM-DD; anything else is refused with a readable reason (never guessed).
    `entered`: typed now, so also from 1900 and at most 100 years ahead (a file is read as stored)."""
    value = value.strip()
    if not value:
        return ""
    parsed = parse_day(value)  # not "2027-W03-1", a week day fromisoformat would read
    if parsed is None:
        raise TimePointError(f"Follow-up date: {value!r} is not a date (YYYY-MM-DD)")
    problem = follow_up_problem(parsed, dates.today()) if entered else None
    if problem:
        raise TimePointError(f"Follow-up date: {problem}")
    return parsed.isoformat()


def point_from_json(data: Any, case_id: str, point_id: str) -> TimePoint:
    """Read a time-point file's JSON. The folder names the case (an imported copy keeps its points)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SnapshotError("not a NELM Desktop time point")
    version = data.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise SnapshotError(f"time-point format {version} is newer than this app reads")
    kind = data.get("kind")
    if kind not in KINDS:
        raise SnapshotError(f"unknown time-point kind {kind!r}")
    taken_at = data.get("taken_at")
    if not isinstance(taken_at, str):
        raise SnapshotError("taken_at missing")
    follow_up = data.get("follow_up") or ""
    try:
        follow_up = check_follow_up(str(follow_up))
    except TimePointError as exc:
        raise SnapshotError(str(exc)) from None
    snapshot = Snapshot.from_json(data.get("snapshot"))
    return TimePoint(
        case_id=case_id,
        point_id=point_id,
        taken_at=taken_at,
        kind=str(kind),
        snapshot=snapshot,
        label=str(data.get("label") or ""),  # as stored: `shown_label` says where the display cuts it
        ref=str(data.get("ref") or ""),
        follow_up=follow_up,
        case_sha256=str(data.get("case_sha256") or ""),
    )


@dataclass(slots=True)
class TimePoints:
    """The time points of a library (its data folder `root`, as for `CaseStore`)."""

    root: Path
    problems: list[str] = field(default_factory=list)  # damaged files met by the last reads

    @property
    def folder(self) -> Path:
        return self.root / FOLDER

    def case_folder(self, case_id: str) -> Path:
        if not isinstance(case_id, str) or not _ID_RE.match(case_id):
            raise TimePointError(f"{case_id!r} is not a valid case id")
        return self.folder / case_id

    def _lock(self, case_id: str) -> Path:
        # Its own lock, not the case's: a decision may be recorded while the case is being saved.
        return self.root / "locks" / f"{case_id}.timepoints.lock"

    # ------------------------------------------------------------------ writing
    def record(
        self,
        case: Case,
        *,
        kind: Kind = "time_point",
        label: str = "",
        ref: str = "",
        follow_up: str = "",
        evaluation: Evaluation | None = None,
        snapshot: Snapshot | None = None,
        now: datetime | None = None,
    ) -> TimePoint:
        """Keep a snapshot of `case` (or the given one, e.g. the snapshot a board decision carries).

        For kind "decision" a non-empty `ref` is required and recording the same ref again returns the
        point already kept (a decision is one time point however often it is registered).
        """
        if kind not in KINDS:
            raise TimePointError(f"unknown time-point kind {kind!r}")
        if kind == "decision" and not ref.strip():
            raise TimePointError("a board-decision time point needs the decision's id")
        if len(label) > MAX_LABEL:
            raise TimePointError(f"time-point label is longer than {MAX_LABEL} characters")
        reason = hidden_reason(label, multiline=True)
        if reason is not None:  # refused, never stripped: the label kept is the one typed
            raise TimePointError(f"time-point label {reason}")
        follow_up = check_follow_up(follow_up, entered=True)
        folder = self.case_folder(case.case_id)
        snap = snapshot if snapshot is not None else snapshot_of(case, evaluation)
        moment = now or datetime.now(UTC)
        try:
            ensure_dir(self.root / "locks")
            with held(self._lock(case.case_id), f"the time points of case {case.case_id}"):
                if ref:
                    for point in self.points(case.case_id):
                        if point.kind == kind and point.ref == ref:
                            return point
                ensure_dir(self.folder)
                ensure_dir(folder)
                base = stamp(moment)
                point_id, n = base, 0
                while (folder / f"{point_id}.json").exists():
                    n += 1
                    point_id = f"{base}-{n}"
                point = TimePoint(
                    case_id=case.case_id,
                    point_id=point_id,
                    taken_at=moment.astimezone().isoformat(timespec="seconds"),
                    kind=kind,
                    snapshot=snap,
                    label=label,
                    ref=ref,
                    follow_up=follow_up,
                    case_sha256=payload_hash(case_payload(case)),
                )
                data = json.dumps(point.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
                atomic_write_bytes(folder / f"{point_id}.json", data)
        except OSError as exc:
            raise TimePointError(describe_os_error(exc, "keep the time point")) from None
        return point

    # ------------------------------------------------------------------ reading
    def _ids(self, case_id: str) -> list[str]:
        try:
            names = os.listdir(self.case_folder(case_id))
        except OSError:
            return []
        return sorted(
            name[: -len(".json")]
            for name in names
            if name.endswith(".json") and not is_temp_name(name) and _POINT_RE.match(name[: -len(".json")])
        )

    def _read(self, case_id: str, point_id: str) -> TimePoint | None:
        path = self.case_folder(case_id) / f"{point_id}.json"
        try:
            try:  # bounded, never a FIFO (it would block forever), made private if loose
                raw = read_regular(path, MAX_POINT_BYTES, private=True)
            except TooLargeError:
                raise SnapshotError("too large for a time point") from None
            except NotRegularFileError:
                raise SnapshotError("not a regular file") from None
            data = json.loads(raw.decode("utf-8"))
            return point_from_json(data, case_id, point_id)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, UnicodeDecodeError, RecursionError, SnapshotError) as exc:
            reason = exc.reason if isinstance(exc, SnapshotError) else str(exc)
            self.problems.append(f"time point {case_id}/{point_id}: {reason}; skipped")
            return None

    def get(self, case_id: str, point_id: str) -> TimePoint | None:
        """One time point, or None when it is missing or damaged (then named in `problems`)."""
        if not _POINT_RE.match(point_id):
            raise TimePointError(f"{point_id!r} is not a time point id")
        return self._read(case_id, point_id)

    def latest_header(self, case_id: str) -> dict[str, Any] | None:
        """The newest time point's JSON, unchecked beyond being an object of this format (for the quick
        "nothing changed" test of `reevaluate`); None when there is none."""
        ids = self._ids(case_id)
        if not ids:
            return None
        try:
            path = self.case_folder(case_id) / f"{ids[-1]}.json"
            data = json.loads(read_regular(path, MAX_POINT_BYTES, private=True).decode("utf-8"))
        except (OSError, ValueError, UnicodeDecodeError, RecursionError):
            return None
        return data if isinstance(data, dict) and data.get("format") == FORMAT else None

    def headers(self, case_id: str) -> list[tuple[str, str, str, str]]:
        """(point_id, kind, taken_at, follow_up) of each readable time point, oldest first, without building
        the snapshots (the follow-up list needs only these)."""
        out = []
        folder = self.case_folder(case_id)
        for point_id in self._ids(case_id):
            try:
                raw = read_regular(folder / f"{point_id}.json", MAX_POINT_BYTES, private=True)
                data = json.loads(raw.decode("utf-8"))
                if (
                    not isinstance(data, dict)
                    or data.get("format") != FORMAT
                    or data.get("kind") not in KINDS
                ):
                    raise ValueError("not a NELM Desktop time point")
                follow_up = check_follow_up(str(data.get("follow_up") or ""))
                taken_at = data.get("taken_at")
                if not isinstance(taken_at, str):
                    raise ValueError("taken_at missing")
            except (OSError, ValueError, UnicodeDecodeError, RecursionError, TimePointError) as exc:
                self.problems.append(f"time point {case_id}/{point_id}: {exc}; skipped")
                continue
            out.append((point_id, str(data["kind"]), taken_at, follow_up))
        return out

    def points(self, case_id: str) -> list[TimePoint]:
        """Every readable time point of a case, oldest first."""
        out = []
        for point_id in self._ids(case_id):
            point = self._read(case_id, point_id)
            if point is not None:
                out.append(point)
        return out

    def latest(self, case_id: str) -> TimePoint | None:
        """The newest readable time point of a case (reads one file in the usual case)."""
        for point_id in reversed(self._ids(case_id)):
            point = self._read(case_id, point_id)
            if point is not None:
                return point
        return None

    def case_ids(self) -> list[str]:
        """Cases that have a time-point folder."""
        try:
            names = os.listdir(self.folder)
        except OSError:
            return []
        return sorted(name for name in names if _ID_RE.match(name))


def point_moment(point: TimePoint) -> datetime | None:
    return parse_stamp(point.point_id)
