"""The audit trail: the hash chain in each case, and its head anchored beside the backups
(``backups/<id>/anchor.json``) so that a chain cut short or rewritten is noticed."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from nelm_desktop.core.fileio import atomic_write_bytes, ensure_dir, read_regular
from nelm_desktop.core.model import Case, Revision
from nelm_desktop.core.store import audit, envelope
from nelm_desktop.core.store.quarantine import Quarantine


class AuditTrail(Quarantine):
    """A case's history, and the check of its chain against the recorded anchor."""

    def history(self, case_id: str) -> list[Revision]:
        return list(self.load(case_id).case.revisions)

    def _write_anchor(self, case: Case) -> None:
        """Record the chain head outside the case file (caller holds the case lock). Best effort: a
        failure leaves an older anchor, which the grown chain still extends."""
        folder = self.backups_dir / case.case_id
        with contextlib.suppress(OSError):
            ensure_dir(folder)
            # Not fsynced: losing it in a power cut leaves the previous anchor, which the chain
            # still extends (a save costs one fsync less).
            atomic_write_bytes(
                self._anchor_path(case.case_id), envelope.canonical_json(audit.head(case)), durable=False
            )

    def _read_anchor(self, case_id: str) -> dict[str, Any] | None:
        try:
            data = json.loads(read_regular(self._anchor_path(case_id), 4096))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def check_history(self, case_id: str, case: Case | None = None) -> list[str]:
        """Problems with a case's audit trail, one line each ([] when sound): a broken chain, or a
        chain cut short or rewritten since the last save (checked against the recorded anchor)."""
        if case is None:
            case = self.load(case_id).case
        problems = []
        if not audit.verify_history(case):
            problems.append("an entry of the history was changed, inserted or removed (the chain is broken)")
        anchored = audit.check_anchor(case, self._read_anchor(case_id))
        if anchored:
            problems.append(anchored)
        return problems

    @staticmethod
    def verify_history(case: Case) -> bool:
        return audit.verify_history(case)
