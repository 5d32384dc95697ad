"""The case library: the model as logic (10,000 rows, search, newest first) and the panel driven with
keys and clicks (search, open, delete with undo, duplicate, damaged files)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from nelm_desktop.core.model import new_case
from nelm_desktop.core.store import CaseStore, CaseSummary, index_format
from nelm_desktop.ui.library.library_model import CASE_ID_ROLE, CaseListModel

Btn = QMessageBox.StandardButton
SITES = ("pancreas", "small_intestine", "lung", "rectum")


def summaries(n: int) -> list[CaseSummary]:
    return [
        CaseSummary(
            case_id=f"00000000-0000-4000-8000-{i:012d}",
            patient_label=f"PT-{i:05d}",
            primary_site=SITES[i % len(SITES)],
            grade=("G1", "G2", "G3 NET", "NEC")[i % 4],
            updated_at=f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T10:{i % 60:02d}:00+00:00",
            demo=i % 1000 == 0,
            folder=Path("/cases"),
            file_name=f"{i}.json",
        )
        for i in range(n)
    ]


def test_typing_on_narrows_from_the_previous_matches_and_finds_what_a_fresh_search_finds() -> None:
    typed = CaseListModel()
    typed.set_summaries(summaries(3_000))
    for text in (
        "p",
        "pt",
        "pt-0",
        "pt-01",
        "pt-01 g",
        "pt-01 g3",
        "g3 pt-01",
        "pt-0",
        "lung nec",
        "lung",
        "",
        "7 pt",
    ):
        typed.set_filter(text)
        fresh = CaseListModel()
        fresh.set_summaries(summaries(3_000))
        fresh.set_filter(text)
        rows = [typed.summary(r).case_id for r in range(typed.rowCount())]
        assert rows == [fresh.summary(r).case_id for r in range(fresh.rowCount())], text
        words = text.split()
        assert all(all(w in typed._haystacks[i] for w in words) for i in typed._rows), text
    assert typed.rowCount() > 0


def test_model_sorts_newest_edit_first_and_searches_10000_cases() -> None:
    model = CaseListModel()
    model.set_summaries(summaries(10_000))
    assert model.rowCount() == 10_000
    stamps = [model.summary(r).updated_at for r in range(model.rowCount())]
    assert stamps == sorted(stamps, reverse=True)
    model.set_filter("PT-0424")
    assert sorted(model.summary(r).patient_label for r in range(model.rowCount())) == [
        f"PT-0424{d}" for d in range(10)
    ]
    model.set_filter("pancreas g1")  # every word must match: label, primary (label or id), grade
    assert model.rowCount() == 2500
    assert all(model.summary(r).primary_site == "pancreas" for r in range(model.rowCount()))
    model.set_filter("small intestine")
    assert model.rowCount() == 2500
    model.set_filter("demo")
    assert model.rowCount() == 10
    assert model.index(0, 0).data().startswith("[DEMO]")
    model.set_filter("")
    assert model.rowCount() == 10_000


def test_model_columns_show_label_primary_grade_and_last_edit() -> None:
    model = CaseListModel()
    model.set_summaries(summaries(3))
    row = model.row_of("00000000-0000-4000-8000-000000000001")
    assert [model.index(row, c).data() for c in range(4)] == [
        "PT-00001",
        "Small intestine",
        "G2",
        "2026-02-02 10:01",
    ]
    assert model.index(row, 0).data(CASE_ID_ROLE) == "00000000-0000-4000-8000-000000000001"


def _save(store: Any, label: str, **facts: Any) -> str:
    return store.save(new_case(patient_label=label, **facts)).case.case_id


def test_type_to_search_and_enter_opens_the_first_match(store: Any, make_window: Any, qtbot: Any) -> None:
    for label in ("Alpha", "Beta", "Gamma"):
        _save(store, label, primary_site="lung")
    window = make_window()
    panel = window.library
    assert panel.model.rowCount() == 3
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert panel.search.hasFocus()
    qtbot.keyClicks(panel.search, "bet")
    assert panel.model.rowCount() == 1
    assert "1 of 3" in panel.count_label.text()
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert window.document.case.patient_label == "Beta"
    assert panel.selected_case_id() == window.document.case.case_id


def test_delete_asks_moves_to_trash_and_undo_restores(
    store: Any, make_window: Any, qtbot: Any, dialogs: Any
) -> None:
    case_id = _save(store, "Delete me")
    window = make_window()
    panel = window.library
    panel.select_case(case_id)
    dialogs.answers = [Btn.No]
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert dialogs.titles() == ["Delete case"]
    assert panel.model.rowCount() == 1  # "No" keeps it
    dialogs.answers = [Btn.Yes]
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == 0
    assert [s.case_id for s in store.trash()] == [case_id]
    assert panel.undo_bar.isVisibleTo(panel)
    qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    assert [s.case_id for s in store.list_cases()] == [case_id]
    assert panel.model.rowCount() == 1


def test_duplicate_opens_a_copy_with_a_new_id(store: Any, make_window: Any, qtbot: Any) -> None:
    """The copy's row is added as a save adds it: the library is not listed again on the GUI thread."""
    case_id = _save(store, "Original", differentiation="well")
    window = make_window()
    window.library.select_case(case_id)
    listed: list[bool] = []
    original = store.list_cases
    store.list_cases = lambda *a, **k: (listed.append(True), original(*a, **k))[1]  # type: ignore[method-assign]
    qtbot.mouseClick(window.library.duplicate_button, Qt.MouseButton.LeftButton)
    copy = window.document.case
    assert copy.case_id != case_id
    assert (copy.patient_label, copy.differentiation) == ("Original (copy)", "well")
    assert window.library.model.rowCount() == 2
    assert window.library.selected_case_id() == copy.case_id
    assert listed == []
    qtbot.waitUntil(lambda: b"Original (copy)" in store.index_path.read_bytes())
    assert listed == []


