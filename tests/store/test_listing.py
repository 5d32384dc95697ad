"""The library listing from its index (issue #17 "library listing, 50k cases <= 1 s"): a warm listing
opens no case file, and every shortcut it takes is still checked against the files on disk."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from nelm_desktop.core.fileio import read_regular
from nelm_desktop.core.model import Lesion, new_case
from nelm_desktop.core.store import CaseStore, envelope, index_format, library


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


def read_index_file(store: CaseStore) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """The header and the columns of the index (format 3: after the header, the head's lines, then
    one line per column)."""
    line, _, rest = store.index_path.read_bytes().partition(b"\n")
    header = json.loads(line)
    lines = rest[header["head_bytes"] :].split(b"\n")
    return header, {name: json.loads(text) for (name, _), text in zip(library.COLUMNS, lines, strict=True)}


def write_index_file(
    store: CaseStore,
    header: dict[str, Any],
    columns: dict[str, list[Any]],
    *,
    fix_checksum: bool = True,
    head: dict[str, list[Any]] | None = None,
) -> None:
    """The index as a hostile user who knows its format writes it (checksums recomputed), or as a
    careless one (`fix_checksum=False`). `head`: the head's columns (else the first rows of `columns`)."""
    rows = len(columns["case_id"])
    head_rows = min(rows, index_format.HEAD_ROWS) if head is None else len(head["case_id"])
    head = head if head is not None else {name: column[:head_rows] for name, column in columns.items()}
    head_bytes = b"".join(json.dumps(head[name]).encode() + b"\n" for name, _ in library.COLUMNS)
    body = b"\n".join(json.dumps(columns[name]).encode() for name, _ in library.COLUMNS)
    if fix_checksum:
        header = {
            **header,
            "rows": rows,
            "head_rows": head_rows,
            "head_bytes": len(head_bytes),
            "head_sha256": hashlib.sha256(head_bytes).hexdigest(),
            "sha256": hashlib.sha256(head_bytes + body).hexdigest(),
        }
    store.index_path.write_bytes(json.dumps(header).encode() + b"\n" + head_bytes + body)


DAMAGE = [
    "label_edited_without_checksum",
    "label_is_a_number",
    "rows_swapped_between_files",
    "column_too_short",
    "sort_key_is_text",
    "sort_key_is_nan",
    "demo_is_a_string",
    "same_case_twice",
    "case_id_is_a_path",
    "not_newest_first",
    "tied_rows_out_of_case_id_order",
    "cut_short",
    "header_only",
]


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_tampered_index_is_not_trusted(monkeypatch, damage):
    store = CaseStore()
    a = store.save(new_case(patient_label="A"))
    b = store.save(new_case(patient_label="B"))
    store.list_cases()
    header, columns = read_index_file(store)
    ids = columns["case_id"]
    ia, ib = ids.index(a.case.case_id), ids.index(b.case.case_id)
    fix = True
    if damage == "label_edited_without_checksum":
        columns["patient_label"][ia] = "not A"
        fix = False
    elif damage == "label_is_a_number":
        columns["patient_label"][ia] = 12345
    elif damage == "rows_swapped_between_files":  # B's row under A's file name, and the reverse
        ids[ia], ids[ib] = ids[ib], ids[ia]
        labels = columns["patient_label"]
        labels[ia], labels[ib] = labels[ib], labels[ia]
    elif damage == "column_too_short":
        columns["grade"].pop()
    elif damage == "sort_key_is_text":
        columns["sort_key"][ia] = "soon"
    elif damage == "sort_key_is_nan":
        columns["sort_key"][ia] = float("nan")
    elif damage == "demo_is_a_string":
        columns["demo"][ia] = "yes"
    elif damage == "same_case_twice":
        ids[ib] = ids[ia]
    elif damage == "case_id_is_a_path":
        ids[ia] = "../" + ids[ia]
    elif damage == "not_newest_first":
        keys = columns["sort_key"]
        keys[0], keys[1] = keys[0] - 100.0, keys[0]
    elif damage == "tied_rows_out_of_case_id_order":  # same second, the smaller case id first
        columns["sort_key"][1] = columns["sort_key"][0]
        if ids[0] > ids[1]:
            for column in columns.values():
                column[0], column[1] = column[1], column[0]
    write_index_file(store, header, columns, fix_checksum=fix)
    if damage == "cut_short":
        raw = store.index_path.read_bytes()
        store.index_path.write_bytes(raw[: len(raw) - 40])
    elif damage == "header_only":
        store.index_path.write_bytes(store.index_path.read_bytes().partition(b"\n")[0])
    if damage != "rows_swapped_between_files":
        assert store.cached_listing() is None  # nothing of it is shown, not even for a moment
    opened = count_case_reads(monkeypatch, store)
    listed = {r.case_id: r.patient_label for r in store.list_cases()}
    assert listed == {a.case.case_id: "A", b.case.case_id: "B"}
    assert sorted(opened) == sorted([a.path, b.path])  # both files read again
    assert store.cached_listing() is not None  # and the index rebuilt


