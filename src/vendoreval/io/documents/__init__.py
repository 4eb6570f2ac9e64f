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

The package holds one module per part: :mod:`~vendoreval.io.documents.limits`,
:mod:`~vendoreval.io.documents.yaml12` (the loader and dumper),
:mod:`~vendoreval.io.documents.document` (:class:`Document` and field paths),
:mod:`~vendoreval.io.documents.parse` (reading and parsing),
:mod:`~vendoreval.io.documents.validation` (pydantic errors at their lines) and
:mod:`~vendoreval.io.documents.dump`; every name is importable from here.
"""

from __future__ import annotations

from vendoreval.io.documents.document import SUFFIXES, Document, FileFormat, Loc, format_path
from vendoreval.io.documents.dump import dump_text, to_plain
from vendoreval.io.documents.limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, MAX_NUMBER
from vendoreval.io.documents.parse import file_format, parse_document, read_document, read_text
from vendoreval.io.documents.validation import data_path as data_path
from vendoreval.io.documents.validation import validate, validation_message

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
