"""Reading the answer models for the questionnaire: field metadata, types and help texts.

A field's ``json_schema_extra={"questionnaire": {...}}`` is checked here (unknown keys and
wrong types are errors naming the field), its annotation is reduced to a base type and its
constraints, and its help text is put together from its description, its kind and its
default. See :mod:`vendoreval.io.questionnaire.layout` for the keys and the type rules.

Every text can be had in English (``language="en"``) or Korean (``"ko"``): the Korean comes
from the metadata's ``"ko"`` mapping, else from
:data:`vendoreval.io.questionnaire.korean.FIELD_TEXT`, else the English is used.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Final

import annotated_types
from pydantic import AfterValidator, BaseModel, BeforeValidator, PlainValidator, WrapValidator
from pydantic.fields import FieldInfo

from vendoreval.errors import ArgumentError, ArgumentTypeError
from vendoreval.io.questionnaire import korean
from vendoreval.io.questionnaire.spec import METADATA_KEY, NO, YES, Kind
from vendoreval.pricing.billing import BillingIncrement
from vendoreval.vocabulary import Share

__all__ = [
    "DEFAULT_WIDTH",
    "LANGUAGES",
    "FieldMeta",
    "TypeInfo",
    "analyse",
    "blank_text",
    "check_language",
    "enum_choices",
    "field_meta",
    "fields_of",
    "help_text",
    "humanise",
    "is_enum",
    "is_homogeneous",
    "is_model",
    "scalar_kind",
]

# --------------------------------------------------------------------------------------------
# Field metadata
# --------------------------------------------------------------------------------------------

_KEYS: Final = frozenset(
    "label kind blank order width sheet title intro table rows key value channels group_by "
    "item ko".split()
)
"""Keys a field's questionnaire metadata may hold (see :mod:`~.layout`)."""
_KO_KEYS: Final = frozenset(
    "label description blank sheet title intro table item key value".split()
)
"""Keys of the ``ko`` mapping: the Korean of the field's texts."""
LANGUAGES: Final = korean.LANGUAGES
"""Languages a questionnaire can be written in: ``en`` and ``ko``."""


def check_language(language: object) -> str:
    """``language`` if it is one of :data:`LANGUAGES`; otherwise an ``ArgumentError``."""
    if not isinstance(language, str) or language not in LANGUAGES:
        raise ArgumentError(f"language: expected one of {', '.join(LANGUAGES)}, got {language!r}")
    return language


_COLUMN_KEYS: Final = frozenset({"label", "description", "width"})
"""Keys of the ``key`` and ``value`` column metadata of a mapping or list table."""
DEFAULT_WIDTH: Final = 16.0
"""Width of a table column without a ``width`` [characters]."""
_DEFAULT_ROWS: Final = 6


@dataclass(frozen=True)
class FieldMeta:
    """A field's questionnaire metadata, checked, with the defaults filled in.

    Parameters
    ----------
    where : str
        ``Model.field``, for messages.
    label : str
        Row label, column header or group label (default: the humanised field name).
    description : str
        The field's pydantic description: the help text, with units.
    kind : Kind, optional
        Kind that overrides the one derived from the type.
    blank : str, optional
        What a blank answer means; None to derive it from the default.
    order : int
        Sort key among the model's fields.
    width : float
        Column width when the field is a table column [characters].
    sheet, title, intro : str, optional
        Sheet name, title and introduction of an answer model held by the proposal.
    table : str, optional
        Title of the field's table.
    rows : int
        Blank rows of the field's table in a fresh questionnaire.
    key, value : mapping
        ``label``, ``description`` and ``width`` of the key and value columns.
    channels : str, optional
        Sibling field of per-channel hours, merged into this field's hours table.
    group_by : tuple of str, optional
        Outer columns that start a new outer item of a grouped table.
    item : str
        What one outer item of a grouped table is called.
    """

    where: str
    label: str
    description: str
    kind: Kind | None
    blank: str | None
    order: int
    width: float
    sheet: str | None
    title: str | None
    intro: str | None
    table: str | None
    rows: int
    key: Mapping[str, Any]
    value: Mapping[str, Any]
    channels: str | None
    group_by: tuple[str, ...] | None
    item: str


