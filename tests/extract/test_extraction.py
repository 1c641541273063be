"""Extraction on the real sample records: text layers, OCR of scans, and files that cannot be read."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageFont
from reportlab.pdfgen import canvas

from pipeline.enrich.analysis import Analyser
from pipeline.errors import CorruptDocument, DocumentTooLarge, EncryptedDocument, ImageTooSmall
from pipeline.extract.detect import detect_type
from pipeline.extract.dispatch import extract
from pipeline.pages import TextMethod
from tests.conftest import character_error_rate, normalise


@pytest.fixture(scope="module")
def analyser(tmp_path_factory):
    from pipeline.settings import load_settings
    from tests.conftest import CONFIG

    return Analyser(load_settings(CONFIG, environ={}, home=tmp_path_factory.mktemp("home")))


def run_extract(analyser, path):
    return extract(path, detect_type(path), analyser.ocr, analyser.settings)


def samples_of(manifest, kind):
    return [sample for sample in manifest if sample.kind == kind]


def test_born_digital_pdfs_keep_their_text_layer_exactly(manifest, analyser):
    for sample in samples_of(manifest, "born_digital"):
        extraction = run_extract(analyser, sample.path)
        assert extraction.methods == ["text-layer"], sample.path.name
        assert character_error_rate(sample.text, extraction.text) <= 0.01, sample.path.name


def test_plain_text_records(manifest, analyser):
    for sample in samples_of(manifest, "text"):
        assert normalise(run_extract(analyser, sample.path).text) == normalise(sample.text)


def test_one_clean_scan_is_read_with_low_error_rate(manifest, analyser):
    sample = samples_of(manifest, "scan_clean")[0]
    extraction = run_extract(analyser, sample.path)
    assert extraction.methods == ["ocr"]
    assert extraction.ocr_confidence and extraction.ocr_confidence > 80
    assert character_error_rate(sample.text, extraction.text) <= 0.05


@pytest.mark.slow
def test_every_clean_scan_is_within_five_percent_cer(manifest, analyser):
    rates = {s.path.name: character_error_rate(s.text, run_extract(analyser, s.path).text)
             for s in samples_of(manifest, "scan_clean")}
    assert rates and max(rates.values()) <= 0.05, rates


@pytest.mark.slow
def test_rotated_scans_are_turned_upright(manifest, analyser):
    for sample in samples_of(manifest, "scan_rotated"):
        extraction = run_extract(analyser, sample.path)
        assert character_error_rate(sample.text, extraction.text) <= 0.02, sample.path.name


def test_multi_page_tiff_gives_one_page_each(manifest, analyser):
    tiffs = [s for s in manifest if s.path.suffix.lower() in {".tif", ".tiff"} and "\f" in s.text]
    assert tiffs, "the samples include a multi-page TIFF"
    extraction = run_extract(analyser, tiffs[0].path)
    assert extraction.page_count == tiffs[0].text.count("\f") + 1
    assert character_error_rate(tiffs[0].text, extraction.text) <= 0.08


def test_mixed_pdf_reads_text_page_and_ocrs_scanned_page(tmp_path, analyser):
    scan = Image.new("L", (1275, 1650), 255)
    font = ImageFont.truetype(str(_vera()), 28)
    ImageDraw.Draw(scan).text((100, 200), "Scanned annex: boiler inspection passed", font=font, fill=0)
    scan_path = tmp_path / "annex.png"
    scan.save(scan_path, dpi=(150, 150))
    pdf_path = tmp_path / "mixed.pdf"
    pdf = canvas.Canvas(str(pdf_path), invariant=1)
    pdf.drawString(72, 720, "Typed page: quarterly facilities report for the north campus")
    pdf.showPage()
    pdf.drawImage(str(scan_path), 0, 0, width=612, height=792)
    pdf.showPage()
    pdf.save()
    pages = run_extract(analyser, pdf_path).pages
    assert [page.method for page in pages] == [TextMethod.text_layer, TextMethod.ocr]
    assert "quarterly facilities report" in pages[0].text
    assert "boiler inspection passed" in pages[1].text.lower()


def test_unreadable_files_raise_specific_errors(bad_files, analyser):
    with pytest.raises(CorruptDocument, match="not a readable PDF"):
        run_extract(analyser, bad_files["truncated"])
    with pytest.raises(EncryptedDocument, match="password-protected"):
        run_extract(analyser, bad_files["encrypted"])
    with pytest.raises(ImageTooSmall, match="1x1"):
        run_extract(analyser, bad_files["tiny_image"])


def test_pixel_bomb_is_refused_before_decoding(tmp_path, analyser):
    bomb = tmp_path / "bomb.png"
    Image.new("1", (30000, 30000), 1).save(bomb)  # 110 KB on disk, 900 megapixels decoded
    with pytest.raises(DocumentTooLarge, match=r"decompression bomb.*900000000 pixels"):
        run_extract(analyser, bomb)


def _vera():
    import pathlib

    import reportlab

    return pathlib.Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
