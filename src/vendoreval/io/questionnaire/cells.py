"""Answer cells of a filled questionnaire, converted strictly to typed values.

Every answer has a :class:`~vendoreval.io.questionnaire.spec.Kind`, and :func:`convert`
accepts only what that kind means: ``yes``/``no`` for booleans, numbers for numbers
(text that merely looks like one is refused, with the hint to retype it), fractions for
shares (``"12%"`` is refused with the expected form ``0.12``), exact digits for amounts,
dates, ``HH:MM`` clock times, allowed values for choices (case-insensitive, with a "did you
mean" hint). Numbers that are not finite or larger in size than
:data:`~vendoreval.io.documents.MAX_NUMBER` (10^15) are refused, as in YAML and JSON files.
A cell holding a formula or an error value is refused: answers are values.
Failures are :class:`CellError` whose message says what was expected; the reader adds the
``Sheet!A1`` cell.

Writing the same kinds back (:func:`plain`, :func:`decimal_cell`, :func:`join`) keeps a
round trip exact.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import math
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, Final

from vendoreval.io.documents import MAX_NUMBER
from vendoreval.io.questionnaire.spec import NO, YES, Kind

__all__ = [
    "FORMULA_MESSAGE",
    "Cell",
    "CellError",
    "column_letter",
    "convert",
    "decimal_cell",
    "is_blank",
    "join",
    "plain",
    "show",
]

_REPR_LIMIT: Final = 60
_DECIMAL_TEXT = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")
FORMULA_MESSAGE: Final = "formulas are not accepted in answers; type the value"
"""What a formula in an answer cell is told."""


@dataclasses.dataclass(frozen=True)
class Cell:
    """A non-empty cell as stored: its value and openpyxl's data type (``f`` for formulas)."""

    value: Any
    data_type: str


class CellError(Exception):
    """A cell value that cannot be converted to its answer's kind (caught by the reader)."""


def column_letter(column: int) -> str:
    """The letters of 1-based column ``column`` (1 → ``A``, 27 → ``AA``); empty below 1."""
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def show(value: object) -> str:
    """Short description of a cell value for messages."""
    if isinstance(value, bool):
        return f"the logical value {str(value).upper()}"
    if isinstance(value, str):
        shown = repr(value)
        if len(shown) > _REPR_LIMIT:
            shown = shown[: _REPR_LIMIT - 1] + "…"
        return f"text {shown}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, Decimal):
        return f"the number {value}"
    if isinstance(value, dt.datetime):
        return f"the date and time {value.isoformat(sep=' ')}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, dt.time):
        return f"the time {value.isoformat()}"
    if isinstance(value, dt.timedelta):
        return f"the duration {value}"
    return f"a {type(value).__name__}"


def is_blank(kind: Kind, cell: Cell | None) -> bool:
    """True for an empty cell; text of spaces only is blank except for free text."""
    if cell is None or cell.value is None:
        return True
    if cell.data_type == "f" or not isinstance(cell.value, str):
        return False
    return cell.value == "" if kind is Kind.TEXT else not cell.value.strip()


def _match_choice(text: str, choices: Sequence[str]) -> str:
    wanted = text.strip()
    if wanted in choices:
        return wanted
    folded = {choice.casefold(): choice for choice in choices}
    if wanted.casefold() in folded:
        return folded[wanted.casefold()]
    close = difflib.get_close_matches(wanted.casefold(), list(folded), n=1)
    hint = f" (did you mean {folded[close[0]]!r}?)" if close else ""
    raise CellError(
        f"{wanted!r} is not an allowed value{hint}; expected one of: {', '.join(choices)}"
    )


def _text(value: object, choices: Sequence[str]) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise CellError(f"expected text, got {show(value)}; format the cell as Text and type it again")


def _code(value: object, choices: Sequence[str]) -> str:
    return _text(value, choices).strip()


def _bool(value: object, choices: Sequence[str]) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().casefold()
        if word in (YES, "true"):
            return True
        if word in (NO, "false"):
            return False
    raise CellError(f"expected yes or no, got {show(value)}")


def _number_text(value: str, expected: str) -> CellError:
    text = value.strip()
    if text.endswith("%"):
        return CellError(
            f"{text!r} is a percentage, which is not accepted here; expected {expected}"
        )
    if _DECIMAL_TEXT.fullmatch(text):
        return CellError(
            f"expected {expected}, got {show(value)}: the cell holds the number as text; "
            "set its format to General and type the number again"
        )
    return CellError(f"expected {expected}, got {show(value)}")