def test_damaged_file_is_listed_with_its_reason(store: Any, make_window: Any, dialogs: Any) -> None:
    case_id = _save(store, "Will break")
    path = store.case_path(case_id)
    path.write_bytes(path.read_bytes()[:40])  # truncated on disk
    window = make_window()
    dialogs.answers = [Btn.No]  # do not restore the backup now
    window.session.open_case(case_id)
    assert dialogs.titles()[0] in {"Damaged case file", "Cannot open the case"}
    window.refresh_library()
    assert window.library.quarantine_button.isVisibleTo(window.library)
    assert "1 damaged or unreadable case file" in window.library.quarantine_button.text()
    from nelm_desktop.ui.window.dialogs import QuarantineDialog

    dialog = QuarantineDialog(store, window.session, window)
    assert dialog.tree.topLevelItemCount() == 1
    assert dialog.tree.topLevelItem(0).text(0) == case_id
    assert dialog.tree.topLevelItem(0).text(2)  # the reason
    dialog.deleteLater()


def test_start_up_lists_a_library_without_index_in_the_background_with_progress(
    qtbot: Any, store: Any, data_root: Path
) -> None:
    """First start after an upgrade: no index. The window says "Opening library…", counts the case
    files read, stays responsive (the GUI thread is not the one reading), then lists every case."""
    import threading

    from nelm_desktop.ui.window.main_window import MainWindow

    for i in range(300):
        store.save(new_case(patient_label=f"UPGRADE-{i:03d}"))
    store.index_path.unlink(missing_ok=True)
    window = MainWindow(store, data_root, autosave_ms=60_000)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    seen: list[str] = []
    readers: list[str] = []
    original = store._index_file

    def index_file(*args: Any) -> Any:
        readers.append(threading.current_thread().name)
        return original(*args)

    store._index_file = index_file  # type: ignore[method-assign]
    window.library.show_opening = lambda n=0, f=window.library.show_opening: (seen.append(str(n)), f(n))  # type: ignore[method-assign]
    done: list[bool] = []
    window.open_library(then=lambda: done.append(True))
    assert window.library.count_label.text().startswith("Opening library")
    # A change while listing (e.g. a save) is not lost: the list is refreshed again afterwards.
    store.save(new_case(patient_label="SAVED-WHILE-OPENING"))
    window.refresh_library()
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    assert window.library.model.total_count() == 301
    assert len(readers) >= 300 and set(readers[:300]) == {"library-listing"}  # not the GUI thread
    assert any(n != "0" for n in seen), "no progress was shown while the index was rebuilt"
    assert store.index_path.exists()


