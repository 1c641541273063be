"""The embedded search-index adapter: SQLite FTS5 inside the catalog file.

Documents live in `search_docs` (filter fields), `search_parties` (one row per named party) and
`search_fts` (title and body, Porter-stemmed), joined by rowid. Ranking is BM25 with the title weighted
above the body. It shares the catalog's connection so a record and its search document are written in one
transaction; writes made outside a transaction open their own.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from itertools import islice

from pipeline.errors import QueryError, QueryTimedOut, VersionConflict
from pipeline.file_plan import AccessLevel
from pipeline.search.folding import fold, unfold_spacing
from pipeline.search.port import (
    FACET_SIZES,
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    Facets,
    IndexedEntry,
    IndexOutcome,
    Removal,
    SearchDocument,
    SearchHit,
    SearchRequest,
    SearchResults,
    content_sha256,
    order_facet,
)
from pipeline.search.query import ParsedQuery, Term, parse_query
from pipeline.search.sqlite.snippets import WINDOW_CHARS, window_snippets

_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS search_docs (
        rowid INTEGER PRIMARY KEY, record_id TEXT NOT NULL UNIQUE, class_code TEXT NOT NULL,
        access_level INTEGER NOT NULL, document_date TEXT, station TEXT, language TEXT,
        version INTEGER NOT NULL DEFAULT 1)""",
    """CREATE TABLE IF NOT EXISTS search_parties (doc_rowid INTEGER NOT NULL, party TEXT NOT NULL,
        PRIMARY KEY (doc_rowid, party)) WITHOUT ROWID""",
    """CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        title, body, tokenize = 'porter unicode61 remove_diacritics 2')""",  # same as _TOKENIZE
]
# Columns added since the first release; create() adds them to an existing catalog.
# (title: the title as written, shown in results; search_fts holds it folded for matching)
_ADDED_COLUMNS = {"language": "TEXT", "version": "INTEGER NOT NULL DEFAULT 1", "title": "TEXT"}
_TITLE_WEIGHT, _BODY_WEIGHT = 4.0, 1.0
_SNIPPET_TOKENS = 16
_TOKENIZE = "porter unicode61 remove_diacritics 2"
_BATCH = 500
# SQLite calls the progress handler every this many virtual-machine instructions (well under a millisecond).
_PROGRESS_STEPS = 10_000
_ORDER = {"relevance": "rank", "date": "d.document_date IS NULL, d.document_date DESC, rank"}
# One pass over the matches counts every facet (MATERIALIZED: the full-text match runs once).
_FACETS_SQL = """WITH m AS MATERIALIZED (SELECT d.rowid AS id, d.class_code, d.document_date, d.station {base})
SELECT 'class_code', class_code, COUNT(*) FROM m GROUP BY 2
UNION ALL SELECT 'year', substr(document_date, 1, 4), COUNT(*) FROM m WHERE document_date IS NOT NULL GROUP BY 2
UNION ALL SELECT 'station', station, COUNT(*) FROM m WHERE station IS NOT NULL GROUP BY 2
UNION ALL SELECT 'parties', p.party, COUNT(*) FROM m JOIN search_parties p ON p.doc_rowid = m.id GROUP BY 2"""


