"""The scoring engine shared by the eight checks: measures, rules, reasons and knock-outs.

A check is scored in three steps:

1. **Measures** compute one value each from the buyer's :class:`~vendoreval.needs.Needs`, the
   vendor's answer and a :class:`ScoringContext` — a share of required channels offered, a
   count of verified references, the best CRM integration mode… Each check module registers
   its measures with the :func:`measure` decorator; a measure also says in which case it does
   not apply to the buyer (no certification required, no social platform named…).
2. **Rules** from the criteria pack turn each measured value into 0–100 points
   (:func:`apply_rule`). The check score is the weighted mean of the points of the
   sub-criteria that apply; sub-criteria that do not apply drop out and the others'
   weights are renormalized. When nothing applies, the check scores 100 for every vendor,
   so it cannot change a ranking.
3. **Knock-out rules** compare a measured value with a threshold; a vendor that fails one is
   flagged (it keeps its score and is ranked after the vendors that passed).

A missing answer scores 0 with the reason "not answered", and every knock-out rule of the
check whose measure applies to the buyer fails: a requirement the vendor did not answer is
not met. Knock-out rules whose requirement the buyer did not state (no excluded country, no
required certification…) do not fire. The same holds for one part of an answer: a measure
that reads an optional part the vendor left out (an answer model's optional group, such as
the agent-protection measures of the staffing answer) returns a :class:`Measurement` with
``answered=False``; its sub-criteria score 0 with the measurement's detail as the reason,
and its knock-out rules fail.

Every :class:`Reason` carries the points its sub-criterion earned toward the check score,
so the reasons of a :class:`CheckResult` add up to its score.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from pydantic import Field, StrictFloat, StrictInt

from vendoreval._model import Model
from vendoreval.checks._format import format_count, format_number, format_percent, format_points
from vendoreval.checks._rules import MeasureKind, _real, apply_rule
from vendoreval.checks.measured_pilot import MeasuredPilot
from vendoreval.contract.commitments import ServiceCredits
from vendoreval.errors import ArgumentError, ArgumentTypeError, UnknownNameError
from vendoreval.needs import Needs
from vendoreval.vocabulary import Channel, LanguageTag

if TYPE_CHECKING:
    from vendoreval.criteria import CheckSpec, KnockOutRule

__all__ = [
    "KNOCKOUT_TOLERANCE",
    "CheckResult",
    "KnockOut",
    "MeasureKind",
    "MeasureSpec",
    "Measurement",
    "RatingItem",
    "Reason",
    "ScoringContext",
    "evaluate_check",
    "format_count",
    "format_number",
    "format_percent",
    "format_points",
    "measure",
    "measures",
]

_AnswerT = TypeVar("_AnswerT")

#: Relative tolerance of the ``below`` and ``above`` knock-out comparisons, so that a share
#: computed as 0.9999999999 is not taken as "below 1.0".
KNOCKOUT_TOLERANCE = 1e-9


# ----------------------------------------------------------------------------- context


class RatingItem(StrEnum):
    """Items the buyer's evaluators rate 1–5 during due diligence."""

    CULTURE_FIT = "culture_fit"
    TEAM_LEAD_INTERVIEW = "team_lead_interview"
    REFERENCE_CALLS = "reference_calls"
    SITE_VISIT = "site_visit"


Rating = Annotated[StrictFloat | StrictInt, Field(ge=1, le=5, allow_inf_nan=False)]
AgentCount = Annotated[StrictInt, Field(ge=0)]


