"""The questionnaire layout is derived from the answer models (vendoreval.io.questionnaire.layout).

Every field of every answer model must be asked and read back; a field added to a model
must appear without layout code; the kind of each answer follows from the field's type;
and bad metadata is an error that names the field.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pydantic import BaseModel, Field, create_model

from tests.builders import with_korean_parts
from vendoreval.contract import Commitment, CommitmentKpi, GradeBand, ServiceCredits
from vendoreval.datasets import load_sample
from vendoreval.errors import (
    ArgumentError,
    ArgumentTypeError,
    UnknownNameError,
    VendorEvalError,
)
from vendoreval.io.questionnaire import (
    METADATA_KEY,
    Kind,
    Layout,
    TableShape,
    build_layout,
    default_layout,
    fill_questionnaire,
    read_questionnaire,
    write_questionnaire,
)
from vendoreval.io.questionnaire.writer import buyer_hints
from vendoreval.needs.hours import Hours, WeeklyWindow
from vendoreval.pricing import BillingIncrement
from vendoreval.pricing.outbound import OutboundPricing
from vendoreval.pricing.sheet import (
    AfterHours,
    Premiums,
    PriceSheet,
    Rounding,
    TierBand,
    TierBasis,
    TierMode,
    VolumeTier,
)
from vendoreval.proposal import (
    AgentProtection,
    Certificate,
    CertificateRegister,
    ClientReference,
    CoachingProgram,
    ContractForm,
    ContractTerms,
    CoverageAnswer,
    CrmAnswer,
    DataEntrustment,
    DisasterRecovery,
    LanguageStaff,
    LocationAnswer,
    OutboundControls,
    PilotOutcome,
    PricingAnswer,
    QualityProgramme,
    ReferenceCall,
    ReferenceChecks,
    ReferenceOutcome,
    ReferenceProfile,
    ReferencesAnswer,
    Reporting,
    SecurityAnswer,
    Site,
    SocialAnswer,
    StaffingAnswer,
    SubProcessor,
    VendorProposal,
    Wages,
)
from vendoreval.vocabulary import (
    CEFR,
    BillableComponent,
    Certification,
    Channel,
    CountryCode,
    CrmSystem,
    IntegrationMode,
    Kpi,
    Segregation,
    Share,
    SocialPlatform,
    Weekday,
)

NEEDS, SAMPLE = load_sample()
HANGANG = next(p for p in SAMPLE if p.name == "Hangang CX")

#: Types the questionnaire shows as one value or one table shape, not field by field.
VALUE_TYPES = (Hours, BillingIncrement)


# --------------------------------------------------------------------------------------------
# Walking the models independently of the layout
# --------------------------------------------------------------------------------------------


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    """Model classes anywhere in an annotation (through Optional, tuple, dict, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for arg in typing.get_args(annotation):
        yield from _models_in(arg)


def _all_fields(model: type[BaseModel]) -> set[tuple[type[BaseModel], str]]:
    """Every (model, field) reachable from ``model``, stopping at value types."""
    found: set[tuple[type[BaseModel], str]] = set()
    todo = [model]
    seen: set[type[BaseModel]] = set()
    while todo:
        current = todo.pop()
        if current in seen or issubclass(current, VALUE_TYPES):
            continue
        seen.add(current)
        for name, info in current.model_fields.items():
            found.add((current, name))
            todo.extend(_models_in(info.annotation))
    return found


ALL_FIELDS: frozenset[tuple[type[BaseModel], str]] = frozenset(_all_fields(VendorProposal))


def _meta(model: type[BaseModel], name: str) -> dict[str, Any]:
    """The questionnaire metadata written on ``model.name``."""
    extra = model.model_fields[name].json_schema_extra
    assert isinstance(extra, dict)
    meta = extra.get(METADATA_KEY, {})
    assert isinstance(meta, dict)
    return meta


def test_the_walk_reaches_every_answer_model() -> None:
    models = {model for model, _ in ALL_FIELDS}
    expected = {
        VendorProposal,
        CoverageAnswer,
        ReferencesAnswer,
        ClientReference,
        PilotOutcome,
        StaffingAnswer,
        LanguageStaff,
        CoachingProgram,
        CrmAnswer,
        SocialAnswer,
        LocationAnswer,
        Site,
        SecurityAnswer,
        DisasterRecovery,
        Reporting,
        PricingAnswer,
        PriceSheet,
        VolumeTier,
        TierBand,
        Premiums,
        AfterHours,
        OutboundPricing,
        # the answers a Korean buyer needs, the QA instrument and structured reference checks
        QualityProgramme,
        ContractForm,
        AgentProtection,
        Wages,
        CertificateRegister,
        Certificate,
        DataEntrustment,
        SubProcessor,
        OutboundControls,
        ReferenceChecks,
        ReferenceProfile,
        ReferenceCall,
        ServiceCredits,
        Commitment,
        GradeBand,
        ContractTerms,
    }
    assert models == expected


def _by_name(pair: tuple[type[BaseModel], str]) -> tuple[str, str]:
    return (pair[0].__name__, pair[1])


FIELD_LIST = sorted(ALL_FIELDS, key=_by_name)


@pytest.mark.parametrize(("model", "name"), FIELD_LIST)
def test_every_field_has_help_and_a_label(model: type[BaseModel], name: str) -> None:
    """The model metadata is the one place a field is described: help with units, a label."""
    assert model.model_fields[name].description, f"{model.__name__}.{name} has no description"
    meta = _meta(model, name)
    assert meta.get("label") or meta.get("sheet"), f"{model.__name__}.{name} has no label"


def test_every_field_of_every_answer_model_is_in_the_layout() -> None:
    assert default_layout().sources == ALL_FIELDS


def _texts(path: Path) -> dict[str, set[str]]:
    workbook = openpyxl.load_workbook(path)
    return {
        ws.title: {str(c.value) for row in ws.iter_rows() for c in row if c.value is not None}
        for ws in workbook
    }


def test_every_label_is_written(tmp_path: Path) -> None:
    """Each field appears in the workbook: its row label, table title or column header."""
    texts = _texts(write_questionnaire(tmp_path / "blank.xlsx"))
    every = set().union(*texts.values())
    layout = default_layout()
    for sheet in layout.sheets:
        assert {f.label for f in sheet.fields} <= texts[sheet.name]
        for table in sheet.tables:
            assert table.title in texts[sheet.name]
            assert {c.label for c in table.columns} <= texts[sheet.name]
    merged = {(model, _meta(model, name).get("channels")) for model, name in ALL_FIELDS}
    for model, name in ALL_FIELDS:
        meta = _meta(model, name)
        inner = list(_models_in(model.model_fields[name].annotation))
        if (model, name) in merged:
            continue  # per-channel hours: rows of the sibling's hours table
        if inner and "table" not in meta and not issubclass(inner[0], VALUE_TYPES):
            continue  # a group of rows, or the inner items of a table: their fields are shown
        shown = meta.get("table") or meta.get("label")
        assert shown in every, f"{model.__name__}.{name}: {shown!r} is not in the workbook"


# --------------------------------------------------------------------------------------------
# A proposal that answers every field with a value other than its default
# --------------------------------------------------------------------------------------------

FULL = VendorProposal(
    name="Full Answers Ltd",
    summary="Answers every question.\nTwo lines.",
    coverage=CoverageAnswer(
        channels=(Channel.PHONE, Channel.CHAT, Channel.EMAIL),
        hours=Hours(
            windows=(
                WeeklyWindow(days=(Weekday.MON, Weekday.FRI), start="09:00", end="18:00"),
                WeeklyWindow(days=(Weekday.SAT,), start="22:00", end="02:30"),
            )
        ),
        channel_hours={Channel.CHAT: Hours.around_the_clock()},
        covers_holidays=False,
        seats=120,
        peak_ramp_up_seats=30,
        ramp_up_notice_days=14,
    ),
    references=ReferencesAnswer(
        references=(
            ClientReference(
                client="Mall Co",
                industry="e-commerce",
                years=3.5,
                channels=(Channel.PHONE, Channel.CHAT),
                contactable=True,
                check_outcome=ReferenceOutcome.POSITIVE,
                serves_competitor=True,
                dedicated_agents=True,
                onsite_training_at_hq=True,
            ),
        ),
        offers_dedicated_team=True,
        offers_onsite_training=True,
        pilot=PilotOutcome(weeks=6, first_contact_resolution=0.7, csat=0.85, churn_rate=0.02),
    ),
    staffing=StaffingAnswer(
        languages=(LanguageStaff(language="ko", agents=80, cefr=CEFR.C2),),
        certifications=(Certification.COPC,),
        industry_years=6,
        annual_attrition=0.28,
        onboarding_hours=80.5,
        coaching=CoachingProgram(
            operating_manuals=True,
            difficult_customer_policy=True,
            agent_protection_policy=True,
            qa_sampling_rate=0.05,
            coaching_hours_per_agent_month=2.0,
        ),
        team_lead_interview_rating=4.5,
        culture_fit_rating=4,
        shrinkage=0.32,
        scheduled_hours_per_fte_month=168.0,
    ),
    crm=CrmAnswer(
        connectors=(CrmSystem.SALESFORCE,),
        modes=(IntegrationMode.REALTIME_API, IntegrationMode.CTI),
        sync_latency_seconds=5.0,
        writes_back_to_client_crm=True,
        unified_customer_view=True,
        client_owns_data=False,
    ),
    social=SocialAnswer(
        platforms=(SocialPlatform.KAKAOTALK, SocialPlatform.NAVER),
        median_first_response_minutes=30.0,
        hours=Hours.around_the_clock(),
    ),
    location=LocationAnswer(
        sites=(
            Site(
                country="KR",
                city="Seoul",
                timezone="Asia/Seoul",
                seats=100,
                languages=("ko", "en"),
                redundant_power=True,
                redundant_network=True,
            ),
        ),
        data_stored_in=("KR",),
    ),
    security=SecurityAnswer(
        certifications=(Certification.ISO_27001, Certification.ISMS_P),
        segregation=Segregation.DEDICATED,
        disaster_recovery=DisasterRecovery(
            documented=True,
            last_tested=dt.date(2025, 11, 3),
            rto_hours=4.0,
            rpo_hours=0.5,
            redundant_sites=2,
        ),
        reporting=Reporting(sample_reports=True, customizable=True, kpis_reported=(Kpi.CSAT,)),
    ),
    pricing=PricingAnswer(
        sheet=PriceSheet(
            currency="KRW",
            billing_increment=BillingIncrement.parse("30/6"),
            billable_components=tuple(BillableComponent),
            rounding=Rounding.MONTHLY,
            voice_rate_per_minute=Decimal("650.5"),
            per_contact={Channel.EMAIL: Decimal(1200)},
            unpriced_contacts_free=True,
            agent_hour_rate=Decimal(25_000),
            fte_month_rate=Decimal(4_000_000),
            monthly_fixed=Decimal(500_000),
            setup_fee=Decimal(1_000_000),
            minimum_monthly=Decimal(10_000_000),
            committed_ftes={Channel.PHONE: 12.5, Channel.EMAIL: 3},
            annual_increase=0.035,
            training_fee_per_hire=Decimal(800_000),
            volume_tiers=(
                VolumeTier(
                    basis=TierBasis.CONTACTS,
                    channel=Channel.CHAT,
                    mode=TierMode.ALL_UNITS,
                    bands=(TierBand(up_to=1000, rate=Decimal(900)), TierBand(rate=Decimal(800))),
                ),
            ),
            premiums=Premiums(
                timezone="Asia/Seoul",
                after_hours=AfterHours(
                    start="22:00",
                    end="08:00",
                    multiplier=Decimal("1.3"),
                    days=(Weekday.MON, Weekday.TUE),
                ),
                weekend_multiplier=Decimal("1.2"),
                holidays=(dt.date(2026, 1, 1), dt.date(2026, 2, 17)),
                holiday_multiplier=Decimal("1.5"),
                language_multipliers={"en": Decimal("1.15")},
            ),
            outbound=OutboundPricing(
                per_dial=Decimal(80),
                per_contact=Decimal(600),
                per_sale=Decimal(30_000),
                commission_share=Decimal("0.05"),
                clawback_days=90,
                clawback_share=Decimal("0.5"),
            ),
        ),
        pilot_offered=True,
        outcome_based_fees=True,
        payment_terms_days=45,
    ),
    commitments=ServiceCredits(
        commitments=(
            Commitment(
                channel=Channel.PHONE,
                kpi=CommitmentKpi.SERVICE_LEVEL,
                target=0.8,
                threshold_seconds=20,
                weight=0.6,
            ),
            Commitment(
                channel=Channel.EMAIL,
                kpi=CommitmentKpi.RESPONSE_WITHIN_HOURS,
                target=0.9,
                threshold_hours=4,
                weight=0.4,
            ),
        ),
        at_risk_share=0.1,
        earn_back_months=2,
    ),
    terms=ContractTerms(
        transition_fee=Decimal(5_000_000),
        double_running_months=1,
        learning_curve=(1.2, 1.05),
        minimum_term_months=36,
        termination_fee=Decimal(30_000_000),
        renewal_increase=0.05,
    ),
)

#: A second proposal for the fields FULL cannot answer at once (grades exclude earn-back).
GRADED = FULL.model_copy(
    update={
        "name": "Graded Answers Ltd",
        "commitments": ServiceCredits(
            commitments=(Commitment(channel=Channel.PHONE, kpi=CommitmentKpi.FCR, target=0.75),),
            grades=(
                GradeBand(grade="S", min_score=95, adjustment=0.03),
                GradeBand(grade="A", min_score=0, adjustment=-0.05),
            ),
        ),
    }
)
FULL = with_korean_parts(FULL)  # the Korean answers, QA programme and reference checks


def _answered(value: BaseModel, found: dict[tuple[type[BaseModel], str], bool]) -> None:
    """Mark each (model, field) whose value somewhere differs from its default."""
    model = type(value)
    if issubclass(model, VALUE_TYPES):
        return
    for name, info in model.model_fields.items():
        current = getattr(value, name)
        differs = info.is_required() or current != info.get_default(call_default_factory=True)
        found[(model, name)] = found.get((model, name), False) or differs
        children = current.values() if isinstance(current, dict) else current
        items = children if isinstance(children, tuple | list) else (children,)
        for item in (*items, *(current.values() if isinstance(current, dict) else ())):
            if isinstance(item, BaseModel):
                _answered(item, found)


def test_the_full_proposal_answers_every_field() -> None:
    found: dict[tuple[type[BaseModel], str], bool] = {}
    _answered(FULL, found)
    _answered(GRADED, found)
    assert set(found) == ALL_FIELDS
    assert [pair for pair, differs in found.items() if not differs] == []


@pytest.mark.parametrize("proposal", [FULL, GRADED], ids=["pool", "grades"])
def test_every_field_round_trips(tmp_path: Path, proposal: VendorProposal) -> None:
    path = fill_questionnaire(proposal, tmp_path / "full.xlsx", NEEDS)
    assert read_questionnaire(path) == proposal


# --------------------------------------------------------------------------------------------
# Fields added to a model appear without layout code
# --------------------------------------------------------------------------------------------


def _labels(layout: Layout, sheet: str) -> dict[str, Any]:
    spec = layout.sheet(sheet)
    return {f.label: f for f in spec.fields}


def test_a_field_added_to_an_answer_model_is_asked_and_read(tmp_path: Path) -> None:
    extended = create_model(
        "CrmAnswer",
        __base__=CrmAnswer,
        video_calls=(
            bool,
            Field(
                False,
                description="agents take video calls",
                json_schema_extra={"questionnaire": {"label": "Video calls"}},
            ),
        ),
        callback_minutes=(float | None, Field(None, description="callback delay [min]")),
    )
    layout = build_layout(models={"crm": extended})
    rows = _labels(layout, "CRM")
    assert rows["Video calls"].kind is Kind.BOOL
    assert rows["Video calls"].help == "agents take video calls; yes or no; blank = no"
    # no metadata at all: the field name is the label, the type gives the kind
    assert rows["Callback minutes"].kind is Kind.NUMBER
    assert rows["Callback minutes"].help == "callback delay [min]; blank = not stated"
    assert "Video calls" not in _labels(default_layout(), "CRM")

    assert HANGANG.crm is not None
    data = HANGANG.model_dump()
    data["crm"] = {**HANGANG.crm.model_dump(), "video_calls": True, "callback_minutes": 7.5}
    proposal = layout.model.model_validate(data)
    path = fill_questionnaire(proposal, tmp_path / "q.xlsx", NEEDS, layout=layout)
    assert "Video calls" in _texts(path)["CRM"]
    back = read_questionnaire(path, layout=layout)
    assert back == proposal
    assert isinstance(back, VendorProposal)
    assert back.crm is not None
    assert back.crm.video_calls is True  # type: ignore[attr-defined]


def test_a_column_added_to_a_table_item(tmp_path: Path) -> None:
    site = create_model(
        "Site",
        __base__=Site,
        floors=(int, Field(1, ge=1, description="floors the site occupies [floors]")),
    )
    sites = LocationAnswer.model_fields["sites"]
    location = create_model(
        "LocationAnswer",
        __base__=LocationAnswer,
        sites=(
            tuple[site, ...],
            Field(
                min_length=1,
                description=sites.description,
                json_schema_extra=sites.json_schema_extra,
            ),
        ),
    )
    layout = build_layout(models={"location": location})
    (table,) = layout.sheet("Location").tables
    assert [c.label for c in table.columns][-1] == "Floors"
    assert table.columns[-1].help == "floors the site occupies [floors]; whole number; blank = 1"
    data = FULL.model_dump()
    data["location"]["sites"][0]["floors"] = 3
    proposal = layout.model.model_validate(data)
    back = read_questionnaire(
        fill_questionnaire(proposal, tmp_path / "q.xlsx", layout=layout), layout=layout
    )
    assert back == proposal


def test_kinds_follow_the_field_types(tmp_path: Path) -> None:
    """Every type rule, in one extended model, written and read back."""
    fields: dict[str, Any] = {
        "flag": (bool, True),
        "count": (int, 0),
        "ratio": (Share, 0.0),
        "bounded": (typing.Annotated[float, Field(ge=0, le=1)], 0.0),
        "minutes": (float, 0.0),
        "fee": (Decimal, Decimal(0)),
        "since": (dt.date | None, None),
        "mode": (IntegrationMode, IntegrationMode.BATCH),
        "kinds": (tuple[SocialPlatform, ...], ()),
        "countries": (tuple[CountryCode, ...], ()),
        "note": (str, ""),
        "country": (CountryCode | None, None),
        "notes": (tuple[str, ...], ()),
        "dates": (tuple[dt.date, ...], ()),
        "prices": (dict[Channel, Decimal], {}),
        "spares": (tuple[Site, ...], ()),
        "cover": (Hours | None, None),
    }
    crm = create_model("CrmAnswer", __base__=CrmAnswer, **fields)
    layout = build_layout(models={"crm": crm})
    rows = _labels(layout, "CRM")
    expected = {
        "Flag": Kind.BOOL,
        "Count": Kind.INT,
        "Ratio": Kind.SHARE,
        "Bounded": Kind.SHARE,
        "Minutes": Kind.NUMBER,
        "Fee": Kind.DECIMAL,
        "Since": Kind.DATE,
        "Mode": Kind.CHOICE,
        "Kinds": Kind.CHOICES,
        "Countries": Kind.CODES,
        "Note": Kind.TEXT,
        "Country": Kind.CODE,
    }
    assert {label: rows[label].kind for label in expected} == expected
    assert rows["Mode"].choices == ("realtime_api", "cti", "batch", "manual")
    tables = {t.title: t for t in layout.sheet("CRM").tables}
    assert {title: t.shape for title, t in tables.items()} == {
        "Notes": TableShape.VALUES,
        "Dates": TableShape.VALUES,
        "Prices": TableShape.MAPPING,
        "Spares": TableShape.ITEMS,
        "Cover": TableShape.HOURS,
    }
    assert [c.kind for c in tables["Notes"].columns] == [Kind.TEXT]
    assert HANGANG.crm is not None
    data = HANGANG.model_dump()
    data["crm"] = {
        **HANGANG.crm.model_dump(),
        "flag": False,
        "count": 12,
        "ratio": 0.25,
        "bounded": 1,
        "minutes": 2.5,
        "fee": Decimal("0.1"),
        "since": dt.date(2024, 2, 29),
        "mode": IntegrationMode.CTI,
        "kinds": (SocialPlatform.LINE, SocialPlatform.X),
        "countries": ("KR", "JP"),
        "note": "=not a formula, with commas",
        "country": "MX",
        "notes": ("a, b", "c"),
        "dates": (dt.date(2026, 5, 5),),
        "prices": {Channel.CHAT: Decimal("0.25")},
        "spares": FULL.location.sites if FULL.location else (),
        "cover": Hours.around_the_clock(),
    }
    proposal = layout.model.model_validate(data)
    back = read_questionnaire(
        fill_questionnaire(proposal, tmp_path / "q.xlsx", layout=layout), layout=layout
    )
    assert back == proposal


def test_order_moves_a_field() -> None:
    crm = create_model(
        "CrmAnswer",
        __base__=CrmAnswer,
        first=(bool, Field(False, json_schema_extra={"questionnaire": {"order": -1}})),
    )
    assert build_layout(models={"crm": crm}).sheet("CRM").fields[0].label == "First"


# --------------------------------------------------------------------------------------------
# The default layout
# --------------------------------------------------------------------------------------------


def test_sheets_and_roots() -> None:
    layout = default_layout()
    assert [(s.name, s.root, s.optional) for s in layout.sheets] == [
        ("Instructions", (), False),
        ("Coverage", ("coverage",), True),
        ("References", ("references",), True),
        ("Staffing", ("staffing",), True),
        ("CRM", ("crm",), True),
        ("Social", ("social",), True),
        ("Location", ("location",), True),
        ("Security", ("security",), True),
        ("Pricing", ("pricing",), False),
        ("Commitments", ("commitments",), True),
        ("Terms", ("terms",), True),
    ]
    assert layout.model is VendorProposal
    assert default_layout() is layout  # built once
    assert build_layout() == layout


def test_help_is_description_kind_and_blank() -> None:
    coverage = _labels(default_layout(), "Coverage")
    assert coverage["Seats at go-live"].help == (
        "seats for this account at go-live [seats]; whole number; required"
    )
    assert coverage["Service on public holidays"].help == (
        "service runs on public holidays; yes or no; blank = yes"
    )
    security = _labels(default_layout(), "Security")
    assert security["Separation of the buyer's data"].help.endswith(
        "blank = shared; one of: shared, logical, dedicated"
    )
    assert security["Last full disaster-recovery test"].help.endswith("blank = never tested")


def test_optional_group_with_defaults_gets_a_yes_no_row() -> None:
    pricing = _labels(default_layout(), "Pricing")
    assert pricing["Surcharges (premiums) charged"].kind is Kind.PRESENT
    assert pricing["Surcharges (premiums) charged"].path == ("sheet", "premiums")
    # a pilot needs its length, so no yes/no row: blank pilot rows mean no pilot
    assert "Pilot" not in _labels(default_layout(), "References")


def test_buyer_hints_name_fields_of_the_layout() -> None:
    layout = default_layout()
    paths = {s.root + f.path for s in layout.sheets for f in s.fields}
    assert set(buyer_hints(NEEDS)) <= paths


LABELS_AS_SENT: dict[str, tuple[str, ...]] = {
    "Instructions": (
        "Vendor name",
        "Summary",
    ),
    "Coverage": (
        "Channels offered",
        "Service on public holidays",
        "Seats at go-live",
        "Extra seats for peaks",
        "Notice to add the peak seats",
        "Hours of service (buyer's time zone) — one weekly window per row",
        "Channel",
        "24/7",
        "Days",
        "From",
        "To",
    ),
    "References": (
        "Dedicated team for this account",
        "Training at the buyer's headquarters",
        "Pilot length",
        "Pilot first-contact resolution",
        "Pilot CSAT (top-2-box)",
        "Pilot customer churn",
        "Client references — one client per row",
        "Client",
        "Industry",
        "Years served",
        "Channels served",
        "Contactable",
        "Reference-check outcome",
        "Competitor of the buyer",
        "Dedicated agents",
        "Trained at the client's HQ",
    ),
    "Staffing": (
        "Quality certifications held",
        "Years serving the buyer's industry",
        "Annual agent attrition",
        "Initial training per agent",
        "Written operating manuals per client",
        "Policy for abusive or difficult customers",
        "Protection of agents against abuse",
        "Share of contacts quality-checked",
        "One-to-one coaching per agent",
        "Shrinkage",
        "Paid hours of a full-time agent",
        "Team-lead interview rating",
        "Culture-fit rating",
        "Agents per language — one language per row",
        "Language",
        "Agents",
        "Lowest fluency (CEFR)",
    ),
    "CRM": (
        "CRM connectors in production",
        "Integration modes",
        "Typical delay until an interaction is in the CRM",
        "Interactions written into the buyer's CRM",
        "One customer history across channels",
        "Interaction data belongs to the buyer",
    ),
    "Social": (
        "Platforms served",
        "Median first response",
        "Hours social care is staffed (buyer's time zone) — one weekly window per row",
        "24/7",
        "Days",
        "From",
        "To",
    ),
    "Location": (
        "Countries where the buyer's data is stored",
        "Delivery sites — one site per row",
        "Country",
        "City",
        "Time zone",
        "Seats",
        "Languages served",
        "Backup power",
        "Two network carriers",
    ),
    "Security": (
        "Security certifications held",
        "Separation of the buyer's data",
        "Written disaster-recovery plan",
        "Last full disaster-recovery test",
        "Recovery time objective (RTO)",
        "Recovery point objective (RPO)",
        "Sites that can take over the work",
        "Sample reports provided",
        "Reports tailored to the buyer",
        "KPIs in the standard reports",
    ),
    "Pricing": (
        "Currency",
        "Billing increment",
        "Billed parts of a call",
        "Where the increment applies",
        "Price per billed voice minute",
        "Price per productive agent hour",
        "Price per full-time agent a month",
        "Fixed fee every month",
        "One-off set-up fee",
        "Minimum monthly bill",
        "Contacts in channels without a price are free",
        "Paid pilot offered",
        "Part of the fee depends on outcomes",
        "Payment terms",
        "Surcharges (premiums) charged",
        "Time zone of the surcharge windows",
        "After-hours window starts",
        "After-hours window ends",
        "After-hours multiplier",
        "After-hours days",
        "Weekend multiplier",
        "Holiday multiplier",
        "Price per handled contact — one channel per row",
        "Volume tiers — one band per row, the bands of a tier in ascending order",
        "Holidays the holiday multiplier applies to — one date per row",
        "Language surcharges — one language per row",
        "Channel",
        "Price per contact",
        "Quantity counted",
        "Mode",
        "Up to (inclusive)",
        "Rate",
        "Date",
        "Language",
        "Multiplier",
    ),
}
"""Row labels, table titles and column headers of questionnaires sent so far, by sheet."""

RETIRED_LABELS: dict[tuple[str, str], str] = {
    ("Staffing", "Paid hours of a full-time agent"): (
        "the row asked for paid hours, which in Korea include ~35 h of paid weekly rest (209 "
        "h); it now asks for the scheduled working hours, so an answer given under the old "
        "label cannot be read as one"
    ),
}
"""Labels deliberately no longer asked, with why."""


def test_labels_stay_as_sent() -> None:
    """Filled questionnaires are read by their labels: each one ever sent is still asked,
    unless it was retired for a stated reason."""
    for sheet in default_layout().sheets:
        shown = {f.label for f in sheet.fields} | {t.title for t in sheet.tables}
        shown |= {c.label for t in sheet.tables for c in t.columns}
        sent = set(LABELS_AS_SENT.get(sheet.name, ()))
        retired = {label for (name, label) in RETIRED_LABELS if name == sheet.name}
        assert sent - retired <= shown, sheet.name
        assert not retired & shown, sheet.name


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


def _crm_with(**fields: Any) -> type[BaseModel]:
    return create_model("CrmAnswer", __base__=CrmAnswer, **fields)


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        ({"blob": (bytes, b"")}, ArgumentError, "CrmAnswer.blob: the questionnaire cannot ask"),
        (
            {"x": (bool, Field(False, json_schema_extra={"questionnaire": {"lable": "X"}}))},
            ArgumentError,
            "CrmAnswer.x: unknown questionnaire metadata 'lable'",
        ),
        (
            {"x": (str, Field("", json_schema_extra={"questionnaire": {"kind": "colour"}}))},
            ArgumentError,
            "CrmAnswer.x: questionnaire kind 'colour' is unknown",
        ),
        (
            {"x": (bool, Field(False, json_schema_extra={"questionnaire": {"rows": "many"}}))},
            ArgumentTypeError,
            "CrmAnswer.x: questionnaire metadata 'rows' must be a number",
        ),
        (
            {
                "x": (
                    bool,
                    Field(
                        False, json_schema_extra={"questionnaire": {"label": "Integration modes"}}
                    ),
                )
            },
            ArgumentError,
            "the label 'Integration modes' is used twice",
        ),
        (
            {"x": (dict[str, Site], {})},
            ArgumentError,
            "CrmAnswer.x: the questionnaire cannot ask",
        ),
    ],
)
def test_bad_models_are_refused(
    fields: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message) as info:
        build_layout(models={"crm": _crm_with(**fields)})
    assert isinstance(info.value, VendorEvalError)


def test_bad_arguments() -> None:
    with pytest.raises(UnknownNameError, match="has no field 'crn'"):
        build_layout(models={"crn": CrmAnswer})
    with pytest.raises(
        ArgumentTypeError, match=r"models\['crm'\]: expected a subclass of CrmAnswer"
    ):
        build_layout(models={"crm": SocialAnswer})
    with pytest.raises(ArgumentTypeError, match="proposal: expected VendorProposal"):
        build_layout(CrmAnswer)  # type: ignore[arg-type]
    with pytest.raises(UnknownNameError, match="no sheet 'Prices'; the sheets are: Instructions"):
        default_layout().sheet("Prices")
