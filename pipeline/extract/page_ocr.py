"""One scanned page to text: normalise it, recognise it, and straighten it only when that pays.

Most scans arrive upright and nearly level, and Tesseract copes with a degree or two of skew itself. So
the page is recognised once as it is; only when Tesseract is unsure (mean word confidence below
`_CONFIDENT`) is the page turned upright and deskewed and recognised again. The better of the
two readings is kept. Clean upright pages pay nothing for the rare bad ones.
"""

from __future__ import annotations

from PIL import Image

from pipeline.extract.ocr import OcrEngine, OcrResult
from pipeline.extract.page_prep import normalise_page, straighten_page
from pipeline.pages import PageText, TextMethod
from pipeline.settings import OcrSettings

_CONFIDENT = 85.0


def ocr_page(number: int, image: Image.Image, dpi: int, ocr: OcrEngine, settings: OcrSettings) -> PageText:
    page = normalise_page(image, dpi, settings)
    result = ocr.recognize(page.image, page.dpi)
    if _confidence(result) < _CONFIDENT and (settings.detect_orientation or settings.deskew):
        straight = straighten_page(page, settings, ocr.orientation if settings.detect_orientation else None)
        second = ocr.recognize(straight.image, straight.dpi)
        if _confidence(second) > _confidence(result):
            page, result = straight, second
    return PageText(number=number, text=result.text.strip(), method=TextMethod.ocr,
                    ocr_confidence=result.mean_confidence, rotation=page.rotation,
                    preparation=page.steps, low_confidence_words=result.low_confidence_words)


def _confidence(result: OcrResult) -> float:
    return result.mean_confidence if result.mean_confidence is not None else 0.0
