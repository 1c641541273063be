"""A document's text, page by page, and how each page's text was obtained.

Shared vocabulary: the extract stage produces it, the catalog stores it, the web and CLI show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class TextMethod(StrEnum):
    text_layer = "text-layer"
    ocr = "ocr"
    plain = "plain"


@dataclass(frozen=True)
class PageText:
    number: int  # 1-based
    text: str
    method: TextMethod
    ocr_confidence: float | None = None
    rotation: int = 0
    preparation: list[str] = field(default_factory=list)  # what was done to the page, in words
    low_confidence_words: list[tuple[str, float]] = field(default_factory=list)


@dataclass(frozen=True)
class Extraction:
    media_type: str
    pages: list[PageText] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\f".join(page.text for page in self.pages)

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def ocr_confidence(self) -> float | None:
        scores = [p.ocr_confidence for p in self.pages if p.ocr_confidence is not None]
        return round(sum(scores) / len(scores), 1) if scores else None

    @property
    def methods(self) -> list[str]:
        return sorted({page.method.value for page in self.pages})
