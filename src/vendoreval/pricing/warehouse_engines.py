"""One small interface over the engines where call records may live: DuckDB and Ibis.

:class:`_Engine` builds expressions — columns, literals, arithmetic, ``CASE``, casts — and
runs grouped aggregations and a search for the first row where a condition holds. Its
DuckDB form writes SQL text run on the relation's own connection; its Ibis form builds Ibis
expressions that Ibis compiles for the table's backend. Both return Arrow tables, so what
:mod:`vendoreval.pricing.warehouse` does with the results is the same for either. DuckDB and
Ibis are imported only when such a table is passed.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any, Final

__all__ = ["is_engine_table"]

_ROW: Final = "__vendoreval_row"
_VIEW: Final = "__vendoreval_calls"
_INTEGER_TYPES: Final = frozenset(
    {
        "TINYINT",
        "SMALLINT",
        "INTEGER",
        "BIGINT",
        "HUGEINT",
        "UTINYINT",
        "USMALLINT",
        "UINTEGER",
        "UBIGINT",
        "UHUGEINT",
    }
)

_FLOAT_TYPES: Final = frozenset({"FLOAT", "DOUBLE", "REAL"})
_TICKS_PER_MINUTE: Final = {
    "TIMESTAMP_NS": ("epoch_ns", 60_000_000_000),
    "TIMESTAMP_MS": ("epoch_us", 60_000_000),
    "TIMESTAMP_S": ("epoch_us", 60_000_000),
    "TIMESTAMP": ("epoch_us", 60_000_000),
    "TIMESTAMP WITH TIME ZONE": ("epoch_us", 60_000_000),
}


def is_engine_table(calls: object) -> bool:
    """True for a DuckDB relation or an Ibis table (checked without importing either)."""
    kind = type(calls)
    module = kind.__module__
    if module.startswith("duckdb"):
        return kind.__name__ == "DuckDBPyRelation"
    if module.startswith("ibis"):
        return isinstance(calls, _ibis("ibis.expr.types").Table)
    return False


def _ibis(name: str = "ibis") -> Any:
    """An Ibis module, imported on first use (Ibis is an optional dependency)."""
    return importlib.import_module(name)


class _Engine:
    """Builds and runs expressions on one engine (SQL text for DuckDB, Ibis expressions)."""

    what: str
    kinds: dict[str, str]  # column → integer, floating, decimal, interval, timestamp, …
    type_names: dict[str, str]
    names: list[str]

    def col(self, name: str) -> Any:
        raise NotImplementedError

    def lit(self, value: float) -> Any:
        raise NotImplementedError

    def op(self, symbol: str, a: Any, b: Any) -> Any:
        raise NotImplementedError

    def case(self, whens: Sequence[tuple[Any, Any]], default: Any) -> Any:
        raise NotImplementedError

    def greatest(self, a: Any, b: Any) -> Any:
        raise NotImplementedError

    def ceil_int(self, a: Any) -> Any:
        raise NotImplementedError

    def to_float(self, a: Any) -> Any:
        raise NotImplementedError

    def is_null(self, a: Any) -> Any:
        raise NotImplementedError

    def lower(self, a: Any) -> Any:
        raise NotImplementedError

    def isin(self, a: Any, values: Sequence[str]) -> Any:
        raise NotImplementedError

    def seconds(self, name: str) -> Any:
        """A duration column as a number of seconds."""
        return self.col(name)

    def time_key(self, name: str, seconds: int) -> Any:
        """Start times floored to whole units of ``seconds`` [since 1970-01-01 00:00]."""
        raise NotImplementedError

    def stage(self, columns: dict[str, Any]) -> None:
        """Add derived columns, computed once per row; ``col`` then names them too."""
        raise NotImplementedError

    def reset(self) -> None:
        """Drop the derived columns: expressions built next read the records as given."""

    def group(self, keys: list[str], aggregates: dict[str, tuple[str, Any]]) -> Any:
        """A pyarrow Table per group of the ``keys`` columns: the keys, ``n`` (the count of
        rows) and each aggregate ``name: (function, expression)``, the function one of
        ``sum``, ``min``, ``max`` and ``count`` (of values present), as int64."""
        raise NotImplementedError

    def first(self, conditions: dict[str, Any], values: dict[str, Any]) -> dict[str, Any] | None:
        """The first row (engine order) where a condition holds: its 1-based row, the flags
        of the conditions and the values of the expressions ``values`` (by name); None when
        there is none."""
        raise NotImplementedError

    # -- shared helpers

    def and_(self, a: Any, b: Any) -> Any:
        return self.op("AND", a, b)

    def or_(self, a: Any, b: Any) -> Any:
        return self.op("OR", a, b)

    def flag(self, condition: Any) -> Any:
        return self.case([(condition, self.lit(1))], self.lit(0))


def _duckdb_type_kind(name: str) -> str:
    upper = name.upper()
    if upper in _INTEGER_TYPES:
        return "integer"
    if upper in _FLOAT_TYPES:
        return "floating"
    if upper.startswith("DECIMAL"):
        return "decimal"
    if upper == "INTERVAL":
        return "interval"
    if upper in _TICKS_PER_MINUTE:
        return "timestamptz" if "TIME ZONE" in upper else "timestamp"
    if upper == "BOOLEAN":
        return "boolean"
    if upper in ("VARCHAR", "TEXT", "STRING") or upper.startswith("ENUM"):
        return "string"
    return "other"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _DuckDB(_Engine):
    """SQL text run on the relation's own connection."""

    what = "DuckDB relation"

    def __init__(self, relation: Any) -> None:
        self.relation = relation
        self.names = [str(n) for n in relation.columns]
        self.type_names = {
            str(n): str(t) for n, t in zip(relation.columns, relation.types, strict=True)
        }
        self.kinds = {n: _duckdb_type_kind(t) for n, t in self.type_names.items()}
        self.source = _VIEW

    def col(self, name: str) -> str:
        return _quote(name)

    def lit(self, value: float) -> str:
        if isinstance(value, float):
            return f"CAST({value!r} AS DOUBLE)"
        return f"CAST({int(value)} AS BIGINT)"

    def op(self, symbol: str, a: Any, b: Any) -> str:
        return f"({a} {symbol} {b})"

    def case(self, whens: Sequence[tuple[Any, Any]], default: Any) -> str:
        parts = " ".join(f"WHEN {c} THEN {v}" for c, v in whens)
        return f"(CASE {parts} ELSE {default} END)"

    def greatest(self, a: Any, b: Any) -> str:
        return f"greatest({a}, {b})"

    def ceil_int(self, a: Any) -> str:
        return f"CAST(ceil({a}) AS BIGINT)"

    def to_float(self, a: Any) -> str:
        return f"CAST({a} AS DOUBLE)"

    def is_null(self, a: Any) -> str:
        return f"({a} IS NULL)"

    def lower(self, a: Any) -> str:
        return f"lower(CAST({a} AS VARCHAR))"

    def isin(self, a: Any, values: Sequence[str]) -> str:
        listed = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
        return f"(CAST({a} AS VARCHAR) IN ({listed}))"

    def seconds(self, name: str) -> str:
        if self.kinds[name] == "interval":
            return f"epoch({_quote(name)})"
        return _quote(name)

    def time_key(self, name: str, seconds: int) -> str:
        function, per_minute = _TICKS_PER_MINUTE[self.type_names[name].upper()]
        ticks = f"{function}({_quote(name)})"
        per_key = per_minute // 60 * seconds
        # Floor division (DuckDB's // truncates toward zero, which is wrong before 1970).
        return (
            f"(CASE WHEN {ticks} >= 0 THEN {ticks} // {per_key} "
            f"ELSE -((-{ticks} - 1) // {per_key}) - 1 END)"
        )

    def _run(self, sql: str) -> Any:
        result = self.relation.query(_VIEW, sql)
        fetch = getattr(result, "to_arrow_table", None) or result.arrow
        return fetch()

    def stage(self, columns: dict[str, Any]) -> None:
        derived = ", ".join(f"{expr} AS {_quote(name)}" for name, expr in columns.items())
        self.source = f"(SELECT *, {derived} FROM {self.source})"

    def reset(self) -> None:
        self.source = _VIEW

    def group(self, keys: list[str], aggregates: dict[str, tuple[str, Any]]) -> Any:
        selected = [_quote(name) for name in keys]
        selected.append('CAST(count(*) AS BIGINT) AS "n"')
        selected += [
            f"CAST({function}({expr}) AS BIGINT) AS {_quote(name)}"
            for name, (function, expr) in aggregates.items()
        ]
        group_by = ", ".join(_quote(name) for name in keys) or "()"
        sql = f"SELECT {', '.join(selected)} FROM {self.source} GROUP BY {group_by}"
        return self._run(sql)

    def first(self, conditions: dict[str, Any], values: dict[str, Any]) -> dict[str, Any] | None:
        flags = [f"{self.flag(c)} AS {_quote('flag_' + n)}" for n, c in conditions.items()]
        shown = [f"{e} AS {_quote('value_' + n)}" for n, e in values.items()]
        inner = ", ".join([f"row_number() OVER () AS {_ROW}", *flags, *shown])
        anyone = " OR ".join(f"{_quote('flag_' + n)} = 1" for n in conditions)
        sql = (
            f"SELECT * FROM (SELECT {inner} FROM {self.source}) WHERE {anyone} "
            f"ORDER BY {_ROW} LIMIT 1"
        )
        rows = self._run(sql).to_pylist()
        return _first_row(rows[0], offset=0) if rows else None


