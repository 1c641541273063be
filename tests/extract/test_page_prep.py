"""Page preparation chosen by measurement: shaded photos, coloured ink, small and large print."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.enrich.analysis import Analyser
from pipeline.extract.page_measure import has_prose_columns, text_height
from pipeline.extract.page_ocr import ocr_page
from pipeline.extract.page_prep import normalise_page
from pipeline.settings import load_settings
from tests.conftest import CONFIG, character_error_rate
from tests.extract.test_ocr_quality import FONT, LINES, TEXT, page_image


@pytest.fixture(scope="module")
def analyser(tmp_path_factory):
    return Analyser(load_settings(CONFIG, environ={}, home=tmp_path_factory.mktemp("home")))


class CountingEngine:
    """The real engine, counting how often a page is recognised."""

    def __init__(self, engine) -> None:
        self.engine, self.readings = engine, 0

    def recognize(self, image, dpi, single_column=False):
        self.readings += 1
        return self.engine.recognize(image, dpi, single_column)

    def orientation(self, image, dpi):
        return self.engine.orientation(image, dpi)


def coloured_page(ink: tuple[int, int, int], paper: tuple[int, int, int]) -> Image.Image:
    grey = page_image()
    mask = Image.eval(grey, lambda value: 255 - value)
    page = Image.new("RGB", grey.size, paper)
    page.paste(Image.new("RGB", grey.size, ink), mask=mask)
    return page


def test_text_height_is_measured_not_taken_from_the_claimed_resolution():
    assert text_height(np.asarray(page_image())) == pytest.approx(24, abs=5)  # 40-px Vera: x-height 22
    assert text_height(np.asarray(page_image(dpi=100))) == pytest.approx(8, abs=3)
    assert text_height(np.asarray(Image.new("L", (800, 600), 255))) is None


def test_clean_scan_is_left_alone_and_read_once(analyser):
    engine = CountingEngine(analyser.ocr)
    page = ocr_page(1, page_image(), 300, engine, analyser.settings.ocr)
    assert engine.readings == 1 and page.preparation == []
    assert character_error_rate(TEXT, page.text) <= 0.02


def test_shaded_photo_is_evened_before_reading(analyser):
    # A phone photo: the paper darkens from white at the top left to mid-grey at the bottom right.
    page = np.asarray(page_image(), dtype=np.float32)
    height, width = page.shape
    shade = 1.0 - 0.6 * (np.add.outer(np.arange(height) / height, np.arange(width) / width) / 2)
    photo = Image.fromarray((page * shade).astype(np.uint8)).convert("RGB")
    prepared = normalise_page(photo, 300, analyser.settings.ocr)
    assert any(step.startswith("background evened") for step in prepared.steps)
    assert character_error_rate(TEXT, ocr_page(1, photo, 300, analyser.ocr, analyser.settings.ocr).text) <= 0.03


def test_coloured_ink_is_read_from_its_clearest_channel(analyser):
    receipt = coloured_page(ink=(150, 60, 170), paper=(250, 200, 210))  # purple print on pink paper
    page = ocr_page(1, receipt, 300, analyser.ocr, analyser.settings.ocr)
    assert "grey from the green channel (clearest ink)" in page.preparation
    assert character_error_rate(TEXT, page.text) <= 0.02


def test_black_on_white_colour_scan_stays_in_luminance(analyser):
    page = normalise_page(coloured_page(ink=(0, 0, 0), paper=(255, 255, 255)), 300, analyser.settings.ocr)
    assert page.steps == []


def test_very_large_print_is_reduced(analyser):
    poster = Image.new("L", (3000, 1400), 255)
    draw = ImageDraw.Draw(poster)
    font = ImageFont.truetype(str(FONT), 110)
    for number, line in enumerate(LINES[:3]):
        draw.text((60, 120 + 330 * number), line[:40], font=font, fill=0)
    page = ocr_page(1, poster, 300, analyser.ocr, analyser.settings.ocr)
    assert any(step.startswith("reduced ×") for step in page.preparation), page.preparation
    expected = "\n".join(line[:40] for line in LINES[:3])
    assert character_error_rate(expected, page.text) <= 0.03


def test_preparation_is_never_kept_when_the_page_as_it_came_reads_better(analyser):
    class FooledEngine(CountingEngine):
        """Reads an enlarged page badly, as Tesseract does when paper texture was taken for tiny text."""

        def recognize(self, image, dpi, single_column=False):
            result = super().recognize(image, dpi, single_column)
            if image.width > 1000:
                return replace(result, text="~~ ~~", mean_confidence=20.0, lines=[])
            return result

    small = page_image(dpi=100)
    engine = FooledEngine(analyser.ocr)
    page = ocr_page(1, small, 300, engine, analyser.settings.ocr)
    assert engine.readings == 2
    assert page.preparation[-1].startswith("read as it came")
    assert character_error_rate(TEXT, page.text) <= 0.1


def test_confident_reading_of_a_prepared_page_is_not_repeated(analyser):
    engine = CountingEngine(analyser.ocr)
    page = ocr_page(1, page_image(dpi=100), 300, engine, analyser.settings.ocr)
    assert engine.readings == 1 and page.preparation[0].startswith("enlarged")


def receipt_image() -> tuple[Image.Image, list[str]]:
    items = [("PLASTIC BAGS", "0.20"), ("DOUBLE EXT BOX", "25.90"), ("SPONGE MAGIC", "0.90"),
             ("COLANDER SMALL", "5.50"), ("TOTAL INCL. GST", "32.50"), ("CASH", "100.00"), ("CHANGE", "67.50")]
    image = Image.new("L", (1400, 200 + 70 * len(items)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 40)
    for number, (item, amount) in enumerate(items):
        top = 100 + 70 * number
        draw.text((60, top), item, font=font, fill=0)
        draw.text((1320 - draw.textlength(amount, font=font), top), amount, font=font, fill=0)
    return image, [f"{item} {amount}" for item, amount in items]


def test_receipt_is_read_row_by_row_with_each_amount_beside_its_item(analyser):
    image, rows = receipt_image()
    page = ocr_page(1, image, 300, analyser.ocr, analyser.settings.ocr)
    assert page.text.splitlines() == rows


def test_photo_of_a_page_on_a_desk_is_cropped_to_the_paper_and_read(analyser):
    import cv2

    sheet = np.asarray(page_image().crop((150, 200, 2550, 800)))  # the printed part of the page
    desk = Image.new("L", (3000, 1400), 70)
    draw, font = ImageDraw.Draw(desk), ImageFont.truetype(str(FONT), 44)
    draw.text((200, 80), "DESK LAMP 40W  MODEL 2210", font=font, fill=235)  # lettering on the desk
    draw.text((200, 1230), "ESC  F1  F2  F3  TAB  CTRL  ALT  HOME  PAGE", font=font, fill=235)
    desk = np.array(desk)
    height, width = sheet.shape
    corners = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    seen_at = np.float32([[260, 230], [2780, 300], [2700, 1050], [300, 1130]])  # keystoned, on the desk
    warp = cv2.getPerspectiveTransform(corners, seen_at)
    photo = cv2.warpPerspective(sheet, warp, (3000, 1400), dst=desk, borderMode=cv2.BORDER_TRANSPARENT)
    page = ocr_page(1, Image.fromarray(photo), 300, analyser.ocr, analyser.settings.ocr)
    assert page.preparation[0].startswith("cropped to the paper"), page.preparation
    assert character_error_rate(TEXT, page.text) <= 0.03


def test_flatbed_scans_are_not_cropped(analyser, manifest):
    from PIL import ImageSequence

    for sample in manifest:
        if sample.kind.startswith("scan") and sample.path.suffix != ".pdf":
            with Image.open(sample.path) as image:
                steps = normalise_page(next(ImageSequence.Iterator(image)).convert("L"), 300,
                                       analyser.settings.ocr).steps
            assert not any(step.startswith("cropped") for step in steps), sample.path.name


def two_column_article() -> tuple[Image.Image, list[str], list[str]]:
    left = ["The inspector will attend on the fourteenth", "of March between nine and noon, and asks",
            "that the control room and the generator", "be made available for the whole morning.",
            "Questions may be sent to the facilities", "office at extension 4471 before the visit."]
    right = ["Thank you for your cooperation with this", "required safety review of the pumping",
             "station; the report follows within a month", "and is filed with the station's records.",
             "A copy goes to the operations manager", "and one to the regional safety board."]
    # Twice over: with only a few lines a side, nothing on the page says they are columns, not rows.
    left, right = left * 2, right * 2
    image = Image.new("L", (2550, 1400 + 70 * len(left)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 36)
    for number, (first, second) in enumerate(zip(left, right, strict=True)):
        draw.text((150, 200 + 70 * number), first, font=font, fill=0)
        draw.text((1350, 200 + 70 * number), second, font=font, fill=0)
    return image, left, right


def test_columns_side_by_side_are_told_from_a_receipt_and_a_letter():
    assert has_prose_columns(np.asarray(two_column_article()[0]))
    assert not has_prose_columns(np.asarray(receipt_image()[0]))
    assert not has_prose_columns(np.asarray(page_image()))


def test_two_column_article_is_still_read_column_by_column(analyser):
    image, left, right = two_column_article()
    page = ocr_page(1, image, 300, analyser.ocr, analyser.settings.ocr)
    assert character_error_rate("\n".join(left + right), page.text) <= 0.05


def test_tiny_print_is_enlarged_and_smoothed_into_readable_strokes(analyser):
    page = ocr_page(1, page_image(dpi=100), 100, analyser.ocr, analyser.settings.ocr)
    assert "smoothed" in page.preparation[0]
    assert character_error_rate(TEXT, page.text) <= 0.02
