"""The search-index port: what the pipeline, CLI and web need from any search backend.

Two adapters implement it: `SqliteFtsIndex` (embedded, inside the catalog file) and
`ElasticsearchIndex` (a cluster). Both pass tests/search/test_search_conformance.py.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from pipeline.errors import QueryError
from pipeline.file_plan import AccessLevel
from pipeline.search.query import DEFAULT_LIMITS, QueryLimits

# Snippet highlight markers inside the port; each front end renders them its own way.
HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"

SORT_ORDERS = ("relevance", "date")
# The facets a search can count, and how many values of each it reports.
FACET_SIZES = {"class_code": 50, "year": 50, "station": 20, "parties": 10}
Facets = dict[str, dict[str, int]]


@dataclass(frozen=True)
class SearchDocument:
    record_id: str
    title: str
    body: str  # the record's pages, separated by form feeds (\f)
    class_code: str
    access_level: AccessLevel
    document_date: date | None = None
    station: str | None = None
    language: str | None = None
    parties: tuple[str, ...] = ()  # organisations and people the record names
    # The record's version in the catalog. An index never replaces a document by an older version.
    version: int = 1


def content_sha256(record_id: str, title: str, body: str, class_code: str, access_level: AccessLevel,
                   document_date: str | None, station: str | None, language: str | None,
                   parties: Iterable[str]) -> str:
    """The hash of what an index holds for a record: computed by the catalog side from the record, and by
    each adapter from what it actually stored, so a missing, stale or altered document shows."""
    payload = json.dumps([record_id, title, body, class_code, int(access_level), document_date, station, language,
                          sorted(set(parties))], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def document_sha256(document: SearchDocument) -> str:
    return content_sha256(document.record_id, document.title, document.body, document.class_code,
                          document.access_level, document.document_date.isoformat() if document.document_date else None,
                          document.station, document.language, document.parties)


@dataclass(frozen=True)
class IndexedEntry:
    """What the index holds for one record, as the consistency audit compares it with the catalog."""

    record_id: str
    version: int
    content_sha256: str | None  # of the stored document; None when its text is missing


@dataclass(frozen=True)
class SearchRequest:
    query: str
    class_code: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    limit: int = 10
    offset: int = 0
    clearance: AccessLevel = AccessLevel.restricted
    sort: str = "relevance"  # or "date": newest document date first, undated last
    facets: bool = False  # count matches by FACET_SIZES' fields (within the clearance)
    station: str | None = None
    limits: QueryLimits = DEFAULT_LIMITS  # length and term count (checked by the shared parser)
    # Seconds the engine may spend on this query before it is stopped (QueryTimedOut); None: no limit.
    time_budget_seconds: float | None = None

    def __post_init__(self) -> None:
        if self.sort not in SORT_ORDERS:
            raise QueryError(f"results are sorted by {' or '.join(SORT_ORDERS)}, not '{self.sort}'")


@dataclass(frozen=True)
class SearchHit:
    record_id: str
    title: str
    class_code: str
    document_date: date | None
    score: float
    snippet: str


@dataclass(frozen=True)
class SearchResults:
    total: int
    hits: list[SearchHit] = field(default_factory=list)
    facets: Facets = field(default_factory=dict)  # filled when the request asked for facets


@dataclass(frozen=True)
class IndexOutcome:
    """The engine's answer for one document of a batch."""

    record_id: str
    version: int
    error: str | None = None  # None: acknowledged (stored, or a newer version was already there)
    # The engine refused this document itself (e.g. its mapping rejects a value): sending it again as it
    # is cannot succeed, unlike an overloaded or unreachable engine.
    permanent: bool = False

    @property
    def acknowledged(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class Removal:
    """Take a record out of the index; `version` is newer than any version of it the index may hold, so a
    delayed write of the record cannot bring it back."""

    record_id: str
    version: int


class SearchIndex(Protocol):
    # True when writes join the catalog's open transaction (the embedded index): a record and its search
    # document then commit together. False for a separate engine: writes go through the index queue.
    shares_catalog_transaction: bool

    def create(self) -> None:
        """Make the index ready for use; safe to call again."""

    def add(self, document: SearchDocument, expected_version: int | None = None) -> None:
        """Store or replace the record's document; an older version than the one indexed is ignored.

        With `expected_version` (the version the writer read) the write is conditional: VersionConflict
        when the index already holds a version newer than `expected_version`. `document.version` must then
        be `expected_version + 1`."""

    def add_many(self, documents: Iterable[SearchDocument]) -> Iterator[IndexOutcome]:
        """Store documents in bounded batches; yields one outcome per document the engine answered for.
        Raises IndexUnavailable when the engine cannot be reached (the rest got no answer)."""

    def remove(self, record_id: str) -> None: ...

    def remove_many(self, removals: Iterable[Removal]) -> Iterator[IndexOutcome]:
        """Take records out in bounded batches; one outcome per record answered (a record not in the
        index is acknowledged). Raises IndexUnavailable like add_many."""

    def search(self, request: SearchRequest) -> SearchResults: ...

    def rebuild(self, documents: Iterable[SearchDocument],
                refused: Callable[[IndexOutcome], None] | None = None) -> int:
        """Replace the whole index by these documents, without a moment where searches find nothing.
        Returns how many were indexed; on failure the previous index stays in use. A document the engine
        refuses permanently is left out and passed to `refused` (without it, the rebuild fails)."""

    def remove_unfinished(self) -> list[str]:
        """Delete what an interrupted rebuild left behind; returns what was deleted. Call only while no
        rebuild runs."""

    def refresh(self) -> None:
        """Make every acknowledged write visible to searches now (tests, benchmarks)."""

    def inventory(self) -> Iterator[IndexedEntry]:
        """Every document the index holds, with the hash of its stored content (consistency audit)."""

    def close(self) -> None: ...


def order_facet(name: str, counts: Iterable[tuple[str, int]]) -> dict[str, int]:
    """One facet's values as every adapter reports them: years newest first, other values most frequent
    first (ties alphabetically), cut to FACET_SIZES[name]."""
    if name == "year":
        ordered = sorted(counts, key=lambda pair: pair[0], reverse=True)
    else:
        ordered = sorted(counts, key=lambda pair: (-pair[1], pair[0]))
    return dict(ordered[: FACET_SIZES[name]])
