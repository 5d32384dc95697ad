"""Exclusive lock files: a plain `flock` on POSIX, without the `filelock` package; the `filelock`
package on Windows, which has no `flock`. One place chooses the back-end and translates its timeout.

Used by the store's locks (core/store/locking.py) and by the app's one-window-per-library lock,
which start-up takes before the first frame (and before the store package and pydantic are
imported): importing `filelock` cost ~17 ms CPU and 21 modules there.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import Protocol

from nelm_desktop.core.fileio import FILE_MODE

POLL_S = 0.01


class LockTimeout(Exception):
    pass


class Lock(Protocol):
    @property
    def lock_file(self) -> str: ...

    def acquire(self) -> object: ...
    def release(self) -> object: ...


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
            if held.st_nlink == 1:  # a hard link's mode is the other name's too: left alone
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


def new_lock(lock_path: Path, timeout: float) -> Lock:
    """An unacquired lock on `lock_path` (take it with `acquire`)."""
    if os.name == "posix":
        return FlockLock(str(lock_path), timeout)
    from filelock import FileLock

    return FileLock(str(lock_path), timeout=timeout, mode=FILE_MODE)


def acquire(lock: Lock) -> None:
    """Acquire, translating both back-ends' timeout into LockTimeout."""
    if isinstance(lock, FlockLock):
        lock.acquire()  # raises LockTimeout itself; `filelock` is not even imported
        return
    from filelock import Timeout

    try:
        lock.acquire()
    except Timeout:
        raise LockTimeout(lock.lock_file) from None


def try_hold(lock_path: Path) -> Lock | None:
    """Acquire without waiting; None if someone else holds it (or it cannot be created)."""
    lock = new_lock(lock_path, 0)
    try:
        acquire(lock)
    except (LockTimeout, OSError):
        return None
    return lock
