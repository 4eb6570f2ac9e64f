"""Griffe extension for the API reference: pydantic signatures, Sphinx roles and comments.

What the docstrings rely on that griffe does not read by itself:

* **pydantic models** take their fields as keyword arguments, documented in the class
  docstring's *Parameters* section, but have no ``__init__`` in the source. The extension
  gives each model class a keyword-only ``__init__`` built from its annotated fields (their
  defaults included), so the signature shows them and the documented parameters are checked
  against the real fields.
* **Sphinx roles** (``:func:`invoice```, ``:class:`~vendoreval.pricing.PriceSheet```) become
  mkdocstrings cross-references. A role naming a vendoreval object that does not exist is a
  warning, so the strict build fails on it; a role naming a private object links only where
  that object is shown (through a public re-export) and is plain code otherwise; roles naming
  other libraries stay code.
* **``#:`` comments** above a module constant are its docstring, as in Sphinx.
* **reStructuredText** pieces of numpydoc: ``.. math::`` becomes a TeX code block, citations
  ``[1]_`` and their targets ``.. [1]`` plain ``[1]``; units side by side (``[0, 1] [-]``)
  are kept from reading as a Markdown reference link.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import griffe

LOGGER = logging.getLogger("mkdocs.plugins.vendoreval.griffe")

PACKAGE = "vendoreval"
MODEL_BASES = frozenset(
    {"vendoreval._model.Model", "pydantic.BaseModel", "pydantic.main.BaseModel"}
)
ROLE = re.compile(
    r":(?:py:)?(?P<role>class|func|meth|mod|attr|data|obj|exc|const|type):"
    r"`(?P<body>[^`]+)`"
)
EXPLICIT_TITLE = re.compile(r"^(?P<title>.+?)\s*<(?P<target>[^<>]+)>$")
# Units in brackets side by side ("in [0, 1] [-]") read as a Markdown reference link.
UNIT_PAIR = re.compile(r"(\][ \t]+)\[")
CODE_SPAN = re.compile(r"(`+).+?\1", re.DOTALL)
# reStructuredText that numpydoc docstrings carry: a math directive (shown as a TeX code
# block), citation targets ".. [1] Author" and citations "[1]_" (shown as "[1]").
MATH = re.compile(
    r"^(?P<indent>[ \t]*)\.\. math::[ \t]*(?P<first>.*)\n?"
    r"(?P<body>(?:(?:(?P=indent)[ \t]+.*)?\n)*)",
    re.MULTILINE,
)
CITATION_TARGET = re.compile(r"^(?P<indent>[ \t]*)\.\. \[(?P<label>[\w-]+)\]", re.MULTILINE)
CITATION = re.compile(r"\[(?P<label>[\w-]+)\]_")


def _path_of(expr: object) -> str:
    path = getattr(expr, "canonical_path", None)
    return path if isinstance(path, str) else str(expr)


def _lookup(collection: griffe.ModulesCollection, path: str) -> griffe.Object | griffe.Alias | None:
    try:
        return collection.get_member(path)
    except (KeyError, ValueError, griffe.AliasResolutionError, griffe.CyclicAliasError):
        return None


class VendorevalDocs(griffe.Extension):
    """Synthesise pydantic ``__init__`` signatures and turn Sphinx roles into links."""

    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        if pkg.name != PACKAGE:
            return
        collection = loader.modules_collection
        objects = list(_walk(pkg))
        for obj in objects:
            if isinstance(obj, griffe.Class) and self._is_model(obj, collection, set()):
                _add_model_init(obj, collection)
            elif isinstance(obj, griffe.Attribute) and obj.docstring is None:
                _comment_docstring(obj)
        for obj in objects:
            if obj.docstring is not None:
                text = _escape_unit_pairs(_rst_to_markdown(obj.docstring.value))
                obj.docstring.value = ROLE.sub(
                    lambda match, obj=obj: _role_to_markdown(match, obj, collection), text
                )

    def _is_model(
        self, cls: griffe.Class, collection: griffe.ModulesCollection, seen: set[str]
    ) -> bool:
        if cls.path in seen:
            return False
        seen.add(cls.path)
        for base in cls.bases:
            path = _path_of(base)
            if path in MODEL_BASES:
                return True
            target = _lookup(collection, path) if path.startswith(PACKAGE + ".") else None
            if target is not None:
                final = target.final_target if isinstance(target, griffe.Alias) else target
                if isinstance(final, griffe.Class) and self._is_model(final, collection, seen):
                    return True
        return False


def _math_block(match: re.Match[str]) -> str:
    indent = match.group("indent")
    lines = [match.group("first"), *match.group("body").splitlines()]
    lines = [line.strip() for line in lines if line.strip()]
    fence = "\n".join(f"{indent}{line}" for line in ["```tex", *lines, "```"])
    return f"{fence}\n\n"


def _rst_to_markdown(text: str) -> str:
    """Math directives as TeX code blocks; citations ``[1]_`` and targets as ``[1]``."""
    text = MATH.sub(_math_block, text)
    text = CITATION_TARGET.sub(lambda m: f"{m.group('indent')}- [{m.group('label')}]", text)
    return CITATION.sub(lambda m: f"[{m.group('label')}]", text)


def _escape_unit_pairs(text: str) -> str:
    """Escape ``[a] [b]`` outside code spans so Markdown keeps both as text."""
    pieces: list[str] = []
    position = 0
    for span in CODE_SPAN.finditer(text):
        pieces.append(UNIT_PAIR.sub(r"\1\\[", text[position : span.start()]))
        pieces.append(span.group(0))
        position = span.end()
    pieces.append(UNIT_PAIR.sub(r"\1\\[", text[position:]))
    return "".join(pieces)


def _comment_docstring(attr: griffe.Attribute) -> None:
    """Give an attribute the ``#:`` comment lines above it as its docstring (Sphinx style)."""
    if attr.lineno is None or attr.parent is None:
        return
    try:
        lines = attr.module.lines
    except (ValueError, AttributeError):
        return
    first = attr.module.lineno or 1
    comment: list[str] = []
    index = attr.lineno - first - 1
    while 0 <= index < len(lines) and lines[index].lstrip().startswith("#:"):
        comment.insert(0, lines[index].lstrip()[2:].strip())
        index -= 1
    if comment:
        attr.docstring = griffe.Docstring(
            "\n".join(comment), lineno=attr.lineno - len(comment), parent=attr
        )


