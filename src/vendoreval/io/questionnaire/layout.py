"""Layout of the vendor questionnaire, derived from the answer models' fields.

The questionnaire has an ``Instructions`` sheet holding the vendor's name and summary, then one
sheet per answer model of :class:`~vendoreval.proposal.VendorProposal`. Every sheet is laid
out the same way:

* row 1 a title, row 2 one line on what is asked, row 3 the header
  ``Field | Answer | Unit / allowed values``;
* from row 4, one row per scalar answer (:class:`FieldSpec`): the label in column A, the
  answer in column B, the unit or the allowed values in column C;
* below, one table per repeated item (:class:`TableSpec`): a title row, a header row, a help
  row, then one row per item.

Nothing here restates the models: :func:`build_layout` walks the fields of the proposal
model (``model_fields``) and decides from each field's type how it is asked:

* ``bool``: a ``yes``/``no`` answer; ``int``: a whole number; ``Decimal``: an amount or a
  multiplier, kept exact; ``date``: a date;
* ``float`` (pydantic's ``int | float``): a number, or a *share* (a fraction 0–1) when it is
  a :data:`~vendoreval.vocabulary.Share` or bounded within [0, 1];
* ``str``: free text, or a *code* when a validator checks it (currency, country, language,
  time zone); a ``StrEnum``: one of its values, offered in a drop-down;
* a tuple of enums or of codes: a comma-separated list;
* :class:`~vendoreval.pricing.BillingIncrement`: an increment ``a/b``;
  :class:`~vendoreval.needs.hours.Hours`: a table of weekly windows (or a 24/7 row);
* a model, optional or not: its fields, in place (an optional model whose fields all have
  defaults is preceded by a ``yes``/``no`` row saying whether it applies);
* a tuple of models: a table with one row per item, one column per field (when the item
  itself holds a tuple of models: one row per inner item, grouped by the outer columns);
* a dict of scalars: a two-column table (key, value); a tuple of other scalars (dates): a
  one-column table.

The words come from the field: its pydantic ``description`` is the help (with units), and
``json_schema_extra={"questionnaire": {...}}`` holds what the questionnaire needs beyond the
type:

``label``
    Text of column A, of a column header or of an optional group's ``yes``/``no`` row
    (default: the field name, humanised). Labels are how the reader finds the answers, so
    they are unique on their sheet.
``kind``
    A :class:`Kind` that overrides the derived one (``"clock"`` for an ``HH:MM`` text).
``blank``
    What a blank answer means (default: ``required``, or ``blank = <the default>``).
``order``
    Sort key among the fields of one model (default 0; ties keep the declaration order).
``width``
    Width of the field's column when it is a table column [characters].
``sheet``, ``title``, ``intro``
    For the answer models held by the proposal: the sheet's name, its title (row 1) and
    its introduction (row 2; default: the field's description).
``table``, ``rows``
    For repeated items: the table's title and how many blank rows a fresh questionnaire
    gets.
``key``, ``value``
    For mappings and lists of scalars: ``{"label", "description", "width"}`` of the key
    and value columns.
``channels``
    On an :class:`~vendoreval.needs.hours.Hours` field: the sibling field holding per-channel
    hours (``dict[Channel, Hours]``); the table then has a channel column, ``all`` for the
    field itself.
``group_by``, ``item``
    For a table of items that hold items: the outer columns that start a new item
    (default: all of them), and what one outer item is called in messages.

``ko``
    The Korean of the field's texts: a mapping of ``label``, ``description``, ``blank``,
    ``sheet``, ``title``, ``intro``, ``table``, ``item``, ``key`` and ``value``, used by the
    Korean questionnaire (``language="ko"``); see :mod:`~vendoreval.io.questionnaire.korean`
    for the fields whose Korean is kept in a table, and for the fallback to English.

A field added to an answer model therefore appears in the questionnaire, and is read back,
without any change here; :func:`build_layout` also accepts ``models`` to lay out an
extended answer model (see its example).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

from pydantic import BaseModel, Field, create_model
from pydantic.fields import FieldInfo

from vendoreval.errors import ArgumentError, ArgumentTypeError, UnknownNameError
from vendoreval.io.questionnaire import korean
from vendoreval.io.questionnaire.metadata import (
    DEFAULT_WIDTH,
    FieldMeta,
    TypeInfo,
    analyse,
    blank_text,
    check_language,
    enum_choices,
    field_meta,
    fields_of,
    help_text,
    humanise,
    is_enum,
    is_homogeneous,
    is_model,
    scalar_kind,
)
from vendoreval.io.questionnaire.spec import (
    ALL_CHANNELS,
    INSTRUCTIONS_NAME,
    INSTRUCTIONS_TITLE,
    ColumnSpec,
    FieldSpec,
    Kind,
    Layout,
    SheetSpec,
    Source,
    TableShape,
    TableSpec,
)
from vendoreval.needs.hours import Hours
from vendoreval.pricing.billing import BillingIncrement
from vendoreval.proposal import VendorProposal
from vendoreval.vocabulary import Channel, Weekday

__all__ = ["build_layout", "default_layout", "layout_for_sheets"]

_SHEET_NAME = re.compile(r"[^\[\]:*?/\\]{1,31}")
"""A sheet name Excel accepts: 1–31 characters, none of ``[ ] : * ? /`` or a backslash."""

# --------------------------------------------------------------------------------------------
# Building the sheets
# --------------------------------------------------------------------------------------------

_WEEKDAYS: Final = enum_choices(Weekday)


def _hours_columns(channels: Sequence[str] | None, language: str = "en") -> tuple[ColumnSpec, ...]:
    """Columns of an hours table (the shape of :class:`~vendoreval.needs.hours.Hours`).

    With ``channels``, a first column says which channel a row's window is for.
    """
    choices = (ALL_CHANNELS, *(channels or ()))
    if language == "ko":
        words = korean.TEXT["hours"]
        korean_columns = (
            ColumnSpec(
                "channel",
                words["channel"][0],
                Kind.CHOICE,
                words["channel"][1].format(all=ALL_CHANNELS, choices=", ".join(choices)),
                choices,
                width=14,
            ),
            ColumnSpec("always", words["always"][0], Kind.BOOL, words["always"][1]),
            ColumnSpec(
                "days",
                words["days"][0],
                Kind.CHOICES,
                words["days"][1].format(choices=", ".join(_WEEKDAYS)),
                _WEEKDAYS,
                width=30,
            ),
            ColumnSpec("start", words["start"][0], Kind.CLOCK, words["start"][1], width=12),
            ColumnSpec("end", words["end"][0], Kind.CLOCK, words["end"][1], width=12),
        )
        return korean_columns[1:] if channels is None else korean_columns
    channel = ColumnSpec(
        "channel",
        "Channel",
        Kind.CHOICE,
        f"'{ALL_CHANNELS}' for every channel, or one channel whose hours differ; one of: "
        f"{', '.join(choices)}",
        choices,
        width=14,
    )
    rest = (
        ColumnSpec("always", "24/7", Kind.BOOL, "yes for around the clock (no days or times)"),
        ColumnSpec(
            "days",
            "Days",
            Kind.CHOICES,
            f"comma-separated days; any of: {', '.join(_WEEKDAYS)}",
            _WEEKDAYS,
            width=30,
        ),
        ColumnSpec(
            "start", "From", Kind.CLOCK, "HH:MM on the hour or half hour, e.g. 09:00", width=12
        ),
        ColumnSpec(
            "end",
            "To",
            Kind.CLOCK,
            "HH:MM; 24:00 for midnight; a time before From runs past midnight",
            width=12,
        ),
    )
    return rest if channels is None else (channel, *rest)


def _unsupported(meta: FieldMeta, annotation: Any) -> ArgumentError:
    return ArgumentError(
        f"{meta.where}: the questionnaire cannot ask for a field of type {annotation!r}; "
        "give it a 'kind' in json_schema_extra['questionnaire'], or use a supported type "
        "(bool, int, float, Decimal, date, str, an enum, a model, a tuple or a dict of these)"
    )


class _SheetBuilder:
    """Collects the rows and tables of one sheet while walking a model's fields."""

    def __init__(self, sources: set[Source], language: str = "en") -> None:
        self.fields: list[FieldSpec] = []
        self.tables: list[TableSpec] = []
        self.sources = sources
        self.language = language

    # ------------------------------------------------------------------ walking
    def walk(self, model: type[BaseModel], prefix: tuple[str, ...], in_group: bool) -> None:
        """Add a row or table for every field of ``model`` found at ``prefix``."""
        entries = list(fields_of(model, self.language))
        merged = {meta.channels: meta for _, _, meta in entries if meta.channels}
        for sibling, meta in merged.items():
            info = model.model_fields.get(sibling)
            kind = analyse(info.annotation) if info is not None else None
            if kind is None or kind.origin is not dict or analyse(kind.args[1]).base is not Hours:
                raise ArgumentError(
                    f"{meta.where}: 'channels' names {sibling!r}, which is not a field of "
                    f"{model.__name__} holding hours by channel (dict[Channel, Hours])"
                )
        for name, info, meta in entries:
            if name in merged:
                self.sources.add((model, name))  # shown in its sibling's hours table
                continue
            self.add(model, name, info, meta, (*prefix, name), in_group)

    def add(
        self,
        model: type[BaseModel],
        name: str,
        info: FieldInfo,
        meta: FieldMeta,
        path: tuple[str, ...],
        in_group: bool,
    ) -> None:
        """Add the row, the rows or the table that ask for ``model.name``."""
        kind = analyse(info.annotation, info.metadata)
        self.sources.add((model, name))
        if meta.kind is not None:
            choices = enum_choices(kind.base) if is_enum(kind.base) else ()
            self.row(path, meta, meta.kind, choices, self.blank(info, meta, in_group))
        elif kind.base is Hours:
            self.hours_table(model, path, meta)
        elif (scalar := scalar_kind(kind)) is not None:
            self.row(path, meta, scalar[0], scalar[1], self.blank(info, meta, in_group))
        elif is_model(kind.base):
            group: type[BaseModel] = kind.base
            if kind.optional and not any(f.is_required() for f in group.model_fields.values()):
                self.row(path, meta, Kind.PRESENT, (), meta.blank or "")
            self.walk(group, path, in_group or kind.optional)
        elif kind.origin in (tuple, list) and is_homogeneous(kind):
            self.list_table(path, meta, analyse(kind.args[0]))
        elif kind.origin is dict:
            self.mapping_table(path, meta, kind)
        else:
            raise _unsupported(meta, info.annotation)

    def blank(self, info: FieldInfo, meta: FieldMeta, in_group: bool) -> str:
        """What a blank answer means, in the builder's language."""
        return blank_text(info, meta, in_group, self.language)

    def row(
        self, path: tuple[str, ...], meta: FieldMeta, kind: Kind, choices: Sequence[str], blank: str
    ) -> None:
        """Add one answer row."""
        text = help_text(meta.description, kind, blank, choices, self.language)
        self.fields.append(FieldSpec(path, meta.label, kind, text, tuple(choices)))

    # ------------------------------------------------------------------ tables
    def table(
        self,
        path: tuple[str, ...],
        meta: FieldMeta,
        columns: Sequence[ColumnSpec],
        shape: TableShape,
        **extra: Any,
    ) -> None:
        """Add a table titled by the field's ``table`` metadata (default: its label)."""
        keys = [column.key for column in columns]
        if len(set(keys)) != len(keys):
            raise ArgumentError(f"{meta.where}: two columns of the table are called the same")
        self.tables.append(
            TableSpec(path, meta.table or meta.label, tuple(columns), meta.rows, shape, **extra)
        )

    def column(self, model: type[BaseModel], name: str, info: FieldInfo) -> ColumnSpec:
        """The column showing ``model.name`` in a table of ``model`` items."""
        meta = field_meta(model, name, info, self.language)
        self.sources.add((model, name))
        kind = analyse(info.annotation, info.metadata)
        found = (meta.kind, enum_choices(kind.base) if is_enum(kind.base) else ())
        if meta.kind is None:
            scalar = scalar_kind(kind)
            if scalar is None:
                raise ArgumentError(
                    f"{meta.where}: a table cell holds one value; the questionnaire cannot "
                    f"show {info.annotation!r} in a column of a table"
                )
            found = scalar
        column_kind = found[0]
        assert column_kind is not None
        text = help_text(
            meta.description, column_kind, self.blank(info, meta, False), found[1], self.language
        )
        return ColumnSpec(name, meta.label, column_kind, text, found[1], meta.width)

    def part_column(
        self, key: str, meta: FieldMeta, part: Mapping[str, Any], kind: TypeInfo
    ) -> ColumnSpec:
        """The ``key`` or ``value`` column of a mapping or list, from ``meta.key``/``value``."""
        scalar = scalar_kind(kind)
        if scalar is None or scalar[0] in (Kind.CHOICES, Kind.CODES):
            raise _unsupported(meta, kind.base)
        label = part.get("label", humanise(key))
        description = part.get("description", "")
        width = part.get("width", DEFAULT_WIDTH)
        if not isinstance(label, str) or not isinstance(description, str):
            raise ArgumentTypeError(f"{meta.where}: {key}.label and {key}.description are text")
        if isinstance(width, bool) or not isinstance(width, int | float) or width < 1:
            raise ArgumentError(f"{meta.where}: {key}.width must be a number of at least 1")
        text = help_text(description, scalar[0], "", scalar[1], self.language)
        return ColumnSpec(key, label, scalar[0], text, scalar[1], float(width))

    def hours_table(self, model: type[BaseModel], path: tuple[str, ...], meta: FieldMeta) -> None:
        """Add the table of weekly windows of an ``Hours`` field (and its per-channel hours)."""
        if meta.channels is None:
            self.table(path, meta, _hours_columns(None, self.language), TableShape.HOURS)
            return
        sibling = analyse(model.model_fields[meta.channels].annotation)
        key = analyse(sibling.args[0]).base
        channels = enum_choices(key) if is_enum(key) else enum_choices(Channel)
        self.table(
            path,
            meta,
            _hours_columns(channels, self.language),
            TableShape.CHANNEL_HOURS,
            channel_path=(*path[:-1], meta.channels),
        )

    def list_table(self, path: tuple[str, ...], meta: FieldMeta, item: TypeInfo) -> None:
        """Add the table of a tuple: one value, one item or one inner item per row."""
        if not is_model(item.base):
            column = self.part_column("value", meta, meta.value, item)
            self.table(path, meta, [column], TableShape.VALUES)
            return
        model: type[BaseModel] = item.base
        columns: list[ColumnSpec] = []
        inner: tuple[str, type[BaseModel]] | None = None
        for name, info, item_meta in fields_of(model, self.language):
            field_kind = analyse(info.annotation, info.metadata)
            if (
                item_meta.kind is None
                and field_kind.origin in (tuple, list)
                and is_homogeneous(field_kind)
                and is_model(analyse(field_kind.args[0]).base)
            ):
                if inner is not None:
                    raise ArgumentError(
                        f"{meta.where}: an item of a table may hold one list of items; "
                        f"{model.__name__} holds {inner[0]!r} and {name!r}"
                    )
                inner = (name, analyse(field_kind.args[0]).base)
                self.sources.add((model, name))
                continue
            columns.append(self.column(model, name, info))
        if inner is None:
            self.table(path, meta, columns, TableShape.ITEMS)
            return
        outer_keys = tuple(column.key for column in columns)
        group_by = meta.group_by if meta.group_by is not None else outer_keys
        stray = [key for key in group_by if key not in outer_keys]
        if stray:
            raise ArgumentError(
                f"{meta.where}: group_by names {stray[0]!r}, which is not a column of "
                f"{model.__name__}; the columns are: {', '.join(outer_keys)}"
            )
        start = len(columns) + 1
        for name, info, _ in fields_of(inner[1], self.language):
            columns.append(self.column(inner[1], name, info))
        self.table(
            path,
            meta,
            columns,
            TableShape.GROUPED,
            inner=inner[0],
            inner_start=start,
            group_by=tuple(group_by),
            item=meta.item,
        )

    def mapping_table(self, path: tuple[str, ...], meta: FieldMeta, kind: TypeInfo) -> None:
        """Add the two-column table of a dict: one key and its value per row."""
        key_type, value_type = (analyse(arg) for arg in kind.args)
        columns = [
            self.part_column("key", meta, meta.key, key_type),
            self.part_column("value", meta, meta.value, value_type),
        ]
        self.table(path, meta, columns, TableShape.MAPPING)


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _check_unique(spec: SheetSpec) -> None:
    seen: dict[str, str] = {}
    for label in [f.label for f in spec.fields] + [t.title for t in spec.tables]:
        if label in seen:
            raise ArgumentError(
                f"sheet {spec.name!r}: the label {label!r} is used twice; the reader finds "
                "answers by their label, so labels must differ"
            )
        seen[label] = label


