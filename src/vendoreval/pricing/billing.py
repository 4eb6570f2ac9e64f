"""Billing increments: how a vendor rounds a contact's duration before charging it.

An increment ``a/b`` bills a duration d ≥ 0 [s] as

* 0 when d = 0 (an unanswered or unbilled contact costs nothing),
* a when 0 < d ≤ a (the minimum charge),
* a + ⌈(d − a)/b⌉·b otherwise.

Fractional seconds round up first. ``60/60`` is per-minute billing, ``1/1`` per-second,
``30/6`` a 30-second minimum then 6-second steps, ``6/6`` six-second billing.

References
----------
ITU-T Recommendation D.140 (and telecom usage) for the ``a/b`` notation of initial and
subsequent billing increments.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, Final, TypeVar, overload

import numpy as np
import numpy.typing as npt
from pydantic import Field, StrictInt, model_serializer, model_validator

from vendoreval._model import Model
from vendoreval._parallel import map_row_ranges
from vendoreval.errors import ArgumentError

__all__ = ["WHOLE_SECONDS_TOLERANCE", "BillingIncrement", "whole_seconds"]

_ALIASES: Final[dict[str, tuple[int, int]]] = {
    "per-minute": (60, 60),
    "per-second": (1, 1),
    "per-6-seconds": (6, 6),
}
_PATTERN: Final = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
_MAX_SECONDS: Final = 86_400

WHOLE_SECONDS_TOLERANCE: Final = 1e-12
"""Relative tolerance of a float sum of durations before it is rounded up to whole seconds:
a sum such as 10.1 + 0.9 lands a hair above the 11 s it means, and bills 11 s, not 12."""


def _parse(text: str) -> tuple[int, int]:
    key = text.strip().lower()
    if key in _ALIASES:
        return _ALIASES[key]
    match = _PATTERN.match(key)
    if match is None:
        raise ArgumentError(
            f"cannot read billing increment {text!r}: expected 'a/b' in seconds such as "
            "'60/60', '30/6', '6/6', '1/1', or 'per-minute' / 'per-second'"
        )
    first, step = int(match.group(1)), int(match.group(2))
    if first <= 0 or step <= 0:
        raise ArgumentError(
            f"billing increment {text!r}: both the first period and the step must be whole "
            "seconds above 0 (e.g. '30/6')"
        )
    return first, step


class BillingIncrement(Model):
    """A billing increment ``first/step`` [s].

    Parameters
    ----------
    first : int
        Minimum billed period of a non-zero duration [s].
    step : int
        Increment that each further part of the duration is rounded up to [s].

    Examples
    --------
    >>> inc = BillingIncrement.parse("30/6")
    >>> inc.billed_seconds(31)
    36
    >>> BillingIncrement.parse("per-minute").billed_seconds([0, 1, 60, 61]).tolist()
    [0, 60, 60, 120]
    """

    first: StrictInt = Field(gt=0, le=_MAX_SECONDS)
    step: StrictInt = Field(gt=0, le=_MAX_SECONDS)

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if isinstance(data, str):
            first, step = _parse(data)
            return {"first": first, "step": step}
        return data

    @model_serializer(mode="plain")
    def _to_text(self) -> str:
        return str(self)

    @classmethod
    def parse(cls, text: str) -> BillingIncrement:
        """Read ``"60/60"``, ``"30/6"``, ``"per-minute"``, ``"per-second"``…

        Raises
        ------
        ValueError
            When the text is not an increment, or a period is 0.
        """
        first, step = _parse(text)
        return cls(first=first, step=step)

    def __str__(self) -> str:
        return f"{self.first}/{self.step}"

    @property
    def label(self) -> str:
        """Readable name: ``per-minute (60/60)``, ``per-second (1/1)`` or ``30/6``."""
        for name, pair in _ALIASES.items():
            if pair == (self.first, self.step) and name != "per-6-seconds":
                return f"{name} ({self})"
        return str(self)

    @overload
    def billed_seconds(self, durations: float) -> int: ...
    @overload
    def billed_seconds(self, durations: npt.ArrayLike) -> npt.NDArray[np.int64] | int: ...
    def billed_seconds(self, durations: npt.ArrayLike) -> npt.NDArray[np.int64] | int:
        """Billed seconds of each duration.

        Parameters
        ----------
        durations : float or array_like
            Durations ≥ 0 [s]; fractional seconds round up.

        Returns
        -------
        int or numpy.ndarray of int64
            Billed duration [s], same shape as ``durations``.

        Raises
        ------
        ValueError
            For a negative, NaN or infinite duration (the message gives the first position).
        """
        values = _seconds_array(durations)
        flat = values.reshape(-1)
        billed = np.empty(flat.shape[0], dtype=np.int64)
        first, step = self.first, self.step

        def fill(start: int, stop: int) -> bool:
            scratch = np.empty(min(_CHUNK, max(stop - start, 1)), dtype=np.int64)
            for low in range(start, stop, _CHUNK):
                high = min(low + _CHUNK, stop)
                if not _whole_chunk(flat[low:high], billed[low:high]):
                    return False
                bill_in_place(billed[low:high], scratch[: high - low], first, step)
            return True

        if not all(_in_ranges(fill, flat.shape[0])):
            _raise_invalid(flat)
        if np.ndim(durations) == 0:
            return int(billed[0])
        return billed.reshape(values.shape)

    def total_billed_seconds(self, durations: npt.ArrayLike) -> int:
        """Σ billed seconds of ``durations``, without materialising the billed array [s].

        Equal to ``int(self.billed_seconds(durations).sum())``; works chunk by chunk (and in
        worker threads on large inputs), as ``first`` × the number of non-zero durations plus
        ``step`` × Σ ⌈max(d − first, 0)/step⌉.

        Raises
        ------
        ValueError
            For a negative, NaN or infinite duration (the message gives the first position).
        """
        flat = _seconds_array(durations).reshape(-1)
        first, step = self.first, self.step

        def total(start: int, stop: int) -> int | None:
            scratch = np.empty(min(_CHUNK, max(stop - start, 1)), dtype=np.int64)
            result = 0
            for low in range(start, stop, _CHUNK):
                high = min(low + _CHUNK, stop)
                chunk = scratch[: high - low]
                if not _whole_chunk(flat[low:high], chunk):
                    return None
                result += billed_sum_in_place(chunk, first, step)
            return result

        parts = _in_ranges(total, flat.shape[0])
        if any(part is None for part in parts):
            _raise_invalid(flat)
        return sum(part for part in parts if part is not None)

    @overload
    def billed_minutes(self, durations: float) -> float: ...
    @overload
    def billed_minutes(self, durations: npt.ArrayLike) -> npt.NDArray[np.float64] | float: ...
    def billed_minutes(self, durations: npt.ArrayLike) -> npt.NDArray[np.float64] | float:
        """Billed duration in minutes (billed seconds ÷ 60) [min]."""
        billed = self.billed_seconds(durations)
        if isinstance(billed, int):
            return billed / 60.0
        return billed / 60.0

    def overhead(self, durations: npt.ArrayLike) -> float:
        """Billed ÷ actual seconds over all ``durations`` (1.0 = no rounding overhead).

        Returns NaN when the durations add up to zero.
        """
        seconds = np.asarray(durations, dtype=np.float64)
        actual = float(seconds.sum())
        billed = float(self.total_billed_seconds(durations))
        return billed / actual if actual > 0 else float("nan")

    def nests_within(self, other: BillingIncrement) -> bool:
        """True when this increment never bills more than ``other`` on any duration.

        Holds when ``first ≤ other.first`` and every billing boundary of ``other`` is also a
        boundary of this one (``other.first`` and ``other.step`` on this increment's grid).
        """
        if self.first > other.first:
            return False
        on_grid = (other.first - self.first) % self.step == 0
        return on_grid and other.step % self.step == 0


_CHUNK: Final = 1 << 16
_T = TypeVar("_T")


def _in_ranges(task: Callable[[int, int], _T], rows: int) -> list[_T]:
    # Worker threads for large inputs (numpy releases the GIL in its loops).

    return map_row_ranges(task, rows)


def _seconds_array(durations: npt.ArrayLike) -> npt.NDArray[np.int64] | npt.NDArray[np.float64]:
    values = np.atleast_1d(np.asarray(durations))
    if values.dtype.kind == "i":
        integers: npt.NDArray[np.int64] = values.astype(np.int64, copy=False)
        return integers
    if values.dtype.kind == "u":
        if values.size and values.max() > np.iinfo(np.int64).max // 2:
            raise ArgumentError(f"durations must be at most {np.iinfo(np.int64).max // 2} seconds")
        unsigned: npt.NDArray[np.int64] = values.astype(np.int64)
        return unsigned
    if values.dtype.kind not in "fb":
        raise ArgumentError(f"durations must be numbers of seconds, got dtype {values.dtype}")
    floats: npt.NDArray[np.float64] = values.astype(np.float64, copy=False)
    return floats


def _whole_chunk(
    chunk: npt.NDArray[np.int64] | npt.NDArray[np.float64], out: npt.NDArray[np.int64]
) -> bool:
    """Whole seconds of ``chunk`` (fractions round up) into ``out``; False if a value is invalid."""
    if chunk.dtype.kind == "i":
        # The OR of the chunk is negative exactly when a value is (the sign bit).
        if chunk.size and np.bitwise_or.reduce(chunk) < 0:
            return False
        np.copyto(out, chunk)
        return True
    if chunk.size and not (chunk.min() >= 0 and np.isfinite(chunk.max())):
        return False
    np.ceil(chunk, out=out, casting="unsafe")
    return True


def _raise_invalid(values: npt.NDArray[np.int64] | npt.NDArray[np.float64]) -> None:
    if values.dtype.kind == "i":
        bad = int(np.argmax(values < 0))
        raise ArgumentError(f"durations must be ≥ 0 seconds; got {values[bad]} at position {bad}")
    invalid = ~(values >= 0) | ~np.isfinite(values)
    bad = int(np.argmax(invalid))
    raise ArgumentError(
        f"durations must be finite and ≥ 0 seconds; got {float(values[bad])!r} at position {bad}"
    )


def bill_in_place(
    values: npt.NDArray[np.int64], scratch: npt.NDArray[np.int64], first: int, step: int
) -> None:
    """Replace whole seconds ≥ 0 by billed seconds under ``first/step`` [s]."""
    if first == step:
        # a/a: ⌈d/a⌉·a, which is 0 for d = 0 and a for 0 < d ≤ a.
        if step != 1:
            values += step - 1
            values //= step
            values *= step
        return
    np.minimum(values, 1, out=scratch)
    scratch *= first
    if first % step == 0:
        # The minimum is on the step grid (30/6): ⌈max(d, first)/step⌉·step, 0 for d = 0.
        np.maximum(values, scratch, out=values)
        values += step - 1
        values //= step
        values *= step
        return
    values -= first
    np.maximum(values, 0, out=values)
    if step != 1:
        values += step - 1
        values //= step
        values *= step
    values += scratch


def billed_sum_in_place(
    values: npt.NDArray[np.int64], first: int, step: int, positive: int | None = None
) -> int:
    """Σ billed seconds of whole seconds ``values`` ≥ 0 under ``first/step``; overwrites them.

    Uses Σ billed = ``first`` · #(d > 0) + ``step`` · Σ ⌈max(d − first, 0)/step⌉ [s], the
    ceiling taken as ``⌊(max(d − first, 0) + step − 1)/step⌋ =
    ⌊max(d − first + step − 1, step − 1)/step⌋``: three passes over the values and a sum.
    ``positive``, when the caller has it, is #(d > 0).
    """
    if first == step:
        if step == 1:
            return int(values.sum())
        values += step - 1
        values //= step
        return step * int(values.sum())
    if positive is None:
        positive = int(np.count_nonzero(values))
    values -= first - step + 1
    np.maximum(values, step - 1, out=values)
    if step != 1:
        values //= step
    return first * positive + step * int(values.sum())


def whole_seconds(
    columns: Sequence[npt.NDArray[np.int64] | npt.NDArray[np.float64]],
    out: npt.NDArray[np.int64],
    floats: npt.NDArray[np.float64] | None = None,
    scratch: npt.NDArray[np.float64] | None = None,
) -> None:
    """Per-contact sum of ``columns`` in whole seconds, fractional seconds rounded up → ``out``.

    The billable seconds of a contact: its components summed, then rounded up to a whole
    second, a float sum read with a relative tolerance of :data:`WHOLE_SECONDS_TOLERANCE`.
    Integer columns are summed exactly in int64.

    Parameters
    ----------
    columns : sequence of numpy.ndarray
        Durations ≥ 0 of each component, int64 or float64, all of ``out``'s length [s].
    out : numpy.ndarray of int64
        Receives the whole seconds of each contact [s].
    floats, scratch : numpy.ndarray of float64, optional
        Work arrays at least as long as ``out``, reused across calls on a hot path; allocated
        when not given (and only when a column holds floats).
    """
    if not columns:
        out.fill(0)
        return
    if all(c.dtype.kind == "i" for c in columns):
        if len(columns) == 1:
            np.copyto(out, columns[0])
            return
        np.add(columns[0], columns[1], out=out)
        for column in columns[2:]:
            np.add(out, column, out=out)
        return
    n = out.shape[0]
    total = floats[:n] if floats is not None else np.empty(n, dtype=np.float64)
    if len(columns) == 1:
        np.copyto(total, columns[0])
    else:
        np.add(columns[0], columns[1], out=total)
        for column in columns[2:]:
            np.add(total, column, out=total)
    slack = scratch[:n] if scratch is not None else np.empty(n, dtype=np.float64)
    np.maximum(total, 1.0, out=slack)
    slack *= -WHOLE_SECONDS_TOLERANCE
    slack += total
    np.ceil(slack, out=slack)
    np.copyto(out, slack, casting="unsafe")
