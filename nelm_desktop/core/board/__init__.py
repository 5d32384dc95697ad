"""The tumour board (issue #15): meetings, each case's board status, and the board's decisions.

Qt-free. Modules:

    model      pydantic records: Meeting (attendees, agenda), Decision (+ snapshot, sign-off,
               amendments), CaseBoardStatus
    decisions  taking the snapshot, checking a decision (deviation reasons), sign-off, amendments
    files      the on-disk envelope of a board file (hash-checked, like a case envelope)
    store      BoardStore: one file per meeting / decision / case status in the library folder,
               written with the case store's machinery (atomic, 0600, backups, audit chain, locks)
    exchange   board files in the library zip (export/import)
    notes      the plain-text clinical note of a decision
    demo       the demo meeting

Nothing is imported here, so `core.report` can use `core.board.model` without pulling in the store.
"""
