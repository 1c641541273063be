"""One scanned page to text: prepare it (resolution, orientation, skew), then recognise it."""

from __future__ import annotations

from PIL import Image

from pipeline.extraction import PageText, TextMethod
from pipeline.ocr import OcrEngine
from pipeline.page_prep import prepare_page
from pipeline.settings import OcrSettings


def ocr_page(number: int, image: Image.Image, dpi: int, ocr: OcrEngine, settings: OcrSettings) -> PageText:
    prepared = prepare_page(image, dpi, settings, ocr.orientation if settings.detect_orientation else None)
    result = ocr.recognize(prepared.image, prepared.dpi)
    return PageText(number=number, text=result.text.strip(), method=TextMethod.ocr,
                    ocr_confidence=result.mean_confidence, rotation=prepared.rotation,
                    preparation=prepared.steps, low_confidence_words=result.low_confidence_words)
