"""Child-process side of the damage tests (run as a script, never collected by pytest).

    store_worker.py killloop DATA ROUNDS SEED MAX_DELAY   fork savers and SIGKILL them at random moments
    store_worker.py counter DATA CASE_ID N                 increment a counter N times, retrying conflicts
    store_worker.py save DATA CASE_ID NOTES_LEN [FSIZE]    one save (optionally under RLIMIT_FSIZE)
    store_worker.py load DATA CASE_ID [FSIZE]              load a (damaged) case; report the error
    store_worker.py list DATA [FSIZE]                      list the library; report unreadable files

Each prints JSON lines on stdout for the test to check.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import time
from pathlib import Path

from nelm_desktop.core.model import new_case
from nelm_desktop.core.store import CaseStore, ConflictError, StoreError

CASES = 3


def emit(**data: object) -> None:
    print(json.dumps(data), flush=True)


def saver_child(root: Path, ids: list[str], fd: int) -> None:
    """Save every case again and again, reporting each completed save on `fd`."""
    try:
        store = CaseStore(root)
        loaded = {cid: store.load(cid) for cid in ids}
        while True:
            for cid in ids:
                current = loaded[cid]
                n = int(current.case.notes) + 1
                edit = current.case.model_copy(update={"notes": str(n), "ki67_pct": float(n % 100)})
                loaded[cid] = store.save(edit, current.file_hash)
                os.write(fd, f"{cid} {n}\n".encode())
    except BaseException as exc:  # never reached when killed; anything else is a test failure
        os.write(2, f"saver failed: {exc!r}\n".encode())
    finally:
        os._exit(3)


def killloop(root: Path, rounds: int, seed: int, max_delay: float) -> None:
    rng = random.Random(seed)
    store = CaseStore(root)
    ids = [store.save(new_case(patient_label=f"K{i}", notes="0")).case.case_id for i in range(CASES)]
    emit(ready=ids)
    for index in range(rounds):
        rfd, wfd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(rfd)
            saver_child(root, ids, wfd)
        os.close(wfd)
        time.sleep(rng.uniform(0.0, max_delay))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        chunks = []
        while chunk := os.read(rfd, 65536):
            chunks.append(chunk)
        os.close(rfd)
        acked: dict[str, int] = {}
        for line in b"".join(chunks).decode().splitlines():
            cid, n = line.split()
            acked[cid] = int(n)
        killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        emit(round=index, acked=acked, killed=killed)
        if sys.stdin.readline().strip() != "next":
            return


def counter(root: Path, case_id: str, times: int) -> None:
    store = CaseStore(root)
    conflicts = 0
    for _ in range(times):
        while True:
            loaded = store.load(case_id)
            n = int(loaded.case.notes) + 1
            try:
                store.save(loaded.case.model_copy(update={"notes": str(n)}), loaded.file_hash)
                break
            except ConflictError:
                conflicts += 1
    emit(done=times, conflicts=conflicts)


def save_once(root: Path, case_id: str, notes_len: int, fsize: int | None) -> None:
    store = CaseStore(root)
    loaded = store.load(case_id)
    edit = loaded.case.model_copy(update={"notes": "x" * notes_len})
    if fsize is not None:
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
    try:
        store.save(edit, loaded.file_hash)
    except StoreError as exc:
        emit(error=str(exc), type=type(exc).__name__, kept_in_memory=len(edit.notes) == notes_len)
        return
    emit(saved=True)


def _limit(fsize: int | None) -> None:
    if fsize is not None:
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))


def load_once(root: Path, case_id: str, fsize: int | None) -> None:
    _limit(fsize)
    try:
        CaseStore(root).load(case_id)
    except StoreError as exc:
        moved = getattr(exc, "quarantine_path", None)
        emit(error=str(exc), type=type(exc).__name__, moved=str(moved) if moved else None)
        return
    emit(loaded=True)


def list_once(root: Path, fsize: int | None) -> None:
    _limit(fsize)
    store = CaseStore(root)
    ids = [summary.case_id for summary in store.list_cases()]
    emit(ids=ids, unreadable=[[u.name, u.reason] for u in store.unreadable()])


def main(argv: list[str]) -> None:
    mode, root = argv[0], Path(argv[1])
    if mode == "killloop":
        killloop(root, int(argv[2]), int(argv[3]), float(argv[4]))
    elif mode == "counter":
        counter(root, argv[2], int(argv[3]))
    elif mode == "save":
        save_once(root, argv[2], int(argv[3]), int(argv[4]) if len(argv) > 4 else None)
    elif mode == "load":
        load_once(root, argv[2], int(argv[3]) if len(argv) > 3 else None)
    elif mode == "list":
        list_once(root, int(argv[2]) if len(argv) > 2 else None)
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
