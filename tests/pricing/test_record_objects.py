"""Object columns coded by the identity of their values (vendoreval.pricing.record_objects)."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest

from tests.builders import random_calls
from vendoreval.errors import CallRecordError
from vendoreval.pricing import PriceSheet, invoice, record_objects
from vendoreval.pricing.record_objects import _AddressTable, _CrowdedError, object_codes

ROWS = 1 << 16  # above the size below which values are factorized


def _decoded(values: npt.NDArray[Any]) -> tuple[list[Any], npt.NDArray[np.integer[Any]]]:
    codes, uniques = object_codes(values)
    return [None if code < 0 else uniques[code] for code in codes.tolist()], codes


def _copy(text: str) -> str:
    """An equal string that is another object."""
    return (text + ".")[:-1]


def _shared(rows: int, seed: int = 0) -> npt.NDArray[Any]:
    """Rows referring to a few shared string objects, as pandas' CSV reader makes them."""
    words = np.array(["phone", "chat", "email"], dtype=object)
    rng = np.random.default_rng(seed)
    return words[rng.choice(3, rows, p=[0.7, 0.2, 0.1])]


def test_shared_objects_are_coded_by_identity() -> None:
    values = _shared(ROWS)
    decoded, codes = _decoded(values)
    assert codes.dtype == np.int8
    assert all(a is b for a, b in zip(decoded, values.tolist(), strict=True))


def test_objects_the_sample_misses_are_found() -> None:
    values = _shared(ROWS)
    rare = ["social", None, float("nan"), "messaging"]
    for offset, value in enumerate(rare):
        values[12_345 + offset] = value  # between the sampled rows (every 16th)
    decoded, codes = _decoded(values)
    assert codes.dtype == np.int8
    assert decoded[12_345] == "social"
    assert decoded[12_346] is None
    assert decoded[12_347] is values[12_347]
    assert decoded[12_348] == "messaging"
    assert all(a is b for a, b in zip(decoded, values.tolist(), strict=True))


@pytest.mark.parametrize("rows", [ROWS, 1000])
def test_distinct_objects_are_factorized_by_value(rows: int) -> None:
    """Every row its own string object (as Arrow makes them), or a short column."""
    values = np.array([_copy(w) for w in _shared(rows).tolist()], dtype=object)
    values[3] = None
    decoded, codes = _decoded(values)
    assert codes.dtype != np.int8
    assert decoded == [None if v is None else v for v in values.tolist()]
    assert codes[3] == -1
    uniques = object_codes(values)[1]
    assert sorted(uniques) == ["chat", "email", "phone"]  # grouped by value


def test_more_objects_than_the_table_holds_are_factorized(monkeypatch: pytest.MonkeyPatch) -> None:
    values = _shared(ROWS)
    monkeypatch.setattr(record_objects, "_MOST_OBJECTS", 2)
    decoded, codes = _decoded(values)
    assert codes.dtype != np.int8
    assert decoded == values.tolist()


def test_addresses_that_share_every_slot_are_refused() -> None:
    colliding = np.array([8, 8 + (1 << 60)], dtype=np.uint64)  # differ above bit 51 only
    with pytest.raises(_CrowdedError):
        _AddressTable(colliding)
    table = _AddressTable(np.array([16, 4096 * 16, 48], dtype=np.uint64))
    out = np.empty(4, dtype=np.int8)
    assert table.code(np.array([48, 16, 65536, 16], dtype=np.uint64), out)
    assert out.tolist() == [2, 0, 1, 0]
    assert not table.code(np.array([16, 32], dtype=np.uint64), out[:2])


def test_invoices_of_object_columns_equal_the_categorical_one() -> None:
    frame = random_calls(pd.Series(_shared(3 * ROWS, seed=1), dtype=object), seed=3)
    sheet = PriceSheet(
        currency="KRW",
        billing_increment="30/6",
        voice_rate_per_minute=450,
        per_contact={"chat": 900, "email": 1500},
    )
    expected = invoice(sheet, frame.assign(channel=frame["channel"].astype("category")))
    copies = pd.Series([_copy(c) for c in frame["channel"]], dtype=object)
    distinct = frame.assign(channel=copies)
    assert object_codes(frame["channel"].to_numpy())[0].dtype == np.int8  # by identity
    for calls in (frame, distinct):
        assert calls["channel"].dtype == object
        assert invoice(sheet, calls).total == expected.total
    broken = frame.copy()
    broken.loc[100_001, "channel"] = "fax"
    with pytest.raises(CallRecordError, match=r"'channel', row 100002: unknown channel 'fax'"):
        invoice(sheet, broken)
