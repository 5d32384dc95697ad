"""The tumour-board room (issue #15): the meetings window, presentation mode and the decision dialog.
Thin: the model, rules and files are in `core.board`; this room shows them and routes edits."""
