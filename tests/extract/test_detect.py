from pathlib import Path

import pytest
from PIL import Image

from pipeline.errors import EmptyDocument, UnsupportedDocument
from pipeline.extract.detect import DocumentKind, detect_type
from tests.conftest import make_text_pdf


@pytest.mark.parametrize(("fmt", "media_type"), [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("TIFF", "image/tiff")])
def test_images_are_known_by_content_not_name(tmp_path: Path, fmt, media_type):
    path = tmp_path / "scan.pdf"  # a misleading name
    Image.new("L", (64, 64), 255).save(path, format=fmt)
    detected = detect_type(path)
    assert detected.kind is DocumentKind.image and detected.media_type == media_type


def test_pdf_named_as_text_is_still_a_pdf(tmp_path: Path):
    path = make_text_pdf(tmp_path / "letter.txt", ["Dear Sir"])
    assert detect_type(path).kind is DocumentKind.pdf


def test_plain_text_with_unicode(tmp_path: Path):
    path = tmp_path / "memo"
    path.write_text("Mémo: réunion du conseil\nOrdre du jour", encoding="utf-8")
    assert detect_type(path).kind is DocumentKind.text


def test_zip_named_pdf_is_refused_with_what_it_is(bad_files):
    with pytest.raises(UnsupportedDocument, match=r"named \.pdf but its content is application/zip"):
        detect_type(bad_files["zip_as_pdf"])


def test_executable_is_refused(bad_files):
    with pytest.raises(UnsupportedDocument):
        detect_type(bad_files["executable"])


def test_empty_file(bad_files):
    with pytest.raises(EmptyDocument, match="0 bytes"):
        detect_type(bad_files["empty"])
