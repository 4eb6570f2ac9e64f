"""Arrow arrays as numpy arrays without loading pandas, and Arrow text in the layout
Arrow's compute functions take.

pyarrow's ``to_numpy`` goes through its pandas conversion layer, which imports pandas (about
80 MiB) on first use. A fixed-width column without missing values is only a view of its
data buffer; :func:`arrow_values` makes that view itself and leaves every other case to
pyarrow. pyarrow's conversion of Python objects imports pandas too: :func:`text_array`
builds a small text array from its buffers. :func:`without_views` turns ``string_view``
text (what Polars and DuckDB can hand over) into ``large_string``, which every compute
function reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["arrow_values", "is_view", "text_array", "without_views"]


def _plain_dtype(kind: Any) -> np.dtype[Any] | None:
    """The numpy dtype whose values are the Arrow type's bytes, for integers and floats."""
    import pyarrow as pa

    if pa.types.is_integer(kind):
        return np.dtype(f"{'i' if pa.types.is_signed_integer(kind) else 'u'}{kind.bit_width // 8}")
    if pa.types.is_floating(kind) and kind.bit_width in (32, 64):
        return np.dtype(f"f{kind.bit_width // 8}")
    return None


def arrow_values(array: Any) -> npt.NDArray[Any]:
    """The values of an Arrow array or chunked array as a numpy array.

    Integers and 32/64-bit floats without missing values come back as a read-only view of
    the Arrow buffer (a chunked array's chunks concatenated); anything else through
    ``to_numpy(zero_copy_only=False)``.

    Parameters
    ----------
    array : pyarrow.Array or pyarrow.ChunkedArray
        The column.

    Returns
    -------
    numpy.ndarray
        One value per row.
    """
    import pyarrow as pa

    if isinstance(array, pa.ChunkedArray):
        dtype = _plain_dtype(array.type)
        if dtype is None or array.null_count:
            values: npt.NDArray[Any] = array.to_numpy()
            return values
        if array.num_chunks == 1:
            return arrow_values(array.chunk(0))
        if array.num_chunks == 0:
            return np.zeros(0, dtype=dtype)
        return np.concatenate([arrow_values(chunk) for chunk in array.chunks])
    dtype = _plain_dtype(array.type)
    if dtype is None or array.null_count:
        converted: npt.NDArray[Any] = array.to_numpy(zero_copy_only=False)
        return converted
    data = array.buffers()[1]
    view = np.frombuffer(data, dtype=dtype, count=len(array), offset=array.offset * dtype.itemsize)
    view.flags.writeable = False  # Arrow data is immutable
    return view


def without_views(array: Any) -> Any:
    """``array`` with ``string_view`` cast to ``large_string`` and ``binary_view`` to
    ``large_binary``; any other type as it is.

    Arrow's compute functions used here (``index_in``, casts to timestamps, regular
    expressions) have no view kernels in the pyarrow versions supported, nor do pandas'
    dtype checks; the cast copies the data once and keeps every value and missing value.

    Parameters
    ----------
    array : pyarrow.Array or pyarrow.ChunkedArray
        The column.

    Returns
    -------
    pyarrow.Array or pyarrow.ChunkedArray
        The same kind of object as ``array``.
    """
    plain = _plain_of_view(array.type)
    return array if plain is None else array.cast(plain)


def is_view(kind: Any) -> bool:
    """True for Arrow's view types, ``string_view`` and ``binary_view`` (see
    :func:`without_views`)."""
    return _plain_of_view(kind) is not None


def _plain_of_view(kind: Any) -> Any | None:
    """``large_string`` for ``string_view``, ``large_binary`` for ``binary_view``, else None."""
    import pyarrow as pa

    if pa.types.is_string_view(kind):
        return pa.large_string()
    if pa.types.is_binary_view(kind):
        return pa.large_binary()
    return None


def text_array(values: Sequence[str], kind: Any) -> Any:
    """An Arrow ``string`` or ``large_string`` array of ``values``, built from its buffers.

    Parameters
    ----------
    values : sequence of str
        The strings, none missing.
    kind : pyarrow.DataType
        ``pyarrow.string()`` or ``pyarrow.large_string()``.

    Returns
    -------
    pyarrow.Array
        The strings, in order.
    """
    import pyarrow as pa

    encoded = [value.encode() for value in values]
    width = np.int64 if pa.types.is_large_string(kind) else np.int32
    offsets = np.zeros(len(encoded) + 1, dtype=width)
    np.cumsum([len(text) for text in encoded], out=offsets[1:])
    buffers = [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))]
    return pa.Array.from_buffers(kind, len(encoded), buffers)