def _walk(obj: griffe.Object) -> Any:
    yield obj
    for member in obj.members.values():
        if isinstance(member, griffe.Alias):
            continue
        yield from _walk(member)


def _model_bases(cls: griffe.Class, collection: griffe.ModulesCollection) -> list[griffe.Class]:
    """The model classes ``cls`` inherits fields from, the most basic first, then ``cls``."""
    chain: list[griffe.Class] = []
    for base in cls.bases:
        path = _path_of(base)
        if not path.startswith(PACKAGE + ".") or path in MODEL_BASES:
            continue
        target = _lookup(collection, path)
        final = target.final_target if isinstance(target, griffe.Alias) else target
        if isinstance(final, griffe.Class):
            chain.extend(c for c in _model_bases(final, collection) if c not in chain)
    chain.append(cls)
    return chain


def _field_default(value: object) -> tuple[str | griffe.Expr | None, str | None]:
    """The default shown for a field and its alias, from ``x: T = value``."""
    if value is None:
        return None, None
    if isinstance(value, griffe.ExprCall) and _path_of(value.function).endswith("Field"):
        default: str | griffe.Expr | None = None
        alias: str | None = None
        for position, argument in enumerate(value.arguments):
            if isinstance(argument, griffe.ExprKeyword):
                if argument.name == "default":
                    default = argument.value
                elif argument.name == "default_factory":
                    default = f"{argument.value}()"
                elif argument.name in ("alias", "validation_alias") and isinstance(
                    argument.value, str
                ):
                    alias = argument.value.strip("\"'")
            elif position == 0 and str(argument) != "...":
                default = argument
        return default, alias
    return value if isinstance(value, (str, griffe.Expr)) else str(value), None


def _add_model_init(cls: griffe.Class, collection: griffe.ModulesCollection) -> None:
    if "__init__" in cls.members:
        return
    parameters: dict[str, griffe.Parameter] = {}
    for owner in _model_bases(cls, collection):
        for name, member in owner.members.items():
            if (
                name.startswith("_")
                or name == "model_config"
                or isinstance(member, griffe.Alias)
                or not isinstance(member, griffe.Attribute)
                or member.annotation is None
                or "property" in member.labels
                or "ClassVar" in str(member.annotation)
            ):
                continue
            default, alias = _field_default(member.value)
            parameters[name] = griffe.Parameter(
                alias or name,
                annotation=member.annotation,
                kind=griffe.ParameterKind.keyword_only,
                default=default,
            )
    init = griffe.Function(
        "__init__",
        parameters=griffe.Parameters(*parameters.values()),
        returns="None",
        lineno=cls.lineno,
        endlineno=cls.lineno,
    )
    init.labels.add("pydantic-init")
    cls.set_member("__init__", init)


