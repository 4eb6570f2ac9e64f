"""Contact columns checked as Arrow arrays agree with the same checks made with pandas."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.contract.test_records import month
from vendoreval.contract.contact_arrow import _arrow_column, _Column
from vendoreval.contract.contact_batch import ContactBatch, RecordSource, _parse
from vendoreval.errors import CallRecordError
from vendoreval.pricing.record_codes import COMPILED_LOOKUP_ROWS


def both_ways(batch: pa.RecordBatch, csv: bool) -> tuple[Any, Any]:
    """The outcome of checking ``batch`` with Arrow arrays and with pandas only."""
    source = RecordSource("records", csv=csv)
    frame = batch.to_pandas()
    outcomes = []
    for columns in (
        {name: _arrow_column(batch, name) for name in batch.schema.names},
        {name: _Column(series=lambda name=name: frame[name]) for name in batch.schema.names},
    ):
        try:
            outcomes.append(_parse(columns, source, 0, None))
        except CallRecordError as error:
            outcomes.append(str(error))
    return outcomes[0], outcomes[1]


def assert_same_batch(left: ContactBatch, right: ContactBatch) -> None:
    for name in ("channel", "local_ns", "clock_ns", "wait_seconds", "answered"):
        np.testing.assert_array_equal(getattr(left, name), getattr(right, name))
        assert getattr(left, name).dtype == getattr(right, name).dtype
    assert left.aware == right.aware
    for name in ("responded", "responded_ns", "csat", "qa_score"):
        a, b = getattr(left, name), getattr(right, name)
        assert (a is None) == (b is None)
        if a is not None:
            np.testing.assert_array_equal(a, b)
    for a, b in ((left.contact_ids, right.contact_ids), (left.customer_ids, right.customer_ids)):
        assert (a is None) == (b is None)
        if a is not None and b is not None:
            rows = np.flatnonzero(a.present)
            np.testing.assert_array_equal(a.present, b.present)
            np.testing.assert_array_equal(a.words(rows), b.words(rows))
            assert a.text().tolist() == b.text().tolist()


BAD = st.sampled_from([None, "-1", "1e9", "NaN", "x", "fax", "Phone", "", "2027-02-30", "07"])


@settings(max_examples=40)
@given(
    st.integers(0, 2**32 - 1),
    st.integers(1, 12),
    st.lists(
        st.tuples(
            st.integers(0, 11),
            st.sampled_from(
                [
                    "channel",
                    "started_at",
                    "talk_seconds",
                    "hold_seconds",
                    "wait_seconds",
                    "contact_id",
                    "answered",
                    "csat",
                ]
            ),
            BAD,
        ),
        max_size=3,
    ),
)
def test_csv_text_checks_the_same_either_way(
    seed: int, rows: int, damage: list[tuple[int, str, str | None]]
) -> None:
    # As a CSV file reads: every column text, empty cells null.
    frame = month(rows, seed).astype(str)
    frame["started_at"] = frame["started_at"].str.replace(" ", "T", regex=False)
    frame["answered"] = np.where(frame["talk_seconds"] != "0", "TRUE", " false")
    frame["csat"] = "5"
    for row, column, value in damage:
        if row < rows:
            frame.loc[row, column] = value
    table = pa.Table.from_pandas(frame, preserve_index=False)
    batch = table.cast(pa.schema([(n, pa.string()) for n in frame.columns])).to_batches()[0]
    fast, slow = both_ways(batch, csv=True)
    if isinstance(slow, str):
        assert fast == slow
    else:
        assert not isinstance(fast, str)
        assert_same_batch(fast, slow)


@settings(max_examples=40)
@given(
    st.integers(0, 2**32 - 1),
    st.integers(1, 12),
    st.sampled_from(["int64", "int32", "float64", "Int64"]),
    st.sampled_from(["category", "str", "object"]),
    st.sampled_from(["int", "text", "mixed"]),
    st.lists(
        st.tuples(st.integers(0, 11), st.sampled_from(["wait", "talk", "channel"])), max_size=2
    ),
)
def test_typed_columns_check_the_same_either_way(
    seed: int,
    rows: int,
    seconds: str,
    channel: str,
    ids: str,
    damage: list[tuple[int, str]],
) -> None:
    frame = month(rows, seed)
    frame["wait_seconds"] = frame["wait_seconds"].astype(seconds)
    frame["talk_seconds"] = frame["talk_seconds"].astype(seconds)
    frame["channel"] = frame["channel"].astype(channel)
    if ids != "int":
        frame["contact_id"] = [f"c{i}" if ids == "text" or i % 2 else str(i) for i in range(rows)]
    frame["customer_id"] = pd.array([7, None] * rows, dtype="Int64")[:rows]
    frame["responded_at"] = frame["started_at"].where(frame.index % 2 == 0)
    frame["qa_score"] = np.where(frame.index % 3 == 0, np.nan, 0.5)
    for row, column in damage:
        if row >= rows:
            continue
        if column == "channel":
            frame["channel"] = frame["channel"].astype(object)
            frame.loc[row, "channel"] = "fax"
        elif seconds == "float64":
            frame.loc[row, f"{column}_seconds"] = np.nan if column == "wait" else -2.5
        elif seconds == "Int64":
            frame.loc[row, f"{column}_seconds"] = pd.NA
        else:
            frame.loc[row, f"{column}_seconds"] = -3
    batch = pa.Table.from_pandas(frame, preserve_index=False).to_batches()[0]
    fast, slow = both_ways(batch, csv=False)
    if isinstance(slow, str):
        assert fast == slow
    else:
        assert not isinstance(fast, str)
        assert_same_batch(fast, slow)


@pytest.mark.parametrize("bad", [None, "fax", "messagin"])
def test_long_text_channels_check_the_same_either_way(bad: str | None) -> None:
    """A text channel column long enough for the compiled lookup (vendoreval[fast])."""
    rows = COMPILED_LOOKUP_ROWS + 17
    frame = month(rows, seed=4)
    frame["channel"] = frame["channel"].astype("str")
    batch = pa.Table.from_pandas(frame, preserve_index=False).to_batches()[0]
    assert pa.types.is_large_string(batch.schema.field("channel").type)
    fast, slow = both_ways(batch, csv=False)
    assert not isinstance(fast, str)
    assert not isinstance(slow, str)
    assert_same_batch(fast, slow)
    np.testing.assert_array_equal(fast.channel, (frame["channel"] == "chat").to_numpy() * 2)
    if bad is not None:
        frame.loc[rows - 5, "channel"] = bad
        batch = pa.Table.from_pandas(frame, preserve_index=False).to_batches()[0]
        fast, slow = both_ways(batch, csv=False)
        assert isinstance(fast, str)
        assert fast == slow
        assert f"row {rows - 4}" in fast
