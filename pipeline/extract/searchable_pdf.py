"""Archival output: a searchable PDF of a scanned record (its page images under an invisible text layer).

Pages are written out as images one at a time, upright (with the turn OCR found), and handed to
Tesseract's PDF renderer. Made only when `ocr.searchable_pdf` is on and a page of the record needed OCR.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

from PIL import Image, ImageSequence

from pipeline.extract.ocr import TesseractEngine
from pipeline.pages import Extraction, TextMethod
from pipeline.settings import Settings

_POINTS_PER_INCH = 72


def wanted(extraction: Extraction, settings: Settings) -> bool:
    return settings.ocr.searchable_pdf and any(page.method is TextMethod.ocr for page in extraction.pages)


def make_searchable_pdf(source: Path, extraction: Extraction, engine: TesseractEngine, settings: Settings) -> Path:
    """Write the PDF into the data home's work folder and return its path (the caller archives it)."""
    settings.work_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=settings.work_dir) as folder:
        images = []
        for number, (image, dpi) in enumerate(_upright_pages(source, extraction, settings.ocr.render_dpi), start=1):
            path = Path(folder) / f"{number:05d}.png"
            image.save(path, dpi=(dpi, dpi))
            images.append(path)
        rendered = engine.render_searchable_pdf(images, Path(folder) / "searchable")
        target = settings.work_dir / f"{uuid.uuid4().hex}.pdf"
        rendered.replace(target)
    return target


def _upright_pages(source: Path, extraction: Extraction, dpi: int) -> Iterator[tuple[Image.Image, int]]:
    turns = [page.rotation for page in extraction.pages]
    if extraction.media_type == "application/pdf":
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(source))
        try:
            for index, turn in enumerate(turns):
                image = document[index].render(scale=dpi / _POINTS_PER_INCH, grayscale=True).to_pil()
                yield (image.rotate(turn, expand=True, fillcolor=255) if turn else image), dpi
        finally:
            document.close()
        return
    with Image.open(source) as image:
        for frame, turn in zip(ImageSequence.Iterator(image), turns, strict=False):
            gray = frame.convert("L")
            own_dpi = round(float(frame.info.get("dpi", (dpi, dpi))[0])) or dpi
            yield (gray.rotate(turn, expand=True, fillcolor=255) if turn else gray), own_dpi
