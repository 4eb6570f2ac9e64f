"""The embedded sample: Hanbit Mall, five vendors and the evaluators' ratings."""

from __future__ import annotations

import datetime as dt
import sys
import types
from pathlib import Path

import pandas as pd
import pytest

from vendoreval.assessments import ASSESSMENT_ITEMS, aggregate_assessments
from vendoreval.datasets import load_sample, load_sample_assessments, sample_calls
from vendoreval.needs import Needs
from vendoreval.pricing import BillableComponent, Rounding, TierBasis, TierMode
from vendoreval.proposal import CHECKS, VendorProposal
from vendoreval.vocabulary import CEFR, Certification, Channel, cefr_rank

SAMPLE = Path(__file__).parents[2] / "src" / "vendoreval" / "datasets" / "sample"


@pytest.fixture(scope="module")
def sample() -> tuple[Needs, list[VendorProposal]]:
    return load_sample()


def by_name(proposals: list[VendorProposal]) -> dict[str, VendorProposal]:
    return {p.name: p for p in proposals}


def test_the_buyer(sample: tuple[Needs, list[VendorProposal]]) -> None:
    needs, _ = sample
    assert needs.buyer == "Hanbit Mall"
    assert needs.industry == "e-commerce"
    assert needs.timezone == "Asia/Seoul"
    assert not needs.hours.always  # the phone is open on weekdays 09:00–18:00
    phone = needs.channel(Channel.PHONE)
    assert phone.volume_per_month == 36_000
    assert (phone.talk_seconds, phone.hold_seconds, phone.acw_seconds) == (210, 25, 40)
    assert phone.service_level is not None
    assert (phone.service_level.share, phone.service_level.answer_within_seconds) == (0.8, 20)
    assert phone.patience_seconds == 75
    messaging = needs.channel(Channel.MESSAGING)  # KakaoTalk 상담톡, live with concurrency
    assert messaging.volume_per_month == 50_000
    assert messaging.concurrency == 2.5
    assert messaging.channel.is_realtime
    email = needs.channel(Channel.EMAIL)
    assert email.service_level is not None
    assert email.service_level.respond_within_hours == 8
    assert needs.channel(Channel.SOCIAL).volume_per_month == 4_000
    assert {(lang.language, lang.share, lang.min_cefr) for lang in needs.languages} == {
        ("ko", 0.9, CEFR.C2),
        ("en", 0.05, CEFR.C1),
        ("ja", 0.02, CEFR.C1),
        ("es-419", 0.03, CEFR.C1),
    }
    assert needs.crm is not None
    assert (needs.crm.system, needs.crm.max_sync_latency_seconds) == ("salesforce", 60)
    assert set(needs.security.required_certifications) == {"isms_p", "pci_dss"}
    assert needs.security.kpis[0] == "first_contact_resolution"
    assert "phone.service_level" in {t.key for t in needs.security.kpi_targets}
    assert needs.locations.expansion_markets == ("MX", "CO", "CL", "PE")
    assert needs.locations.data_residency == ("KR",)
    assert set(needs.social.platforms) == {"kakaotalk", "instagram", "naver"}
    contract = needs.contract
    assert (contract.currency, contract.term_months, contract.start_month) == ("KRW", 24, "2027-01")
    assert (contract.monthly_growth, contract.forecast_cv) == (0.008, 0.12)
    assert contract.current_monthly_cost == 330_000_000


def test_korean_retail_arrivals(sample: tuple[Needs, list[VendorProposal]]) -> None:
    """Phone calls arrive on weekdays 09:00–18:00 with a Monday peak and a late-morning peak."""
    phone = sample[0].channel(Channel.PHONE).arrival.shares().reshape(7, 24)
    assert phone[5:].sum() == 0  # no weekend phone line
    assert phone[:, :9].sum() == phone[:, 18:].sum() == 0
    by_day = phone.sum(axis=1)
    assert by_day[0] == by_day.max()  # Monday
    by_hour = phone.sum(axis=0)
    assert int(by_hour.argmax()) in (10, 11)  # late morning
    assert by_hour[12] < by_hour[11]  # lunch dip


