"""Vendor questionnaires: an Excel workbook a vendor fills in, read back as a proposal.

A buyer sends each vendor the workbook written by :func:`write_questionnaire` (optionally
with the buyer's context: channels, volumes, hours, languages, required certifications) and
loads the filled files with :func:`read_questionnaire`, which returns a
:class:`~vendoreval.proposal.VendorProposal`. :func:`fill_questionnaire` writes a proposal
into the same layout (to send a vendor its previous answers, or to test the reader):
``read_questionnaire(fill_questionnaire(p, path))`` equals ``p`` whenever ``p``'s numbers
have at most 16 significant digits (openpyxl stores numbers with ``"%.16g"``; Excel itself
keeps 15) and its text holds no character a cell cannot store
(:func:`vendoreval.io.cells.clean_text`). Amounts of money that a number cell would not
hold exactly are written as their digits, as text.

The layout is derived from the answer models (:func:`build_layout`): an ``Instructions``
sheet with the vendor's name and summary, then one sheet per check with ``Field | Answer |
Unit / allowed values`` rows and tables of repeated items. A field added to an answer model
appears in the questionnaire without any change to this package.

Modules: :mod:`~vendoreval.io.questionnaire.archive` (safety checks on the file),
:mod:`~vendoreval.io.questionnaire.cells` (cell values to typed answers),
:mod:`~vendoreval.io.questionnaire.spec` and :mod:`~vendoreval.io.questionnaire.layout`
(the layout and how it is derived, with
:mod:`~vendoreval.io.questionnaire.metadata`), :mod:`~vendoreval.io.questionnaire.reader`
and :mod:`~vendoreval.io.questionnaire.writer`.

A filled workbook is untrusted input: every part is unpacked in bounded chunks and checked
before openpyxl opens it (size, zip bombs whatever the archive declares, compression
methods, macros and active content under any part name, XML document types in any part),
openpyxl reads only those checked bytes, the row and cell references of every worksheet are
read strictly (rows per sheet; see :mod:`~vendoreval.io.questionnaire.archive`), cell
values are read without evaluating anything, and every problem, including the model's
validation errors, is reported at its ``Sheet!A1`` cell in one
:class:`~vendoreval.errors.QuestionnaireError`.

Examples
--------
>>> from vendoreval.datasets import load_sample
>>> from vendoreval.io.questionnaire import read_questionnaire, write_questionnaire
>>> needs, proposals = load_sample()
>>> sent = write_questionnaire("questionnaire.xlsx", needs, vendor_name="Acme BPO")
>>> proposal = read_questionnaire("acme-answers.xlsx")  # the file the vendor sent back
"""

from __future__ import annotations

from vendoreval.io.questionnaire.archive import (
    MAX_COMPRESSION_RATIO,
    MAX_PART_BYTES,
    MAX_PARTS,
    MAX_UNPACKED_BYTES,
)
from vendoreval.io.questionnaire.layout import build_layout, default_layout
from vendoreval.io.questionnaire.reader import read_questionnaire
from vendoreval.io.questionnaire.spec import (
    METADATA_KEY,
    ColumnSpec,
    FieldSpec,
    Kind,
    Layout,
    SheetSpec,
    TableShape,
    TableSpec,
)
from vendoreval.io.questionnaire.writer import fill_questionnaire, write_questionnaire

__all__ = [
    "MAX_COMPRESSION_RATIO",
    "MAX_PARTS",
    "MAX_PART_BYTES",
    "MAX_UNPACKED_BYTES",
    "METADATA_KEY",
    "ColumnSpec",
    "FieldSpec",
    "Kind",
    "Layout",
    "SheetSpec",
    "TableShape",
    "TableSpec",
    "build_layout",
    "default_layout",
    "fill_questionnaire",
    "read_questionnaire",
    "write_questionnaire",
]
