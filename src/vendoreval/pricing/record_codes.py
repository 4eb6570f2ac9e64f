"""The categorical columns of call records, as integer codes: channels and languages.

A channel column may be text of any kind (``object``, ``str``, ``string``), categorical or an
Arrow dictionary: text is mapped to channel codes chunk by chunk with
:func:`pyarrow.compute.index_in` where it is Arrow-backed, ``object`` text grouped by the
identity of its string objects (:func:`~vendoreval.pricing.record_objects.object_codes`), and
categories and dictionaries through a lookup on their few distinct values, so no column is
factorized that need not be.
A language column is read only under language premiums: each distinct tag is put in its
canonical case (:func:`~vendoreval.pricing.record_schema.canonical_language_tag`), and a
missing or malformed tag is an error at its first row.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from vendoreval._arrow_numpy import arrow_values, text_array, without_views
from vendoreval._lazy import pd
from vendoreval._scratch import scratch
from vendoreval.pricing.record_objects import object_codes
from vendoreval.pricing.record_schema import (
    _CHANNEL_NAMES,
    _MISSING,
    _UNKNOWN,
    CHANNEL_CODES,
    CHANNEL_ORDER,
    EXPECTED_TAG,
    _is_missing,
    _Where,
    canonical_language_tag,
)
from vendoreval.pricing.record_text import TextLookup

__all__: list[str] = []


class _Channels:
    """The channel column of a batch, turned into channel codes chunk by chunk.

    A code is an index into :data:`CHANNEL_ORDER`, or ``_UNKNOWN`` / ``_MISSING``.
    """

    def __len__(self) -> int:
        raise NotImplementedError

    def identity(self) -> npt.NDArray[np.int8] | None:
        """The channel codes themselves, when the column already holds them (no mapping)."""
        return None

    def fill(self, start: int, stop: int, out: npt.NDArray[np.int8]) -> None:
        """Write the codes of rows ``start:stop`` into ``out``."""
        raise NotImplementedError

    def slice(self, start: int, stop: int) -> _Channels:
        raise NotImplementedError

    def value(self, position: int) -> Any:
        """The value at ``position`` as read (None when missing), for messages."""
        raise NotImplementedError


def _channel_lookup(values: Sequence[Any]) -> npt.NDArray[np.int8]:
    """Channel code of each distinct value; the last entry is for a missing value (code -1)."""
    lookup = np.full(len(values) + 1, _MISSING, dtype=np.int8)
    for i, value in enumerate(values):
        if isinstance(value, str):
            lookup[i] = CHANNEL_CODES.get(value, _UNKNOWN)
        elif not _is_missing(value):
            lookup[i] = _UNKNOWN
    return lookup


class _CodedChannels(_Channels):
    """Codes into a few distinct values: categories, an Arrow dictionary, factorized text."""

    def __init__(
        self,
        codes: npt.NDArray[np.integer[Any]],
        values: Sequence[Any],
        lookup: npt.NDArray[np.int8] | None = None,
    ) -> None:
        self.codes = codes
        self.values = list(values)
        self.lookup = lookup if lookup is not None else _channel_lookup(self.values)
        # Categories already in channel order (as sample data and database enums have) need
        # no mapping: the codes are the channel codes.
        size = len(self.values)
        self._identity = (
            codes.dtype == np.int8
            and size <= len(CHANNEL_ORDER)
            and bool(np.array_equal(self.lookup[:size], np.arange(size)))
        )

    def __len__(self) -> int:
        return int(self.codes.shape[0])

    def identity(self) -> npt.NDArray[np.int8] | None:
        return self.codes.view(np.int8) if self._identity else None

    def fill(self, start: int, stop: int, out: npt.NDArray[np.int8]) -> None:
        codes = self.codes[start:stop]
        if codes.dtype != np.intp:  # as take would convert them, into a reused array
            index = scratch("channel.index", stop - start, np.intp)
            np.copyto(index, codes, casting="same_kind")
            codes = index
        np.take(self.lookup, codes, out=out)  # code -1: the last entry

    def slice(self, start: int, stop: int) -> _Channels:
        return _CodedChannels(self.codes[start:stop], self.values, self.lookup)

    def value(self, position: int) -> Any:
        code = int(self.codes[position])
        return None if code < 0 else self.values[code]


COMPILED_LOOKUP_ROWS: Final = 1 << 16
"""Fewest rows of a text channel column looked up by the compiled lookup [rows].

