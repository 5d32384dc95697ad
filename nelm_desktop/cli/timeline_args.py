"""Arguments of `reevaluate` and `board due` (light: building the parser must not load the engine)."""

from __future__ import annotations

import argparse
from typing import Any


def add_reevaluate_parser(sub: argparse._SubParsersAction[Any]) -> None:
    re = sub.add_parser(
        "reevaluate", help="compare every case's current statuses with its last time point (after an update)"
    )
    re.add_argument("--changed", action="store_true", help="list only the cases whose statuses changed")
    re.add_argument("--format", choices=["text", "json"], default="text")


def add_due_parser(board_sub: argparse._SubParsersAction[Any]) -> None:
    due = board_sub.add_parser("due", help="cases whose follow-up or re-discussion date is due or overdue")
    due.add_argument("--within", type=int, default=0, metavar="DAYS", help="also list those due in DAYS days")
    due.add_argument(
        "--today", default="", metavar="YYYY-MM-DD", help="the day to count from (default: today)"
    )
