"""Scans as they arrive from real stations: turned, skewed, low resolution, or carrying a bad text layer."""

from __future__ import annotations

from pathlib import Path

import pytest
import reportlab
from PIL import Image, ImageDraw, ImageFont
from reportlab.pdfgen import canvas

from pipeline.enrich.analysis import Analyser
from pipeline.extract.detect import detect_type
from pipeline.extract.dispatch import extract
from pipeline.extract.page_prep import estimate_skew
from pipeline.extract.text_quality import text_layer_problem
from pipeline.pages import TextMethod
from pipeline.settings import load_settings
from tests.conftest import CONFIG, character_error_rate

LINES = [
    "Notice of annual inspection for the Riverside pumping station.",
    "The inspector will attend on the fourteenth of March between nine and noon.",
    "Please make the control room, the generator and the chemical store available.",
    "Questions may be sent to the facilities office at extension 4471.",
    "Thank you for your cooperation with this required safety review.",
]
TEXT = "\n".join(LINES)
FONT = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"


def page_image(dpi: int = 300) -> Image.Image:
    scale = dpi / 300
    image = Image.new("L", (round(2550 * scale), round(3300 * scale)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), round(40 * scale))
    for number, line in enumerate(LINES):
        draw.text((round(250 * scale), round((300 + 80 * number) * scale)), line, font=font, fill=0)
    return image


@pytest.fixture(scope="module")
def analyser(tmp_path_factory):
    return Analyser(load_settings(CONFIG, environ={}, home=tmp_path_factory.mktemp("home")))


def read(analyser, path: Path):
    return extract(path, detect_type(path), analyser.ocr, analyser.settings)


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_turned_pages_are_read_upright(analyser, tmp_path, turn):
    path = tmp_path / f"turned-{turn}.png"
    page_image().rotate(turn, expand=True).save(path, dpi=(300, 300))
    [page] = read(analyser, path).pages
    # Tesseract reads some turned pages directly; the others are turned upright first.
    assert page.rotation in (0, (360 - turn) % 360)
    assert character_error_rate(TEXT, page.text) <= 0.02


def test_skewed_page_is_straightened(analyser, tmp_path):
    path = tmp_path / "skewed.png"
    page_image().rotate(-3, expand=True, fillcolor=255, resample=Image.Resampling.BICUBIC).save(path, dpi=(300, 300))
    [page] = read(analyser, path).pages
    assert character_error_rate(TEXT, page.text) <= 0.02


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_straightening_turns_and_deskews_when_asked(analyser, turn):
    from pipeline.extract.page_prep import normalise_page, straighten_page

    crooked = page_image().rotate(turn, expand=True).rotate(-2, expand=True, fillcolor=255)
    page = straighten_page(normalise_page(crooked, 300, analyser.settings.ocr), analyser.settings.ocr,
                           analyser.ocr.orientation)
    assert page.rotation == (360 - turn) % 360 and f"turned {page.rotation}°" in page.steps
    assert any(step.startswith("deskewed") for step in page.steps)
    assert character_error_rate(TEXT, analyser.ocr.recognize(page.image, page.dpi).text) <= 0.02


def test_skew_estimate_both_ways():
    assert estimate_skew(page_image().rotate(2, expand=True, fillcolor=255)) == pytest.approx(-2.0, abs=0.2)
    assert estimate_skew(page_image().rotate(-4, expand=True, fillcolor=255)) == pytest.approx(4.0, abs=0.2)
    assert estimate_skew(page_image()) == pytest.approx(0.0, abs=0.2)


@pytest.mark.parametrize("claimed_dpi", [100, 300])
def test_low_resolution_scan_is_enlarged_whatever_resolution_it_claims(analyser, tmp_path, claimed_dpi):
    path = tmp_path / "fax.png"
    page_image(dpi=100).save(path, dpi=(claimed_dpi, claimed_dpi))
    [page] = read(analyser, path).pages
    assert any(step.startswith("enlarged ×") for step in page.preparation), page.preparation
    assert character_error_rate(TEXT, page.text) <= 0.05


