"""Fault injection: the watch service dies at each point where a job can die, a worker is killed while the
service runs, SIGTERM arrives mid-job, inboxes are polled, limits refuse files. After the next start,
nothing is lost or filed twice, nothing is left over, and every audit passes.

The service runs as a real subprocess (tests/intake/fault_harness.py) with SIGKILL injected at the point.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, make_text_pdf
from tests.intake.test_watch import Service

pytestmark = pytest.mark.slow


class Office(Service):
    """A data home with one inbox, and the `recordkeeper` commands to run on it (catalog queries and
    waiting as for the watch service's tests), started under the fault harness when asked."""

    def __init__(self, root: Path, watch: str = "", limits: str = "") -> None:
        self.root = root
        self.home = root / "home"
        self.inbox = self.home / "inbox" / "front"
        self.inbox.mkdir(parents=True)
        self.marker = root / "marker"
        self.config = root / "recordkeeper.toml"
        plan = REPO / "config" / "file_plan.toml"
        self.config.write_text(
            f'home = "{self.home}"\nfile_plan = "{plan}"\nworkers = 1\n'
            f"[watch]\nsettle_seconds = 0.2\nstop_grace_seconds = 60\n{watch or 'rescan_seconds = 1'}\n"
            f"[limits]\n{limits}\n[[inbox]]\npath = \"inbox/front\"\nstation = \"front\"\n")
        self.processes: list[subprocess.Popen] = []

    def start(self, point: str | None = None, *args: str) -> subprocess.Popen:
        prefix = ["-m", "tests.intake.fault_harness", point, str(self.marker)] if point else ["-m", "pipeline"]
        process = subprocess.Popen([sys.executable, *prefix, "--config", str(self.config), "watch", *args],
                                   cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.processes.append(process)
        return process

    def rk(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "pipeline", "--config", str(self.config), *args], cwd=REPO,
                              capture_output=True, text=True, timeout=600)

    def recover_and_finish(self) -> None:
        result = self.rk("watch", "--exit-when-idle")
        assert result.returncode == 0, result.stderr

    def assert_whole(self, filed: set[str] = frozenset(), quarantined: set[str] = frozenset()) -> None:
        """Exactly these files filed once or quarantined with their reason; nothing left anywhere; every
        audit passes."""
        shas = [row[0] for row in self.query("SELECT sha256 FROM records")]
        assert sorted(shas) == sorted(filed), "a file was lost or filed twice"
        failed = self.query("SELECT id, sha256 FROM jobs WHERE state = 'failed'")
        assert {sha for _, sha in failed} == set(quarantined)
        for job_id, _ in failed:
            reason = json.loads((self.home / "quarantine" / f"{job_id:08d}" / "reason.json").read_text())
            assert reason["action"] and reason["quarantined_at"] and reason["code"]
        assert self.query("SELECT COUNT(*) FROM jobs WHERE state IN ('received', 'queued', 'processing')") == [(0,)]
        assert not [p for p in self.inbox.rglob("*") if p.is_file()], "files left in the inbox"
        assert not list((self.home / "spool").rglob("*")), "files left in the spool"
        assert not list((self.home / "archive").rglob(".incoming-*")), "unfinished archive copies left"
        for audit in ("verify", "fixity", "consistency"):
            result = self.rk("audit", audit)
            assert result.returncode == 0, f"audit {audit}: {result.stdout} {result.stderr}"

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)


@pytest.fixture
def office(tmp_path):
    made: list[Office] = []

    def make(**options) -> Office:
        made.append(Office(tmp_path, **options))
        return made[-1]

    yield make
    for each in made:
        each.stop_all()  # a failing test leaves no service running


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def invoice(folder: Path, name: str = "invoice.pdf") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return make_text_pdf(folder / name, ["Invoice INV-2025-0099", "Invoice date: 2025-04-01", "Amount due $99.00"])


def drop(office: Office, source: Path) -> str:
    digest = sha(source)
    source.rename(office.inbox / source.name)
    return digest


@pytest.mark.parametrize("point", ["before-spool-move", "after-spool-move", "during-archive-copy",
                                   "between-archive-and-commit", "after-commit"])
def test_service_killed_at_each_point_of_a_job_loses_nothing_and_leaves_nothing(office, tmp_path, point):
    rk = office()
    digest = drop(rk, invoice(tmp_path / "staging"))
    dying = rk.start(point)
    assert dying.wait(timeout=300) == -signal.SIGKILL, dying.stderr.read()
    if point == "during-archive-copy":
        assert list((rk.home / "archive").rglob(".incoming-*")), "the copy was cut short on disk"
    rk.recover_and_finish()
    rk.assert_whole(filed={digest})


