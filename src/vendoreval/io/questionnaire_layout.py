"""Layout of the vendor questionnaire workbook: sheets, answer rows, tables and their help.

The questionnaire (:mod:`vendoreval.io.questionnaire`) has an ``Instructions`` sheet that also
holds the vendor's name and summary, then one sheet per check. Every sheet is laid out the
same way:

* row 1 a title, row 2 one line on what is asked, row 3 the header
  ``Field | Answer | Unit / allowed values``;
* from row 4, one row per scalar answer (:class:`FieldSpec`): the label in column A, the
  answer in column B, the unit or the allowed values in column C;
* below, one table per repeated item (:class:`TableSpec`): a title row, a header row, a help
  row, then one row per item.

The reader finds answers by their label in column A and tables by their title, so rows may be
added to a table. Paths are relative to the sheet's ``root`` in
:class:`~vendoreval.proposal.VendorProposal` (``("disaster_recovery", "rto_hours")`` on the
``Security`` sheet is ``security.disaster_recovery.rto_hours``).

This module holds data only; it imports neither openpyxl nor pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from vendoreval.pricing.sheet import BillableComponent, Rounding, TierBasis, TierMode
from vendoreval.proposal.references import ReferenceOutcome
from vendoreval.vocabulary import (
    CEFR,
    Certification,
    Channel,
    CrmSystem,
    IntegrationMode,
    Kpi,
    Segregation,
    SocialPlatform,
    Weekday,
)

__all__ = [
    "ALL_CHANNELS",
    "ANSWER_COLUMN",
    "FIELD_HEADER",
    "FIRST_FIELD_ROW",
    "HEADER_ROW",
    "HELP_COLUMN",
    "INCREMENT_EXAMPLES",
    "INSTRUCTIONS",
    "LABEL_COLUMN",
    "NO",
    "SHEETS",
    "YES",
    "ColumnSpec",
    "FieldSpec",
    "Kind",
    "SheetSpec",
    "TableShape",
    "TableSpec",
    "sheet_spec",
]

LABEL_COLUMN: Final = 1
"""Column of the field labels (A)."""
ANSWER_COLUMN: Final = 2
"""Column of the answers to scalar fields (B)."""
HELP_COLUMN: Final = 3
"""Column of the unit and allowed values of scalar fields (C)."""
HEADER_ROW: Final = 3
"""Row of the ``Field | Answer | Unit / allowed values`` header."""
FIRST_FIELD_ROW: Final = 4
"""Row of the first scalar answer."""
FIELD_HEADER: Final = ("Field", "Answer", "Unit / allowed values")
"""Header of the scalar answers."""

YES: Final = "yes"
NO: Final = "no"
ALL_CHANNELS: Final = "all"
"""Channel cell of an hours row that applies to every channel."""

INCREMENT_EXAMPLES: Final = ("60/60", "30/6", "6/6", "1/1", "per-minute", "per-second")
"""Billing increments offered in the drop-down (any ``a/b`` is accepted)."""


class Kind(StrEnum):
    """How an answer cell is read and written.

    ``text``: free text, kept exactly. ``code``: a code checked by the model (currency,
    time zone, language, country), surrounding spaces dropped. ``bool``: ``yes`` or ``no``.
    ``int``: a whole number. ``number``: any number. ``share``: a fraction 0–1 (a
    percentage such as ``12%`` is refused). ``decimal``: an amount of money or a multiplier,
    a number or its exact digits as text. ``date``: a date. ``clock``: ``HH:MM``.
    ``choice``: one of ``choices``. ``choices``: a comma-separated list of ``choices``.
    ``codes``: a comma-separated list of codes. ``increment``: a billing increment ``a/b``.
    ``present``: ``yes`` or ``no`` — whether an optional group of answers applies.
    """

    TEXT = "text"
    CODE = "code"
    BOOL = "bool"
    INT = "int"
    NUMBER = "number"
    SHARE = "share"
    DECIMAL = "decimal"
    DATE = "date"
    CLOCK = "clock"
    CHOICE = "choice"
    CHOICES = "choices"
    CODES = "codes"
    INCREMENT = "increment"
    PRESENT = "present"


class TableShape(StrEnum):
    """How the rows of a table become data.

    ``items``: one model per row (a list of mappings). ``mapping``: the first column is a
    key, the second its value (a mapping). ``values``: one value per row (a list).
    ``hours``: weekly windows or a 24/7 row (one :class:`~vendoreval.needs.hours.Hours`).
    ``channel_hours``: as ``hours``, grouped by the channel column (``all`` → the default
    hours, a channel → its own hours). ``tiers``: bands grouped into volume tiers by basis
    and channel.
    """

    ITEMS = "items"
    MAPPING = "mapping"
    VALUES = "values"
    HOURS = "hours"
    CHANNEL_HOURS = "channel_hours"
    TIERS = "tiers"


@dataclass(frozen=True)
class FieldSpec:
    """One scalar answer: a row ``label | answer | help``.

    Parameters
    ----------
    path : tuple of str
        Field path below the sheet's root.
    label : str
        Text of column A (unique on its sheet).
    kind : Kind
        How the answer is read and written.
    help : str
        Unit, meaning and what a blank answer means.
    choices : tuple of str
        Allowed values of a ``choice`` or ``choices`` answer.
    """

    path: tuple[str, ...]
    label: str
    kind: Kind
    help: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a table.

    Parameters
    ----------
    key : str
        Field of the row's model (``client``), or a role in the table's shape (``key``,
        ``value``, ``channel``, ``always``, ``days``, ``start``, ``end``, ``basis``, ``mode``,
        ``up_to``, ``rate``).
    label : str
        Header text.
    kind : Kind
        How the cells are read and written.
    help : str
        Unit or allowed values (the help row).
    choices : tuple of str
        Allowed values of a ``choice`` or ``choices`` column.
    width : float
        Column width [characters].
    """

    key: str
    label: str
    kind: Kind
    help: str
    choices: tuple[str, ...] = ()
    width: float = 16.0


