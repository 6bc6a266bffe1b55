"""The record machinery behind ``models.py``: columns derived from the dataclasses,
records built from them and read back, whatever format the cells come from.

Nothing here names a field of ``Article`` or ``Figure``: the columns of the CSV,
Parquet and DuckDB outputs are computed from the dataclass fields and their type
annotations, so a field added to a record class is written, typed and read back by
every sink and reader without another edit. ``models.py`` declares the few
derived columns (``record_version``, ``published_precision``, ``year``,
``top_level`` ...) on top.

Type of a column, from the annotation (``None`` stripped):

* ``str``, ``StrEnum`` -> ``str``; ``int`` -> ``int``; ``float`` or ``float | int`` ->
  ``float``; ``bool`` -> ``bool``;
* a dataclass (``Period``) -> flattened: its first field under the field's own name
  (``period``), the others as ``<name>_<field>`` (``period_start`` ...);
* anything else (dicts, lists, tuples) -> ``json`` (JSON text in CSV/Parquet/DuckDB).

Published dates: one form in every output, ISO 8601 in Vietnam time
(``2024-05-14T08:15:00+07:00``). A date given without a time gets ``T00:00:00+07:00``
and ``published_precision = "day"`` (``"time"`` when a time was given), so a mixed
column parses with ``pandas.to_datetime`` and nobody mistakes midnight for a time
that was reported.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import types
from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from enum import Enum
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

__all__ = [
    "COLUMN_TYPES",
    "VN_TZ",
    "Column",
    "blank",
    "coerce",
    "dataclass_columns",
    "field_record",
    "from_record",
    "jsonable",
    "normalise_published",
    "published_from_cell",
]

VN_TZ = timezone(timedelta(hours=7))
COLUMN_TYPES: tuple[str, ...] = ("str", "int", "float", "bool", "timestamp", "json")

_MISSING = object()


@dataclasses.dataclass(frozen=True, slots=True)
class Column:
    """One column of a flat table: its name and one of ``COLUMN_TYPES``."""

    name: str
    type: str

    @property
    def numeric(self) -> bool:
        return self.type in ("int", "float", "bool")


# -- annotations ------------------------------------------------------------------


def _strip_none(hint: Any) -> tuple[Any, bool]:
    """(the type without None, whether None was allowed)."""
    origin = get_origin(hint)
    if origin is Union or origin is types.UnionType:
        args = [a for a in get_args(hint) if a is not type(None)]
        optional = len(args) < len(get_args(hint))
        if len(args) == 1:
            return args[0], optional
        return Union[tuple(args)], optional  # noqa: UP007 - a runtime union
    return hint, False


def _is_union(hint: Any) -> bool:
    return get_origin(hint) in (Union, types.UnionType)


@cache
def hints_of(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def nested_dataclass(hint: Any) -> type | None:
    t, _ = _strip_none(hint)
    return t if isinstance(t, type) and dataclasses.is_dataclass(t) else None


def column_type(hint: Any) -> str:
    t, _ = _strip_none(hint)
    if _is_union(t):
        members = set(get_args(t))
        if members <= {int, float}:
            return "float"
        return "json"
    if t is bool:
        return "bool"
    if t is int:
        return "int"
    if t is float:
        return "float"
    if t is str or (isinstance(t, type) and issubclass(t, str)):
        return "str"
    if t is datetime:
        return "timestamp"
    return "json"


def _nested_names(name: str, cls: type) -> list[tuple[str, str]]:
    """(column name, field name) of a flattened nested dataclass."""
    fs = dataclasses.fields(cls)
    return [(name if i == 0 else f"{name}_{f.name}", f.name) for i, f in enumerate(fs)]


def dataclass_columns(cls: type, special: Mapping[str, list[Column]] | None = None) -> list[Column]:
    """The flat columns of a record class, in field order; ``special`` replaces the
    columns of the fields it names (an empty list drops a field)."""
    special = special or {}
    hints = hints_of(cls)
    out: list[Column] = []
    for f in dataclasses.fields(cls):
        if f.name in special:
            out.extend(special[f.name])
            continue
        inner = nested_dataclass(hints[f.name])
        if inner is not None:
            inner_hints = hints_of(inner)
            out.extend(
                Column(col, column_type(inner_hints[fname])) for col, fname in _nested_names(f.name, inner)
            )
        else:
            out.append(Column(f.name, column_type(hints[f.name])))
    return out


# -- writing ----------------------------------------------------------------------


def jsonable(v: Any) -> Any:
    """A value as JSON data: dataclasses as records, tuples as lists, enums as values."""
    if v is None or isinstance(v, bool | int | float | str):
        return v.value if isinstance(v, Enum) else v
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        to_dict = getattr(v, "to_dict", None)
        return to_dict() if callable(to_dict) else field_record(v)
    if isinstance(v, Mapping):
        return {str(k): jsonable(x) for k, x in v.items()}
    if isinstance(v, list | tuple | set | frozenset):
        return [jsonable(x) for x in v]
    if isinstance(v, datetime | date):
        return v.isoformat()
    if isinstance(v, Enum):
        return jsonable(v.value)
    return str(v)


def field_record(obj: Any, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The record of a dataclass instance: every field (but ``skip``) as JSON data,
    nested dataclass fields flattened as in ``dataclass_columns``."""
    out: dict[str, Any] = {}
    for name, _hint, inner, nested, _d, _o in _plan(type(obj)):  # type: ignore[arg-type]
        if name in skip:
            continue
        v = getattr(obj, name)
        if inner is not None:
            for col, fname in nested:
                out[col] = None if v is None else jsonable(getattr(v, fname))
        elif v is None or type(v) in (str, int, float, bool):
            out[name] = v
        else:
            out[name] = jsonable(v)
    return out


