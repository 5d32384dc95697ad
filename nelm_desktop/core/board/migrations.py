"""Board-file migrations: a registry of pure dict-to-dict steps, one per board format version, like
the cases' (`core/store/migrations.py`).

Every board file's envelope carries ``format_version`` (`model.BOARD_FORMAT_VERSION` is the current
one). ``STEPS[n]`` turns the record of a version-``n`` file of a given kind (meeting, decision, status)
into a version ``n + 1`` record; it must not touch the disk, the clock or its input. Register with::

    @step(1)
    def _v1_to_v2(kind: str, record: dict[str, Any]) -> dict[str, Any]: ...

and add `test_board_migration_v1_to_v2` plus golden files ``tests/data/golden/board-v1-<kind>.json``
(kept forever; a test fails when a registered step has no test or an older version has no step).

Older files are migrated in memory when read (after their checksum, which is over the record as
stored, is verified) and written in the current format at their next save; the version replaced is
kept among the record's earlier versions, as for every board save. A step must leave a decision's
`snapshot` exactly as it is: it is sealed, and a record whose seal breaks is refused.
No steps yet: version 1 is the only board format so far.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

Record = dict[str, Any]
Step = Callable[[str, Record], Record]

STEPS: dict[int, Step] = {}


class BoardMigrationError(Exception):
    """A board record could not be brought up to the current format; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def step(from_version: int) -> Callable[[Step], Step]:
    def register(func: Step) -> Step:
        if from_version in STEPS:
            raise ValueError(f"board migration step from v{from_version} registered twice")
        STEPS[from_version] = func
        return func

    return register


def migrate(kind: str, record: Record, from_version: int, current: int) -> Record:
    """Apply every step from `from_version` up to `current`; the input is never modified."""
    data = copy.deepcopy(record)
    version = from_version
    while version < current:
        func = STEPS.get(version)
        if func is None:
            raise BoardMigrationError(f"no migration from board format {version} to {version + 1}")
        try:
            data = func(kind, data)
        except Exception as exc:  # a failing step must become a typed, readable reason
            raise BoardMigrationError(f"migration from board format {version} failed: {exc}") from exc
        version += 1
    return data