@dataclass(frozen=True)
class TableSpec:
    """A table of repeated items: title row, header row, help row, then one row per item.

    Parameters
    ----------
    path : tuple of str
        Field path below the sheet's root (for ``channel_hours`` tables, the path of the
        answer holding ``hours`` and ``channel_hours``).
    title : str
        Text of the title row (unique on its sheet).
    columns : tuple of ColumnSpec
        Columns from A.
    rows : int
        Blank rows in a fresh questionnaire.
    shape : TableShape
        How the rows become data.
    """

    path: tuple[str, ...]
    title: str
    columns: tuple[ColumnSpec, ...]
    rows: int
    shape: TableShape


@dataclass(frozen=True)
class SheetSpec:
    """One sheet of the questionnaire.

    Parameters
    ----------
    name : str
        Sheet name.
    root : tuple of str
        Path of the sheet's answer in the proposal (``()`` for the vendor's name and
        summary, ``("security",)``…).
    title : str
        Row 1.
    intro : str
        Row 2: what the sheet asks.
    fields : tuple of FieldSpec
        Scalar answers, from row 4.
    tables : tuple of TableSpec
        Tables below the scalar answers.
    optional : bool
        A sheet left entirely blank means "not answered" (the answer is None).
    """

    name: str
    root: tuple[str, ...]
    title: str
    intro: str
    fields: tuple[FieldSpec, ...]
    tables: tuple[TableSpec, ...] = ()
    optional: bool = True

    @property
    def width(self) -> int:
        """Columns the sheet uses (at least A–C) [columns]."""
        return max([HELP_COLUMN, *(len(table.columns) for table in self.tables)])


def _values(members: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in members)


CHANNELS: Final = _values(Channel)
WEEKDAYS: Final = _values(Weekday)

