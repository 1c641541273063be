from pathlib import Path

import pytest

from pipeline.catalog.archive import LocalArchive, sha256_file
from pipeline.errors import ArchiveError
from pipeline.intake.quarantine import safe_file_name


def test_store_is_content_addressed_verified_and_idempotent(tmp_path: Path):
    original = tmp_path / "Scan 001.PDF"
    original.write_bytes(b"%PDF-1.4 example")
    archive = LocalArchive(tmp_path / "archive")
    digest = sha256_file(original)
    stored = archive.store(original, digest)
    assert stored == tmp_path / "archive" / digest[:2] / digest[2:4] / f"{digest}.pdf"
    assert stored.read_bytes() == original.read_bytes()
    assert archive.store(original, digest) == stored
    assert original.exists()
    assert not list(stored.parent.glob(".incoming-*"))


def test_wrong_checksum_is_refused_and_leaves_nothing(tmp_path: Path):
    original = tmp_path / "a.pdf"
    original.write_bytes(b"content")
    archive = LocalArchive(tmp_path / "archive")
    with pytest.raises(ArchiveError, match="does not match"):
        archive.store(original, "0" * 64)
    assert not [p for p in (tmp_path / "archive").rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("../../etc/passwd", "passwd"), ("..\\..\\boot.ini", "boot.ini"), (".hidden", "hidden"),
     ("Reçu d'été 2025.pdf", "Reçu d'été 2025.pdf"), ("a\x00b.pdf", "a_b.pdf"), ("..", "unnamed")],
)
def test_quarantine_names_cannot_escape(name, expected):
    assert safe_file_name(name) == expected
