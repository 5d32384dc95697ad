"""`nelm-desktop` command line: the GUI by default, plus the engine's and the library's commands.

Each command lives in its own module and is imported only when used, so `nelm-desktop evaluate`
never loads Qt and the GUI never loads ReportLab at start-up. Bad input exits 2 with one line per
problem on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import codecs
import errno
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from nelm_desktop import __version__

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One clear line instead of argparse's usage block.
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="nelm-desktop",
        usage="nelm-desktop [--demo] [FILE] | --self-test | COMMAND ...",
        description="NELM Desktop: treatment options for NELM. With FILE (a case .json/.nelmcase or a "
        "library .zip/.nelmlib) the window opens it: a case is imported into the library and opened, "
        "a library zip is offered for import.",
    )
    parser.add_argument("--version", action="version", version=f"nelm-desktop {__version__}")
    parser.add_argument("--demo", action="store_true", help="open a throw-away library of demo cases")
    parser.add_argument("--self-test", action="store_true", help="check this installation and exit")
    parser.add_argument(
        "--present",
        action="store_true",
        help="open the window and present today's (or the next) board meeting",
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    ev = sub.add_parser("evaluate", help="evaluate a case file and print the options")
    ev.add_argument("case", help="case JSON file")
    ev.add_argument("--format", choices=["text", "json"], default="text")

    sc = sub.add_parser(
        "schema", help="print a JSON Schema: the case (default), saved envelope or export manifest"
    )
    sc.add_argument("--kind", choices=["case", "envelope", "manifest"], default="case")

    rp = sub.add_parser("report", help="write a PDF report for a case file")
    rp.add_argument("case", help="case JSON file")
    rp.add_argument("--kind", choices=["summary", "handout"], required=True)
    rp.add_argument("--paper", choices=["a4", "letter"], default="a4")
    rp.add_argument("-o", "--output", required=True, help="output PDF path")

    im = sub.add_parser("import", help="import a case file or a library zip into the data folder")
    im.add_argument("source", help="CASE.json or LIBRARY.zip")

    ex = sub.add_parser("export", help="export the whole library as a zip")
    ex.add_argument("-o", "--output", required=True, help="output zip path")

    from nelm_desktop.cli.timeline_args import add_due_parser, add_reevaluate_parser

    add_reevaluate_parser(sub)
    bd = sub.add_parser(
        "board", help="tumour-board meetings: list, show, agenda/pack/minutes PDFs, notes, due"
    )
    board_sub = bd.add_subparsers(dest="board_command", parser_class=_Parser, required=True)
    add_due_parser(board_sub)
    board_sub.add_parser("list", help="list the meetings in the library")
    show = board_sub.add_parser("show", help="print a meeting's agenda and decisions")
    show.add_argument("meeting", help="meeting id (or its start) or date YYYY-MM-DD")
    for name, text in (
        ("agenda", "write the meeting's one-page agenda"),
        ("pack", "write the board pack (one synopsis page per case)"),
        ("minutes", "write the minutes (question, decision, rationale, dissent, sign-off)"),
    ):
        doc = board_sub.add_parser(name, help=text)
        doc.add_argument("meeting", help="meeting id (or its start) or date YYYY-MM-DD")
        doc.add_argument("-o", "--output", required=True, help="output PDF path")
        doc.add_argument("--paper", choices=["a4", "letter"], default="a4")
    note = board_sub.add_parser("note", help="print the clinical note of a case's latest board decision")
    note.add_argument("case", help="case id (or its start) or exact label")
    note.add_argument("--meeting", help="the decision of this meeting (default: the latest)")
    return parser


def use_utf8_stdio() -> None:
    """Write UTF-8 whatever the console or locale says (Windows pipes default to cp1252, a C locale
    to ASCII): the output holds "≤", "–" and accented names, and an encoding error must never turn
    a correct result into a traceback. The frozen executables also run in UTF-8 mode (the spec)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and (
            codecs.lookup(stream.encoding).name != "utf-8" or stream.errors != "surrogateescape"
        ):
            # surrogateescape: a file name that arrived as undecodable bytes is written back as those
            # bytes (under a UTF-8 locale stdout is strict: "Exported ... to /tmp/\udcff.zip" raised).
            stream.reconfigure(encoding="utf-8", errors="surrogateescape")


def main(argv: Sequence[str] | None = None) -> int:
    use_utf8_stdio()
    try:
        return _dispatch(argv)
    except BrokenPipeError:
        # `nelm-desktop evaluate x.json | head`: the reader left; not an error of ours. Point stdout at
        # /dev/null so the interpreter's final flush does not complain.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        # Last resort, never a traceback: a path the system refuses before any command could name it
        # (a name longer than the file system allows failed in `Path.is_dir()`).
        print_problems([os_error_line(exc)])
        return EXIT_BAD_INPUT if exc.errno == errno.ENAMETOOLONG else EXIT_FAILURE


