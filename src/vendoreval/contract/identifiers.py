"""Identifiers of contacts and customers as keys that compare like their text.

An identifier is text or a whole number, and a whole number is the same identifier as its
decimal text: a Parquet file's int64 ``5`` and a CSV file's ``"5"`` name the same contact,
``"05"`` and ``" 5"`` name others. Keys are built without a Python loop over the values:

* a whole number that fits int64 (from an integer column, a whole float, or text in canonical
  decimal form — no ``+``, no leading zeros, no ``-0``) is its own key, kept as int64;
* any other text is keyed by its 128-bit MurmurHash3 (x64 variant, seed 0) of its UTF-8 bytes,
  computed with numpy straight from the Arrow string buffers. Two distinct texts share a key
  with probability about 2⁻¹²⁸ per pair, for identifiers not crafted to collide.

References
----------
A. Appleby, "MurmurHash3", SMHasher (2011), ``MurmurHash3_x64_128``:
https://github.com/aappleby/smhasher/blob/master/src/MurmurHash3.cpp
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt

__all__ = ["Identifiers", "murmur3_x64_128"]

_C1: Final = np.uint64(0x87C37B91114253D5)
_C2: Final = np.uint64(0x4CF5AD432745937F)
_F1: Final = np.uint64(0xFF51AFD7ED558CCD)
_F2: Final = np.uint64(0xC4CEB9FE1A85EC53)
_N1: Final = np.uint64(0x52DCE729)
_N2: Final = np.uint64(0x38495AB5)
_FIVE: Final = np.uint64(5)
_BYTE_MASKS: Final = np.array(
    [(1 << (8 * c)) - 1 if c < 8 else (1 << 64) - 1 for c in range(9)], dtype=np.uint64
)
"""``_BYTE_MASKS[c]`` keeps the c low-order (first, little-endian) bytes of a word."""
_GATHER_BYTES: Final = 1 << 22
"""Bytes of padded text gathered per step when hashing (bounds the temporaries)."""
_NUMBER_TAG: Final = np.uint64(0x9E3779B97F4A7C15)
"""Second word of a whole number's key in :meth:`Identifiers.words` (no text digest has it)."""
_MAX_TEXT: Final = "9223372036854775807"
_MIN_TEXT: Final = "-9223372036854775808"


def _rotl(x: npt.NDArray[np.uint64], r: int) -> npt.NDArray[np.uint64]:
    return (x << np.uint64(r)) | (x >> np.uint64(64 - r))