_SHARE = "fraction 0–1: 0.12 for 12% (a percentage such as 12% is not accepted)"
_DAYS_HELP = "comma-separated days"
_FROM_HELP = "HH:MM on the hour or half hour, e.g. 09:00"
_TO_HELP = "HH:MM; 24:00 for midnight; a time before From runs past midnight"
_MONEY = "in the price sheet's currency; a number, e.g. 1500 or 0.25"


def _hours_columns(*, with_channel: bool) -> tuple[ColumnSpec, ...]:
    channel = ColumnSpec(
        "channel",
        "Channel",
        Kind.CHOICE,
        f"'{ALL_CHANNELS}' for every channel, or one channel whose hours differ",
        (ALL_CHANNELS, *CHANNELS),
        width=14,
    )
    rest = (
        ColumnSpec("always", "24/7", Kind.BOOL, "yes for around the clock (no days or times)"),
        ColumnSpec("days", "Days", Kind.CHOICES, _DAYS_HELP, WEEKDAYS, width=30),
        ColumnSpec("start", "From", Kind.CLOCK, _FROM_HELP, width=12),
        ColumnSpec("end", "To", Kind.CLOCK, _TO_HELP, width=12),
    )
    return (channel, *rest) if with_channel else rest


INSTRUCTIONS: Final = SheetSpec(
    name="Instructions",
    root=(),
    title="Vendor questionnaire — contact-center outsourcing",
    intro="Please answer on the sheets Coverage to Pricing; each sheet is one check.",
    fields=(
        FieldSpec(("name",), "Vendor name", Kind.TEXT, "your company's name (required)"),
        FieldSpec(("summary",), "Summary", Kind.TEXT, "one paragraph describing your company"),
    ),
    optional=False,
)

COVERAGE: Final = SheetSpec(
    name="Coverage",
    root=("coverage",),
    title="1 · Needs & coverage",
    intro="Channels you will staff for this account, the hours you cover and your capacity.",
    fields=(
        FieldSpec(
            ("channels",),
            "Channels offered",
            Kind.CHOICES,
            "comma-separated; required",
            CHANNELS,
        ),
        FieldSpec(
            ("covers_holidays",),
            "Service on public holidays",
            Kind.BOOL,
            "yes or no; blank = yes",
        ),
        FieldSpec(
            ("seats",),
            "Seats at go-live",
            Kind.INT,
            "seats for this account at go-live [seats]; whole number; required",
        ),
        FieldSpec(
            ("peak_ramp_up_seats",),
            "Extra seats for peaks",
            Kind.INT,
            "seats you can add for peaks [seats]; blank = 0",
        ),
        FieldSpec(
            ("ramp_up_notice_days",),
            "Notice to add the peak seats",
            Kind.INT,
            "[days]; blank = not stated",
        ),
    ),
    tables=(
        TableSpec(
            path=(),
            title="Hours of service (buyer's time zone) — one weekly window per row",
            columns=_hours_columns(with_channel=True),
            rows=10,
            shape=TableShape.CHANNEL_HOURS,
        ),
    ),
)