class ScoringContext(Model):
    """What scoring needs beyond the needs and the answer, for one vendor.

    Parameters
    ----------
    needs : Needs, optional
        The needs this context was built for. Scoring always uses the needs passed to the
        scorer; when this is given too, the two must be equal (a guard against mixing up
        buyers).
    as_of : date
        The evaluation date; "DR tested within N months" counts back from it, and site time
        zones are compared on it. Defaults to today: pass it for reproducible scores.
    required_agents : dict of Channel to int
        Peak scheduled agents each channel's traffic needs, from interval staffing (Erlang C)
        computed elsewhere [agents]. A channel left out (e.g. one without a service-level
        target) gets the workload estimate of
        :func:`vendoreval.checks.estimate_required_agents`, and the reasons say so.
    required_agents_by_language : dict of str to int
        Peak agents needed per language (BCP 47) [agents]; for a language left out, its
        share of contacts times the total required agents is used.
    ratings : dict of str to float
        The buyer's aggregated evaluator ratings of this vendor (median, 1–5) by item; the
        items scored are those of :class:`RatingItem` (``culture_fit``,
        ``team_lead_interview``, ``reference_calls``, ``site_visit``), others are ignored.
        They replace the ratings written in the vendor's answers.
    pilot : MeasuredPilot, optional
        Outcomes the buyer measured in its own pilot of this vendor; they replace the
        pilot outcomes the vendor reported.
    commitments : ServiceCredits, optional
        The vendor's service commitments and credits (``VendorProposal.commitments``), which
        the security and pricing checks score; :func:`~vendoreval.checks.score_all` fills it
        from the proposal.
    """

    needs: Needs | None = None
    as_of: dt.date = Field(default_factory=dt.date.today)
    required_agents: dict[Channel, AgentCount] = Field(default_factory=dict)
    required_agents_by_language: dict[LanguageTag, AgentCount] = Field(default_factory=dict)
    ratings: dict[str, Rating] = Field(default_factory=dict)
    pilot: MeasuredPilot | None = None
    commitments: ServiceCredits | None = None

    def rating(self, item: RatingItem, stated: float | None = None) -> tuple[float | None, str]:
        """The rating to score and where it came from.

        Parameters
        ----------
        item : RatingItem
            What was rated.
        stated : float, optional
            The rating written in the vendor's answer, used when the buyer gave none.

        Returns
        -------
        tuple of (float or None, str)
            The rating 1–5 (None when nobody rated it) and ``"evaluators"`` or ``"stated"``.
        """
        if item in self.ratings:
            return float(self.ratings[item]), "evaluators"
        return (None if stated is None else float(stated)), "stated"


# ----------------------------------------------------------------------------- results


class Reason(Model):
    """One line of a check's explanation.

    Parameters
    ----------
    text : str
        What was found and how it scored, e.g. ``"DR tested: last test 2025-03-10, 20 months
        before 2026-11-23 (more than 12 months) — 0/100"``.
    points : float
        Points this sub-criterion earned toward the check score [0–100 scale of the check].
    possible : float
        The most it could have earned: its share of the check's weight × 100 (0 when the
        sub-criterion does not apply).
    criterion : str, optional
        Sub-criterion key in the pack; None for a note about the whole check.
    """

    text: str
    points: float = Field(ge=0)
    possible: float = Field(ge=0)
    criterion: str | None = None


class KnockOut(Model):
    """A failed knock-out rule.

    Parameters
    ----------
    check : str
        Check key (``security``…).
    rule : str
        Rule id in the pack (``required_certifications``…).
    message : str
        The requirement that was not met, from the pack.
    evidence : str
        What was found, e.g. ``"holds iso27001; missing pci_dss"`` or ``"not answered"``.
    """

    check: str
    rule: str
    message: str
    evidence: str

    @property
    def rule_id(self) -> str:
        """The rule's dotted name, ``check.rule`` (``"security.required_certifications"``)."""
        return f"{self.check}.{self.rule}"

    def describe(self) -> str:
        """E.g. ``"security.required_certifications: a required certification is missing
        (holds iso27001; missing pci_dss)"``."""
        return f"{self.rule_id}: {self.message} ({self.evidence})"


