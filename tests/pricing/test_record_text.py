"""Arrow text looked up in known words by compiled code (vendoreval.pricing.record_text).

Every lookup is checked against Arrow's own ``index_in`` over the same rows, and the loop
numba compiles against the same loop run as plain Python.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.builders import random_calls
from vendoreval.errors import CallRecordError
from vendoreval.pricing import PriceSheet, invoice, record_codes, record_text
from vendoreval.pricing.record_codes import COMPILED_LOOKUP_ROWS, _TextChannels
from vendoreval.pricing.record_schema import _CHANNEL_NAMES
from vendoreval.pricing.record_text import TextLookup

UNKNOWN = -7

# Words that differ from a channel in one byte, in length only, or past the eighth byte.
NEAR_WORDS = [
    "phonE",
    "phone ",
    "phon",
    "",
    "chat\0",
    "Email",
    "messagin",
    "messagingg",
    "messaginG",
    "messag1ng",
    "mobile messaging",
    "socia",
    "전화",
    "socia\u00e9",
    "phone\0\0\0",
]


def _lookup(words: Sequence[str] = _CHANNEL_NAMES) -> TextLookup:
    lookup = TextLookup.build(words)
    assert lookup is not None, "numba is a dev dependency: the compiled lookup must build"
    return lookup


def _expected(array: Any, words: Sequence[str]) -> npt.NDArray[np.int8]:
    """Arrow's answer: each row's index in ``words``, ``UNKNOWN`` where none or missing."""
    kind = array.type
    found = pc.index_in(array, value_set=pa.array(list(words), type=kind))
    found = pc.fill_null(found, UNKNOWN)
    if isinstance(found, pa.ChunkedArray):
        found = found.combine_chunks()
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=np.int8)


def _codes(lookup: TextLookup, array: Any) -> npt.NDArray[np.int8]:
    out = np.full(len(array), 99, dtype=np.int8)
    lookup.codes(array, UNKNOWN, out)
    return out


text_rows = st.lists(
    st.one_of(
        st.sampled_from(list(_CHANNEL_NAMES) + NEAR_WORDS),
        st.text(max_size=20),
        st.none(),
    ),
    max_size=60,
)


@given(
    rows=text_rows,
    large=st.booleans(),
    start=st.integers(0, 5),
    cut=st.integers(0, 5),
)
def test_codes_equal_arrows_lookup(
    rows: list[str | None], large: bool, start: int, cut: int
) -> None:
    """Any text, sliced anywhere, of either offset width, with missing values."""
    array = pa.array(rows, type=pa.large_string() if large else pa.string())
    array = array.slice(min(start, len(array)), max(0, len(array) - start - cut))
    np.testing.assert_array_equal(_codes(_lookup(), array), _expected(array, _CHANNEL_NAMES))


@given(
    chunks=st.lists(text_rows, min_size=1, max_size=4),
    words=st.lists(st.text(min_size=0, max_size=12), min_size=1, max_size=12, unique=True),
)
def test_chunked_arrays_and_any_words(chunks: list[list[str | None]], words: list[str]) -> None:
    lookup = TextLookup.build(words)
    array = pa.chunked_array([pa.array(rows + words, type=pa.string()) for rows in chunks])
    if lookup is None:  # words the hash cannot separate: one length, same first 8 bytes
        prefixes = [(w.encode()[:8], len(w.encode())) for w in words]
        assert len(set(prefixes)) < len(prefixes)
        return
    np.testing.assert_array_equal(_codes(lookup, array), _expected(array, words))


def test_rows_at_the_end_of_the_data_and_long_words() -> None:
    """Rows whose first eight bytes run past the last whole word are read byte by byte."""
    for tail in range(0, 17):
        rows = ["messaging", "chat", "x" * tail, "messaging", "email", "messaginx", "phone"]
        for end in range(1, len(rows) + 1):
            array = pa.array(rows[:end])
            np.testing.assert_array_equal(
                _codes(_lookup(), array), _expected(array, _CHANNEL_NAMES)
            )


def test_a_data_buffer_off_an_eight_byte_boundary_is_read() -> None:
    rows = ["phone", "chat", "messaging", "email", "social", "phonx", None] * 50
    array = pa.array(rows, type=pa.large_string())
    validity, offsets, data = array.buffers()
    raw = np.frombuffer(data, dtype=np.uint8)
    shifted = np.zeros(raw.size + 3, dtype=np.uint8)
    shifted[3:] = raw
    moved = pa.py_buffer(shifted)[3:]
    assert moved.address % 8 == 3
    odd = pa.Array.from_buffers(array.type, len(array), [validity, offsets, moved])
    assert odd.to_pylist() == rows
    np.testing.assert_array_equal(_codes(_lookup(), odd), _expected(array, _CHANNEL_NAMES))
    for start, stop in ((7, 100), (1, 2), (300, 350)):  # only the slice's bytes are copied
        part = odd.slice(start, stop - start)
        np.testing.assert_array_equal(_codes(_lookup(), part), _expected(part, _CHANNEL_NAMES))


def test_no_array_kind_compiles_again() -> None:
    """Every input is read-only, so the two kinds compiled at first use serve all arrays."""
    lookup = _lookup()
    rows = ["phone", "chat", None, "messaging"] * 20
    arrays = [pa.array(rows, type=kind) for kind in (pa.string(), pa.large_string())]
    arrays += [array.slice(3, 50) for array in arrays]
    arrays.append(pa.chunked_array([arrays[0], arrays[0]]))
    for array in arrays:
        _codes(lookup, array)
    compiled = record_text._compiled()
    assert compiled is not None
    assert len(compiled.signatures) == 2  # type: ignore[attr-defined]


def test_empty_and_all_missing_arrays() -> None:
    for rows in ([], [None, None], ["", ""]):
        array = pa.array(rows, type=pa.string())
        np.testing.assert_array_equal(_codes(_lookup(), array), [UNKNOWN] * len(rows))


def test_the_python_loop_equals_the_compiled_one() -> None:
    """The loop numba compiles, run as Python over the same inputs, gives the same codes."""
    rng = np.random.default_rng(3)
    words = np.array(list(_CHANNEL_NAMES) + NEAR_WORDS, dtype=object)
    rows = words[rng.integers(0, len(words), 500)].tolist()
    array = pa.array(rows, type=pa.large_string())
    lookup = _lookup()
    compiled = _codes(lookup, array)
    plain = TextLookup(_CHANNEL_NAMES, int(lookup._multiplier), 64 - int(lookup._shift), _python)
    with np.errstate(over="ignore"):  # the hash multiplies modulo 2**64
        np.testing.assert_array_equal(_codes(plain, array), compiled)
    np.testing.assert_array_equal(compiled, _expected(array, _CHANNEL_NAMES))


def _python(*arguments: Any) -> None:
    record_text._lookup_rows(*arguments)


def test_words_the_hash_cannot_separate_have_no_lookup() -> None:
    assert TextLookup.build(["messaging", "messagingg", "messagin"]) is not None  # lengths
    assert TextLookup.build(["messaging", "messaginG"]) is None  # one length, first 8 bytes
    assert TextLookup.build([f"w{i}" for i in range(128)]) is None  # codes are int8
    assert TextLookup.build([f"w{i}" for i in range(127)]) is not None


def test_without_numba_there_is_no_lookup() -> None:
    record_text._compiled.cache_clear()
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setitem(sys.modules, "numba", None)  # import numba raises ImportError
            assert TextLookup.build(_CHANNEL_NAMES) is None
    finally:
        record_text._compiled.cache_clear()
    assert TextLookup.build(_CHANNEL_NAMES) is not None


def _channels(rows: int, seed: int = 0) -> pd.Series[Any]:
    rng = np.random.default_rng(seed)
    words = np.array(["phone", "chat", "email", "messaging", "social"])
    return pd.Series(words[rng.choice(5, rows, p=[0.6, 0.2, 0.1, 0.05, 0.05])], dtype="str")


def test_long_text_columns_take_the_compiled_lookup() -> None:
    array = pa.array(_channels(COMPILED_LOOKUP_ROWS).array)
    assert _TextChannels(array)._lookup is not None
    assert _TextChannels(array.slice(1))._lookup is None  # one row short: Arrow's
    assert _TextChannels(array).slice(0, 10)._lookup is not None  # slices keep it


def _invoice_total(channel: pd.Series[Any]) -> Decimal:
    calls = random_calls(channel)
    sheet = PriceSheet(
        currency="KRW",
        billing_increment="30/6",
        voice_rate_per_minute=Decimal(450),
        per_contact={
            "chat": Decimal(1800),
            "email": Decimal(2500),
            "social": Decimal(900),
            "messaging": Decimal(700),
        },
        billable_components=("talk", "hold", "acw", "wait"),
    )
    return invoice(sheet, calls).total


def test_invoices_are_the_same_by_either_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    channel = _channels(3 * COMPILED_LOOKUP_ROWS + 5)
    compiled = _invoice_total(channel)
    monkeypatch.setattr(record_codes, "_channel_text_lookup", lambda: None)
    assert _invoice_total(channel) == compiled
    assert _invoice_total(channel.astype("category")) == compiled


def test_a_bad_channel_is_named_at_its_row_by_the_compiled_lookup() -> None:
    channel = _channels(COMPILED_LOOKUP_ROWS + 10)
    channel.iloc[COMPILED_LOOKUP_ROWS + 3] = "messagin"
    with pytest.raises(CallRecordError, match=r"messagin") as error:
        _invoice_total(channel)
    assert f"row {COMPILED_LOOKUP_ROWS + 4}:" in str(error.value)  # rows count from 1
