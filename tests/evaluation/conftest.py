"""Evaluations of the embedded sample shared by the tests of vendoreval.evaluation."""

from __future__ import annotations

import datetime as dt

import pytest

import vendoreval as ve
from vendoreval.evaluation import Evaluation

AS_OF = dt.date(2026, 11, 23)
RUNS = 1500


@pytest.fixture(scope="package")
def sample() -> tuple[ve.Needs, list[ve.VendorProposal]]:
    needs, proposals = ve.load_sample()
    return needs, list(proposals)


@pytest.fixture(scope="package")
def ev(sample: tuple[ve.Needs, list[ve.VendorProposal]]) -> Evaluation:
    needs, proposals = sample
    return ve.evaluate(needs, proposals, "eight-checks", runs=RUNS, seed=0, as_of=AS_OF)


@pytest.fixture(scope="package")
def ev_topsis(sample: tuple[ve.Needs, list[ve.VendorProposal]]) -> Evaluation:
    needs, proposals = sample
    return ve.evaluate(needs, proposals, method="topsis", runs=RUNS, seed=0, as_of=AS_OF)
