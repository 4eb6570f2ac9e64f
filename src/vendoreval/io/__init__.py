"""Reading and writing vendoreval's files: needs, proposals and price sheets (YAML, JSON), and
atomic writes of any file."""

from __future__ import annotations

from vendoreval.io.documents import Document, parse_document, read_document
from vendoreval.io.files import (
    atomic_write,
    atomic_write_text,
    dump_needs,
    dump_proposal,
    dump_proposals,
    load_needs,
    load_price_sheet,
    load_proposal,
    load_proposals,
    read_mapping,
    vendor_file_name,
)

__all__ = [
    "Document",
    "atomic_write",
    "atomic_write_text",
    "dump_needs",
    "dump_proposal",
    "dump_proposals",
    "load_needs",
    "load_price_sheet",
    "load_proposal",
    "load_proposals",
    "parse_document",
    "read_document",
    "read_mapping",
    "vendor_file_name",
]