def test_languages_match_the_expansion_markets(
    sample: tuple[Needs, list[VendorProposal]],
) -> None:
    # Latin-American markets: Latin-American Spanish is among the languages needed
    needs = sample[0]
    assert {"MX", "CO", "CL", "PE"} <= set(needs.locations.expansion_markets)
    assert "es-419" in {lang.language for lang in needs.languages}


def test_seasonality_and_events(sample: tuple[Needs, list[VendorProposal]]) -> None:
    season = sample[0].seasonality
    assert sum(season.month_factors) == pytest.approx(12.0)
    assert season.factor(11) == max(season.month_factors)  # Korea Sale Festa, 11.11
    assert season.factor(2) == min(season.month_factors)
    assert [e.month for e in season.events] == ["2027-06", "2028-06"]


def test_holidays_are_korean_public_holidays_of_the_term(
    sample: tuple[Needs, list[VendorProposal]],
) -> None:
    holidays = sample[0].holidays
    assert len(holidays) == len(set(holidays)) == 24 + 18
    assert {day.year for day in holidays} == {2027, 2028}
    fixed = {(1, 1), (3, 1), (5, 5), (6, 6), (8, 15), (10, 3), (10, 9), (12, 25)}
    assert fixed <= {(day.month, day.day) for day in holidays if day.year == 2027}
    assert dt.date(2027, 2, 7) in holidays  # Seollal 2027
    assert dt.date(2027, 9, 15) in holidays  # Chuseok 2027
    assert dt.date(2028, 10, 3) in holidays  # Chuseok 2028


def test_holidays_agree_with_the_holidays_package(
    sample: tuple[Needs, list[VendorProposal]],
) -> None:
    holidays = pytest.importorskip("holidays")
    assert set(sample[0].holidays) == set(holidays.KR(years=(2027, 2028)))


def test_five_valid_vendors_with_unique_names(sample: tuple[Needs, list[VendorProposal]]) -> None:
    _, proposals = sample
    assert len(proposals) == 5
    assert len({p.name for p in proposals}) == 5
    for proposal in proposals:
        assert VendorProposal.model_validate(proposal.model_dump()) == proposal
        assert proposal.sheet.currency == "KRW"


def test_every_vendor_answers_all_but_one_answer(
    sample: tuple[Needs, list[VendorProposal]],
) -> None:
    missing = {(p.name, c) for p in sample[1] for c in CHECKS if p.answer(c) is None}
    assert missing == {("Daehan Outsourcing", "social")}


def test_all_billing_styles_are_present(sample: tuple[Needs, list[VendorProposal]]) -> None:
    proposals = {p.name: p for p in sample[1]}
    sheets = {name: p.sheet for name, p in proposals.items()}
    # two per-head contracts (인원 도급) graded monthly S–D
    for name in ("Daehan Outsourcing", "Seoul Contact Partners"):
        sheet = sheets[name]
        assert sheet.committed_ftes
        assert sheet.fte_month_rate is not None
        terms = proposals[name].commitments
        assert terms is not None
        assert [band.grade for band in terms.bands()] == ["S", "A", "B", "C", "D"]
    # one usage-priced sheet billing the wait, committing to less than the buyer's 80/20
    per_second = sheets["Hangang CX"]
    assert str(per_second.billing_increment) == "1/1"
    assert per_second.bills_wait
    assert per_second.voice_rate_per_minute is not None
    hangang = proposals["Hangang CX"].commitments
    assert hangang is not None
    assert hangang.commitment("phone.service_level").target < 0.8
    per_minute = sheets["Pacific Bridge BPO"]
    assert str(per_minute.billing_increment) == "60/60"
    assert per_minute.tier_for(TierBasis.VOICE_MINUTES) is not None
    per_contact = sheets["Andes Global Services"]
    assert per_contact.per_contact
    assert per_contact.minimum_monthly is not None
    assert per_contact.voice_rate_per_minute is None
    assert all(sheet.annual_increase > 0 for sheet in sheets.values())


