"""Customer retention after a campaign: Kaplan–Meier survival per vendor, and its cost.

An outbound campaign is judged on the customers still active months later, not on the
calls made or the sales booked. Each customer row says which vendor acquired the customer,
when, when the customer cancelled (blank while active) and until when the customer was
observed:

===================  ======================================================================
``vendor``           who acquired the customer (text)
``acquired_at``      acquisition time: datetime64 or ISO 8601 text (no zone → UTC)
``cancelled_at``     cancellation time; blank (None, NaT, "") while the customer is active
``observed_until``   end of follow-up; required while active; when given with a
                     cancellation it must not be before it
===================  ======================================================================

A customer's duration is the whole days from acquisition to cancellation (an event) or to
``observed_until`` (right-censored): the floor of the difference in days, so a customer
cancelling on the day of acquisition has duration 0. Survival is the Kaplan–Meier product-
limit estimate [1]_

.. math:: \\hat S(t) = \\prod_{t_i \\le t} \\left(1 - \\frac{d_i}{n_i}\\right)

with d_i the cancellations on day t_i and n_i the customers whose duration is ≥ t_i
(a customer censored on day t_i is still at risk on it). Beyond a vendor's longest
follow-up the estimate is undefined unless it already reached 0, and is NaN there [1]_.

References
----------
.. [1] Kaplan, E. L., & Meier, P. (1958). Nonparametric estimation from incomplete
   observations. *Journal of the American Statistical Association*, 53(282), 457–481.
   https://doi.org/10.1080/01621459.1958.10501452
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

import numpy as np
import numpy.typing as npt

from vendoreval._lazy import pd
from vendoreval.currency import quantize, validate_currency
from vendoreval.errors import OutcomeRecordError
from vendoreval.outcomes._columns import NAT, Table, whole_days

__all__ = [
    "CUSTOMER_COLUMNS",
    "Customers",
    "cost_per_retained_customer",
    "read_customers",
    "retention_curve",
    "retention_table",
    "survival_at",
]

CUSTOMER_COLUMNS: Final[tuple[str, ...]] = (
    "vendor",
    "acquired_at",
    "cancelled_at",
    "observed_until",
)
"""Columns every customer record must have."""

DEFAULT_DAYS: Final[tuple[int, ...]] = (90, 180, 365)


@dataclass(frozen=True, eq=False)
class Customers:
    """Validated customers as arrays (one element per customer).

    Attributes
    ----------
    vendor : numpy.ndarray of object
        Acquiring vendor.
    days : numpy.ndarray of int64
        Whole days to cancellation or to the end of follow-up [days].
    cancelled : numpy.ndarray of bool
        True for a cancellation, False for a censored (still active) customer.
    """

    vendor: npt.NDArray[np.object_]
    days: npt.NDArray[np.int64]
    cancelled: npt.NDArray[np.bool_]


def read_customers(customers: pd.DataFrame) -> Customers:
    """Check customer records and return durations in whole days.

    Parameters
    ----------
    customers : pandas.DataFrame
        Columns ``vendor``, ``acquired_at``, ``cancelled_at``, ``observed_until``.

    Returns
    -------
    Customers

    Raises
    ------
    OutcomeRecordError
        Naming the column, the 1-based row and what was expected: a missing column or
        vendor, a bad or missing ``acquired_at``, a cancellation before acquisition, an
        ``observed_until`` missing for an active customer, before acquisition, or before the
        cancellation.
    """
    table = Table(customers, "customers")
    vendor = table.vendors(CUSTOMER_COLUMNS, "customer")
    acquired = table.timestamps("acquired_at")
    cancelled = table.timestamps("cancelled_at", optional=True)
    observed = table.timestamps("observed_until", optional=True)
    has_cancel = cancelled != NAT
    has_observed = observed != NAT
    table.first(
        "observed_until",
        ~has_cancel & ~has_observed,
        "expected the end of follow-up of an active customer (cancelled_at is blank), "
        "the value is missing",
    )
    table.first(
        "cancelled_at",
        has_cancel & (cancelled < acquired),
        "expected a cancellation on or after acquired_at",
    )
    table.first(
        "observed_until",
        has_observed & (observed < acquired),
        "expected the end of follow-up on or after acquired_at",
    )
    table.first(
        "cancelled_at",
        has_cancel & has_observed & (cancelled > observed),
        "expected a cancellation on or before observed_until (the end of follow-up)",
    )
    end = np.where(has_cancel, cancelled, observed)
    return Customers(vendor, whole_days(acquired, end), has_cancel)


def _days(at_days: Iterable[int]) -> list[int]:
    try:
        days = list(at_days)
    except TypeError:
        raise OutcomeRecordError(
            f"at_days: expected a sequence of whole days ≥ 0, got {at_days!r}"
        ) from None
    for day in days:
        if not isinstance(day, int | np.integer) or isinstance(day, bool) or day < 0:
            raise OutcomeRecordError(f"at_days: expected whole days ≥ 0, got {day!r}")
    if not days:
        raise OutcomeRecordError("at_days: expected at least one day")
    if len(set(days)) != len(days):
        raise OutcomeRecordError(f"at_days: each day at most once, got {days!r}")
    return [int(day) for day in days]


def _product_limit(days: npt.NDArray[np.int64], cancelled: npt.NDArray[np.bool_]) -> pd.DataFrame:
    """Kaplan–Meier table of one vendor: one row per distinct duration."""
    times, inverse = np.unique(days, return_inverse=True)
    removed = np.bincount(inverse, minlength=times.size)
    events = np.bincount(inverse, weights=cancelled, minlength=times.size).astype(np.int64)
    at_risk = days.size - np.concatenate(([0], np.cumsum(removed)[:-1]))
    survival = np.cumprod(1.0 - events / at_risk)
    return pd.DataFrame(
        {
            "day": times.astype(np.int64),
            "at_risk": at_risk.astype(np.int64),
            "cancelled": events,
            "censored": (removed - events).astype(np.int64),
            "survival": survival,
        }
    )


def survival_at(curve: pd.DataFrame, days: Iterable[int]) -> npt.NDArray[np.float64]:
    """Evaluate a Kaplan–Meier step function at whole days.

    Parameters
    ----------
    curve : pandas.DataFrame
        One vendor's rows of :func:`retention_table` (columns ``day``, ``survival``).
    days : iterable of int
        Days after acquisition [days].

    Returns
    -------
    numpy.ndarray of float
        Ŝ(day): 1 before the first duration; NaN after the longest follow-up unless the
        estimate already reached 0.
    """
    at = np.asarray(list(days), dtype=np.int64)
    times = curve["day"].to_numpy(dtype=np.int64)
    survival = curve["survival"].to_numpy(dtype=np.float64)
    position = np.searchsorted(times, at, side="right") - 1
    value = np.where(position >= 0, survival[np.maximum(position, 0)], 1.0)
    beyond = (at > times[-1]) & (survival[-1] > 0)
    return np.where(beyond, np.nan, value)


def retention_table(customers: pd.DataFrame) -> pd.DataFrame:
    """The Kaplan–Meier table of every vendor.

    Parameters
    ----------
    customers : pandas.DataFrame
        Customer records (see the module docstring).

    Returns
    -------
    pandas.DataFrame
        One row per vendor and distinct duration, vendors by name, days ascending; columns
        ``vendor``, ``day`` [days], ``at_risk`` (customers with duration ≥ day),
        ``cancelled`` (cancellations that day), ``censored`` (follow-ups ending that day)
        and ``survival`` (Ŝ(day), the share still active after that day).
    """
    return _table(read_customers(customers))


def _table(data: Customers) -> pd.DataFrame:
    frames = []
    for name in sorted(set(data.vendor.tolist())):
        mask = data.vendor == name
        frame = _product_limit(data.days[mask], data.cancelled[mask])
        frame.insert(0, "vendor", name)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def retention_curve(customers: pd.DataFrame, at_days: Iterable[int] = DEFAULT_DAYS) -> pd.DataFrame:
    """Share of each vendor's customers still active at given days after acquisition.

    Right-censored Kaplan–Meier estimate per vendor (Kaplan & Meier 1958) on durations in
    whole days.

    Parameters
    ----------
    customers : pandas.DataFrame
        Columns ``vendor``, ``acquired_at``, ``cancelled_at`` (blank while active) and
        ``observed_until`` (see the module docstring).
    at_days : iterable of int
        Days after acquisition [days], whole and ≥ 0.

    Returns
    -------
    pandas.DataFrame
        Index ``vendor`` (by name), one column per day (column index named ``day``), values
        the survival probability [share 0–1]; NaN past a vendor's longest follow-up.

    Raises
    ------
    OutcomeRecordError
        Bad customer records (naming column and 1-based row) or bad ``at_days``.

    Examples
    --------
    >>> import pandas as pd
    >>> customers = pd.DataFrame({
    ...     "vendor": ["A", "A", "A", "A"],
    ...     "acquired_at": ["2025-01-01"] * 4,
    ...     "cancelled_at": ["2025-02-15", None, "2025-05-01", None],
    ...     "observed_until": [None, "2025-03-01", None, "2026-01-01"],
    ... })
    >>> retention_curve(customers, at_days=(30, 90, 180)).loc["A"].tolist()
    [1.0, 0.75, 0.375]
    """
    return _curve(read_customers(customers), _days(at_days))


def _curve(data: Customers, days: list[int]) -> pd.DataFrame:
    table = _table(data)
    vendors = list(dict.fromkeys(table["vendor"]))
    values = [survival_at(table[table["vendor"] == name], days) for name in vendors]
    return pd.DataFrame(
        np.vstack(values),
        index=pd.Index(vendors, name="vendor"),
        columns=pd.Index(days, name="day"),
    )


def _cost(vendor: str, amount: object) -> Decimal:
    if isinstance(amount, bool) or not isinstance(amount, Decimal | int | float | np.number):
        raise OutcomeRecordError(
            f"cost_by_vendor[{vendor!r}]: expected an amount of money ≥ 0, got {amount!r}"
        )
    value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    if not value.is_finite() or value < 0:
        raise OutcomeRecordError(
            f"cost_by_vendor[{vendor!r}]: expected an amount of money ≥ 0, got {amount!r}"
        )
    return value


def cost_per_retained_customer(
    cost_by_vendor: Mapping[str, Decimal | float | int] | pd.Series,
    customers: pd.DataFrame,
    at_days: Iterable[int] = DEFAULT_DAYS,
    *,
    currency: str | None = None,
) -> pd.DataFrame:
    """Campaign cost per customer still active after each day (e.g. 3, 6 and 12 months).

    cost ÷ (customers acquired × Ŝ(day)), with Ŝ the vendor's Kaplan–Meier survival
    (:func:`retention_curve`): the cost of each customer the campaign really kept.

    Parameters
    ----------
    cost_by_vendor : mapping or pandas.Series of str to Decimal
        Each vendor's total campaign cost [currency], ≥ 0. Vendors of ``customers`` without
        a cost (e.g. the buyer's own team) are left out.
    customers : pandas.DataFrame
        Customer records (see :func:`retention_curve`).
    at_days : iterable of int
        Days after acquisition [days].
    currency : str, optional
        ISO 4217 code. When given, values are :class:`~decimal.Decimal` rounded half-up
        once to its minor unit; otherwise float.

    Returns
    -------
    pandas.DataFrame
        Index ``vendor`` (the order of ``cost_by_vendor``), one column per day, values the
        cost per retained customer [currency]: infinite when no customer is retained, NaN
        (``Decimal('NaN')`` with a currency) where survival is not estimable.

    Raises
    ------
    OutcomeRecordError
        A vendor with a cost but no customers, a negative or non-numeric cost, bad records.
    """
    if currency is not None:
        try:
            validate_currency(currency)
        except ValueError as error:
            raise OutcomeRecordError(f"currency: {error}") from None
    costs = {str(v): _cost(str(v), a) for v, a in dict(cost_by_vendor).items()}
    if not costs:
        raise OutcomeRecordError("cost_by_vendor: expected the cost of at least one vendor")
    days = _days(at_days)
    data = read_customers(customers)
    curves = _curve(data, days)
    counts = pd.Series(data.vendor).value_counts()
    unknown = [v for v in costs if v not in curves.index]
    if unknown:
        raise OutcomeRecordError(
            f"cost_by_vendor: vendor {unknown[0]!r} has no customers; expected one of "
            f"{', '.join(map(repr, curves.index))}"
        )
    names = list(costs)
    survival = curves.loc[names]
    retained = survival.to_numpy() * counts.loc[names].to_numpy(dtype=np.float64)[:, None]
    if currency is None:
        cost = np.array([float(costs[v]) for v in names], dtype=np.float64)[:, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            values: npt.NDArray[np.float64] | npt.NDArray[np.object_] = cost / retained
        return pd.DataFrame(values, index=pd.Index(names, name="vendor"), columns=curves.columns)
    rows = [
        [_money_ratio(costs[v], float(kept), currency) for kept in row]
        for v, row in zip(names, retained, strict=True)
    ]
    return pd.DataFrame(
        rows, index=pd.Index(names, name="vendor"), columns=curves.columns, dtype=object
    )


def _money_ratio(cost: Decimal, kept: float, currency: str) -> Decimal:
    if math.isnan(kept):
        return Decimal("NaN")
    if kept == 0:
        return Decimal("Infinity") if cost > 0 else Decimal("NaN")
    return quantize(cost / Decimal(kept), currency)
