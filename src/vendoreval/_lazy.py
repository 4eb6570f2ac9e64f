"""pandas, imported on first use.

``import vendoreval`` and work that never touches a DataFrame (pricing a Parquet file,
staffing arrays, scoring) leave pandas unloaded: it is the heaviest import of the library
(about 80 MiB of memory and most of a second, with the pyarrow it pulls in). Modules use
``pd`` from here exactly as ``import pandas as pd``; the first attribute read imports pandas.
Type checkers see the real module.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any, TypeGuard

__all__ = ["is_frame", "is_series", "loaded", "pd", "ptypes"]


class _LazyModule(types.ModuleType):
    """A stand-in for module ``name`` that imports it when an attribute is first read."""

    def __getattr__(self, attribute: str) -> Any:
        # Runs only for names not yet copied here: after the import every public name of
        # the module is an ordinary attribute of this object.
        module = importlib.import_module(self.__name__)
        self.__dict__.update(
            {key: value for key, value in vars(module).items() if not key.startswith("__")}
        )
        return getattr(module, attribute)


def loaded(name: str) -> types.ModuleType | None:
    """The module ``name`` when something in the process has imported it, else None.

    An object cannot be a pandas DataFrame unless pandas is loaded, so a type test can ask
    this first instead of importing pandas to answer no.
    """
    return sys.modules.get(name)


def is_frame(value: object) -> TypeGuard[pd.DataFrame]:
    """Whether ``value`` is a pandas DataFrame, without importing pandas to say no."""
    pandas = loaded("pandas")
    return pandas is not None and isinstance(value, pandas.DataFrame)


def is_series(value: object) -> TypeGuard[pd.Series[Any]]:
    """Whether ``value`` is a pandas Series, without importing pandas to say no."""
    pandas = loaded("pandas")
    return pandas is not None and isinstance(value, pandas.Series)


if TYPE_CHECKING:
    import pandas as pd
    from pandas.api import types as ptypes
else:
    pd = _LazyModule("pandas")
    ptypes = _LazyModule("pandas.api.types")
