"""A batch of call records: its contacts' language slots and local times."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tests.pricing.test_records import good_calls
from vendoreval.pricing import iter_call_batches


def test_language_slots_follow_the_sheets_languages() -> None:
    # Tags are read in their canonical case; 'ko' has no multiplier here (slot 0).
    calls = good_calls(6).assign(language=["JA", "ko", "pt-br", "ja", "PT-BR", "ko"])
    (batch,) = iter_call_batches(calls, language=True)
    assert batch.language_slots(("ja", "pt-BR")).tolist() == [1, 0, 2, 1, 2, 0]
    assert batch.language_slots(("pt-BR",)).tolist() == [0, 0, 1, 0, 1, 0]
    assert batch.language_slots(()).tolist() == [0] * 6


def test_local_minutes_of_aware_times() -> None:
    # 2027-01-04 00:00 UTC is 09:00 in Seoul: 540 minutes after local midnight.
    calls = good_calls(3).assign(
        started_at=pd.DatetimeIndex(
            ["2027-01-04 00:00", "2027-01-04 00:07", "2027-01-04 00:14"]
        ).tz_localize("UTC")
    )
    (batch,) = iter_call_batches(calls)
    minutes = batch.by_local_minute("Asia/Seoul", lambda m: m % 1_440)
    assert minutes.tolist() == [540, 547, 554]
    assert np.array_equal(batch.local_seconds("Asia/Seoul") % 86_400 // 60, minutes)