def os_error_line(exc: OSError) -> str:
    """One line for an OSError no command turned into its own words: the path, then the cause."""
    where = f"{os.fsdecode(exc.filename)}: " if exc.filename is not None else ""
    if exc.errno == errno.ENAMETOOLONG:
        from nelm_desktop.core.validation_messages import brief

        where = f"{brief(where[:-2], 200)}: " if where else ""  # the path's start and length
        return f"{where}the name is longer than the file system allows (at most 255 bytes a part)"
    return f"{where}{exc.strerror or exc}"


def command_names(parser: argparse.ArgumentParser) -> set[str]:
    return {
        name
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    }


def split_file_argument(argv: Sequence[str], commands: set[str]) -> tuple[list[str], str | None]:
    """`nelm-desktop [--demo] FILE` (what the file manager runs): take FILE out before argparse.

    argparse cannot mix an optional positional with sub-commands (`evaluate x.json` would read
    `evaluate` as the FILE), so the first positional that is not a command name is the FILE. A file
    named like a command is given as `./evaluate` or after `--`.
    """
    rest = list(argv)
    if "--" in rest:
        at = rest.index("--")
        tail = rest[at + 1 :]
        if len(tail) == 1:
            return rest[:at], tail[0]
        return rest, None  # let argparse report it
    positionals = [(i, a) for i, a in enumerate(rest) if not a.startswith("-") or a == "-"]
    if positionals and positionals[0][1] not in commands:
        index, value = positionals[0]
        return rest[:index] + rest[index + 1 :], value
    return rest, None


def _dispatch(argv: Sequence[str] | None) -> int:
    from nelm_desktop.core.fileio import private_umask

    private_umask()  # everything this process writes (cases, zips, locks, settings) is 0600/0700
    parser = build_parser()
    rest, file_arg = split_file_argument(sys.argv[1:] if argv is None else argv, command_names(parser))
    args = parser.parse_args(rest)
    if file_arg is not None:
        return _open_file(file_arg, args)
    if args.command == "evaluate":
        from nelm_desktop.cli.evaluate import run_evaluate

        return run_evaluate(args.case, args.format)
    if args.command == "schema":
        from nelm_desktop.cli.evaluate import run_schema

        return run_schema(args.kind)
    if args.command == "report":
        from nelm_desktop.cli.report import run_report

        return run_report(args.case, args.kind, args.paper, args.output)
    if args.command == "import":
        from nelm_desktop.cli.library import run_import

        return run_import(args.source)
    if args.command == "export":
        from nelm_desktop.cli.library import run_export

        return run_export(args.output)
    if args.command == "reevaluate":
        from nelm_desktop.cli.timeline import run_reevaluate

        return run_reevaluate(args.changed, args.format)
    if args.command == "board" and args.board_command == "due":
        from nelm_desktop.cli.timeline import run_board_due

        return run_board_due(args.within, args.today)
    if args.command == "board":
        from nelm_desktop.cli import board

        if args.board_command == "list":
            return board.run_list()
        if args.board_command == "show":
            return board.run_show(args.meeting)
        if args.board_command == "note":
            return board.run_note(args.case, args.meeting)
        return board.run_document(args.board_command, args.meeting, args.output, args.paper)
    if args.self_test:
        from nelm_desktop.cli.selftest import run_self_test

        return run_self_test()
    from nelm_desktop.ui.window.app import run_app

    return run_app(demo=args.demo, present=args.present)


def _open_file(file_arg: str, args: argparse.Namespace) -> int:
    if args.command is not None or args.self_test:
        print_problems([f"{file_arg}: a FILE to open goes with the window only, not with a command"])
        return EXIT_BAD_INPUT
    path = Path(file_arg)
    if not path.is_file():
        if path.is_dir():
            reason = "is a folder"
        elif path.exists():  # a FIFO, a device, a socket: never opened (a read could block forever)
            reason = "is not a regular file (a pipe, device or socket)"
        elif path.is_symlink():
            reason = "is a link to a file that does not exist"
        else:
            reason = "no such file"
        print_problems([f"{file_arg}: {reason} (give a case .json or a library .zip to open)"])
        return EXIT_BAD_INPUT
    from nelm_desktop.ui.window.app import run_app

    return run_app(demo=args.demo, open_path=path.resolve())


def print_problems(problems: Sequence[str]) -> None:
    for line in problems:
        print(f"nelm-desktop: {line}", file=sys.stderr)


def warn_linked_fact_conflicts(case_path: str, case: object) -> None:
    """Linked facts that contradict each other today (the form blocks Save on them; a file made
    elsewhere, or a months-since value gone stale, can hold them): one warning line each on stderr,
    stdout untouched (JSON stays parseable); the command goes on and exits 0."""
    from nelm_desktop.core import dates
    from nelm_desktop.core.linked_facts import conflict_lines

    for line in conflict_lines(case, dates.today()):
        print(f"nelm-desktop: {case_path}: warning: {line}", file=sys.stderr)
