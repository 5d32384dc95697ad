"""A writer killed while writing the listing's index leaves its temp file in the library's top folder:
every patient's label, kept for good, since the sweep at listing time only looks when cases/ holds a
temp file. The next index write (under the library lock that every index writer holds) removes it."""

from __future__ import annotations

from pathlib import Path

from nelm_desktop.core.fileio import temp_path
from nelm_desktop.core.model import new_case
from nelm_desktop.core.store import CaseStore


def test_an_index_temp_a_killed_writer_left_is_removed_by_the_next_index_write(tmp_path: Path) -> None:
    store = CaseStore(tmp_path / "lib")
    store.save(new_case(patient_label="Label of a patient"))
    store.list_cases()
    left = temp_path(store.index_path)  # the name a killed atomic write leaves
    left.write_bytes(store.index_path.read_bytes()[:100])
    other = CaseStore(tmp_path / "lib")  # the next start
    other.save(new_case(patient_label="another"))
    assert {row.patient_label for row in other.list_cases()} == {"another", "Label of a patient"}
    assert not left.exists()
    assert sorted(p.name for p in store.root.iterdir() if p.name.startswith(".")) == []
