"""One scanned page to text: prepare it, recognise it once, and read it again only when that can pay.

Preparation is chosen per page from cheap measurements (see `page_prep`), so most pages are recognised
once. Skew is measured and corrected before the first reading. A page Tesseract is unsure of (mean word
confidence under `_UNSURE`) is a candidate for a second reading, but only when something measurable can
be fixed: the orientation detector is confident the page is turned. Then the better of the
two readings by word confidence is kept, so a second reading never makes a page worse. A prepared page
that reads very badly (under `_DOUBTFUL`) is also read as it came, and the better reading kept. The text is put
in reading order (rows; columns for prose, see `reading_order`).
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from pipeline.extract.ocr import OcrEngine, OcrResult
from pipeline.extract.page_measure import has_prose_columns
from pipeline.extract.page_prep import PreparedPage, normalise_page, straighten_page
from pipeline.extract.reading_order import read_in_order
from pipeline.pages import PageText, TextMethod
from pipeline.settings import OcrSettings

# Real photos and receipts rarely reach 85; below 70 a page usually has a fixable problem or none.
_UNSURE = 70.0
# Under this, a prepared page reads so badly that the page as it came is read as well.
_DOUBTFUL = 45.0


def ocr_page(number: int, image: Image.Image, dpi: int, ocr: OcrEngine, settings: OcrSettings,
             max_pixels: int | None = None) -> PageText:
    """`max_pixels` (limits.max_page_pixels) bounds every image made of the page on the way."""
    page = normalise_page(image, dpi, settings, max_pixels)
    single_column = _single_column(page, settings)
    result = ocr.recognize(page.image, page.dpi, single_column)
    if _confidence(result) < _DOUBTFUL and page.steps:
        page, result = _better_unprepared(page, result, image, dpi, ocr, single_column)
    if _confidence(result) < _UNSURE:
        page, result = _better_straightened(page, result, ocr, settings, single_column)
    return PageText(number=number, text=_text(result, settings), method=TextMethod.ocr,
                    ocr_confidence=result.mean_confidence, rotation=page.rotation,
                    preparation=page.steps, low_confidence_words=result.low_confidence_words)


def _single_column(page: PreparedPage, settings: OcrSettings) -> bool:
    """Whether the page is read as one column: it shows no prose columns side by side, and the text is put
    in order here (in `engine` order Tesseract's own block layout is what was asked for)."""
    return settings.reading_order != "engine" and not has_prose_columns(np.asarray(page.image))


def _better_unprepared(page: PreparedPage, result: OcrResult, image: Image.Image, dpi: int,
                       ocr: OcrEngine, single_column: bool) -> tuple[PreparedPage, OcrResult]:
    """The page as it came, read too, when the prepared page reads badly: a measurement can be fooled
    (paper texture taken for tiny text), and a preparation must never leave a page worse off."""
    plain = PreparedPage(image if image.mode == "L" else image.convert("L"), dpi, max_pixels=page.max_pixels)
    second = ocr.recognize(plain.image, plain.dpi, single_column)
    if _confidence(second) > _confidence(result):
        plain.steps.append(f"read as it came (prepared page read at {_confidence(result):.0f}% confidence)")
        return plain, second
    return page, result


def _better_straightened(page: PreparedPage, result: OcrResult, ocr: OcrEngine, settings: OcrSettings,
                         single_column: bool) -> tuple[PreparedPage, OcrResult]:
    """The page turned upright and read again when the orientation detector is confident it is turned;
    the better of the two readings."""
    rotation = ocr.orientation(page.image, page.dpi) if settings.detect_orientation else 0
    if not rotation:
        return page, result  # level already (see page_prep) and upright as far as can be told
    straight = straighten_page(page, settings, lambda *_: rotation)
    second = ocr.recognize(straight.image, straight.dpi, single_column)
    return (straight, second) if _confidence(second) > _confidence(result) else (page, result)


def _text(result: OcrResult, settings: OcrSettings) -> str:
    if settings.reading_order == "engine" or not result.lines:
        return result.text.strip()
    return read_in_order(result.lines, settings.reading_order)


def _confidence(result: OcrResult) -> float:
    return result.mean_confidence if result.mean_confidence is not None else 0.0
