"""A hand-counted month of contacts (January 2027, naive local times) and the terms measured.

The counts every test relies on are worked out in the comments of :data:`CONTACTS`'s rows
and summed in :data:`EXPECTED`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from vendoreval.contract import Commitment, ServiceCredits

TERMS = ServiceCredits(
    commitments=[
        Commitment(
            channel="phone", kpi="service_level", target=0.8, threshold_seconds=20, weight=0.4
        ),
        Commitment(channel="phone", kpi="asa_seconds", target=30, weight=0.2),
        Commitment(channel="phone", kpi="abandonment", target=0.05, weight=0.2),
        Commitment(
            channel="chat", kpi="service_level", target=0.9, threshold_seconds=60, weight=0.2
        ),
        Commitment(
            channel="email", kpi="response_within_hours", target=0.9, threshold_hours=4, weight=0.2
        ),
        Commitment(channel="phone", kpi="fcr", target=0.7, weight=0.1),
        Commitment(channel="phone", kpi="csat", target=0.8, weight=0.1),
        Commitment(channel="phone", kpi="qa_score", target=0.8, weight=0.1),
    ],
    at_risk_share=0.1,
)

N = None
# id, channel, started_at, talk, wait, customer, responded_at, csat, qa
ROWS: list[tuple[Any, ...]] = [
    # Phone, in January (P1–P10). answered = talk > 0; "≤20" = answered with wait ≤ 20 s.
    ("P1", "phone", "2027-01-04 09:05", 120, 5, "A", N, 5, 0.75),  # ans, ≤20; A again at P4
    ("P2", "phone", "2027-01-04 09:10", 200, 20, "B", N, 4, 1.0),  # ans, ≤20 (boundary); B at P7
    ("P3", "phone", "2027-01-04 09:20", 0, 45, "C", N, N, N),  # abandoned; C never again
    ("P4", "phone", "2027-01-04 09:40", 90, 21, "A", N, N, N),  # ans, >20; A again at E1
    ("P5", "phone", "2027-01-04 10:15", 60, 0, "D", N, 3, N),  # ans, ≤20; D chats at C1 (3d23h45m)
    ("P6", "phone", "2027-01-05 14:00", 300, 60, "E", N, 2, 0.5),  # ans, >20; E never again
    ("P7", "phone", "2027-01-06 14:10", 0, 10, "B", N, N, N),  # abandoned (wait 10 not answered)
    ("P8", "phone", "2027-01-15 08:00", 45, 15, N, N, 5, N),  # ans, ≤20; no customer: not in FCR
    ("P9", "phone", "2027-01-20 23:50", 100, 3, "G", N, N, 1.0),  # ans, ≤20; G next at P12 (15 d)
    ("P10", "phone", "2027-01-31 23:59", 80, 30, "H", N, N, N),  # ans, >20; window past the data
    # Phone outside January: not offered in the month.
    ("P11", "phone", "2026-12-31 23:59", 50, 100, "A", N, 5, N),
    ("P12", "phone", "2027-02-05 12:00", 70, 5, "G", N, N, N),  # the last start in the data
    # Chat (threshold 60 s).
    ("C1", "chat", "2027-01-08 10:00", 300, 30, "D", N, N, N),  # ans, ≤60
    ("C2", "chat", "2027-01-08 10:05", 200, 61, "X", N, N, N),  # ans, >60
    ("C3", "chat", "2027-01-08 10:20", 0, 100, "Y", N, N, N),  # abandoned
    ("C4", "chat", "2027-01-09 11:00", 150, 60, "Z", N, N, N),  # ans, ≤60 (boundary)
    # Email (response within 4 h).
    ("E1", "email", "2027-01-05 09:00", 300, 0, "A", "2027-01-05 12:00", N, N),  # 3 h: within
    ("E2", "email", "2027-01-05 10:00", 300, 0, N, "2027-01-05 14:00", N, N),  # 4 h: within
    ("E3", "email", "2027-01-05 11:00", 300, 0, N, "2027-01-05 15:01", N, N),  # 4 h 1 min: late
    ("E4", "email", "2027-01-06 09:00", 0, 0, N, N, N, N),  # never responded
    ("E5", "email", "2027-01-07 09:00", 300, 0, N, "2027-01-07 09:30", N, N),  # 30 min: within
]


def contacts() -> pd.DataFrame:
    """The rows above as call records (hold and after-call work 0)."""
    frame = pd.DataFrame(
        ROWS,
        columns=[
            "contact_id",
            "channel",
            "started_at",
            "talk_seconds",
            "wait_seconds",
            "customer_id",
            "responded_at",
            "csat",
            "qa_score",
        ],
    )
    frame["started_at"] = pd.to_datetime(frame["started_at"])
    frame["responded_at"] = pd.to_datetime(frame["responded_at"])
    frame["hold_seconds"] = 0
    frame["acw_seconds"] = 0
    frame["csat"] = frame["csat"].astype(float)
    frame["qa_score"] = frame["qa_score"].astype(float)
    return frame


EXPECTED = {
    # Offered P1–P10 = 10; answered with wait ≤ 20: P1, P2, P5, P8, P9 = 5 → 5/10.
    "phone.service_level": 0.5,
    # Answered P1, P2, P4, P5, P6, P8, P9, P10 = 8; waits 5+20+21+0+60+15+3+30 = 154 → 19.25 s.
    "phone.asa_seconds": 19.25,
    # Not answered P3, P7 = 2 of 10.
    "phone.abandonment": 0.2,
    # C1 (30) and C4 (60) of 4.
    "chat.service_level": 0.5,
    # E1, E2, E5 of 5.
    "email.response_within_hours": 0.6,
    # Window 7 days; last start P12 2027-02-05 12:00, so eligible contacts started by
    # 2027-01-29 12:00 and have a customer: P1–P7, P9 = 8 (P8 no customer, P10 too late).
    # Repeated: P1 (P4 35 min later), P2 (P7 2 d later), P4 (E1, email, next day), P5 (C1, chat,
    # 3 d 23 h 45 min later). Resolved: P3, P6, P7, P9 = 4 → 4/8.
    "phone.fcr": 0.5,
    # Surveyed in January: P1 5, P2 4, P5 3, P6 2, P8 5 (P11 is December); 4 or 5: 3 → 3/5.
    "phone.csat": 0.6,
    # Evaluated: P1 0.75, P2 1.0, P6 0.5, P9 1.0 → 3.25/4 = 0.8125.
    "phone.qa_score": 0.8125,
}
CONTACTS = {
    "phone.service_level": 10,
    "phone.asa_seconds": 8,
    "phone.abandonment": 10,
    "chat.service_level": 4,
    "email.response_within_hours": 5,
    "phone.fcr": 8,
    "phone.csat": 5,
    "phone.qa_score": 4,
}
# Met: ASA 19.25 ≤ 30 and QA 0.8125 ≥ 0.8; every other commitment is missed.
MET = {key: key in ("phone.asa_seconds", "phone.qa_score") for key in EXPECTED}
