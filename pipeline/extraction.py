"""Text extraction stage: turn one detected file into the text of its pages.

Born-digital PDF pages keep their text layer; scanned pages and images go through OCR; plain text is
decoded. Each page records how its text was obtained so reviewers can judge it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from pipeline.detect import DetectedType, DocumentKind
from pipeline.errors import DocumentTooLarge
from pipeline.ocr import OcrEngine
from pipeline.settings import Settings


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


def extract(path: Path, detected: DetectedType, ocr: OcrEngine, settings: Settings) -> Extraction:
    """Extract every page's text; raises a DocumentError when the file cannot be read."""
    size_mb = path.stat().st_size / 1_048_576
    if size_mb > settings.limits.max_file_mb:
        raise DocumentTooLarge(
            f"'{path.name}' is {size_mb:.0f} MB, over the limit of {settings.limits.max_file_mb:g} MB"
        )
    pages = list(_pages(path, detected, ocr, settings))
    return Extraction(media_type=detected.media_type, pages=pages)


def _pages(path: Path, detected: DetectedType, ocr: OcrEngine, settings: Settings) -> Iterator[PageText]:
    # Imported here so that a worker only loads the readers it needs.
    if detected.kind is DocumentKind.pdf:
        from pipeline.extract_pdf import pdf_pages

        return pdf_pages(path, ocr, settings)
    if detected.kind is DocumentKind.image:
        from pipeline.extract_image import image_pages

        return image_pages(path, ocr, settings)
    from pipeline.extract_text import text_pages

    return text_pages(path)