class CheckResult(Model):
    """How a vendor scored on one check.

    Parameters
    ----------
    check : str
        Check key (``coverage`` … ``pricing``).
    label : str
        Human name of the check, from the pack.
    score : float
        Weighted points of the sub-criteria that apply [0–100].
    answered : bool
        The vendor answered the check.
    informational : bool
        True for the pricing check: its score describes commercial terms; the evaluation
        scores pricing by the simulated monthly cost instead.
    subscores : dict of str to float
        Points per sub-criterion that applies [0–100 each].
    reasons : tuple of Reason
        One per sub-criterion (in pack order), or a single "not answered" reason.
    knockouts : tuple of KnockOut
        Failed knock-out rules.
    """

    check: str
    label: str
    score: float = Field(ge=0, le=100)
    answered: bool
    informational: bool = False
    subscores: dict[str, float] = Field(default_factory=dict)
    reasons: tuple[Reason, ...] = ()
    knockouts: tuple[KnockOut, ...] = ()

    @property
    def passed(self) -> bool:
        """True when no knock-out rule failed."""
        return not self.knockouts

    def explain(self) -> str:
        """The score, each reason and each failed knock-out, one per line."""
        head = f"{self.label}: {format_points(self.score)}/100"
        if self.informational:
            head += " (informational)"
        lines = [head]
        lines += [f"  - {reason.text}" for reason in self.reasons]
        lines += [f"  ✗ knock-out {ko.rule}: {ko.message} ({ko.evidence})" for ko in self.knockouts]
        return "\n".join(lines)


# ----------------------------------------------------------------------------- measures


@dataclass(frozen=True)
class Measurement:
    """A measured value and the evidence behind it.

    Parameters
    ----------
    value : bool, float, str or None
        The value; None when the measure does not apply to this answer (e.g. no pilot was
        run), which drops the sub-criterion from the check score.
    detail : str
        What was found, in the words of a procurement lead (``"ko: 120 agents at C2 (C1
        needed), 95 required"``).
    answered : bool
        False when the part of the answer the measure reads was not given (``value`` is then
        None and ``detail`` says what is missing): the sub-criterion scores 0 and knock-out
        rules on the measure fail, as for an unanswered check.
    """

    value: bool | float | str | None
    detail: str
    answered: bool = True

    @classmethod
    def not_answered(cls, what: str) -> Measurement:
        """A measurement of a part of the answer the vendor left out.

        Parameters
        ----------
        what : str
            The part missing, e.g. ``"the agent-protection measures"``; the detail reads
            ``"not answered: the proposal does not give the agent-protection measures"``.
        """
        return cls(None, f"not answered: the proposal does not give {what}", answered=False)


SkipFn = Callable[[Needs], str | None]
ContextSkipFn = Callable[[ScoringContext], str | None]
MeasureFn = Callable[[Needs, _AnswerT, ScoringContext], Measurement]


def always_applies(needs: Needs) -> str | None:
    """The ``skip`` of a measure that applies to every buyer: None."""
    return None


def always_applies_in(context: ScoringContext) -> str | None:
    """The ``skip_context`` of a measure that applies in every evaluation: None."""
    return None


@dataclass(frozen=True)
class MeasureSpec:
    """A registered measure.

    Parameters
    ----------
    check : str
        Check key the measure belongs to.
    name : str
        Name used by criteria packs (``channels_covered``).
    kind : MeasureKind
        Type of value.
    description : str
        What the value means, with its unit.
    choices : tuple of str
        Possible values of a ``choice`` measure.
    skip : callable
        ``skip(needs)`` returns why the measure does not apply to these needs, or None when
        it applies.
    compute : callable
        ``compute(needs, answer, context)`` returns a :class:`Measurement`.
    skip_context : callable
        ``skip_context(context)``: why the measure does not apply in this evaluation (e.g.
        no pilot was measured), or None when it applies.
    """

    check: str
    name: str
    kind: MeasureKind
    description: str
    choices: tuple[str, ...]
    skip: SkipFn
    compute: Callable[[Needs, Any, ScoringContext], Measurement]
    skip_context: ContextSkipFn = always_applies_in

    def check_value(self, value: object) -> None:
        """Raise ``TypeError`` when ``value`` does not fit the measure's kind."""
        if value is None:
            return
        if self.kind is MeasureKind.BOOLEAN:
            ok = isinstance(value, bool)
        elif self.kind is MeasureKind.CHOICE:
            ok = isinstance(value, str) and value in self.choices
        else:
            ok = (
                isinstance(value, int | float)
                and not isinstance(value, bool)
                and math.isfinite(value)
            )
        if not ok:
            raise ArgumentTypeError(
                f"measure {self.check}.{self.name} ({self.kind.value}) produced {value!r}"
            )