def test_an_in_place_edit_that_keeps_size_and_mtime_is_still_noticed(monkeypatch):
    """A program (or a person) rewrites a case file in place, same length, and sets its modification
    time back: the inode change time, which no program can set, still tells the listing."""
    if not library.CHECKS_CTIME:
        pytest.skip("Windows reports no inode change time")
    store = CaseStore()
    saved = store.save(new_case(patient_label="Alice"))
    store.list_cases()
    before = saved.path.stat()
    changed = saved.case.model_copy(update={"patient_label": "Bobby"})
    data = envelope.encode(changed)
    assert len(data) == before.st_size
    time.sleep(0.01)  # a coarse clock must still see the change
    with open(saved.path, "r+b") as handle:
        handle.write(data)
    os.utime(saved.path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = saved.path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert [r.patient_label for r in store.list_cases()] == ["Bobby"]


def test_the_cached_listing_is_checked_by_list_cases(monkeypatch):
    """The window shows `cached_listing()` at once and lets `list_cases(index=…)` check it: the same
    list back when every file is as recorded; otherwise the listing of the files, with a file changed,
    removed or added behind the index each shown as it is now."""
    store = CaseStore()
    kept = store.save(new_case(patient_label="kept"))
    changed = store.save(new_case(patient_label="before"))
    removed = store.save(new_case(patient_label="removed"))
    store.list_cases()
    opened = count_case_reads(monkeypatch, store)
    index = store.cached_listing()
    assert index is not None
    shown = index.summaries()
    assert {r.patient_label for r in shown} == {"kept", "before", "removed"}
    assert opened == []  # nothing read for the first look
    assert store.list_cases(index=index) is shown  # nothing changed: the caller keeps what it shows
    assert opened == []

    store.save(changed.case.model_copy(update={"patient_label": "after"}), changed.file_hash)
    removed.path.unlink()
    added = new_case(patient_label="added behind the index")
    (store.cases_dir / f"{added.case_id}.json").write_bytes(envelope.encode(added))
    index = store.cached_listing()
    assert index is not None
    stale = index.summaries()
    opened.clear()  # (the save read the file it replaced)
    checked = store.list_cases(index=index)
    assert checked is not stale
    assert {r.case_id: r.patient_label for r in checked} == {
        kept.case.case_id: "kept",
        changed.case.case_id: "after",
        added.case_id: "added behind the index",
    }
    assert sorted(opened) == sorted([changed.path, store.cases_dir / f"{added.case_id}.json"])
    # The rebuilt index now matches the files.
    again = store.cached_listing()
    assert again is not None and store.list_cases(index=again) is again.summaries()


def test_a_label_beyond_ascii_round_trips_through_the_index():
    store = CaseStore()
    odd = 'Ünïcode Ōtsuka 中文 \U0001f600 "quoted" back\\slash'
    store.save(new_case(patient_label=odd))
    assert [r.patient_label for r in store.list_cases()] == [odd]
    index = store.cached_listing()
    assert index is not None and [r.patient_label for r in index.summaries()] == [odd]


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


@pytest.mark.parametrize("change", [None, "edited", "removed", "added", "temp_left", "fifo", "folder"])
def test_the_check_in_slices_finds_any_difference_without_reading_a_file(monkeypatch, change):
    """`index_matches_files` (the window's check of the rows it showed, a slice at a time between
    events) says True only for a folder exactly as indexed, and reads no case file either way."""
    store = CaseStore()
    ids = write_cases(store, 30)
    store.list_cases()
    index = store.cached_listing()
    assert index is not None
    victim = store.cases_dir / f"{ids[3]}.json"
    if change == "edited":
        with open(victim, "ab") as handle:
            handle.write(b" ")
    elif change == "removed":
        victim.unlink()
    elif change == "added":
        (store.cases_dir / f"{uuid.uuid4()}.json").write_bytes(victim.read_bytes())
    elif change == "temp_left":
        (store.cases_dir / f".{ids[3]}.json.x1y2.tmp").write_bytes(b"half")
    elif change == "fifo":
        victim.unlink()
        os.mkfifo(victim)
    elif change == "folder":
        victim.unlink()
        victim.mkdir()
    opened = count_case_reads(monkeypatch, store)
    check = store.index_matches_files(index, every=5)
    slices = 0
    while True:
        try:
            next(check)
            slices += 1
        except StopIteration as done:
            result = done.value
            break
    assert result is (change is None)
    assert opened == []
    if change is None:
        assert slices >= 30 // 5 - 1  # it gave the GUI thread its turn along the way


def test_a_case_id_with_a_final_line_break_is_refused():
    """``$`` in the id pattern matched before a final line break: "abc\\n" passed as a case id."""
    from nelm_desktop.core.store import StoreError

    store = CaseStore()
    with pytest.raises(StoreError):
        store.case_path("abc\n")
    assert store.case_path("abc").name == "abc.json"


def test_cases_edited_in_the_same_second_keep_one_order_from_one_listing_to_the_next():
    """Six cases with one `updated_at` (the demo cases, imported in the same second): newest first,
    then the larger case id first, whatever the folder's order; a file read again (its mtime
    changed) keeps its place instead of moving to the end of its group."""
    store = CaseStore()
    store._ensure_dirs()
    stamp = "2026-12-04T07:00:00+00:00"
    for i in range(6):
        case = new_case(patient_label=f"SAME-{i}").model_copy(update={"updated_at": stamp})
        (store.cases_dir / f"{case.case_id}.json").write_bytes(envelope.encode(case))
    later = new_case(patient_label="LATER").model_copy(update={"updated_at": "2026-12-04T08:00:00+00:00"})
    (store.cases_dir / f"{later.case_id}.json").write_bytes(envelope.encode(later))
    first = [r.case_id for r in store.list_cases()]
    tied = first[1:]
    assert first[0] == later.case_id
    assert tied == sorted(tied, reverse=True)
    # The first of the tied rows is read again at the next listing (a touched file).
    touched = store.cases_dir / f"{tied[0]}.json"
    os.utime(touched, ns=(time.time_ns(), time.time_ns() + 5_000_000_000))
    assert [r.case_id for r in CaseStore(store.root).list_cases()] == first
    assert [r.case_id for r in CaseStore(store.root).cached_listing().summaries()] == first


@pytest.mark.parametrize("chunk", [1, 2, 3, 20_000])
def test_the_index_written_in_steps_is_the_one_a_listing_writes(chunk):
    """A window writes the index after a save in steps (`index_writing`: a chunk of one column per
    step, then "write" before the joining, checksum and file, which a thread takes): the very
    bytes `list_cases` writes for the same rows, whatever the chunk."""
    store = CaseStore()
    write_cases(store, 6)
    store.save(new_case(patient_label="Ōtsuka – Müller"))
    store.list_cases()
    listed = store.index_path.read_bytes()
    index = store.listed_index()
    assert index is not None and len(index) == 7
    store.index_path.unlink()
    steps = list(store.index_writing(index, chunk))
    assert store.index_path.read_bytes() == listed
    assert steps == [None] * (len(library.COLUMNS) * -(-7 // chunk)) + ["write"]


def _many(store: CaseStore, monkeypatch: pytest.MonkeyPatch, count: int, head: int) -> list[str]:
    monkeypatch.setattr(index_format, "HEAD_ROWS", head)
    write_cases(store, count)
    return [row.case_id for row in store.list_cases()]


def test_the_index_head_gives_the_newest_rows_and_the_count_without_reading_the_rest(monkeypatch):
    """Index format 3: the first screen of rows (the head) is read and checked alone, whatever the
    library's size; the rest follows (`index_rest`) and starts with those very rows."""
    store = CaseStore()
    listed = _many(store, monkeypatch, 60, head=25)
    header, _ = read_index_file(store)
    assert (header["format"], header["rows"], header["head_rows"]) == (3, 60, 25)
    reads: list[int] = []
    monkeypatch.setattr(index_format, "_HEAD_READ", 512)  # less than the head: read again, just the head
    real = index_format.read_regular_prefix
    monkeypatch.setattr(
        index_format, "read_regular_prefix", lambda p, n, **k: (reads.append(n), real(p, n, **k))[1]
    )
    monkeypatch.setattr(index_format, "read_regular", lambda *a: pytest.fail("the whole index was read"))
    head = store.index_head()
    assert head is not None and head.rows == 60
    assert [row.case_id for row in head.first.summaries()] == listed[:25]
    assert len(reads) == 2 and all(n < store.index_path.stat().st_size / 2 for n in reads)
    monkeypatch.undo()
    rest = store.index_rest(head)
    steps = 0
    while True:
        try:
            next(rest)
            steps += 1
        except StopIteration as done:
            whole = done.value
            break
    assert steps > len(library.COLUMNS)  # in steps a window runs between events
    assert [row.case_id for row in whole.summaries()] == listed


@pytest.mark.parametrize(
    "damage", ["rest_cut_short", "rest_edited", "head_is_not_the_first_rows", "file_replaced"]
)
def test_a_damaged_rest_of_the_index_is_not_trusted_and_the_library_is_listed_from_its_files(
    monkeypatch, damage
):
    store = CaseStore()
    listed = _many(store, monkeypatch, 40, head=10)
    header, columns = read_index_file(store)
    head = store.index_head()
    assert head is not None
    raw = store.index_path.read_bytes()
    if damage == "rest_cut_short":
        store.index_path.write_bytes(raw[:-40])
    elif damage == "rest_edited":  # a label below the head, the checksum not fixed
        store.index_path.write_bytes(raw.replace(b'"P-0030"', b'"X-0030"'))
        assert store.index_path.read_bytes() != raw
    elif damage == "head_is_not_the_first_rows":  # each part consistent, the two not
        other = {name: [*column[1:10], column[0]] for name, column in columns.items()}
        write_index_file(store, header, columns, head=other)
    elif damage == "file_replaced":  # by another window, between the head's read and the rest's
        columns["patient_label"][20] = "REWRITTEN"
        write_index_file(store, header, columns)
    rest = store.index_rest(head)
    while True:
        try:
            next(rest)
        except StopIteration as done:
            assert done.value is None  # never a list from it
            break
    if damage != "file_replaced":
        assert store.cached_listing() is None
    opened = count_case_reads(monkeypatch, store)
    assert [row.case_id for row in store.list_cases()] == listed
    assert opened or damage == "file_replaced"
    assert store.index_head() is not None and store.cached_listing() is not None  # rebuilt


def test_an_index_of_the_version_before_format_2_is_read_and_written_again_as_format_3(monkeypatch):
    """An index written by the previous version (format 2: no head, one JSON object) is still read
    (no case file opened) and written again in format 3, private, at the first listing."""
    store = CaseStore()
    listed = _many(store, monkeypatch, 30, head=10)
    _, columns = read_index_file(store)
    body = json.dumps(columns, separators=(",", ":")).encode()
    header = {
        "format": 2,
        "app_version": json.loads(store.index_path.read_bytes().partition(b"\n")[0])["app_version"],
        "schema_version": read_index_file(store)[0]["schema_version"],
        "rows": 30,
        "sha256": hashlib.sha256(body).hexdigest(),
    }
    store.index_path.write_bytes(json.dumps(header).encode() + b"\n" + body)
    assert store.index_head() is None  # no head: a window reads it whole
    cached = store.cached_listing()
    assert cached is not None and cached.format == 2
    assert [row.case_id for row in cached.summaries()] == listed
    opened = count_case_reads(monkeypatch, store)
    assert [row.case_id for row in CaseStore(store.root).list_cases()] == listed
    assert opened == []
    assert read_index_file(store)[0]["format"] == 3
    assert store.index_head() is not None
    if os.name == "posix":
        assert store.index_path.stat().st_mode & 0o777 == 0o600


def test_a_head_larger_than_this_app_writes_is_not_read_on_the_gui_thread(monkeypatch):
    """A head of more rows than HEAD_ROWS (a crafted index, checksums and all) is refused by the
    head reader, so a window reads the whole index in a thread as for format 2; the list is right."""
    store = CaseStore()
    listed = _many(store, monkeypatch, 60, head=50)  # written with a head of 50 rows
    assert read_index_file(store)[0]["head_rows"] == 50
    monkeypatch.setattr(index_format, "HEAD_ROWS", 20)  # this app's head: 20 rows
    assert store.index_head() is None
    monkeypatch.setattr(index_format, "HEAD_ROWS", 50)
    assert store.index_head() is not None  # the same file, within the head this app writes
    monkeypatch.setattr(index_format, "HEAD_ROWS", 20)
    assert [row.case_id for row in store.list_cases()] == listed