def test_working_time_is_scheduled_not_paid(sample: tuple[Needs, list[VendorProposal]]) -> None:
    for proposal in sample[1]:
        assert proposal.staffing is not None
        assert proposal.staffing.scheduled_hours_per_fte_month <= 190


def test_the_winner_is_not_obvious(sample: tuple[Needs, list[VendorProposal]]) -> None:
    """Under the default weights the winner's rank acceptability is below 90%."""
    import vendoreval as ve

    needs, proposals = sample
    ev = ve.evaluate(needs, proposals, runs=600, seed=0, as_of=dt.date(2026, 11, 23))
    acceptability = ev.sensitivity(samples=4_000, seed=0)
    assert acceptability.loc[ev.winner, 1] < 0.9
    assert (acceptability[1] > 0.01).sum() >= 2
    knocked = ev.ranking[~ev.ranking["passed"]]
    assert set(knocked.index) == {"Pacific Bridge BPO", "Andes Global Services"}
    assert all(knocked["knockouts"].str.len() > 0)


def test_the_default_pack_reads_the_qa_programme(
    sample: tuple[Needs, list[VendorProposal]],
) -> None:
    """Every vendor states its QA programme; only Hangang CX's answers are implausible."""
    import vendoreval as ve

    needs, proposals = sample
    ev = ve.evaluate(needs, proposals, runs=100, seed=0, as_of=dt.date(2026, 11, 23))
    plausible = {
        name: ev.checks[name]["staffing"].subscores["qa_plausible"] for name in ev.ranking.index
    }
    assert plausible == {p.name: 0.0 if p.name == "Hangang CX" else 100.0 for p in proposals}
    for name in ev.ranking.index:
        reasons = ev.checks[name]["staffing"].reasons
        assert not [r.text for r in reasons if "not answered" in r.text], name


def test_model_features_are_all_used(sample: tuple[Needs, list[VendorProposal]]) -> None:
    proposals = sample[1]
    sheets = [p.sheet for p in proposals]
    tiers = [tier for sheet in sheets for tier in sheet.volume_tiers]
    assert {tier.mode for tier in tiers} == set(TierMode)
    assert {tier.basis for tier in tiers} == set(TierBasis)
    premiums = [sheet.premiums for sheet in sheets if sheet.premiums is not None]
    assert any(p.after_hours is not None for p in premiums)
    assert any(p.weekend_multiplier is not None for p in premiums)
    assert any(p.holiday_multiplier is not None for p in premiums)
    assert any(p.language_multipliers for p in premiums)
    assert any(sheet.setup_fee > 0 for sheet in sheets)
    assert any(sheet.monthly_fixed > 0 for sheet in sheets)
    assert any(sheet.rounding is Rounding.MONTHLY for sheet in sheets)
    assert any(sheet.unpriced_contacts_free for sheet in sheets)
    assert any(BillableComponent.WAIT in sheet.billable_components for sheet in sheets)
    assert any(sheet.committed_ftes for sheet in sheets)
    assert any(sheet.training_fee_per_hire is not None for sheet in sheets)
    credits = [p.commitments for p in proposals if p.commitments is not None]
    assert any(c.grades for c in credits)
    assert any(c.at_risk_share is not None and not c.grades for c in credits)
    assert any(c.earn_back_months for c in credits)
    terms = [p.contract_terms for p in proposals]
    assert any(t.learning_curve for t in terms)
    assert any(t.double_running_months for t in terms)
    assert any(t.termination_fee > 0 for t in terms)
    outcomes = {
        ref.check_outcome for p in proposals if p.references for ref in p.references.references
    }
    assert outcomes == {"positive", "mixed", "negative", "not_contacted"}
    assert any(
        ref.serves_competitor for p in proposals if p.references for ref in p.references.references
    )
    pilots = [p.references.pilot for p in proposals if p.references and p.references.pilot]
    assert any(None not in (x.first_contact_resolution, x.csat, x.churn_rate) for x in pilots)
    assert any(p.pricing.pilot_offered for p in proposals)
    assert any(p.pricing.outcome_based_fees for p in proposals)
    coverages = [p.coverage for p in proposals if p.coverage]
    assert any(c.channel_hours for c in coverages)
    assert any(not c.hours.always for c in coverages)
    assert any(not c.covers_holidays for c in coverages)
    socials = [p.social for p in proposals if p.social]
    assert any(s.hours is None for s in socials)
    overnight = [
        w
        for s in socials
        if s.hours
        for w in s.hours.windows
        if w.end <= w.start and w.end != "24:00"
    ]
    assert overnight