_MEASURES: dict[tuple[str, str], MeasureSpec] = {}


def measure(
    check: str,
    name: str,
    *,
    kind: MeasureKind,
    description: str,
    choices: tuple[str, ...] = (),
    skip: SkipFn = always_applies,
    skip_context: ContextSkipFn = always_applies_in,
) -> Callable[[MeasureFn[_AnswerT]], MeasureFn[_AnswerT]]:
    """Register a measure of ``check`` under ``name`` (a decorator).

    Parameters
    ----------
    check : str
        Check key.
    name : str
        Measure name, unique within the check.
    kind : MeasureKind
        Type of value the function returns.
    description : str
        Meaning and unit of the value.
    choices : tuple of str
        Possible values of a ``choice`` measure.
    skip : callable, optional
        ``skip(needs) -> str | None``: why the measure does not apply to these needs.
    skip_context : callable, optional
        ``skip_context(context) -> str | None``: why it does not apply in this evaluation.

    Raises
    ------
    ValueError
        When the name is already registered for the check, or a choice measure has no choices.
    """
    if (check, name) in _MEASURES:
        raise ArgumentError(f"measure {check}.{name} is registered twice")
    if (kind is MeasureKind.CHOICE) != bool(choices):
        raise ArgumentError(f"measure {check}.{name}: give choices exactly for a choice measure")

    def register(fn: MeasureFn[_AnswerT]) -> MeasureFn[_AnswerT]:
        _MEASURES[check, name] = MeasureSpec(
            check, name, kind, description, choices, skip, fn, skip_context
        )
        return fn

    return register


def measures(check: str | None = None) -> Mapping[str, MeasureSpec]:
    """Registered measures of ``check`` by name, or of every check as ``"check.name"``.

    The measures of the eight checks are registered when :mod:`vendoreval.checks` is
    imported, which Python does before it imports this module (its parent package).
    """

    if check is None:
        return MappingProxyType({f"{c}.{n}": spec for (c, n), spec in _MEASURES.items()})
    return MappingProxyType({n: spec for (c, n), spec in _MEASURES.items() if c == check})


# ----------------------------------------------------------------------------- engine


def _measure_spec(check: str, name: str) -> MeasureSpec:
    try:
        return _MEASURES[check, name]
    except KeyError:
        known = ", ".join(sorted(n for c, n in _MEASURES if c == check))
        raise UnknownNameError(f"no measure {name!r} for check {check!r}; known: {known}") from None


def _knocked_out(rule: KnockOutRule, value: bool | float | str) -> bool:
    if rule.equals is not None:
        return value == rule.equals and isinstance(value, bool) == isinstance(rule.equals, bool)
    number = _real(value, "knock-out")
    if rule.below is not None:
        return number < rule.below - KNOCKOUT_TOLERANCE * max(1.0, abs(rule.below))
    assert rule.above is not None
    return number > rule.above + KNOCKOUT_TOLERANCE * max(1.0, abs(rule.above))


@dataclass(frozen=True)
class _Outcome:
    """A measure's outcome for one vendor: measured, skipped (with why) or not answered."""

    measurement: Measurement | None
    why: str = ""
    unanswered: bool = False

    @property
    def scored(self) -> bool:
        return self.measurement is not None and self.measurement.value is not None


