"""The columns of contact records read as Arrow arrays, without pandas where that is sure.

Each converter returns what its pandas counterpart in
:mod:`~vendoreval.contract.contact_columns` returns, or None when it cannot tell (an unusual
type, or a value that may be bad): the pandas parser then decides, and names the offending
row. A column of a frame or of a file batch is wrapped as a ``_Column`` that gives its Arrow
array (when one costs no conversion of objects) and its pandas series on demand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from vendoreval._arrow_numpy import without_views
from vendoreval._lazy import pd
from vendoreval.contract.contact_columns import (
    _CHANNEL_NAMES,
    _INT64_MAX,
    _INT64_MIN,
    _NS_PER,
    MAX_SECONDS,
)
from vendoreval.pricing.record_codes import text_channel_codes
from vendoreval.pricing.record_schema import _UNKNOWN, is_arrow_text
from vendoreval.pricing.record_values import arrow_text_numbers, plain_column

__all__: list[str] = []


def _fast_channels(column: Any) -> npt.NDArray[np.int8] | None:
    import pyarrow as pa
    import pyarrow.compute as pc

    if column.null_count:
        return None
    if pa.types.is_dictionary(column.type):
        if not is_arrow_text(column.type.value_type):
            return None
        # Look the few dictionary values up, then take each record's code by its index.
        found = pc.index_in(column.dictionary, value_set=pa.array(_CHANNEL_NAMES)).fill_null(-1)
        lookup = np.asarray(found.to_numpy(zero_copy_only=False), dtype=np.int8)
        codes: npt.NDArray[np.int8] = lookup[column.indices.to_numpy(zero_copy_only=False)]
        if (lookup < 0).any() and (codes < 0).any():
            return None
        return codes
    if not is_arrow_text(column.type):
        return None
    codes = text_channel_codes(column)
    if (codes >= _UNKNOWN).any():
        return None
    return codes


def _fast_datetimes(column: Any) -> pd.DatetimeIndex | None:
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = column.type
    if pa.types.is_timestamp(kind) and kind.tz is None:
        if kind.unit != "ns":  # times nanoseconds cannot hold: pandas names the first
            bounds = pc.min_max(column.cast(pa.int64()))
            factor = _NS_PER[kind.unit]
            low, high = bounds["min"].as_py(), bounds["max"].as_py()
            if low is not None and not (low > _INT64_MIN // factor and high < _INT64_MAX // factor):
                return None
        return pd.DatetimeIndex(column.to_numpy(zero_copy_only=False))
    if not is_arrow_text(kind):
        return None
    # Arrow reads a subset of the ISO 8601 forms pandas reads, to the same instants, and
    # refuses any text with a UTC offset here: those go to pandas.
    try:
        parsed = pc.cast(column, pa.timestamp("ns"))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return pd.DatetimeIndex(parsed.to_numpy(zero_copy_only=False))


def _fast_seconds(column: Any) -> npt.NDArray[np.int64] | npt.NDArray[np.float64] | None:
    import pyarrow as pa
    import pyarrow.compute as pc

    if column.null_count or not len(column):
        return None
    kind = column.type
    values: npt.NDArray[Any]
    if pa.types.is_integer(kind) and not pa.types.is_uint64(kind):
        values = np.asarray(column.to_numpy(zero_copy_only=False), dtype=np.int64)
    elif pa.types.is_floating(kind):
        values = np.asarray(column.to_numpy(zero_copy_only=False), dtype=np.float64)
    elif is_arrow_text(kind):
        written = arrow_text_numbers(column)
        if written is None:
            return None
        values = written
    else:
        return None
    if values.dtype.kind == "i":  # one pass (Arrow's min_max skips NaN: floats use numpy)
        bounds = pc.min_max(pa.array(values))
        low, high = bounds["min"].as_py(), bounds["max"].as_py()
    else:
        low, high = values.min(), values.max()
    if not (low >= 0 and high <= MAX_SECONDS):  # NaN fails too
        return None
    result: npt.NDArray[np.int64] | npt.NDArray[np.float64] = values
    return result


def _fast_answered(column: Any, csv: bool) -> npt.NDArray[np.bool_] | None:
    import pyarrow as pa
    import pyarrow.compute as pc

    if column.null_count:
        return None
    if pa.types.is_boolean(column.type):
        return np.asarray(column.to_numpy(zero_copy_only=False), dtype=bool)
    if not (csv and is_arrow_text(column.type)):
        return None
    words = pc.ascii_lower(pc.ascii_trim_whitespace(column))
    found = pc.index_in(words, value_set=pa.array(["true", "1", "false", "0"]))
    if found.null_count:
        return None
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=np.int8) < 2


@dataclass(frozen=True, eq=False)
class _Column:
    """One column of a batch: as Arrow (when read from a file) and, on demand, pandas."""

    series: Callable[[], pd.Series[Any]]
    arrow: Any = None


def _arrow_column(batch: Any, name: str) -> _Column:
    import pyarrow as pa

    array = without_views(batch.column(name))
    return _Column(
        series=lambda: pa.RecordBatch.from_arrays([array], names=[name]).to_pandas()[name],
        arrow=array,
    )


def _frame_column(frame: pd.DataFrame, name: str) -> _Column:
    """A frame's column, with an Arrow view where one costs no conversion of objects."""
    import pyarrow as pa

    series = plain_column(frame, name)
    dtype = series.dtype
    arrow = None
    try:
        if isinstance(
            series.array, pd.arrays.ArrowExtensionArray | pd.arrays.ArrowStringArray
        ) or isinstance(dtype, pd.CategoricalDtype):
            arrow = pa.array(series.array)
        elif isinstance(dtype, np.dtype) and dtype.kind in "iu":
            arrow = pa.array(series.to_numpy())
    except (pa.ArrowException, TypeError, ValueError):  # mixed objects: pandas only
        arrow = None
    if isinstance(arrow, pa.ChunkedArray):
        arrow = arrow.combine_chunks()
    return _Column(series=lambda: series, arrow=arrow)
