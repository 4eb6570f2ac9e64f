"""How numbers read in the reasons of a check: counts, shares, points.

The scorers and the engine write every number of a reason through these, so that 12.0
reads ``12``, a share 0.875 reads ``87.5%`` and points 66.67 read ``66.7``.
"""

from __future__ import annotations

import math

__all__ = ["format_count", "format_number", "format_percent", "format_points"]


def format_number(value: float) -> str:
    """Short human form of a number: ``12``, ``12.5``, ``0.85``, ``1,250``."""
    if math.isfinite(value) and abs(value - round(value)) < 0.05 and abs(value) >= 1:
        return f"{round(value):,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def format_points(points: float) -> str:
    """Points to one decimal, dropping a trailing ``.0``: 66.67 → ``"66.7"``, 100 → ``"100"``."""
    return f"{points:.1f}".removesuffix(".0")


def format_count(count: int, noun: str, plural: str | None = None) -> str:
    """``"1 month"``, ``"20 months"``; ``plural`` for irregular nouns."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def format_percent(share: float) -> str:
    """A share 0–1 as a percentage: ``0.875`` → ``"87.5%"``, ``1.0`` → ``"100%"``."""
    return f"{format_number(100.0 * share)}%"
