"""Reading order: a page's text lines, as the OCR engine found them, put in the order a person reads them.

Tesseract's own order follows the blocks its layout analysis finds. On receipts, forms and tables that
splits rows apart: a receipt's item names come out as one block and their prices as another, far from
each other. Here lines side by side (overlapping vertically by at least half the smaller line's height)
are read as one row, left to right, top to bottom, which is how receipts and forms are read.

Columns of prose are the exception: a two-column article is read column by column. A page has prose
columns when a vertical gutter crosses its text and the lines on both sides are full lines of several
words (a receipt's price column and a table's cells are not). Lines that cross the gutter (titles,
abstracts, wide figures) separate the page into bands, each read in turn.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.extract.ocr import OcrLine

_MIN_COLUMN_LINES = 5
_MIN_WORDS_PER_PROSE_LINE = 4
_MIN_COLUMN_FILL = 0.7  # prose lines fill at least this share of their column's width (median)
_MAX_CROSSING_SHARE = 0.2  # at most this share of lines may cross the gutter (titles, wide figures)


@dataclass
class _Row:
    top: int
    bottom: int
    lines: list[OcrLine]


def read_in_order(lines: Sequence[OcrLine], mode: str = "auto") -> str:
    """The page's text, one row (or line) per text line, in reading order (`ocr.reading_order`)."""
    if mode == "auto":
        gutter = prose_gutter(lines)
        if gutter is not None:
            return "\n".join(_by_columns(lines, gutter))
    return "\n".join(_by_rows(lines))


def prose_gutter(lines: Sequence[OcrLine]) -> int | None:
    """The x position of the gutter between two columns of prose, or None when the page has none."""
    if len(lines) < 2 * _MIN_COLUMN_LINES:
        return None
    left = min(line.box[0] for line in lines)
    right = max(line.box[2] for line in lines)
    width = right - left
    if width <= 0:
        return None
    coverage = [0] * (width + 1)
    for line in lines:
        for x in range(line.box[0] - left, line.box[2] - left + 1):
            coverage[x] += 1
    middle = range(width // 4, 3 * width // 4)
    fewest = min(coverage[x] for x in middle)
    if fewest > _MAX_CROSSING_SHARE * len(lines):
        return None
    # The centre of the widest run of least-crossed positions.
    runs, start = [], None
    for x in [*middle, None]:
        if x is not None and coverage[x] == fewest:
            start = x if start is None else start
        elif start is not None:
            runs.append((x - start if x is not None else middle.stop - start, start))
            start = None
    run_width, run_start = max(runs)
    gutter = left + run_start + run_width // 2
    sides = ([line for line in lines if line.box[2] < gutter], [line for line in lines if line.box[0] > gutter])
    # Each column's width is from the page's text edge to the gutter's edge on its side, not its centre:
    # a wide gutter must not make the lines beside it look short.
    widths = (run_start, width - run_start - run_width)
    if not all(_is_prose_column(side, column_width=max(1, column)) for side, column in zip(sides, widths, strict=True)):
        return None
    return gutter


def _is_prose_column(lines: list[OcrLine], column_width: int) -> bool:
    if len(lines) < _MIN_COLUMN_LINES:
        return False
    words = statistics.median(len(line.text.split()) for line in lines)
    fill = statistics.median(line.box[2] - line.box[0] for line in lines) / column_width
    return words >= _MIN_WORDS_PER_PROSE_LINE and fill >= _MIN_COLUMN_FILL


def _by_columns(lines: Sequence[OcrLine], gutter: int) -> list[str]:
    """Bands separated by lines crossing the gutter; in each band the left column, then the right."""
    text: list[str] = []
    band: list[OcrLine] = []

    def flush() -> None:
        text.extend(_by_rows([line for line in band if line.box[2] < gutter]))
        text.extend(_by_rows([line for line in band if line.box[0] > gutter]))
        band.clear()

    for line in sorted(lines, key=lambda line: line.box[1]):
        if line.box[0] <= gutter <= line.box[2]:
            flush()
            text.append(line.text)
        else:
            band.append(line)
    flush()
    return text


def _by_rows(lines: Sequence[OcrLine]) -> list[str]:
    """Lines side by side joined into rows, rows top to bottom, each row left to right."""
    rows: list[_Row] = []
    for line in sorted(lines, key=lambda line: (line.box[1] + line.box[3]) / 2):
        row = next((row for row in reversed(rows) if _same_row(row, line)), None)
        if row is None:
            rows.append(_Row(line.box[1], line.box[3], [line]))
        else:
            row.lines.append(line)
    rows.sort(key=lambda row: row.top)
    return [" ".join(line.text for line in sorted(row.lines, key=lambda line: line.box[0])) for row in rows]


def _same_row(row: _Row, line: OcrLine) -> bool:
    left, top, right, bottom = line.box
    overlap = min(bottom, row.bottom) - max(top, row.top)
    if overlap < 0.5 * min(bottom - top, row.bottom - row.top):
        return False
    # Two lines one above the other never share a row, however tall one of them is.
    return all(min(right, other.box[2]) <= max(left, other.box[0]) for other in row.lines)
