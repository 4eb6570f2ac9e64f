"""Criteria packs: the weights, scoring rules and knock-outs of the eight checks, from YAML.

A pack names all eight checks. Each check has a weight, a label, sub-criteria — each a
*measure* the code computes (see :func:`vendoreval.checks.measures`) and a *rule* turning it
into 0–100 points — and knock-out rules. The ``cost`` section says how the simulated monthly
cost becomes the cost criterion: which statistic of the cost distribution, and how it is
turned into points. Weights are relative: they are normalized to sum to 1 when used.

The default pack ``eight-checks`` ships in the wheel (``vendoreval/packs/eight-checks.yaml``)
and lives in ``criteria/`` of a source checkout.

Rule types (``rule: {type: …}``):

``boolean``
    ``true`` → ``true:`` points (default 100), ``false`` → ``false:`` points (default 0).
``choice``
    ``points: {value: points, …}``; values not listed get ``default`` (default 0).
``numeric``
    ``from: x0, ideal: x1[, to: x2]``: 0 points at x0 rising linearly to 100 at x1, then
    100 — or falling back to 0 at x2. Works both ways (``from: 0.6, ideal: 0.15`` for "lower
    is better"); values outside the range clamp.
``ratio``
    ``full_at: f``: a ratio r earns ``100 · min(r / f, 1)``.

Knock-out rules are ``{id, measure, below | above | equals: threshold, message}``.
"""

from __future__ import annotations

import functools
import importlib.resources
import math
import numbers
import os
import re
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any, Self

import numpy as np
import numpy.typing as npt
from pydantic import (
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    ValidationError,
    field_validator,
    model_validator,
)

from vendoreval._lazy import pd
from vendoreval.checks._engine import MeasureKind, MeasureSpec, measures
from vendoreval.checks._rules import (
    _RULE_KINDS,
    RULE_TYPES,
    BooleanRule,
    ChoiceRule,
    Number,
    NumericRule,
    RatioRule,
    Rule,
    Weight,
    _did_you_mean,
    _dotted,
    _PackModel,
    _PackProblemsError,
)
from vendoreval.errors import (
    ArgumentError,
    CriteriaError,
    InputFileError,
    UnknownNameError,
    WriteError,
)
from vendoreval.io.documents import Document, dump_text, parse_document
from vendoreval.mcda import cost_scores
from vendoreval.vocabulary import CHECKS

__all__ = [
    "COST_CRITERION",
    "CRITERIA",
    "DEFAULT_PACK",
    "RULE_TYPES",
    "BooleanRule",
    "CheckSpec",
    "ChoiceRule",
    "CostSettings",
    "CostTransform",
    "CriteriaPack",
    "KnockOutRule",
    "NumericRule",
    "RatioRule",
    "Rule",
    "SubCriterion",
    "bundled_packs",
]

COST_CRITERION = "cost"
"""Name of the cost criterion; it carries the weight of the ``pricing`` check."""

CRITERIA: tuple[str, ...] = tuple(COST_CRITERION if c == "pricing" else c for c in CHECKS)
"""Criterion names in order: the seven scored checks, then ``cost`` (for ``pricing``)."""

DEFAULT_PACK = "eight-checks"
"""Name of the bundled default pack."""


_PACKS_DIR = "packs"
_SOURCE_PACKS = Path(__file__).resolve().parents[2] / "criteria"


class SubCriterion(_PackModel):
    """One scored aspect of a check.

    Parameters
    ----------
    weight : float
        Relative weight within the check (> 0).
    label : str
        Human name, used in reasons.
    measure : str
        Name of a measure of the check.
    rule : Rule
        How the measured value becomes 0–100 points.
    description : str
        Why it matters (optional).
    """

    weight: Weight
    label: str = Field(min_length=1)
    measure: str = Field(min_length=1)
    rule: Rule
    description: str = ""

    @field_validator("rule", mode="before")
    @classmethod
    def _known_type(cls, value: Any) -> Any:
        if isinstance(value, dict):
            kind = value.get("type")
            if kind is None:
                raise ArgumentError(f"a rule needs a type: one of {', '.join(RULE_TYPES)}")
            if kind not in RULE_TYPES:
                raise ArgumentError(
                    f"unknown rule type {kind!r}{_did_you_mean(str(kind), RULE_TYPES)}; "
                    f"the rule types are: {', '.join(RULE_TYPES)}"
                )
        return value


