"""The forms of measure the checks declare, each written once.

Every check module registers its measures through a :class:`Measures` registrar bound to the
check and to the type of answer it reads:

* ``@measures.share(name, description)`` (also ``number``, ``boolean``, ``choice``) is
  :func:`~vendoreval.checks._engine.measure` with the check and the kind filled in;
* :meth:`Measures.flags` registers, from a table of :class:`Flag` rows, the boolean measures
  that read one yes/no answer and give one reason for each value;
* :meth:`Measures.part` gives a registrar for the measures of an optional part of the answer
  (the QA programme, the agents' wages…): when the vendor left the part out, each of them is
  not answered (:meth:`~vendoreval.checks._engine.Measurement.not_answered`) without its
  function being called, and the function receives the part instead of the whole answer.

Three helpers build the usual measurements: :func:`held_share` (which items of a list the
answer holds, as a share, naming those held and those missing), :func:`verdict` (true or
false, with the reason for each) and :func:`evaluators_rating` (the buyer's evaluators'
median rating of an item, 1–5).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from vendoreval.checks._engine import (
    ContextSkipFn,
    MeasureFn,
    MeasureKind,
    Measurement,
    RatingItem,
    ScoringContext,
    SkipFn,
    always_applies,
    always_applies_in,
    measure,
)
from vendoreval.checks._format import format_number
from vendoreval.needs import Needs

__all__ = ["MAX_RATIO", "Flag", "Measures", "evaluators_rating", "held_share", "ratio", "verdict"]

_AnswerT = TypeVar("_AnswerT")
_PartT = TypeVar("_PartT")

_Decorator = Callable[[MeasureFn[_AnswerT]], MeasureFn[_AnswerT]]


MAX_RATIO = 1e9
"""Largest ratio a measure reports [-]: a buyer's figure near zero (a subnormal number of
years or minutes) would otherwise make the ratio infinite, which no measure may produce."""


def ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator`` for a denominator > 0, at most :data:`MAX_RATIO` [-]."""
    return min(float(numerator) / float(denominator), MAX_RATIO)


def verdict(ok: bool, yes: str, no: str) -> Measurement:
    """A boolean measurement: ``ok`` with the reason ``yes`` when true, ``no`` when false."""
    return Measurement(ok, yes if ok else no)


def held_share(
    items: Iterable[tuple[str, bool]],
    summary: str,
    lacking: str = "missing",
    *,
    none: str = "none",
    separator: str = ", ",
) -> Measurement:
    """The share of ``items`` held, with a reason naming those held and those missing.

    Parameters
    ----------
    items : iterable of (str, bool)
        Each item's name and whether the answer holds it; at least one item.
    summary : str
        The start of the reason, a :meth:`str.format` template with the fields ``held``
        (the names held, joined by ``", "``, or ``none``), ``count`` (how many are held) and
        ``total`` (how many items there are), e.g. ``"holds {held} of those required"``.
    lacking : str
        Word introducing the items missing, appended as ``"; {lacking} {names}"`` when any
        is missing.
    none : str
        Stands for the names held when none is.
    separator : str
        Joins the names of the items missing.

    Returns
    -------
    Measurement
        Value ``count ÷ total`` [0–1].

    Examples
    --------
    ``held_share([("iso27001", True), ("pci_dss", False)], "holds {held} of those
    required")`` is 0.5 with the reason ``"holds iso27001 of those required; missing
    pci_dss"``.
    """
    pairs = list(items)
    held = [name for name, ok in pairs if ok]
    missing = [name for name, ok in pairs if not ok]
    detail = summary.format(held=", ".join(held) or none, count=len(held), total=len(pairs))
    if missing:
        detail += f"; {lacking} {separator.join(missing)}"
    return Measurement(len(held) / len(pairs), detail)


def evaluators_rating(
    context: ScoringContext, item: RatingItem, what: str, unrated: str
) -> Measurement:
    """The buyer's evaluators' median rating of ``item`` [1–5], or None when nobody rated it.

    Parameters
    ----------
    context : ScoringContext
        Holds the evaluators' ratings.
    item : RatingItem
        What was rated.
    what : str
        The item in the reason: ``"the site visit"`` reads ``"evaluators rated the site
        visit 4/5"``.
    unrated : str
        The reason when nobody rated it (the sub-criterion is then not scored).
    """
    rating, _ = context.rating(item)
    if rating is None:
        return Measurement(None, unrated)
    return Measurement(rating, f"evaluators rated {what} {format_number(rating)}/5")


@dataclass(frozen=True)
class Flag(Generic[_AnswerT]):
    """A boolean measure that reads one yes/no answer.

    Parameters
    ----------
    name : str
        Measure name, unique within the check.
    description : str
        What a true value means.
    holds : callable
        ``holds(answer) -> bool``: the answer's yes or no.
    yes, no : str
        The reason when the answer holds, and when it does not.
    skip : callable, optional
        ``skip(needs)``: why the measure does not apply to these needs; None takes the one
        given to :meth:`Measures.flags`.
    """

    name: str
    description: str
    holds: Callable[[_AnswerT], bool]
    yes: str
    no: str
    skip: SkipFn | None = None

    def measure(self, needs: Needs, answer: _AnswerT, context: ScoringContext) -> Measurement:
        """True with the reason :attr:`yes` when the answer holds, else false with :attr:`no`."""
        return verdict(self.holds(answer), self.yes, self.no)


