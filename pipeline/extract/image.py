"""Scanned images (PNG, JPEG, TIFF including multi-page, WebP, BMP, GIF): guard against bombs, then OCR each
frame. GIF and WebP are read from their first frame only: their later frames are animation, not pages."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

from PIL import Image, ImageSequence, UnidentifiedImageError

from pipeline.errors import CorruptDocument, DocumentTooLarge, ImageTooSmall
from pipeline.extract.ocr import OcrEngine
from pipeline.extract.page_ocr import ocr_page
from pipeline.pages import PageText, TextMethod
from pipeline.settings import Settings

_DEFAULT_DPI = 300
_FIRST_FRAME_ONLY = {"GIF", "WEBP"}


def image_pages(path: Path, ocr: OcrEngine, settings: Settings) -> Iterator[PageText]:
    limits = settings.limits
    try:
        with warnings.catch_warnings():
            # Our own pixel limit below is the check; Pillow's warning would only add noise.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
    except Image.DecompressionBombError as exc:
        raise DocumentTooLarge(f"'{path.name}' is refused as a possible decompression bomb ({exc})") from None
    except (UnidentifiedImageError, OSError) as exc:
        raise CorruptDocument(f"'{path.name}' is not a readable image: {exc}") from None
    with image:
        _decode_within_budget(image, limits.max_page_pixels)
        for index, frame in enumerate(ImageSequence.Iterator(image), start=1):
            if index > 1 and image.format in _FIRST_FRAME_ONLY:
                break
            if index > limits.max_pages:
                raise DocumentTooLarge(f"'{path.name}' has more than {limits.max_pages} pages")
            width, height = frame.size
            if width * height > limits.max_page_pixels:
                raise DocumentTooLarge(
                    f"page {index} of '{path.name}' is {width}x{height} pixels ({width * height / 1e6:.0f} MP), "
                    f"over the limit of {limits.max_page_pixels / 1e6:g} MP a page (limits.max_page_pixels; "
                    "the memory one page may take, and the guard against decompression bombs)"
                )
            if min(width, height) < limits.min_image_side_px:
                raise ImageTooSmall(f"page {index} of '{path.name}' is only {width}x{height} pixels")
            dpi = _frame_dpi(frame)
            try:
                # Colour is kept: page preparation may read coloured ink from its clearest channel.
                pixels = _eight_bit(frame)
            except (OSError, ValueError) as exc:
                raise CorruptDocument(f"page {index} of '{path.name}' cannot be decoded: {exc}") from None
            if settings.ocr.mode == "skip":
                yield PageText(number=index, text="", method=TextMethod.ocr, preparation=["OCR skipped (ocr.mode)"])
            else:
                yield ocr_page(index, pixels, dpi, ocr, settings.ocr, limits.max_page_pixels)


def _decode_within_budget(image: Image.Image, max_pixels: int) -> None:
    """A JPEG over the budget is decoded at the largest of its built-in reduced scales (1/2, 1/4, 1/8)
    that fits; other formats cannot be decoded smaller and are refused by the caller."""
    width, height = image.size
    if image.format != "JPEG" or width * height <= max_pixels:
        return
    factor = (max_pixels / (width * height)) ** 0.5
    # draft() picks the smallest scale at least the requested size, so ask a little under the largest fit.
    for reduction in (2, 4, 8):
        if 1 / reduction <= factor:
            image.draft(image.mode, (width // reduction, height // reduction))
            image.info["dpi"] = tuple(value / reduction for value in image.info.get("dpi", (0, 0)))
            return


def _frame_dpi(frame: Image.Image) -> int:
    dpi = frame.info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else _DEFAULT_DPI
    except (TypeError, ValueError, IndexError):
        return _DEFAULT_DPI
    # Scanners write 1 or 72 when they do not know; neither is a real scan resolution.
    return value if value >= 100 else _DEFAULT_DPI


def _eight_bit(frame: Image.Image) -> Image.Image:
    """RGB or 8-bit grey. Pillow's own conversion of 16- and 32-bit grey clips every value over 255 to white,
    which would blank a 16-bit scan; those are scaled down to 8 bits instead."""
    if frame.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        import numpy as np

        values = np.asarray(frame, dtype=np.float64)
        top = 65535.0 if frame.mode.startswith("I;16") else max(float(values.max()), 1.0)
        return Image.fromarray(np.clip(values * (255.0 / top), 0, 255).astype(np.uint8), mode="L")
    return frame.convert("RGB" if frame.mode in ("RGB", "RGBA", "P", "CMYK", "YCbCr", "PA", "RGBX") else "L")
