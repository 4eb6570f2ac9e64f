"""Reading and writing vendoreval's files: needs, proposals and price sheets (YAML, JSON),
vendor questionnaire workbooks, and atomic writes of any file."""

from __future__ import annotations

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
    "parse_document",
    "read_document",
    "read_mapping",
    "read_questionnaire",
    "vendor_file_name",
    "write_questionnaire",
]
