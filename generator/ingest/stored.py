"""A parsed export as the store keeps it (its rows, row problems and ingest-log row), and what
the next files learn from it: ingest and rebuild-store alike."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from .normalize import Known
from .parse import Parsed

if TYPE_CHECKING:
    from ..store import Store
    from ..store.writes import NewFile


def store_parsed(
    store: Store, parsed: Parsed, sha: str, name: str, original: str, ingested_at: dt.datetime
) -> int:
    """Write one parsed file: its rows, its row problems and its ingest-log row, in one
    transaction (ingest and rebuild-store alike); return its file id."""
    return store.add_file(*new_file(parsed, sha, name, original, ingested_at))


def new_file(
    parsed: Parsed, sha: str, name: str, original: str, ingested_at: dt.datetime
) -> NewFile:
    """What the store writes for one parsed file (:meth:`Store.add_file`, or several at once
    with :meth:`Store.add_files`)."""
    from ..store.writes import NewFile  # the store is open: DuckDB is loaded already

    return NewFile(
        {
            "sha256": sha,
            "file_name": name,
            "original": original,
            "period_start": parsed.period_start,
            "period_end": parsed.period_end,
            "granularity": parsed.granularity,
            "period_source": parsed.period_source,
            "warnings": "\n".join(parsed.warnings),
            "ingested_at": ingested_at,
        },
        parsed.kind,
        parsed.rows,
        [vars(p) for p in parsed.row_problems],
    )


def learn_products(
    products: Known, parsed: Parsed, seen: set[tuple[Any, Any]] | None = None
) -> None:
    """Add a stored file's (title → product ids) to ``products``, in place, so the next files'
    shortened ids can be restored by their titles. ``seen``: the (title, id) pairs learnt into
    ``products`` already (kept up to date here): a file that names only those adds nothing,
    and is passed over (a daily export names the same products day after day)."""
    if "title" in parsed.rows and "product_id" in parsed.rows:
        titles, ids = parsed.rows["title"].tolist(), parsed.rows["product_id"].tolist()
        if seen is not None:
            pairs = set(zip(titles, ids, strict=True))
            if pairs <= seen:
                return
            seen |= pairs
        for title, pid in zip(titles, ids, strict=True):
            if title and pid:
                products.setdefault(str(title).strip(), set()).add(str(pid))