# -- reading ----------------------------------------------------------------------


def blank(v: Any) -> bool:
    """No value: None, an empty cell, NaN (pandas/Parquet nulls)."""
    return v is None or (isinstance(v, str) and v == "") or (isinstance(v, float) and math.isnan(v))


def _num(v: Any) -> float | int:
    if isinstance(v, bool):
        raise ValueError(f"not a number: {v!r}")
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        f = v
    else:
        s = str(v).strip()
        try:
            return int(s)
        except ValueError:
            f = float(s)
    if math.isnan(f) or math.isinf(f):
        raise ValueError(f"not a finite number: {v!r}")
    return int(f) if f.is_integer() else f


_TRUE = {"true", "1", "yes", "t"}
_FALSE = {"false", "0", "no", "f"}


def coerce(v: Any, hint: Any) -> Any:
    """``v`` (a JSON value, a CSV cell, a Parquet/DuckDB value) as the annotated type
    (None for a blank cell); ``ValueError`` when it cannot be."""
    if blank(v):
        return None
    return _converter(hint)(v)


def _str_cell(v: Any) -> Any:
    return v if type(v) is str else str(v)


def _int_cell(v: Any) -> Any:
    if type(v) is int:
        return v
    n = _num(v)
    if isinstance(n, float):
        raise ValueError(f"not an integer: {v!r}")
    return n


def _float_cell(v: Any) -> Any:
    return v if type(v) is float else float(_num(v))


def _number_cell(v: Any) -> Any:
    return v if type(v) is int else _num(v)


@cache
def _converter(hint: Any) -> Any:
    """A function turning a non-blank cell into the annotated type (built once per type)."""
    t, _ = _strip_none(hint)
    if t is str:
        return _str_cell
    if t is int:
        return _int_cell
    if t is float:
        return _float_cell
    if _is_union(t) and set(get_args(t)) <= {int, float}:
        return _number_cell
    return lambda v: _coerce_slow(v, t)


def _coerce_slow(v: Any, t: Any) -> Any:
    if _is_union(t):
        if set(get_args(t)) <= {int, float}:
            return _num(v)
        return v
    origin = get_origin(t)
    if t is bool:
        if isinstance(v, bool):
            return v
        s = str(v).strip().lower()
        if s in _TRUE:
            return True
        if s in _FALSE:
            return False
        raise ValueError(f"not a boolean: {v!r}")
    if t is int:
        n = _num(v)
        if isinstance(n, float):
            raise ValueError(f"not an integer: {v!r}")
        return n
    if t is float:
        return float(_num(v))
    if t is str or (isinstance(t, type) and issubclass(t, str)):
        s = v if isinstance(v, str) else str(v)
        return t(s) if t is not str else s
    if isinstance(t, type) and dataclasses.is_dataclass(t):
        if isinstance(v, t):
            return v
        if isinstance(v, str):
            v = json.loads(v)
        if not isinstance(v, Mapping):
            raise ValueError(f"not a {t.__name__} record: {v!r}")
        from_dict = getattr(t, "from_dict", None)
        return from_dict(v) if callable(from_dict) else from_record(t, v)
    if origin in (list, tuple, dict, set, frozenset) or t in (list, tuple, dict):
        if isinstance(v, str | bytes):
            v = json.loads(v)
        if hasattr(v, "tolist"):  # numpy arrays from Parquet list columns
            v = v.tolist()
        args = get_args(t)
        if origin is dict or t is dict:
            if not isinstance(v, Mapping):
                raise ValueError(f"not a mapping: {v!r}")
            vt = args[1] if len(args) == 2 else Any
            return {str(k): coerce(x, vt) for k, x in v.items()}
        if isinstance(v, Mapping):
            raise ValueError(f"not a list: {v!r}")
        items = list(v)
        if origin is tuple:
            if len(args) == 2 and args[1] is Ellipsis:
                return tuple(coerce(x, args[0]) for x in items)
            if args and len(args) != len(items):
                raise ValueError(f"expected {len(args)} items: {v!r}")
            return tuple(coerce(x, a) for x, a in zip(items, args, strict=False)) if args else tuple(items)
        et = args[0] if args else Any
        return [coerce(x, et) for x in items]
    return v


