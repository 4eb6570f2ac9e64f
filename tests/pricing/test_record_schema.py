"""What every reader of records shares: places and words of messages, language tags, zones."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from vendoreval.errors import ArgumentError, CallRecordError
from vendoreval.pricing.record_schema import (
    EXPECTED_CHANNELS,
    MAX_COMPONENT_SECONDS,
    channel_problem,
    check_timezone,
    duration_problem,
    is_iana_zone,
    missing_columns_text,
    row_text,
    source_prefix,
    value_error,
    wall_seconds,
)
from vendoreval.pricing.records import canonical_language_tag


def test_canonical_language_tags() -> None:
    assert canonical_language_tag("ZH-hant-tw") == "zh-Hant-TW"
    assert canonical_language_tag("es-419") == "es-419"
    assert canonical_language_tag("EN-us-X-Private") == "en-US-x-private"
    for bad in ("", "e", "en_US", "en-", "ko ", "1a", "en--us", "toolongtag-x"):
        assert canonical_language_tag(bad) is None, bad


def test_a_row_is_named_as_the_data_row_with_its_line_or_label() -> None:
    # 0-based row 4 is data row 5; a CSV file's header is line 1, so data row 5 is line 6.
    assert row_text(4) == "row 5"
    assert row_text(4, csv=True) == "row 5 (line 6 of the file)"
    assert row_text(1, labels=pd.Index(["a", "b"])) == "row 2 (index label 'b')"
    assert row_text(1, labels=pd.RangeIndex(3)) == "row 2"  # the default index says nothing


def test_messages_begin_with_the_source_and_name_the_column() -> None:
    assert source_prefix("a.csv") == "call records in 'a.csv': "
    assert source_prefix(None) == "call records: "
    assert source_prefix("b.csv", "billing detail") == "billing detail in 'b.csv': "
    error = value_error("call records: ", "channel", "row 2", "unknown channel 'fax'")
    assert isinstance(error, CallRecordError)
    assert isinstance(error, ValueError)
    assert str(error) == "call records: column 'channel', row 2: unknown channel 'fax'"
    assert missing_columns_text(["wait_seconds"]) == "missing column 'wait_seconds'"
    assert missing_columns_text(["channel", "acw_seconds"]) == (
        "missing columns 'channel', 'acw_seconds'"
    )


def test_bad_channels_and_durations_in_words() -> None:
    assert EXPECTED_CHANNELS == "phone, email, chat, social, messaging"
    assert channel_problem("fax", missing=False) == (
        "unknown channel 'fax'; expected one of phone, email, chat, social, messaging"
    )
    assert channel_problem(None, missing=True) == (
        "missing channel; expected one of phone, email, chat, social, messaging"
    )
    assert duration_problem(None) == "missing duration; expected seconds ≥ 0"
    assert duration_problem(float("nan")) == "missing duration (NaN); expected seconds ≥ 0"
    assert duration_problem(np.int64(-2)) == "negative duration -2; expected seconds ≥ 0"
    assert duration_problem(dt.timedelta(seconds=-3)) == (
        "negative duration -3.0; expected seconds ≥ 0"
    )
    # 2**27 s is one second above the bound of 2**27 - 1 = 134,217,727 s.
    assert duration_problem(MAX_COMPONENT_SECONDS + 1) == (
        "duration 134217728 is not a plausible contact (expected a finite number of seconds "
        "≤ 134,217,727)"
    )
    assert duration_problem(float("inf")).startswith("duration inf is not a plausible contact")


def test_a_timezone_argument_is_an_iana_zone() -> None:
    assert is_iana_zone("Asia/Seoul")
    assert is_iana_zone("UTC")
    for bad in ("Seoul", "Mars/Olympus_Mons", "", "../etc"):
        assert not is_iana_zone(bad), bad
    check_timezone(None)
    check_timezone("Europe/Berlin")
    with pytest.raises(ArgumentError, match=r"timezone must be an IANA name .*got 'Seoul'"):
        check_timezone("Seoul")


def test_wall_clock_seconds_of_instants() -> None:
    # 1970-01-01 00:00 UTC is 09:00 in Seoul (UTC+9): 32,400 s after local midnight.
    # 2027-07-01 12:00 UTC (1,814,443,200 s) is 14:00 in Berlin, summer time UTC+2.
    # 1900-01-01 00:00 UTC (-2,208,988,800 s) is 08:27:52 in Seoul, on local mean time
    # (IANA tz database: Asia/Seoul LMT +8:27:52 until 1908): 30,472 s later on the wall.
    instants = np.array([0, 1_814_443_200, -2_208_988_800], dtype=np.int64)
    assert wall_seconds(instants[:1], "Asia/Seoul").tolist() == [32_400]
    assert wall_seconds(instants[1:2], "Europe/Berlin").tolist() == [1_814_443_200 + 7_200]
    assert wall_seconds(instants[2:], "Asia/Seoul").tolist() == [-2_208_988_800 + 30_472]
