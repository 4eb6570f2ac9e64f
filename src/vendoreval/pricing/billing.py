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
from typing import Any, Final, overload

import numpy as np
import numpy.typing as npt
from pydantic import Field, model_serializer, model_validator

from vendoreval._model import Model

__all__ = ["BillingIncrement"]

_ALIASES: Final[dict[str, tuple[int, int]]] = {
    "per-minute": (60, 60),
    "per-second": (1, 1),
    "per-6-seconds": (6, 6),
}
_PATTERN: Final = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
_MAX_SECONDS: Final = 86_400


def _parse(text: str) -> tuple[int, int]:
    key = text.strip().lower()
    if key in _ALIASES:
        return _ALIASES[key]
    match = _PATTERN.match(key)
    if match is None:
        raise ValueError(
            f"cannot read billing increment {text!r}: expected 'a/b' in seconds such as "
            "'60/60', '30/6', '6/6', '1/1', or 'per-minute' / 'per-second'"
        )
    first, step = int(match.group(1)), int(match.group(2))
    if first <= 0 or step <= 0:
        raise ValueError(
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

    first: int = Field(gt=0, le=_MAX_SECONDS)
    step: int = Field(gt=0, le=_MAX_SECONDS)

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
        seconds = np.atleast_1d(_whole_seconds(durations))
        billed = seconds - self.first
        np.maximum(billed, 0, out=billed)
        if self.step != 1:
            billed += self.step - 1
            billed //= self.step
            billed *= self.step
        billed += self.first
        billed[seconds == 0] = 0
        if np.ndim(durations) == 0:
            return int(billed.reshape(()))
        return billed

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
        billed = float(np.sum(self.billed_seconds(durations)))
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


def _whole_seconds(durations: npt.ArrayLike) -> npt.NDArray[np.int64]:
    values = np.asarray(durations)
    if values.dtype.kind in "iu":
        if values.size and values.min() < 0:
            bad = int(np.argmax(values < 0))
            raise ValueError(
                f"durations must be ≥ 0 seconds; got {values.ravel()[bad]} at position {bad}"
            )
        return values.astype(np.int64, copy=True)
    if values.dtype.kind not in "fb":
        raise ValueError(f"durations must be numbers of seconds, got dtype {values.dtype}")
    floats = values.astype(np.float64, copy=False)
    invalid = ~(floats >= 0) | ~np.isfinite(floats)
    if invalid.any():
        bad = int(np.argmax(invalid.ravel()))
        raise ValueError(
            "durations must be finite and ≥ 0 seconds; "
            f"got {floats.ravel()[bad]!r} at position {bad}"
        )
    return np.ceil(floats).astype(np.int64)
