"""Reading and parsing YAML and JSON files with the limits of
:mod:`~vendoreval.io.documents.limits`, the line of every field, and every number checked
(module notes of :mod:`vendoreval.io.documents`)."""

from __future__ import annotations

import bisect
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from vendoreval.errors import InputFileError
from vendoreval.io.documents.document import (
    SUFFIXES,
    Document,
    FileFormat,
    Loc,
    key_twice,
    problem_list,
)
from vendoreval.io.documents.limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, MAX_NUMBER
from vendoreval.io.documents.yaml12 import yaml_loader

__all__ = ["file_format", "parse_document", "read_document", "read_text"]


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
    problems: list[tuple[Loc, str]] = []
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
            problems.append((loc, problem))
    if problems:
        raise InputFileError(problem_list(document, "numbers out of range", problems))


def _parse_yaml(text: str, source: str) -> Document:
    try:
        loader = yaml_loader(text)
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
                    raise InputFileError(key_twice(source, line, key, loc, seen[key]))
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
                raise InputFileError(key_twice(source, line, key, top.loc, top.seen[key]))
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
