"""YAML 1.2 for untrusted files: a :class:`yaml.SafeLoader` with YAML 1.2 scalars, no aliases
and bounded depth and size, and a safe dumper that quotes any text a loader could read as
something else (module notes of :mod:`vendoreval.io.documents`)."""

from __future__ import annotations

import math
import re
import typing
from collections.abc import Callable
from typing import Any, Final

import yaml

from vendoreval.io.documents.limits import MAX_DEPTH, MAX_NODES

__all__ = ["Dumper", "yaml_loader"]

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


def yaml_loader(text: str) -> Any:
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


class Dumper(yaml.SafeDumper):
    """Safe dumper that quotes any text that either YAML 1.1 or our loader reads as non-text."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


for _tag, _regexp, _first in _RESOLVERS:
    Dumper.add_implicit_resolver(_tag, _regexp, list(_first))

# Characters YAML treats as line breaks or that PyYAML does not keep in plain or single-quoted
# scalars: text holding one is written double-quoted, where they are escaped.
_NEEDS_ESCAPE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = '"' if _NEEDS_ESCAPE.search(text) else None
    return dumper.represent_scalar(_TAG + "str", text, style=style)


Dumper.add_representer(str, _represent_str)
