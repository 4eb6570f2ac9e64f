"""Loading and saving needs and proposals, and writing any file atomically.

Needs and proposals are YAML (``.yaml``, ``.yml``) or JSON (``.json``) files. A proposals
file holds one proposal (a mapping) or several (a list); a folder of such files holds one
vendor per file or more, read in file-name order. Errors name the file, the line and the
field path. Files are written to a temporary name in the target folder and renamed over the
target, so a reader never sees half a file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final, cast

from vendoreval._atomic import atomic_write_text
from vendoreval._types import PathLike
from vendoreval.contract import ServiceCredits
from vendoreval.errors import ArgumentError, InputFileError, WriteError
from vendoreval.io.documents import (
    SUFFIXES,
    Document,
    FileFormat,
    dump_text,
    read_document,
    validate,
)
from vendoreval.needs import Needs
from vendoreval.pricing.sheet import PriceSheet
from vendoreval.proposal import VendorProposal
from vendoreval.proposal.pricing import PricingAnswer

__all__ = [
    "dump_needs",
    "dump_proposal",
    "dump_proposals",
    "load_needs",
    "load_price_sheet",
    "load_proposal",
    "load_proposals",
    "load_terms",
    "proposals_from_documents",
    "read_mapping",
    "vendor_file_name",
]


_WINDOWS_RESERVED: Final = frozenset(
    ["CON", "PRN", "AUX", "NUL"]
    + [f"COM{i}" for i in range(1, 10)]
    + [f"LPT{i}" for i in range(1, 10)]
)
_MAX_STEM: Final = 80

# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


def load_needs(path: PathLike) -> Needs:
    """Read a buyer's needs from a YAML or JSON file.

    Parameters
    ----------
    path : str or path-like
        A ``.yaml``, ``.yml`` or ``.json`` file holding one mapping.

    Returns
    -------
    Needs

    Raises
    ------
    InputFileError
        When the file cannot be read or parsed, or does not validate; the message names the
        file, and for each problem the line, the field path (``channels[0].volume_per_month``)
        and what was expected.
    """
    return validate(read_document(Path(path)), Needs, what="Needs")


def load_proposal(path: PathLike) -> VendorProposal:
    """Read one vendor's proposal from a YAML or JSON file holding one mapping.

    Raises
    ------
    InputFileError
        As :func:`load_needs`; also when the file holds a list of proposals.
    """
    document = read_document(Path(path))
    if isinstance(document.data, list):
        raise InputFileError(
            f"{document.source}: holds a list of {len(document.data)} proposals; expected one "
            "(use load_proposals to read several)"
        )
    return validate(document, VendorProposal, what="VendorProposal")


_WORKBOOK_SUFFIXES = (".xlsx",)


def _is_proposal_file(item: Path) -> bool:
    suffix = item.suffix.lower()
    hidden = item.name.startswith((".", "~$"))  # ~$name.xlsx: Excel's lock file
    return (suffix in SUFFIXES or suffix in _WORKBOOK_SUFFIXES) and not hidden and item.is_file()


def load_proposals(path: PathLike) -> list[VendorProposal]:
    """Read vendors' proposals from a file or a folder.

    Parameters
    ----------
    path : str or path-like
        A YAML or JSON file holding one proposal (a mapping) or a list of them, a filled
        vendor questionnaire (``.xlsx``, see :func:`vendoreval.io.read_questionnaire`), or a
        folder of such files (not hidden, not in sub-folders), read in file-name order.

    Returns
    -------
    list of VendorProposal
        In file-name order, then in the order within each file.

    Raises
    ------
    InputFileError
        When a file cannot be read or validated, a folder holds no proposal file, or two
        proposals share a vendor name (the message names both places).
    QuestionnaireError
        When a questionnaire workbook is malformed or unsafe (names the ``Sheet!A1`` cell).
    """
    source = Path(path)
    if not source.exists():
        raise InputFileError(f"{source}: no such file or folder")
    if source.is_dir():
        files = sorted(
            (item for item in source.iterdir() if _is_proposal_file(item)),
            key=lambda item: item.name,
        )
        if not files:
            raise InputFileError(
                f"{source}: no proposal files in this folder; expected files ending in .yaml, "
                ".yml, .json or .xlsx (a filled questionnaire)"
            )
    else:
        files = [source]
    proposals: list[VendorProposal] = []
    origin: dict[str, str] = {}
    for item in files:
        if item.suffix.lower() in _WORKBOOK_SUFFIXES:
            from vendoreval.io.questionnaire import read_questionnaire

            found = [(read_questionnaire(item), str(item))]
        else:
            found = list(_proposals_with_origin(read_document(item)))
        for proposal, where in found:
            _claim_name(origin, proposal.name, where)
            proposals.append(proposal)
    return proposals


def read_mapping(path: PathLike) -> dict[str, Any]:
    """Read a YAML or JSON file whose top level is a mapping, without validating it further.

    Raises
    ------
    InputFileError
        When the file cannot be read or parsed, or its top level is not a mapping.
    """
    document = read_document(Path(path))
    if not isinstance(document.data, dict):
        found = "a list" if isinstance(document.data, list) else "a single value"
        raise InputFileError(
            f"{document.source}: expected a mapping (key: value lines) at the top level, "
            f"found {found}"
        )
    return document.data


def load_price_sheet(path: PathLike) -> PriceSheet:
    """Read a price sheet from a YAML or JSON file.

    The file may hold a whole proposal (its ``pricing.sheet`` is used), a pricing answer
    (a mapping with ``sheet``) or a bare price sheet.

    Raises
    ------
    InputFileError
        As :func:`load_needs`: file, line, field path and what was expected.
    """
    document = read_document(Path(path))
    data = document.data
    if isinstance(data, dict) and "pricing" in data:
        return validate(document, VendorProposal, what="VendorProposal").sheet
    if isinstance(data, dict) and "sheet" in data:
        return validate(document, PricingAnswer, what="PricingAnswer").sheet
    return validate(document, PriceSheet, what="PriceSheet")


def load_terms(path: PathLike) -> ServiceCredits:
    """Read a vendor's contract terms (commitments and service credits) from YAML or JSON.

    The file may hold a whole proposal (its ``commitments`` are used) or the terms alone (a
    mapping with ``commitments``, ``at_risk_share`` or ``grades`` and ``earn_back_months``).

    Raises
    ------
    InputFileError
        As :func:`load_needs`: file, line, field path and what was expected; also when a
        proposal states no commitments.
    """
    document = read_document(Path(path))
    data = document.data
    if isinstance(data, dict) and "pricing" in data:
        proposal = validate(document, VendorProposal, what="VendorProposal")
        terms = getattr(proposal, "commitments", None)
        if terms is None:
            raise InputFileError(
                f"{document.source}: the proposal of {proposal.name!r} states no commitments; "
                "expected a 'commitments' section with the service levels it commits to"
            )
        return cast(ServiceCredits, terms)
    return validate(document, ServiceCredits, what="ServiceCredits")


def proposals_from_documents(documents: Iterable[Document]) -> list[VendorProposal]:
    """Validate proposals from parsed documents, each a mapping or a list of mappings.

    Raises
    ------
    InputFileError
        When a document is empty or invalid, or two proposals share a vendor name.
    """
    proposals: list[VendorProposal] = []
    origin: dict[str, str] = {}
    for document in documents:
        for proposal, where in _proposals_with_origin(document):
            _claim_name(origin, proposal.name, where)
            proposals.append(proposal)
    return proposals


def _proposals_with_origin(document: Document) -> list[tuple[VendorProposal, str]]:
    """The proposals of one document, each with where it came from (file and line)."""
    if isinstance(document.data, list):
        if not document.data:
            raise InputFileError(f"{document.source}: the list of proposals is empty")
        return [
            (
                validate(document, VendorProposal, at=(index,), what="VendorProposal"),
                document.where((index,)),
            )
            for index in range(len(document.data))
        ]
    return [(validate(document, VendorProposal, what="VendorProposal"), document.source)]


def _claim_name(origin: dict[str, str], name: str, where: str) -> None:
    """Record that vendor ``name`` comes from ``where``; an error if it was seen before."""
    if name in origin:
        raise InputFileError(
            f"vendor name {name!r} is used twice: in {origin[name]} "
            f"and in {where}; each vendor needs its own name"
        )
    origin[name] = where


# --------------------------------------------------------------------------------------------
# Saving
# --------------------------------------------------------------------------------------------


def _output_format(path: Path) -> FileFormat:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ArgumentError(
            f"cannot choose a format for {str(path)!r}: expected a name ending in .yaml, .yml "
            "or .json"
        )
    return SUFFIXES[suffix]


def _write(data: Any, target: Path) -> Path:
    """Write plain ``data`` to ``target`` as YAML or JSON (by its suffix), atomically."""
    return atomic_write_text(target, dump_text(data, _output_format(target)))


def dump_needs(needs: Needs, path: PathLike) -> Path:
    """Write ``needs`` to a YAML or JSON file (by suffix), atomically.

    Every field is written except unset optional ones; :func:`load_needs` reads the file
    back into an equal object. Money is written as whole numbers or as text (``"0.5"``), never
    as a binary float.

    Raises
    ------
    ValueError
        When the suffix is not ``.yaml``, ``.yml`` or ``.json``.
    WriteError
        When the file cannot be written.
    """
    return _write(needs.model_dump(exclude_none=True), Path(path))


def dump_proposal(proposal: VendorProposal, path: PathLike) -> Path:
    """Write one proposal to a YAML or JSON file (by suffix), atomically.

    Raises
    ------
    ValueError
        When the suffix is not ``.yaml``, ``.yml`` or ``.json``.
    WriteError
        When the file cannot be written.
    """
    return _write(proposal.model_dump(exclude_none=True), Path(path))


def dump_proposals(
    proposals: Sequence[VendorProposal],
    path_or_folder: PathLike,
    *,
    fmt: FileFormat = "yaml",
) -> list[Path]:
    """Write proposals to one file (a list) or to a folder (one file per vendor).

    Parameters
    ----------
    proposals : sequence of VendorProposal
        Proposals with distinct vendor names.
    path_or_folder : str or path-like
        An existing folder, or a path without a ``.yaml``/``.yml``/``.json`` suffix (a folder,
        created if its parent exists): one file per vendor named from the vendor's name
        (:func:`vendor_file_name`). A path with one of those suffixes: a single file holding
        the list.
    fmt : {"yaml", "json"}
        Format of the per-vendor files.

    Returns
    -------
    list of Path
        Files written, in the order of ``proposals``.

    Notes
    -----
    Other files already in the folder are left alone; :func:`load_proposals` reads every
    proposal file in a folder, so write into an empty or dedicated folder.

    Raises
    ------
    ValueError
        When two proposals share a vendor name.
    WriteError
        When the folder cannot be created or a file cannot be written.
    """
    names = [proposal.name for proposal in proposals]
    doubles = sorted({name for name in names if names.count(name) > 1})
    if doubles:
        raise ArgumentError(f"vendor names must be unique; given more than once: {doubles}")
    target = Path(path_or_folder)
    is_folder = _is_folder(target)
    if not is_folder and target.suffix.lower() in SUFFIXES:
        data = [proposal.model_dump(exclude_none=True) for proposal in proposals]
        return [_write(data, target)]
    if not is_folder:
        try:
            target.mkdir()
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise WriteError(f"cannot create the folder {str(target)!r}: {reason}") from exc
    suffix = ".json" if fmt == "json" else ".yaml"
    taken: set[str] = set()
    written = []
    for proposal in proposals:
        name = vendor_file_name(proposal.name, suffix, taken)
        taken.add(name.casefold())
        text = dump_text(proposal.model_dump(exclude_none=True), fmt)
        written.append(atomic_write_text(target / name, text))
    return written


def _is_folder(path: Path) -> bool:
    """``path.is_dir()``, with an unusable path (too long, a NUL) a WriteError naming it."""
    try:
        return path.is_dir()
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise WriteError(f"cannot write {str(path)!r}: {reason}") from exc


def vendor_file_name(name: str, suffix: str = ".yaml", taken: Iterable[str] = ()) -> str:
    """A safe, portable file name for a vendor.

    Letters (any script), digits, ``.``, ``_`` and ``-`` are kept; runs of anything else
    become ``-``; leading dots are dropped (no hidden files); names reserved on Windows get a
    ``_``; the stem is cut at 80 characters. A name whose case-folded form is in ``taken``
    gets ``-2``, ``-3``… appended.

    Examples
    --------
    >>> vendor_file_name("Seoul Contact Partners")
    'Seoul-Contact-Partners.yaml'
    >>> vendor_file_name("A/B: C", ".json")
    'A-B-C.json'
    """
    text = unicodedata.normalize("NFKC", name)
    stem = re.sub(r"[^\w.-]+", "-", text).strip("-._ ")[:_MAX_STEM].rstrip("-._ ") or "vendor"
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem += "_"
    used = {item.casefold() for item in taken}
    candidate, counter = stem, 2
    while (candidate + suffix).casefold() in used:
        candidate = f"{stem}-{counter}"
        counter += 1
    return candidate + suffix
