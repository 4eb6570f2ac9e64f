"""compare_pilots: the table against independent libraries, helpers, and bad records."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from scipy import stats  # type: ignore[import-untyped, unused-ignore]
from statsmodels.stats.proportion import (  # type: ignore[import-untyped, unused-ignore]
    confint_proportions_2indep,
    proportion_confint,
)

from tests.arrow_inputs import arrow_dtype_frame
from tests.outcomes.test_fcr import fixture
from vendoreval.errors import OutcomeRecordError, VendorEvalError
from vendoreval.outcomes import PilotComparison, PilotKpi, compare_pilots, synthetic_pilot
from vendoreval.outcomes.pilots import TABLE_COLUMNS


@pytest.fixture(scope="module")
def pilot() -> pd.DataFrame:
    frame = synthetic_pilot(seed=3, customers_per_arm=300)
    rng = np.random.default_rng(5)
    frame["converted"] = rng.random(len(frame)) < np.where(frame["vendor"] == "Vendor A", 0.3, 0.2)
    frame["do_not_call"] = False
    frame.loc[[4, 9, 30], "do_not_call"] = True
    return frame


@pytest.fixture(scope="module")
def result(pilot: pd.DataFrame) -> PilotComparison:
    return compare_pilots(pilot, baseline="in-house", confidence=0.9)


@pytest.mark.parametrize("views", [False, True])
def test_arrow_dtypes_give_the_same_comparison(
    pilot: pd.DataFrame, result: PilotComparison, views: bool
) -> None:
    """Records read with ``dtype_backend="pyarrow"`` (or text as ``string_view``) compare
    as the same records in pandas' own dtypes do; the frame given is left as it is."""
    frame = arrow_dtype_frame(pilot, views=views)
    dtypes = frame.dtypes.copy()
    again = compare_pilots(frame, baseline="in-house", confidence=0.9)
    pd.testing.assert_frame_equal(again.table, result.table)
    assert frame.dtypes.equals(dtypes)


def test_table_shape(result: PilotComparison) -> None:
    table = result.table
    assert list(table.columns) == list(TABLE_COLUMNS)
    assert table.index.names == ["vendor", "kpi"]
    assert result.vendors == ("in-house", "Vendor A", "Vendor B")
    assert result.kpis == (
        "fcr", "csat", "qa_score", "handle_seconds", "resolved", "conversion"
    )  # fmt: skip
    assert len(table) == 3 * 6
    assert table["n"].dtype == np.int64
    baseline = table.loc["in-house"]
    assert (baseline["diff_vs_baseline"] == 0).all()
    assert baseline[["diff_low", "diff_high"]].isna().all().all()
    others = table.drop(index="in-house", level="vendor")
    assert others.notna().all().all()


def test_proportions_match_statsmodels(pilot: pd.DataFrame, result: PilotComparison) -> None:
    # Count top-2-box CSAT, resolved and converted contacts independently with pandas.
    rated = pilot.dropna(subset=["csat"])
    counts = {
        "csat": (rated.groupby("vendor")["csat"].apply(lambda s: int((s >= 4).sum())),
                 rated.groupby("vendor").size()),
        "resolved": (pilot.groupby("vendor")["resolved"].sum(), pilot.groupby("vendor").size()),
        "conversion": (pilot.groupby("vendor")["converted"].sum(), pilot.groupby("vendor").size()),
    }  # fmt: skip
    for kpi, (x, n) in counts.items():
        part = result.table.xs(kpi, level="kpi")
        for vendor in result.vendors:
            row = part.loc[vendor]
            assert row["n"] == n[vendor]
            assert row["estimate"] == pytest.approx(x[vendor] / n[vendor])
            low, high = proportion_confint(x[vendor], n[vendor], alpha=0.1, method="wilson")
            assert (row["low"], row["high"]) == pytest.approx((low, high), abs=1e-12)
            if vendor == "in-house":
                continue
            low, high = confint_proportions_2indep(
                x[vendor], n[vendor], x["in-house"], n["in-house"], method="newcomb",
                compare="diff", alpha=0.1,
            )  # fmt: skip
            assert (row["diff_low"], row["diff_high"]) == pytest.approx((low, high), abs=1e-12)


def test_means_match_scipy(pilot: pd.DataFrame, result: PilotComparison) -> None:
    for kpi in ("qa_score", "handle_seconds"):
        part = result.table.xs(kpi, level="kpi")
        values = {v: g[kpi].dropna().to_numpy(float) for v, g in pilot.groupby("vendor")}
        base = values["in-house"]
        for vendor in result.vendors:
            row = part.loc[vendor]
            a = values[vendor]
            assert row["n"] == a.size
            assert row["estimate"] == pytest.approx(a.mean())
            ci = stats.ttest_1samp(a, 0.0).confidence_interval(0.9)
            assert (row["low"], row["high"]) == pytest.approx((ci.low, ci.high), rel=1e-9)
            if vendor != "in-house":
                ci = stats.ttest_ind(a, base, equal_var=False).confidence_interval(0.9)
                assert (row["diff_low"], row["diff_high"]) == pytest.approx(
                    (ci.low, ci.high), rel=1e-9
                )


