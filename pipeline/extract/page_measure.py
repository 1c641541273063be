"""Cheap measurements of a page image, taken before OCR to choose its preparation.

Each one runs on a reduced copy of the page in a few tens of milliseconds, a small fraction of what
Tesseract spends on the page, so every page can be measured and only the pages that need a step get it.
"""

from __future__ import annotations

import cv2
import numpy as np

# Measurements run on a copy of at most this many pixels: enough to see 10-px text on a 35-MP photo.
_MEASURE_PIXELS = 4_000_000
_MIN_GLYPHS = 30
_TILE = 24
_MIN_COLUMN_LINES = 5


def reduced(image: np.ndarray, max_pixels: int = _MEASURE_PIXELS) -> tuple[np.ndarray, float]:
    """A copy (grey or colour) of at most `max_pixels`, measured on and never read, and the factor it was
    scaled by (≤ 1)."""
    height, width = image.shape[:2]
    factor = min(1.0, (max_pixels / (height * width)) ** 0.5)
    if factor >= 1.0:
        return image, 1.0
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA), factor


def ink_contrast(channel: np.ndarray) -> float:
    """How well one threshold separates ink from paper: Otsu's between-class variance (0 = flat page)."""
    histogram = np.bincount(channel.ravel(), minlength=256).astype(np.float64)
    total = histogram.sum()
    levels = np.arange(256)
    weight = np.cumsum(histogram) / total
    mean = np.cumsum(histogram * levels) / total
    between = (mean[-1] * weight - mean) ** 2 / np.maximum(weight * (1 - weight), 1e-9)
    return float(between.max())


def best_channel(rgb: np.ndarray) -> tuple[str, np.ndarray]:
    """The grey version of a colour page with the most ink contrast: luminance, or one colour channel.

    Coloured ink on coloured paper (purple thermal print on a pink receipt, a blue stamp) can almost vanish
    in luminance while one channel still shows it clearly.
    """
    small, _ = reduced(rgb, 500_000)
    channels = {"luminance": lambda image: cv2.cvtColor(image, cv2.COLOR_RGB2GRAY),
                "red": lambda image: np.ascontiguousarray(image[:, :, 0]),
                "green": lambda image: np.ascontiguousarray(image[:, :, 1]),
                "blue": lambda image: np.ascontiguousarray(image[:, :, 2])}
    scores = {name: ink_contrast(channel(small)) for name, channel in channels.items()}
    best = max(scores, key=scores.get)
    # Luminance unless a channel is clearly better: on black-on-white pages they are all alike.
    if scores[best] < 1.05 * scores["luminance"]:
        best = "luminance"
    return best, channels[best](rgb)


def background_spread(gray: np.ndarray) -> float:
    """How uneven the paper's brightness is: the spread (grey levels) between the brightest 90 % of
    coarse tiles' paper levels. About 0-10 on a flatbed scan, 30 and more on a photo with shading."""
    small, _ = reduced(gray, 250_000)
    height, width = small.shape
    rows, cols = max(1, height // _TILE), max(1, width // _TILE)
    tiles = small[: rows * _TILE, : cols * _TILE].reshape(rows, _TILE, cols, _TILE)
    paper = np.percentile(tiles.transpose(0, 2, 1, 3).reshape(rows, cols, -1), 90, axis=2).ravel()
    # The darkest tenth of tiles may be the table top around a photographed page, not paper.
    return float(np.percentile(paper, 95) - np.percentile(paper, 10))


def text_height(gray: np.ndarray) -> float | None:
    """The median height in pixels of the glyph-sized dark blobs: about the height of a capital letter
    (uppercase receipts) or a little over the x-height (prose). None when the page shows too few."""
    small, factor = reduced(gray)
    _, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    widths = stats[1:, cv2.CC_STAT_WIDTH]
    areas = stats[1:, cv2.CC_STAT_AREA]
    # Glyphs: not specks, not rules or boxes, not page-sized shadows; solid enough to be strokes.
    glyph = ((heights >= 4) & (heights <= small.shape[0] / 8) & (widths <= 3 * heights)
             & (areas >= 0.1 * widths * heights) & (areas <= 0.95 * widths * heights))
    if glyph.sum() < _MIN_GLYPHS:
        return None
    return float(np.median(heights[glyph])) / factor



def has_prose_columns(gray: np.ndarray) -> bool:
    """Whether the page shows prose columns side by side: a vertical gutter through the middle half of
    its text that few pixel rows of text cross, with rows on both sides filled nearly to the gutter (an
    article's columns, not a receipt's prices)."""
    height = text_height(gray)
    if height is None:
        return False
    small, factor = reduced(gray, 1_500_000)
    _, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    # Ink smeared sideways by a word gap: a row of text is one run per column; a gutter is wider.
    reach = max(3, round(1.5 * height * factor))
    runs = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (reach, 1))) > 0
    runs = runs[runs.sum(axis=1) >= 4 * reach]  # pixel rows through text, not specks or rules' ends
    if len(runs) < 10 * _MIN_COLUMN_LINES:
        return False
    columns = np.flatnonzero(runs.any(axis=0))
    start, stop = int(columns[0]), int(columns[-1]) + 1
    crossing = runs[:, start + (stop - start) // 4: start + 3 * (stop - start) // 4].sum(axis=0)
    if crossing.min() > 0.2 * len(runs):
        return False
    gutter = start + (stop - start) // 4 + int(np.flatnonzero(crossing == crossing.min()).mean())
    open_rows = ~runs[:, gutter]
    left, right = runs[open_rows, start:gutter], runs[open_rows, gutter:stop]
    # Each side: the share of its width the rows beside the gutter reach across, median over rows.
    return all(np.median(_reach(side)) >= 0.7 for side in (left, right[:, ::-1]))


def _reach(side: np.ndarray) -> np.ndarray:
    """For each row with ink, how far (share of the side's width) from the outer edge it reaches inwards."""
    rows = side[side.any(axis=1)]
    if len(rows) == 0:
        return np.zeros(1)
    last = side.shape[1] - np.argmax(rows[:, ::-1], axis=1)
    return last / side.shape[1]