def test_start_up_shows_the_indexed_rows_at_once_then_what_the_files_hold(
    qtbot: Any, store: Any, data_root: Path
) -> None:
    """Stale-while-revalidate: the window shows the index's rows before looking at any case file,
    says it is checking them, and within moments shows each file as it is now: a file changed
    behind the index with its new label, a removed one gone, one added behind the index listed."""
    from nelm_desktop.core.store import envelope
    from nelm_desktop.ui.window.main_window import MainWindow

    kept = store.save(new_case(patient_label="KEPT"))
    changed = store.save(new_case(patient_label="BEFORE"))
    removed = store.save(new_case(patient_label="REMOVED"))
    store.list_cases()  # the index, as the last session left it
    # Behind the index (another program, a sync tool): one edited in place, one removed, one added.
    with open(changed.path, "r+b") as handle:
        handle.truncate(0)
        handle.write(envelope.encode(changed.case.model_copy(update={"patient_label": "AFTER, EDITED"})))
    removed.path.unlink()
    added = new_case(patient_label="ADDED")
    (store.cases_dir / f"{added.case_id}.json").write_bytes(envelope.encode(added))

    window = MainWindow(store, data_root, autosave_ms=60_000)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    model = window.library.model
    first: list[set[str]] = []
    counts: list[str] = []
    real_set = window.library.set_summaries

    def spy(rows: Any, newest_first: bool = False, **more: Any) -> None:
        real_set(rows, newest_first, **more)
        if not first:
            first.append({row.patient_label for row in model.all_summaries()})
            counts.append(window.library.count_label.text())

    window.library.set_summaries = spy  # type: ignore[method-assign]
    done: list[bool] = []
    window.open_library(then=lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    assert first == [{"KEPT", "BEFORE", "REMOVED"}]  # the index's rows, shown first...
    assert "checking the case files" in counts[0]  # ...and said to be unchecked
    labels = {model.summary(row).patient_label for row in range(model.rowCount())}
    assert labels == {"KEPT", "AFTER, EDITED", "ADDED"}
    assert window.library.count_label.text() == "3 cases"
    assert kept.case.case_id in {s.case_id for s in model.all_summaries()}


def test_start_up_with_every_file_as_indexed_reads_no_case_file_and_keeps_the_rows(
    qtbot: Any, store: Any, data_root: Path
) -> None:
    """The check of an up-to-date index opens no case file, lists nothing in a thread and leaves
    the rows shown (the selection and scroll position with them)."""
    from nelm_desktop.ui.window.main_window import MainWindow

    for i in range(250):
        store.save(new_case(patient_label=f"ROW-{i:03d}"))
    store.list_cases()
    window = MainWindow(store, data_root, autosave_ms=60_000)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    reads: list[Any] = []
    listings: list[Any] = []
    store._read = lambda path: reads.append(path)  # type: ignore[method-assign]
    store.list_cases = lambda *a, **k: listings.append(a)  # type: ignore[method-assign]
    fills: list[int] = []
    real_set = window.library.set_summaries
    window.library.set_summaries = lambda rows, newest_first=False, **more: (  # type: ignore[method-assign]
        fills.append(len(rows)),
        real_set(rows, newest_first, **more),
    )
    done: list[bool] = []
    window.open_library(then=lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    assert reads == [] and listings == []
    assert fills == [index_format.HEAD_ROWS]  # filled once, from the index's head; the rest added after
    assert window.library.model.rowCount() == 250
    assert window.library.count_label.text() == "250 cases"


def test_the_library_panel_is_imported_without_creating_qstyle() -> None:
    """QStyle's Python type (~160 enums, ~6 ms) is created where a row is painted, not when the
    window imports the library panel before its first frame. A fresh process: this one has QStyle."""
    import os
    import subprocess
    import sys

    code = (
        "import PySide6.QtWidgets as widgets\n"
        "import nelm_desktop.ui.library.library_delegate, nelm_desktop.ui.library.library_panel\n"
        "print('QStyle' in widgets.__dict__)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == ["False"], run.stdout


def test_the_model_orders_edits_of_the_same_second_as_the_store_does() -> None:
    """Rows given in any order (not the store's): newest first, then the larger case id first."""
    rows = summaries(6)
    tied = [r._replace(updated_at="2026-12-04T07:00:00+00:00") for r in rows[:5]]
    newest = rows[5]._replace(updated_at="2026-12-04T08:00:00+00:00")
    for given in ([*tied, newest], [newest, *reversed(tied)]):
        model = CaseListModel()
        model.set_summaries(given)
        shown = [model.summary(r).case_id for r in range(model.rowCount())]
        assert shown == [newest.case_id, *sorted((r.case_id for r in tied), reverse=True)]


def _started_window(qtbot: Any, store: Any, data_root: Path) -> Any:
    """A window started as the app starts it (open_library), once everything after the listing ran."""
    from nelm_desktop.ui.window.main_window import MainWindow

    window = MainWindow(store, data_root, autosave_ms=60_000)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    done: list[bool] = []
    window.open_library(then=lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    return window


def _retype(qtbot: Any, widget: Any, text: str) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def test_a_save_changes_its_own_row_at_once_and_never_lists_the_library_on_the_gui_thread(
    qtbot: Any, store: Any, data_root: Path, monkeypatch: Any
) -> None:
    """#17: at 50,000 cases each save listed the whole library on the GUI thread (~0.4-0.5 s, the
    window frozen). Now the saved case's row moves to the top at once, the other case files are
    checked afterwards without reading any, and the index file then holds the very bytes a full
    listing would write."""
    import threading

    from nelm_desktop.core.store import CaseStore, envelope

    store._ensure_dirs()
    for i in range(20):  # edited earlier than the save below, each a minute apart
        case = new_case(patient_label=f"ROW-{i:02d}").model_copy(
            update={"updated_at": f"2026-01-01T10:{i:02d}:00+00:00"}
        )
        (store.cases_dir / f"{case.case_id}.json").write_bytes(envelope.encode(case))
    window = _started_window(qtbot, store, data_root)
    model = window.library.model
    oldest = model.summary(model.rowCount() - 1).case_id
    assert window.session.open_case(oldest)
    listings: list[str] = []
    original = store.list_cases

    def list_cases(*args: Any, **kwargs: Any) -> Any:
        listings.append(threading.current_thread().name)
        return original(*args, **kwargs)

    monkeypatch.setattr(store, "list_cases", list_cases)
    opened: list[Path] = []
    real_read = CaseStore._read
    monkeypatch.setattr(
        CaseStore, "_read", lambda self, path: (opened.append(path), real_read(self, path))[1]
    )
    writers: list[str] = []  # the index file's writing (8.5 MB at 50,000 cases): off the GUI thread
    real_write = CaseStore._write_index
    monkeypatch.setattr(
        CaseStore,
        "_write_index",
        lambda self, data: (writers.append(threading.current_thread().name), real_write(self, data))[1],
    )

    _retype(qtbot, window.form.field_widget("patient_label"), "ROW-EDITED")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.document.is_dirty
    # At once: the saved row first, every other row kept, the open case selected.
    assert (model.summary(0).case_id, model.summary(0).patient_label) == (oldest, "ROW-EDITED")
    assert model.total_count() == model.rowCount() == 20
    assert window.library.selected_case_id() == oldest
    assert listings == []
    # Then the check and the index file, between events.
    qtbot.waitUntil(lambda: b"ROW-EDITED" in store.index_path.read_bytes(), timeout=30_000)
    assert listings == []
    assert writers == ["library-listing"]
    assert set(opened) == {store.case_path(oldest)}  # the save's own reads: no other case file
    shown = [model.summary(r).case_id for r in range(model.rowCount())]
    assert [s.case_id for s in CaseStore(data_root).cached_listing().summaries()] == shown
    written = store.index_path.read_bytes()
    store.index_path.unlink()
    assert [s.case_id for s in CaseStore(data_root).list_cases()] == shown
    assert store.index_path.read_bytes() == written


def test_after_a_save_a_case_another_program_added_is_listed_too(
    qtbot: Any, store: Any, data_root: Path
) -> None:
    """The check after a save finds what changed behind the window (here a case file added by
    another program) and lists the library again, off the GUI thread."""
    from nelm_desktop.core.store import envelope

    for i in range(5):
        _save(store, f"KEPT-{i}")
    window = _started_window(qtbot, store, data_root)
    model = window.library.model
    target = model.summary(2).case_id
    assert window.session.open_case(target)
    outside = new_case(patient_label="ADDED-ELSEWHERE")
    (store.cases_dir / f"{outside.case_id}.json").write_bytes(envelope.encode(outside))
    _retype(qtbot, window.form.field_widget("patient_label"), "KEPT-EDITED")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert model.summary(model.row_of(target)).patient_label == "KEPT-EDITED"  # at once
    qtbot.waitUntil(lambda: model.total_count() == 6, timeout=30_000)
    labels = {model.summary(r).patient_label for r in range(model.rowCount())}
    assert {"ADDED-ELSEWHERE", "KEPT-EDITED"} <= labels
    assert window.library.count_label.text() == "6 cases"


def test_the_follow_ups_and_board_statuses_fill_in_turns_of_their_own_after_the_listing(
    qtbot: Any, store: Any, data_root: Path
) -> None:
    """At 50,000 cases the follow-ups and the board statuses filled in one block of ~130 ms after
    the listing. They now come in separate event-loop turns (a zero-interval timer ticks between
    them), and the start's `then` only after both."""
    from PySide6.QtCore import QTimer

    from nelm_desktop.core.timeline import TimePoints
    from nelm_desktop.ui.window.main_window import MainWindow

    due = store.save(new_case(patient_label="DUE")).case
    TimePoints(store.root).record(due, follow_up="2020-01-01")
    window = MainWindow(store, data_root, autosave_ms=60_000)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    ticks = [0]
    ticker = QTimer(window)
    ticker.setInterval(0)
    ticker.timeout.connect(lambda: ticks.__setitem__(0, ticks[0] + 1))
    seen: list[tuple[str, int]] = []
    library = window.library
    library.set_quarantined = lambda n, f=library.set_quarantined: (seen.append(("listed", ticks[0])), f(n))  # type: ignore[method-assign]
    follow = library.follow_ups
    follow.set_follow_ups = lambda *a, f=follow.set_follow_ups: (seen.append(("follow-ups", ticks[0])), f(*a))  # type: ignore[method-assign]
    library.set_board = lambda *a, f=library.set_board: (seen.append(("board", ticks[0])), f(*a))  # type: ignore[method-assign]
    done: list[bool] = []
    window.open_library(then=lambda: (seen.append(("then", ticks[0])), done.append(True)))
    ticker.start()
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    ticker.stop()
    assert [what for what, _ in seen] == ["listed", "follow-ups", "board", "then"]
    turns = [tick for _, tick in seen]
    assert turns[0] < turns[1] < turns[2], seen
    assert follow.case_ids() == [due.case_id]
    assert "Board: To prepare (1)" in [
        library.board_filter.itemText(i) for i in range(library.board_filter.count())
    ]


def test_a_search_before_the_search_text_is_built_finds_what_a_full_build_finds() -> None:
    """The start leaves each row's search text for later (built in steps once the first case is
    on screen); a search typed before then builds the rest at once."""
    for partial in (0, 1_000, 2_999):
        model = CaseListModel()
        model.search_text_later()
        model.set_summaries(summaries(3_000))
        model.build_search_text(partial)
        model.set_filter("pt-01 g3")
        fresh = CaseListModel()
        fresh.set_summaries(summaries(3_000))
        fresh.set_filter("pt-01 g3")
        assert model.rowCount() == fresh.rowCount() > 0
        assert [model.summary(r).case_id for r in range(model.rowCount())] == [
            fresh.summary(r).case_id for r in range(fresh.rowCount())
        ]
        assert model._haystacks == fresh._haystacks


def test_the_start_reopens_the_last_case_before_building_the_search_text(
    qtbot: Any, store: Any, data_root: Path, monkeypatch: Any
) -> None:
    """At 50,000 cases the search text of every row (~40 ms) was built before the last case could
    open. It is built after, in steps; typing a search then finds the rows as before."""
    from nelm_desktop.ui.window.main_window import MainWindow
    from nelm_desktop.ui.window.recent import remember_case

    ids = [_save(store, f"HAY-{i:02d}") for i in range(12)]
    store.list_cases()  # the index: the start shows its rows at once
    remember_case(ids[3])
    built: list[str] = []
    real = CaseListModel._haystack
    monkeypatch.setattr(
        CaseListModel, "_haystack", staticmethod(lambda s: (built.append(s.case_id), real(s))[1])
    )
    window = MainWindow(store, data_root, autosave_ms=60_000)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    opening = window.session.open_case
    built_at_open: list[int] = []
    monkeypatch.setattr(
        window.session, "open_case", lambda *a, **k: (built_at_open.append(len(built)), opening(*a, **k))[1]
    )
    done: list[bool] = []
    window.open_library(then=lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    assert built_at_open == [0]
    assert window.document.case.case_id == ids[3]
    assert sorted(built) == sorted(ids)  # each row's search text once
    search = window.library.search
    search.setFocus()
    qtbot.keyClicks(search, "hay-07")
    model = window.library.model
    qtbot.waitUntil(lambda: [model.summary(r).case_id for r in range(model.rowCount())] == [ids[7]])


def _library_of(store: Any, count: int) -> list[str]:
    """`count` cases written straight into the folder, then listed once (the index): newest first."""
    from nelm_desktop.core.store import envelope

    store.save(new_case(patient_label="first"))  # the folders, as a first save makes them
    store.case_path(store.list_cases()[0].case_id).unlink()
    template = new_case(patient_label="seed", primary_site="pancreas")
    for i in range(count):
        case = template.model_copy(
            update={
                "case_id": f"00000000-0000-4000-8000-{i:012d}",
                "patient_label": f"ROW-{i:03d}",
                "updated_at": f"2026-01-01T10:{i // 60:02d}:{i % 60:02d}+00:00",
            }
        )
        (store.cases_dir / f"{case.case_id}.json").write_bytes(envelope.encode(case))
    return [row.case_id for row in store.list_cases()]


def _window_at_its_first_rows(qtbot: Any, store: Any, data_root: Path, at_first_rows: Any) -> Any:
    """A window started as the app starts it; `at_first_rows(window)` runs as soon as the start
    has shown its first rows (before the rest of the index is read, when there is a rest)."""
    from nelm_desktop.ui.window.main_window import MainWindow

    window = MainWindow(store, data_root, autosave_ms=60_000)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    done: list[bool] = []
    window.open_library(then=lambda: done.append(True))
    window._loader.shown.connect(lambda *_: at_first_rows(window))  # after the window's own slot
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    return window


def test_the_start_shows_the_index_head_first_and_the_keys_reach_every_row_before_the_rest_is_read(
    qtbot: Any, store: Any, data_root: Path, monkeypatch: Any
) -> None:
    """Index format 3: the start shows the newest rows (the index's head) without reading the rest;
    the count line gives every case. Ctrl+End pressed in the list then goes to the oldest case, as in the
    whole list (the rest is read at once), and the rest comes after the rows shown, the selection kept."""
    monkeypatch.setattr(index_format, "HEAD_ROWS", 20)
    listed = _library_of(store, 130)
    seen: dict[str, Any] = {}

    def at_first_rows(window: Any) -> None:
        model, view = window.library.model, window.library.view
        seen["rows"] = model.rowCount()
        seen["count"] = window.library.count_label.text()
        seen["first"] = [model.summary(r).case_id for r in range(model.rowCount())]
        view.setFocus()
        qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        seen["end"] = view.currentIndex().data(CASE_ID_ROLE)
        seen["rows_after_end"] = model.rowCount()

    window = _window_at_its_first_rows(qtbot, store, data_root, at_first_rows)
    assert seen["rows"] == 20  # the head alone
    assert seen["first"] == listed[:20]
    assert seen["count"] == "130 cases — checking the case files…"
    assert seen["end"] == listed[-1]  # the oldest case, as Ctrl+End goes in the whole list
    assert seen["rows_after_end"] == 130
    model = window.library.model
    assert [model.summary(r).case_id for r in range(model.rowCount())] == listed
    assert window.library.count_label.text() == "130 cases"


def test_a_search_typed_before_the_rest_of_the_index_is_read_finds_what_it_finds_in_the_whole_list(
    qtbot: Any, store: Any, data_root: Path, monkeypatch: Any
) -> None:
    monkeypatch.setattr(index_format, "HEAD_ROWS", 20)
    listed = _library_of(store, 130)
    seen: dict[str, Any] = {}

    def at_first_rows(window: Any) -> None:
        search, model = window.library.search, window.library.model
        seen["partial"] = model.rowCount() < 130
        search.setFocus()
        qtbot.keyClicks(search, "row-00")  # ROW-000 … ROW-009: the oldest ten, not in the head
        seen["found"] = [model.summary(r).case_id for r in range(model.rowCount())]
        seen["count"] = window.library.count_label.text()

    window = _window_at_its_first_rows(qtbot, store, data_root, at_first_rows)
    assert seen["partial"]
    assert seen["found"] == [case_id for case_id in listed if int(case_id[-3:]) < 10]
    assert seen["count"].startswith("10 of 130 cases match")
    model = window.library.model
    assert [model.summary(r).case_id for r in range(model.rowCount())] == seen["found"]


def test_a_row_selected_among_the_first_rows_stays_selected_when_the_rest_comes(
    qtbot: Any, store: Any, data_root: Path, monkeypatch: Any
) -> None:
    monkeypatch.setattr(index_format, "HEAD_ROWS", 20)
    listed = _library_of(store, 130)
    seen: dict[str, Any] = {}

    def at_first_rows(window: Any) -> None:
        view, model = window.library.view, window.library.model
        seen["partial"] = model.rowCount() == 20
        rect = view.visualRect(model.index(3, 0))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    window = _window_at_its_first_rows(qtbot, store, data_root, at_first_rows)
    assert seen["partial"]
    qtbot.waitUntil(lambda: window.document.case is not None)
    assert window.document.case.case_id == listed[3]
    assert window.library.selected_case_id() == listed[3]
    assert window.library.view.currentIndex().row() == 3
    assert window.library.model.rowCount() == 130


def test_an_index_cut_short_after_its_head_never_leaves_a_wrong_list(
    qtbot: Any, store: Any, data_root: Path, monkeypatch: Any
) -> None:
    """The head is whole, the rest cut short: the rows shown are dropped ("Opening library…") and
    the library is listed from its files, every case in it."""
    monkeypatch.setattr(index_format, "HEAD_ROWS", 20)
    listed = _library_of(store, 60)
    raw = store.index_path.read_bytes()
    store.index_path.write_bytes(raw[:-100])
    counts: list[str] = []

    def at_first_rows(window: Any) -> None:
        window._loader.unusable.connect(lambda: counts.append(window.library.count_label.text()))

    window = _window_at_its_first_rows(qtbot, store, data_root, at_first_rows)
    assert counts == ["Opening library…"]
    model = window.library.model
    assert [model.summary(r).case_id for r in range(model.rowCount())] == listed
    assert window.library.count_label.text() == "60 cases"
    assert store.index_path.read_bytes() == raw  # rebuilt, as it was


def test_delete_and_its_undo_change_only_their_own_row_and_never_list_the_library_on_the_gui_thread(
    qtbot: Any, store: Any, data_root: Path, dialogs: Any, monkeypatch: Any
) -> None:
    """Delete (to the trash) takes out its one row at once and Undo puts it back, as a save does: the
    library is not listed again on the GUI thread (at 50,000 cases ~0.5 s each, the window frozen);
    the files are checked after, between events, and the index written from the rows in memory."""
    ids = [_save(store, f"DEL-{i:02d}") for i in range(15)]
    window = _started_window(qtbot, store, data_root)
    panel, model = window.library, window.library.model
    listings: list[Any] = []
    original = store.list_cases
    monkeypatch.setattr(store, "list_cases", lambda *a, **k: (listings.append(a), original(*a, **k))[1])
    order = [model.summary(r).case_id for r in range(model.rowCount())]
    assert sorted(order) == sorted(ids)
    victim = order[6]
    rect = panel.view.visualRect(model.index(model.row_of(victim), 0))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.document.case.case_id == victim
    dialogs.answers = [Btn.Yes]
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert dialogs.titles() == ["Delete case"]
    shown = [model.summary(r).case_id for r in range(model.rowCount())]
    assert shown == [i for i in order if i != victim]  # at once, every other row kept
    assert panel.count_label.text() == "14 cases"
    assert listings == []
    qtbot.waitUntil(lambda: victim.encode() not in store.index_path.read_bytes(), timeout=30_000)
    assert listings == []
    assert [s.case_id for s in CaseStore(data_root).cached_listing().summaries()] == shown
    qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    assert [model.summary(r).case_id for r in range(model.rowCount())] == order
    assert panel.count_label.text() == "15 cases"
    assert listings == []
    qtbot.waitUntil(lambda: victim.encode() in store.index_path.read_bytes(), timeout=30_000)
    assert listings == []
    assert [s.case_id for s in CaseStore(data_root).list_cases()] == order


def test_a_delete_when_another_program_changed_the_library_lists_it_as_it_is(
    qtbot: Any, store: Any, data_root: Path, dialogs: Any
) -> None:
    ids = [_save(store, f"DEL-{i:02d}") for i in range(5)]
    window = _started_window(qtbot, store, data_root)
    added = new_case(patient_label="ADDED ELSEWHERE")
    from nelm_desktop.core.store import envelope

    (store.cases_dir / f"{added.case_id}.json").write_bytes(envelope.encode(added))
    window.library.select_case(ids[0])
    dialogs.answers = [Btn.Yes]
    qtbot.mouseClick(window.library.delete_button, Qt.MouseButton.LeftButton)
    model = window.library.model
    qtbot.waitUntil(lambda: model.rowCount() == 5, timeout=30_000)
    labels = {model.summary(r).patient_label for r in range(model.rowCount())}
    assert labels == {"DEL-01", "DEL-02", "DEL-03", "DEL-04", "ADDED ELSEWHERE"}


def test_the_start_reopens_the_last_case_even_when_it_is_older_than_the_first_rows(
    qtbot: Any, store: Any, data_root: Path, monkeypatch: Any
) -> None:
    """The last case is looked for among the rows shown first (the index's head); one older than
    them is found in the rest, read at once: it opens as it did when every row came at once."""
    from nelm_desktop.ui.window.recent import remember_case

    monkeypatch.setattr(index_format, "HEAD_ROWS", 20)
    listed = _library_of(store, 90)
    remember_case(listed[70])
    seen: dict[str, Any] = {}

    def at_first_rows(window: Any) -> None:
        seen["open"] = window.document.case.case_id if window.document.case else None

    window = _window_at_its_first_rows(qtbot, store, data_root, at_first_rows)
    assert seen["open"] == listed[70]
    assert window.library.selected_case_id() == listed[70]
    model = window.library.model
    assert [model.summary(r).case_id for r in range(model.rowCount())] == listed
