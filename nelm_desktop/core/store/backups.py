"""Kept earlier versions of each case, under ``backups/<case_id>/<timestamp>.json``, thinned like Anki:
every backup of the last 24 hours, then one a day for two weeks, one a week for three months, and one a
month beyond that (the newest of each period is the one kept)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

STAMP_FORMAT = "%Y%m%dT%H%M%S.%fZ"

KEEP_ALL = timedelta(days=1)
DAILY_FOR = timedelta(days=14)
WEEKLY_FOR = timedelta(days=91)


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(STAMP_FORMAT)


def parse_stamp(backup_id: str) -> datetime | None:
    """The time of a backup id (``<stamp>`` or ``<stamp>-<n>``), or None for a foreign file name."""
    try:
        return datetime.strptime(backup_id.split("-", 1)[0], STAMP_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def to_keep(moments: Iterable[datetime], now: datetime) -> set[datetime]:
    """Which backup times survive thinning. The newest backup is always kept."""
    ordered = sorted(set(moments), reverse=True)
    keep: set[datetime] = set(ordered[:1])
    seen_periods: set[tuple[str, int, int]] = set()
    for moment in ordered:
        age = now - moment
        if age < KEEP_ALL:
            keep.add(moment)
            continue
        local = moment.astimezone(UTC)
        period: tuple[str, int, int]
        if age < DAILY_FOR:
            period = ("day", local.toordinal(), 0)
        elif age < WEEKLY_FOR:
            iso = local.isocalendar()
            period = ("week", iso.year, iso.week)
        else:
            period = ("month", local.year, local.month)
        if period not in seen_periods:  # newest first, so the first seen is the newest of its period
            seen_periods.add(period)
            keep.add(moment)
    return keep