def humanise(name: str) -> str:
    """``"sync_latency_seconds"`` → ``"Sync latency seconds"``."""
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _text_or_none(raw: Mapping[str, Any], key: str, where: str) -> str | None:
    value = raw.get(key)
    if value is None or isinstance(value, str):
        return value
    raise ArgumentTypeError(
        f"{where}: questionnaire metadata {key!r} must be text, got {type(value).__name__}"
    )


def _keyed(raw: Mapping[str, Any], key: str, keys: frozenset[str], where: str) -> Mapping[str, Any]:
    """The mapping ``raw[key]`` (empty when absent), holding only ``keys``."""
    value = raw.get(key, {})
    if not isinstance(value, Mapping):
        raise ArgumentTypeError(
            f"{where}: questionnaire metadata {key!r} must be a mapping of "
            f"{', '.join(sorted(keys))}, got {type(value).__name__}"
        )
    unknown = sorted(set(value) - keys)
    if unknown:
        raise ArgumentError(
            f"{where}: unknown questionnaire metadata {key}.{unknown[0]}; expected "
            f"{', '.join(sorted(keys))}"
        )
    return value


def _column_meta(raw: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    return _keyed(raw, key, _COLUMN_KEYS, where)


def _korean(
    raw: Mapping[str, Any], model: type[BaseModel], name: str, where: str
) -> dict[str, Any]:
    """The Korean texts of ``model.name``: the table's, overridden by the metadata's ``ko``."""
    own = _keyed(raw, "ko", _KO_KEYS, where)
    text = {**korean.korean_text(model, name), **own}
    for key, value in text.items():
        if key in ("key", "value"):
            _column_meta(text, key, f"{where} (ko)")
        elif not isinstance(value, str):
            raise ArgumentTypeError(
                f"{where}: questionnaire metadata ko.{key} must be text, got {type(value).__name__}"
            )
    return text


def field_meta(
    model: type[BaseModel], name: str, info: FieldInfo, language: str = "en"
) -> FieldMeta:
    """The questionnaire metadata of ``model.name`` in ``language``; errors name the field."""
    where = f"{model.__name__}.{name}"
    extra = info.json_schema_extra
    raw: Any = extra.get(METADATA_KEY, {}) if isinstance(extra, dict) else {}
    if not isinstance(raw, Mapping):
        raise ArgumentTypeError(
            f"{where}: json_schema_extra[{METADATA_KEY!r}] must be a mapping, got "
            f"{type(raw).__name__}"
        )
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise ArgumentError(
            f"{where}: unknown questionnaire metadata {unknown[0]!r}; expected one of "
            f"{', '.join(sorted(_KEYS))}"
        )
    kind: Kind | None = None
    if "kind" in raw:
        try:
            kind = Kind(raw["kind"])
        except ValueError:
            raise ArgumentError(
                f"{where}: questionnaire kind {raw['kind']!r} is unknown; expected one of "
                f"{', '.join(k.value for k in Kind)}"
            ) from None
    numbers: dict[str, float] = {}
    for key, default, minimum in (
        ("order", 0, None),
        ("width", DEFAULT_WIDTH, 1),
        ("rows", _DEFAULT_ROWS, 1),
    ):
        value = raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ArgumentTypeError(
                f"{where}: questionnaire metadata {key!r} must be a number, got {value!r}"
            )
        if minimum is not None and value < minimum:
            raise ArgumentError(
                f"{where}: questionnaire metadata {key!r} must be at least {minimum}, got {value!r}"
            )
        numbers[key] = value
    group_by = raw.get("group_by")
    if group_by is not None and (
        not isinstance(group_by, Sequence)
        or isinstance(group_by, str)
        or not all(isinstance(item, str) for item in group_by)
    ):
        raise ArgumentTypeError(
            f"{where}: questionnaire metadata 'group_by' must be a list of field names"
        )
    label = _text_or_none(raw, "label", where)
    meta = FieldMeta(
        where=where,
        label=label or humanise(name),
        description=info.description or "",
        kind=kind,
        blank=_text_or_none(raw, "blank", where),
        order=int(numbers["order"]),
        width=float(numbers["width"]),
        sheet=_text_or_none(raw, "sheet", where),
        title=_text_or_none(raw, "title", where),
        intro=_text_or_none(raw, "intro", where),
        table=_text_or_none(raw, "table", where),
        rows=int(numbers["rows"]),
        key=_column_meta(raw, "key", where),
        value=_column_meta(raw, "value", where),
        channels=_text_or_none(raw, "channels", where),
        group_by=None if group_by is None else tuple(group_by),
        item=_text_or_none(raw, "item", where) or "item",
    )
    ko = _korean(raw, model, name, where)
    if check_language(language) == "en":
        return meta
    blank = meta.blank
    if "blank" in ko:
        blank = ko["blank"]
    elif blank is not None:
        blank = korean.BLANK_TEXT.get(blank, blank)
    return dataclasses.replace(
        meta,
        label=ko.get("label", meta.label),
        description=ko.get("description", meta.description),
        blank=blank,
        sheet=ko.get("sheet", meta.sheet),
        title=ko.get("title", meta.title),
        intro=ko.get("intro", meta.intro),
        table=ko.get("table", meta.table),
        item=ko.get("item", meta.item),
        key={**meta.key, **ko.get("key", {})},
        value={**meta.value, **ko.get("value", {})},
    )


def fields_of(
    model: type[BaseModel], language: str = "en"
) -> Iterator[tuple[str, FieldInfo, FieldMeta]]:
    """The fields of ``model`` with their metadata in ``language``, by ``order`` then
    declaration."""
    entries = [
        (name, info, field_meta(model, name, info, language))
        for name, info in model.model_fields.items()
    ]
    yield from sorted(entries, key=lambda entry: entry[2].order)


# --------------------------------------------------------------------------------------------
# Types
# --------------------------------------------------------------------------------------------

_SHARE_VALIDATORS: Final = frozenset(
    item.func for item in typing.get_args(Share)[1:] if isinstance(item, AfterValidator)
)
_CHECKED = (AfterValidator, BeforeValidator, PlainValidator, WrapValidator)


@dataclass(frozen=True)
class TypeInfo:
    """A field's annotation without ``Annotated`` and ``None``.

    Parameters
    ----------
    base : type or generic alias
        What is left: ``int``, ``float`` (for ``int | float``), ``tuple[Site, ...]``…
    optional : bool
        ``None`` was one of the union's members.
    constraints : tuple
        The metadata collected on the way (``Ge``, ``AfterValidator``…).
    """

    base: Any
    optional: bool
    constraints: tuple[Any, ...]

    @property
    def origin(self) -> Any:
        """``typing.get_origin`` of the base (``tuple``, ``dict``…), or None."""
        return typing.get_origin(self.base)

    @property
    def args(self) -> tuple[Any, ...]:
        """``typing.get_args`` of the base."""
        return typing.get_args(self.base)


def _is_union(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    return origin is typing.Union or origin is types.UnionType


def analyse(annotation: Any, metadata: Sequence[Any] = ()) -> TypeInfo:
    """Strip ``Annotated`` (collecting its constraints) and ``None`` from an annotation.

    A union of ``int`` and ``float`` (pydantic's strict number types) is a ``float``.
    """
    constraints: list[Any] = list(metadata)
    optional = False
    current = annotation
    while True:
        if typing.get_origin(current) is Annotated:
            current, *extra = typing.get_args(current)
            for item in extra:
                constraints.extend(item.metadata if isinstance(item, FieldInfo) else [item])
            continue
        if _is_union(current):
            members = [arg for arg in typing.get_args(current) if arg is not type(None)]
            optional = optional or len(members) < len(typing.get_args(current))
            if len(members) == 1:
                current = members[0]
                continue
            parts = [analyse(member) for member in members]
            if all(part.base in (int, float) for part in parts):
                for part in parts:
                    constraints.extend(part.constraints)
                current = float
        break
    return TypeInfo(current, optional, tuple(constraints))


def is_model(base: Any) -> bool:
    """True for a pydantic model class."""
    return isinstance(base, type) and issubclass(base, BaseModel)


def is_enum(base: Any) -> bool:
    """True for an enum class."""
    return isinstance(base, type) and issubclass(base, Enum)


def _is_share(kind: TypeInfo) -> bool:
    """A :data:`~vendoreval.vocabulary.Share`, or a number bounded within [0, 1]."""
    lower: Any = None
    upper: Any = None
    for item in kind.constraints:
        if isinstance(item, AfterValidator) and item.func in _SHARE_VALIDATORS:
            return True
        if isinstance(item, annotated_types.Ge):
            lower = item.ge
        elif isinstance(item, annotated_types.Gt):
            lower = item.gt
        elif isinstance(item, annotated_types.Le):
            upper = item.le
        elif isinstance(item, annotated_types.Lt):
            upper = item.lt
    numbers = (int, float, Decimal)
    return isinstance(lower, numbers) and isinstance(upper, numbers) and lower >= 0 and upper <= 1


def enum_choices(base: Any) -> tuple[str, ...]:
    """The values of an enum class, in declaration order."""
    return tuple(str(member.value) for member in base)


def scalar_kind(kind: TypeInfo) -> tuple[Kind, tuple[str, ...]] | None:
    """The kind (and choices) of a one-cell answer of this type; None if it is not one."""
    base = kind.base
    if base is bool:
        return Kind.BOOL, ()
    if is_enum(base):
        return Kind.CHOICE, enum_choices(base)
    if base is int:
        return Kind.INT, ()
    if base is float:
        return (Kind.SHARE if _is_share(kind) else Kind.NUMBER), ()
    if base is Decimal:
        return Kind.DECIMAL, ()
    if base is dt.date:
        return Kind.DATE, ()
    if base is str:
        checked = any(isinstance(item, _CHECKED) for item in kind.constraints)
        return (Kind.CODE if checked else Kind.TEXT), ()
    if base is BillingIncrement:
        return Kind.INCREMENT, ()
    if kind.origin in (tuple, list) and is_homogeneous(kind):
        item = analyse(kind.args[0])
        if is_enum(item.base):
            return Kind.CHOICES, enum_choices(item.base)
        if item.base is str and any(isinstance(c, _CHECKED) for c in item.constraints):
            return Kind.CODES, ()  # codes hold no commas; free text goes in a table
    return None


def is_homogeneous(kind: TypeInfo) -> bool:
    """``tuple[X, ...]`` or ``list[X]``."""
    args = kind.args
    if kind.origin is list:
        return len(args) == 1
    return len(args) == 2 and args[1] is Ellipsis


# --------------------------------------------------------------------------------------------
# Help texts
# --------------------------------------------------------------------------------------------

_SHARE_HINT: Final = "fraction 0–1: 0.12 for 12% (a percentage such as 12% is not accepted)"
_KIND_HINTS: Final[Mapping[Kind, str]] = {
    Kind.BOOL: "yes or no",
    Kind.PRESENT: "yes or no",
    Kind.INT: "whole number",
    Kind.SHARE: _SHARE_HINT,
    Kind.DECIMAL: "a plain number (no currency sign, thousands separator or %)",
    Kind.DATE: "YYYY-MM-DD",
    Kind.CLOCK: "HH:MM",
    Kind.CHOICES: "comma-separated",
    Kind.CODES: "comma-separated",
}


def _show_default(value: object, language: str = "en") -> str:
    if value is None:
        return "not stated" if language == "en" else korean.TEXT["not_stated"]
    none = "none" if language == "en" else korean.TEXT["none"]
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple | list):
        return ", ".join(_show_default(item, language) for item in value) if value else none
    if isinstance(value, Mapping | str) and not value:
        return none
    return str(value)


def blank_text(
    info: FieldInfo, meta: FieldMeta, in_optional_group: bool, language: str = "en"
) -> str:
    """What a blank answer means: the metadata's words, or derived from the default."""
    if meta.blank is not None:
        return meta.blank
    if language == "ko":
        words = korean.TEXT
        if info.is_required():
            return str(words["required_in_group" if in_optional_group else "required"])
        default = info.get_default(call_default_factory=True, validated_data={})
        return str(words["blank_is"]).format(value=_show_default(default, language))
    if info.is_required():
        return "required when this group is answered" if in_optional_group else "required"
    default = info.get_default(call_default_factory=True, validated_data={})
    return f"blank = {_show_default(default)}"


def help_text(
    description: str, kind: Kind, blank: str, choices: Sequence[str], language: str = "en"
) -> str:
    """Column C of an answer: description; how to type it; what blank means; the choices."""
    hints = _KIND_HINTS if language == "en" else korean.KIND_HINTS
    one_of, any_of = (
        ("one of", "any of")
        if language == "en"
        else (
            korean.TEXT["one_of"],
            korean.TEXT["any_of"],
        )
    )
    text = "; ".join(part for part in (description, hints.get(kind, ""), blank) if part)
    if kind is Kind.CHOICE:
        return f"{text}; {one_of}: {', '.join(choices)}"
    if kind is Kind.CHOICES:
        return f"{text}; {any_of}: {', '.join(choices)}"
    return text
