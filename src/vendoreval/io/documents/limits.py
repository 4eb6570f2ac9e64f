"""What an input file may hold: its size, nesting, number of values and size of numbers."""

from __future__ import annotations

from typing import Final

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "MAX_NODES", "MAX_NUMBER"]

MAX_FILE_BYTES: Final = 10 * 1024 * 1024
"""Largest input file read [bytes] (10 MiB)."""
MAX_DEPTH: Final = 64
"""Deepest nesting of mappings and lists accepted in a YAML file [levels]."""
MAX_NODES: Final = 200_000
"""Most values (scalars, mappings and lists) accepted in one YAML or JSON file [nodes].

A proposal holds a few hundred; 200,000 still reads in about two seconds.
"""
MAX_NUMBER: Final = 10**15
"""Largest size (absolute value) of a number accepted in an input file (10^15)."""
