"""Cross-process locks: one per case while it is being saved, and one for the whole library (index,
migrations, emptying the trash). A second window waits briefly, then gets a readable StoreError
instead of silently overwriting.

Lock files are private (0600) and are removed when released, so importing 10,000 cases leaves no
10,000 lock files behind. On POSIX the lock is a plain `flock` (a few system calls; the `filelock`
package cost ~5 ms per lock, which dominated a 10k-case import): the holder unlinks the file before
unlocking, and a waiter that then gets the lock on the unlinked file sees it (the path no longer
names its inode) and starts again. On Windows the `filelock` package is used; Windows deletes the
file when the last handle closes.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from nelm_desktop.core.flock import Lock, LockTimeout, acquire, new_lock, try_hold
from nelm_desktop.core.store.errors import StoreError, refused

LOCK_TIMEOUT_S = 15.0


@contextmanager
def held(lock_path: Path, what: str, timeout: float = LOCK_TIMEOUT_S, keep: bool = False) -> Iterator[None]:
    lock = new_lock(lock_path, timeout)
    try:
        acquire(lock)
    except LockTimeout:
        raise StoreError(
            f"{what} is busy in another NELM Desktop window or program; try again in a moment"
        ) from None
    except OSError as exc:
        raise refused(exc, f"lock {what}") from None
    try:
        yield
    finally:
        let_go(lock, keep)


def let_go(lock: Lock, keep: bool = False) -> None:
    """Release a lock; unless `keep`, its file is removed first (while still held, so no other
    process can be inside: a waiter that then locks the unlinked file sees it and starts again)."""
    if not keep and os.name == "posix":
        with contextlib.suppress(OSError):
            os.unlink(lock.lock_file)
    lock.release()


__all__ = ["LOCK_TIMEOUT_S", "Lock", "held", "let_go", "try_hold"]