def _in_range(value: int | float | Decimal, expected: str) -> None:
    """Refuse a number that is not finite or larger in size than :data:`MAX_NUMBER`."""
    if isinstance(value, float) and not math.isfinite(value):
        raise CellError(f"expected {expected}, got {show(value)}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise CellError(f"expected {expected}, got {show(value)}")
    if value > MAX_NUMBER or value < -MAX_NUMBER:
        raise CellError(
            f"expected {expected}, got {show(value)}, which is too large: answers are at most "
            f"{MAX_NUMBER:.0e} in size"
        )


def _int(value: object, choices: Sequence[str]) -> int:
    expected = "a whole number such as 12"
    if isinstance(value, bool):
        raise CellError(f"expected {expected}, got {show(value)}")
    if isinstance(value, int):
        _in_range(value, expected)
        return value
    if isinstance(value, float):
        _in_range(value, expected)
        if value.is_integer():
            return int(value)
        raise CellError(f"expected {expected}, got {show(value)}")
    if isinstance(value, str):
        raise _number_text(value, expected)
    raise CellError(f"expected {expected}, got {show(value)}")


def _number(value: object, choices: Sequence[str]) -> int | float:
    expected = "a number such as 12.5"
    if isinstance(value, bool):
        raise CellError(f"expected {expected}, got {show(value)}")
    if isinstance(value, int | float):
        _in_range(value, expected)
        return value
    if isinstance(value, str):
        raise _number_text(value, expected)
    raise CellError(f"expected {expected}, got {show(value)}")


def _share(value: object, choices: Sequence[str]) -> int | float:
    if isinstance(value, str) and value.strip().endswith("%"):
        raise CellError(
            f"{value.strip()!r} is a percentage; write the share as a fraction between 0 and 1 "
            "(0.12 for 12%)"
        )
    try:
        return _number(value, choices)
    except CellError:
        raise CellError(
            f"expected a fraction between 0 and 1 such as 0.12, got {show(value)}"
        ) from None


def _decimal(value: object, choices: Sequence[str]) -> Decimal:
    expected = (
        "an amount such as 1500 or 0.25 (digits and an optional decimal point; no currency "
        "sign, thousands separator or percent)"
    )
    if isinstance(value, bool):
        raise CellError(f"expected {expected}, got {show(value)}")
    if isinstance(value, int | float):
        _in_range(value, expected)
        return Decimal(value) if isinstance(value, int) else Decimal(repr(value))
    if isinstance(value, str):
        text = value.strip()
        if _DECIMAL_TEXT.fullmatch(text):
            try:
                amount = Decimal(text)
            except InvalidOperation:
                pass
            else:
                _in_range(amount, expected)
                return amount
        if text.endswith("%"):
            raise CellError(
                f"{text!r} is a percentage, which is not accepted; write a multiplier as 1.3 "
                "for +30% and an amount as a plain number"
            )
    raise CellError(f"expected {expected}, got {show(value)}")


def _date(value: object, choices: Sequence[str]) -> dt.date:
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date()
        raise CellError(f"expected a date such as 2025-06-30 without a time, got {show(value)}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE_TEXT.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise CellError(f"expected a date such as 2025-06-30, got {show(value)}")


def _clock(value: object, choices: Sequence[str]) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dt.time) and value.second == 0 and value.microsecond == 0:
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, dt.timedelta):
        seconds = value.total_seconds()
        if 0 <= seconds <= 86_400 and seconds % 60 == 0:
            minutes = int(seconds) // 60
            return f"{minutes // 60:02d}:{minutes % 60:02d}"
    raise CellError(f"expected a time of day such as 09:00 (24:00 for midnight), got {show(value)}")


def _choice(value: object, choices: Sequence[str]) -> str:
    if isinstance(value, str):
        return _match_choice(value, choices)
    raise CellError(f"expected one of: {', '.join(choices)}; got {show(value)}")


def _split(value: object, what: str) -> list[str]:
    if not isinstance(value, str):
        raise CellError(f"expected {what} separated by commas, got {show(value)}")
    return [part.strip() for part in value.split(",") if part.strip()]


def _choices(value: object, choices: Sequence[str]) -> list[str]:
    found: list[str] = []
    wrong: list[str] = []
    for part in _split(value, "values"):
        try:
            found.append(_match_choice(part, choices))
        except CellError as exc:
            wrong.append(str(exc).split(";")[0])
    if wrong:
        raise CellError(
            f"{'; '.join(wrong)}; expected values separated by commas, from: {', '.join(choices)}"
        )
    return found


def _codes(value: object, choices: Sequence[str]) -> list[str]:
    return _split(value, "codes")


def _increment(value: object, choices: Sequence[str]) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dt.date | dt.time):
        raise CellError(
            f"the cell holds {show(value)}: the spreadsheet read the increment as a date or "
            "time; format the cell as Text and type it again, e.g. 30/6"
        )
    raise CellError(
        f"expected 'first/step' in seconds such as 60/60, 30/6 or per-second, got {show(value)}"
    )


_CONVERTERS: Final[Mapping[Kind, Callable[[object, Sequence[str]], object]]] = {
    Kind.TEXT: _text,
    Kind.CODE: _code,
    Kind.BOOL: _bool,
    Kind.INT: _int,
    Kind.NUMBER: _number,
    Kind.SHARE: _share,
    Kind.DECIMAL: _decimal,
    Kind.DATE: _date,
    Kind.CLOCK: _clock,
    Kind.CHOICE: _choice,
    Kind.CHOICES: _choices,
    Kind.CODES: _codes,
    Kind.INCREMENT: _increment,
    Kind.PRESENT: _bool,
}


def convert(kind: Kind, choices: Sequence[str], cell: Cell) -> object:
    """The answer held by a non-blank ``cell``; ``CellError`` saying what was expected."""
    if cell.data_type == "f":
        raise CellError(FORMULA_MESSAGE)
    if cell.data_type == "e":
        raise CellError(f"the cell shows the error {cell.value}; type the answer instead")
    return _CONVERTERS[kind](cell.value, choices)


def plain(item: object) -> str:
    return str(item.value) if isinstance(item, Enum) else str(item)


def decimal_cell(amount: Decimal) -> int | float | str:
    """How to store an amount so that it reads back equal: a number when exact, else text."""
    if amount == amount.to_integral_value() and abs(amount) < 10**15:
        return int(amount)
    number = float(amount)
    if math.isfinite(number) and Decimal(repr(float(f"{number:.16g}"))) == amount:
        return number
    return str(amount)


def join(items: Sequence[object]) -> str:
    return ", ".join(plain(item) for item in items)
