"""Page preparation for OCR: grey from the clearest channel, background evened, text brought to the size
Tesseract reads best, despeckled, optionally binarised; on request turned upright and deskewed.

Every step is chosen per page from cheap measurements (`page_measure`): a clean flatbed scan of 10-pt
text passes through untouched, a shaded phone photo of a small receipt gets each step it needs. Each
step that changes the page is recorded in words ("enlarged ×2.0 (text 12 px high)") so a reviewer can
see what was done to a scan. Skew is measured by projection profiles: text lines give the sharpest row
histogram when they are level; the search runs coarse to fine on a small copy of the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image, ImageFilter

from pipeline.extract.page_measure import background_spread, best_channel, text_height
from pipeline.extract.paper_crop import crop_to_sheet, find_sheet
from pipeline.settings import OcrSettings

_SKEW_WIDTH = 900
_MAX_SKEW = 6.0
_MIN_SKEW = 0.3
_GRAIN_CROP = 800
_PAPER = 160
_GRAINY = 2.5
# Tesseract's models read glyphs best at about 20-40 px high (the size of 10-pt print at 300 dpi).
# Smaller text is enlarged to _TEXT_TARGET, the low end of that range, because Tesseract's time grows with
# the pixels. Much larger text is reduced, which costs no accuracy and saves most of the time on 35-MP
# phone photos.
_TEXT_SMALL = 16.0
_TEXT_LARGE = 40.0
_TEXT_TARGET = 20.0
_TEXT_TARGET_LARGE = 32.0
_MAX_ENLARGE = 3.0
_SMOOTHED_ENLARGEMENT = 2.0
_SMOOTHING = 0.6
# Enlargements stop here even under a larger page budget: Tesseract's time grows with the pixels.
_MAX_ENLARGED_PIXELS = 40_000_000
# Paper brightness varying by more than this many grey levels across the page is shading, not paper.
_UNEVEN = 30.0
# Tesseract copes with small skew itself; below this a rotation costs more than it gains.
_WORTH_DESKEWING = 1.0
# Tesseract's resolution hint once text has been brought to the size of 10-pt print at 300 dpi.
_TEXT_SIZED_DPI = 300


@dataclass
class PreparedPage:
    image: Image.Image  # 8-bit grayscale
    dpi: int
    steps: list[str] = field(default_factory=list)
    rotation: int = 0
    max_pixels: int | None = None  # the page's memory budget (limits.max_page_pixels); None: unlimited

    def largest_scale(self, wanted: float) -> float:
        """`wanted`, or the largest enlargement that keeps the page within its budget (never below 1)."""
        if wanted <= 1:
            return wanted
        budget = min(_MAX_ENLARGED_PIXELS, self.max_pixels or _MAX_ENLARGED_PIXELS)
        return max(1.0, min(wanted, (budget / (self.image.width * self.image.height)) ** 0.5))

    def rotated(self, angle: float, resample: Image.Resampling = Image.Resampling.NEAREST) -> Image.Image:
        """The page turned by `angle`, grown to hold its corners, reduced again if that breaks the budget."""
        turned = Image.fromarray(_turned(np.asarray(self.image), angle, resample))
        if self.max_pixels and turned.width * turned.height > self.max_pixels:
            factor = (self.max_pixels / (turned.width * turned.height)) ** 0.5
            turned = turned.resize((max(1, int(turned.width * factor)), max(1, int(turned.height * factor))),
                                   Image.Resampling.BOX)
            self.dpi = max(1, round(self.dpi * factor))
        return turned


def _turned(pixels: np.ndarray, angle: float, resample: Image.Resampling) -> np.ndarray:
    """`pixels` turned counter-clockwise by `angle`, grown to hold the corners, on white. OpenCV's warp,
    not Pillow's rotate: several times faster on a full page, and quarter turns are exact."""
    if angle % 90 == 0:
        return np.ascontiguousarray(np.rot90(pixels, round(angle / 90) % 4))
    height, width = pixels.shape
    matrix = cv2.getRotationMatrix2D(((width - 1) / 2, (height - 1) / 2), angle, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    size = (round(width * cos + height * sin), round(width * sin + height * cos))
    matrix[0, 2] += (size[0] - width) / 2
    matrix[1, 2] += (size[1] - height) / 2
    interpolation = cv2.INTER_CUBIC if resample == Image.Resampling.BICUBIC else cv2.INTER_NEAREST
    return cv2.warpAffine(pixels, matrix, size, flags=interpolation, borderValue=255)


def normalise_page(image: Image.Image, dpi: int, settings: OcrSettings,
                   max_pixels: int | None = None) -> PreparedPage:
    """Grayscale with even paper, text at a size Tesseract reads well, despeckled when grainy, binarised
    when configured.

    `max_pixels` (limits.max_page_pixels) is the page's memory budget: no step makes the page larger than
    that, so a page that arrives at the limit is read at the resolution it has.
    """
    page = PreparedPage(image if image.mode == "L" else image.convert("L"), dpi, max_pixels=max_pixels)
    if image.mode == "RGB" and settings.even_background:
        channel, grey = best_channel(np.asarray(image))
        if channel != "luminance":
            page.image = Image.fromarray(grey)
            page.steps.append(f"grey from the {channel} channel (clearest ink)")
    if settings.crop_to_paper:
        _crop_to_paper(page)
    if settings.even_background:
        _even_background(page)
    if not (settings.rescale_by_text_height and _rescale_by_text_height(page)):
        _normalise_resolution(page, settings)
    grain = background_grain(page.image)
    # A grey scanner's speckle is isolated dots, which a 3x3 median removes. A colour photo's grain is
    # JPEG texture that Tesseract's own thresholding ignores, while the median thins small print: on
    # real receipt photos despeckling cost more characters than it saved.
    if grain > _GRAINY and image.mode == "L":
        # A 3x3 median removes scanner and JPEG speckle; on the noisy samples it cuts the error rate by a third.
        page.image = page.image.filter(ImageFilter.MedianFilter(3))
        page.steps.append(f"despeckled (grain {grain:.1f})")
    if settings.deskew:
        _deskew(page)
    if settings.binarize:
        page.image = binarise(page.image)
        page.steps.append("binarised")
    return page


def _deskew(page: PreparedPage) -> None:
    """Level lines read better, and only level lines can be put in rows by their boxes: a line tilted by
    3° across a page is taller than the short line beside it."""
    angle = estimate_skew(page.image)
    if abs(angle) >= _WORTH_DESKEWING:
        page.image = page.rotated(angle, Image.Resampling.BICUBIC)
        page.steps.append(f"deskewed {angle:+.1f}°")


def straighten_page(page: PreparedPage, settings: OcrSettings,
                    orientation: Callable[[Image.Image, int], int] | None = None) -> PreparedPage:
    """The page turned upright and deskewed."""
    page = PreparedPage(page.image, page.dpi, list(page.steps), max_pixels=page.max_pixels)
    if orientation is not None:
        page.rotation = orientation(page.image, page.dpi)
        if page.rotation:
            page.image = page.rotated(page.rotation)
            page.steps.append(f"turned {page.rotation}°")
    if settings.deskew:
        angle = estimate_skew(page.image)
        if abs(angle) >= _MIN_SKEW:
            page.image = page.rotated(angle, Image.Resampling.BICUBIC)
            page.steps.append(f"deskewed {angle:+.1f}°")
    return page


def _crop_to_paper(page: PreparedPage) -> None:
    pixels = np.asarray(page.image)
    corners = find_sheet(pixels)
    if corners is None:
        return
    page.image = Image.fromarray(crop_to_sheet(pixels, corners))
    page.steps.append(f"cropped to the paper ({page.image.width}x{page.image.height} of "
                      f"{pixels.shape[1]}x{pixels.shape[0]} px)")


def _even_background(page: PreparedPage) -> None:
    """Divide the page by its paper level (a grey closing wider than any glyph): shading, a shadow or a
    tinted paper becomes white while ink keeps its contrast."""
    pixels = np.asarray(page.image)
    spread = background_spread(pixels)
    if spread < _UNEVEN:
        return
    height, width = pixels.shape
    factor = min(1.0, 800 / max(height, width))
    small = cv2.resize(pixels, (max(1, round(width * factor)), max(1, round(height * factor))),
                       interpolation=cv2.INTER_AREA)
    # Wider than the text lines are tall at this scale, so the closing erases ink and keeps paper.
    size = max(15, round(max(small.shape) / 25)) | 1
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (size, size)))
    paper = cv2.GaussianBlur(paper, (0, 0), size / 4)
    paper = cv2.resize(paper, (width, height), interpolation=cv2.INTER_LINEAR)
    evened = cv2.divide(pixels, np.maximum(paper, 1), scale=255)
    page.image = Image.fromarray(_stretch(evened))
    page.steps.append(f"background evened (shading {spread:.0f})")


