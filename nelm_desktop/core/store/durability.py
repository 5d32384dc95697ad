"""When a written case file reaches the disk: at once (one fsync per save), or once at the end of a
bulk import (`batched_durability`, group commit)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from nelm_desktop.core.fileio import atomic_write_bytes, fsync_dir
from nelm_desktop.core.store.folders import StoreFolders


class Durability(StoreFolders):
    """Atomic case-file writes, flushed per file or per batch."""

    def _sync_each(self) -> bool:
        return not getattr(self._batch, "active", False)

    def _write_case_file(self, path: Path, data: bytes) -> None:
        """Atomic write of a case file; inside `batched_durability` the flush to disk is deferred to
        the end of the batch (one flush for the whole import instead of one per case)."""
        if self._sync_each():
            atomic_write_bytes(path, data)
            return
        atomic_write_bytes(path, data, durable=False)
        self._batch.written.append(path)

    @contextlib.contextmanager
    def batched_durability(self) -> Iterator[None]:
        """For a bulk import: each case file is still written atomically (temp + rename), but flushed
        to disk once at the end of the import instead of once per case (group commit). A power cut
        mid-import can leave a case of this import incomplete on disk: its checksum then fails, it is
        quarantined with the reason, and importing the same source again brings it back. When the
        import returns, everything it reported is on disk."""
        self._batch.active = True
        self._batch.written = []
        try:
            yield
        finally:
            self._batch.active = False
            written, self._batch.written = self._batch.written, []
            _flush_to_disk(written, [self.cases_dir])


def _flush_to_disk(files: list[Path], folders: list[Path]) -> None:
    """Make written files and their renames durable: one `sync()` on POSIX (the kernel flushes in one
    go), else an fsync per file through a writable handle; then the folders."""
    if not files:
        return
    if hasattr(os, "sync"):
        os.sync()
    else:  # pragma: no cover - Windows
        for path in files:
            with contextlib.suppress(OSError), open(path, "r+b") as handle:
                os.fsync(handle.fileno())
    for folder in folders:
        with contextlib.suppress(OSError):
            fsync_dir(folder)