def _final(found: griffe.Object | griffe.Alias | None) -> griffe.Object | None:
    if found is None:
        return None
    try:
        return found.final_target if isinstance(found, griffe.Alias) else found
    except (griffe.AliasResolutionError, griffe.CyclicAliasError):
        return None


def _resolve(
    role: str, target: str, scope: griffe.Object, collection: griffe.ModulesCollection
) -> tuple[griffe.Object | None, bool]:
    """The object ``target`` names from ``scope``, and whether it belongs to another library.

    Returns ``(None, False)`` when ``target`` should name a vendoreval object but names none.
    """
    import builtins

    target = target.lstrip(".")
    head, _, rest = target.partition(".")
    candidates: list[str] = []
    if head == PACKAGE:
        candidates.append(target)
    elif role == "mod":
        return None, True  # a module of another library: pyarrow, numpy.random
    else:
        try:
            resolved: str | None = scope.resolve(head)
        except (griffe.NameResolutionError, griffe.AliasResolutionError, KeyError):
            resolved = None
        if resolved is not None:
            if resolved != PACKAGE and not resolved.startswith(PACKAGE + "."):
                return None, True  # imported from another library
            candidates.append(f"{resolved}.{rest}" if rest else resolved)
        # Sphinx also looks a name up from the enclosing class and module.
        parent: griffe.Object | None = scope
        while parent is not None:
            candidates.append(f"{parent.path}.{target}")
            parent = parent.parent
        # A builtin, or a dotted path of another library (numpy.random.Generator).
        if (
            resolved is None
            and (hasattr(builtins, head) or "." in target)
            and not any(_lookup(collection, c) for c in candidates)
        ):
            return None, True
    for candidate in candidates:
        final = _final(_lookup(collection, candidate))
        if final is None:
            continue
        if role != "mod" and isinstance(final, griffe.Module):
            # ``pricing.invoice`` is both a module and, at run time, the function the
            # package imports from it: a function role means the function.
            final = _final(final.members.get(final.name))
            if final is None:
                continue
        return final, False
    return None, False


def _shown_path(obj: griffe.Object) -> str:
    """The path under which the API reference shows ``obj``.

    The pages render packages, whose public names are re-exports of their submodules'
    objects: ``vendoreval.pricing.audit.audit_invoice`` is shown as
    ``vendoreval.pricing.audit_invoice``. The highest package below the façade that
    re-exports the object (or the class holding it) gives the path.
    """
    chain: list[str] = []
    node: griffe.Object = obj
    while not isinstance(node, griffe.Module) and node.parent is not None:
        chain.insert(0, node.name)
        node = node.parent
    if not chain:
        return obj.path
    exported = f"{node.path}.{chain[0]}"
    shown = obj.path
    ancestor = node.parent
    while ancestor is not None and ancestor.path != PACKAGE:
        member = ancestor.members.get(chain[0])
        if isinstance(member, griffe.Alias) and member.target_path == exported:
            shown = ".".join([ancestor.path, *chain])
        ancestor = ancestor.parent
    return shown


def _role_to_markdown(
    match: re.Match[str], scope: griffe.Object, collection: griffe.ModulesCollection
) -> str:
    role, body = match.group("role"), match.group("body").strip()
    explicit = EXPLICIT_TITLE.match(body)
    if explicit:
        title, target = explicit.group("title"), explicit.group("target")
    else:
        target = body.lstrip("!~")
        title = target.rsplit(".", 1)[-1] if body.startswith("~") else target
    if role in ("func", "meth") and not title.endswith(")"):
        title += "()"
    if body.startswith("!"):
        return f"`{title}`"
    found, external = _resolve(role, target, scope, collection)
    if found is None:
        if not external:
            LOGGER.warning(
                "%s: the docstring reference :%s:`%s` does not resolve", _where(scope), role, body
            )
        return f"`{title}`"
    # Optional: a link where the object is shown, plain code where it is not (a private
    # helper, or an attribute without a docstring).
    return f'<autoref identifier="{_shown_path(found)}" optional>{_html_code(title)}</autoref>'


def _html_code(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<code>{escaped}</code>"


def _where(obj: griffe.Object) -> str:
    try:
        return f"{obj.relative_filepath}:{obj.lineno}"
    except (ValueError, griffe.BuiltinModuleError):
        return obj.path