class SqliteFtsIndex:
    shares_catalog_transaction = True

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection

    def create(self) -> None:
        for statement in _SCHEMA:
            self._db.execute(statement)
        present = {row[1] for row in self._db.execute("PRAGMA table_info(search_docs)")}
        for column, declaration in _ADDED_COLUMNS.items():
            if column not in present:
                self._db.execute(f"ALTER TABLE search_docs ADD COLUMN {column} {declaration}")

    def add(self, document: SearchDocument, expected_version: int | None = None) -> None:
        row = self._db.execute("SELECT version FROM search_docs WHERE record_id = ?",
                               (document.record_id,)).fetchone()
        indexed = row[0] if row else 0
        if expected_version is not None:
            if document.version != expected_version + 1:
                raise ValueError(f"version {document.version} does not follow expected version {expected_version}")
            if indexed > expected_version:
                raise VersionConflict(f"record {document.record_id} is at version {indexed} in the search index, "
                                      f"not {expected_version}")
        elif indexed > document.version:
            return  # a late write of an older version must not undo a newer one
        self.remove(document.record_id)
        self._insert(document)

    def add_many(self, documents: Iterable[SearchDocument]) -> Iterator[IndexOutcome]:
        iterator = iter(documents)
        while batch := list(islice(iterator, _BATCH)):
            with self._transaction():
                for document in batch:
                    self.add(document)
            yield from (IndexOutcome(document.record_id, document.version) for document in batch)

    def remove(self, record_id: str) -> None:
        row = self._db.execute("SELECT rowid FROM search_docs WHERE record_id = ?", (record_id,)).fetchone()
        if row is not None:
            self._db.execute("DELETE FROM search_fts WHERE rowid = ?", (row[0],))
            self._db.execute("DELETE FROM search_parties WHERE doc_rowid = ?", (row[0],))
            self._db.execute("DELETE FROM search_docs WHERE rowid = ?", (row[0],))

    def remove_many(self, removals: Iterable[Removal]) -> Iterator[IndexOutcome]:
        iterator = iter(removals)
        while batch := list(islice(iterator, _BATCH)):
            with self._transaction():
                for removal in batch:
                    self.remove(removal.record_id)
            yield from (IndexOutcome(removal.record_id, removal.version) for removal in batch)

    def remove_unfinished(self) -> list[str]:
        """Nothing to do: a rebuild is one transaction, which a crash rolls back."""
        return []

    def rebuild(self, documents: Iterable[SearchDocument],
                refused: Callable[[IndexOutcome], None] | None = None) -> int:
        # One transaction: readers (WAL) keep seeing the old index until the new one is complete.
        count = 0
        with self._transaction():
            for table in ("search_fts", "search_parties", "search_docs"):
                self._db.execute(f"DELETE FROM {table}")
            for document in documents:
                self._insert(document)
                count += 1
        return count

    def refresh(self) -> None:
        """Nothing to do: a committed write is visible at once."""

    def inventory(self) -> Iterator[IndexedEntry]:
        # Hashed from the full-text row itself, not from anything stored beside it: a document whose text
        # row was removed or changed is what makes a record unsearchable.
        rows = self._db.execute(
            "SELECT d.record_id, d.version, d.class_code, d.access_level, d.document_date, d.station, d.language, "
            "f.title, f.body, f.rowid, (SELECT json_group_array(party) FROM search_parties p "
            "WHERE p.doc_rowid = d.rowid) FROM search_docs d LEFT JOIN search_fts f ON f.rowid = d.rowid "
            "ORDER BY d.record_id")
        for row in rows:
            digest = None if row[9] is None else content_sha256(
                row[0], row[7], row[8], row[2], AccessLevel(row[3]), row[4], row[5], row[6], json.loads(row[10]))
            yield IndexedEntry(row[0], row[1], digest)
        orphans = self._db.execute("SELECT rowid FROM search_fts WHERE rowid NOT IN (SELECT rowid FROM search_docs)")
        for (rowid,) in orphans:
            yield IndexedEntry(f"(full-text row {rowid})", 0, None)

    def close(self) -> None:
        """Nothing to do: the catalog owns the connection."""

    def search(self, request: SearchRequest) -> SearchResults:
        parsed = parse_query(request.query, request.limits)
        where, params = _filters(parsed, request)
        base = f"FROM search_fts JOIN search_docs d ON d.rowid = search_fts.rowid WHERE search_fts MATCH ? {where}"
        params = [to_fts5(parsed), *params]
        try:
            with _time_budget(self._db, request.time_budget_seconds):
                total = self._db.execute(f"SELECT COUNT(*) {base}", params).fetchone()[0]
                # FTS5's snippet() for ordinary records; a window of the text for huge ones (snippets.py).
                rows = self._db.execute(
                    f"SELECT d.record_id, COALESCE(d.title, search_fts.title), d.class_code, d.document_date, "
                    f"bm25(search_fts, {_TITLE_WEIGHT}, {_BODY_WEIGHT}) AS rank, d.rowid, "
                    f"CASE WHEN length(search_fts.body) <= {WINDOW_CHARS} "
                    f"THEN snippet(search_fts, -1, ?, ?, '…', {_SNIPPET_TOKENS}) END "
                    f"{base} ORDER BY {_ORDER[request.sort]} LIMIT ? OFFSET ?",
                    [HIGHLIGHT_START, HIGHLIGHT_END, *params, request.limit, request.offset],
                ).fetchall()
                facets = self._facets(base, params) if request.facets else {}
                snippets = {row[5]: row[6] for row in rows if row[6] is not None}
                if len(snippets) < len(rows):
                    snippets |= window_snippets(self._db, [row[5] for row in rows if row[6] is None], parsed.terms,
                                                " OR ".join(_term(term) for term in parsed.terms), _TOKENIZE,
                                                (HIGHLIGHT_START, HIGHLIGHT_END), _SNIPPET_TOKENS)
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode == sqlite3.SQLITE_INTERRUPT:
                raise QueryTimedOut(f"the search took longer than its {request.time_budget_seconds:g} s budget "
                                    "and was stopped") from None
            # The translation quotes every term, so this is a bug, but the user still gets a clear line.
            raise QueryError(f"the search engine could not run this query ({exc})") from None
        hits = [
            SearchHit(
                record_id=row[0],
                title=row[1],
                class_code=row[2],
                document_date=date.fromisoformat(row[3]) if row[3] else None,
                score=round(-row[4], 4),
                snippet=unfold_spacing(snippets.get(row[5], "")),
            )
            for row in rows
        ]
        return SearchResults(total=total, hits=hits, facets=facets)

    def _facets(self, base: str, params: list[object]) -> Facets:
        counts: dict[str, list[tuple[str, int]]] = {name: [] for name in FACET_SIZES}
        for name, value, count in self._db.execute(_FACETS_SQL.format(base=base), params):
            counts[name].append((value, count))
        return {name: order_facet(name, pairs) for name, pairs in counts.items()}

    def _insert(self, document: SearchDocument) -> None:
        cursor = self._db.execute(
            "INSERT INTO search_docs(record_id, class_code, access_level, document_date, station, language, version, "
            "title) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                document.record_id,
                document.class_code,
                int(document.access_level),
                document.document_date.isoformat() if document.document_date else None,
                document.station,
                document.language,
                document.version,
                document.title,
            ),
        )
        self._db.executemany("INSERT OR IGNORE INTO search_parties(doc_rowid, party) VALUES (?, ?)",
                             [(cursor.lastrowid, party) for party in document.parties])
        self._db.execute(
            "INSERT INTO search_fts(rowid, title, body) VALUES (?, ?, ?)",
            (cursor.lastrowid, fold(document.title), fold(document.body)),
        )

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """Join the caller's transaction, or run one of our own."""
        if self._db.in_transaction:
            yield
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")


