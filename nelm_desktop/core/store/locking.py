"""Cross-process locks (the `filelock` package): one per case while it is being saved, and one for the
whole library (index, migrations, import, emptying the trash). A second window waits briefly, then gets a
readable StoreError instead of silently overwriting.

Lock files are private (0600) and are removed when released: importing 10,000 cases leaves no 10,000
lock files behind. (Removing an flock file on release is safe on POSIX only because filelock re-checks
the inode after locking; on Windows the OS deletes it when the last handle closes.)"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from nelm_desktop.core.fileio import FILE_MODE
from nelm_desktop.core.store.errors import StoreError, describe_os_error

LOCK_TIMEOUT_S = 15.0


def _lock(lock_path: Path, timeout: float, keep: bool) -> FileLock:
    return FileLock(str(lock_path), timeout=timeout, mode=FILE_MODE, preserve_lock_file=keep)


@contextmanager
def held(lock_path: Path, what: str, timeout: float = LOCK_TIMEOUT_S, keep: bool = False) -> Iterator[None]:
    lock = _lock(lock_path, timeout, keep)
    try:
        lock.acquire()
    except Timeout:
        raise StoreError(
            f"{what} is busy in another NELM Desktop window or program; try again in a moment"
        ) from None
    except OSError as exc:
        raise StoreError(describe_os_error(exc, f"lock {what}")) from None
    try:
        yield
    finally:
        let_go(lock, keep)


def let_go(lock: FileLock, keep: bool = False) -> None:
    """Release a lock; unless `keep`, its file is removed first (while still held, so no other
    process can be inside: a waiter that then locks the unlinked file sees it and starts again)."""
    if not keep and os.name == "posix":
        with contextlib.suppress(OSError):
            os.unlink(lock.lock_file)
    lock.release()


def try_hold(lock_path: Path, keep: bool = False) -> FileLock | None:
    """Acquire without waiting; None if someone else holds it (or it cannot be created)."""
    lock = _lock(lock_path, 0, keep)
    try:
        lock.acquire()
    except (Timeout, OSError):
        return None
    return lock
