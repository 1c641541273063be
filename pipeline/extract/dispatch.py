"""Text extraction stage: turn one detected file into the text of its pages.

Born-digital PDF pages keep their text layer; scanned pages and images go through OCR; plain text is
decoded. Each page records how its text was obtained so reviewers can judge it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import DocumentTooLarge
from pipeline.extract.detect import DetectedType, DocumentKind
from pipeline.extract.ocr import OcrEngine
from pipeline.pages import Extraction, PageText
from pipeline.settings import Settings


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
        from pipeline.extract.pdf import pdf_pages

        return pdf_pages(path, ocr, settings)
    if detected.kind is DocumentKind.image:
        from pipeline.extract.image import image_pages

        return image_pages(path, ocr, settings)
    from pipeline.extract.plain_text import text_pages

    return text_pages(path)
