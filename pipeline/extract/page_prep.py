"""Page preparation for OCR: resolution normalised, optionally binarised, turned upright, deskewed.

Each step that changes the page is recorded in words ("deskewed 2.9°") so a reviewer can see what was
done to a scan. Skew is measured by projection profiles: text lines give the sharpest row histogram
when they are level; the search runs coarse to fine on a small copy of the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageFilter, ImageOps

from pipeline.settings import OcrSettings

_SKEW_WIDTH = 900
_MAX_SKEW = 6.0
_MIN_SKEW = 0.3
_GRAIN_CROP = 800
_PAPER = 160
_GRAINY = 2.5


@dataclass
class PreparedPage:
    image: Image.Image  # 8-bit grayscale
    dpi: int
    steps: list[str] = field(default_factory=list)
    rotation: int = 0


def normalise_page(image: Image.Image, dpi: int, settings: OcrSettings) -> PreparedPage:
    """Grayscale at a resolution Tesseract reads well, despeckled when grainy, binarised when configured."""
    page = PreparedPage(image if image.mode == "L" else image.convert("L"), dpi)
    _normalise_resolution(page, settings)
    grain = background_grain(page.image)
    if grain > _GRAINY:
        # A 3x3 median removes scanner and JPEG speckle; on the noisy samples it cuts the error rate by a third.
        page.image = page.image.filter(ImageFilter.MedianFilter(3))
        page.steps.append(f"despeckled (grain {grain:.1f})")
    if settings.binarize:
        page.image = binarise(page.image)
        page.steps.append("binarised")
    return page


def straighten_page(page: PreparedPage, settings: OcrSettings,
                    orientation: Callable[[Image.Image, int], int] | None = None) -> PreparedPage:
    """The page turned upright and deskewed."""
    page = PreparedPage(page.image, page.dpi, list(page.steps))
    if orientation is not None:
        page.rotation = orientation(page.image, page.dpi)
        if page.rotation:
            page.image = page.image.rotate(page.rotation, expand=True, fillcolor=255)
            page.steps.append(f"turned {page.rotation}°")
    if settings.deskew:
        angle = estimate_skew(page.image)
        if abs(angle) >= _MIN_SKEW:
            page.image = page.image.rotate(angle, expand=True, fillcolor=255, resample=Image.Resampling.BICUBIC)
            page.steps.append(f"deskewed {angle:+.1f}°")
    return page


def _normalise_resolution(page: PreparedPage, settings: OcrSettings) -> None:
    target = settings.render_dpi
    if page.dpi < settings.min_dpi or page.dpi > settings.max_dpi:
        scale = target / page.dpi
        size = (max(1, round(page.image.width * scale)), max(1, round(page.image.height * scale)))
        page.image = page.image.resize(size, Image.Resampling.LANCZOS)
        page.steps.append(f"{'upsampled' if scale > 1 else 'downsampled'} {page.dpi}→{target} dpi")
        page.dpi = target


def background_grain(gray: Image.Image) -> float:
    """Mean difference between diagonal neighbours in the light (paper) part of a central crop: about 0.5
    on clean scans, 3 and more on noisy ones."""
    pixels = np.asarray(gray, dtype=np.int16)
    height, width = pixels.shape
    crop = pixels[height // 4: height // 4 + _GRAIN_CROP, width // 4: width // 4 + _GRAIN_CROP]
    light = (crop[:-1, :-1] > _PAPER) & (crop[1:, 1:] > _PAPER)
    if not light.any():
        return 0.0
    return float(np.abs(crop[:-1, :-1] - crop[1:, 1:])[light].mean())


def estimate_skew(gray: Image.Image) -> float:
    """The angle (degrees, counter-clockwise positive) that makes the text lines level."""
    small = gray if gray.width <= _SKEW_WIDTH else gray.resize(
        (_SKEW_WIDTH, max(1, round(gray.height * _SKEW_WIDTH / gray.width))), Image.Resampling.BILINEAR)
    ink = ImageOps.invert(small).point(lambda value: 255 if value > 96 else 0)
    if not ink.getbbox():
        return 0.0

    def sharpness(angle: float) -> float:
        rows = np.asarray(ink.rotate(angle, expand=False, fillcolor=0), dtype=np.float32).sum(axis=1)
        return float(np.var(rows))

    best = max(np.arange(-_MAX_SKEW, _MAX_SKEW + 0.01, 1.0), key=sharpness)
    best = max(np.arange(best - 1.0, best + 1.01, 0.1), key=sharpness)
    return round(float(best), 1)


def binarise(gray: Image.Image) -> Image.Image:
    """Otsu's threshold over the page histogram."""
    histogram = np.array(gray.histogram()[:256], dtype=np.float64)
    levels = np.arange(256)
    total = histogram.sum()
    weight_dark = np.cumsum(histogram)
    mean_dark = np.cumsum(histogram * levels)
    between = (mean_dark[-1] * weight_dark / total - mean_dark) ** 2 / np.maximum(
        weight_dark * (total - weight_dark) / total, 1e-9)
    threshold = int(np.argmax(between))
    return gray.point(lambda value: 255 if value > threshold else 0)