class KnockOutRule(_PackModel):
    """A requirement that flags a vendor when not met.

    Give exactly one of ``below``, ``above`` or ``equals``: the vendor is knocked out when
    the measure is below, above or equal to the threshold.

    Parameters
    ----------
    id : str
        Rule id, unique within the check (``required_certifications``).
    measure : str
        Name of a measure of the check.
    below, above : float, optional
        Numeric thresholds.
    equals : bool, float or str, optional
        A value that fails (``false`` for a boolean measure).
    message : str
        The requirement in words, shown when the rule fails.
    """

    id: str = Field(min_length=1)
    measure: str = Field(min_length=1)
    below: Number | None = None
    above: Number | None = None
    equals: StrictBool | StrictInt | StrictFloat | str | None = None
    message: str = Field(min_length=1)

    @model_validator(mode="after")
    def _one_threshold(self) -> Self:
        given = [name for name in ("below", "above", "equals") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ArgumentError(
                f"give exactly one of below, above or equals (got {', '.join(given) or 'none'})"
            )
        return self

    @property
    def condition(self) -> str:
        """The failing condition in words, e.g. ``"channels_covered below 1"``."""
        if self.below is not None:
            return f"{self.measure} below {self.below:g}"
        if self.above is not None:
            return f"{self.measure} above {self.above:g}"
        return f"{self.measure} equals {self.equals!r}"


class CheckSpec(_PackModel):
    """One check of a pack: its weight, sub-criteria and knock-out rules.

    Parameters
    ----------
    weight : float
        Relative weight among the eight checks (> 0).
    label : str
        Human name (``Security, policies & DR``).
    description : str
        Notes (optional).
    criteria : dict of str to SubCriterion
        Sub-criteria by key, scored in this order.
    knockouts : tuple of KnockOutRule
        Knock-out rules.
    """

    weight: Weight
    label: str = Field(min_length=1)
    description: str = ""
    criteria: dict[str, SubCriterion] = Field(default_factory=dict)
    knockouts: tuple[KnockOutRule, ...] = ()

    @property
    def sub_weights(self) -> dict[str, float]:
        """Sub-criterion weights normalized to sum to 1 (before dropping any that do not apply)."""
        total = math.fsum(sub.weight for sub in self.criteria.values())
        return {key: sub.weight / total for key, sub in self.criteria.items()}


# ----------------------------------------------------------------------------- cost


class CostTransform(StrEnum):
    """How a vendor's monthly cost statistic becomes 0–100 points (higher is better).

    ``ratio``
        ``100 × cheapest / this vendor's`` (a ratio scale: a vendor twice the cheapest's
        cost scores 50).
    ``minmax``
        ``100 × (dearest − this) / (dearest − cheapest)``: the cheapest 100, the dearest 0.
    """

    RATIO = "ratio"
    MINMAX = "minmax"


_STATISTIC = re.compile(r"^(mean|median|p([1-9][0-9]?(\.[0-9]+)?))$")


class CostSettings(_PackModel):
    """How the simulated monthly cost distribution becomes the cost criterion.

    Parameters
    ----------
    statistic : str
        ``mean``, ``median`` or a percentile ``p1`` … ``p99`` (``p90``: the cost exceeded in
        one month out of ten).
    transform : CostTransform
        ``ratio`` (default) or ``minmax``.
    """

    statistic: str = "mean"
    transform: CostTransform = CostTransform.RATIO

    @field_validator("statistic")
    @classmethod
    def _statistic(cls, value: str) -> str:
        if not _STATISTIC.match(value):
            raise ArgumentError(
                f"unknown cost statistic {value!r}: expected 'mean', 'median' or a percentile "
                "'p1' … 'p99' such as 'p90'"
            )
        return value

    @property
    def quantile(self) -> float | None:
        """The statistic as a quantile 0–1 (``p90`` → 0.9, ``median`` → 0.5); None for mean."""
        if self.statistic == "mean":
            return None
        if self.statistic == "median":
            return 0.5
        return float(self.statistic[1:]) / 100.0

    def summarize(self, samples: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """The statistic of each vendor's simulated monthly costs.

        Parameters
        ----------
        samples : array_like, shape (runs, n_vendors)
            Simulated monthly costs [currency/month].

        Returns
        -------
        numpy.ndarray, shape (n_vendors,)
            Mean or quantile (linear interpolation) per vendor [currency/month].
        """
        values = np.asarray(samples, dtype=np.float64)
        q = self.quantile
        if q is None:
            return np.asarray(values.mean(axis=0), dtype=np.float64)
        return np.asarray(np.quantile(values, q, axis=0), dtype=np.float64)

    def scores(self, costs: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """Cost points per vendor [0–100, higher is cheaper], with this ``transform``.

        The one cost-to-points function, :func:`vendoreval.mcda.cost_scores`.

        Parameters
        ----------
        costs : array_like, shape (..., n_vendors)
            Each vendor's cost statistic, finite and ≥ 0 [currency/month]; leading axes
            (e.g. simulation runs) are scored independently.

        Raises
        ------
        vendoreval.errors.ArgumentError
            For a negative or non-finite cost (a ``ValueError`` naming the position).
        """
        return cost_scores(costs, self.transform)


# ----------------------------------------------------------------------------- the pack


def _kind_problem(spec: MeasureSpec, rule: Rule) -> str | None:
    if spec.kind not in _RULE_KINDS[rule.type]:
        fitting = [t for t, kinds in _RULE_KINDS.items() if spec.kind in kinds]
        return (
            f"a {rule.type} rule cannot score {spec.name} ({spec.kind.value} measure); "
            f"use a {' or '.join(fitting)} rule"
        )
    if isinstance(rule, ChoiceRule):
        unknown = sorted(set(rule.points) - set(spec.choices))
        if unknown:
            return (
                f"choice points name values {spec.name} never takes: {', '.join(unknown)}; "
                f"its values are: {', '.join(spec.choices)}"
            )
    return None


def _threshold_problem(spec: MeasureSpec, rule: KnockOutRule) -> str | None:
    if rule.equals is None:
        if spec.kind in (MeasureKind.NUMBER, MeasureKind.SHARE):
            return None
        return f"below/above need a number measure; {spec.name} is a {spec.kind.value} measure"
    if spec.kind is MeasureKind.BOOLEAN:
        ok = isinstance(rule.equals, bool)
    elif spec.kind is MeasureKind.CHOICE:
        ok = isinstance(rule.equals, str) and rule.equals in spec.choices
    else:
        ok = isinstance(rule.equals, int | float) and not isinstance(rule.equals, bool)
    if ok:
        return None
    expected = {
        MeasureKind.BOOLEAN: "true or false",
        MeasureKind.CHOICE: "one of " + ", ".join(spec.choices),
    }.get(spec.kind, "a number")
    return f"equals: {rule.equals!r} does not fit {spec.name}; expected {expected}"


class CriteriaPack(_PackModel):
    """Weights, scoring rules and knock-outs for the eight checks.

    Parameters
    ----------
    name : str
        Pack name.
    version : str
        Pack version (a number in YAML is read as text).
    description : str
        What the pack is for.
    cost : CostSettings
        How the simulated cost becomes the cost criterion.
    checks : dict of str to CheckSpec
        All eight checks (``coverage`` … ``pricing``), each with a weight above 0.

    Examples
    --------
    >>> pack = CriteriaPack.load("eight-checks")
    >>> round(float(pack.weights["cost"]), 2)
    0.3
    """

    name: str = Field(min_length=1)
    version: str = "1"
    description: str = ""
    cost: CostSettings = CostSettings()
    checks: dict[str, CheckSpec]

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: Any) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems = self._problems()
        if problems:
            raise _PackProblemsError(problems)
        return self

    def _problems(self) -> list[tuple[tuple[str | int, ...], str]]:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        for key in self.checks:
            if key not in CHECKS:
                problems.append(
                    (
                        ("checks", key),
                        f"unknown check {key!r}{_did_you_mean(key, CHECKS)}; "
                        f"the checks are: {', '.join(CHECKS)}",
                    )
                )
        missing = [key for key in CHECKS if key not in self.checks]
        if missing:
            problems.append(
                (
                    ("checks",),
                    f"missing check{'s' if len(missing) > 1 else ''} {', '.join(missing)}: "
                    f"a pack weights all eight checks ({', '.join(CHECKS)})",
                )
            )
        for key, check in self.checks.items():
            if key not in CHECKS:
                continue
            problems += self._check_problems(key, check)
        return problems

    @staticmethod
    def _check_problems(key: str, check: CheckSpec) -> list[tuple[tuple[str | int, ...], str]]:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        known = measures(key)
        where: tuple[str | int, ...] = ("checks", key)
        if not check.criteria and key != "pricing":
            problems.append(((*where, "criteria"), "at least one sub-criterion is needed"))

        def unknown(name: str) -> str:
            return (
                f"unknown measure {name!r}{_did_you_mean(name, list(known))} for check {key}; "
                f"its measures are: {', '.join(sorted(known))}"
            )

        for sub_key, sub in check.criteria.items():
            loc = (*where, "criteria", sub_key)
            spec = known.get(sub.measure)
            if spec is None:
                problems.append(((*loc, "measure"), unknown(sub.measure)))
            elif (problem := _kind_problem(spec, sub.rule)) is not None:
                problems.append(((*loc, "rule"), problem))
        ids: set[str] = set()
        for i, rule in enumerate(check.knockouts):
            loc = (*where, "knockouts", i)
            if rule.id in ids:
                problems.append(((*loc, "id"), f"knock-out id {rule.id!r} is used twice"))
            ids.add(rule.id)
            spec = known.get(rule.measure)
            if spec is None:
                problems.append(((*loc, "measure"), unknown(rule.measure)))
            elif (problem := _threshold_problem(spec, rule)) is not None:
                problems.append((loc, problem))
        return problems

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, name_or_path: str | os.PathLike[str]) -> CriteriaPack:
        """Load a bundled pack by name (``"eight-checks"``) or a pack from a YAML file.

        Parameters
        ----------
        name_or_path : str or path-like
            A bundled pack name (see :func:`bundled_packs`), or the path of a YAML file
            (anything with a directory part or a ``.yaml``/``.yml`` suffix).

        Raises
        ------
        CriteriaError
            When the pack cannot be found or read, is not valid YAML (the message gives file,
            line and column), or does not validate (each problem with its field path and line).
        """
        text, source = _read_pack(name_or_path)
        return cls.from_yaml(text, source=source)

    @classmethod
    def default(cls) -> CriteriaPack:
        """The bundled ``eight-checks`` pack (loaded once; packs are immutable)."""
        return _default_pack()

    @classmethod
    def from_yaml(cls, text: str, *, source: str = "<string>") -> CriteriaPack:
        """Parse and validate a pack from YAML text.

        Parameters
        ----------
        text : str
            The YAML document.
        source : str
            Where the text came from, for error messages.

        Raises
        ------
        CriteriaError
            As :meth:`load`.
        """
        try:
            document = parse_document(text, source, "yaml")
        except InputFileError as exc:
            raise CriteriaError(str(exc)) from None
        data = document.data
        if not isinstance(data, dict):
            raise CriteriaError(
                f"{source}: a criteria pack is a YAML mapping with name, cost and checks; "
                f"got {type(data).__name__}"
            )
        try:
            return cls.model_validate(_string_keys(data))
        except ValidationError as exc:
            problems = _problems_of(exc)
            lines = [
                f"  {_dotted(loc)}{_line_suffix(document, loc)}: {msg}" for loc, msg in problems
            ]
            count = f"{len(lines)} problem{'s' if len(lines) > 1 else ''}"
            raise CriteriaError(
                f"{source}: invalid criteria pack ({count}):\n" + "\n".join(lines)
            ) from None

    def to_yaml(self) -> str:
        """The pack as YAML text that :meth:`from_yaml` reads back to an equal pack."""
        data = self.model_dump(mode="json", by_alias=True, exclude_none=True)
        return dump_text(data, "yaml")

    def dump(self, path: str | os.PathLike[str]) -> Path:
        """Write the pack to a YAML file (atomically: a temporary file renamed).

        Raises
        ------
        WriteError
            When the file cannot be written (names the path).
        """
        from vendoreval._atomic import atomic_write_text

        target = Path(path)
        try:
            atomic_write_text(target, self.to_yaml())
        except WriteError as exc:
            raise WriteError(f"cannot write criteria pack to {target}: {exc}") from exc
        return target

    # ------------------------------------------------------------------ access

    @property
    def check_keys(self) -> tuple[str, ...]:
        """The eight check keys, in the order of the field guide."""
        return CHECKS

    def check(self, key: str) -> CheckSpec:
        """The spec of one check (``"cost"`` is accepted for ``"pricing"``).

        Raises
        ------
        KeyError
            For an unknown check, listing the checks.
        """
        check = "pricing" if key == COST_CRITERION else key
        if check not in self.checks:
            raise UnknownNameError(f"unknown check {key!r}; the checks are: {', '.join(CHECKS)}")
        return self.checks[check]

    @property
    def weights(self) -> pd.Series:
        """Criterion weights summing to 1, index ``criterion``: the checks, pricing as ``cost``."""
        raw = np.array([self.checks[key].weight for key in CHECKS], dtype=np.float64)
        index = pd.Index(CRITERIA, name="criterion")
        return pd.Series(raw / raw.sum(), index=index, name="weight")

    @property
    def labels(self) -> dict[str, str]:
        """Human label per criterion (the cost criterion carries the pricing check's label)."""
        return {name: self.checks[key].label for name, key in zip(CRITERIA, CHECKS, strict=True)}

    @property
    def cost_statistic(self) -> str:
        """Statistic of the monthly cost distribution scored as cost (``mean``, ``p90``…)."""
        return self.cost.statistic

    def with_weights(self, weights: Mapping[str, float]) -> CriteriaPack:
        """A copy with new criterion weights.

        Naming **every** criterion sets the weights on any scale (``15/10/…/30`` or
        fractions); they are normalized to sum to 1. Naming **some** criteria sets those to
        exactly the fractions given (each in (0, 1), together below 1) and rescales the
        others proportionally to share the rest — the same move as
        :meth:`Evaluation.weight_stability` — so ``with_weights({"cost": 0.5})`` gives cost
        half the weight and keeps the other criteria in their current proportions.

        Parameters
        ----------
        weights : mapping of str to float
            New weights by criterion (check keys; ``cost`` or ``pricing`` for cost).

        Raises
        ------
        CriteriaError
            For an unknown criterion, a weight that is not a finite number above 0, or a
            partial mapping whose fractions are not below 1 in total.
        """
        current = self.weights
        given: dict[str, float] = {}
        for name, value in weights.items():
            criterion = COST_CRITERION if name == "pricing" else name
            if criterion not in current.index:
                raise CriteriaError(
                    f"with_weights: unknown criterion {name!r}"
                    f"{_did_you_mean(name, CRITERIA)}; the criteria are: {', '.join(CRITERIA)}"
                )
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise CriteriaError(f"with_weights: weight of {name} must be a number")
            if not (math.isfinite(float(value)) and value > 0):
                raise CriteriaError(
                    f"with_weights: weight of {name} must be a finite number above 0, got {value!r}"
                )
            given[criterion] = float(value)
        if set(given) == set(current.index):
            for criterion, value in given.items():
                current[criterion] = value
            current /= current.sum()
        elif given:
            total = math.fsum(given.values())
            if total >= 1.0:
                raise CriteriaError(
                    "with_weights: naming only some criteria sets them as fractions of the "
                    f"total, which must add up to less than 1 (they add up to {total:g}); "
                    "name every criterion to give weights on another scale such as 15/10/…/30"
                )
            others = [c for c in current.index if c not in given]
            current[others] *= (1.0 - total) / float(current[others].sum())
            for criterion, value in given.items():
                current[criterion] = value
        checks = {
            key: self.checks[key].model_copy(update={"weight": float(current[name])})
            for name, key in zip(CRITERIA, CHECKS, strict=True)
        }
        return self.model_copy(update={"checks": checks})


# ----------------------------------------------------------------------------- files


def bundled_packs() -> tuple[str, ...]:
    """Names of the packs shipped with vendoreval (``("eight-checks",)``)."""
    names: set[str] = set()
    packaged = importlib.resources.files("vendoreval").joinpath(_PACKS_DIR)
    if packaged.is_dir():
        names |= {p.name.rsplit(".", 1)[0] for p in packaged.iterdir() if p.name.endswith(".yaml")}
    if _SOURCE_PACKS.is_dir():
        names |= {p.stem for p in _SOURCE_PACKS.glob("*.yaml")}
    return tuple(sorted(names))


def _read_pack(name_or_path: str | os.PathLike[str]) -> tuple[str, str]:
    text_form = os.fspath(name_or_path)
    is_path = (
        not isinstance(name_or_path, str)
        or os.sep in text_form
        or "/" in text_form
        or text_form.endswith((".yaml", ".yml"))
    )
    if is_path:
        path = Path(text_form)
        try:
            return path.read_text(encoding="utf-8"), str(path)
        except FileNotFoundError:
            raise CriteriaError(f"criteria pack file not found: {path}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise CriteriaError(f"cannot read criteria pack {path}: {exc}") from None
    packaged = importlib.resources.files("vendoreval").joinpath(_PACKS_DIR, f"{text_form}.yaml")
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8"), f"{text_form} ({packaged})"
    source = _SOURCE_PACKS / f"{text_form}.yaml"
    if source.is_file():
        return source.read_text(encoding="utf-8"), f"{text_form} ({source})"
    available = bundled_packs()
    raise CriteriaError(
        f"no bundled criteria pack {text_form!r}{_did_you_mean(text_form, available)}; "
        f"bundled packs: {', '.join(available) or 'none'}; or pass the path of a YAML file"
    )


@functools.cache
def _default_pack() -> CriteriaPack:
    return CriteriaPack.load(DEFAULT_PACK)


def _key_text(key: object) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    return key if isinstance(key, str) else str(key)


def _string_keys(data: Any) -> Any:
    """Mapping keys as text: YAML reads ``true:`` as a boolean key, the rules want ``"true"``."""
    if isinstance(data, dict):
        return {_key_text(key): _string_keys(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_string_keys(item) for item in data]
    return data


def _problems_of(exc: ValidationError) -> list[tuple[tuple[str | int, ...], str]]:
    problems: list[tuple[tuple[str | int, ...], str]] = []
    for error in exc.errors():
        cause = (error.get("ctx") or {}).get("error")
        loc = tuple(error["loc"])
        if isinstance(cause, _PackProblemsError):
            problems += [(loc + sub_loc, msg) for sub_loc, msg in cause.problems]
            continue
        message = str(error["msg"]).removeprefix("Value error, ")
        problems.append((loc, message))
    return problems


def _line_suffix(document: Document, loc: tuple[str | int, ...]) -> str:
    line = document.line_of(loc)
    return "" if line is None else f" (line {line})"
