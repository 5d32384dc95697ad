"""Child-process side of the two-workstation test (run as a script, never collected by pytest).

    board_worker.py update ROOT MEETING_ID TAG N      add N attendees named TAG-i, one locked update each
    board_worker.py hashed ROOT MEETING_ID TAG N      the same through load + save(expected_hash),
                                                      reloading and redoing the edit on each conflict
    board_worker.py decide ROOT MEETING_ID CASE_ID    record and sign off a decision for one case

Prints one JSON line at the end.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from nelm_desktop.core.board.model import Attendee
from nelm_desktop.core.board.store import BoardConflictError, BoardStore
from nelm_desktop.core.store import CaseStore


def wait_for_go() -> None:
    """Both workers start editing at the same moment: the test creates the go file once both are ready."""
    go = os.environ.get("BOARD_WORKER_GO")
    print(json.dumps({"ready": True}), flush=True)
    while go and not Path(go).exists():
        time.sleep(0.002)


def main(argv: list[str]) -> None:
    mode, root, meeting_id = argv[0], Path(argv[1]), argv[2]
    board = BoardStore(root)
    if mode == "decide":
        sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
        from tests.board.board_helpers import decision_for

        case = CaseStore(root).load(argv[3]).case
        meeting = board.load_meeting(meeting_id).record
        wait_for_go()
        first = board.save_decision(decision_for(meeting, case), None)
        board.sign_off_decision(meeting_id, case.case_id, "Dr Cut", first.file_hash)
        print(json.dumps({"decided": case.case_id}), flush=True)
        return
    tag, n = argv[3], int(argv[4])
    conflicts = 0
    wait_for_go()
    for i in range(n):
        person = Attendee(name=f"{tag}-{i}", role="Surgeon")
        if mode == "update":
            board.update_meeting(
                meeting_id, lambda m, p=person: m.model_copy(update={"attendees": [*m.attendees, p]})
            )
            continue
        while True:
            loaded = board.load_meeting(meeting_id)
            edited = loaded.record.model_copy(update={"attendees": [*loaded.record.attendees, person]})
            try:
                board.save_meeting(edited, loaded.file_hash)
                break
            except BoardConflictError:
                conflicts += 1
    print(json.dumps({"tag": tag, "conflicts": conflicts}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
