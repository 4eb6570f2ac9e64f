"""Arrow text looked up in a few known words, every row in one compiled pass.

The channel column of records read from CSV, or built by hand, is text: ``phone``,
``chat``… on every row. Arrow's :func:`pyarrow.compute.index_in` hashes each row's bytes
into a general table, 7–10 ns a row; this lookup is made for a handful of short words and
takes about 2.5 ns a row, compiled with numba (``nogil``, so the pricing threads run it at
once):

* a row's first eight bytes are two aligned 64-bit loads and a shift, kept to the row's
  length by a mask;
* those bytes and the length are hashed by one multiplication into a table of at most a few
  dozen slots, whose multiplier is chosen so that no two words share a slot;
* a row is the word of its slot when its length and first eight bytes are the word's, and,
  for a word longer than eight bytes, the rest of its bytes too.

For the channel words no branch depends on the data but the last, taken only by rows as
long as ``messaging``. Every other row is an unknown word (or missing): the caller names
it later. Without numba (not installed, or not importable on this Python), or on a
big-endian machine, :meth:`TextLookup.build` returns None and the caller keeps Arrow's
``index_in``.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from typing import Any, Final, TypeVar, cast

import numpy as np
import numpy.typing as npt

__all__ = ["TextLookup"]

_T = TypeVar("_T", bound=np.generic)

_PREFIX_BYTES: Final = 8
"""Bytes of a row read as one 64-bit word [bytes]."""

_MAX_SLOT_BITS: Final = 12
"""Largest table tried: 2**12 slots, for up to 2**11 words."""

_MULTIPLIER_TRIES: Final = 256
"""Odd multipliers tried per table size before a larger table is tried."""


def _read_only(array: npt.NDArray[_T]) -> npt.NDArray[_T]:
    """A read-only view of ``array``.

    Every array the compiled loop reads is passed read-only (numba compiles one machine
    code per combination of writable and read-only arrays), so the two compiled at first
    use are the only ones.
    """
    view = array.view()
    view.flags.writeable = False
    return view


_MASKS: Final = _read_only(
    np.array([(1 << (8 * n)) - 1 for n in range(_PREFIX_BYTES)] + [(1 << 64) - 1], dtype=np.uint64)
)
"""The low ``n`` bytes of a word, for n = 0..8 (index 8: a row of eight bytes or more)."""

_NO_BYTES: Final = _read_only(np.zeros(0, dtype=np.uint8))
_NO_WORDS: Final = _read_only(np.zeros(0, dtype=np.uint64))


def _lookup_rows(
    offsets: npt.NDArray[np.integer[Any]],
    words: npt.NDArray[np.uint64],
    data: npt.NDArray[np.uint8],
    masks: npt.NDArray[np.uint64],
    multiplier: np.uint64,
    shift: np.uint64,
    slot_keys: npt.NDArray[np.uint64],
    slot_lengths: npt.NDArray[np.int64],
    slot_codes: npt.NDArray[np.int8],
    slot_starts: npt.NDArray[np.int64],
    text: npt.NDArray[np.uint8],
    unknown: int,
    out: npt.NDArray[np.int8],
) -> None:  # pragma: no cover - run compiled by numba; the same code is tested uncompiled
    """Write the code of each row's word into ``out`` (``unknown`` where it is none).

    ``offsets`` are the rows' byte offsets into ``data`` (one more than rows), ``words`` the
    whole 64-bit words of ``data``; the slot arrays describe each slot's word: its first
    eight bytes as a little-endian word, its length [bytes], its code and where its bytes
    start in ``text``.
    """
    two_words = (words.shape[0] - 1) * 8  # a row starting before this reads two words
    for row in range(out.shape[0]):
        start = offsets[row]
        length = offsets[row + 1] - start
        if start < two_words:
            word = start >> 3
            bits = np.uint64((start & 7) * 8)
            low = words[word] >> bits
            # Shifted in two steps, as a shift by 64 (bits == 0) is undefined.
            high = (words[word + 1] << np.uint64(1)) << (np.uint64(63) - bits)
            key = (low | high) & masks[min(length, _PREFIX_BYTES)]
        else:  # too near the end of the data for a second whole word
            key = np.uint64(0)
            for i in range(min(length, _PREFIX_BYTES)):
                key |= np.uint64(data[start + i]) << np.uint64(8 * i)
        slot = ((key + np.uint64(length)) * multiplier) >> shift
        same = (slot_keys[slot] == key) & (slot_lengths[slot] == length)
        code = slot_codes[slot] if same else unknown
        if length > _PREFIX_BYTES and same:
            first = slot_starts[slot]
            for i in range(_PREFIX_BYTES, length):
                if data[start + i] != text[first + i]:
                    code = unknown
                    break
        out[row] = code


@functools.cache
def _compiled() -> Callable[..., None] | None:
    """:func:`_lookup_rows` compiled by numba (cached on disk where it can be), or None.

    Both kinds of offsets (``string``'s int32 and ``large_string``'s int64) are compiled
    here, at first use, so that a machine where numba cannot be loaded or cannot compile
    (LLVM needs more address space than a tight ``ulimit -v`` gives) falls back to Arrow's
    lookup instead of failing on its first records.
    """
    if sys.byteorder != "little":  # the words would hold the bytes in the other order
        return None
    try:
        import numba
    except (ImportError, OSError):  # not installed, or its LLVM library cannot be loaded
        return None
    try:
        kernel = numba.njit(_lookup_rows, cache=True, nogil=True, boundscheck=False)
    except RuntimeError:  # no writable place to cache the machine code: compile per process
        kernel = numba.njit(_lookup_rows, nogil=True, boundscheck=False)
    try:
        for offset_type in (np.int32, np.int64):
            _warm_up(kernel, offset_type)
    except Exception:  # any failure to compile means: use Arrow's lookup
        return None
    return cast(Callable[..., None], kernel)


def _warm_up(kernel: Callable[..., None], offset_type: type[np.integer[Any]]) -> None:
    """Compile ``kernel`` for ``offset_type`` by looking one row up in an empty table."""
    offsets = _read_only(np.array([0, 1], dtype=offset_type))
    data = _read_only(np.frombuffer(b"x", dtype=np.uint8))
    slots = 8
    kernel(
        offsets,
        _NO_WORDS,
        data,
        _MASKS,
        np.uint64(1),
        np.uint64(61),
        _read_only(np.zeros(slots, dtype=np.uint64)),
        _read_only(np.full(slots, -1, dtype=np.int64)),
        _read_only(np.zeros(slots, dtype=np.int8)),
        _read_only(np.zeros(slots, dtype=np.int64)),
        data,
        -1,
        np.empty(1, dtype=np.int8),
    )


def _prefix(word: bytes) -> int:
    """The first eight bytes of ``word`` as a little-endian integer."""
    return int.from_bytes(word[:_PREFIX_BYTES], "little")


def _hash(key: int, length: int, multiplier: int, bits: int) -> int:
    """The slot of a word, as the compiled loop computes it (arithmetic modulo 2**64)."""
    return (((key + length) * multiplier) & ((1 << 64) - 1)) >> (64 - bits)


class TextLookup:
    """A compiled lookup of Arrow text rows in a fixed list of words.

    Build it once with :meth:`build`; :meth:`codes` then maps arrays of any length.

    Parameters
    ----------
    words : sequence of str
        The known words; a row equal to ``words[i]`` gets code ``i``.
    multiplier : int
        Odd 64-bit multiplier that puts every word in a slot of its own.
    bits : int
        The table has ``2**bits`` slots.
    kernel : callable
        The compiled loop.
    """

    def __init__(
        self, words: Sequence[str], multiplier: int, bits: int, kernel: Callable[..., None]
    ) -> None:
        encoded = [word.encode() for word in words]
        size = 1 << bits
        keys = np.zeros(size, dtype=np.uint64)
        lengths = np.full(size, -1, dtype=np.int64)  # no row has length -1
        codes = np.zeros(size, dtype=np.int8)
        starts = np.zeros(size, dtype=np.int64)
        start = 0
        for code, word in enumerate(encoded):
            slot = _hash(_prefix(word), len(word), multiplier, bits)
            keys[slot] = _prefix(word)
            lengths[slot] = len(word)
            codes[slot] = code
            starts[slot] = start
            start += len(word)
        self._keys, self._lengths = _read_only(keys), _read_only(lengths)
        self._codes, self._starts = _read_only(codes), _read_only(starts)
        self._text = _read_only(np.frombuffer(b"".join(encoded) or b"\0", dtype=np.uint8))
        self._multiplier = np.uint64(multiplier)
        self._shift = np.uint64(64 - bits)
        self._kernel = kernel

    @classmethod
    def build(cls, words: Sequence[str]) -> TextLookup | None:
        """The lookup of ``words``, or None where it cannot be compiled or built.

        None without numba, on a big-endian machine, for more than 127 words (codes are
        int8), or for words the hash cannot separate (two words of one length that share
        their first eight bytes, or that no multiplier tried puts in slots of their own);
        the caller then looks rows up another way.
        """
        kernel = _compiled()
        if kernel is None or len(words) > np.iinfo(np.int8).max:
            return None
        encoded = [word.encode() for word in words]
        keys = [(_prefix(word), len(word)) for word in encoded]
        if len(set(keys)) != len(keys):
            return None
        generator = np.random.default_rng(0x5EED)  # the same table in every process
        for bits in range(max(3, (2 * len(words)).bit_length()), _MAX_SLOT_BITS + 1):
            for _ in range(_MULTIPLIER_TRIES):
                multiplier = int(generator.integers(1 << 62, dtype=np.int64)) * 2 + 1
                slots = {_hash(key, length, multiplier, bits) for key, length in keys}
                if len(slots) == len(keys):
                    return cls(words, multiplier, bits, kernel)
        return None

    def codes(self, array: Any, unknown: int, out: npt.NDArray[np.int8]) -> None:
        """Write the code of each row of ``array`` into ``out``.

        Parameters
        ----------
        array : pyarrow.StringArray, pyarrow.LargeStringArray or pyarrow.ChunkedArray
            The rows (of ``string`` or ``large_string`` chunks).
        unknown : int
            The code of a row that is none of the words, or missing.
        out : numpy.ndarray of int8
            One code per row [len(array)].
        """
        chunks = array.chunks if hasattr(array, "chunks") else [array]
        done = 0
        for chunk in chunks:
            rows = len(chunk)
            if rows:
                self._chunk_codes(chunk, unknown, out[done : done + rows])
            done += rows

    def _chunk_codes(self, chunk: Any, unknown: int, out: npt.NDArray[np.int8]) -> None:
        _, offsets_buffer, data_buffer = chunk.buffers()
        import pyarrow as pa

        offset_type = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        offsets: npt.NDArray[np.integer[Any]] = np.frombuffer(offsets_buffer, dtype=offset_type)
        offsets = offsets[chunk.offset : chunk.offset + len(chunk) + 1]
        offsets, data, words = _rows_data(offsets, data_buffer)
        self._kernel(
            offsets,
            words,
            data,
            _MASKS,
            self._multiplier,
            self._shift,
            self._keys,
            self._lengths,
            self._codes,
            self._starts,
            self._text,
            unknown,
            out,
        )
        if chunk.null_count:  # a missing row's bytes, if any, are not its value
            missing = chunk.is_null().to_numpy(zero_copy_only=False)
            out[missing] = unknown


def _rows_data(
    offsets: npt.NDArray[np.integer[Any]], buffer: Any
) -> tuple[npt.NDArray[np.integer[Any]], npt.NDArray[np.uint8], npt.NDArray[np.uint64]]:
    """The rows' offsets, the bytes of the data buffer and its whole 64-bit words, read-only.

    The words are read in place when the buffer starts on an 8-byte boundary (Arrow aligns
    the buffers it allocates). Otherwise the bytes of these rows alone are copied into an
    aligned array, and the offsets moved to match.
    """
    if buffer is None or len(memoryview(buffer)) == 0:
        return _read_only(offsets), _NO_BYTES, _NO_WORDS
    data = np.frombuffer(buffer, dtype=np.uint8)
    if data.ctypes.data % 8:
        first, last = int(offsets[0]), int(offsets[-1])
        aligned = np.empty((last - first + 7) // 8, dtype=np.uint64).view(np.uint8)
        data = aligned[: last - first]
        data[:] = np.frombuffer(buffer, dtype=np.uint8)[first:last]
        offsets = offsets - offsets.dtype.type(first)
    words = data[: data.size - data.size % 8].view(np.uint64)
    return _read_only(offsets), _read_only(data), _read_only(words)