def test_killed_while_quarantining_a_bad_file_leaves_it_quarantined_with_its_reason(office, tmp_path):
    rk = office()
    bad = tmp_path / "staging" / "scan.pdf"
    bad.parent.mkdir()
    bad.write_bytes(b"%PDF-1.7 truncated nonsense")
    digest = drop(rk, bad)
    dying = rk.start("during-quarantine")
    assert dying.wait(timeout=300) == -signal.SIGKILL
    assert rk.query("SELECT state FROM jobs") == [("failed",)]
    rk.recover_and_finish()
    rk.assert_whole(quarantined={digest})
    shown = json.loads(rk.rk("quarantine", "show", "1", "--json").stdout)
    assert shown["action"] and shown["quarantined_at"] and shown["file"] == "scan.pdf"


def test_a_file_refused_for_what_it_is_is_retried_only_when_forced(office, tmp_path):
    rk = office()
    bad = tmp_path / "staging" / "scan.pdf"
    bad.parent.mkdir()
    bad.write_bytes(b"%PDF-1.7 truncated nonsense")
    drop(rk, bad)
    rk.recover_and_finish()
    refused = rk.rk("quarantine", "retry", "1")
    assert refused.returncode == 1 and "would fail the same way" in " ".join(refused.stdout.split())
    assert "would fail the same way" in " ".join(rk.rk("quarantine", "retry", "--all").stdout.split())
    assert rk.query("SELECT state FROM jobs") == [("failed",)]
    assert rk.rk("quarantine", "retry", "1", "--force").returncode == 0
    assert rk.query("SELECT state FROM jobs") == [("queued",)]


def test_a_worker_killed_while_the_service_runs_is_replaced_and_its_job_retried(office, tmp_path):
    rk = office()
    digest = drop(rk, invoice(tmp_path / "staging"))
    rk.start("worker-dies-once", "--exit-when-idle")
    assert rk.processes[-1].wait(timeout=300) == 0
    assert rk.marker.exists(), "the worker was killed once"
    assert rk.query("SELECT attempts FROM jobs") == [(2,)]
    rk.assert_whole(filed={digest})


def test_a_worker_killed_from_outside_mid_job(office, tmp_path):
    rk = office()
    digest = drop(rk, invoice(tmp_path / "staging"))
    service = rk.start("hold-until-released")
    rk.wait_for(lambda: rk.query("SELECT worker_pid FROM jobs WHERE state = 'processing'") != [])
    worker_pid = rk.query("SELECT worker_pid FROM jobs")[0][0]
    os.kill(worker_pid, signal.SIGKILL)
    rk.wait_for(lambda: rk.query("SELECT worker_pid FROM jobs WHERE state = 'processing'")
                not in ([], [(worker_pid,)]))  # claimed again by the replacement worker
    rk.marker.write_text("release")
    rk.wait_for(lambda: rk.query("SELECT state FROM jobs") == [("done",)])
    service.send_signal(signal.SIGTERM)
    assert service.wait(timeout=120) == 0
    rk.assert_whole(filed={digest})


def test_sigterm_mid_job_lets_the_job_finish_then_stops(office, tmp_path):
    rk = office()
    digest = drop(rk, invoice(tmp_path / "staging"))
    service = rk.start("hold-until-released")
    rk.wait_for(lambda: rk.query("SELECT state FROM jobs") == [("processing",)])
    service.send_signal(signal.SIGTERM)
    rk.marker.write_text("release")  # the job in hand finishes within the stop grace time
    assert service.wait(timeout=120) == 0
    assert rk.query("SELECT state FROM jobs") == [("done",)]
    checkpoint = json.loads((rk.root / "home.audit-checkpoints").read_text().splitlines()[-1])
    assert checkpoint["entry"] == rk.query("SELECT MAX(id) FROM audit_log")[0][0], "a checkpoint is written at stop"
    rk.assert_whole(filed={digest})


def test_polling_mode_takes_files_without_notifications(office, tmp_path):
    rk = office(watch="poll_seconds = 0.3\nrescan_seconds = 3600")
    service = rk.start()
    while "Watching" not in (line := service.stderr.readline()):  # the start-up scan is over
        assert line, "the service stopped before it started watching"
    digest = drop(rk, invoice(tmp_path / "staging"))
    rk.wait_for(lambda: rk.query("SELECT state FROM jobs") == [("done",)], timeout=120)
    service.send_signal(signal.SIGTERM)
    assert service.wait(timeout=120) == 0
    rk.assert_whole(filed={digest})


def test_size_and_page_limits_quarantine_files_in_the_watch_service(office, tmp_path):
    rk = office(limits="max_file_mb = 0.004\nmax_pages = 1")
    staging = tmp_path / "staging"
    small = drop(rk, invoice(staging))
    pages = staging / "two-pages.pdf"
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(pages), invariant=1)
    for number in (1, 2):
        pdf.drawString(72, 720, f"Minutes of the meeting, page {number}")
        pdf.showPage()
    pdf.save()
    long = drop(rk, pages)
    large = staging / "large.txt"
    large.write_text("Invoice INV-1 amount due\n" * 400)  # about 10 kB of plain text
    too_big = drop(rk, large)
    rk.recover_and_finish()
    rk.assert_whole(filed={small}, quarantined={long, too_big})
    codes = {row[0] for row in rk.query("SELECT error_code FROM jobs WHERE state = 'failed'")}
    assert codes == {"RK105"}
