"""Listing records without words: by class, date range, station or "needs review", from the catalog.

A search asks the index for words; a listing has none to ask for, so it reads the catalog, which knows
every filed record and whether it waits for review (the index does not). Results have the shape of a
search's, facets included, and stop at the user's clearance the same way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pipeline.search.port import SearchHit, SearchResults, order_facet
from pipeline.workspace import Workspace

_ORDER = "document_date IS NULL, document_date DESC, id"


@dataclass(frozen=True)
class Listing:
    """What to list: every filter is optional; `clearance` is the reader's."""

    clearance: int
    class_code: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    station: str | None = None
    needs_review: bool = False


def list_records(ws: Workspace, listing: Listing, limit: int, offset: int) -> SearchResults:
    where, params = _where(listing)
    connection = ws.catalog.connection
    total = connection.execute(f"SELECT COUNT(*) FROM records WHERE {where}", params).fetchone()[0]
    rows = connection.execute(
        f"SELECT id, title, class_code, document_date, explanation FROM records WHERE {where} "
        f"ORDER BY {_ORDER} LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
    hits = [SearchHit(record_id=row[0], title=row[1], class_code=row[2],
                      document_date=date.fromisoformat(row[3]) if row[3] else None, score=0.0, snippet="")
            for row in rows]
    return SearchResults(total=total, hits=hits, facets=_facets(ws, where, params))


def _where(listing: Listing) -> tuple[str, list[object]]:
    clauses, params = ["access_level <= ?"], [listing.clearance]
    if listing.class_code:
        # A file-plan series (FIN) lists all its classes (FIN-AP, FIN-PO), as in a search.
        clauses.append("(class_code = ? OR class_code LIKE ?)")
        params += [listing.class_code.upper(), listing.class_code.upper() + "-%"]
    if listing.date_from:
        clauses.append("document_date >= ?")
        params.append(listing.date_from.isoformat())
    if listing.date_to:
        clauses.append("document_date <= ?")
        params.append(listing.date_to.isoformat())
    if listing.station:
        clauses.append("station = ?")
        params.append(listing.station)
    if listing.needs_review:
        clauses.append("needs_review = 1")
    return " AND ".join(clauses), params


def _facets(ws: Workspace, where: str, params: list[object]) -> dict[str, dict[str, int]]:
    connection, facets = ws.catalog.connection, {}
    for name, expression in (("class_code", "class_code"), ("year", "substr(document_date, 1, 4)"),
                             ("station", "station")):
        rows = connection.execute(f"SELECT {expression}, COUNT(*) FROM records WHERE {where} AND {expression} "
                                  f"IS NOT NULL GROUP BY 1", params).fetchall()
        facets[name] = order_facet(name, [(value, count) for value, count in rows])
    return facets
