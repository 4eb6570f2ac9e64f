"""First-contact resolution from repeat contacts, on a hand-counted fixture."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vendoreval.outcomes import compare_pilots
from vendoreval.outcomes.fcr import repeat_contacts

DAY = pd.Timedelta(days=1)
T0 = pd.Timestamp("2025-01-01 00:00")  # naive: UTC

# Window 7 days. The last started_at in the data is T = day 20 00:00 (row 16), so a contact
# is observed when t + 7 d ≤ day 20, i.e. t ≤ day 13 00:00; later ones are censored.
#
#  #  vendor    customer  started (days after T0)  channel  next contact of the customer
#  1  in-house  C1        0 + 09:00                phone    #2 at day 3  (3 d later)   repeat
#  2  Vendor A  C1        3 + 09:00                chat     #3 at day 10 09:00, exactly
#                                                           t + 7 d: counts              repeat
#  3  Vendor A  C1        10 + 09:00               email    none                         FCR
#  4  in-house  C2        1 + 12:00                phone    #5 at t + 7 d + 1 s: outside FCR
#  5  in-house  C2        8 + 12:00:01             phone    none                         FCR
#  6  Vendor B  C3        2 + 08:00                phone    #7 at the same instant does
#                                                           not count; #8 2 d later      repeat
#  7  Vendor B  C3        2 + 08:00                chat     #8 at day 4 (other vendor)   repeat
#  8  in-house  C3        4 + 08:00                phone    none                         FCR
#  9  Vendor B  C4        5                        phone    #10 exactly 7 d later        repeat
# 10  Vendor B  C4        12                       phone    #11 exactly 7 d later (other
#                                                           vendor, other channel)       repeat
# 11  Vendor A  C4        19                       chat     19 + 7 = 26 > 20             censored
# 12  Vendor A  C5        13                       phone    13 + 7 = 20 ≤ 20: observed;
#                                                           none                         FCR
# 13  in-house  C6        13 + 00:00:01            phone    20 d + 1 s > 20              censored
# 14  Vendor B  C7        6                        email    #15 8 d later: outside       FCR
# 15  Vendor B  C7        14                       phone    14 + 7 = 21 > 20             censored
# 16  in-house  C8        20                       phone    the last contact             censored
#
# in-house: observed #1 #4 #5 #8 → n = 4, FCR contacts #4 #5 #8 = 3 → 0.75
# Vendor A: observed #2 #3 #12   → n = 3, FCR contacts #3 #12 = 2    → 2/3
# Vendor B: observed #6 #7 #9 #10 #14 → n = 5, FCR contact #14 = 1   → 0.2
#
# CSAT (top-2-box: 4 or 5), blanks not rated:
# in-house: #1 5, #4 3, #5 4, #13 2 (#8, #16 blank) → 2 of 4 → 0.5
# Vendor A: #2 4, #11 1, #12 5 (#3 blank)           → 2 of 3 → 2/3
# Vendor B: #6 2, #10 3, #14 4, #15 5 (#7, #9 blank) → 2 of 4 → 0.5
ROWS = [
    ("in-house", "C1", T0 + pd.Timedelta(hours=9), "phone", 5, False),
    ("Vendor A", "C1", T0 + 3 * DAY + pd.Timedelta(hours=9), "chat", 4, True),
    ("Vendor A", "C1", T0 + 10 * DAY + pd.Timedelta(hours=9), "email", None, True),
    ("in-house", "C2", T0 + DAY + pd.Timedelta(hours=12), "phone", 3, True),
    ("in-house", "C2", T0 + 8 * DAY + pd.Timedelta(hours=12, seconds=1), "phone", 4, True),
    ("Vendor B", "C3", T0 + 2 * DAY + pd.Timedelta(hours=8), "phone", 2, False),
    ("Vendor B", "C3", T0 + 2 * DAY + pd.Timedelta(hours=8), "chat", None, False),
    ("in-house", "C3", T0 + 4 * DAY + pd.Timedelta(hours=8), "phone", None, True),
    ("Vendor B", "C4", T0 + 5 * DAY, "phone", None, True),
    ("Vendor B", "C4", T0 + 12 * DAY, "phone", 3, False),
    ("Vendor A", "C4", T0 + 19 * DAY, "chat", 1, True),
    ("Vendor A", "C5", T0 + 13 * DAY, "phone", 5, True),
    ("in-house", "C6", T0 + 13 * DAY + pd.Timedelta(seconds=1), "phone", 2, True),
    ("Vendor B", "C7", T0 + 6 * DAY, "email", 4, True),
    ("Vendor B", "C7", T0 + 14 * DAY, "phone", 5, True),
    ("in-house", "C8", T0 + 20 * DAY, "phone", None, True),
]
REPEATED = [True, True, False, False, False, True, True, False, True, True, False, False, False,
            False, False, False]  # fmt: skip
OBSERVED = [True] * 10 + [False, True, False, True, False, False]


def fixture() -> pd.DataFrame:
    frame = pd.DataFrame(
        ROWS, columns=["vendor", "customer_id", "started_at", "channel", "csat", "resolved"]
    )
    return frame.astype({"csat": "Int64"})


def test_repeat_flags_match_the_hand_count() -> None:
    frame = fixture()
    customer = pd.factorize(frame["customer_id"])[0]
    started = frame["started_at"].to_numpy(dtype="datetime64[ns]").view(np.int64)
    repeated, observed = repeat_contacts(customer, started, 7 * 86_400 * 10**9)
    assert repeated.tolist() == REPEATED
    assert observed.tolist() == OBSERVED


def test_fcr_and_csat_match_the_hand_count() -> None:
    table = compare_pilots(fixture(), baseline="in-house", repeat_window_days=7).table
    fcr = table.xs("fcr", level="kpi")
    assert fcr["n"].to_dict() == {"in-house": 4, "Vendor A": 3, "Vendor B": 5}
    assert fcr["estimate"].to_dict() == pytest.approx(
        {"in-house": 0.75, "Vendor A": 2 / 3, "Vendor B": 0.2}
    )
    csat = table.xs("csat", level="kpi")
    assert csat["n"].to_dict() == {"in-house": 4, "Vendor A": 3, "Vendor B": 4}
    assert csat["estimate"].to_dict() == pytest.approx(
        {"in-house": 0.5, "Vendor A": 2 / 3, "Vendor B": 0.5}
    )
    assert fcr.loc["Vendor B", "diff_vs_baseline"] == pytest.approx(0.2 - 0.75)


def test_row_order_does_not_matter() -> None:
    frame = fixture()
    shuffled = frame.sample(frac=1.0, random_state=3)
    assert compare_pilots(shuffled).table.equals(compare_pilots(frame).table)


def test_zones_are_respected_and_naive_times_are_utc() -> None:
    # Row 3 rewritten as the same instant in Seoul (UTC+9): nothing changes. Moving row 5
    # one second earlier in UTC text puts it exactly at t + 7 d of row 4: now a repeat.
    frame = fixture().astype({"started_at": object})
    frame.loc[2, "started_at"] = "2025-01-11T18:00:00+09:00"
    assert compare_pilots(frame).table.equals(compare_pilots(fixture()).table)
    frame.loc[4, "started_at"] = "2025-01-09T12:00:00"
    fcr = compare_pilots(frame).table.xs("fcr", level="kpi")
    assert fcr.loc["in-house", "estimate"] == pytest.approx(2 / 4)


def test_a_longer_window_finds_more_repeats() -> None:
    # 8-day window: #14 (C7, repeat 8 d later) becomes a repeat; the censoring cut moves to
    # t ≤ day 12, so #12 (day 13) is now censored: Vendor A observed #2 #3 → FCR 1 of 2.
    fcr = compare_pilots(fixture(), repeat_window_days=8).table.xs("fcr", level="kpi")
    assert fcr.loc["Vendor B", "estimate"] == pytest.approx(0.0)
    assert fcr.loc["Vendor A", "n"] == 2
    assert fcr.loc["Vendor A", "estimate"] == pytest.approx(0.5)


def _brute_force(
    customer: np.ndarray, started: np.ndarray, window: int
) -> tuple[np.ndarray, np.ndarray]:
    same = customer[:, None] == customer[None, :]
    later = (started[None, :] > started[:, None]) & (started[None, :] <= started[:, None] + window)
    return (same & later).any(axis=1), started + window <= started.max()


@settings(max_examples=60)
@given(
    contacts=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 40)), min_size=1, max_size=40),
    window=st.integers(1, 12),
)
def test_matches_brute_force(contacts: list[tuple[int, int]], window: int) -> None:
    customer = np.array([c for c, _ in contacts], dtype=np.int64)
    started = np.array([t for _, t in contacts], dtype=np.int64)
    repeated, observed = repeat_contacts(customer, started, window)
    expected_repeated, expected_observed = _brute_force(customer, started, window)
    assert repeated.tolist() == expected_repeated.tolist()
    assert observed.tolist() == expected_observed.tolist()
