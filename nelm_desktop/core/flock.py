"""An exclusive `flock` on a lock file (POSIX), without the `filelock` package.

Used by the store's locks (core/store/locking.py) and by the app's one-window-per-library lock,
which start-up takes before the first frame: importing `filelock` cost ~17 ms CPU and 21 modules
there. Windows has no `flock`; there the `filelock` package is used.
"""

from __future__ import annotations

import contextlib
import os
import time

from nelm_desktop.core.fileio import FILE_MODE

POLL_S = 0.01


class LockTimeout(Exception):
    pass


class FlockLock:
    """An exclusive `flock` on ``lock_file`` (POSIX). Not reentrant; threads exclude each other too
    (each acquire opens its own descriptor). A holder may unlink the file before unlocking: a waiter
    that then gets the lock on the unlinked file sees it (the path no longer names its inode) and
    starts again."""

    def __init__(self, lock_file: str, timeout: float) -> None:
        self.lock_file = lock_file
        self.timeout = timeout
        self._fd: int | None = None

    def acquire(self) -> None:
        import fcntl

        deadline = time.monotonic() + max(self.timeout, 0)
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        while True:
            fd = os.open(self.lock_file, flags, FILE_MODE)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                if time.monotonic() >= deadline:
                    raise LockTimeout(self.lock_file) from None
                time.sleep(POLL_S)
                continue
            except BaseException:
                os.close(fd)
                raise
            held = os.fstat(fd)
            try:
                current = os.stat(self.lock_file, follow_symlinks=False)
            except FileNotFoundError:
                current = None
            if current is None or (current.st_ino, current.st_dev) != (held.st_ino, held.st_dev):
                os.close(fd)  # the previous holder removed this file; lock the new one
                continue
            with contextlib.suppress(OSError):
                os.fchmod(fd, FILE_MODE)
            self._fd = fd
            return

    def release(self) -> None:
        import fcntl

        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
