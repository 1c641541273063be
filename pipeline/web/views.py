"""Data the pages and the API both show, shaped once: search results, record detail, page images."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from markupsafe import Markup, escape

from pipeline.catalog.accounts import User
from pipeline.extract.page_images import render_page_png
from pipeline.lifecycle.holds import active_holds
from pipeline.lifecycle.physical import custody
from pipeline.records import Record
from pipeline.search.port import HIGHLIGHT_END, HIGHLIGHT_START, SearchRequest, SearchResults
from pipeline.workspace import Workspace

THUMBNAIL_WIDTH = 360


def search(ws: Workspace, user: User, query: str, class_code: str | None, date_from: date | None,
           date_to: date | None, limit: int, offset: int, sort: str = "relevance", facets: bool = False,
           station: str | None = None) -> SearchResults:
    """Every search runs with the user's clearance inside the index query, facets included. Hits are checked
    against the catalog too: a separate engine may lag behind an access level raised a moment ago."""
    results = ws.index.search(SearchRequest(query=query, class_code=class_code or None, date_from=date_from,
                                            date_to=date_to, limit=limit, offset=offset, clearance=user.clearance,
                                            sort=sort, facets=facets, station=station or None))
    levels = dict(ws.catalog.connection.execute(
        f"SELECT id, access_level FROM records WHERE id IN ({', '.join('?' for _ in results.hits)})",
        [hit.record_id for hit in results.hits]).fetchall()) if results.hits else {}
    visible = [hit for hit in results.hits if levels.get(hit.record_id, 99) <= user.clearance]
    return dataclasses.replace(results, hits=visible)


def highlighted(snippet: str) -> Markup:
    """Escape the extracted text, then turn the index's highlight markers into <mark>."""
    safe = str(escape(" ".join(snippet.split())))
    return Markup(safe.replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_END, "</mark>"))


def record_detail(ws: Workspace, record: Record, with_text: bool = True) -> dict:
    detail = {**record.to_json(), "sources": ws.catalog.get_sources(record.id),
              "history": ws.catalog.audit_entries(record.id), "holds": active_holds(ws.catalog, record.id),
              "physical": custody(ws.catalog, record.id)}
    if with_text:
        detail["pages"] = ws.catalog.get_pages(record.id)
    return detail


def page_thumbnail(record: Record, page_number: int, rotation: int = 0) -> bytes | None:
    """A small PNG of one page of the archived original, or None when the page does not exist."""
    return render_page_png(Path(record.archive_path), record.media_type, page_number, THUMBNAIL_WIDTH, rotation)