def _stretch(gray: np.ndarray) -> np.ndarray:
    """Darkest ink to black, paper to white: faint print regains the contrast Tesseract's own
    thresholding needs."""
    low, high = np.percentile(gray, (0.5, 99))
    if high - low < 16:
        return gray
    scaled = (gray.astype(np.float32) - low) * (255.0 / (high - low))
    return np.clip(scaled, 0, 255).astype(np.uint8)


def _rescale_by_text_height(page: PreparedPage) -> bool:
    """Scale the page so its text is the size Tesseract reads best; False when the page shows too few
    glyphs to measure (then the resolution the file claims decides)."""
    height = text_height(np.asarray(page.image))
    if height is None:
        return False
    if _TEXT_SMALL <= height <= _TEXT_LARGE:
        page.dpi = _TEXT_SIZED_DPI
        return True
    scale = page.largest_scale(min((_TEXT_TARGET if height < _TEXT_SMALL else _TEXT_TARGET_LARGE) / height,
                                   _MAX_ENLARGE))
    if 0.95 <= scale <= 1.05:
        return True
    size = (max(1, round(page.image.width * scale)), max(1, round(page.image.height * scale)))
    interpolation = cv2.INTER_CUBIC if scale > 1 else cv2.INTER_AREA
    resized = cv2.resize(np.asarray(page.image), size, interpolation=interpolation)
    smoothed = scale >= _SMOOTHED_ENLARGEMENT
    if smoothed:
        # Text this small is a few pixels a stroke: dot-matrix dots and JPEG blocks stay apart when only
        # enlarged. Smoothing over about one original pixel joins them into strokes Tesseract can read.
        resized = cv2.GaussianBlur(resized, (0, 0), _SMOOTHING * scale)
    page.image = Image.fromarray(resized)
    page.steps.append(f"{'enlarged' if scale > 1 else 'reduced'} ×{scale:.1f}{' and smoothed' if smoothed else ''} "
                      f"(text {height:.0f} px high)")
    page.dpi = _TEXT_SIZED_DPI
    return True


