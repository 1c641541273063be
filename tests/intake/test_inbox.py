"""Inbox stability and crash-safe intake, state by state."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.intake.inbox import StabilityTracker, is_temporary, recover_received, take_in
from pipeline.intake.jobs import JobQueue
from pipeline.workspace import Workspace


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def queue(settings):
    workspace = Workspace.open(settings, create=True)
    yield JobQueue(workspace.catalog)
    workspace.close()


@pytest.mark.parametrize("name", ["scan.pdf.part", "upload.tmp", "~$letter.docx", ".DS_Store", "x.crdownload"])
def test_scanner_temporary_names_are_ignored(name):
    assert is_temporary(Path(name))


def test_ordinary_names_are_not_temporary():
    assert not is_temporary(Path("Invoice 2025-03 (copy).pdf"))


def test_file_is_ready_only_after_it_stops_changing(tmp_path):
    clock = FakeClock()
    tracker = StabilityTracker(settle_seconds=2.0, clock=clock)
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4 part one")
    tracker.notice(path)
    assert tracker.ready() == []  # first look records size and mtime
    clock.now += 1.5
    with path.open("ab") as handle:
        handle.write(b" part two")
    assert tracker.ready() == []  # it grew: the clock starts again
    clock.now += 1.9
    assert tracker.ready() == []
    clock.now += 0.2
    assert tracker.ready() == [path]
    assert tracker.ready() == [] and len(tracker) == 0  # handed out once


def test_vanished_file_is_forgotten(tmp_path):
    tracker = StabilityTracker(settle_seconds=0)
    path = tmp_path / "gone.pdf"
    path.write_bytes(b"x")
    tracker.notice(path)
    path.unlink()
    assert tracker.ready() == [] and len(tracker) == 0


def test_take_in_moves_the_file_and_queues_it(queue, tmp_path, settings):
    source = tmp_path / "inbox" / "Reçu d'été.pdf"
    source.parent.mkdir()
    source.write_bytes(b"%PDF-1.4 body")
    job = take_in(source, "front", queue, settings.spool_dir)
    assert not source.exists()
    assert Path(job.spool_path).read_bytes() == b"%PDF-1.4 body"
    assert Path(job.spool_path).name == "Reçu d'été.pdf"
    assert job.state == "queued" and job.sha256 and job.station == "front"


def test_crash_before_the_move_is_finished_by_recovery(queue, tmp_path, settings):
    source = tmp_path / "a.pdf"
    source.write_bytes(b"%PDF-1.4 a")
    job = queue.receive(source, "front", settings.spool_dir)  # crash here: row written, file not moved
    recover_received(queue)
    recovered = queue.get(job.id)
    assert recovered.state == "queued" and Path(recovered.spool_path).exists() and not source.exists()


def test_crash_after_the_move_is_finished_by_recovery(queue, tmp_path, settings):
    source = tmp_path / "b.pdf"
    source.write_bytes(b"%PDF-1.4 b")
    job = queue.receive(source, "front", settings.spool_dir)
    Path(job.spool_path).parent.mkdir(parents=True)
    os.replace(source, job.spool_path)  # crash here: moved, not yet queued
    recover_received(queue)
    assert queue.get(job.id).state == "queued"


def test_file_removed_by_someone_else_before_intake_leaves_no_job(queue, tmp_path, settings):
    source = tmp_path / "c.pdf"
    source.write_bytes(b"%PDF-1.4 c")
    job = queue.receive(source, "front", settings.spool_dir)
    source.unlink()
    recover_received(queue)
    with pytest.raises(KeyError):
        queue.get(job.id)


def test_each_job_is_claimed_by_one_worker_and_attempts_are_counted(queue, tmp_path, settings):
    for name in ("one.pdf", "two.pdf"):
        (tmp_path / name).write_bytes(name.encode())
        take_in(tmp_path / name, None, queue, settings.spool_dir)
    first, second, third = queue.claim(101), queue.claim(102), queue.claim(103)
    assert {first.id, second.id} == {j.id for j in queue.in_state("processing")} and third is None
    assert first.attempts == 1 and first.worker_pid == 101
    queue.release(first.id, "worker died")
    assert queue.claim(104).attempts == 2
    queue.release(second.id, "service stopped", count_attempt=False)
    assert queue.get(second.id).attempts == 0


def test_a_quarantined_file_retried_meanwhile_is_not_discarded(queue, tmp_path):
    from pipeline.errors import CorruptDocument

    job = queue.add_finished(tmp_path / "scan.pdf", "0" * 64, "front", "failed", error=CorruptDocument("bad"))
    queue.retry(job, tmp_path / "spool" / "scan.pdf", actor="tess")  # from another screen
    assert queue.discard_failed(job, actor="rosa", reason="unreadable") is False
    assert queue.get(job).state == "queued"
    queue.finish(job, "failed", error=CorruptDocument("bad"))
    assert queue.discard_failed(job, actor="rosa", reason="unreadable") is True
    assert queue.get(job).state == "discarded"


def test_an_upload_never_overwrites_a_file_that_took_its_name_meanwhile(tmp_path, monkeypatch):
    from pipeline.web import uploads

    real_free_name, stale = uploads.free_name, iter([tmp_path / "scan.pdf"])

    def checked_before_the_other_upload_landed(folder, name):
        # The first answer was free when checked; another upload of 'scan.pdf' took it before the rename.
        return next(stale, None) or real_free_name(folder, name)

    monkeypatch.setattr(uploads, "free_name", checked_before_the_other_upload_landed)
    (tmp_path / "scan.pdf").write_bytes(b"the other upload")
    partial = tmp_path / ".mine.partial"
    partial.write_bytes(b"mine")
    assert uploads.claim_free_name(tmp_path, "scan.pdf", partial).name == "scan (1).pdf"
    assert (tmp_path / "scan.pdf").read_bytes() == b"the other upload"
    assert (tmp_path / "scan (1).pdf").read_bytes() == b"mine" and not partial.exists()