def test_knock_out_candidates(sample: tuple[Needs, list[VendorProposal]]) -> None:
    needs, proposals = sample
    vendors = by_name(proposals)
    no_isms = [
        p.name
        for p in proposals
        if p.security and Certification.ISMS_P not in p.security.certifications
    ]
    assert no_isms == ["Pacific Bridge BPO"]
    japanese_need = next(lang for lang in needs.languages if lang.language == "ja")
    andes = vendors["Andes Global Services"].staffing
    assert andes is not None
    staff = andes.agents_for("ja")
    assert staff is not None
    assert cefr_rank(staff.cefr) < cefr_rank(japanese_need.min_cefr)


def test_latin_american_sites_for_the_expansion(
    sample: tuple[Needs, list[VendorProposal]],
) -> None:
    needs, proposals = sample
    markets = set(needs.locations.expansion_markets)
    with_latam = [p.name for p in proposals if p.location and markets & set(p.location.countries)]
    assert len(with_latam) >= 2
    cities = {site.city for p in proposals if p.location for site in p.location.sites}
    assert {"Mexico City", "Bogotá"} <= cities


def test_rates_are_of_a_plausible_order_of_magnitude(
    sample: tuple[Needs, list[VendorProposal]],
) -> None:
    for proposal in sample[1]:
        sheet = proposal.sheet
        if sheet.voice_rate_per_minute is not None:
            assert 500 <= sheet.voice_rate_per_minute <= 1200
        for price in sheet.per_contact.values():
            assert 1500 <= price <= 3500
        if sheet.fte_month_rate is not None:
            assert 3_500_000 <= sheet.fte_month_rate <= 4_500_000
        assert 0 <= sheet.annual_increase <= 0.05


def test_load_sample_returns_a_fresh_list() -> None:
    first = load_sample()[1]
    first.clear()
    assert len(load_sample()[1]) == 5


def test_readme_names_every_vendor(sample: tuple[Needs, list[VendorProposal]]) -> None:
    readme = (SAMPLE / "README.md").read_text(encoding="utf-8")
    assert "synthetic" in readme
    for proposal in sample[1]:
        assert proposal.name in readme


def test_sample_assessments(sample: tuple[Needs, list[VendorProposal]]) -> None:
    ratings = load_sample_assessments()
    assert len(ratings) == 57
    assert len({r.evaluator for r in ratings}) == 3
    summary = aggregate_assessments(ratings, sample[1])
    assert summary.items == list(ASSESSMENT_ITEMS)
    assert summary.flagged[["vendor", "item"]].values.tolist() == [["Hangang CX", "culture_fit"]]
    assert summary.missing.values.tolist() == [["Daehan Outsourcing", "site_visit"]]
    assert "site_visit" not in summary.ratings_for("Daehan Outsourcing")


def test_sample_calls_delegates(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[object, str, int]] = []
    frame = pd.DataFrame({"channel": ["phone"]})

    def fake(needs: Needs, month: str, seed: int) -> pd.DataFrame:
        calls.append((needs, month, seed))
        return frame

    module = types.ModuleType("vendoreval.datasets.calls")
    module.sample_calls = fake  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "vendoreval.datasets.calls", module)
    needs = load_sample()[0]
    assert sample_calls(needs) is frame
    assert sample_calls(needs, month="2027-03", seed=7) is frame
    assert calls == [(needs, "2027-01", 0), (needs, "2027-03", 7)]
