"""Every fact of an analysis as a table, for an analyst in a notebook (``Analysis.frames()``).

Built from the dataclass's fields, whatever they are, so it keeps up as facts are added:

- a DataFrame is a table as it is (``daily``, ``keywords``);
- a dataclass (``inputs``) gives its own tables, named ``inputs.day_rows`` …;
- a dict of DataFrames gives one table each (``inputs.sheets.inquiries``);
- a dict of records (dataclasses or dicts, e.g. one per date) is one table with a row per key
  (the index: ``period`` when the keys are dates), nested records flattened into dotted
  columns (``inquiries.count``); a record's DataFrames and lists of records become tables of
  their own, every period's rows together with the period in front
  (``days.products``);
- a list of records is a table with a row each;
- a plain value (a date, a number) is not a table.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd


def frames_of(value: Any, name: str = "") -> dict[str, pd.DataFrame]:
    """The tables in ``value`` by dotted name (see the module's docstring)."""
    out: dict[str, pd.DataFrame] = {}
    _collect(value, name, out)
    return out


def _join(name: str, part: Any) -> str:
    return f"{name}.{part}" if name else str(part)


def _is_record(value: Any) -> bool:
    return (dataclasses.is_dataclass(value) and not isinstance(value, type)) or isinstance(
        value, Mapping
    )


def _is_rows(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and all(_is_record(v) for v in value)


def _members(record: Any) -> list[tuple[str, Any]]:
    if isinstance(record, Mapping):
        return [(str(k), v) for k, v in record.items()]
    return [(f.name, getattr(record, f.name)) for f in dataclasses.fields(record)]


def _collect(value: Any, name: str, out: dict[str, pd.DataFrame]) -> None:
    if isinstance(value, pd.DataFrame):
        out[name] = value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for member, v in _members(value):
            _collect(v, _join(name, member), out)
    elif isinstance(value, Mapping) and value:
        items = list(value.values())
        if all(isinstance(v, pd.DataFrame) for v in items):
            for key, frame in value.items():
                out[_join(name, key)] = frame
        elif all(_is_record(v) or _is_rows(v) for v in items):
            _per_key(value, name, out)
        else:
            for key, v in value.items():
                _collect(v, _join(name, key), out)
    elif _is_rows(value) and value:
        scalars = [_flatten(v, "", {}) for v in value]
        out[name] = pd.DataFrame(scalars)


def _flatten(record: Any, prefix: str, frames: dict[str, list[pd.DataFrame]]) -> dict[str, Any]:
    """A record's plain values by dotted name; its DataFrames and lists of records go to
    ``frames`` (by dotted name)."""
    row: dict[str, Any] = {}
    for member, v in _members(record):
        key = _join(prefix, member)
        if isinstance(v, pd.DataFrame):
            frames.setdefault(key, []).append(v)
        elif _is_record(v):
            row.update(_flatten(v, key, frames))
        elif _is_rows(v) and v:
            frames.setdefault(key, []).append(pd.DataFrame([_flatten(r, "", {}) for r in v]))
        else:
            row[key] = v
    return row


def _per_key(value: Mapping[Any, Any], name: str, out: dict[str, pd.DataFrame]) -> None:
    """A dict of records: one row per key; the records' tables, each key's rows together."""
    index = "period" if all(isinstance(k, dt.date) for k in value) else "key"
    rows: list[dict[str, Any]] = []
    parts: dict[str, list[pd.DataFrame]] = {}
    for key, record in value.items():
        frames: dict[str, list[pd.DataFrame]] = {}
        if _is_rows(record):  # a list of records per key (to-do items): a table of them
            row: dict[str, Any] = {}
            frames[""] = [pd.DataFrame([_flatten(r, "", {}) for r in record])]
        else:
            row = _flatten(record, "", frames)
        rows.append({index: key, **row})
        for member, got in frames.items():
            for frame in got:
                keyed = frame if index in frame.columns else frame.assign(**{index: key})
                parts.setdefault(member, []).append(keyed)
    table = pd.DataFrame(rows).set_index(index)
    if len(table.columns):
        out[name] = table
    for member, got in parts.items():
        frame = pd.concat(got, ignore_index=True)
        out[_join(name, member) if member else name] = frame[
            [index, *[c for c in frame.columns if c != index]]
        ]