def test_busy_but_poor_vendor_is_significantly_below_on_fcr(result: PilotComparison) -> None:
    below = result.significantly_below("fcr")
    assert below.to_dict() == {"in-house": False, "Vendor A": False, "Vendor B": True}
    # Direction-neutral: Vendor B is also faster (handle time below the baseline's).
    assert bool(result.significantly_below(PilotKpi.HANDLE_SECONDS)["Vendor B"])
    assert not result.significantly_above("fcr").any()
    with pytest.raises(OutcomeRecordError, match="'nps' was not measured"):
        result.significantly_below("nps")


def test_do_not_call_counts(result: PilotComparison, pilot: pd.DataFrame) -> None:
    dnc = result.calls_to_do_not_call
    assert dnc is not None
    expected = pilot[pilot["do_not_call"]].groupby("vendor").size()
    for vendor in result.vendors:
        assert dnc.loc[vendor, "calls"] == expected.get(vendor, 0)
        assert dnc.loc[vendor, "flagged"] == (expected.get(vendor, 0) > 0)
    assert dnc["calls"].sum() == 3
    assert compare_pilots(fixture()).calls_to_do_not_call is None


def test_sample_size(result: PilotComparison) -> None:
    p1 = result.table.loc[("in-house", "fcr"), "estimate"]
    # Fleiss eq. 4.14 at the comparison's 90% confidence.
    z_a, z_b = stats.norm.ppf(0.95), stats.norm.ppf(0.8)
    p2 = p1 - 0.05
    pbar = (p1 + p2) / 2
    n = z_a * math.sqrt(2 * pbar * (1 - pbar)) + z_b * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    assert result.sample_size("fcr", -0.05) == math.ceil(n**2 / 0.05**2)
    assert result.sample_size("fcr", -0.10, power=0.9) < result.sample_size("fcr", -0.05)
    # Means: the pooled within-vendor sd of handle time.
    table = result.table.xs("handle_seconds", level="kpi")
    assert table["n"].min() > 2
    size = result.sample_size("handle_seconds", 30.0)
    assert size == result.sample_size("handle_seconds", -30.0) > 1
    with pytest.raises(OutcomeRecordError, match="outside"):
        result.sample_size("fcr", 0.5)


def test_pooled_sd_of_the_sample_size_by_hand() -> None:
    # Two arms of handle times: in-house 100, 200, 300 (mean 200, s² = 10000, n − 1 = 2);
    # X 150, 250 (mean 200, s² = 5000, n − 1 = 1). Pooled s² = (2·10000 + 5000)/3 = 8333.3.
    # n = 2·8333.3·(1.959964 + 0.841621)²/50² = 2·8333.3·7.848879/2500 = 52.33 → 53.
    frame = pd.DataFrame(
        {
            "vendor": ["in-house"] * 3 + ["X"] * 2,
            "customer_id": list("abcde"),
            "started_at": pd.date_range("2025-01-01", periods=5, freq="D"),
            "channel": "phone",
            "handle_seconds": [100, 200, 300, 150, 250],
        }
    )
    assert compare_pilots(frame).sample_size("handle_seconds", 50) == 53


def test_baseline_without_data_gives_nan_and_no_sample_size() -> None:
    frame = fixture()
    frame["qa_score"] = np.where(frame["vendor"] == "in-house", np.nan, 0.8)
    result = compare_pilots(frame)
    row = result.table.loc[("in-house", "qa_score")]
    assert row["n"] == 0
    assert math.isnan(row["estimate"])
    assert result.table.loc[("Vendor A", "qa_score")].isna()[["diff_vs_baseline"]].all()
    frame["csat"] = pd.array([pd.NA] * len(frame), dtype="Int64")
    with pytest.raises(OutcomeRecordError, match="no measured value"):
        compare_pilots(frame).sample_size("csat", 0.1)


def test_identical_vendor_covers_zero_through_compare_pilots() -> None:
    # A handful of full-pipeline replications (the 400-replication check of the interval
    # itself is in test_intervals): an arm identical to the baseline is rarely "below".
    below = 0
    for seed in range(20):
        rng = np.random.default_rng(seed)
        n = 400
        frame = pd.DataFrame(
            {
                "vendor": np.where(np.arange(n) % 2 == 0, "in-house", "twin"),
                "customer_id": np.arange(n),
                "started_at": pd.Timestamp("2025-01-01") + pd.to_timedelta(np.arange(n), "h"),
                "channel": "phone",
                "resolved": rng.random(n) < 0.7,
            }
        )
        res = compare_pilots(frame)
        row = res.table.loc[("twin", "resolved")]
        assert row["diff_low"] <= row["diff_vs_baseline"] <= row["diff_high"]
        below += bool(res.significantly_below("resolved")["twin"])
    assert below <= 3


# --- bad records: one clear error each, naming the column and the 1-based row ----------


