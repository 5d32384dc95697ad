"""The output file of a command (`report`, `board agenda|pack|minutes`): checked before any work (bad
input, exit 2) and named with its cause when the machine refuses it (exit 1)."""

from __future__ import annotations

from pathlib import Path


def pdf_output_problem(output: Path) -> str | None:
    """What is wrong with `-o OUT.pdf` as given (the user's input), or None."""
    if output.is_dir():
        return f"{output}: is a folder; give a file name ending in .pdf"
    if output.suffix.lower() != ".pdf":
        return f"{output}: output file must end in .pdf"
    if not output.parent.is_dir():
        return f"{output}: folder {output.parent} does not exist"
    return None
