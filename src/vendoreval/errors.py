"""Errors raised by vendoreval.

Every error is a :class:`VendorEvalError`. Each one also subclasses the built-in exception
a caller would naturally catch (``ValueError`` for bad input, ``OSError`` for files), so
``except ValueError`` keeps working in code that does not know this library.

Messages name *where* the problem is (field path, file and line, ``Sheet!A1`` cell, column
and row) and *what was expected*.
"""

from __future__ import annotations

__all__ = [
    "ArgumentError",
    "ArgumentTypeError",
    "AwardInfeasibleError",
    "CallRecordError",
    "ContractError",
    "CriteriaError",
    "InfeasibleStaffingError",
    "InputFileError",
    "MissingStaffingInputError",
    "OutcomeRecordError",
    "QuestionnaireError",
    "SolverError",
    "UnknownNameError",
    "UnpricedChannelError",
    "VendorEvalError",
    "WriteError",
]


class VendorEvalError(Exception):
    """Base class of every error raised by vendoreval."""


class ArgumentError(VendorEvalError, ValueError):
    """A function was called with a value outside what it accepts (the message names it)."""


class ArgumentTypeError(VendorEvalError, TypeError):
    """A function was called with a value of the wrong type (the message names it)."""


class UnknownNameError(VendorEvalError, KeyError):
    """A name (vendor, check, criterion, channel, pack) that does not exist was asked for.

    The message lists the names that do exist.
    """

    def __str__(self) -> str:
        # KeyError quotes its argument; an error message reads better without the quotes.
        return str(self.args[0]) if self.args else ""


class InputFileError(VendorEvalError, ValueError):
    """A needs, proposal, assessment or criteria file could not be read or validated.

    The message names the file, the field path and, where the parser knows it, the line.
    """


class CriteriaError(VendorEvalError, ValueError):
    """A criteria pack is invalid: unknown check, rule or field, or a bad weight."""


class CallRecordError(VendorEvalError, ValueError):
    """Call records are malformed: a missing column, a bad value (names column and row)."""


class UnpricedChannelError(CallRecordError):
    """A contact arrived in a channel the price sheet does not price."""


class MissingStaffingInputError(VendorEvalError, ValueError):
    """A staffing-based rate needs agent hours or FTEs that were not given."""


class InfeasibleStaffingError(VendorEvalError, ValueError):
    """No head-count can serve the traffic within the stated occupancy or service level."""


class QuestionnaireError(VendorEvalError, ValueError):
    """A vendor-filled workbook is malformed; the message names the ``Sheet!A1`` cell."""


class WriteError(VendorEvalError, OSError):
    """An output file could not be written (the message names the path)."""


class OutcomeRecordError(VendorEvalError, ValueError):
    """Pilot contacts or customer records are malformed, or a comparison was asked wrongly.

    The message names the column, the 1-based data row and what was expected.
    """


class ContractError(VendorEvalError, ValueError):
    """Contract terms, or the fees and KPIs a service credit is computed from, are invalid.

    The message names the commitment key (``"phone.service_level"``), the field or the month.
    """


class AwardInfeasibleError(VendorEvalError, ValueError):
    """No allocation of the work across vendors satisfies an award's constraints.

    The message says which constraints bind (e.g. ``max_share``, ``max_vendors``, the
    vendors' seats, or a segment no eligible vendor can serve) and what would relax them;
    :attr:`binding` names them.

    Parameters
    ----------
    message : str
        What binds and why.
    binding : tuple of str
        Names of the binding constraints: ``"min_vendors"``, ``"max_vendors"``,
        ``"max_share"``, ``"seats"``,
        ``"segments"`` (a segment no eligible vendor can serve), ``"vendors"`` (no vendor
        passes the knock-outs, ``passed`` and ``min_score``).
    """

    def __init__(self, message: str, binding: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.binding = binding


class SolverError(VendorEvalError, RuntimeError):
    """The optimisation solver failed for a reason other than infeasibility (the message
    gives the solver's status)."""