def bad(column: str, row: int, value: Any) -> pd.DataFrame:
    frame = fixture().astype({column: object})
    frame.at[row - 1, column] = value
    return frame


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("customer_id", None, "identifier, the value is missing"),
        ("customer_id", np.nan, "identifier, the value is missing"),
        ("customer_id", "  ", "identifier, the value is missing"),
        ("vendor", None, "vendor name, the value is missing"),
        ("vendor", 7, "vendor name (text)"),
        ("started_at", pd.Timestamp("2100-01-01"), "not after now"),
        ("started_at", "2100-01-01T00:00:00+09:00", "not after now"),
        ("started_at", None, "timestamp, the value is missing"),
        ("started_at", "yesterday", "ISO 8601"),
        ("started_at", 1_700_000_000, "ISO 8601"),
        ("channel", "fax", "expected one of phone, email, chat, social, messaging"),
        ("csat", 0, "integer 1 to 5"),
        ("csat", 6, "integer 1 to 5"),
        ("csat", 4.5, "integer 1 to 5"),
        ("csat", "5", "integer 1 to 5"),
        ("csat", True, "integer 1 to 5"),
        ("resolved", 1, "True or False"),
        ("resolved", "yes", "True or False"),
    ],
)
def test_bad_values_name_column_and_row(column: str, value: Any, expected: str) -> None:
    with pytest.raises(OutcomeRecordError) as caught:
        compare_pilots(bad(column, 5, value))
    message = str(caught.value)
    assert f"column {column!r}, row 5:" in message
    assert expected in message
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, VendorEvalError)


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("qa_score", 1.2, "QA score from 0 to 1"),
        ("qa_score", -0.1, "QA score from 0 to 1"),
        ("qa_score", "0.8", "QA score from 0 to 1"),
        ("handle_seconds", -3, "handle time in seconds ≥ 0"),
        ("handle_seconds", math.inf, "finite"),
        ("converted", "no", "True or False"),
        ("do_not_call", 0, "True or False"),
    ],
)
def test_bad_optional_columns(column: str, value: Any, expected: str) -> None:
    frame = fixture()
    frame[column] = pd.Series([0.5 if column == "qa_score" else 60] * len(frame), dtype=object)
    if column in ("converted", "do_not_call"):
        frame[column] = pd.Series([False] * len(frame), dtype=object)
    frame.at[11, column] = value
    with pytest.raises(OutcomeRecordError, match=rf"column '{column}', row 12: .*{expected}"):
        compare_pilots(frame)


def test_blank_optional_values_are_missing_not_errors() -> None:
    frame = fixture().astype({"resolved": object, "csat": object})
    frame.at[0, "resolved"] = None
    frame.at[0, "csat"] = np.nan
    table = compare_pilots(frame).table
    assert table.loc[("in-house", "resolved"), "n"] == 5
    assert table.loc[("in-house", "csat"), "n"] == 3


def test_index_label_is_named_when_the_index_is_not_positional() -> None:
    frame = bad("csat", 3, 9)
    frame.index = [f"contact-{i}" for i in range(len(frame))]
    with pytest.raises(OutcomeRecordError, match=r"row 3 \(index label 'contact-2'\)"):
        compare_pilots(frame)


@pytest.mark.parametrize("column", ["vendor", "customer_id", "started_at", "channel"])
def test_missing_required_column(column: str) -> None:
    with pytest.raises(OutcomeRecordError, match=f"missing required column '{column}'"):
        compare_pilots(fixture().drop(columns=column))


def test_unknown_baseline() -> None:
    with pytest.raises(OutcomeRecordError, match="baseline: 'ours' is not a vendor"):
        compare_pilots(fixture(), baseline="ours")


@pytest.mark.parametrize(
    ("arguments", "match"),
    [
        ({"repeat_window_days": 0}, "repeat_window_days"),
        ({"repeat_window_days": -1.5}, "repeat_window_days"),
        ({"repeat_window_days": True}, "repeat_window_days"),
        ({"confidence": 1.0}, "confidence"),
        ({"confidence": 0}, "confidence"),
    ],
)
def test_bad_arguments(arguments: dict[str, Any], match: str) -> None:
    with pytest.raises(OutcomeRecordError, match=match):
        compare_pilots(fixture(), **arguments)


def test_no_rows_and_not_a_frame() -> None:
    with pytest.raises(OutcomeRecordError, match="no rows"):
        compare_pilots(fixture().iloc[:0])
    with pytest.raises(OutcomeRecordError, match="DataFrame"):
        compare_pilots([{"vendor": "x"}])  # type: ignore[arg-type]


def test_other_timestamp_types_are_accepted() -> None:
    frame = fixture()
    zoned = frame.assign(
        started_at=frame["started_at"].dt.tz_localize("UTC").dt.tz_convert("Asia/Seoul")
    )
    text = frame.assign(started_at=frame["started_at"].dt.strftime("%Y-%m-%dT%H:%M:%S"))
    reference = compare_pilots(frame).table
    assert compare_pilots(zoned).table.equals(reference)
    assert compare_pilots(text).table.equals(reference)