@contextmanager
def _time_budget(connection: sqlite3.Connection, seconds: float | None) -> Iterator[None]:
    """Interrupt the statements run inside after `seconds` (sqlite3 raises OperationalError 'interrupted')."""
    if seconds is None:
        yield
        return
    deadline = time.monotonic() + seconds
    connection.set_progress_handler(lambda: time.monotonic() > deadline, _PROGRESS_STEPS)
    try:
        yield
    finally:
        connection.set_progress_handler(None, 0)


def to_fts5(parsed: ParsedQuery) -> str:
    """Translate the parsed query into an FTS5 MATCH expression with every term quoted."""
    groups = ["(" + " OR ".join(_term(t) for t in group) + ")" for group in parsed.groups]
    expression = " AND ".join(groups)
    for term in parsed.excluded:
        expression = f"({expression}) NOT {_term(term)}"
    return expression


def _term(term: Term) -> str:
    quoted = '"' + fold(term.text).replace('"', '""') + '"'
    return f"{quoted} *" if term.prefix else quoted


def _filters(parsed: ParsedQuery, request: SearchRequest) -> tuple[str, list[object]]:
    clauses = ["AND d.access_level <= ?"]
    params: list[object] = [int(request.clearance)]
    class_code = request.class_code or parsed.class_code
    if class_code:
        # A file-plan series (FIN) selects all its classes (FIN-AP, FIN-PO).
        clauses.append("AND (d.class_code = ? OR d.class_code LIKE ?)")
        params += [class_code.upper(), class_code.upper() + "-%"]
    date_from = request.date_from or parsed.date_from
    date_to = request.date_to or parsed.date_to
    if date_from:
        clauses.append("AND d.document_date >= ?")
        params.append(date_from.isoformat())
    if date_to:
        clauses.append("AND d.document_date <= ?")
        params.append(date_to.isoformat())
    if request.station:
        clauses.append("AND d.station = ?")
        params.append(request.station)
    return " ".join(clauses), params
