"""Reading order: receipts and tables row by row, columns of prose one after the other."""

from __future__ import annotations

from pipeline.extract.ocr import OcrLine
from pipeline.extract.reading_order import prose_gutter, read_in_order

PROSE = "the committee approved the revised budget for the coming year"


def line(left: int, top: int, right: int, text: str, height: int = 30) -> OcrLine:
    return OcrLine(box=(left, top, right, top + height), text=text)


def receipt_lines() -> list[OcrLine]:
    # Tesseract's layout analysis gives the item names and the amounts as separate blocks.
    names = [line(40, 100 + 50 * i, 400, f"ITEM {i} PLASTIC BAG") for i in range(6)]
    amounts = [line(900, 102 + 50 * i, 1000, f"{i}.50") for i in range(6)]
    return amounts + names


def two_column_article() -> list[OcrLine]:
    title = [line(300, 40, 1400, "Quarterly report of the records office", height=40)]
    left = [line(100, 150 + 45 * i, 820, f"left {i} {PROSE}") for i in range(12)]
    right = [line(900, 150 + 45 * i, 1620, f"right {i} {PROSE}") for i in range(12)]
    return right + title + left


def test_receipt_rows_keep_each_amount_beside_its_item():
    text = read_in_order(receipt_lines()).splitlines()
    assert text == [f"ITEM {i} PLASTIC BAG {i}.50" for i in range(6)]


def test_prose_columns_are_read_one_after_the_other():
    text = read_in_order(two_column_article(), "auto").splitlines()
    assert text[0] == "Quarterly report of the records office"
    assert text[1:13] == [f"left {i} {PROSE}" for i in range(12)]
    assert text[13:] == [f"right {i} {PROSE}" for i in range(12)]


def test_columns_far_apart_are_still_read_one_after_the_other():
    left = [line(100, 150 + 45 * i, 800, f"left {i} {PROSE}") for i in range(8)]
    right = [line(1300, 150 + 45 * i, 2000, f"right {i} {PROSE}") for i in range(8)]
    text = read_in_order(right + left, "auto").splitlines()
    assert text == [f"left {i} {PROSE}" for i in range(8)] + [f"right {i} {PROSE}" for i in range(8)]


def test_rows_order_reads_across_the_columns_when_asked():
    text = read_in_order(two_column_article(), "rows").splitlines()
    assert text[1] == f"left 0 {PROSE} right 0 {PROSE}"


def test_a_table_or_receipt_with_a_gap_is_not_taken_for_columns():
    assert prose_gutter(receipt_lines() + receipt_lines()) is None
    cells = [line(100, 100 + 40 * i, 300, f"{i}.0 2.5") for i in range(12)]
    cells += [line(900, 100 + 40 * i, 1100, f"{i * 3} 7.25") for i in range(12)]
    assert prose_gutter(cells) is None


def test_skewed_rows_are_not_merged_with_the_row_below():
    # A photographed receipt tilts: each line's box drifts, but the next row is still below.
    lines = [line(40, 100 + 40 * i, 500, f"row {i} left", height=32) for i in range(5)]
    lines += [line(700, 110 + 40 * i, 900, f"{i}.00", height=32) for i in range(5)]
    assert read_in_order(lines).splitlines() == [f"row {i} left {i}.00" for i in range(5)]


def test_lines_one_above_the_other_never_share_a_row():
    tall = line(40, 100, 300, "A", height=120)
    under = [line(40, 110, 300, "first"), line(40, 160, 300, "second")]
    assert len(read_in_order([tall, *under]).splitlines()) == 3
