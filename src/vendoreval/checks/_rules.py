"""Scoring rules of a criteria pack as data, and :func:`apply_rule` that turns a measured value
into 0–100 points.

The rule types (``rule: {type: …}`` in a pack) are ``boolean``, ``choice``, ``numeric`` and
``ratio``: :mod:`vendoreval.criteria` describes how a pack writes each, and
:func:`apply_rule` the points each gives.
"""

from __future__ import annotations

import difflib
import math
from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    ConfigDict,
    Discriminator,
    Field,
    StrictFloat,
    StrictInt,
    model_validator,
)

from vendoreval._model import Model
from vendoreval.errors import ArgumentError, ArgumentTypeError

__all__ = [
    "RULE_TYPES",
    "BooleanRule",
    "ChoiceRule",
    "MeasureKind",
    "NumericRule",
    "RatioRule",
    "Rule",
    "apply_rule",
]


class MeasureKind(StrEnum):
    """The type of value a measure produces, which fixes the rules that can score it.

    ``boolean`` → boolean rules; ``number`` and ``share`` (a fraction 0–1) → numeric and
    ratio rules; ``choice`` (one of a closed set of strings) → choice rules.
    """

    BOOLEAN = "boolean"
    NUMBER = "number"
    SHARE = "share"
    CHOICE = "choice"


RULE_TYPES: tuple[str, ...] = ("boolean", "choice", "numeric", "ratio")
"""The rule types a pack may use."""


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ArgumentError(f"expected a finite number, got {value!r}")
    return float(value)


def _positive_weight(value: float) -> float:
    if not (math.isfinite(value) and value > 0):
        raise ArgumentError(
            f"weight must be a finite number above 0 (weights are relative and normalized "
            f"on load; leave no criterion at 0), got {value!r}"
        )
    return float(value)


Number = Annotated[StrictFloat | StrictInt, AfterValidator(_finite)]
Weight = Annotated[StrictFloat | StrictInt, AfterValidator(_positive_weight)]
Points = Annotated[StrictFloat | StrictInt, Field(ge=0, le=100), AfterValidator(_finite)]


