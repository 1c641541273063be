"""Shared fixtures: settings on a temporary data home, the sample manifest, and bad files made on the fly."""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfWriter
from reportlab.pdfgen import canvas

from pipeline.settings import IndexSettings, Settings, load_settings

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "sample_docs"
CONFIG = REPO / "config" / "recordkeeper.toml"


@dataclass(frozen=True)
class Sample:
    path: Path
    class_code: str
    kind: str
    rotation: int
    text: str


def load_manifest() -> list[Sample]:
    with (SAMPLES / "manifest.csv").open(newline="", encoding="utf-8") as handle:
        return [
            Sample(SAMPLES / row["file"], row["class_code"], row["kind"], int(row["rotation"] or 0), row["text"])
            for row in csv.DictReader(handle)
        ]


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def character_error_rate(truth: str, found: str) -> float:
    from rapidfuzz.distance import Levenshtein

    truth, found = normalise(truth), normalise(found)
    return Levenshtein.distance(truth, found) / max(len(truth), 1)


@pytest.fixture(scope="session")
def manifest() -> list[Sample]:
    return load_manifest()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(CONFIG, environ={}, home=tmp_path / "home").model_copy(update={"workers": 1})


def make_text_pdf(path: Path, lines: list[str]) -> Path:
    pdf = canvas.Canvas(str(path), invariant=1)
    for number, line in enumerate(lines):
        pdf.drawString(72, 720 - 16 * number, line)
    pdf.showPage()
    pdf.save()
    return path


@pytest.fixture
def bad_files(tmp_path: Path) -> dict[str, Path]:
    """Files a scanning station really produces on a bad day, keyed by what is wrong with them."""
    folder = tmp_path / "bad"
    folder.mkdir()
    good = make_text_pdf(tmp_path / "good.pdf", ["Invoice INV-2025-0001", "Amount due $120.00"])
    files = {"empty": folder / "empty.pdf"}
    files["empty"].write_bytes(b"")
    files["truncated"] = folder / "truncated.pdf"
    files["truncated"].write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    files["encrypted"] = folder / "encrypted.pdf"
    writer = PdfWriter(clone_from=good)
    writer.encrypt(user_password="secret", owner_password="owner")
    writer.write(files["encrypted"])
    files["zip_as_pdf"] = folder / "scan.pdf"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("scan.txt", "not a document")
    files["zip_as_pdf"].write_bytes(buffer.getvalue())
    files["executable"] = folder / "setup.exe"
    files["executable"].write_bytes(b"MZ\x90\x00" + bytes(range(256)) * 8)
    files["tiny_image"] = folder / "tiny.png"
    Image.new("L", (1, 1), 255).save(files["tiny_image"])
    return files


def elasticsearch_test_settings(prefix: str) -> IndexSettings | None:
    """Index settings for a test cluster named by ES_URL (and optionally ES_API_KEY, ES_USERNAME,
    ES_PASSWORD, ES_CA_CERTS), or None when ES_URL is not set. Only the tests read these variables;
    the code under test gets them through the settings object like any other setting."""
    url = os.environ.get("ES_URL")
    if not url:
        return None
    environ = {key: os.environ[key] for key in ("ES_API_KEY", "ES_USERNAME", "ES_PASSWORD", "ES_CA_CERTS")
               if os.environ.get(key)}
    return IndexSettings(
        backend="elasticsearch", url=url, index_prefix=prefix, api_key=environ.get("ES_API_KEY"),
        username=environ.get("ES_USERNAME"), password=environ.get("ES_PASSWORD"),
        ca_certs=environ.get("ES_CA_CERTS"), bulk_initial_backoff_seconds=0.5,
    )


ES_SKIP_REASON = "Elasticsearch tests need a cluster: set ES_URL (e.g. ES_URL=http://localhost:9200)"