REFERENCES: Final = SheetSpec(
    name="References",
    root=("references",),
    title="2 · References",
    intro="Clients the buyer may call, and how you would staff and train for the buyer.",
    fields=(
        FieldSpec(
            ("offers_dedicated_team",),
            "Dedicated team for this account",
            Kind.BOOL,
            "yes if the agents would work only on this account; blank = no",
        ),
        FieldSpec(
            ("offers_onsite_training",),
            "Training at the buyer's headquarters",
            Kind.BOOL,
            "yes or no; blank = no",
        ),
        FieldSpec(
            ("pilot", "weeks"),
            "Pilot length",
            Kind.INT,
            "[weeks]; leave the four pilot rows blank when no pilot was run",
        ),
        FieldSpec(
            ("pilot", "first_contact_resolution"),
            "Pilot first-contact resolution",
            Kind.SHARE,
            f"{_SHARE}; blank = not measured",
        ),
        FieldSpec(
            ("pilot", "csat"),
            "Pilot CSAT (top-2-box)",
            Kind.SHARE,
            f"{_SHARE}; blank = not measured",
        ),
        FieldSpec(
            ("pilot", "churn_rate"),
            "Pilot customer churn",
            Kind.SHARE,
            f"{_SHARE}; blank = not measured",
        ),
    ),
    tables=(
        TableSpec(
            path=("references",),
            title="Client references — one client per row",
            columns=(
                ColumnSpec("client", "Client", Kind.TEXT, "client name; required"),
                ColumnSpec("industry", "Industry", Kind.TEXT, "e.g. e-commerce; required"),
                ColumnSpec("years", "Years served", Kind.NUMBER, "[years]; blank = 0", width=12),
                ColumnSpec(
                    "channels", "Channels served", Kind.CHOICES, "comma-separated", CHANNELS, 24
                ),
                ColumnSpec(
                    "contactable", "Contactable", Kind.BOOL, "yes or no; blank = no", width=12
                ),
                ColumnSpec(
                    "check_outcome",
                    "Reference-check outcome",
                    Kind.CHOICE,
                    "filled in by the buyer; blank = not_contacted",
                    _values(ReferenceOutcome),
                    18,
                ),
                ColumnSpec(
                    "serves_competitor",
                    "Competitor of the buyer",
                    Kind.BOOL,
                    "yes or no; blank = no",
                    width=14,
                ),
                ColumnSpec(
                    "dedicated_agents",
                    "Dedicated agents",
                    Kind.BOOL,
                    "yes or no; blank = no",
                    width=12,
                ),
                ColumnSpec(
                    "onsite_training_at_hq",
                    "Trained at the client's HQ",
                    Kind.BOOL,
                    "yes or no; blank = no",
                    width=14,
                ),
            ),
            rows=8,
            shape=TableShape.ITEMS,
        ),
    ),
)

STAFFING: Final = SheetSpec(
    name="Staffing",
    root=("staffing",),
    title="3 · Staffing & languages",
    intro="Who would answer the buyer's customers: languages, experience and quality program.",
    fields=(
        FieldSpec(
            ("certifications",),
            "Quality certifications held",
            Kind.CHOICES,
            "comma-separated; blank = none",
            _values(Certification),
        ),
        FieldSpec(
            ("industry_years",),
            "Years serving the buyer's industry",
            Kind.NUMBER,
            "[years]; blank = 0",
        ),
        FieldSpec(
            ("annual_attrition",),
            "Annual agent attrition",
            Kind.SHARE,
            f"share of agents who leave in a year; {_SHARE}; blank = 0.35 assumed",
        ),
        FieldSpec(
            ("onboarding_hours",),
            "Initial training per agent",
            Kind.NUMBER,
            "before going live [h]; blank = 0",
        ),
        FieldSpec(
            ("coaching", "operating_manuals"),
            "Written operating manuals per client",
            Kind.BOOL,
            "yes or no; blank = no",
        ),
        FieldSpec(
            ("coaching", "difficult_customer_policy"),
            "Policy for abusive or difficult customers",
            Kind.BOOL,
            "yes or no; blank = no",
        ),
        FieldSpec(
            ("coaching", "agent_protection_policy"),
            "Protection of agents against abuse",
            Kind.BOOL,
            "call termination rights, counselling…; yes or no; blank = no",
        ),
        FieldSpec(
            ("coaching", "qa_sampling_rate"),
            "Share of contacts quality-checked",
            Kind.SHARE,
            f"{_SHARE}; blank = 0",
        ),
        FieldSpec(
            ("coaching", "coaching_hours_per_agent_month"),
            "One-to-one coaching per agent",
            Kind.NUMBER,
            "[h/month]; blank = 0",
        ),
        FieldSpec(
            ("shrinkage",),
            "Shrinkage",
            Kind.SHARE,
            "share of paid time not on contacts (breaks, training, absence), 0 to below 1 "
            "(0.3 for 30%; a percentage is not accepted); blank = 0.30",
        ),
        FieldSpec(
            ("paid_hours_per_fte_month",),
            "Paid hours of a full-time agent",
            Kind.NUMBER,
            "[h/month], above 0 and at most 744; blank = 173.3",
        ),
        FieldSpec(
            ("team_lead_interview_rating",),
            "Team-lead interview rating",
            Kind.NUMBER,
            "filled in by the buyer: 1 (poor) to 5 (excellent); blank = not rated",
        ),
        FieldSpec(
            ("culture_fit_rating",),
            "Culture-fit rating",
            Kind.NUMBER,
            "filled in by the buyer: 1 (poor) to 5 (excellent); blank = not rated",
        ),
    ),
    tables=(
        TableSpec(
            path=("languages",),
            title="Agents per language — one language per row",
            columns=(
                ColumnSpec(
                    "language",
                    "Language",
                    Kind.CODE,
                    "BCP 47 tag: ko, en, ja, es-419, pt-BR, zh-Hant…; required",
                ),
                ColumnSpec(
                    "agents",
                    "Agents",
                    Kind.INT,
                    "agents who work in the language at the level given or better; required",
                ),
                ColumnSpec(
                    "cefr",
                    "Lowest fluency (CEFR)",
                    Kind.CHOICE,
                    "A1 (lowest) … C2 (mastery); required",
                    _values(CEFR),
                    18,
                ),
            ),
            rows=8,
            shape=TableShape.ITEMS,
        ),
    ),
)