def evaluate_check(
    check: str,
    needs: Needs,
    answer: object | None,
    spec: CheckSpec,
    context: ScoringContext,
    *,
    answer_type: type | None = None,
    informational: bool = False,
) -> CheckResult:
    """Score one check from its registered measures and the pack's rules.

    Parameters
    ----------
    check : str
        Check key; the measures named by ``spec`` are looked up under it.
    needs : Needs
        The buyer's needs.
    answer : object or None
        The vendor's answer to the check; None when not answered.
    spec : CheckSpec
        The check's sub-criteria, rules and knock-out rules from the pack.
    context : ScoringContext
        Evaluation date, required agents and evaluator ratings.
    answer_type : type, optional
        The check's answer model; another type of answer raises ``TypeError``.
    informational : bool
        Mark the result informational (the pricing check).

    Returns
    -------
    CheckResult
    """
    if answer is not None and answer_type is not None and not isinstance(answer, answer_type):
        raise ArgumentTypeError(
            f"the answer to check {check!r} must be a {answer_type.__name__}, "
            f"got {type(answer).__name__}"
        )
    outcomes: dict[str, _Outcome] = {}

    def outcome(name: str) -> _Outcome:
        if name not in outcomes:
            mspec = _measure_spec(check, name)
            skipped = mspec.skip(needs) or mspec.skip_context(context)
            if skipped is not None:
                outcomes[name] = _Outcome(None, skipped)
            elif answer is None:
                outcomes[name] = _Outcome(None, "not answered", unanswered=True)
            else:
                result = mspec.compute(needs, answer, context)
                mspec.check_value(result.value)
                if result.answered:
                    outcomes[name] = _Outcome(result, result.detail)
                else:
                    outcomes[name] = _Outcome(None, result.detail, unanswered=True)
        return outcomes[name]

    counted = {
        key: outcome(sub.measure).scored or outcome(sub.measure).unanswered
        for key, sub in spec.criteria.items()
    }
    total = math.fsum(sub.weight for key, sub in spec.criteria.items() if counted[key])

    subscores: dict[str, float] = {}
    reasons: list[Reason] = []
    if answer is None and total > 0:
        subscores = {key: 0.0 for key in spec.criteria if counted[key]}
        reasons.append(
            Reason(
                text=(
                    f"not answered: the proposal gives no answer to the {spec.label} check, "
                    "so nothing it asks for can be credited — 0/100"
                ),
                points=0.0,
                possible=100.0,
            )
        )
    else:
        for key, sub in spec.criteria.items():
            out = outcome(sub.measure)
            if not counted[key]:
                text = f"{sub.label}: not scored — {out.why}"
                reasons.append(Reason(text=text, points=0.0, possible=0.0, criterion=key))
                continue
            share = sub.weight / total
            if out.unanswered:  # a part of the answer left out
                subscores[key] = 0.0
                text = f"{sub.label}: {out.why} — 0/100"
                reasons.append(Reason(text=text, points=0.0, possible=share * 100.0, criterion=key))
                continue
            assert out.measurement is not None
            points = apply_rule(sub.rule, out.measurement.value)
            subscores[key] = points
            text = f"{sub.label}: {out.measurement.detail} — {format_points(points)}/100"
            reasons.append(
                Reason(text=text, points=share * points, possible=share * 100.0, criterion=key)
            )
    if total > 0:
        weighted = (spec.criteria[key].weight * points for key, points in subscores.items())
        score = math.fsum(weighted) / total
    else:
        score = 100.0
        reasons.append(
            Reason(
                text=(
                    "nothing to score: the buyer states no requirement this check measures, "
                    "so every vendor gets 100"
                ),
                points=100.0,
                possible=100.0,
            )
        )

    knockouts: list[KnockOut] = []
    for rule in spec.knockouts:
        out = outcome(rule.measure)
        if out.unanswered and answer is None:
            evidence = f"not answered: the proposal gives no answer to the {spec.label} check"
        elif out.unanswered:
            evidence = out.why
        elif out.scored and out.measurement is not None:
            value = out.measurement.value
            assert value is not None
            if not _knocked_out(rule, value):
                continue
            evidence = out.measurement.detail
        else:
            continue
        knockouts.append(
            KnockOut(check=check, rule=rule.id, message=rule.message, evidence=evidence)
        )
    return CheckResult(
        check=check,
        label=spec.label,
        score=min(max(score, 0.0), 100.0),
        answered=answer is not None,
        informational=informational,
        subscores=subscores,
        reasons=tuple(reasons),
        knockouts=tuple(knockouts),
    )
