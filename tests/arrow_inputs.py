"""Records as other libraries hand them over: Arrow tables whose text is ``string_view``
(Polars' and DuckDB's newer Arrow output) and frames of pandas' Arrow dtypes
(``dtype_backend="pyarrow"``)."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

__all__ = ["arrow_dtype_frame", "string_view_table"]


def string_view_table(frame: pd.DataFrame) -> pa.Table:
    """``frame`` as an Arrow table, every text column as ``string_view``."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    for index, field in enumerate(table.schema):
        if pa.types.is_string(field.type) or pa.types.is_large_string(field.type):
            view = pa.field(field.name, pa.string_view())
            table = table.set_column(index, view, table.column(index).cast(pa.string_view()))
    return table


def arrow_dtype_frame(frame: pd.DataFrame, *, views: bool = False) -> pd.DataFrame:
    """``frame`` with every column of a pandas Arrow dtype; text as ``string_view`` with
    ``views``."""
    table = string_view_table(frame) if views else pa.Table.from_pandas(frame, preserve_index=False)
    return table.to_pandas(types_mapper=pd.ArrowDtype)
