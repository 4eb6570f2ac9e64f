"""Records where they live: DuckDB relations and Ibis tables priced like records in memory.

The per-contact sums run in the engine (DuckDB here, directly and through Ibis); the
invoice must equal the in-memory one on every hand-worked month of ``test_invoice.py``, from
every kind of input, and bad records must be refused with the column and the row named.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import ibis
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.arrow_inputs import string_view_table
from tests.pricing.test_invoice import (
    FIVE_CALLS,
    FLOAT_CALLS,
    PREMIUM_CALLS,
    PREMIUMS,
    chat_tier,
    frame,
    krw_premium_sheet,
    usd,
    voice_tier,
)
from tests.pricing.test_records import random_month
from vendoreval.errors import CallRecordError, UnpricedChannelError
from vendoreval.pricing import (
    BillableComponent,
    PriceSheet,
    Rounding,
    TierBasis,
    TierMode,
    compare_invoices,
    invoice,
    replay_invoices,
)
from vendoreval.vocabulary import Channel

D = Decimal
DUCKDB = duckdb.connect()

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::FutureWarning")

# ------------------------------------------------------------------------------- input kinds
# Every month worked out by hand in test_invoice.py, replayed from every kind of input the
# records can arrive in: the invoice must be the same to the cent or won.

TWO_CALLS = frame(
    [("phone", "2027-01-04 09:00", 0, 0, 40, 0), ("phone", "2027-01-04 09:01", 30, 0, 0, 0)]
)
THREE_CHATS = frame([("chat", f"2027-01-04 10:0{i}", 300, 0, 20, 5) for i in range(3)])
MIXED_CALLS = frame(
    [
        ("phone", "2027-01-04 09:00", 30, 0, 0, 0),
        ("chat", "2027-01-04 09:02", 30, 0, 0, 0),
        ("email", "2027-01-04 09:03", 300, 0, 0, 0),
    ]
)
UNPRICED_CALLS = frame(
    [
        ("phone", "2027-01-04 09:00", 30, 0, 0, 0),
        ("phone", "2027-01-04 09:01", 30, 0, 0, 0),
        ("chat", "2027-01-04 09:02", 30, 0, 0, 0),
    ]
)
MONTH_EDGES = frame(
    [
        ("phone", "2026-12-31 23:59:59", 60, 0, 0, 0),
        ("phone", "2027-01-01 00:00:00", 60, 0, 0, 0),
        ("phone", "2027-01-31 23:59:59", 60, 0, 0, 0),
        ("phone", "2027-02-01 00:00:00", 60, 0, 0, 0),
    ]
)


def _utc(calls: pd.DataFrame) -> pd.DataFrame:
    aware = calls.copy()
    aware["started_at"] = aware["started_at"].dt.tz_localize("Asia/Seoul").dt.tz_convert("UTC")
    return aware


def _tier_sheet(mode: TierMode, increment: str) -> PriceSheet:
    return PriceSheet(currency="USD", billing_increment=increment, volume_tiers=[voice_tier(mode)])


def _fixtures() -> list[Any]:
    """(sheet, calls, keyword arguments) of every hand-worked month in this module."""
    phone_price = {"per_contact": {Channel.PHONE: D("0.10")}}
    all_parts = tuple(BillableComponent)
    fees = {"monthly_fixed": D("1.00"), "minimum_monthly": D("10.00"), "setup_fee": D("50.00")}
    staffed = PriceSheet(
        currency="USD",
        billing_increment="60/60",
        agent_hour_rate=D("25.00"),
        fte_month_rate=D("3000.00"),
    )
    saturday_premiums = {
        "timezone": "Asia/Seoul",
        "after_hours": {"start": "22:00", "end": "06:00", "multiplier": D("1.5")},
        "weekend_multiplier": D("1.5"),
        "holidays": [dt.date(2027, 1, 2)],
        "holiday_multiplier": D("1.5"),
    }
    tiered_premiums = PriceSheet(
        currency="KRW",
        billing_increment="1/1",
        premiums=PREMIUMS,
        volume_tiers=[
            {
                "basis": TierBasis.VOICE_MINUTES,
                "bands": [{"up_to": 5, "rate": D(600)}, {"rate": D(300)}],
            }
        ],
    )
    cases = [
        *((inc, usd(inc), FIVE_CALLS, {}) for inc in ("60/60", "per-second", "30/6", "6/6")),
        ("wait-unbilled", usd("60/60", **phone_price), FIVE_CALLS, {}),
        ("wait-billed", usd("60/60", billable_components=all_parts, **phone_price), FIVE_CALLS, {}),
        ("monthly", usd("60/60", rounding=Rounding.MONTHLY), FIVE_CALLS, {}),
        (
            "no-billable-seconds",
            usd(
                "60/60",
                billable_components=(BillableComponent.TALK,),
                per_contact={Channel.PHONE: D("0.25")},
            ),
            TWO_CALLS,
            {},
        ),
        ("graduated", _tier_sheet(TierMode.GRADUATED, "60/60"), FIVE_CALLS, {}),
        ("graduated-1/1", _tier_sheet(TierMode.GRADUATED, "1/1"), FIVE_CALLS, {}),
        ("all-units", _tier_sheet(TierMode.ALL_UNITS, "60/60"), FIVE_CALLS, {}),
        ("all-units-5min", _tier_sheet(TierMode.ALL_UNITS, "60/60"), FIVE_CALLS.iloc[:4], {}),
        ("graduated-5min", _tier_sheet(TierMode.GRADUATED, "60/60"), FIVE_CALLS.iloc[:4], {}),
        ("all-units-1/1", _tier_sheet(TierMode.ALL_UNITS, "1/1"), FIVE_CALLS, {}),
        ("chat-graduated", chat_tier(TierMode.GRADUATED), THREE_CHATS, {}),
        ("chat-all-units", chat_tier(TierMode.ALL_UNITS), THREE_CHATS, {}),
        ("premiums", krw_premium_sheet(), PREMIUM_CALLS, {}),
        ("premiums-utc", krw_premium_sheet(), _utc(PREMIUM_CALLS), {}),
        (
            "equal-multipliers",
            PriceSheet(
                currency="KRW",
                billing_increment="1/1",
                voice_rate_per_minute=D(600),
                premiums=saturday_premiums,
            ),
            frame([("phone", "2027-01-02 23:00:00", 60, 0, 0, 0)]),
            {},
        ),
        ("premiums-on-tier", tiered_premiums, PREMIUM_CALLS, {}),
        (
            "premium-per-contact",
            krw_premium_sheet(per_contact={Channel.CHAT: D(1000)}),
            frame([("chat", "2027-01-09 12:00:00", 300, 0, 0, 0, "ko")], language=True),
            {},
        ),
        ("minimum", usd("60/60", **fees), FIVE_CALLS, {}),
        ("minimum-setup", usd("60/60", **fees), FIVE_CALLS, {"include_setup": True}),
        ("staffing", staffed, FIVE_CALLS, {"agent_hours": 160.5, "ftes": D("2.5")}),
        (
            "half-up-usd",
            PriceSheet(
                currency="USD",
                billing_increment="1/1",
                voice_rate_per_minute=D("0.25"),
                per_contact={Channel.EMAIL: D("0.125")},
            ),
            frame(
                [
                    ("phone", "2027-01-04 09:00", 30, 0, 0, 0),
                    ("email", "2027-01-04 09:00", 200, 0, 0, 0),
                ]
            ),
            {},
        ),
        (
            "half-up-krw",
            PriceSheet(currency="KRW", billing_increment="1/1", voice_rate_per_minute=D(45)),
            frame([("phone", "2027-01-04 09:00", 30, 0, 0, 0)]),
            {},
        ),
        ("unpriced-free", usd("60/60", unpriced_contacts_free=True), UNPRICED_CALLS, {}),
        (
            "staffing-covers",
            PriceSheet(currency="USD", billing_increment="60/60", fte_month_rate=D("4000.00")),
            MIXED_CALLS,
            {"ftes": 12.5},
        ),
        (
            "empty",
            usd("60/60", monthly_fixed=D("100.00"), minimum_monthly=D("250.00")),
            FIVE_CALLS.iloc[:0],
            {},
        ),
        ("month", usd("60/60"), MONTH_EDGES, {"month": "2027-01"}),
        ("month-utc", usd("60/60"), _utc(MONTH_EDGES), {"month": "2027-01"}),
        (
            "month-seoul",
            usd("60/60"),
            _utc(MONTH_EDGES),
            {"month": "2027-01", "timezone": "Asia/Seoul"},
        ),
        ("text", usd("30/6", monthly_fixed=D("1.00")), FIVE_CALLS, {"month": "2027-01"}),
        ("float-durations", usd("1/1"), FLOAT_CALLS, {}),
        (
            "off-grid-monthly",
            PriceSheet(
                currency="KRW",
                billing_increment="1/2",
                voice_rate_per_minute=D(60),
                rounding=Rounding.MONTHLY,
            ),
            TWO_CALLS,
            {},
        ),
    ]
    return [pytest.param(sheet, calls, kwargs, id=name) for name, sheet, calls, kwargs in cases]


INPUT_KINDS = (
    "object",
    "str",
    "string[python]",
    "string[pyarrow]",
    "category",
    "category-in-channel-order",
    "arrow-dictionary",
    "arrow-table",
    "record-batch",
    "batch-reader",
    "parquet",
    "parquet-row-groups",
    "csv",
    "string-view-frame",
    "string-view-table",
    "string-view-parquet",
    "duckdb",
    "ibis",
)


def as_input(calls: pd.DataFrame, kind: str, folder: Path) -> Any:
    """The same records as a frame with another channel dtype, Arrow data, a file or a table
    in an engine."""
    channel = calls["channel"].astype(object)
    if kind in ("object", "str", "string[python]", "string[pyarrow]", "category"):
        return calls.assign(channel=channel.astype(kind))
    if kind == "category-in-channel-order":
        order = [c.value for c in Channel]
        return calls.assign(channel=pd.Categorical(channel, categories=order))
    if kind == "arrow-dictionary":
        encoded = pa.array(channel, type=pa.string()).dictionary_encode()
        return calls.assign(channel=pd.Series(encoded, dtype=pd.ArrowDtype(encoded.type)))
    table = pa.Table.from_pandas(calls.assign(channel=channel), preserve_index=False)
    if kind.startswith("string-view"):
        views = string_view_table(calls.assign(channel=channel))
        assert not len(views) or pa.types.is_string_view(views.schema.field("channel").type)
        if kind == "string-view-table":
            return views
        if kind == "string-view-frame":
            return views.to_pandas(types_mapper=pd.ArrowDtype)
        path = folder / "views.parquet"
        pq.write_table(views, path)
        return path
    if kind == "arrow-table":
        return table
    if kind == "record-batch":
        return table.combine_chunks().to_batches()[0] if len(table) else table.to_batches()
    if kind == "batch-reader":
        return pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=2))
    if kind == "parquet":
        path = folder / "calls.parquet"
        calls.to_parquet(path, index=False)
        return path
    if kind == "parquet-row-groups":  # several row groups: each priced on a reader thread
        path = folder / "groups.parquet"
        pq.write_table(table, path, row_group_size=max(1, -(-len(calls) // 4)))
        return path
    if kind == "csv":
        path = folder / "calls.csv"
        calls.to_csv(path, index=False)
        return path
    if kind == "duckdb":
        return DUCKDB.from_df(calls.assign(channel=channel.astype(str)))
    return ibis.memtable(calls)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("inputs")


@pytest.mark.parametrize("kind", INPUT_KINDS)
@pytest.mark.parametrize(("sheet", "calls", "kwargs"), _fixtures())
def test_every_kind_of_input_gives_the_same_invoice(
    folder: Path,
    request: pytest.FixtureRequest,
    sheet: PriceSheet,
    calls: pd.DataFrame,
    kwargs: dict[str, Any],
    kind: str,
) -> None:
    expected = invoice(sheet, calls, **kwargs)
    here = folder / str(abs(hash(request.node.name)))
    here.mkdir()
    source = as_input(calls, kind, here)
    if kind == "record-batch" and isinstance(source, list):  # no rows: no batch to pass
        return
    result = invoice(sheet, source, **kwargs)
    assert result.total == expected.total
    assert result.lines.equals(expected.lines)
    assert result.contacts == expected.contacts
    assert result.handled_contacts == expected.handled_contacts
    assert result.voice_actual_seconds == expected.voice_actual_seconds
    assert result.voice_billed_seconds == expected.voice_billed_seconds
    assert result.billed_wait_seconds == expected.billed_wait_seconds


# ------------------------------------------------------------------------------- engines


ENGINES = ("duckdb", "ibis")


def engine_table(calls: pd.DataFrame, engine: str) -> Any:
    if engine == "duckdb":
        return DUCKDB.from_df(calls)
    return ibis.memtable(calls)


def good_calls() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "channel": ["phone", "chat", "email"] * 2,
            "started_at": pd.date_range("2027-01-04 09:00", periods=6, freq="7min"),
            "talk_seconds": np.arange(6, dtype=np.int64) * 10,
            "hold_seconds": np.zeros(6, dtype=np.int64),
            "acw_seconds": np.full(6, 5, dtype=np.int64),
            "wait_seconds": np.full(6, 3.5),
        }
    )


def interval_calls() -> pd.DataFrame:
    """Durations as time deltas (engine intervals), fractions of a second among them."""
    seconds = {"talk_seconds": [0, 29.5, 30.25, 61, 3600.001, 7], "hold_seconds": [0, 1] * 3}
    return good_calls().assign(
        **{name: pd.to_timedelta(values, unit="s") for name, values in seconds.items()}
    )


def test_interval_durations_give_the_same_invoice_everywhere(folder: Path) -> None:
    """Time deltas in a frame, Arrow durations in a table or a parquet file, and intervals
    in DuckDB and Ibis are priced alike."""
    calls = interval_calls()
    sheet = usd("30/6", unpriced_contacts_free=True)
    expected = invoice(sheet, calls)
    assert expected.voice_billed_seconds > 0
    table = pa.Table.from_pandas(calls, preserve_index=False)
    path = folder / "intervals.parquet"
    pq.write_table(table, path)
    for source in (table, path, *(engine_table(calls, engine) for engine in ENGINES)):
        found = invoice(sheet, source)
        assert found.total == expected.total
        assert found.voice_billed_seconds == expected.voice_billed_seconds
        assert found.voice_actual_seconds == expected.voice_actual_seconds


def broken(column: str, row: int, value: Any) -> pd.DataFrame:
    calls = good_calls()
    if column == "hold_seconds":
        calls[column] = calls[column].astype(np.float64)
    calls.loc[row, column] = value
    return calls


FREE = PriceSheet(
    currency="USD",
    billing_increment="60/60",
    voice_rate_per_minute=D("0.5"),
    unpriced_contacts_free=True,
)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("calls", "message"),
    [
        # Rows are 1-based: position 3 of the frame is row 4.
        (broken("hold_seconds", 3, -2.0), r"column 'hold_seconds', row 4: negative duration -2"),
        (broken("hold_seconds", 2, np.nan), r"column 'hold_seconds', row 3: missing duration"),
        (broken("wait_seconds", 5, np.inf), r"column 'wait_seconds', row 6: duration inf"),
        (
            broken("wait_seconds", 1, 2.0**27),
            r"column 'wait_seconds', row 2: duration .* is not a plausible contact",
        ),
        (broken("channel", 2, "voice"), r"column 'channel', row 3: unknown channel 'voice'"),
        (broken("channel", 0, None), r"column 'channel', row 1: missing channel"),
        (broken("started_at", 4, pd.NaT), r"column 'started_at', row 5: missing start time"),
        (
            good_calls().drop(columns=["acw_seconds"]),
            r"missing column 'acw_seconds'",
        ),
        (
            good_calls().assign(talk_seconds=[True, False] * 3),
            r"column 'talk_seconds', row 1: expected numbers of seconds, got values of type",
        ),
        (
            good_calls().assign(talk_seconds=["10"] * 6),
            r"column 'talk_seconds', row 1: expected numbers of seconds",
        ),
        (
            good_calls().assign(started_at=["2027-01-04 09:00"] * 6),
            r"column 'started_at', every row: expected a timestamp type",
        ),
        (
            interval_calls().assign(hold_seconds=pd.to_timedelta([0, 0, 0, -3, 0, 0], unit="s")),
            r"column 'hold_seconds', row 4: negative duration -3",
        ),
    ],
)
def test_bad_records_in_an_engine_name_the_column_and_row(
    calls: pd.DataFrame, message: str, engine: str
) -> None:
    with pytest.raises(CallRecordError, match=message):
        invoice(FREE, engine_table(calls, engine))


@pytest.mark.parametrize("engine", ENGINES)
def test_the_first_offending_row_wins_in_an_engine(engine: str) -> None:
    calls = good_calls()
    calls.loc[4, "talk_seconds"] = -1
    calls.loc[2, "wait_seconds"] = -7.0
    with pytest.raises(CallRecordError, match=r"column 'wait_seconds', row 3"):
        invoice(FREE, engine_table(calls, engine))


@pytest.mark.parametrize("engine", ENGINES)
def test_an_unpriced_channel_in_an_engine_names_the_row(engine: str) -> None:
    # Phone, chat, email, phone, chat, email: chat (rows 2 and 5) is not priced.
    calls = good_calls()
    sheet = usd("60/60", per_contact={Channel.EMAIL: D("0.20")})
    with pytest.raises(UnpricedChannelError, match=r"column 'channel', row 2: .*'chat'"):
        invoice(sheet, engine_table(calls, engine))
    with pytest.raises(UnpricedChannelError, match=r"column 'channel', row 2: .*'chat'"):
        invoice(sheet, calls)
    # In a month, the first contact of the channel in that month is named.
    calls.loc[1, "started_at"] = pd.Timestamp("2026-12-31 12:00")
    with pytest.raises(UnpricedChannelError, match=r"row 5: .*'chat'"):
        invoice(sheet, engine_table(calls, engine), month="2027-01")
    with pytest.raises(UnpricedChannelError, match=r"row 5: .*'chat'"):
        invoice(sheet, calls, month="2027-01")
    sheets = {"a": FREE, "b": sheet}
    with pytest.raises(UnpricedChannelError, match=r"vendor 'b'.*row 5"):
        replay_invoices(sheets, engine_table(calls, engine), month="2027-01")


@pytest.mark.parametrize("engine", ENGINES)
def test_language_tags_in_an_engine(engine: str) -> None:
    # Tags are matched without regard to case (RFC 5646 §2.1.1): 'JA' is 'ja'.
    shouting = PREMIUM_CALLS.assign(language=PREMIUM_CALLS["language"].str.upper())
    assert invoice(krw_premium_sheet(), engine_table(shouting, engine)).total == D(8760)
    missing = PREMIUM_CALLS.copy()
    missing.loc[6, "language"] = None
    with pytest.raises(CallRecordError, match=r"column 'language', row 7: missing language"):
        invoice(krw_premium_sheet(), engine_table(missing, engine))
    malformed = PREMIUM_CALLS.copy()
    malformed.loc[2, "language"] = "ja_JP"
    with pytest.raises(CallRecordError, match=r"'language', row 3: 'ja_JP' is not a language"):
        invoice(krw_premium_sheet(), engine_table(malformed, engine))
    # Without language premiums the column is not read.
    assert invoice(usd("60/60"), engine_table(missing.drop(columns="language"), engine))


MONTH_SHEETS = {
    "per-second, wait billed, premiums": PriceSheet.model_validate(
        {
            "currency": "KRW",
            "billing_increment": "30/6",
            "billable_components": ["talk", "hold", "acw", "wait"],
            "voice_rate_per_minute": D(450),
            "per_contact": {"chat": D(1800), "email": D(2500), "social": D(2100)},
            "volume_tiers": [
                {
                    "basis": "contacts",
                    "channel": "chat",
                    "bands": [{"up_to": 50, "rate": D(2000)}, {"rate": D(1500)}],
                }
            ],
            "premiums": PREMIUMS,
        }
    ),
    "monthly": PriceSheet(
        currency="KRW",
        billing_increment="60/60",
        rounding=Rounding.MONTHLY,
        voice_rate_per_minute=D(500),
        unpriced_contacts_free=True,
        billable_components=(BillableComponent.TALK, BillableComponent.WAIT),
    ),
    "tiers": PriceSheet(
        currency="KRW",
        billing_increment="6/6",
        volume_tiers=[
            {
                "basis": TierBasis.VOICE_MINUTES,
                "mode": TierMode.ALL_UNITS,
                "bands": [{"up_to": 500, "rate": D(520)}, {"rate": D(470)}],
            }
        ],
        per_contact={Channel.CHAT: D(1100)},
        unpriced_contacts_free=True,
    ),
}


@pytest.mark.parametrize("engine", ENGINES)
def test_several_sheets_from_one_engine_query(engine: str) -> None:
    calls = random_month(400, seed=7)
    expected = compare_invoices(MONTH_SHEETS, calls, month="2027-01", timezone="Asia/Seoul")
    table = engine_table(calls, engine)
    found = compare_invoices(MONTH_SHEETS, table, month="2027-01", timezone="Asia/Seoul")
    pd.testing.assert_frame_equal(found, expected)
    assert found["total"].map(type).eq(Decimal).all()


def test_records_in_a_parquet_file_read_by_duckdb(tmp_path: Path) -> None:
    calls = random_month(300, seed=3)
    path = tmp_path / "month.parquet"
    calls.to_parquet(path)
    sheet = MONTH_SHEETS["per-second, wait billed, premiums"]
    in_file = DUCKDB.read_parquet(str(path))
    assert invoice(sheet, in_file).total == invoice(sheet, calls).total
    assert invoice(sheet, ibis.read_parquet(path)).total == invoice(sheet, path).total


def test_records_far_apart_in_an_engine() -> None:
    # Start times three centuries apart cost what a month costs: only the minutes present
    # are grouped, and each is classed on its own (1700-01-02 was a Saturday).
    calls = frame(
        [
            ("phone", "1700-01-02 12:00:00", 60, 0, 0, 0),
            ("phone", "2027-01-09 12:00:00", 60, 0, 0, 0),
            ("phone", "2200-01-06 23:30:00", 60, 0, 0, 0),
        ]
    )
    calls["started_at"] = calls["started_at"].astype("datetime64[s]")
    sheet = PriceSheet(
        currency="KRW",
        billing_increment="1/1",
        voice_rate_per_minute=D(600),
        premiums={"timezone": "Asia/Seoul", "weekend_multiplier": D("1.2"), "holidays": []},
    )
    expected = invoice(sheet, calls)
    assert expected.total == D(600 * 3 + 120 * 2)
    assert dt.date(1700, 1, 2).weekday() == 5
    for engine in ENGINES:
        assert invoice(sheet, engine_table(calls, engine)).total == expected.total


def test_values_that_make_the_engine_fail_are_named() -> None:
    # NaN and infinity cannot be rounded up to whole seconds in SQL, and two huge integers
    # overflow their sum: the engine's error sends the search for the first bad row.
    columns = "t(channel, started_at, talk_seconds, hold_seconds, acw_seconds, wait_seconds)"
    floats = DUCKDB.sql(
        "SELECT * FROM (VALUES "
        "('phone', TIMESTAMP '2027-01-04 09:00', 10.5::DOUBLE, 0::DOUBLE, 0::DOUBLE, 0::DOUBLE),"
        "('phone', TIMESTAMP '2027-01-04 09:01', 'NaN'::DOUBLE, 0, 0, 0),"
        "('phone', TIMESTAMP '2027-01-04 09:02', 'inf'::DOUBLE, 0, 0, 0)) " + columns
    )
    with pytest.raises(CallRecordError, match=r"'talk_seconds', row 2: missing duration \(NaN\)"):
        invoice(FREE, floats)
    huge = DUCKDB.sql(
        "SELECT * FROM (VALUES "
        "('phone', TIMESTAMP '2027-01-04 09:00', 10::BIGINT, 0::BIGINT, 0::BIGINT, 0::BIGINT),"
        "('phone', TIMESTAMP '2027-01-04 09:01', 9223372036854775000, 9223372036854775000, 0, 0)"
        ") " + columns
    )
    with pytest.raises(CallRecordError, match=r"'talk_seconds', row 2: duration 92233720368"):
        invoice(FREE, huge)