def _with_models(
    proposal: type[VendorProposal], models: Mapping[str, type[BaseModel]]
) -> type[VendorProposal]:
    """A subclass of ``proposal`` whose answer fields use the given (extended) models."""
    fields: dict[str, Any] = {}
    for name, model in models.items():
        info = proposal.model_fields.get(name)
        if info is None:
            raise UnknownNameError(
                f"models: {proposal.__name__} has no field {name!r}; its fields are: "
                + ", ".join(proposal.model_fields)
            )
        current = analyse(info.annotation)
        if not (is_model(model) and is_model(current.base) and issubclass(model, current.base)):
            raise ArgumentTypeError(
                f"models[{name!r}]: expected a subclass of "
                f"{getattr(current.base, '__name__', current.base)}, got {model!r}"
            )
        annotation: Any = model | None if current.optional else model
        replacement: Any
        if info.default_factory is not None:
            replacement = Field(
                default_factory=info.default_factory,
                description=info.description,
                json_schema_extra=info.json_schema_extra,
            )
        elif info.is_required():
            replacement = Field(
                description=info.description, json_schema_extra=info.json_schema_extra
            )
        else:
            replacement = Field(
                default=info.default,
                description=info.description,
                json_schema_extra=info.json_schema_extra,
            )
        fields[name] = (annotation, replacement)
    if not fields:
        return proposal
    extended: type[VendorProposal] = create_model(
        proposal.__name__, __base__=proposal, __module__=proposal.__module__, **fields
    )
    return extended


