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

from collections.abc import Callable
from typing import Any

from nelm_desktop.core.version_steps import add_step, walk_steps

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
        return add_step(STEPS, from_version, func, "board migration")

    return register


def migrate(kind: str, record: Record, from_version: int, current: int) -> Record:
    """Apply every step from `from_version` up to `current`; the input is never modified."""
    return walk_steps(
        STEPS,
        record,
        from_version,
        current,
        apply=lambda func, data, _next: func(kind, data),
        error=BoardMigrationError,
        version_words="board format",
    )
