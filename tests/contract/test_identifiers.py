"""Identifier keys: MurmurHash3 against published vectors and mmh3, numbers that read as text."""

from __future__ import annotations

import mmh3
import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vendoreval.contract.identifiers import Identifiers, murmur3_x64_128

# Known answers of MurmurHash3_x64_128, seed 0, as (h1, h2): Guava's
# Murmur3_128HashFunctionTest (also in Apache DataSketches' MurmurHash3Test).
PUBLISHED = {
    "hell": (0x629942693E10F867, 0x92DB0B82BAEB5347),
    "The quick brown fox jumps over the lazy dog": (0xE34BBC7BBC071B6C, 0x7A433CA9C49A9347),
}


def reference(text: str) -> tuple[int, int]:
    """mmh3's MurmurHash3_x64_128 of the UTF-8 bytes, seed 0, unsigned halves."""
    h1, h2 = mmh3.hash64(text.encode(), seed=0, x64arch=True, signed=False)
    return int(h1), int(h2)


def test_published_vectors() -> None:
    got = murmur3_x64_128(pa.array(list(PUBLISHED))).tolist()
    assert [tuple(h) for h in got] == list(PUBLISHED.values())


@pytest.mark.parametrize("kind", [pa.string(), pa.large_string()])
def test_every_length_and_offset_agrees_with_mmh3(kind: pa.DataType) -> None:
    # Lengths 0–70 cover the tail alone, one to four 16-byte blocks and every tail length;
    # multi-byte UTF-8 and a sliced array (non-zero offset) exercise the buffers.
    texts = ["x" * n for n in range(71)] + ["한글", "é" * 9, "\x00", "a\x00b", "🚀" * 5]
    array = pa.array(["skipped", *texts], type=kind).slice(1)
    got = [tuple(h) for h in murmur3_x64_128(array).tolist()]
    assert got == [reference(t) for t in texts]
    assert murmur3_x64_128(pa.array([], type=kind)).shape == (0, 2)


@settings(max_examples=40)
@given(st.lists(st.text(st.characters(exclude_categories=["Cs"]), max_size=40), max_size=30))
def test_random_text_agrees_with_mmh3(texts: list[str]) -> None:
    got = [tuple(h) for h in murmur3_x64_128(pa.array(texts, type=pa.string())).tolist()]
    assert got == [reference(t) for t in texts]


def test_whole_numbers_are_their_own_key() -> None:
    values = ["5", "05", "+5", " 5", "-0", "0", "-7", "abc", None, "", "-"]
    keys = Identifiers.from_arrow(pa.array(values))
    assert keys is not None
    assert keys.present.tolist() == [v is not None for v in values]
    # Only the canonical decimal forms read as numbers; the others are text.
    assert keys.is_number.tolist() == [
        True,
        False,
        False,
        False,
        False,
        True,
        True,
        False,
        False,
        False,
        False,
    ]
    assert keys.numbers[keys.is_number].tolist() == [5, 0, -7]
    assert keys.digests is not None
    assert tuple(keys.digests[7].tolist()) == reference("abc")
    assert keys.text().tolist() == values


def test_the_int64_range_is_exact() -> None:
    top, bottom = str(2**63 - 1), str(-(2**63))
    values = [top, str(2**63), bottom, str(-(2**63) - 1), "9" * 25, "12"]
    keys = Identifiers.from_arrow(pa.array(values))
    assert keys is not None
    assert keys.is_number.tolist() == [True, False, True, False, False, True]
    assert keys.numbers[[0, 2, 5]].tolist() == [2**63 - 1, -(2**63), 12]
    # Every value a number: the fast path, overflow included.
    only = Identifiers.from_arrow(pa.array([top, str(2**63), "3"]))
    assert only is not None
    assert only.is_number.tolist() == [True, False, True]


def test_integer_dictionary_and_text_columns_give_the_same_keys() -> None:
    text = Identifiers.from_arrow(pa.array(["17", "x9", None, "17"]))
    ints = Identifiers.from_arrow(pa.array([17, None, 3], type=pa.int32()))
    coded = Identifiers.from_arrow(pa.array(["17", "x9", None, "17"]).dictionary_encode())
    from_python = Identifiers.from_text(np.array(["17", "x9", None, "17"], dtype=object))
    assert text is not None
    assert ints is not None
    assert coded is not None
    rows = np.array([0, 3])
    assert text.words(rows).tolist() == ints.words(np.array([0, 0])).tolist()
    for other in (coded, from_python):
        assert other.words(np.array([0, 1, 3])).tolist() == text.words(np.array([0, 1, 3])).tolist()
        assert other.present.tolist() == text.present.tolist()
    assert ints.text().tolist() == ["17", None, "3"]
    assert coded.text().tolist() == ["17", "x9", None, "17"]


def test_unsupported_columns_go_to_the_text_path() -> None:
    assert Identifiers.from_arrow(pa.array([1.0, 2.0])) is None
    assert Identifiers.from_arrow(pa.array([True])) is None
    assert Identifiers.from_arrow(pa.array([2**64 - 1], type=pa.uint64())) is None
    small = Identifiers.from_arrow(pa.array([7], type=pa.uint64()))
    assert small is not None
    assert small.numbers.tolist() == [7]


def test_keys_split_numbers_from_text() -> None:
    keys = Identifiers.from_arrow(pa.array(["1", "a", None, "2", "b"]))
    assert keys is not None
    numbers, digests = keys.keys()
    assert numbers.tolist() == [1, 2]
    assert [tuple(d) for d in digests.tolist()] == [reference("a"), reference("b")]
    numbers, digests = keys.keys(np.array([1, 2, 3]))
    assert numbers.tolist() == [2]
    assert [tuple(d) for d in digests.tolist()] == [reference("a")]


@settings(max_examples=40)
@given(
    st.lists(
        st.one_of(
            st.integers(-(2**63), 2**63 - 1).map(str),
            st.sampled_from(["0", "-0", "007", "+3", "3 ", "", "x", "10"]),
            st.text(max_size=6),
        ),
        min_size=1,
        max_size=25,
    )
)
def test_keys_are_equal_exactly_when_texts_are(texts: list[str]) -> None:
    cleaned = [t.encode("utf-8", "surrogatepass").decode("utf-8", "replace") for t in texts]
    keys = Identifiers.from_arrow(pa.array(cleaned))
    assert keys is not None
    words = keys.words(np.arange(len(cleaned)))
    for i, a in enumerate(cleaned):
        for j, b in enumerate(cleaned):
            assert (words[i] == words[j]).all() == (a == b)
