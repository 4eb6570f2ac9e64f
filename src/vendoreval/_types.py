"""Type aliases shared by every module: numpy arrays by element type, and file paths."""

from __future__ import annotations

import os
from typing import TypeAlias

import numpy as np
import numpy.typing as npt

__all__ = ["BoolArray", "FloatArray", "IntArray", "PathLike", "SecondsArray"]

FloatArray: TypeAlias = npt.NDArray[np.float64]
"""An array of float64 values."""

IntArray: TypeAlias = npt.NDArray[np.int64]
"""An array of int64 values (counts, whole seconds)."""

BoolArray: TypeAlias = npt.NDArray[np.bool_]
"""An array of booleans (masks)."""

SecondsArray: TypeAlias = npt.NDArray[np.int64] | npt.NDArray[np.float64]
"""Durations [s], whole (int64) or fractional (float64)."""

PathLike: TypeAlias = str | os.PathLike[str]
"""A file or folder path as a string or a path-like object."""
