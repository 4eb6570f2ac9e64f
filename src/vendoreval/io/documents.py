"""Structured files (YAML and JSON): safe parsing with the line of every field, and dumping.

Input files are untrusted. YAML is read with a :class:`yaml.SafeLoader` subclass that

* accepts YAML 1.2 scalars only: ``true``/``false`` are booleans but ``yes``, ``no``, ``on``,
  ``off`` and ``NO`` (Norway) are text; ``18:00`` is text, not the base-60 number 1080;
  ``010`` is ten, not octal eight;
* refuses aliases (``*name``), so a small file cannot expand into a huge one;
* refuses files over :data:`MAX_FILE_BYTES`, nesting deeper than :data:`MAX_DEPTH` and more
  than :data:`MAX_NODES` values, and mapping keys given twice.

JSON gets the same limits (depth, values, keys given twice). In both formats a number that
is not finite (``.nan``, ``.inf``, ``NaN``, ``Infinity``, ``1e999``) or larger in size than
:data:`MAX_NUMBER` is refused at its line and field path: no quantity, price or weight of a
contact-center contract comes near it, and such numbers only overflow later, far from the
file that held them.

Every parsed :class:`Document` keeps a map from field path (``("channels", 0,
"volume_per_month")``) to the 1-based line where the field sits, so that a validation error
can be reported as ``needs.yaml, line 14, channels[0].volume_per_month: …``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import json
import math
import re
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, Final, Literal, TypeVar

import numpy as np
import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails, to_jsonable_python

from vendoreval.errors import InputFileError

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "MAX_NUMBER",
    "SUFFIXES",
    "Document",
    "FileFormat",
    "Loc",
    "dump_text",
    "file_format",
    "format_path",
    "parse_document",
    "read_document",
    "read_text",
    "to_plain",
    "validate",
    "validation_message",
]

MAX_FILE_BYTES: Final = 10 * 1024 * 1024
"""Largest input file read [bytes] (10 MiB)."""
MAX_DEPTH: Final = 64
"""Deepest nesting of mappings and lists accepted in a YAML file [levels]."""
MAX_NODES: Final = 200_000
"""Most values (scalars, mappings and lists) accepted in one YAML or JSON file [nodes].