def _normalise_resolution(page: PreparedPage, settings: OcrSettings) -> None:
    if settings.min_dpi <= page.dpi <= settings.max_dpi:
        return
    scale = page.largest_scale(settings.render_dpi / page.dpi)
    target = round(page.dpi * scale)
    if target == page.dpi:
        page.steps.append(f"kept at {page.dpi} dpi (larger would break limits.max_page_pixels)")
        return
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
    pixels = np.asarray(small)
    rows, cols = np.nonzero(pixels < 255 - 96)
    if rows.size == 0:
        return 0.0
    height, width = pixels.shape
    # Each trial angle moves the ink pixels, not the image: the row histogram of the points turned about
    # the centre is what rotating the picture would give, at a small fraction of the cost.
    x = cols - (width - 1) / 2
    y = rows - (height - 1) / 2

    def sharpness(angle: float) -> float:
        radians = np.deg2rad(angle)
        turned_x = x * np.cos(radians) + y * np.sin(radians) + (width - 1) / 2
        turned_y = np.rint(-x * np.sin(radians) + y * np.cos(radians) + (height - 1) / 2).astype(np.intp)
        inside = (turned_y >= 0) & (turned_y < height) & (turned_x >= -0.5) & (turned_x < width - 0.5)
        return float(np.var(np.bincount(turned_y[inside], minlength=height)))

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
