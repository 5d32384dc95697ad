"""Crash-safe file writes: temp file in the same folder, flush, fsync, `os.replace`, fsync the folder.

A reader only ever sees the old file or the new one. Temp files are named ``.<target>.<random>.tmp`` so
that `is_temp_name` can recognise what a killed writer left behind.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
import time
from pathlib import Path

POSIX = os.name == "posix"
DIR_MODE = 0o700
FILE_MODE = 0o600
# On Windows another process (antivirus, backup tool, a second window reading) may hold the target
# briefly; `os.replace` then fails with PermissionError and succeeds a moment later.
RETRY_REPLACE = sys.platform == "win32"
REPLACE_ATTEMPTS = 20
REPLACE_DELAY_S = 0.05


def is_temp_name(name: str) -> bool:
    return name.startswith(".") and name.endswith(".tmp")


def temp_prefix(target_name: str) -> str:
    return f".{target_name}."


def ensure_dir(path: Path) -> None:
    """Create a folder (and parents) private to the user: 0700 on POSIX."""
    if path.is_dir():
        return
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if POSIX:
        with contextlib.suppress(OSError):
            path.chmod(DIR_MODE)


def fsync_dir(path: Path) -> None:
    """Make a rename durable (POSIX). Windows has no directory handles to sync."""
    if not POSIX:
        return
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace(src: Path, dst: Path) -> None:
    """`os.replace`, retried briefly on Windows when the target is held open by someone else."""
    attempts = REPLACE_ATTEMPTS if RETRY_REPLACE else 1
    for attempt in range(attempts):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if attempt == attempts - 1:
                raise
            time.sleep(REPLACE_DELAY_S)


def atomic_write_bytes(path: Path, data: bytes, *, durable: bool = True, mode: int = FILE_MODE) -> None:
    """Write `data` to `path` so that `path` is the old content or the new one, never a mix.

    The one atomic writer of the app (cases, drafts, settings, reports). `mode` is the file's
    permission on POSIX (patient data 0600 by default; a saved report may be 0644).
    Raises OSError (disk full, read-only folder...) with the original left intact and no temp file.
    """
    folder = path.parent
    tmp = folder / f"{temp_prefix(path.name)}{secrets.token_hex(6)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    try:
        try:
            if POSIX:
                os.fchmod(fd, mode)  # umask may have narrowed it; set exactly what was asked
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if durable:
        fsync_dir(folder)
