"""PDF pages: keep a usable text layer, OCR the pages that have none or a bad one.

The text layer is read with pdfium (about 50x faster than pdfplumber here; `ocr.pdf_text_engine =
"pdfplumber"` keeps pdfplumber's layout analysis for sites that need it). Pages are read, rendered and
released one at a time, so memory does not grow with the page count.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium

from pipeline.errors import CorruptDocument, DocumentTooLarge, EncryptedDocument, OcrFailed
from pipeline.extract.ocr import OcrEngine
from pipeline.extract.page_ocr import ocr_page
from pipeline.extract.text_quality import better_reading, judge_layer
from pipeline.pages import PageText, TextMethod
from pipeline.settings import Settings

_POINTS_PER_INCH = 72
# pdfium's error codes (FPDF_ERR_*): 4 = password required or wrong.
_PASSWORD_ERROR = 4
# Below this, 10-pt print is under 7 px high: OCR would return noise, so the page is refused instead.
_MIN_READABLE_DPI = 50


def pdf_pages(path: Path, ocr: OcrEngine, settings: Settings) -> Iterator[PageText]:
    document = _open(path)
    plumber = None
    try:
        page_count = len(document)
        if page_count == 0:
            raise CorruptDocument(f"'{path.name}' is a PDF with no pages")
        if page_count > settings.limits.max_pages:
            raise DocumentTooLarge(
                f"'{path.name}' has {page_count} pages, over the limit of {settings.limits.max_pages}")
        if settings.ocr.pdf_text_engine == "pdfplumber":
            import pdfplumber

            plumber = pdfplumber.open(path)
        for index in range(page_count):
            yield _page(path, document, plumber, index, ocr, settings)
    finally:
        document.close()
        if plumber is not None:
            plumber.close()


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == _PASSWORD_ERROR:
            raise EncryptedDocument(f"'{path.name}' is password-protected") from None
        raise CorruptDocument(f"'{path.name}' is not a readable PDF ({exc})") from None


def _page(path: Path, document: pdfium.PdfDocument, plumber, index: int, ocr: OcrEngine,
          settings: Settings) -> PageText:
    mode = settings.ocr.mode
    page = document[index]
    try:
        text = _text_layer(path, page, plumber, index)
        layer = judge_layer(text, settings.ocr.min_text_layer_letters)
        if mode == "skip" or (mode == "auto" and layer.problem is None):
            note = [] if layer.problem is None else [f"{layer.problem}; OCR skipped (ocr.mode)"]
            return PageText(number=index + 1, text=text, method=TextMethod.text_layer, preparation=note)
        try:
            image, dpi, render_note = _render(path, page, index, settings)
        except DocumentTooLarge as refusal:
            if not layer.readable_letters:
                raise
            return _layer_kept(index, text, f"{layer.problem}; kept, the page cannot be OCR'd: {refusal.reason}")
    finally:
        page.close()
    reader, language_note = ocr.for_script(layer.script)
    try:
        scanned = ocr_page(index + 1, image, dpi, reader, settings.ocr, settings.limits.max_page_pixels)
    except OcrFailed as failure:
        if not layer.readable_letters:
            raise
        return _layer_kept(index, text, f"{layer.problem}; kept, OCR failed: {failure.reason}")
    del image  # the page's largest allocation, not needed while the readings are compared
    notes = [note for note in (render_note, language_note) if note]
    if mode == "force":
        return _with_notes(scanned, ["OCR forced (ocr.mode)", *notes])
    why_ocr = better_reading(layer, scanned.text, scanned.ocr_confidence)
    if layer.readable_letters and why_ocr is None:
        read = "found no text" if not scanned.text.strip() else f"read it no better ({scanned.ocr_confidence:.0f}%)"
        return _layer_kept(index, text, f"{layer.problem}; kept, OCR {read}", *notes)
    return _with_notes(scanned, [note for note in (layer.problem, why_ocr) if note] + notes)


def _layer_kept(index: int, text: str, *notes: str) -> PageText:
    """A doubtful text layer kept: nothing read better."""
    return PageText(number=index + 1, text=text, method=TextMethod.text_layer, preparation=list(notes))


def _with_notes(page: PageText, notes: list[str]) -> PageText:
    page.preparation[:0] = notes
    return page


def _text_layer(path: Path, page: pdfium.PdfPage, plumber, index: int) -> str:
    try:
        if plumber is not None:
            plumber_page = plumber.pages[index]
            text = plumber_page.extract_text() or ""
            plumber_page.close()
            return text.strip()
        textpage = page.get_textpage()
        try:
            return textpage.get_text_bounded().replace("\r\n", "\n").strip()
        finally:
            textpage.close()
    except Exception as exc:  # noqa: BLE001 - a broken content stream: treat as unreadable
        raise CorruptDocument(f"page {index + 1} of '{path.name}' cannot be read ({exc})") from None


def _render(path: Path, page: pdfium.PdfPage, index: int, settings: Settings):
    try:
        width_pt, height_pt = page.get_size()
        dpi = _dpi_within_budget(width_pt, height_pt, settings.ocr.render_dpi, settings.limits.max_page_pixels)
        image = page.render(scale=dpi / _POINTS_PER_INCH, grayscale=True).to_pil()
    except pdfium.PdfiumError as exc:
        raise CorruptDocument(f"page {index + 1} of '{path.name}' cannot be rendered ({exc})") from None
    except MemoryError:
        raise DocumentTooLarge(f"page {index + 1} of '{path.name}' ran out of memory while being rendered for OCR",
                               "Lower limits.max_page_pixels or give the workers more memory") from None
    note = None
    if dpi < settings.ocr.render_dpi:
        note = (f"rendered at {dpi} dpi, not {settings.ocr.render_dpi}: the page is {width_pt:.0f}x{height_pt:.0f} "
                f"pt and limits.max_page_pixels allows {settings.limits.max_page_pixels / 1e6:g} MP")
    return image, dpi, note


def _dpi_within_budget(width_pt: float, height_pt: float, dpi: int, max_pixels: int) -> int:
    """Lower the render resolution of physically huge pages (plans, posters) to fit the pixel limit."""
    pixels = (width_pt / _POINTS_PER_INCH * dpi) * (height_pt / _POINTS_PER_INCH * dpi)
    if pixels <= max_pixels:
        return dpi
    scaled = int(dpi * (max_pixels / pixels) ** 0.5)
    if scaled < _MIN_READABLE_DPI:
        raise DocumentTooLarge(
            f"a page of {width_pt:.0f}x{height_pt:.0f} pt ({width_pt / 72 * 25.4 / 1000:.1f}x"
            f"{height_pt / 72 * 25.4 / 1000:.1f} m) fits the page memory budget "
            f"(limits.max_page_pixels, {max_pixels / 1e6:g} MP) only at {scaled} dpi, too coarse to read",
            "Raise limits.max_page_pixels (about 10 bytes of memory a pixel) or split the drawing into sheets")
    return scaled
