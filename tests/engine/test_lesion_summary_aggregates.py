"""summarise_lesions aggregates counted lesion rows instead of expanding them (issue #17): the same
facts as listing every lesion one by one, for rows of any count (up to the most rows a case holds,
each of count 500)."""

from __future__ import annotations

import random

import pytest

from nelm_desktop.core.liver import summarise_lesions
from nelm_desktop.core.model import MAX_LESION_ROWS, SEGMENTS, Lesion, new_case


def dominant_by_expansion(lesions: list[Lesion]) -> bool | None:
    """LESION-4 the slow, obvious way: every lesion listed, largest >= 2 x second largest."""
    sizes = [les.size_cm for les in lesions]
    counts = [les.count for les in lesions]
    if not lesions or None in sizes or None in counts or sum(counts) <= 1:  # type: ignore[arg-type]
        return None
    expanded = sorted((les.size_cm for les in lesions for _ in range(les.count)), reverse=True)  # type: ignore[arg-type,misc]
    return expanded[0] >= 2 * expanded[1]


def random_lesions(rng: random.Random) -> list[Lesion]:
    return [
        Lesion(
            segment=rng.choice(SEGMENTS),
            size_cm=rng.choice([0.5, 1.0, 2.0, 2.5, 4.0, 5.0, 8.0, 12.0]),
            count=rng.choice([1, 1, 2, 3, 500]),
        )
        for _ in range(rng.randint(1, 5))
    ]


@pytest.mark.parametrize("seed", range(300))
def test_dominant_lesion_matches_listing_every_lesion(seed: int) -> None:
    lesions = random_lesions(random.Random(seed))
    summary = summarise_lesions(new_case(lesions=lesions))
    assert summary.dominant == dominant_by_expansion(lesions)


def test_the_most_rows_a_case_holds_each_of_count_five_hundred() -> None:
    rows = MAX_LESION_ROWS
    lesions = [
        Lesion(segment=SEGMENTS[i % len(SEGMENTS)], size_cm=1.0 + i % 7, count=500) for i in range(rows)
    ]
    lesions[0] = Lesion(segment="VI", size_cm=20.0, count=1)  # one large lesion among many small ones
    summary = summarise_lesions(new_case(lesions=lesions))
    assert summary.lesion_count == (rows - 1) * 500 + 1
    assert summary.largest_cm == 20.0
    assert summary.dominant is True  # 20 >= 2 x 7
    assert summary.dominant == dominant_by_expansion(lesions)
