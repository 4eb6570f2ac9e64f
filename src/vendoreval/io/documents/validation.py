"""Validating a parsed file as a pydantic model, with every problem at its line and field
path and in words (``line 14, channels[0].volume_per_month: …``)."""

from __future__ import annotations

import datetime as dt
import difflib
import types
import typing
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from vendoreval.errors import InputFileError
from vendoreval.io.documents.document import Document, Loc, problem_list

__all__ = ["data_path", "validate", "validation_message"]

_REPR_LIMIT: Final = 60

M = TypeVar("M", bound=BaseModel)


def validate(document: Document, model: type[M], *, at: Loc = (), what: str | None = None) -> M:
    """Validate the value at ``at`` in ``document`` as ``model``.

    Parameters
    ----------
    document : Document
        Parsed file.
    model : type of pydantic model
        Model to build.
    at : tuple, optional
        Field path of the value inside the document (``(2,)`` for the third item of a list).
    what : str, optional
        Name of the thing validated, for the message (default: the model's name).

    Raises
    ------
    InputFileError
        Naming the file, then for each problem the line, the field path (e.g.
        ``channels[0].volume_per_month``) and what was expected.
    """
    data = _value_at(document.data, at)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputFileError(validation_message(document, exc, model, at=at, what=what)) from exc
    except (ArithmeticError, LookupError, TypeError, ValueError, RecursionError) as exc:
        # a validator that failed in a way pydantic does not report as a validation error
        name = what or model.__name__
        where = document.where(at)
        raise InputFileError(
            f"{where}: not a valid {name}: a value cannot be used ({type(exc).__name__}: {exc})"
        ) from exc


def validation_message(
    document: Document,
    error: ValidationError,
    model: type[BaseModel],
    *,
    at: Loc = (),
    what: str | None = None,
) -> str:
    """Readable, line-numbered message for a pydantic ``error`` raised on ``document``."""
    problems: list[tuple[Loc, str]] = []
    seen: set[Loc] = set()
    details = error.errors(include_url=False)
    root = _value_at(document.data, at)
    paths = [(*at, *data_path(root, tuple(d["loc"]), d["type"])) for d in details]
    for detail, path in zip(details, paths, strict=True):
        if path in seen or _follows_from_others(detail, path, paths):
            continue
        seen.add(path)
        problems.append((path, _explain(detail, model, path[len(at) :])))
    return problem_list(document, f"not a valid {what or model.__name__}", problems)


def _follows_from_others(detail: ErrorDetails, path: Loc, paths: list[Loc]) -> bool:
    """A too-short list whose items were themselves invalid: the item errors say it all."""
    return detail["type"] == "too_short" and any(
        len(other) > len(path) and other[: len(path)] == path for other in paths
    )


def _value_at(data: Any, at: Loc) -> Any:
    for part in at:
        data = data[part]
    return data


def data_path(data: Any, loc: Loc, kind: str) -> Loc:
    """The part of a pydantic error ``loc`` that names places in the input data.

    Union tags and other steps pydantic adds are dropped; a ``[key]`` step (the error is in
    a mapping's key) ends the path; for a ``missing`` error the missing field is kept.

    Parameters
    ----------
    data : Any
        The validated input (mappings and lists).
    loc : tuple of str or int
        The error's location as pydantic gives it.
    kind : str
        The error's type (``"missing"``, ``"value_error"``…).
    """
    path: list[str | int] = []
    node = data
    for position, part in enumerate(loc):
        if part == "[key]":
            path.append(part)
            break
        if _has(node, part):
            path.append(part)
            node = node[part]
        elif kind == "missing" and position == len(loc) - 1:
            path.append(part)
    return tuple(path)


def _has(node: Any, part: str | int) -> bool:
    if isinstance(node, Mapping):
        return part in node
    if isinstance(node, list | tuple) and isinstance(part, int) and not isinstance(part, bool):
        return 0 <= part < len(node)
    return False


def _explain(detail: ErrorDetails, model: type[BaseModel], loc: Loc) -> str:
    kind = detail["type"]
    message = detail["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind == "missing" and loc:
        return f"required field {loc[-1]!r} is missing"
    if kind == "extra_forbidden" and loc:
        fields = _fields_at(model, loc[:-1])
        if fields:
            name = str(loc[-1])
            close = difflib.get_close_matches(name, fields, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            return f"unknown field {name!r}{hint}; expected one of: {', '.join(fields)}"
        return f"unknown field {loc[-1]!r}"
    if kind in ("value_error", "assertion_error"):
        return message
    value = detail.get("input")
    if isinstance(value, str | int | float | Decimal | dt.date) or value is None:
        shown = repr(value)
        if len(shown) > _REPR_LIMIT:
            shown = shown[: _REPR_LIMIT - 1] + "…"
        return f"{message} (got {shown})"
    return message


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """Field names of the model found at ``loc`` inside ``model``; empty when unknown."""
    annotation: Any = model
    for part in loc:
        annotation = _step(annotation, part)
        if annotation is None:
            return []
    target = _as_model(annotation)
    return list(target.model_fields) if target is not None else []


def _step(annotation: Any, part: str | int) -> Any:
    target = _as_model(annotation)
    if target is not None:
        info = target.model_fields.get(part) if isinstance(part, str) else None
        return info.annotation if info is not None else None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _step(args[0], part)
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            found = _step(arg, part)
            if found is not None:
                return found
        return None
    if origin in (tuple, list) and args and isinstance(part, int):
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None


def _as_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _as_model(args[0])
    if origin in (typing.Union, types.UnionType):
        models = [m for m in (_as_model(arg) for arg in args) if m is not None]
        return models[0] if len(models) == 1 else None
    return None
