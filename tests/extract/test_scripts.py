"""Text layers in any script are kept; a doubtful layer is kept unless OCR reads better; OCR languages follow
the script; a blank page reports no confidence; a huge page is read within its memory budget."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from pipeline.enrich.analysis import Analyser
from pipeline.extract.detect import detect_type
from pipeline.extract.dispatch import extract
from pipeline.extract.page_prep import normalise_page
from pipeline.extract.text_quality import judge_layer
from pipeline.pages import TextMethod
from pipeline.settings import load_settings
from tests.conftest import CONFIG
from tests.corpus import page_cases

pytestmark = pytest.mark.skipif(not page_cases.fonts_present(),
                                reason="needs fonts-droid-fallback and fonts-dejavu-core (bootstrap.sh --test)")


@pytest.fixture(scope="module")
def analyser(tmp_path_factory):
    return Analyser(load_settings(CONFIG, environ={}, home=tmp_path_factory.mktemp("home")))


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    return {case.path.stem: case for case in page_cases.cases(tmp_path_factory.mktemp("pages"))}


def read(analyser, path):
    return extract(path, detect_type(path), analyser.ocr, analyser.settings)


@pytest.mark.parametrize("name", ["chinese-quarterly-report", "arabic-invoice", "mixed-scripts"])
def test_a_text_layer_in_another_script_is_kept_as_it_is(analyser, cases, name):
    [page] = read(analyser, cases[name].path).pages
    assert page.method is TextMethod.text_layer
    assert cases[name].must_contain in page.text


def test_a_short_true_layer_is_kept_when_ocr_reads_no_better(analyser, cases):
    [page] = read(analyser, cases["dummy"].path).pages
    assert (page.method, page.text) == (TextMethod.text_layer, "Dummy PDF file")
    assert "kept" in page.preparation[0]


def test_a_blank_page_is_a_page_without_text_and_without_a_confidence(analyser, cases):
    extraction = read(analyser, cases["blank"].path)
    assert extraction.text == ""
    assert extraction.ocr_confidence is None


def test_the_huge_page_is_read_at_the_resolution_its_budget_allows(analyser, cases):
    [page] = read(analyser, cases["site-plan"].path).pages
    assert "Site plan" in page.text
    assert any("rendered at 60 dpi" in note and "limits.max_page_pixels" in note for note in page.preparation)


def test_no_preparation_step_makes_a_page_larger_than_its_budget(analyser):
    page = Image.new("L", (2000, 2000), 255)
    draw = ImageDraw.Draw(page)
    for row in range(40):
        draw.text((40, 40 + row * 45), "Plan of the north wing, sheet 4 of 12" * 2, fill=0)
    # 60 dpi is under ocr.min_dpi: without a budget the page would be upsampled to 300 dpi (10,000 px square).
    prepared = normalise_page(page, 60, analyser.settings.ocr, max_pixels=4_000_000)
    assert prepared.image.width * prepared.image.height <= 4_000_000


def test_scripts_are_told_apart_and_only_latin_words_are_judged_by_their_shape():
    assert judge_layer("东北电气发展股份有限公司 2018 年第一季度报告全文 本公司董事会", 20).problem is None
    assert judge_layer("فاتورة الشهر الماضي من شركة الكهرباء الوطنية", 20).problem is None
    czech = "Zmrzlina je studená sladkost. Ve čtvrtek a ve středu přijde příští týden správce budovy."
    assert judge_layer(czech, 20).problem is None
    assert judge_layer("Nmtcc qf aunnal lnspcctlon fqr tbc Rlvcrsldc pnmplng statlqn", 20).problem is not None
    assert judge_layer("Dummy PDF file", 20).problem.startswith("short text layer")


def test_ocr_languages_follow_the_script_when_its_data_is_installed(analyser):
    installed = "chi_sim" in analyser.ocr.installed_languages
    engine, note = analyser.ocr.for_script("Han")
    if installed:
        assert engine is not analyser.ocr and note == "read as Han (chi_sim+eng)"
    else:
        assert engine is analyser.ocr and "tesseract-ocr-chi-sim" in note
    assert analyser.ocr.for_script("Latin") == (analyser.ocr, None)


def test_a_page_too_large_for_its_budget_keeps_a_short_layer_or_is_refused_with_the_reason(analyser, cases):
    from pipeline.errors import DocumentTooLarge

    small = analyser.settings.limits.model_copy(update={"max_page_pixels": 100_000})
    settings = analyser.settings.model_copy(update={"limits": small})
    [page] = extract(cases["dummy"].path, detect_type(cases["dummy"].path), analyser.ocr, settings).pages
    assert (page.method, page.text) == (TextMethod.text_layer, "Dummy PDF file")
    assert "cannot be OCR'd" in page.preparation[0] and "limits.max_page_pixels" in page.preparation[0]
    with pytest.raises(DocumentTooLarge, match=r"fits the page memory budget .* only at \d+ dpi"):
        extract(cases["blank"].path, detect_type(cases["blank"].path), analyser.ocr, settings)


def test_an_image_over_the_budget_is_read_smaller_when_jpeg_and_refused_otherwise(analyser, tmp_path):
    from PIL import ImageFont

    from pipeline.errors import DocumentTooLarge

    poster = Image.new("L", (8000, 8000), 255)
    ImageDraw.Draw(poster).text((400, 400), "Floor plan level 2", fill=0,
                                font=ImageFont.truetype(str(page_cases.FONTS["dejavu"]), 160))
    photo, scan = tmp_path / "poster.jpg", tmp_path / "poster.png"
    poster.save(photo, quality=90, dpi=(300, 300))
    poster.save(scan, dpi=(300, 300))
    [page] = read(analyser, photo).pages  # 64 MP over a 50 MP budget: decoded at half size
    assert "Floor plan" in page.text
    with pytest.raises(DocumentTooLarge, match=r"8000x8000 pixels \(64 MP\), over the limit of 50 MP"):
        read(analyser, scan)