A proposal holds a few hundred; 200,000 still reads in about two seconds.
"""
MAX_NUMBER: Final = 10**15
"""Largest size (absolute value) of a number accepted in an input file (10^15)."""

FileFormat = Literal["yaml", "json"]
"""A structured-file format."""

Loc = tuple[str | int, ...]
"""A field path: mapping keys and list indexes from the top of the document."""

SUFFIXES: Final[Mapping[str, FileFormat]] = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}
"""File-name suffixes read as structured files, and their format."""

_MAX_PROBLEMS: Final = 20
_REPR_LIMIT: Final = 60

M = TypeVar("M", bound=BaseModel)


# --------------------------------------------------------------------------------------------
# YAML: a SafeLoader with YAML 1.2 scalars, no aliases and size limits
# --------------------------------------------------------------------------------------------

_TAG = "tag:yaml.org,2002:"
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^(?:[-+]?[0-9][0-9_]*|[-+]?0x[0-9a-fA-F_]+|[-+]?0o[0-7_]+)$")
_FLOAT = re.compile(
    r"""^(?:[-+]?(?:[0-9][0-9_]*)?\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?[0-9][0-9_]*\.(?:[eE][-+]?[0-9]+)?
        |[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
    re.VERBOSE,
)
_REPLACED_TAGS = frozenset(
    _TAG + name for name in ("bool", "int", "float", "merge", "value", "yaml")
)
_RESOLVERS: Final = (
    (_TAG + "bool", _BOOL, "tTfF"),
    (_TAG + "int", _INT, "-+0123456789"),
    (_TAG + "float", _FLOAT, "-+0123456789."),
)


class _LimitError(yaml.MarkedYAMLError):
    """A YAML input that is refused: an alias, or too deep, or too many values."""


class _Limits(yaml.composer.Composer):
    """Composing with limits: no aliases, bounded depth and number of values."""

    _depth = 0
    _nodes = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[attr-defined]
        mark = typing.cast(yaml.Mark, event.start_mark)
        if isinstance(event, yaml.AliasEvent):
            raise _LimitError(
                problem=f"YAML aliases (*{event.anchor}) are not accepted: write the value out",
                problem_mark=mark,
            )
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _LimitError(
                problem=f"too many values (more than {MAX_NODES:,})",
                problem_mark=mark,
            )
        if self._depth >= MAX_DEPTH:
            raise _LimitError(
                problem=f"nested more than {MAX_DEPTH} levels deep",
                problem_mark=mark,
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _Loader(_Limits, yaml.SafeLoader):
    """Safe loader: YAML 1.2 scalars, no aliases, bounded depth and size (pure Python)."""


def _loader(text: str) -> Any:
    """A loader for ``text``: libyaml's parser when PyYAML has it, composed in Python.

    libyaml scans and parses in C (about ten times faster on large files, and linear on a
    long scalar or comment); composing stays :class:`_Limits`', so the limits hold.
    """
    if _FastLoader is not None:
        return _FastLoader(text)
    return _Loader(text)


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = loader.construct_scalar(node).replace("_", "")
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    if digits.startswith("0x"):
        return sign * int(digits[2:], 16)
    if digits.startswith("0o"):
        return sign * int(digits[2:], 8)
    return sign * int(digits, 10)


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    text = loader.construct_scalar(node).replace("_", "").lower()
    sign = -1.0 if text.startswith("-") else 1.0
    digits = text.lstrip("+-")
    if digits == ".inf":
        return sign * math.inf
    if digits == ".nan":
        return math.nan
    return sign * float(digits)


def _yaml12_resolvers(
    base: dict[Any, list[tuple[str, re.Pattern[str]]]],
) -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    return {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in _REPLACED_TAGS]
        for first, resolvers in base.items()
    }


_Loader.yaml_implicit_resolvers = _yaml12_resolvers(yaml.SafeLoader.yaml_implicit_resolvers)
for _tag, _regexp, _first in _RESOLVERS:
    _Loader.add_implicit_resolver(_tag, _regexp, list(_first))


def _marked(
    construct: Callable[[yaml.SafeLoader, yaml.ScalarNode], Any],
) -> Callable[[yaml.SafeLoader, yaml.ScalarNode], Any]:
    """Report a scalar that cannot be converted (30 February, a 5,000-digit number) at its line."""

    def wrapper(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                problem=f"cannot read {str(node.value)[:40]!r} ({exc})",
                problem_mark=typing.cast(yaml.Mark, node.start_mark),
            ) from None

    return wrapper


_Loader.add_constructor(_TAG + "int", _marked(_construct_int))
_Loader.add_constructor(_TAG + "float", _marked(_construct_float))
_Loader.add_constructor(_TAG + "timestamp", _marked(yaml.SafeLoader.construct_yaml_timestamp))

_FastLoader: Any = None
if getattr(yaml, "__with_libyaml__", False):  # pragma: no branch
    from yaml._yaml import CParser

    class _CLoader(_Limits, CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        """:class:`_Loader` with libyaml's scanner and parser."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            yaml.composer.Composer.__init__(self)

    _CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _CLoader.yaml_constructors = _Loader.yaml_constructors
    _FastLoader = _CLoader


class _Dumper(yaml.SafeDumper):
    """Safe dumper that quotes any text that either YAML 1.1 or our loader reads as non-text."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


for _tag, _regexp, _first in _RESOLVERS:
    _Dumper.add_implicit_resolver(_tag, _regexp, list(_first))

# Characters YAML treats as line breaks or that PyYAML does not keep in plain or single-quoted
# scalars: text holding one is written double-quoted, where they are escaped.
_NEEDS_ESCAPE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = '"' if _NEEDS_ESCAPE.search(text) else None
    return dumper.represent_scalar(_TAG + "str", text, style=style)


_Dumper.add_representer(str, _represent_str)


# --------------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """Parsed content of a structured file and the line of each field.

    Parameters
    ----------
    source : str
        Name of the file as shown in messages.
    data : object
        Parsed content: dicts, lists, str, int, float, bool, None and (YAML) dates.
    lines : mapping of field path to int
        1-based line of each mapping key and list item, by field path.
    """

    source: str
    data: Any
    lines: Mapping[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        """Line of the deepest field of ``loc`` whose line is known; None when none is."""
        key = tuple(loc)
        while True:
            line = self.lines.get(key)
            if line is not None:
                return line
            if not key:
                return None
            key = key[:-1]

    def where(self, loc: Sequence[str | int]) -> str:
        """``"file, line 12, channels[0]"`` for a field path."""
        parts = [self.source]
        line = self.line_of(loc)
        if line is not None:
            parts.append(f"line {line}")
        if loc:
            parts.append(format_path(loc))
        return ", ".join(parts)


def file_format(path: str | Path) -> FileFormat:
    """Format of a file from its suffix (``.yaml``/``.yml`` → yaml, ``.json`` → json).

    Raises
    ------
    InputFileError
        For any other suffix.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputFileError(
            f"{path}: cannot tell the file's format from its name; expected a name ending in "
            ".yaml, .yml or .json"
        )
    return SUFFIXES[suffix]


def read_text(path: str | Path) -> str:
    """Read a UTF-8 text file of at most :data:`MAX_FILE_BYTES` (a byte-order mark is dropped).

    Raises
    ------
    InputFileError
        When the file is missing, unreadable, too large or not UTF-8 (with the line).
    """
    name = str(path)
    try:
        with Path(path).open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InputFileError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputFileError(f"{name}: is a folder, expected a file") from None
    except OSError as exc:
        raise InputFileError(f"{name}: cannot read the file ({exc.strerror or exc})") from exc
    if len(raw) > MAX_FILE_BYTES:
        raise InputFileError(
            f"{name}: the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB, the most "
            "accepted for an input file"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputFileError(
            f"{name}, line {line}: the file is not UTF-8 text (byte {exc.start}); save it as UTF-8"
        ) from None


def read_document(path: str | Path, fmt: FileFormat | None = None) -> Document:
    """Read and parse a YAML or JSON file.

    Parameters
    ----------
    path : str or Path
        The file.
    fmt : {"yaml", "json"}, optional
        Format; by default taken from the suffix.

    Raises
    ------
    InputFileError
        When the file cannot be read or parsed (with line and column), or breaks a limit.
    """
    chosen = fmt if fmt is not None else file_format(path)
    return parse_document(read_text(path), str(path), chosen)


def parse_document(text: str, source: str, fmt: FileFormat) -> Document:
    """Parse YAML or JSON ``text``; ``source`` names it in messages.

    Raises
    ------
    InputFileError
        On a syntax error (with line and column), an empty document, a YAML alias, a key given
        twice, or input beyond the size and depth limits.
    """
    if len(text) > MAX_FILE_BYTES:
        raise InputFileError(f"{source}: the text is larger than {MAX_FILE_BYTES:,} characters")
    document = _parse_json(text, source) if fmt == "json" else _parse_yaml(text, source)
    _check_numbers(document)
    return document


class _HugeNumber(str):
    """A JSON integer too long to be converted: kept as its digits, refused by the checks."""

    __slots__ = ()


def _json_int(digits: str) -> int | _HugeNumber:
    if len(digits) > 30:
        return _HugeNumber(digits)
    return int(digits)


def _number_problem(value: object) -> str | None:
    """What is wrong with a number of a document; None when it is fine (or not a number)."""
    if isinstance(value, _HugeNumber):
        return (
            f"the number {value[:20]}… ({len(value.lstrip('-'))} digits) is too large; numbers "
            f"are at most {MAX_NUMBER:.0e} in size"
        )
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return f"{value!r} is not a finite number; expected a number"
        if abs(value) > MAX_NUMBER:
            return (
                f"the number {value!r} is too large; numbers are at most {MAX_NUMBER:.0e} in size"
            )
    elif isinstance(value, int) and abs(value) > MAX_NUMBER:
        shown = str(value) if len(str(value)) <= 30 else f"{str(value)[:20]}…"
        return f"the number {shown} is too large; numbers are at most {MAX_NUMBER:.0e} in size"
    return None


def _check_numbers(document: Document) -> None:
    """Refuse non-finite and absurdly large numbers, each at its line and field path."""
    problems: list[str] = []
    stack: list[tuple[Loc, Any]] = [((), document.data)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(((*loc, key), item) for key, item in reversed(value.items()))
            continue
        if isinstance(value, list):
            stack.extend(((*loc, index), item) for index, item in reversed(list(enumerate(value))))
            continue
        problem = _number_problem(value)
        if problem is not None:
            line = document.line_of(loc)
            where = f"line {line}, " if line is not None else ""
            problems.append(f"  {where}{format_path(loc) or '(top level)'}: {problem}")
    if not problems:
        return
    count = len(problems)
    shown = problems[:_MAX_PROBLEMS]
    if count > _MAX_PROBLEMS:
        shown.append(f"  … and {count - _MAX_PROBLEMS} more")
    plural = "" if count == 1 else "s"
    raise InputFileError(
        f"{document.source}: numbers out of range ({count} problem{plural}):\n" + "\n".join(shown)
    )


def _parse_yaml(text: str, source: str) -> Document:
    try:
        loader = _loader(text)
    except yaml.reader.ReaderError as exc:
        raise InputFileError(_reader_message(exc, text, source)) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputFileError(f"{source}: the file is empty; expected a YAML document")
        data = loader.construct_document(node)
        lines = _yaml_lines(loader, node, source)
    except InputFileError:
        raise
    except yaml.MarkedYAMLError as exc:
        raise InputFileError(_yaml_message(exc, source)) from None
    except yaml.reader.ReaderError as exc:
        raise InputFileError(_reader_message(exc, text, source)) from None
    except yaml.YAMLError as exc:
        raise InputFileError(f"{source}: not valid YAML ({exc})") from None
    except (ValueError, OverflowError) as exc:
        raise InputFileError(f"{source}: a value cannot be read ({exc})") from None
    finally:
        loader.dispose()
    return Document(source, data, lines)


def _reader_message(exc: yaml.reader.ReaderError, text: str, source: str) -> str:
    line = text.count("\n", 0, exc.position) + 1
    char = exc.character
    shown = f"U+{char:04X}" if isinstance(char, int) else repr(char)
    return (
        f"{source}, line {line}: character {shown} is not allowed in YAML "
        "(control characters must be written as escapes inside double quotes)"
    )


def _yaml_message(exc: yaml.MarkedYAMLError, source: str) -> str:
    mark = exc.problem_mark or exc.context_mark
    where = f"{source}, line {mark.line + 1}, column {mark.column + 1}" if mark else source
    problem = exc.problem or "not valid YAML"
    context = f" ({exc.context})" if exc.context else ""
    return f"{where}: {problem}{context}"


def _yaml_lines(loader: Any, root: yaml.Node, source: str) -> dict[Loc, int]:
    lines: dict[Loc, int] = {(): root.start_mark.line + 1}
    stack: list[tuple[Loc, yaml.Node]] = [((), root)]
    while stack:
        loc, node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise InputFileError(
                        f"{source}, line {key_node.start_mark.line + 1}: a mapping key must be "
                        "a plain value such as a field name, not a list or mapping"
                    )
                key = loader.construct_object(key_node, deep=True)
                part: str | int = key if isinstance(key, str | int) else str(key)
                line = key_node.start_mark.line + 1
                if key in seen:
                    where = format_path(loc) or "the top level"
                    raise InputFileError(
                        f"{source}, line {line}: key {key!r} appears twice in {where} (first on "
                        f"line {seen[key]}); give each key once"
                    )
                seen[key] = line
                lines[(*loc, part)] = line
                stack.append(((*loc, part), value_node))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines[(*loc, index)] = item.start_mark.line + 1
                stack.append(((*loc, index), item))
    return lines


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+', re.DOTALL)


def _parse_json(text: str, source: str) -> Document:
    try:
        data = json.loads(text, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        raise InputFileError(
            f"{source}, line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"
        ) from None
    except RecursionError:
        raise InputFileError(f"{source}: the JSON is nested too deeply") from None
    except (ValueError, OverflowError) as exc:
        raise InputFileError(f"{source}: a value cannot be read ({exc})") from None
    return Document(source, data, _json_lines(text, source))


@dataclass
class _Frame:
    """An open JSON object or array during the token walk."""

    loc: Loc
    is_object: bool
    index: int = 0
    expect_key: bool = True
    key: str = ""
    seen: dict[str, int] = field(default_factory=dict)


def _json_lines(text: str, source: str) -> dict[Loc, int]:
    """Lines of the keys and items of a valid JSON text (an iterative token walk)."""
    breaks = [match.start() for match in re.finditer("\n", text)]
    lines: dict[Loc, int] = {}
    frames: list[_Frame] = []
    nodes = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        line = bisect.bisect_right(breaks, match.start()) + 1
        top = frames[-1] if frames else None
        if token in ("{", "[") and len(frames) >= MAX_DEPTH:
            raise InputFileError(f"{source}, line {line}: nested more than {MAX_DEPTH} levels deep")
        if token not in (":", ",", "}", "]") and not (top is not None and top.expect_key):
            nodes += 1
            if nodes > MAX_NODES:
                raise InputFileError(
                    f"{source}, line {line}: too many values (more than {MAX_NODES:,})"
                )
        if token == ":":
            continue
        if token == ",":
            if top is not None and top.is_object:
                top.expect_key = True
            continue
        if token in ("}", "]"):
            frames.pop()
            continue
        if top is not None and top.is_object and top.expect_key:
            key: str = json.loads(token)
            if key in top.seen:
                where = format_path(top.loc) or "the top level"
                raise InputFileError(
                    f"{source}, line {line}: key {key!r} appears twice in {where} (first on "
                    f"line {top.seen[key]}); give each key once"
                )
            top.seen[key] = line
            top.key = key
            top.expect_key = False
            lines[(*top.loc, key)] = line
            continue
        loc: Loc
        if top is None:
            loc = ()
            lines[loc] = line
        elif top.is_object:
            loc = (*top.loc, top.key)
        else:
            loc = (*top.loc, top.index)
            top.index += 1
            lines[loc] = line
        if token == "{":
            frames.append(_Frame(loc, is_object=True))
        elif token == "[":
            frames.append(_Frame(loc, is_object=False, expect_key=False))
    return lines


# --------------------------------------------------------------------------------------------
# Validation with file, line and field path
# --------------------------------------------------------------------------------------------


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
    data = document.data
    for part in at:
        data = data[part]
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
    problems: list[str] = []
    seen: set[Loc] = set()
    details = error.errors(include_url=False)
    root = _value_at(document.data, at)
    paths = [(*at, *data_path(root, tuple(d["loc"]), d["type"])) for d in details]
    for detail, path in zip(details, paths, strict=True):
        rel = path[len(at) :]
        if path in seen or _follows_from_others(detail, path, paths):
            continue
        seen.add(path)
        line = document.line_of(path)
        where = f"line {line}, " if line is not None else ""
        label = format_path(path) or "(top level)"
        problems.append(f"  {where}{label}: {_explain(detail, model, rel)}")
    count = len(problems)
    shown = problems[:_MAX_PROBLEMS]
    if count > _MAX_PROBLEMS:
        shown.append(f"  … and {count - _MAX_PROBLEMS} more")
    name = what or model.__name__
    plural = "" if count == 1 else "s"
    return f"{document.source}: not a valid {name} ({count} problem{plural}):\n" + "\n".join(shown)


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


def format_path(loc: Sequence[str | int]) -> str:
    """``("channels", 0, "volume_per_month")`` → ``"channels[0].volume_per_month"``."""
    text = ""
    for part in loc:
        if isinstance(part, int) and not isinstance(part, bool):
            text += f"[{part}]"
        elif isinstance(part, str) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", part):
            text += f".{part}" if text else part
        else:
            text += f"[{part!r}]"
    return text


# --------------------------------------------------------------------------------------------
# Dumping
# --------------------------------------------------------------------------------------------


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
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )
    return text
