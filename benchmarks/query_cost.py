"""What the costly queries of the security review cost before the query bounds and now.

    .venv/bin/python -m benchmarks.query_cost [--records 2000] [--ceiling 30] [--all]

An SQLite index of synthetic records (benchmarks/search_corpus.py) plus one 300-page record (~900,000
characters). Each query runs once as the search page sends it (total, first 10 hits with snippets):
"before" runs the SQL of the previous release (repeated terms kept, no length or term limit, FTS5's own
snippet()), stopped by a progress handler after --ceiling seconds where SQLite lets it stop; "now" runs
SqliteFtsIndex.search with the default [search] bounds (1,000 characters, 32 distinct terms, repeats
searched once, 5 s budget, snippets from a window of each hit). The "before" runs of the largest attacks
are left out unless --all: FTS5 spends them inside single bm25()/snippet() calls that nothing can stop,
for many minutes (the review measured 17.7 s and over 90 s on its data).
"""

from __future__ import annotations

import argparse
import sqlite3
import time

from rich.console import Console
from rich.table import Table

from benchmarks.search_corpus import OFFICE_WORDS, documents
from pipeline.errors import QueryError
from pipeline.file_plan import AccessLevel
from pipeline.search import query
from pipeline.search.port import SearchDocument, SearchRequest
from pipeline.search.query import QueryLimits
from pipeline.search.sqlite.fts_index import SqliteFtsIndex, to_fts5
from pipeline.security_settings import SearchSettings

_SLOW_BEFORE = {"invoice ×400 (3.2 kB)", "payment OR payment … (500 terms)", "500 distinct terms OR'd"}
ATTACKS = {
    "invoice (one word, for scale)": "invoice",
    "invoice ×25": " ".join(["invoice"] * 25),
    "invoice ×50": " ".join(["invoice"] * 50),
    "invoice ×400 (3.2 kB)": " ".join(["invoice"] * 400),
    "payment OR payment … (500 terms)": " OR ".join(["payment"] * 500),
    "500 distinct terms OR'd": " OR ".join(f"term{n}" for n in range(500)),
    "32 common words OR'd (the most allowed)": " OR ".join(OFFICE_WORDS[:32]),
}
_OLD_SQL = ("SELECT d.record_id, bm25(search_fts, 4.0, 1.0) AS rank, snippet(search_fts, -1, '[', ']', '…', 16) "
            "FROM search_fts JOIN search_docs d ON d.rowid = search_fts.rowid WHERE search_fts MATCH ? "
            "ORDER BY rank LIMIT 10")


def before(db: sqlite3.Connection, text: str, ceiling: float) -> str:
    started = time.perf_counter()
    kept = query._drop_repeats
    query._drop_repeats = lambda parsed: None  # the parser as it was: every repeat searched again
    try:
        match = to_fts5(query.parse_query(text, QueryLimits(10**9, 10**9)))
    finally:
        query._drop_repeats = kept
    db.set_progress_handler(lambda: time.perf_counter() - started > ceiling, 10_000)
    try:
        total = db.execute("SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH ?", (match,)).fetchone()[0]
        db.execute(_OLD_SQL, (match,)).fetchall()
        outcome = f"{total} hits"
    except sqlite3.OperationalError:
        outcome = "stopped"
    finally:
        db.set_progress_handler(None, 0)
    return f"{time.perf_counter() - started:.2f} s · {outcome}"


def now(index: SqliteFtsIndex, text: str, bounds: SearchSettings) -> str:
    request = SearchRequest(text, clearance=AccessLevel.restricted, limit=10,
                            time_budget_seconds=bounds.time_budget_seconds,
                            limits=QueryLimits(bounds.max_query_chars, bounds.max_query_terms))
    started = time.perf_counter()
    try:
        outcome = f"{index.search(request).total} hits"
    except QueryError as exc:
        outcome = f"refused ({exc.code}): {exc.reason[:48]}"
    return f"{time.perf_counter() - started:.2f} s · {outcome}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--ceiling", type=float, default=30.0, help="stop a 'before' query after this long")
    parser.add_argument("--all", action="store_true", help="also run the largest attacks the old way")
    args = parser.parse_args()
    db = sqlite3.connect(":memory:", isolation_level=None)
    index = SqliteFtsIndex(db)
    index.create()
    for _ in index.add_many(documents(args.records)):
        pass
    big = "\f".join(document.body for document in documents(400))[:900_000]
    index.add(SearchDocument("ADM-RPT-2025-999999", "A 300-page report", big, "ADM-RPT", AccessLevel.public))
    bounds = SearchSettings()
    table = Table(title=f"Costly queries on {args.records:,} records and one of 300 pages (SQLite FTS5)")
    for column in ("query", "before (unbounded, FTS5 snippet)", "now (default \\[search] bounds)"):
        table.add_column(column)
    for name, text in ATTACKS.items():
        old = before(db, text, args.ceiling) if args.all or name not in _SLOW_BEFORE else "not run (--all)"
        table.add_row(name, old, now(index, text, bounds))
        print(name, "|", old, "|", table.columns[2]._cells[-1], flush=True)
    Console(width=140).print(table)


if __name__ == "__main__":
    main()