def _first_row(row: dict[str, Any], offset: int) -> dict[str, Any]:
    found: dict[str, Any] = {"row": int(row[_ROW]) + offset}
    for key, value in row.items():
        if key.startswith("flag_"):
            found.setdefault("flags", {})[key[5:]] = bool(value)
        elif key.startswith("value_"):
            found.setdefault("values", {})[key[6:]] = value
    return found


def _ibis_kind(dtype: Any) -> str:
    if dtype.is_integer():
        return "integer"
    if dtype.is_floating():
        return "floating"
    if dtype.is_decimal():
        return "decimal"
    if dtype.is_interval():
        return "interval"
    if dtype.is_timestamp():
        return "timestamptz" if dtype.timezone is not None else "timestamp"
    if dtype.is_boolean():
        return "boolean"
    if dtype.is_string():
        return "string"
    return "other"


class _Ibis(_Engine):
    """Ibis expressions, compiled by Ibis for the table's backend."""

    what = "Ibis table"

    def __init__(self, table: Any) -> None:
        self.table = self.base = table
        schema = table.schema()
        self.names = [str(n) for n in schema.names]
        self.type_names = {str(n): str(schema[n]) for n in schema.names}
        self.kinds = {str(n): _ibis_kind(schema[n]) for n in schema.names}

    def col(self, name: str) -> Any:
        return self.table[name]

    def seconds(self, name: str) -> Any:
        column = self.table[name]
        if self.kinds[name] != "interval":
            return column
        # Microseconds from the epoch to the epoch plus the interval: Ibis has no portable
        # cast of an interval to a number (DuckDB refuses INTERVAL -> BIGINT).
        ibis = _ibis()
        zero = ibis.timestamp("1970-01-01 00:00:00")
        return (zero + column).delta(zero, unit="microsecond").cast("float64") / 1_000_000

    def lit(self, value: float) -> Any:
        ibis = _ibis()
        return ibis.literal(value, type="float64" if isinstance(value, float) else "int64")

    def op(self, symbol: str, a: Any, b: Any) -> Any:
        match symbol:
            case "+":
                return a + b
            case "-":
                return a - b
            case "*":
                return a * b
            case "//":
                return a // b
            case "=":
                return a == b
            case "<=":
                return a <= b
            case ">=":
                return a >= b
            case ">":
                return a > b
            case "AND":
                return a & b
            case "OR":
                return a | b
        raise ValueError(symbol)  # pragma: no cover - every operator used is listed

    def case(self, whens: Sequence[tuple[Any, Any]], default: Any) -> Any:
        ibis = _ibis()
        return ibis.cases(*whens, else_=default)

    def greatest(self, a: Any, b: Any) -> Any:
        ibis = _ibis()
        return ibis.greatest(a, b)

    def ceil_int(self, a: Any) -> Any:
        return a.ceil().cast("int64")

    def to_float(self, a: Any) -> Any:
        return a.cast("float64")

    def is_null(self, a: Any) -> Any:
        return a.isnull()

    def lower(self, a: Any) -> Any:
        return a.cast("string").lower()

    def isin(self, a: Any, values: Sequence[str]) -> Any:
        return a.cast("string").isin(list(values))

    def time_key(self, name: str, seconds: int) -> Any:
        return self.table[name].epoch_seconds() // seconds

    def stage(self, columns: dict[str, Any]) -> None:
        self.table = self.table.mutate(**columns)

    def reset(self) -> None:
        self.table = self.base

    def group(self, keys: list[str], aggregates: dict[str, tuple[str, Any]]) -> Any:
        metrics = {"n": self.table.count().cast("int64")}
        for name, (function, expr) in aggregates.items():
            metrics[name] = getattr(expr, function)().cast("int64")
        if keys:
            return self.table.group_by(keys).aggregate(**metrics).to_pyarrow()
        return self.table.aggregate(**metrics).to_pyarrow()

    def first(self, conditions: dict[str, Any], values: dict[str, Any]) -> dict[str, Any] | None:
        ibis = _ibis()
        flags = {f"flag_{n}": self.flag(c) for n, c in conditions.items()}
        shown = {f"value_{n}": e for n, e in values.items()}
        marked = self.table.select(**{_ROW: ibis.row_number()}, **flags, **shown)
        anyone = None
        for name in flags:
            test = marked[name] == 1
            anyone = test if anyone is None else anyone | test
        rows = marked.filter(anyone).order_by(_ROW).limit(1).to_pyarrow().to_pylist()
        return _first_row(rows[0], offset=1) if rows else None


def _engine(calls: Any) -> _Engine:
    if type(calls).__module__.startswith("duckdb"):
        return _DuckDB(calls)
    return _Ibis(calls)
