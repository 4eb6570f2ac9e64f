"""The base class of every vendoreval model: frozen, no unknown fields, no silent coercion."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["Model"]


class Model(BaseModel):
    """Immutable pydantic model that rejects unknown fields.

    Numbers are not parsed from strings (``"12%"`` or ``"12"`` for a number is an error), so a
    value that validates means what it says.
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_default=True,
        str_strip_whitespace=False,
        use_enum_values=False,
        ser_json_inf_nan="constants",
    )
