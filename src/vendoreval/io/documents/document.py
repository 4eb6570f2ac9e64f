"""A parsed structured file: its data, the line of every field, and how a field is named in
a message (``needs.yaml, line 14, channels[0].volume_per_month``)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

__all__ = [
    "SUFFIXES",
    "Document",
    "FileFormat",
    "Loc",
    "format_path",
    "key_twice",
    "problem_list",
]

FileFormat = Literal["yaml", "json"]
"""A structured-file format."""

Loc = tuple[str | int, ...]
"""A field path: mapping keys and list indexes from the top of the document."""

SUFFIXES: Final[Mapping[str, FileFormat]] = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}
"""File-name suffixes read as structured files, and their format."""

_MAX_PROBLEMS: Final = 20


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


def problem_list(
    document: Document, what: str, problems: Sequence[tuple[Sequence[str | int], str]]
) -> str:
    """``"file: <what> (n problems):"`` then one line per problem, ``"  line 14,
    channels[0].volume_per_month: <text>"``, at most 20 (then how many more).

    Parameters
    ----------
    document : Document
        The file the problems are in.
    what : str
        What is wrong with it as a whole, e.g. ``"not a valid Needs"``.
    problems : sequence of (field path, text)
        Each problem's place and what is wrong there.
    """
    lines: list[str] = []
    for loc, text in problems:
        line = document.line_of(loc)
        where = f"line {line}, " if line is not None else ""
        lines.append(f"  {where}{format_path(loc) or '(top level)'}: {text}")
    count = len(lines)
    shown = lines[:_MAX_PROBLEMS]
    if count > _MAX_PROBLEMS:
        shown.append(f"  … and {count - _MAX_PROBLEMS} more")
    plural = "" if count == 1 else "s"
    return f"{document.source}: {what} ({count} problem{plural}):\n" + "\n".join(shown)


def key_twice(source: str, line: int, key: object, loc: Loc, first: int) -> str:
    """The message for a mapping ``key`` given twice in the mapping at ``loc``."""
    where = format_path(loc) or "the top level"
    return (
        f"{source}, line {line}: key {key!r} appears twice in {where} (first on line "
        f"{first}); give each key once"
    )