CRM: Final = SheetSpec(
    name="CRM",
    root=("crm",),
    title="4 · CRM integration",
    intro="How interaction data reaches the buyer's CRM, how fast, and who owns it.",
    fields=(
        FieldSpec(
            ("connectors",),
            "CRM connectors in production",
            Kind.CHOICES,
            "comma-separated; blank = none",
            _values(CrmSystem),
        ),
        FieldSpec(
            ("modes",),
            "Integration modes",
            Kind.CHOICES,
            "comma-separated; blank = none",
            _values(IntegrationMode),
        ),
        FieldSpec(
            ("sync_latency_seconds",),
            "Typical delay until an interaction is in the CRM",
            Kind.NUMBER,
            "[s], above 0; blank = 86400 (a day)",
        ),
        FieldSpec(
            ("writes_back_to_client_crm",),
            "Interactions written into the buyer's CRM",
            Kind.BOOL,
            "yes or no; blank = no",
        ),
        FieldSpec(
            ("unified_customer_view",),
            "One customer history across channels",
            Kind.BOOL,
            "yes or no; blank = no",
        ),
        FieldSpec(
            ("client_owns_data",),
            "Interaction data belongs to the buyer",
            Kind.BOOL,
            "contractually; yes or no; blank = yes",
        ),
    ),
)

SOCIAL: Final = SheetSpec(
    name="Social",
    root=("social",),
    title="5 · Social-media support",
    intro="Platforms you serve, how fast you respond and when social care is staffed.",
    fields=(
        FieldSpec(
            ("platforms",),
            "Platforms served",
            Kind.CHOICES,
            "comma-separated; blank = none",
            _values(SocialPlatform),
        ),
        FieldSpec(
            ("median_first_response_minutes",),
            "Median first response",
            Kind.NUMBER,
            "[min], above 0; blank = 240",
        ),
    ),
    tables=(
        TableSpec(
            path=("hours",),
            title="Hours social care is staffed (buyer's time zone) — one weekly window per row",
            columns=_hours_columns(with_channel=False),
            rows=6,
            shape=TableShape.HOURS,
        ),
    ),
)

