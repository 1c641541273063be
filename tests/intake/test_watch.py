"""The watch service end to end: a real `recordkeeper watch` subprocess, a real inbox, real files."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfWriter

from tests.conftest import SAMPLES, load_manifest, make_text_pdf

pytestmark = pytest.mark.slow


class Service:
    """Start, stop and kill `recordkeeper watch` on a temporary data home with one inbox."""

    def __init__(self, root: Path, settle: float = 0.5, workers: int = 2, watch_extra: str = "") -> None:
        self.home = root / "home"
        self.inbox = self.home / "inbox" / "front"
        self.config = root / "recordkeeper.toml"
        plan = Path(__file__).resolve().parents[2] / "config" / "file_plan.toml"
        self.config.write_text(
            f'home = "{self.home}"\nfile_plan = "{plan}"\nworkers = {workers}\n'
            f"[watch]\nsettle_seconds = {settle}\nstop_grace_seconds = 10\nrescan_seconds = 2\n{watch_extra}\n"
            '[[inbox]]\npath = "inbox/front"\nstation = "front"\n'
        )
        self.inbox.mkdir(parents=True)
        self.process: subprocess.Popen | None = None

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "pipeline", "--config", str(self.config), *args]

    def start(self) -> None:
        self.process = subprocess.Popen(self.command("watch"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        text=True)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=60)

    def run_until_idle(self, timeout: float = 600) -> None:
        subprocess.run(self.command("watch", "--exit-when-idle"), check=True, timeout=timeout,
                       capture_output=True)

    def query(self, sql: str, *params) -> list[tuple]:
        with sqlite3.connect(self.home / "catalog.sqlite3", timeout=30) as db:
            return db.execute(sql, params).fetchall()

    def wait_for(self, condition, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if condition():
                    return
            except sqlite3.OperationalError:
                pass  # catalog not created yet
            time.sleep(0.3)
        raise AssertionError(f"timed out waiting; jobs: {self.query('SELECT state, COUNT(*) FROM jobs GROUP BY 1')}")

    def open_jobs(self) -> int:
        return self.query("SELECT COUNT(*) FROM jobs WHERE state IN ('received','queued','processing')")[0][0]

    def settled(self, expected_files: int) -> bool:
        finished = self.query("SELECT COUNT(*) FROM jobs WHERE state IN ('done','duplicate','failed')")[0][0]
        return finished >= expected_files and self.open_jobs() == 0


@pytest.fixture(autouse=True)
def _no_service_outlives_its_test(monkeypatch):
    """A failing test must not leave a watch service running: stop every one it started."""
    started: list[subprocess.Popen] = []
    original = Service.start

    def start(self) -> None:
        original(self)
        started.append(self.process)

    monkeypatch.setattr(Service, "start", start)
    yield
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def unique_pdfs(folder: Path, count: int, tag: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [make_text_pdf(folder / f"{tag}-{n:03d}.pdf", [f"Purchase order PO-{tag}-{n:05d}", "Ship to: Dock 7",
                                                          f"Order date: 2025-03-{n % 28 + 1:02d}"])
            for n in range(count)]


def assert_nothing_lost(service: Service, dropped_shas: set[str]) -> None:
    record_shas = [row[0] for row in service.query("SELECT sha256 FROM records")]
    failed_shas = {row[0] for row in service.query("SELECT sha256 FROM jobs WHERE state = 'failed'")}
    assert len(record_shas) == len(set(record_shas)), "a record was indexed twice"
    assert dropped_shas <= set(record_shas) | failed_shas, "a dropped file is neither indexed nor quarantined"
    assert service.open_jobs() == 0
    assert not [p for p in service.inbox.rglob("*") if p.is_file()], "files left in the inbox"
    assert not list((service.home / "spool").rglob("*")), "files left in the spool"


def test_two_hundred_files_dropped_at_once_are_each_filed_once(tmp_path):
    service = Service(tmp_path)
    staging = tmp_path / "staging"
    files = unique_pdfs(staging, 130, "bulk")
    samples = [s.path for s in load_manifest() if s.kind in ("born_digital", "text")][:18]
    samples += [s.path for s in load_manifest() if s.kind == "scan_clean"][:2]
    for sample in samples:
        files.append(Path(shutil.copy(sample, staging / sample.name)))
    copies = [Path(shutil.copy(files[n], staging / f"copy-{n}-{files[n].name}")) for n in range(0, 100, 2)]
    dropped = files + copies
    assert len(dropped) == 200
    dropped_shas = {sha(path) for path in dropped}
    service.start()
    for path in dropped:
        os.replace(path, service.inbox / path.name)
    service.wait_for(lambda: service.settled(200))
    assert service.stop() == 0
    assert service.query("SELECT COUNT(*) FROM records")[0][0] == 150
    assert service.query("SELECT state, COUNT(*) FROM jobs GROUP BY state ORDER BY 1") == [("done", 150),
                                                                                          ("duplicate", 50)]
    assert_nothing_lost(service, dropped_shas)


def test_slowly_written_pdf_is_taken_once_and_complete(tmp_path):
    service = Service(tmp_path, settle=1.0)
    original = SAMPLES / "born_digital" / "con-001.pdf"
    data = original.read_bytes()
    service.start()
    target = service.inbox / "slow scan.pdf"
    with target.open("wb") as handle:
        for start in range(0, len(data), len(data) // 10 + 1):
            handle.write(data[start : start + len(data) // 10 + 1])
            handle.flush()
            time.sleep(0.4)
    service.wait_for(lambda: service.settled(1))
    time.sleep(2)  # room for a wrong second intake to show up
    assert service.stop() == 0
    assert service.query("SELECT sha256, state FROM jobs") == [(sha(original), "done")]
    assert service.query("SELECT sha256, page_count FROM records") == [(sha(original), 2)]


def test_sigkill_at_random_moments_loses_nothing_and_files_nothing_twice(tmp_path):
    service = Service(tmp_path)
    chance = random.Random(20261125)
    staging = tmp_path / "staging"
    batches = [unique_pdfs(staging / f"b{n}", 12, f"k{n}") for n in range(6)]
    scans = [s.path for s in load_manifest() if s.kind in ("scan_clean", "scan_skewed")][:6]
    batches[0] += [Path(shutil.copy(p, staging / p.name)) for p in scans]
    batches[1] += [Path(shutil.copy(batches[0][n], staging / f"dup-{n}.pdf")) for n in range(4)]
    dropped_shas: set[str] = set()
    for batch in batches[:5]:
        service.start()
        for path in batch:
            dropped_shas.add(sha(path))
            os.replace(path, service.inbox / path.name)
        time.sleep(chance.uniform(0.8, 4.0))
        service.kill()
    for path in batches[5]:
        dropped_shas.add(sha(path))
        os.replace(path, service.inbox / path.name)
    service.run_until_idle()
    assert_nothing_lost(service, dropped_shas)
    assert service.query("SELECT COUNT(*) FROM jobs WHERE state = 'failed'")[0][0] == 0
    assert len(dropped_shas) == service.query("SELECT COUNT(*) FROM records")[0][0]


def test_bad_files_are_quarantined_with_reasons_and_the_service_goes_on(tmp_path):
    service = Service(tmp_path)
    staging = tmp_path / "staging"
    staging.mkdir()
    good = make_text_pdf(staging / "good.pdf", ["Invoice INV-2025-0999", "Amount due $10.00"])
    bad = {"zero.pdf": "RK101", "truncated.pdf": "RK103", "locked.pdf": "RK104", "pixel.png": "RK106",
           "huge.png": "RK105", "archive.pdf": "RK102"}
    (staging / "zero.pdf").write_bytes(b"")
    (staging / "truncated.pdf").write_bytes(good.read_bytes()[:300])
    writer = PdfWriter(clone_from=good)
    writer.encrypt(user_password="pw", owner_password="owner")
    writer.write(staging / "locked.pdf")
    Image.new("L", (1, 1)).save(staging / "pixel.png")
    Image.new("1", (30000, 30000), 1).save(staging / "huge.png")
    shutil.make_archive(str(staging / "bundle"), "zip", root_dir=SAMPLES / "text")
    os.replace(staging / "bundle.zip", staging / "archive.pdf")
    tricky = staging / "Résumé d'été ..\\..\\etc\\passwd ; rm -rf ~ (copie).pdf"
    make_text_pdf(tricky, ["Curriculum vitae of an applicant", "Employment history"])
    service.start()
    for name in bad:
        os.replace(staging / name, service.inbox / name)
    os.replace(tricky, service.inbox / tricky.name)
    service.wait_for(lambda: service.settled(len(bad) + 1))
    os.replace(good, service.inbox / good.name)  # dropped after the bad ones: still processed
    service.wait_for(lambda: service.settled(len(bad) + 2))
    assert service.stop() == 0
    failed = dict(service.query("SELECT original_name, error_code FROM jobs WHERE state = 'failed'"))
    assert failed == bad
    names = {row[0] for row in service.query("SELECT original_name FROM records")}
    assert names == {"good.pdf", tricky.name}
    listing = subprocess.run(service.command("quarantine", "list", "--json"), capture_output=True, text=True,
                             check=True).stdout
    assert "password-protected" in listing and "application/zip" in listing and "decompression bomb" in listing
    for job_folder in (service.home / "quarantine").iterdir():
        assert (job_folder / "reason.json").exists()
        assert len(list(job_folder.iterdir())) == 2


def test_job_over_its_time_limit_is_killed_retried_then_quarantined(tmp_path):
    service = Service(tmp_path, workers=1, watch_extra="job_timeout_seconds = 1.0\nmax_attempts = 2")
    slow = next(s.path for s in load_manifest() if s.path.suffix == ".tif" and "\f" in s.text)
    service.start()
    shutil.copy(slow, service.inbox / slow.name)
    service.wait_for(lambda: service.settled(1), timeout=120)
    good = make_text_pdf(tmp_path / "after.pdf", ["Minutes of the safety committee", "Motion carried"])
    os.replace(good, service.inbox / good.name)
    service.wait_for(lambda: service.settled(2), timeout=120)
    assert service.stop() == 0
    [(attempts, code, reason)] = service.query(
        "SELECT attempts, error_code, error_reason FROM jobs WHERE state = 'failed'")
    assert attempts == 2 and code == "RK900" and "longer than 1 s" in reason
    assert [row[0] for row in service.query("SELECT original_name FROM records")] == ["after.pdf"]
