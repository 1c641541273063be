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


def test_a_copy_whose_process_id_was_reused_by_a_newer_process_counts_as_abandoned(tmp_path: Path):
    import os
    import subprocess
    import time

    archive = LocalArchive(tmp_path / "archive")
    folder = tmp_path / "archive" / "ab" / "cd"
    folder.mkdir(parents=True)
    newcomer = subprocess.Popen(["sleep", "30"])  # alive, but started long after the copy below was written
    try:
        reused = folder / f".incoming-{newcomer.pid}-x1y2"
        reused.write_bytes(b"half a file")
        an_hour_ago = time.time() - 3600
        os.utime(reused, (an_hour_ago, an_hour_ago))
        in_progress = folder / f".incoming-{os.getpid()}-z3"  # this process is alive and wrote it just now
        in_progress.write_bytes(b"being written")
        assert archive.abandoned_copies() == [reused]
    finally:
        newcomer.kill()
        newcomer.wait()


def test_a_copy_whose_writer_is_a_zombie_counts_as_abandoned(tmp_path: Path):
    import subprocess
    import time

    archive = LocalArchive(tmp_path / "archive")
    folder = tmp_path / "archive" / "ab" / "cd"
    folder.mkdir(parents=True)
    writer = subprocess.Popen(["true"])  # exits at once and stays a zombie until it is reaped below
    try:
        copy = folder / f".incoming-{writer.pid}-k9"
        copy.write_bytes(b"half a file")
        deadline = time.monotonic() + 10
        while Path(f"/proc/{writer.pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert archive.abandoned_copies() == [copy]
    finally:
        writer.wait()
