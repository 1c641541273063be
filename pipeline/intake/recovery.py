"""Recovery at start-up: finish whatever a crash, kill or power cut interrupted, before anything new.

    received jobs          the move into the spool is completed (or the job discarded if the file left)
    processing jobs        workers die with the service: back in the queue, the attempt not counted
    spool entries          of filed jobs removed; of failed jobs moved on into quarantine
    quarantine folders     of failed jobs given the reason.json a crash kept them from getting
    archive                unfinished copies (`.incoming-<pid>-*`) whose writer is gone removed

Every step is safe to repeat, so a crash during recovery is recovered by the next start.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from pipeline.catalog.archive import LocalArchive
from pipeline.errors import error_class_for_code
from pipeline.intake.inbox import recover_received
from pipeline.intake.jobs import Job, JobQueue
from pipeline.intake.quarantine import REASON_FILE, quarantine_folder, write_reason
from pipeline.settings import Settings

log = logging.getLogger(__name__)


def recover(settings: Settings, queue: JobQueue) -> None:
    recover_received(queue)
    for job in queue.in_state("processing"):
        # Workers die with the service, so these were cut short by a stop or crash of the service.
        queue.release(job.id, "the service stopped while it was being processed", count_attempt=False)
    active = {Path(job.spool_path).parent.name for job in queue.in_state("queued", "processing")}
    if settings.spool_dir.is_dir():
        for entry in sorted(settings.spool_dir.iterdir()):
            if entry.name not in active and entry.is_dir():
                _settle_leftover(settings, queue, entry)
    _complete_quarantine(settings, queue)
    for path in LocalArchive(settings.archive_dir).remove_abandoned_copies():
        log.warning("removed %s, an archive copy an interrupted filing left unfinished", path)


def _settle_leftover(settings: Settings, queue: JobQueue, entry: Path) -> None:
    """A spool entry whose job already ended: filed (remove it) or failed (finish the quarantine move)."""
    try:
        job = queue.get(int(entry.name))
    except (ValueError, KeyError):
        log.warning("spool entry %s has no job; leaving it for inspection", entry)
        return
    for spooled in entry.iterdir():
        if job.state == "failed" and not spooled.name.startswith(".incoming-"):
            folder = quarantine_folder(settings.quarantine_dir, job.id)
            folder.mkdir(parents=True, exist_ok=True)
            os.replace(spooled, folder / spooled.name)
        elif job.state in ("done", "duplicate", "failed"):
            spooled.unlink()  # the filed original, or a partial cross-device copy into the spool
    try:
        entry.rmdir()
    except OSError:
        log.warning("spool entry %s of job %s (%s) is not empty; leaving it", entry, job.id, job.state)


def _complete_quarantine(settings: Settings, queue: JobQueue) -> None:
    """Failed jobs whose quarantine folder lacks reason.json: written from the job's row."""
    for job in queue.in_state("failed"):
        folder = quarantine_folder(settings.quarantine_dir, job.id)
        if folder.is_dir() and not (folder / REASON_FILE).exists():
            write_reason(folder, _reason_from_row(job, folder))
            log.warning("job %s: wrote the reason.json an interrupted quarantine left out", job.id)


def _reason_from_row(job: Job, folder: Path) -> dict:
    files = [p.name for p in folder.iterdir() if not p.name.startswith(".")]
    error = error_class_for_code(job.error_code)
    return {"job_id": job.id, "file": files[0] if files else job.name, "source_path": job.source_path,
            "code": job.error_code, "reason": job.error_reason, "action": error.default_action,
            "quarantined_at": job.updated_at, "recovered": True}
