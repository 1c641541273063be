"""Data the pages and the API both show, shaped once: search results, record detail, page images."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

from markupsafe import Markup, escape

from pipeline.catalog.accounts import Role, User
from pipeline.errors import QueryError
from pipeline.lifecycle.holds import active_holds
from pipeline.lifecycle.physical import custody
from pipeline.records import Record
from pipeline.search.port import HIGHLIGHT_END, HIGHLIGHT_START, SearchRequest, SearchResults
from pipeline.search.query import QueryLimits
from pipeline.workspace import Workspace


def search(ws: Workspace, user: User, query: str, class_code: str | None, date_from: date | None,
           date_to: date | None, limit: int, offset: int, sort: str = "relevance", facets: bool = False,
           station: str | None = None) -> SearchResults:
    """Every search runs with the user's clearance inside the index query, facets included. Hits are checked
    against the catalog too: a separate engine may lag behind an access level raised a moment ago. Queries are
    bounded by the [search] settings: length, terms, how deep one may page, and time."""
    bounds = ws.settings.search
    if offset > bounds.max_offset:
        raise QueryError(f"results past the first {bounds.max_offset} are not shown",
                         "Narrow the query with more words, class:, from: or to:")
    results = ws.index.search(SearchRequest(
        query=query, class_code=class_code or None, date_from=date_from, date_to=date_to, limit=limit, offset=offset,
        clearance=user.clearance, sort=sort, facets=facets, station=station or None,
        limits=QueryLimits(bounds.max_query_chars, bounds.max_query_terms),
        time_budget_seconds=bounds.time_budget_seconds))
    levels = dict(ws.catalog.connection.execute(
        f"SELECT id, access_level FROM records WHERE id IN ({', '.join('?' for _ in results.hits)})",
        [hit.record_id for hit in results.hits]).fetchall()) if results.hits else {}
    visible = [hit for hit in results.hits if levels.get(hit.record_id, 99) <= user.clearance]
    return dataclasses.replace(results, hits=visible)


def highlighted(snippet: str) -> Markup:
    """Escape the extracted text, then turn the index's highlight markers into <mark>."""
    safe = str(escape(" ".join(snippet.split())))
    return Markup(safe.replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_END, "</mark>"))


# Who looked at or downloaded a record is for the staff who answer for it, not for every reader.
_READING_ACTIONS = ("viewed", "page image viewed", "downloaded")


def record_detail(ws: Workspace, record: Record, user: User, with_text: bool = True) -> dict:
    """The record as `user` may see it. Below technician, server paths are left out (`archive_path`, the
    searchable PDF's path, where each source came from) and the history shows only their own readings."""
    detail = {**record.to_json(), "sources": ws.catalog.get_sources(record.id),
              "history": ws.catalog.audit_entries(record.id), "holds": active_holds(ws.catalog, record.id),
              "physical": custody(ws.catalog, record.id)}
    if not user.can(Role.technician):
        detail.pop("archive_path")
        detail["searchable_pdf"] = bool(record.searchable_pdf)
        detail["sources"] = [{"received_at": source["received_at"]} for source in detail["sources"]]
        detail["history"] = [entry for entry in detail["history"]
                             if entry["action"] not in _READING_ACTIONS or entry["actor"] == user.username]
    if with_text:
        detail["pages"] = ws.catalog.get_pages(record.id)
    return detail


def status(ws: Workspace, user: User, jobs: dict) -> dict:
    """Catalog counts within the user's clearance; `jobs` is the intake queue's status as they may see it."""
    clearance = int(user.clearance)
    records, review = ws.catalog.connection.execute(
        "SELECT COUNT(*), COALESCE(SUM(needs_review), 0) FROM records WHERE access_level <= ?", (clearance,)).fetchone()
    if not user.can(Role.technician):
        return {"records": records}
    classes = dict(ws.catalog.connection.execute("SELECT class_code, COUNT(*) FROM records WHERE access_level <= ? "
                                                 "GROUP BY class_code ORDER BY 1", (clearance,)))
    return {"records": records, "needs_review": review, "classes": classes, **jobs}


def split_history(history: list[dict]) -> tuple[list[dict], dict | None]:
    """A record's history as a page shows it: the changes, each with its fields' values before and after,
    and the readings (views, page images, downloads) folded into one count with the latest. The audit
    trail keeps every reading; only the page folds them, so a confidential record's changes stay legible."""
    changes, readings = [], [entry for entry in history if entry["action"] in _READING_ACTIONS]
    for entry in history:
        if entry["action"] in _READING_ACTIONS:
            continue
        details = entry.get("details") or {}
        values = details.get("changes") or {}
        changes.append({**entry, "reason": details.get("reason") or "", "values": [
            (name, before, after) for name, (before, after) in values.items() if name not in _UNSHOWN_FIELDS]})
    if not readings:
        return changes, None
    return changes, {"count": len(readings), "latest": readings[-1]}


# Fields every change moves along with it; showing them would bury the ones a person changed.
_UNSHOWN_FIELDS = ("explanation", "confidence", "class_source", "metadata")
_DONE = {"accepted": "Accepted", "reclassified": "Reclassified", "retitled": "Title changed for",
         "returned": "Back in the review queue:"}


# A record id as the catalog allocates them (CLASS-CODE-YEAR-SEQUENCE). The id goes into the Undo form's
# action, so anything else ("../disposition/7/approve?") would aim that form, and its CSRF token, elsewhere.
_RECORD_ID = re.compile(r"[A-Z]{2,5}(?:-[A-Z]{2,5})?-\d{4}-\d{6,12}")


def done_message(params) -> dict | None:
    """What the last correction did, from the redirect's query (`done=accepted&record=ID&version=N`)."""
    verb, record_id, version = params.get("done", ""), params.get("record", "")[:64], params.get("version", "")
    if verb not in _DONE or not _RECORD_ID.fullmatch(record_id):
        return None
    return {"verb": verb, "text": f"{_DONE[verb]} {record_id}.", "record": record_id,
            "version": int(version) if version.isdigit() and len(version) < 19 else None}