LOCATION: Final = SheetSpec(
    name="Location",
    root=("location",),
    title="6 · Location",
    intro="Sites that would serve the buyer, and where the buyer's customer data is stored.",
    fields=(
        FieldSpec(
            ("data_stored_in",),
            "Countries where the buyer's data is stored",
            Kind.CODES,
            "comma-separated ISO 3166 codes: KR, US, MX…; blank = not stated",
        ),
    ),
    tables=(
        TableSpec(
            path=("sites",),
            title="Delivery sites — one site per row",
            columns=(
                ColumnSpec("country", "Country", Kind.CODE, "ISO 3166 code: KR, MX…; required"),
                ColumnSpec("city", "City", Kind.TEXT, "required"),
                ColumnSpec(
                    "timezone",
                    "Time zone",
                    Kind.CODE,
                    "IANA name: Asia/Seoul, America/Mexico_City…; required",
                    width=22,
                ),
                ColumnSpec("seats", "Seats", Kind.INT, "[seats]; required", width=10),
                ColumnSpec(
                    "languages",
                    "Languages served",
                    Kind.CODES,
                    "comma-separated BCP 47 tags: ko, en, es-419…",
                    width=20,
                ),
                ColumnSpec(
                    "redundant_power",
                    "Backup power",
                    Kind.BOOL,
                    "UPS and generator; yes or no; blank = no",
                    width=12,
                ),
                ColumnSpec(
                    "redundant_network",
                    "Two network carriers",
                    Kind.BOOL,
                    "yes or no; blank = no",
                    width=14,
                ),
            ),
            rows=6,
            shape=TableShape.ITEMS,
        ),
    ),
)

SECURITY: Final = SheetSpec(
    name="Security",
    root=("security",),
    title="7 · Security, policies & disaster recovery",
    intro="Certifications, separation of client data, disaster recovery and reporting.",
    fields=(
        FieldSpec(
            ("certifications",),
            "Security certifications held",
            Kind.CHOICES,
            "current certifications; comma-separated; blank = none",
            _values(Certification),
        ),
        FieldSpec(
            ("segregation",),
            "Separation of the buyer's data",
            Kind.CHOICE,
            "from other clients' data (weakest first); blank = shared",
            _values(Segregation),
        ),
        FieldSpec(
            ("disaster_recovery", "documented"),
            "Written disaster-recovery plan",
            Kind.BOOL,
            "yes or no; blank = no",
        ),
        FieldSpec(
            ("disaster_recovery", "last_tested"),
            "Last full disaster-recovery test",
            Kind.DATE,
            "date, YYYY-MM-DD; blank = never tested",
        ),
        FieldSpec(
            ("disaster_recovery", "rto_hours"),
            "Recovery time objective (RTO)",
            Kind.NUMBER,
            "[h], above 0; blank = not stated",
        ),
        FieldSpec(
            ("disaster_recovery", "rpo_hours"),
            "Recovery point objective (RPO)",
            Kind.NUMBER,
            "data-loss window [h], above 0; blank = not stated",
        ),
        FieldSpec(
            ("disaster_recovery", "redundant_sites"),
            "Sites that can take over the work",
            Kind.INT,
            "[sites]; blank = 0",
        ),
        FieldSpec(
            ("reporting", "sample_reports"),
            "Sample reports provided",
            Kind.BOOL,
            "yes or no; blank = no",
        ),
        FieldSpec(
            ("reporting", "customizable"),
            "Reports tailored to the buyer",
            Kind.BOOL,
            "yes or no; blank = no",
        ),
        FieldSpec(
            ("reporting", "kpis_reported"),
            "KPIs in the standard reports",
            Kind.CHOICES,
            "comma-separated; blank = none",
            _values(Kpi),
        ),
    ),
)