class _Declare(Generic[_AnswerT]):
    """Registers measures of one kind under a check: ``declare(name, description)``."""

    def __init__(self, registrar: Measures[_AnswerT], kind: MeasureKind) -> None:
        self._registrar = registrar
        self._kind = kind

    def __call__(
        self,
        name: str,
        description: str,
        *,
        skip: SkipFn = always_applies,
        skip_context: ContextSkipFn = always_applies_in,
    ) -> _Decorator[_AnswerT]:
        """Register the decorated function as the measure ``name`` (see ``measure``)."""
        return self._registrar._register(name, self._kind, description, (), skip, skip_context)


class Measures(Generic[_AnswerT]):
    """Registers the measures of one check that read one type of answer.

    ``Measures[SecurityAnswer]("security")``; its decorators register a function
    ``fn(needs, answer, context) -> Measurement`` under the check:
    ``@measures.share(name, description, skip=…, skip_context=…)`` for a share 0–1,
    ``.number`` for a number (its unit in the description), ``.boolean`` for true or false
    and ``.choice(name, description, choices)`` for one of a closed set of strings.

    Parameters
    ----------
    check : str
        Check key.
    """

    def __init__(self, check: str) -> None:
        self.check = check
        self.boolean = _Declare(self, MeasureKind.BOOLEAN)
        self.number = _Declare(self, MeasureKind.NUMBER)
        self.share = _Declare(self, MeasureKind.SHARE)

    def _register(
        self,
        name: str,
        kind: MeasureKind,
        description: str,
        choices: tuple[str, ...],
        skip: SkipFn,
        skip_context: ContextSkipFn,
    ) -> _Decorator[_AnswerT]:
        register = measure(
            self.check,
            name,
            kind=kind,
            description=description,
            choices=choices,
            skip=skip,
            skip_context=skip_context,
        )

        def decorate(fn: MeasureFn[_AnswerT]) -> MeasureFn[_AnswerT]:
            register(self._compute(fn))
            return fn

        return decorate

    def _compute(self, fn: MeasureFn[_AnswerT]) -> MeasureFn[Any]:
        """What the engine calls for the decorated ``fn``: ``fn`` itself."""
        return fn

    def choice(
        self,
        name: str,
        description: str,
        choices: tuple[str, ...],
        *,
        skip: SkipFn = always_applies,
    ) -> _Decorator[_AnswerT]:
        """Register a measure whose value is one of ``choices``."""
        return self._register(
            name, MeasureKind.CHOICE, description, choices, skip, always_applies_in
        )

    def flags(self, *rows: Flag[_AnswerT], skip: SkipFn = always_applies) -> None:
        """Register a boolean measure for each row, in order.

        Parameters
        ----------
        *rows : Flag
            The measures.
        skip : callable, optional
            ``skip(needs)`` of the rows that give none.
        """
        for row in rows:
            self.boolean(row.name, row.description, skip=row.skip or skip)(row.measure)

    def part(
        self,
        read: Callable[[_AnswerT], _PartT | None],
        what: str,
        *,
        unless: Callable[[_PartT], str | None] | None = None,
    ) -> Measures[_PartT]:
        """A registrar for the measures of an optional part of the answer.

        Parameters
        ----------
        read : callable
            ``read(answer)``: the part, or None when the vendor left it out.
        what : str
            The part, for the reason when it is left out (``"the agents' wages"`` reads
            ``"not answered: the proposal does not give the agents' wages"``).
        unless : callable, optional
            ``unless(part)``: why the part's measures do not apply to this answer (their
            value is then None, e.g. ``"no outbound calls in the proposal"``), or None.

        Returns
        -------
        Measures
            Its functions are called ``fn(needs, part, context)``.
        """
        return _PartMeasures(self.check, read, what, unless)


class _PartMeasures(Measures[_PartT]):
    """Registers measures of an optional part of an answer; see :meth:`Measures.part`."""

    def __init__(
        self,
        check: str,
        read: Callable[[Any], _PartT | None],
        what: str,
        unless: Callable[[_PartT], str | None] | None,
    ) -> None:
        super().__init__(check)
        self._read = read
        self._what = what
        self._unless = unless

    def _compute(self, fn: MeasureFn[_PartT]) -> MeasureFn[Any]:
        """``fn`` called with the part; not answered, or not applicable, without it."""

        def compute(needs: Needs, answer: Any, context: ScoringContext) -> Measurement:
            part = self._read(answer)
            if part is None:
                return Measurement.not_answered(self._what)
            if self._unless is not None and (why := self._unless(part)) is not None:
                return Measurement(None, why)
            return fn(needs, part, context)

        return compute
