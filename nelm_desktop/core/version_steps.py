"""The walk every versioned file shares (cases, board files): pure steps registered by the version
they start from, applied one version at a time. Each caller keeps its own registry dict, error type
and wording; the registry is passed in at call time so tests can swap it."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


def add_step(steps: dict[int, F], from_version: int, func: F, what: str) -> F:
    """Register `func` as the step from `from_version`; a second step for one version is a bug."""
    if from_version in steps:
        raise ValueError(f"{what} step from v{from_version} registered twice")
    steps[from_version] = func
    return func


def walk_steps(
    steps: Mapping[int, F],
    data: T,
    from_version: int,
    current: int,
    *,
    apply: Callable[[F, T, int], T],
    error: Callable[[str], Exception],
    version_words: str,
) -> T:
    """Apply every step from `from_version` up to `current` to a deep copy of `data`.

    `apply(step, data, next_version)` runs one step; a missing or failing step becomes
    `error(reason)` with a readable reason ("no migration from schema version 0 to 1").
    """
    result = copy.deepcopy(data)
    version = from_version
    while version < current:
        func = steps.get(version)
        if func is None:
            raise error(f"no migration from {version_words} {version} to {version + 1}")
        try:
            result = apply(func, result, version + 1)
        except Exception as exc:  # a failing step must become a typed, readable reason
            raise error(f"migration from {version_words} {version} failed: {exc}") from exc
        version += 1
    return result