def test_bad_hidden_text_layer_is_replaced_by_ocr(analyser, tmp_path):
    scan = tmp_path / "scan.png"
    page_image().save(scan, dpi=(300, 300))
    path = tmp_path / "bad-layer.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(612, 792), invariant=1)
    pdf.drawImage(str(scan), 0, 0, width=612, height=792)
    hidden = pdf.beginText(72, 700)
    hidden.setTextRenderMode(3)  # invisible, as OCR tools lay text over a scan
    for line in ["Nmtcc qf aunnal lnspcctlon fqr tbc Rlvcrsldc pnmplng statlqn", "Tbc lnspcctqr wlll attcnd qn"]:
        hidden.textLine(line)
    pdf.drawText(hidden)
    pdf.showPage()
    pdf.save()
    [page] = read(analyser, path).pages
    assert page.method is TextMethod.ocr and "bad earlier OCR" in page.preparation[0]
    assert character_error_rate(TEXT, page.text) <= 0.02


def test_good_text_layers_are_kept(manifest):
    for sample in manifest:
        if sample.kind == "born_digital":
            assert text_layer_problem(sample.text, 20) is None, sample.path.name


def test_force_and_skip_modes(tmp_path):
    settings = load_settings(CONFIG, environ={"RECORDKEEPER_OCR_MODE": "force"}, home=tmp_path / "h")
    forced = Analyser(settings)
    path = tmp_path / "typed.pdf"
    pdf = canvas.Canvas(str(path), invariant=1)
    pdf.setFont("Helvetica", 14)
    pdf.drawString(72, 700, "Typed page about the Riverside pumping station inspection")
    pdf.showPage()
    pdf.save()
    [page] = read(forced, path).pages
    assert page.method is TextMethod.ocr and page.preparation[0] == "OCR forced (ocr.mode)"
    assert "pumping station" in page.text
    skip = Analyser(load_settings(CONFIG, environ={"RECORDKEEPER_OCR_MODE": "skip"}, home=tmp_path / "s"))
    scan = tmp_path / "scan.png"
    page_image().save(scan, dpi=(300, 300))
    [skipped] = read(skip, scan).pages
    assert skipped.text == "" and "OCR skipped" in skipped.preparation[0]


def test_grainy_scans_are_despeckled_and_clean_ones_left_alone(analyser, manifest):
    from pipeline.extract.page_prep import normalise_page

    for sample in manifest:
        if sample.kind in ("scan_clean", "scan_noisy") and sample.path.suffix != ".pdf":
            with Image.open(sample.path) as image:
                steps = normalise_page(image.convert("L"), 300, analyser.settings.ocr).steps
            assert any(s.startswith("despeckled") for s in steps) == (sample.kind == "scan_noisy"), sample.path.name


def test_searchable_pdf_is_archived_beside_the_original(tmp_path):
    import pypdfium2 as pdfium

    from pipeline.intake.ingest import Ingestor
    from pipeline.workspace import Workspace

    settings = load_settings(CONFIG, environ={"RECORDKEEPER_OCR_SEARCHABLE_PDF": "true"}, home=tmp_path / "h")
    settings = settings.model_copy(update={"workers": 1})
    scan = tmp_path / "notice.png"
    page_image().rotate(90, expand=True).save(scan, dpi=(300, 300))
    workspace = Workspace.open(settings, create=True)
    [outcome] = Ingestor(settings, workspace.catalog, workspace.index).ingest([scan])
    record = workspace.catalog.get_record(outcome.record_id)
    workspace.close()
    document = pdfium.PdfDocument(record.searchable_pdf)
    text = document[0].get_textpage().get_text_bounded()
    assert len(document) == 1 and Path(record.searchable_pdf).parent.parent.parent == settings.archive_dir
    assert character_error_rate(TEXT, text) <= 0.05
    assert not list(settings.work_dir.iterdir())
