"""The library listing from its index (issue #17 "library listing, 50k cases <= 1 s"): a warm listing
opens no case file, and every shortcut it takes is still checked against the files on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from nelm_desktop.core.fileio import read_regular
from nelm_desktop.core.model import Lesion, new_case
from nelm_desktop.core.store import CaseStore, envelope


def write_cases(store: CaseStore, count: int) -> list[str]:
    """`count` valid case files written straight into the folder (as an import would leave them)."""
    store.save(new_case(patient_label="seed"))
    template = new_case(
        patient_label="P",
        primary_site="pancreas",
        differentiation="well",
        ki67_pct=5,
        lesions=[Lesion(segment="II", size_cm=2.0, count=1)],
    )
    ids = []
    for i in range(count - 1):
        case = template.model_copy(update={"case_id": str(uuid.uuid4()), "patient_label": f"P-{i:04d}"})
        (store.cases_dir / f"{case.case_id}.json").write_bytes(envelope.encode(case))
        ids.append(case.case_id)
    return ids


def count_case_reads(monkeypatch: pytest.MonkeyPatch, store: CaseStore) -> list[Path]:
    opened: list[Path] = []
    real = CaseStore._read

    def counting(self: CaseStore, path: Path) -> bytes | None:
        opened.append(path)
        return real(self, path)

    monkeypatch.setattr(CaseStore, "_read", counting)
    return opened


def test_a_warm_listing_opens_no_case_file_and_gives_each_row_its_file(monkeypatch):
    store = CaseStore()
    write_cases(store, 300)
    cold = store.list_cases()
    assert len(cold) == 300
    opened = count_case_reads(monkeypatch, store)
    warm = CaseStore(store.root).list_cases()  # a fresh store: nothing cached in memory
    assert opened == []
    assert warm == cold
    for row in warm[:20]:
        assert row.path == store.cases_dir / f"{row.case_id}.json"
        assert row.path.is_file()


def test_a_file_changed_behind_the_index_is_read_again(monkeypatch):
    store = CaseStore()
    saved = store.save(new_case(patient_label="before"))
    store.list_cases()
    # Another program rewrites the file in place (same inode, different content and size).
    changed = saved.case.model_copy(update={"patient_label": "after, edited elsewhere"})
    with open(saved.path, "r+b") as handle:
        handle.truncate(0)
        handle.write(envelope.encode(changed))
    opened = count_case_reads(monkeypatch, store)
    assert [r.patient_label for r in store.list_cases()] == ["after, edited elsewhere"]
    assert opened == [saved.path]


@pytest.mark.parametrize(
    "damage",
    [
        "label_is_a_number",
        "row_under_another_file_name",
        "row_too_short",
        "sort_key_is_text",
        "demo_is_a_string",
    ],
)
def test_a_tampered_index_row_is_not_trusted(monkeypatch, damage):
    store = CaseStore()
    a = store.save(new_case(patient_label="A"))
    b = store.save(new_case(patient_label="B"))
    store.list_cases()
    index = json.loads(store.index_path.read_bytes())
    rows = index["entries"]
    name_a, name_b = a.path.name, b.path.name
    if damage == "label_is_a_number":
        rows[name_a][3] = 12345
    elif damage == "row_under_another_file_name":
        rows[name_a] = [*rows[name_a][:2], *rows[name_b][2:]]  # A's mtime and size, B's row
    elif damage == "row_too_short":
        rows[name_a] = rows[name_a][:9]
    elif damage == "sort_key_is_text":
        rows[name_a][9] = "soon"
    elif damage == "demo_is_a_string":
        rows[name_a][7] = "yes"
    store.index_path.write_bytes(json.dumps(index).encode())
    opened = count_case_reads(monkeypatch, store)
    listed = {r.case_id: r.patient_label for r in store.list_cases()}
    assert listed == {a.case.case_id: "A", b.case.case_id: "B"}
    assert opened == [a.path]  # only the file whose row was not trusted


def test_a_fifo_named_like_the_index_never_hangs_the_listing(tmp_path):
    root = tmp_path / "lib"
    store = CaseStore(root)
    store.save(new_case(patient_label="still listed"))
    store.index_path.unlink(missing_ok=True)
    os.mkfifo(store.index_path)
    script = textwrap.dedent(
        f"""
        from nelm_desktop.core.store import CaseStore
        print([r.patient_label for r in CaseStore({str(root)!r}).list_cases()])
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['still listed']"


def test_trash_rows_point_at_the_trashed_file():
    store = CaseStore()
    saved = store.save(new_case(patient_label="gone"))
    store.delete(saved.case.case_id)
    [row] = store.trash()
    assert row.read_only and row.patient_label == "gone"
    assert row.path.parent == store.trash_dir and row.path.is_file()
    assert read_regular(row.path, 1 << 20).startswith(b"{")
