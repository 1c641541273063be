"""The record: what the catalog keeps about one filed document."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from pipeline.file_plan import AccessLevel


@dataclass
class Record:
    id: str
    sha256: str
    class_code: str
    class_source: str  # rule, model or human
    confidence: float
    explanation: str
    title: str
    original_name: str
    media_type: str
    page_count: int
    received_at: str  # ISO timestamp, UTC
    access_level: AccessLevel
    retention_rule: str
    archive_path: str
    needs_review: bool
    document_date: date | None = None
    disposition_date: date | None = None
    ocr_confidence: float | None = None
    language: str | None = None
    station: str | None = None
    text_methods: list[str] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    entities: dict[str, Any] = field(default_factory=dict)
    pii_flags: dict[str, int] = field(default_factory=dict)
    model_version: str | None = None
    searchable_pdf: str | None = None  # archived path of the searchable PDF made by OCR, if any
    version: int = 1

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["access_level"] = self.access_level.name
        for key in ("document_date", "disposition_date"):
            data[key] = data[key].isoformat() if data[key] else None
        return data