def build_layout(
    proposal: type[VendorProposal] = VendorProposal,
    *,
    models: Mapping[str, type[BaseModel]] | None = None,
    language: str = "en",
) -> Layout:
    """Derive the questionnaire's sheets from a proposal model's fields.

    Parameters
    ----------
    proposal : type of VendorProposal
        The proposal model (or a subclass). Its fields that hold an answer model become one
        sheet each (named by the field's ``sheet`` metadata); its other fields go on the
        ``Instructions`` sheet.
    models : mapping of str to model class, optional
        Answer models to use instead of the proposal's, by field name (``{"crm":
        MyCrmAnswer}``); each must subclass the model it replaces. The layout's
        :attr:`Layout.model` is then a subclass of ``proposal`` with those fields.
    language : str
        ``en`` (default) or ``ko``: the language of the sheet names, titles, labels and
        help. Answers are typed the same way in both (``yes``/``no``, the same choices).

    Returns
    -------
    Layout
        Every sheet, with its rows and tables, and the model to read answers into.

    Raises
    ------
    ArgumentError
        When a field's type cannot be asked in a workbook, its metadata is invalid, or two
        answers on a sheet have the same label.
    UnknownNameError
        When ``models`` names a field the proposal does not have.
    ArgumentTypeError
        When a model in ``models`` does not subclass the model it replaces.

    Examples
    --------
    An answer model with one more field gets one more row, without any layout code:

    >>> from pydantic import Field, create_model
    >>> from vendoreval.proposal import CrmAnswer
    >>> Crm = create_model(
    ...     "CrmAnswer",
    ...     __base__=CrmAnswer,
    ...     video_calls=(bool, Field(False, description="agents take video calls")),
    ... )
    >>> layout = build_layout(models={"crm": Crm})
    >>> [f.help for f in layout.sheet("CRM").fields if f.label == "Video calls"]
    ['agents take video calls; yes or no; blank = no']
    """
    if not (isinstance(proposal, type) and issubclass(proposal, VendorProposal)):
        raise ArgumentTypeError(
            f"proposal: expected VendorProposal or a subclass, got {proposal!r}"
        )
    check_language(language)
    if models:
        proposal = _with_models(proposal, models)
    sources: set[Source] = set()
    first = _SheetBuilder(sources, language)
    sheets: list[SheetSpec] = []
    for name, info, meta in fields_of(proposal, language):
        kind = analyse(info.annotation, info.metadata)
        if not (
            is_model(kind.base) and meta.kind is None and kind.base not in (Hours, BillingIncrement)
        ):
            first.add(proposal, name, info, meta, (name,), False)
            continue
        sources.add((proposal, name))
        builder = _SheetBuilder(sources, language)
        builder.walk(kind.base, (), in_group=False)
        sheet_name = meta.sheet or meta.label
        sheets.append(
            SheetSpec(
                name=sheet_name,
                root=(name,),
                title=meta.title or meta.label,
                intro=meta.intro or _sentence(meta.description),
                fields=tuple(builder.fields),
                tables=tuple(builder.tables),
                optional=kind.optional,
            )
        )
    if language == "ko":
        name, title = korean.TEXT["instructions_name"], korean.TEXT["instructions_title"]
        intro = korean.TEXT["instructions_intro"].format(
            first=sheets[0].name if sheets else "", last=sheets[-1].name if sheets else ""
        )
    else:
        answered = f"{sheets[0].name} to {sheets[-1].name}" if sheets else "the sheets that follow"
        name, title = INSTRUCTIONS_NAME, INSTRUCTIONS_TITLE
        intro = f"Please answer on the sheets {answered}; each sheet is one check."
    instructions = SheetSpec(
        name=name,
        root=(),
        title=title,
        intro=intro,
        fields=tuple(first.fields),
        tables=tuple(first.tables),
        optional=False,
    )
    names: set[str] = set()
    for spec in (instructions, *sheets):
        if not _SHEET_NAME.fullmatch(spec.name):
            raise ArgumentError(
                f"sheet name {spec.name!r}: expected 1–31 characters without [ ] : * ? / \\"
            )
        if spec.name in names:
            raise ArgumentError(f"two sheets are called {spec.name!r}")
        names.add(spec.name)
        _check_unique(spec)
    return Layout(
        model=proposal,
        sheets=(instructions, *sheets),
        sources=frozenset(sources),
        language=language,
    )


@functools.cache
def default_layout(language: str = "en") -> Layout:
    """The layout of :class:`~vendoreval.proposal.VendorProposal` in ``language`` (``en`` or
    ``ko``; built once each)."""
    return build_layout(language=language)


def layout_for_sheets(sheet_names: Sequence[str]) -> Layout:
    """The default layout whose sheets a workbook has: Korean or English.

    The layout with more of its sheet names among ``sheet_names`` wins; on a tie (a workbook
    that is not a questionnaire at all) the English one, whose reader then says what is
    missing.
    """
    present = set(sheet_names)
    english, korean_layout = default_layout("en"), default_layout("ko")

    def found(layout: Layout) -> int:
        return sum(spec.name in present for spec in layout.sheets)

    return korean_layout if found(korean_layout) > found(english) else english
