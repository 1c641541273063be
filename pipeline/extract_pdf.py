"""PDF pages: keep a usable text layer (pdfplumber), OCR pages that have none (rendered by pdfium).

Pages are read one at a time and released, so memory does not grow with the page count.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from pipeline.errors import CorruptDocument, DocumentTooLarge, EncryptedDocument
from pipeline.extraction import PageText, TextMethod
from pipeline.ocr import OcrEngine
from pipeline.settings import Settings

_POINTS_PER_INCH = 72


def pdf_pages(path: Path, ocr: OcrEngine, settings: Settings) -> Iterator[PageText]:
    pdf = _open(path)
    renderer: pdfium.PdfDocument | None = None
    try:
        page_count = len(pdf.pages)
        if page_count == 0:
            raise CorruptDocument(f"'{path.name}' is a PDF with no pages")
        if page_count > settings.limits.max_pages:
            raise DocumentTooLarge(
                f"'{path.name}' has {page_count} pages, over the limit of {settings.limits.max_pages}"
            )
        for index, page in enumerate(pdf.pages):
            text = _text_layer(path, page, index)
            page.close()
            if _letters(text) >= settings.ocr.min_text_layer_letters:
                yield PageText(number=index + 1, text=text, method=TextMethod.text_layer)
                continue
            if renderer is None:
                renderer = pdfium.PdfDocument(str(path))
            yield _ocr_page(path, renderer, index, ocr, settings)
    finally:
        pdf.close()
        if renderer is not None:
            renderer.close()


def _open(path: Path) -> pdfplumber.PDF:
    try:
        return pdfplumber.open(path)
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect):
            raise EncryptedDocument(f"'{path.name}' is password-protected") from None
        raise CorruptDocument(f"'{path.name}' is not a readable PDF ({_describe(cause)})") from None
    except Exception as exc:  # noqa: BLE001 - pdfminer raises plain Exception subclasses on broken files
        raise CorruptDocument(f"'{path.name}' is not a readable PDF ({_describe(exc)})") from None


def _text_layer(path: Path, page: pdfplumber.page.Page, index: int) -> str:
    try:
        return (page.extract_text() or "").strip()
    except Exception as exc:  # noqa: BLE001 - a broken content stream: treat as unreadable
        raise CorruptDocument(f"page {index + 1} of '{path.name}' cannot be read ({_describe(exc)})") from None


def _ocr_page(
    path: Path, renderer: pdfium.PdfDocument, index: int, ocr: OcrEngine, settings: Settings
) -> PageText:
    page = renderer[index]
    try:
        width_pt, height_pt = page.get_size()
        dpi = _dpi_within_budget(width_pt, height_pt, settings.ocr.render_dpi, settings.limits.max_page_pixels)
        bitmap = page.render(scale=dpi / _POINTS_PER_INCH, grayscale=True)
        image = bitmap.to_pil()
    except pdfium.PdfiumError as exc:
        raise CorruptDocument(f"page {index + 1} of '{path.name}' cannot be rendered ({exc})") from None
    finally:
        page.close()
    result = ocr.recognize(image, dpi)
    return PageText(
        number=index + 1,
        text=result.text.strip(),
        method=TextMethod.ocr,
        ocr_confidence=result.mean_confidence,
        rotation=result.rotation,
    )


def _dpi_within_budget(width_pt: float, height_pt: float, dpi: int, max_pixels: int) -> int:
    """Lower the render resolution of physically huge pages (plans, posters) to fit the pixel limit."""
    pixels = (width_pt / _POINTS_PER_INCH * dpi) * (height_pt / _POINTS_PER_INCH * dpi)
    if pixels <= max_pixels:
        return dpi
    scaled = int(dpi * (max_pixels / pixels) ** 0.5)
    if scaled < 50:
        raise DocumentTooLarge(f"a page of {width_pt:.0f}x{height_pt:.0f} pt is too large to render for OCR")
    return scaled


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def _describe(exc: BaseException) -> str:
    message = str(exc).strip() or type(exc).__name__
    return message[:200]
