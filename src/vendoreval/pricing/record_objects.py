"""Codes of an ``object`` column by the identity of its values, without hashing them.

A column of Python strings (pandas' ``object`` dtype, the default text of pandas 2) usually
holds a few string *objects*, each referred to by many rows: strings read from a categorical
or from Arrow, or written as literals, are shared. Rows that refer to the same object hold
the same value, so the object's address — which the column stores for every row — groups
the rows as well as the value would, with integer arithmetic on the worker threads instead
of hashing every string on one (:func:`pandas.factorize`, about 30 ns a row).

:func:`object_codes` samples the addresses, looks every row up in a small open table keyed
by a few bits of the address and checks the full address, so a row is coded only by an
object found in the column. When the column holds more than :data:`_MOST_OBJECTS` distinct
objects (every row its own string, as some readers make them), it factorizes the values
instead. The addresses are only compared, never followed: the objects stay alive with the
array, whose values give the uniques.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final, cast

import numpy as np
import numpy.typing as npt

from vendoreval._lazy import pd
from vendoreval._parallel import CHUNK_ROWS, map_row_ranges

__all__ = ["object_codes"]

_MOST_OBJECTS: Final = 64
"""Most distinct objects coded by address; more are factorized by value."""

_SAMPLE_ROWS: Final = 4096
"""Rows sampled, evenly spaced, for the objects of a column before every row is looked up."""

_SMALLEST: Final = 1 << 15
"""Columns of fewer rows are factorized by value (it costs less than a second pass)."""

_BUCKET_BITS: Final = 12
"""The open table has 2**12 slots, indexed by 12 bits of the address."""


class _AddressTable:
    """Distinct object addresses and their codes, in a table indexed by a few address bits.

    A shift is chosen under which the given addresses fall into distinct slots; an empty slot
    holds address 0, which no object has.
    """

    def __init__(self, addresses: npt.NDArray[np.uint64]) -> None:
        size = 1 << _BUCKET_BITS
        self.mask = np.uint64(size - 1)
        self.shift = np.uint64(0)
        for shift in range(3, 40):  # objects are at least 8-byte aligned
            slots = (addresses >> np.uint64(shift)) & self.mask
            if np.unique(slots).size == addresses.size:
                self.shift = np.uint64(shift)
                break
        else:
            raise _CrowdedError
        slots = ((addresses >> self.shift) & self.mask).astype(np.intp)
        self.addresses = np.zeros(size, dtype=np.uint64)
        self.addresses[slots] = addresses
        self.codes = np.zeros(size, dtype=np.int8)
        self.codes[slots] = np.arange(addresses.size, dtype=np.int8)

    def code(self, addresses: npt.NDArray[np.uint64], out: npt.NDArray[np.int8]) -> bool:
        """Write the code of each address into ``out``; False if one is not in the table."""
        slots = np.empty(min(CHUNK_ROWS, addresses.size), dtype=np.uint64)
        found = np.empty(slots.size, dtype=np.uint64)
        for low in range(0, addresses.size, CHUNK_ROWS):
            part = addresses[low : low + CHUNK_ROWS]
            slot, seen = slots[: part.size], found[: part.size]
            np.right_shift(part, self.shift, out=slot)
            np.bitwise_and(slot, self.mask, out=slot)
            index = slot.view(np.int64)  # below 2**12: the same integers
            np.take(self.addresses, index, out=seen)
            if not np.array_equal(seen, part):
                return False
            np.take(self.codes, index, out=out[low : low + part.size])
        return True


class _CrowdedError(Exception):
    """No shift puts the addresses into distinct slots."""


def object_codes(values: npt.NDArray[Any]) -> tuple[npt.NDArray[np.integer[Any]], list[Any]]:
    """Codes and distinct values of an object column: ``values[i] == uniques[codes[i]]``.

    Rows are grouped by the identity of their objects where the column holds at most
    :data:`_MOST_OBJECTS` of them (equal strings held as two objects get two codes, which
    the caller's lookup maps alike); otherwise by value with :func:`pandas.factorize`, whose
    code for a missing value is -1.

    Parameters
    ----------
    values : numpy.ndarray of object
        One-dimensional.

    Returns
    -------
    codes : numpy.ndarray of int
        Index of each row's value in ``uniques`` (-1: missing, from factorize only).
    uniques : list
        The distinct values (objects).
    """
    if values.size >= _SMALLEST:
        coded = _by_identity(np.ascontiguousarray(values))
        if coded is not None:
            return coded
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return codes, list(uniques)


def _by_identity(values: npt.NDArray[Any]) -> tuple[npt.NDArray[np.int8], list[Any]] | None:
    if values.itemsize != np.dtype(np.uint64).itemsize:  # addresses of another width
        return None
    # The array's own buffer holds one address per row (a view: ``values`` keeps the objects).
    addresses = np.frombuffer(memoryview(cast(Any, values)), dtype=np.uint64)
    step = max(1, addresses.size // _SAMPLE_ROWS)
    known, first = np.unique(addresses[::step], return_index=True)
    rows = first * step
    codes = np.empty(addresses.size, dtype=np.int8)
    for _ in range(2):  # the sample's objects, then those it missed
        if known.size > _MOST_OBJECTS:
            return None
        try:
            table = _AddressTable(known)
        except _CrowdedError:
            return None

        def code(low: int, high: int, table: _AddressTable = table) -> bool:
            return table.code(addresses[low:high], codes[low:high])

        if all(map_row_ranges(code, addresses.size)):
            return codes, _objects(values, rows)
        missed = ~np.isin(addresses, known)
        more, where = np.unique(addresses[missed], return_index=True)
        known = np.concatenate([known, more])
        rows = np.concatenate([rows, np.flatnonzero(missed)[where]])
    return None


def _objects(values: npt.NDArray[Any], rows: Sequence[int] | npt.NDArray[np.intp]) -> list[Any]:
    return [values[int(row)] for row in rows]