Arrow's ``index_in`` takes under a millisecond below it, while numba's first compiled call
in a process costs most of a second; above it the compiled lookup saves 5–7 ns a row.
"""


@functools.cache
def _channel_text_lookup() -> TextLookup | None:
    """The compiled lookup of the channel names (None where numba is not available)."""
    return TextLookup.build(_CHANNEL_NAMES)


class _TextChannels(_Channels):
    """An Arrow text column, looked up in the channel names chunk by chunk (GIL released).

    A column of :data:`COMPILED_LOOKUP_ROWS` rows or more is looked up by the compiled
    :class:`~vendoreval.pricing.record_text.TextLookup` where numba is installed
    (``vendoreval[fast]``); any other by :func:`pyarrow.compute.index_in`. Both give the
    same codes.
    """

    def __init__(self, array: Any, names: Any = None, lookup: TextLookup | None = None) -> None:
        self.array = array
        self._names = text_array(_CHANNEL_NAMES, array.type) if names is None else names
        if lookup is None and len(array) >= COMPILED_LOOKUP_ROWS:
            lookup = _channel_text_lookup()
        self._lookup = lookup

    def __len__(self) -> int:
        return len(self.array)

    def fill(self, start: int, stop: int, out: npt.NDArray[np.int8]) -> None:
        piece = self.array.slice(start, stop - start)
        if self._lookup is not None:
            self._lookup.codes(piece, _UNKNOWN, out)
            return
        import pyarrow.compute as pc

        found = pc.index_in(piece, value_set=self._names)
        if found.null_count:  # values that are no channel (or missing): checked later
            found = pc.fill_null(found, _UNKNOWN)
        np.copyto(out, arrow_values(found), casting="unsafe")

    def slice(self, start: int, stop: int) -> _Channels:
        return _TextChannels(self.array.slice(start, stop - start), self._names, self._lookup)

    def value(self, position: int) -> Any:
        return self.array[position].as_py()


def text_channel_codes(array: Any) -> npt.NDArray[np.int8]:
    """Channel codes of an Arrow text array or chunked array (``string``, ``large_string``).

    A code is an index into :data:`CHANNEL_ORDER`; a row that is no channel, or missing,
    gets ``_UNKNOWN``. A long column is looked up by compiled code where numba is
    installed (:class:`_TextChannels`).
    """
    out = np.empty(len(array), dtype=np.int8)
    _TextChannels(array).fill(0, len(array), out)
    return out


def _arrow_channels(array: Any) -> _Channels:
    """Channels of an Arrow array or chunked array of any type."""
    import pyarrow as pa

    array = without_views(array)
    kind = array.type
    if pa.types.is_dictionary(kind):
        indices, dictionary = _dictionary_codes(array)
        return _CodedChannels(indices, dictionary)
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return _TextChannels(array)
    codes, uniques = object_codes(np.asarray(array.to_pandas(), dtype=object))
    return _CodedChannels(codes, uniques)


def _dictionary_codes(array: Any) -> tuple[npt.NDArray[np.integer[Any]], list[Any]]:
    """Indices (-1 where missing) and dictionary values of a dictionary-encoded column."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(array, pa.ChunkedArray):
        chunks = array.chunks
        if not chunks:
            return np.zeros(0, dtype=np.int8), []
        first = chunks[0].dictionary
        if not all(chunk.dictionary.equals(first) for chunk in chunks[1:]):
            array = array.unify_dictionaries()
            chunks = array.chunks
        dictionary = chunks[0].dictionary
        indices: Any = pa.chunked_array([chunk.indices for chunk in chunks])
    else:
        dictionary, indices = array.dictionary, array.indices
    if indices.null_count:
        indices = pc.fill_null(indices, -1)
    codes: npt.NDArray[np.integer[Any]] = arrow_values(indices)
    return codes, dictionary.to_pylist()


def _series_channels(series: pd.Series[Any]) -> _Channels:
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        categorical = series.array
        assert isinstance(categorical, pd.Categorical)
        return _CodedChannels(np.asarray(categorical.codes), list(categorical.categories))
    if _arrow_backed(series):
        import pyarrow as pa

        return _arrow_channels(pa.array(series.array))
    codes, uniques = object_codes(series.to_numpy(dtype=object))
    return _CodedChannels(codes, uniques)


def _arrow_backed(series: pd.Series[Any]) -> bool:
    dtype = series.dtype
    if isinstance(dtype, pd.ArrowDtype):
        return True
    return isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"


def _checked_languages(
    codes: npt.NDArray[np.integer[Any]], uniques: Sequence[Any], where: _Where
) -> tuple[npt.NDArray[np.int32], tuple[str, ...]]:
    """Codes and canonical tags; an error at the first missing or malformed language."""
    status = np.zeros(len(uniques) + 1, dtype=np.int8)  # 0 fine, 1 missing, 2 malformed
    status[-1] = 1  # code -1: missing
    tags: list[str] = []
    for i, value in enumerate(uniques):
        tag = canonical_language_tag(value) if isinstance(value, str) else None
        if tag is None:
            status[i] = 1 if _is_missing(value) else 2
        tags.append(tag or "")
    bad = status[codes] if codes.size else np.zeros(0, dtype=np.int8)
    if bad.any():
        position = int(np.argmax(bad != 0))
        code = int(codes[position])
        if bad[position] == 1:
            problem = (
                "missing language; the price sheet has language premiums, so every contact "
                f"needs its language ({EXPECTED_TAG})"
            )
        else:
            problem = f"{uniques[code]!r} is not a language tag; {EXPECTED_TAG}"
            if isinstance(uniques[code], str) and "_" in uniques[code]:
                problem += " (subtags are joined by '-', not '_')"
        raise where.fail("language", position, problem)
    return codes.astype(np.int32, copy=False), tuple(tags)


def _series_languages(
    series: pd.Series[Any], where: _Where
) -> tuple[npt.NDArray[np.int32], tuple[str, ...]]:
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        categorical = series.array
        assert isinstance(categorical, pd.Categorical)
        codes: npt.NDArray[np.integer[Any]] = np.asarray(categorical.codes)
        uniques: list[Any] = list(categorical.categories)
    elif _arrow_backed(series):
        import pyarrow as pa

        return _arrow_languages(pa.array(series.array), where)
    else:
        codes, uniques = object_codes(series.to_numpy(dtype=object))
    return _checked_languages(codes, uniques, where)


def _arrow_languages(array: Any, where: _Where) -> tuple[npt.NDArray[np.int32], tuple[str, ...]]:
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_dictionary(array.type):
        if pa.types.is_null(array.type):
            return _checked_languages(np.full(len(array), -1, dtype=np.int32), [], where)
        array = pc.dictionary_encode(array)
    codes, uniques = _dictionary_codes(array)
    return _checked_languages(codes, uniques, where)
