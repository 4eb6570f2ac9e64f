"""Writing models as YAML or JSON that validates back to the same model."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from decimal import Decimal
from enum import Enum
from typing import Any

import numpy as np
import yaml
from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from vendoreval.io.documents.document import FileFormat
from vendoreval.io.documents.yaml12 import Dumper

__all__ = ["dump_text", "to_plain"]


def to_plain(value: Any, *, dates_as_text: bool = False) -> Any:
    """Plain data for YAML or JSON that validates back to the same model.

    Decimals become int when whole (``Decimal("650")`` → ``650``) and text otherwise
    (``"0.5"``), so no binary-float rounding touches money; enums become their values; tuples
    become lists; dates stay dates (YAML) or become ISO text (``dates_as_text``, for JSON).
    """
    if isinstance(value, Enum):
        return to_plain(value.value, dates_as_text=dates_as_text)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, np.generic):
        return to_plain(value.item(), dates_as_text=dates_as_text)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, Decimal):
        if value == value.to_integral_value() and value.adjusted() < 18:
            return int(value)
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat() if dates_as_text else value
    if isinstance(value, Mapping):
        return {
            to_plain(key, dates_as_text=True): to_plain(item, dates_as_text=dates_as_text)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [to_plain(item, dates_as_text=dates_as_text) for item in value]
    if isinstance(value, BaseModel):
        return to_plain(value.model_dump(exclude_none=True), dates_as_text=dates_as_text)
    return to_jsonable_python(value)


def dump_text(data: Any, fmt: FileFormat) -> str:
    """YAML or JSON text for plain ``data`` (see :func:`to_plain`), ending with a newline."""
    if fmt == "json":
        plain = to_plain(data, dates_as_text=True)
        return json.dumps(plain, ensure_ascii=False, indent=2) + "\n"
    text: str = yaml.dump(
        to_plain(data),
        Dumper=Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )
    return text