PRICING: Final = SheetSpec(
    name="Pricing",
    root=("pricing",),
    title="8 · Pricing & billing",
    intro="Your price sheet: how calls are measured and billed, rates, fees, tiers, surcharges.",
    fields=(
        FieldSpec(
            ("sheet", "currency"),
            "Currency",
            Kind.CODE,
            "ISO 4217 code of every amount: KRW, USD, EUR…; required",
        ),
        FieldSpec(
            ("sheet", "billing_increment"),
            "Billing increment",
            Kind.INCREMENT,
            "first period/step in seconds: 60/60 (per minute), 30/6, 6/6, 1/1 (per second); "
            "required",
        ),
        FieldSpec(
            ("sheet", "billable_components"),
            "Billed parts of a call",
            Kind.CHOICES,
            "comma-separated; wait = the customer's time in queue; blank = talk, hold, acw",
            _values(BillableComponent),
        ),
        FieldSpec(
            ("sheet", "rounding"),
            "Where the increment applies",
            Kind.CHOICE,
            "per_contact: to each call; monthly: once to the month's total; blank = per_contact",
            _values(Rounding),
        ),
        FieldSpec(
            ("sheet", "voice_rate_per_minute"),
            "Price per billed voice minute",
            Kind.DECIMAL,
            f"{_MONEY}; blank = none",
        ),
        FieldSpec(
            ("sheet", "agent_hour_rate"),
            "Price per productive agent hour",
            Kind.DECIMAL,
            f"{_MONEY}; blank = none",
        ),
        FieldSpec(
            ("sheet", "fte_month_rate"),
            "Price per full-time agent a month",
            Kind.DECIMAL,
            f"{_MONEY}; blank = none",
        ),
        FieldSpec(
            ("sheet", "monthly_fixed"),
            "Fixed fee every month",
            Kind.DECIMAL,
            f"platform, management… {_MONEY}; blank = 0",
        ),
        FieldSpec(
            ("sheet", "setup_fee"),
            "One-off set-up fee",
            Kind.DECIMAL,
            f"{_MONEY}; blank = 0",
        ),
        FieldSpec(
            ("sheet", "minimum_monthly"),
            "Minimum monthly bill",
            Kind.DECIMAL,
            f"the month is billed at least this; {_MONEY}; blank = none",
        ),
        FieldSpec(
            ("sheet", "unpriced_contacts_free"),
            "Contacts in channels without a price are free",
            Kind.BOOL,
            "yes or no; blank = no (they would be an error on an invoice)",
        ),
        FieldSpec(
            ("pilot_offered",),
            "Paid pilot offered",
            Kind.BOOL,
            "before the full contract; yes or no; blank = no",
        ),
        FieldSpec(
            ("outcome_based_fees",),
            "Part of the fee depends on outcomes",
            Kind.BOOL,
            "resolution, CSAT… rather than contact counts; yes or no; blank = no",
        ),
        FieldSpec(
            ("payment_terms_days",),
            "Payment terms",
            Kind.INT,
            "days to pay an invoice [days]; blank = 30",
        ),
        FieldSpec(
            ("sheet", "premiums"),
            "Surcharges (premiums) charged",
            Kind.PRESENT,
            "yes if any after-hours, weekend, holiday or language surcharge applies; "
            "then fill the rows below and the tables",
        ),
        FieldSpec(
            ("sheet", "premiums", "timezone"),
            "Time zone of the surcharge windows",
            Kind.CODE,
            "IANA name, e.g. Asia/Seoul; required for after-hours, weekend and holiday surcharges",
        ),
        FieldSpec(
            ("sheet", "premiums", "after_hours", "start"),
            "After-hours window starts",
            Kind.CLOCK,
            "HH:MM, e.g. 22:00; a call is after hours when it starts in the window",
        ),
        FieldSpec(
            ("sheet", "premiums", "after_hours", "end"),
            "After-hours window ends",
            Kind.CLOCK,
            "HH:MM, e.g. 08:00 (before the start: runs past midnight)",
        ),
        FieldSpec(
            ("sheet", "premiums", "after_hours", "multiplier"),
            "After-hours multiplier",
            Kind.DECIMAL,
            "price multiplier above 0: 1.3 for +30% (a percentage is not accepted)",
        ),
        FieldSpec(
            ("sheet", "premiums", "after_hours", "days"),
            "After-hours days",
            Kind.CHOICES,
            "days the window opens; comma-separated; blank = every day",
            WEEKDAYS,
        ),
        FieldSpec(
            ("sheet", "premiums", "weekend_multiplier"),
            "Weekend multiplier",
            Kind.DECIMAL,
            "calls on Saturday or Sunday: 1.2 for +20%; blank = none",
        ),
        FieldSpec(
            ("sheet", "premiums", "holiday_multiplier"),
            "Holiday multiplier",
            Kind.DECIMAL,
            "calls on the holidays listed below: 1.5 for +50%; blank = none",
        ),
    ),
    tables=(
        TableSpec(
            path=("sheet", "per_contact"),
            title="Price per handled contact — one channel per row",
            columns=(
                ColumnSpec("key", "Channel", Kind.CHOICE, "one row per channel", CHANNELS),
                ColumnSpec("value", "Price per contact", Kind.DECIMAL, _MONEY, width=20),
            ),
            rows=5,
            shape=TableShape.MAPPING,
        ),
        TableSpec(
            path=("sheet", "volume_tiers"),
            title="Volume tiers — one band per row, the bands of a tier in ascending order",
            columns=(
                ColumnSpec(
                    "basis",
                    "Quantity counted",
                    Kind.CHOICE,
                    "voice_minutes replaces the voice rate; contacts the channel's price",
                    _values(TierBasis),
                ),
                ColumnSpec(
                    "channel",
                    "Channel",
                    Kind.CHOICE,
                    "required for contacts; blank for voice_minutes",
                    CHANNELS,
                ),
                ColumnSpec(
                    "mode",
                    "Mode",
                    Kind.CHOICE,
                    "graduated: each band at its rate; all_units: all at the band reached; "
                    "blank = graduated",
                    _values(TierMode),
                    width=30,
                ),
                ColumnSpec(
                    "up_to",
                    "Up to (inclusive)",
                    Kind.INT,
                    "band limit [minutes or contacts]; blank on the last, open-ended band",
                ),
                ColumnSpec("rate", "Rate", Kind.DECIMAL, "per minute or contact; " + _MONEY),
            ),
            rows=8,
            shape=TableShape.TIERS,
        ),
        TableSpec(
            path=("sheet", "premiums", "holidays"),
            title="Holidays the holiday multiplier applies to — one date per row",
            columns=(ColumnSpec("value", "Date", Kind.DATE, "YYYY-MM-DD"),),
            rows=6,
            shape=TableShape.VALUES,
        ),
        TableSpec(
            path=("sheet", "premiums", "language_multipliers"),
            title="Language surcharges — one language per row",
            columns=(
                ColumnSpec("key", "Language", Kind.CODE, "BCP 47 tag: en, ja, es-419…"),
                ColumnSpec(
                    "value",
                    "Multiplier",
                    Kind.DECIMAL,
                    "above 0: 1.15 for +15% (a percentage is not accepted)",
                    width=20,
                ),
            ),
            rows=4,
            shape=TableShape.MAPPING,
        ),
    ),
    optional=False,
)

SHEETS: Final[tuple[SheetSpec, ...]] = (
    INSTRUCTIONS,
    COVERAGE,
    REFERENCES,
    STAFFING,
    CRM,
    SOCIAL,
    LOCATION,
    SECURITY,
    PRICING,
)
"""Every sheet, in workbook order."""


def sheet_spec(name: str) -> SheetSpec:
    """The layout of the sheet called ``name``; ``KeyError`` listing the sheets if unknown."""
    for spec in SHEETS:
        if spec.name == name:
            return spec
    raise KeyError(f"no sheet {name!r}; the sheets are: {', '.join(s.name for s in SHEETS)}")
