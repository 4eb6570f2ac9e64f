"""The embedded sample: a Korean online retailer, five contact-center vendors, ratings.

Hanbit Mall (a synthetic e-commerce company in Seoul) needs weekday phone, KakaoTalk
상담톡 (live messaging), e-mail and social care in Korean, English, Japanese and Latin-American
Spanish, and plans to enter Latin America, on a 24-month contract. Five synthetic vendors
answer with different strengths, contracts and billing styles: two per-head contracts
(인원 도급) graded monthly S–D, per-second billing that includes the customer's wait with a
weaker committed service level, per-minute (60/60) voice tiers, and per contact with a
monthly minimum.
Two fail a knock-out and one leaves the social-media check unanswered.
The files are in ``vendoreval/datasets/sample``; ``README.md`` there says where the orders
of magnitude come from.

Examples
--------
>>> from vendoreval.datasets import load_sample
>>> needs, proposals = load_sample()
>>> needs.buyer, len(proposals)
('Hanbit Mall', 5)
"""

from __future__ import annotations

import functools
import importlib
import importlib.resources
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING, cast

from vendoreval.assessments import Assessment, parse_assessments
from vendoreval.io.documents import SUFFIXES, parse_document, validate
from vendoreval.io.files import proposals_from_documents
from vendoreval.needs import Needs
from vendoreval.proposal import VendorProposal

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["load_sample", "load_sample_assessments", "sample_calls"]


def _sample_root() -> Traversable:
    return importlib.resources.files(__name__).joinpath("sample")


@functools.cache
def _sample() -> tuple[Needs, tuple[VendorProposal, ...]]:
    root = _sample_root()
    needs_file = root.joinpath("needs.yaml")
    needs = validate(
        parse_document(needs_file.read_text("utf-8"), "sample/needs.yaml", "yaml"),
        Needs,
        what="Needs",
    )
    vendor_files = sorted(
        (item for item in root.joinpath("vendors").iterdir() if item.name.endswith(".yaml")),
        key=lambda item: item.name,
    )
    documents = (
        parse_document(item.read_text("utf-8"), f"sample/vendors/{item.name}", SUFFIXES[".yaml"])
        for item in vendor_files
    )
    return needs, tuple(proposals_from_documents(documents))


def load_sample() -> tuple[Needs, list[VendorProposal]]:
    """The sample buyer's needs and the five vendors' proposals.

    Returns
    -------
    needs : Needs
        Hanbit Mall's needs: weekday phone (36,000 contacts a month), KakaoTalk messaging,
        e-mail and social care in Korean, English, Japanese and Spanish; KRW contract of 24
        months from 2027-01.
    proposals : list of VendorProposal
        Five vendors in file-name order: Andes Global Services, Daehan Outsourcing,
        Hangang CX, Pacific Bridge BPO and Seoul Contact Partners.
    """
    needs, proposals = _sample()
    return needs, list(proposals)


@functools.cache
def _sample_assessments() -> tuple[Assessment, ...]:
    names = [proposal.name for proposal in _sample()[1]]
    text = _sample_root().joinpath("assessments.csv").read_text("utf-8")
    return tuple(parse_assessments(text, "sample/assessments.csv", "csv", vendors=names))


def load_sample_assessments() -> list[Assessment]:
    """Three evaluators' 1–5 ratings of the sample vendors.

    Culture fit, team-lead interview, reference calls and site visit for each vendor; the
    evaluators disagree by three points on Hangang CX's culture fit, and nobody has visited
    Daehan Outsourcing's sites yet (a missing pair).
    """
    return list(_sample_assessments())


def sample_calls(needs: Needs, month: str = "2027-01", seed: int = 0) -> pd.DataFrame:
    """Synthetic call records of one month for ``needs`` (one row per contact).

    Delegates to :func:`vendoreval.datasets.calls.sample_calls`; see it for the columns.

    Parameters
    ----------
    needs : Needs
        Traffic to draw from.
    month : str
        Month ``YYYY-MM``.
    seed : int
        Seed of the random generator.
    """
    module = importlib.import_module("vendoreval.datasets.calls")
    frame = module.sample_calls(needs, month=month, seed=seed)
    return cast("pd.DataFrame", frame)