def from_record(cls: type, d: Mapping[str, Any], skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Constructor arguments for ``cls`` from a record (``field_record`` output, a
    CSV/Parquet/DuckDB row): every field coerced to its annotated type, nested
    dataclasses unflattened, blank cells taking the field's default (None when it
    has none and may be None). Unknown keys are ignored. ``ValueError`` names a
    required field that is missing or a value that does not fit."""
    kwargs: dict[str, Any] = {}
    for name, hint, inner, nested, has_default, optional in _plan(cls):
        if name in skip:
            continue
        raw = d.get(name, _MISSING)
        try:
            if raw is _MISSING or blank(raw):
                value = None
            elif inner is not None:
                if isinstance(raw, Mapping | inner):
                    value = coerce(raw, inner)
                else:
                    parts = {fname: d.get(col) for col, fname in nested}
                    value = inner(**from_record(inner, parts))
            else:
                value = _converter(hint)(raw)
        except (TypeError, ValueError, json.JSONDecodeError) as exc:
            raise ValueError(f"{name}: {exc}") from None
        if value is None:
            if has_default:
                continue
            if not optional:
                raise ValueError(f"missing {name}")
        kwargs[name] = value
    return kwargs


@cache
def _plan(cls: type) -> tuple[tuple[Any, ...], ...]:
    """Per field: (name, hint, nested dataclass, its flattened names, has a default,
    may be None)."""
    hints = hints_of(cls)
    out = []
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        inner = nested_dataclass(hint)
        nested = tuple(_nested_names(f.name, inner)) if inner is not None else ()
        has_default = f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        out.append((f.name, hint, inner, nested, has_default, _strip_none(hint)[1]))
    return tuple(out)


# -- published dates --------------------------------------------------------------

_DATE_ONLY = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def normalise_published(value: Any) -> tuple[str | None, str | None]:
    """(ISO 8601 in +07:00, precision ``"day"`` | ``"time"``) of a published date.

    A date alone becomes midnight +07:00 with precision ``day``; a time without an
    offset is taken as Vietnam time; another offset is converted to +07:00 (the same
    instant). A value that is no date is returned as it is, with precision None
    (JSON and CSV keep it as text; Parquet and DuckDB, being typed, hold null)."""
    if blank(value):
        return None, None
    if isinstance(value, datetime):
        dt = value if value.tzinfo is not None else value.replace(tzinfo=VN_TZ)
        return dt.astimezone(VN_TZ).isoformat(timespec="seconds"), "time"
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=VN_TZ).isoformat(), "day"
    s = str(value).strip()
    m = _DATE_ONLY.match(s)
    try:
        if m:
            d = datetime(int(m[1]), int(m[2]), int(m[3]), tzinfo=VN_TZ)
            return d.isoformat(), "day"
        dt = datetime.fromisoformat(s.replace("Z", "+00:00") if s.endswith("Z") else s)
    except ValueError:
        return s, None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=VN_TZ)
    return dt.astimezone(VN_TZ).isoformat(timespec="seconds"), "time"


def published_from_cell(value: Any, precision: Any) -> str | None:
    """The published value of an ``Article`` from a record's ``published`` (ISO text,
    a datetime from Parquet/DuckDB) and ``published_precision``: a date-only value
    comes back as ``YYYY-MM-DD``, anything else as ISO 8601 +07:00."""
    iso, got = normalise_published(value)
    if iso is None or got is None:
        return iso
    if (precision == "day" or got == "day") and iso.endswith("T00:00:00+07:00"):
        return iso[:10]
    return iso