class _PackProblemsError(ValueError):
    """Cross-field problems of a pack, each with the path of the item at fault."""

    def __init__(self, problems: list[tuple[tuple[str | int, ...], str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{_dotted(loc)}: {msg}" for loc, msg in problems))


class _PackModel(Model):
    """A pack model whose unknown fields are reported with the valid ones."""

    @model_validator(mode="before")
    @classmethod
    def _known_fields(cls, data: Any) -> Any:
        if isinstance(data, dict):
            valid = [info.alias or name for name, info in cls.model_fields.items()]
            unknown = [key for key in data if key not in valid and key not in cls.model_fields]
            if unknown:
                raise _PackProblemsError(
                    [
                        (
                            (str(key),),
                            f"unknown field {key!r}{_did_you_mean(str(key), valid)}; "
                            f"the fields are: {', '.join(valid)}",
                        )
                        for key in unknown
                    ]
                )
        return data


def _did_you_mean(word: str, options: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, options, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


# ----------------------------------------------------------------------------- rules


class BooleanRule(_PackModel):
    """Points for a true or false measure.

    Parameters
    ----------
    true, false : float
        Points when the measure is true (default 100) and false (default 0) [0–100].
    """

    type: Literal["boolean"]
    true: Points = 100.0
    false: Points = 0.0


class ChoiceRule(_PackModel):
    """Points per value of a choice measure.

    Parameters
    ----------
    points : dict of str to float
        Points per value [0–100].
    default : float
        Points for a value not listed [0–100].
    """

    type: Literal["choice"]
    points: dict[str, Points] = Field(min_length=1)
    default: Points = 0.0


class NumericRule(_PackModel):
    """Linear points between two or three anchor values.

    Parameters
    ----------
    from : float
        Value earning 0 points (YAML key ``from``; ``from_`` in Python).
    ideal : float
        Value earning 100 points; must differ from ``from``.
    to : float, optional
        Past ``ideal``, points fall back to 0 at ``to`` (on the far side of ``ideal`` from
        ``from``); without it, every value past ``ideal`` earns 100.
    """

    model_config = ConfigDict(populate_by_name=True)

    type: Literal["numeric"]
    from_: Number = Field(alias="from")
    ideal: Number
    to: Number | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.from_ == self.ideal:
            raise ArgumentError(f"from and ideal must differ, both are {self.from_:g}")
        if self.to is not None and (self.to - self.ideal) * (self.ideal - self.from_) <= 0:
            raise ArgumentError(
                f"to ({self.to:g}) must lie beyond ideal ({self.ideal:g}), on the side away "
                f"from 'from' ({self.from_:g})"
            )
        return self


class RatioRule(_PackModel):
    """Points proportional to a ratio, full marks at ``full_at``.

    Parameters
    ----------
    full_at : float
        Ratio earning 100 points (> 0); default 1.0.
    """

    type: Literal["ratio"]
    full_at: Annotated[Number, Field(gt=0)] = 1.0


Rule = Annotated[BooleanRule | ChoiceRule | NumericRule | RatioRule, Discriminator("type")]
"""Any rule of a pack, told apart by its ``type``."""

_RULE_KINDS: dict[str, tuple[MeasureKind, ...]] = {
    "boolean": (MeasureKind.BOOLEAN,),
    "choice": (MeasureKind.CHOICE,),
    "numeric": (MeasureKind.NUMBER, MeasureKind.SHARE),
    "ratio": (MeasureKind.NUMBER, MeasureKind.SHARE),
}


# ----------------------------------------------------------------------------- checks


def _dotted(loc: tuple[str | int, ...]) -> str:
    parts: list[str] = []
    for i, item in enumerate(loc):
        if i > 0 and loc[i - 1] == "rule" and item in RULE_TYPES:
            continue  # the discriminator tag pydantic inserts
        parts.append(f"[{item}]" if isinstance(item, int) else str(item))
    return ".".join(parts).replace(".[", "[") or "(top level)"


def _real(value: object, rule: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ArgumentTypeError(f"a {rule} rule scores a number, got {value!r}")
    if not math.isfinite(value):
        raise ArgumentError(f"a {rule} rule scores a finite number, got {value!r}")
    return float(value)


def _interpolate(x: float, x0: float, x1: float) -> float:
    """Points rising linearly from 0 at ``x0`` to 100 at ``x1``, clamped to [0, 100]."""
    return 100.0 * min(max((x - x0) / (x1 - x0), 0.0), 1.0)


def apply_rule(rule: Rule, value: object) -> float:
    """Points [0–100] a rule gives a measured value.

    Parameters
    ----------
    rule : Rule
        A boolean, choice, numeric or ratio rule of a criteria pack.
    value : bool, float or str
        The measured value.

    Returns
    -------
    float
        * boolean: ``rule.true`` when the value is true, else ``rule.false``;
        * choice: ``rule.points[value]``, else ``rule.default``;
        * numeric (``from`` x0, ``ideal`` x1, optional ``to`` x2): 0 at x0 rising linearly
          to 100 at x1; past x1, 100 — or, with ``to``, falling linearly to 0 at x2. The
          scale may run either way (x0 > x1 for "lower is better"); values outside clamp;
        * ratio (``full_at`` f): ``100 · min(max(value, 0) / f, 1)``.

    Raises
    ------
    TypeError
        When the value's type does not fit the rule (a number for a boolean rule…).

    Examples
    --------
    Attrition scored from 60% (0 points) to the ideal 15% (100 points): 30% earns
    ``100 × (0.6 − 0.3) / (0.6 − 0.15) = 66.7`` points.
    """
    if rule.type == "boolean":
        if not isinstance(value, bool):
            raise ArgumentTypeError(f"a boolean rule scores true or false, got {value!r}")
        return float(rule.true if value else rule.false)
    if rule.type == "choice":
        if not isinstance(value, str):
            raise ArgumentTypeError(f"a choice rule scores a string, got {value!r}")
        return float(rule.points.get(value, rule.default))
    if rule.type == "ratio":
        return 100.0 * min(max(_real(value, "ratio"), 0.0) / rule.full_at, 1.0)
    x = _real(value, "numeric")
    x0, x1, x2 = rule.from_, rule.ideal, rule.to
    beyond_ideal = (x - x1) * (x1 - x0) > 0
    if not beyond_ideal:
        return _interpolate(x, x0, x1)
    if x2 is None:
        return 100.0
    return _interpolate(x, x2, x1)
