"""The search-index port: what the pipeline, CLI and web need from any search backend."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from pipeline.file_plan import AccessLevel

# Snippet highlight markers inside the port; each front end renders them its own way.
HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"


@dataclass(frozen=True)
class SearchDocument:
    record_id: str
    title: str
    body: str
    class_code: str
    access_level: AccessLevel
    document_date: date | None = None
    station: str | None = None


@dataclass(frozen=True)
class SearchRequest:
    query: str
    class_code: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    limit: int = 10
    offset: int = 0
    clearance: AccessLevel = AccessLevel.restricted


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


class SearchIndex(Protocol):
    def create(self) -> None: ...

    def add(self, document: SearchDocument) -> None: ...

    def remove(self, record_id: str) -> None: ...

    def search(self, request: SearchRequest) -> SearchResults: ...
