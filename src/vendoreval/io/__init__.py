"""Reading and writing vendoreval's files: needs, proposals and price sheets (YAML, JSON),
vendor questionnaire workbooks, comparison workbooks, and atomic writes of any file.

The submodules sit at different layers (the document parser is used by the criteria pack
below the proposals; the loaders and workbooks sit above them), so this package imports
them only when one of its names is first used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vendoreval._atomic import atomic_write, atomic_write_text
    from vendoreval.io.documents import Document, parse_document, read_document
    from vendoreval.io.files import (
        dump_needs,
        dump_proposal,
        dump_proposals,
        load_needs,
        load_price_sheet,
        load_proposal,
        load_proposals,
        load_terms,
        read_mapping,
        vendor_file_name,
    )
    from vendoreval.io.questionnaire import (
        fill_questionnaire,
        read_questionnaire,
        write_questionnaire,
    )

__all__ = [
    "Document",
    "atomic_write",
    "atomic_write_text",
    "dump_needs",
    "dump_proposal",
    "dump_proposals",
    "fill_questionnaire",
    "load_needs",
    "load_price_sheet",
    "load_proposal",
    "load_proposals",
    "load_terms",
    "parse_document",
    "read_document",
    "read_mapping",
    "read_questionnaire",
    "vendor_file_name",
    "write_questionnaire",
]

_HOMES = {
    "atomic_write": "vendoreval._atomic",
    "atomic_write_text": "vendoreval._atomic",
    "Document": "vendoreval.io.documents",
    "parse_document": "vendoreval.io.documents",
    "read_document": "vendoreval.io.documents",
    "fill_questionnaire": "vendoreval.io.questionnaire",
    "read_questionnaire": "vendoreval.io.questionnaire",
    "write_questionnaire": "vendoreval.io.questionnaire",
}


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'vendoreval.io' has no attribute {name!r}")
    module = importlib.import_module(_HOMES.get(name, "vendoreval.io.files"))
    value = getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
