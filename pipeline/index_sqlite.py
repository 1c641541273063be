"""The embedded search-index adapter: SQLite FTS5 inside the catalog file.

Documents live in `search_docs` (filter fields) and `search_fts` (title and body, Porter-stemmed),
joined by rowid. Ranking is BM25 with the title weighted above the body. It shares the catalog's
connection so a record and its search document are written in one transaction.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from pipeline.errors import QueryError
from pipeline.query import ParsedQuery, Term, parse_query
from pipeline.search_index import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    SearchDocument,
    SearchHit,
    SearchRequest,
    SearchResults,
)

_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS search_docs (
        rowid INTEGER PRIMARY KEY, record_id TEXT NOT NULL UNIQUE, class_code TEXT NOT NULL,
        access_level INTEGER NOT NULL, document_date TEXT, station TEXT)""",
    """CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        title, body, tokenize = 'porter unicode61 remove_diacritics 2')""",
]
_TITLE_WEIGHT, _BODY_WEIGHT = 4.0, 1.0
_SNIPPET_TOKENS = 16


class SqliteFtsIndex:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection

    def create(self) -> None:
        for statement in _SCHEMA:
            self._db.execute(statement)

    def add(self, document: SearchDocument) -> None:
        self.remove(document.record_id)
        cursor = self._db.execute(
            "INSERT INTO search_docs(record_id, class_code, access_level, document_date, station) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                document.record_id,
                document.class_code,
                int(document.access_level),
                document.document_date.isoformat() if document.document_date else None,
                document.station,
            ),
        )
        self._db.execute(
            "INSERT INTO search_fts(rowid, title, body) VALUES (?, ?, ?)",
            (cursor.lastrowid, document.title, document.body),
        )

    def remove(self, record_id: str) -> None:
        row = self._db.execute("SELECT rowid FROM search_docs WHERE record_id = ?", (record_id,)).fetchone()
        if row is not None:
            self._db.execute("DELETE FROM search_fts WHERE rowid = ?", (row[0],))
            self._db.execute("DELETE FROM search_docs WHERE rowid = ?", (row[0],))

    def search(self, request: SearchRequest) -> SearchResults:
        parsed = parse_query(request.query)
        where, params = _filters(parsed, request)
        match = to_fts5(parsed)
        base = f"FROM search_fts JOIN search_docs d ON d.rowid = search_fts.rowid WHERE search_fts MATCH ? {where}"
        try:
            total = self._db.execute(f"SELECT COUNT(*) {base}", [match, *params]).fetchone()[0]
            rows = self._db.execute(
                f"SELECT d.record_id, search_fts.title, d.class_code, d.document_date, "
                f"bm25(search_fts, {_TITLE_WEIGHT}, {_BODY_WEIGHT}) AS rank, "
                f"snippet(search_fts, -1, ?, ?, '…', {_SNIPPET_TOKENS}) AS snippet "
                f"{base} ORDER BY rank LIMIT ? OFFSET ?",
                [HIGHLIGHT_START, HIGHLIGHT_END, match, *params, request.limit, request.offset],
            ).fetchall()
        except sqlite3.OperationalError as exc:
            # The translation quotes every term, so this is a bug, but the user still gets a clear line.
            raise QueryError(f"the search engine could not run this query ({exc})") from None
        hits = [
            SearchHit(
                record_id=row[0],
                title=row[1],
                class_code=row[2],
                document_date=date.fromisoformat(row[3]) if row[3] else None,
                score=round(-row[4], 4),
                snippet=row[5],
            )
            for row in rows
        ]
        return SearchResults(total=total, hits=hits)


def to_fts5(parsed: ParsedQuery) -> str:
    """Translate the parsed query into an FTS5 MATCH expression with every term quoted."""
    groups = ["(" + " OR ".join(_term(t) for t in group) + ")" for group in parsed.groups]
    expression = " AND ".join(groups)
    for term in parsed.excluded:
        expression = f"({expression}) NOT {_term(term)}"
    return expression


def _term(term: Term) -> str:
    quoted = '"' + term.text.replace('"', '""') + '"'
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
    return " ".join(clauses), params
