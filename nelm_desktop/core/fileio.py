"""Crash-safe file writes: temp file in the same folder, flush, fsync, `os.replace`, fsync the folder.

A reader only ever sees the old file or the new one. Temp files are named ``.<target>.<random>.tmp`` so
that `is_temp_name` can recognise what a killed writer left behind.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

POSIX = os.name == "posix"
DIR_MODE = 0o700
FILE_MODE = 0o600
# On Windows another process (antivirus, backup tool, a second window reading) may hold the target
# briefly; `os.replace` then fails with PermissionError and succeeds a moment later.
RETRY_REPLACE = sys.platform == "win32"
REPLACE_ATTEMPTS = 20
REPLACE_DELAY_S = 0.05


# Longest file name most file systems allow (255 bytes on ext4/APFS, 255 UTF-16 units on NTFS).
NAME_MAX = 255
_TEMP_TAIL = 1 + 12 + len(".tmp")  # ".<12 hex>.tmp"


def is_temp_name(name: str) -> bool:
    return name.startswith(".") and name.endswith(".tmp")


def temp_prefix(target_name: str) -> str:
    """``.<target>.``, cut short so that prefix + random tail fits in NAME_MAX bytes: a legal
    250-byte output name must not fail because of its temp name."""
    room = NAME_MAX - _TEMP_TAIL - 1  # the leading "."
    # The name's bytes as the file system has them: a name that is not UTF-8 (b"\xff.pdf", given on a
    # command line as surrogates) raised UnicodeEncodeError here, a traceback instead of the file.
    encoded = os.fsencode(target_name)
    if len(encoded) + 1 > room:
        target_name = os.fsdecode(encoded[: room - 1])
    return f".{target_name}."


def temp_path(path: Path) -> Path:
    """A fresh temp name in the target's folder (same file system, so `os.replace` is atomic)."""
    return path.parent / f"{temp_prefix(path.name)}{secrets.token_hex(6)}.tmp"


def private_umask() -> None:
    """Files and folders this process creates are private to the user (0600/0700) on POSIX, whatever
    code creates them (Qt's window.ini, filelock's lock files, zipfile...)."""
    if POSIX:
        os.umask(0o077)


def tighten_dir(path: Path) -> bool:
    """Make an existing folder of ours private (0700) when it is group/world accessible.
    True when it was changed. A folder owned by someone else is left alone."""
    if not POSIX:
        return False
    try:
        st = path.stat()
        if stat.S_IMODE(st.st_mode) & 0o077 and st.st_uid == os.getuid():
            path.chmod(DIR_MODE)
            return True
    except OSError:
        pass
    return False


def private_file(path: Path) -> None:
    """Create `path` empty and 0600 if missing, or narrow an existing one to 0600 (POSIX): for files
    another library writes (Qt's QSettings), whatever the process umask."""
    if not POSIX:
        return
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        try:
            os.fchmod(fd, FILE_MODE)
        finally:
            os.close(fd)


class NotRegularFileError(OSError):
    """The path is a FIFO, device, socket or folder: never read (it could hang or never end)."""