def _fmix(k: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    k = k ^ (k >> np.uint64(33))
    k *= _F1
    k ^= k >> np.uint64(33)
    k *= _F2
    k ^= k >> np.uint64(33)
    return k


def _mix_k1(k1: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    return _rotl(k1 * _C1, 31) * _C2


def _mix_k2(k2: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    return _rotl(k2 * _C2, 33) * _C1


def _murmur_words(
    words: npt.NDArray[np.uint64], blocks: int, lengths: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """MurmurHash3_x64_128 (seed 0) of rows of ``blocks`` 16-byte blocks plus a zero-padded
    tail block; ``words`` is (k, 2 · (blocks + 1)) little-endian 64-bit words."""
    k = words.shape[0]
    h1 = np.zeros(k, dtype=np.uint64)
    h2 = np.zeros(k, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for block in range(blocks):
            h1 ^= _mix_k1(words[:, 2 * block])
            h1 = _rotl(h1, 27)
            h1 += h2
            h1 = h1 * _FIVE + _N1
            h2 ^= _mix_k2(words[:, 2 * block + 1])
            h2 = _rotl(h2, 31)
            h2 += h1
            h2 = h2 * _FIVE + _N2
        # The tail: its zero padding leaves the hash as the reference's tail switch does
        # (a zero word mixes to zero).
        h2 ^= _mix_k2(words[:, 2 * blocks + 1])
        h1 ^= _mix_k1(words[:, 2 * blocks])
        size = lengths.astype(np.uint64)
        h1 ^= size
        h2 ^= size
        h1 += h2
        h2 += h1
        h1 = _fmix(h1)
        h2 = _fmix(h2)
        h1 += h2
        h2 += h1
    return h1, h2


def _string_buffers(text: Any) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint8]]:
    """(offsets, bytes) of an Arrow string or large_string array."""
    import pyarrow as pa

    if pa.types.is_large_string(text.type) or pa.types.is_large_binary(text.type):
        dtype: type[np.signedinteger[Any]] = np.int64
    elif pa.types.is_string(text.type) or pa.types.is_binary(text.type):
        dtype = np.int32
    else:
        return _string_buffers(text.cast(pa.large_string()))
    buffers = text.buffers()
    n = len(text)
    offsets = np.frombuffer(buffers[1], dtype=dtype)[text.offset : text.offset + n + 1]
    data = buffers[2]
    raw = np.zeros(0, np.uint8) if data is None else np.frombuffer(data, dtype=np.uint8)
    return offsets.astype(np.int64), raw


def murmur3_x64_128(text: Any) -> npt.NDArray[np.uint64]:
    """128-bit MurmurHash3 (x64 variant, seed 0) of each text's UTF-8 bytes.

    Vectorised over the values: rows are grouped by their number of 16-byte blocks and the
    hash rounds run over whole columns of 64-bit words, so the Python loops run over block
    counts, never over values.

    Parameters
    ----------
    text : pyarrow.Array of string
        Text without nulls (string, large_string or binary).

    Returns
    -------
    numpy.ndarray of uint64, shape (n, 2)
        The two 64-bit halves ``(h1, h2)`` of each hash, as the reference returns them.

    Examples
    --------
    >>> import pyarrow as pa
    >>> murmur3_x64_128(pa.array(["hello"])).tolist()  # mmh3.hash64("hello", signed=False)
    [[14688674573012802306, 6565844092913065241]]
    """
    n = len(text)
    out = np.zeros((n, 2), dtype=np.uint64)
    if n == 0:
        return out
    offsets, data = _string_buffers(text)
    starts = offsets[:-1]
    lengths = offsets[1:] - starts
    blocks = lengths // 16
    least, most = int(blocks.min()), int(blocks.max())
    # Every row reads a window of 16 · (its blocks + 1) bytes from its start: pad the data
    # so that the widest window never runs past the end.
    padded = np.zeros(data.shape[0] + 16 * (most + 1), dtype=np.uint8)
    padded[: data.shape[0]] = data
    counts = [least] if least == most else np.flatnonzero(np.bincount(blocks)).tolist()
    for count in counts:
        rows = None if least == most else np.flatnonzero(blocks == count)
        total = n if rows is None else rows.shape[0]
        width = 16 * (count + 1)
        windows = np.lib.stride_tricks.sliding_window_view(padded, width)
        step = max(1, _GATHER_BYTES // width)
        for low in range(0, total, step):
            part: slice | npt.NDArray[np.intp] = (
                slice(low, min(low + step, total)) if rows is None else rows[low : low + step]
            )
            words = windows[starts[part]].view(np.dtype("<u8")).astype(np.uint64, copy=False)
            size = lengths[part]
            shortest, longest = int(size.min()), int(size.max())
            for j in range(words.shape[1]):  # keep each row's own bytes, zero the rest
                if shortest == longest:
                    words[:, j] &= _BYTE_MASKS[min(max(shortest - 8 * j, 0), 8)]
                else:
                    words[:, j] &= _BYTE_MASKS[np.clip(size - 8 * j, 0, 8)]
            out[part, 0], out[part, 1] = _murmur_words(words, count, size)
    return out


def _canonical_numbers(text: Any) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int64]]:
    """(is a whole number in canonical decimal form, its value) for each text (nulls: no)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(text)
    numbers = np.zeros(n, dtype=np.int64)
    is_number = np.zeros(n, dtype=bool)

    def flags(array: Any) -> npt.NDArray[np.bool_]:
        if array.null_count:
            array = array.fill_null(False)
        return np.asarray(array.to_numpy(zero_copy_only=False), dtype=bool)

    # Canonical: ASCII digits after an optional '-', no leading zero (but "0"), no "-0".
    # (Casting first would cost more: a failed cast costs a full pass.)
    candidate = flags(pc.ascii_is_decimal(text))
    signed = np.flatnonzero(flags(pc.starts_with(text, "-")))
    if signed.size:
        candidate[signed] = flags(
            pc.ascii_is_decimal(pc.utf8_slice_codeunits(text.take(signed), 1))
        )
    padded = flags(pc.starts_with(text, "0")) & (
        np.asarray(pc.binary_length(text).fill_null(0).to_numpy(zero_copy_only=False)) > 1
    )
    candidate &= ~padded
    if signed.size:
        candidate[signed] &= ~flags(pc.starts_with(text.take(signed), "-0"))
    rows: npt.NDArray[np.intp] | None = None
    if not candidate.all():
        rows = np.flatnonzero(candidate)
        if not rows.size:
            return is_number, numbers
        text = text.take(rows)
    try:
        parsed = pc.cast(text, pa.int64())
    except pa.ArrowInvalid:  # beyond int64: 19 digits compare as text as the numbers do
        size = np.asarray(pc.binary_length(text).to_numpy(zero_copy_only=False))
        minus = flags(pc.starts_with(text, "-"))
        width = size - minus
        fits = width < 19
        edge = np.flatnonzero(width == 19)
        if edge.size:
            edges = text.take(edge)
            below = pc.if_else(
                pc.starts_with(edges, "-"),
                pc.less_equal(edges, _MIN_TEXT),
                pc.less_equal(edges, _MAX_TEXT),
            )
            fits[edge] = flags(below)
        kept = np.flatnonzero(fits)
        rows = kept if rows is None else rows[kept]
        parsed = pc.cast(text.take(kept), pa.int64())
    values = np.asarray(parsed.to_numpy(zero_copy_only=False), dtype=np.int64)
    if rows is None:
        return np.ones(n, dtype=bool), values
    is_number[rows] = True
    numbers[rows] = values
    return is_number, numbers


@dataclass(frozen=True, eq=False)
class Identifiers:
    """A column of identifiers and their keys.

    Attributes
    ----------
    values : pyarrow.Array
        The identifiers as read: int64 or text, null where empty.
    present : numpy.ndarray of bool
        Where an identifier is given.
    is_number : numpy.ndarray of bool
        Where it is a whole number (keyed by ``numbers``).
    numbers : numpy.ndarray of int64
        The whole number where ``is_number`` (0 elsewhere).
    digests : numpy.ndarray of uint64, shape (n, 2), optional
        MurmurHash3 of the text where present and not a number (0 elsewhere); None when
        every identifier given is a number.
    """

    values: Any
    present: npt.NDArray[np.bool_]
    is_number: npt.NDArray[np.bool_]
    numbers: npt.NDArray[np.int64]
    digests: npt.NDArray[np.uint64] | None

    def __len__(self) -> int:
        return int(self.present.shape[0])

    @classmethod
    def from_arrow(cls, values: Any) -> Identifiers | None:
        """Keys of an Arrow column of integers or text (dictionary-encoded or not); None for
        any other type (a float or boolean column: see :meth:`from_text`)."""
        import pyarrow as pa

        kind = values.type
        if pa.types.is_dictionary(kind):
            inner = cls.from_arrow(values.dictionary)
            if inner is None:
                return None
            present = np.asarray(values.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
            codes = values.indices.fill_null(0).to_numpy(zero_copy_only=False)
            if len(inner) == 0:
                codes = np.zeros(len(values), dtype=np.intp)
                inner = cls.from_text(np.full(1, None, dtype=object))
            return cls(
                values=values,
                present=present & inner.present[codes],
                is_number=present & inner.is_number[codes],
                numbers=inner.numbers[codes],
                digests=None if inner.digests is None else inner.digests[codes],
            )
        present = (
            np.asarray(values.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
            if values.null_count
            else np.ones(len(values), dtype=bool)
        )
        if pa.types.is_integer(kind):
            if pa.types.is_uint64(kind):
                import pyarrow.compute as pc

                top = pc.max(values).as_py()
                if top is not None and top > np.iinfo(np.int64).max:
                    return None
            numbers = values.cast(pa.int64())
            if values.null_count:
                numbers = numbers.fill_null(0)
            numbers = numbers.to_numpy(zero_copy_only=False)
            return cls(values, present, present, np.asarray(numbers, dtype=np.int64), None)
        if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
            if not pa.types.is_string_view(kind):
                return None
            values = values.cast(pa.large_string())
        is_number, numbers = _canonical_numbers(values)
        text = present & ~is_number
        digests = None
        if text.all():
            digests = murmur3_x64_128(values)
        elif text.any():
            digests = np.zeros((len(values), 2), dtype=np.uint64)
            digests[text] = murmur3_x64_128(values.filter(text))
        return cls(values, present, is_number, numbers, digests)

    @classmethod
    def from_text(cls, text: npt.NDArray[np.object_]) -> Identifiers:
        """Keys of identifiers given as Python text (None where empty)."""
        import pyarrow as pa

        keys = cls.from_arrow(pa.array(text, type=pa.large_string(), from_pandas=True))
        assert keys is not None
        return keys

    def text(self) -> npt.NDArray[np.object_]:
        """The identifiers as text, None where empty."""
        import pyarrow as pa

        values = self.values
        if pa.types.is_dictionary(values.type):
            values = values.dictionary_decode()
        if not pa.types.is_string(values.type):
            values = values.cast(pa.string())
        out: npt.NDArray[np.object_] = np.asarray(
            values.to_numpy(zero_copy_only=False), dtype=object
        )
        out[~self.present] = None
        return out

    def keys(
        self, rows: npt.NDArray[np.intp] | None = None
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint64]]:
        """(numbers, text digests of shape (m, 2)) of the identifiers given at ``rows``
        (all rows when None), in row order."""
        is_number = self.is_number if rows is None else self.is_number[rows]
        numbers = self.numbers if rows is None else self.numbers[rows]
        picked = numbers if is_number.all() else numbers[is_number]
        if self.digests is None:
            return picked, np.zeros((0, 2), dtype=np.uint64)
        present = self.present if rows is None else self.present[rows]
        digests = self.digests if rows is None else self.digests[rows]
        return picked, digests[present & ~is_number]

    def words(self, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.uint64]:
        """One 128-bit key per row of ``rows`` (all given), as (m, 2) words: a number
        ``(value, tag)``, a text its digest (a digest whose second word is the tag is moved
        off it, so a text never shares a number's key)."""
        words = np.empty((rows.shape[0], 2), dtype=np.uint64)
        words[:, 0] = self.numbers[rows].view(np.uint64)
        words[:, 1] = _NUMBER_TAG
        if self.digests is not None:
            text = ~self.is_number[rows]
            digests = self.digests[rows[text]]
            second = digests[:, 1]
            second[second == _NUMBER_TAG] ^= np.uint64(1)
            words[text] = digests
        return words
