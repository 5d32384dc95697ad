"""Cross-process locks (the `filelock` package): one per case while it is being saved, and one for the
whole library (index, migrations, import, emptying the trash). A second window waits briefly, then gets a
readable StoreError instead of silently overwriting."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from nelm_desktop.core.store.errors import StoreError, describe_os_error

LOCK_TIMEOUT_S = 15.0


@contextmanager
def held(lock_path: Path, what: str, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    lock = FileLock(str(lock_path), timeout=timeout)
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
        lock.release()


def try_hold(lock_path: Path) -> FileLock | None:
    """Acquire without waiting; None if someone else holds it (or it cannot be created)."""
    lock = FileLock(str(lock_path), timeout=0)
    try:
        lock.acquire()
    except (Timeout, OSError):
        return None
    return lock