class TooLargeError(OSError):
    """The file is larger than the caller's limit (checked before and while reading)."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"too large ({size} bytes; at most {limit})")
        self.size = size
        self.limit = limit


# Mode bits that give the group or others any access: a file or folder of the library holding one is
# made private (0600 / 0700) when the app comes across it.
LOOSE = 0o077 if POSIX else 0


def is_shared(path: str | Path, st: os.stat_result) -> bool:
    """True when the file `st` describes is reached through a symbolic link at `path` or has other
    names (hard links): it is (also) a file elsewhere, whose mode is not the library's to change. A
    link in the data folder to /etc/passwd (run as root) or to another team's folder made that file
    0600 when the library was listed."""
    return st.st_nlink > 1 or os.path.islink(path)


def _open_regular(path: Path, follow: bool, private: bool = False) -> tuple[int, os.stat_result]:
    """An open descriptor of a regular file and its stat; a FIFO or device is refused without
    blocking (O_NONBLOCK, then fstat), and a symbolic link with `follow=False` (O_NOFOLLOW).
    `private`: a file of the library (never a user's own file named on the command line) found
    group/world readable is made 0600 on the spot (free when it already is: the fstat is made anyway)."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags if follow else flags | getattr(os, "O_NOFOLLOW", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file"
            raise NotRegularFileError(0, kind, str(path))
        if private and st.st_mode & LOOSE and st.st_uid == os.getuid() and not is_shared(path, st):
            with contextlib.suppress(OSError):  # a read-only disk: read it all the same
                os.fchmod(fd, FILE_MODE)
    except BaseException:
        os.close(fd)
        raise
    return fd, st


def tighten_entry(path: str | Path, st: os.stat_result) -> bool:
    """Make one file or folder of ours private (0600 / 0700) when `st` (its lstat) shows it loose; a
    symbolic link is never followed or changed, nor a file with other names (`is_shared`). True when
    it was changed."""
    if not (st.st_mode & LOOSE) or stat.S_ISLNK(st.st_mode) or st.st_uid != os.getuid():
        return False
    if not stat.S_ISDIR(st.st_mode) and is_shared(path, st):
        return False
    try:
        os.chmod(path, DIR_MODE if stat.S_ISDIR(st.st_mode) else FILE_MODE, follow_symlinks=False)
    except (OSError, NotImplementedError):
        return False
    return True


def tighten_tree(root: Path, depth: int | None = None) -> int:
    """Every file and folder below `root` made private (see `tighten_entry`), symbolic links never
    followed: for a library copied, unzipped or moved from a shared drive with loose modes. `depth`
    1 stops at what is directly in `root`. Returns how many were changed."""
    changed = 0
    stack = [(os.fspath(root), 1)]
    while stack:
        folder, level = stack.pop()
        try:
            scanner = os.scandir(folder)
        except OSError:
            continue
        with scanner:
            for entry in scanner:
                try:
                    st = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                changed += tighten_entry(entry.path, st)
                if stat.S_ISDIR(st.st_mode) and (depth is None or level < depth):
                    stack.append((entry.path, level + 1))
    return changed


def read_regular(path: Path, limit: int, *, follow: bool = True, private: bool = False) -> bytes:
    """Read a regular file of at most `limit` bytes. A FIFO or device is refused without blocking
    (O_NONBLOCK on open, then fstat); a file that grows past the limit while read is refused too.
    `follow=False`: a symbolic link is refused (OSError), never read through. `private`: a library
    file found group/world readable is made 0600 (see `_open_regular`)."""
    fd, st = _open_regular(path, follow, private)
    try:
        if st.st_size > limit:
            raise TooLargeError(st.st_size, limit)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise TooLargeError(total, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_regular_prefix(path: Path, size: int, *, follow: bool = True, private: bool = False) -> bytes:
    """The first `size` bytes of a regular file (fewer when it is shorter): a FIFO or device (and a
    symbolic link with `follow=False`) is refused without blocking, as by `read_regular`."""
    fd, _ = _open_regular(path, follow, private)
    try:
        chunks: list[bytes] = []
        total = 0
        while total < size:
            chunk = os.read(fd, min(1 << 20, size - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def is_regular_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


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


def atomic_write_bytes(
    path: Path, data: bytes, *, durable: bool = True, mode: int = FILE_MODE, sync_dir: bool = True
) -> None:
    """Write `data` to `path` so that `path` is the old content or the new one, never a mix.

    The one atomic writer of the app (cases, drafts, settings, reports). `mode` is the file's
    permission on POSIX (patient data 0600 by default; a saved report may be 0644).
    Raises OSError (disk full, read-only folder...) with the original left intact and no temp file.
    """
    folder = path.parent
    tmp = temp_path(path)
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
    if durable and sync_dir:  # sync_dir=False: the caller fsyncs the folder once after a batch
        fsync_dir(folder)


def atomic_write_zip(
    path: Path,
    fill: Callable[[zipfile.ZipFile], None],
    *,
    mode: int = FILE_MODE,
    on_temp: Callable[[Path], None] | None = None,
) -> None:
    """Write a zip atomically: `fill(archive)` adds the members to a private temp file in the same
    folder, which is fsynced through its WRITABLE handle (Windows refuses FlushFileBuffers on a
    read-only one), then replaces `path`. `on_temp(tmp)` is told the temp name before it exists, so a
    caller can journal it for clean-up after a kill. Any exception (including a cancel raised by
    `fill`) removes the temp file and leaves `path` untouched."""
    folder = path.parent
    tmp = temp_path(path)
    if on_temp is not None:
        on_temp(tmp)
    fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    try:
        if POSIX:
            os.fchmod(fd, mode)
        with os.fdopen(fd, "w+b") as handle:
            with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                fill(archive)
            handle.flush()
            os.fsync(handle.fileno())
        replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(folder)
