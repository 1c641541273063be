"""A worker process of the watch service: claim a queued job, run the pipeline on it, close it.

Workers share nothing but the catalog. A worker that dies (crash, kill, timeout) leaves its job in
`processing`; the supervisor puts it back in the queue or, after `watch.max_attempts`, in quarantine.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys
from datetime import datetime
from multiprocessing.synchronize import Event
from pathlib import Path

from pipeline.enrich.analysis import Analyser
from pipeline.errors import DocumentError, DocumentTooLarge, InternalError
from pipeline.intake.jobs import Job, JobQueue, clear_spool_entry
from pipeline.intake.register import Arrival, Registrar
from pipeline.settings import Settings
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)
_IDLE_WAIT_SECONDS = 0.1
_PR_SET_PDEATHSIG = 1


def worker_main(settings: Settings, stop: Event, supervisor_pid: int) -> None:
    """Process entry point. Runs until `stop` is set; finishes the job in hand first."""
    _die_with(supervisor_pid)
    # Ctrl-C reaches the whole process group; only the supervisor decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    workspace = Workspace.open(settings)
    queue = JobQueue(workspace.catalog)
    registrar = Registrar(settings, workspace.catalog, workspace.index, workspace.file_plan)
    analyser = Analyser(settings)
    analyser.warm_up()
    pid = os.getpid()
    try:
        while not stop.is_set():
            job = queue.claim(pid)
            if job is None:
                stop.wait(_IDLE_WAIT_SECONDS)
                continue
            analyser.refresh_classifier()
            process_job(job, analyser, registrar)
    finally:
        workspace.close()


def _die_with(supervisor_pid: int) -> None:
    """Make the kernel kill this worker when the supervisor dies, even by SIGKILL: an orphaned worker
    would go on taking jobs that the restarted service also hands out."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != supervisor_pid:  # the supervisor died before the line above took effect
        os._exit(1)


def arrival_for(job: Job) -> Arrival:
    return Arrival(path=Path(job.spool_path), sha256=job.sha256 or "", source=job.source_path,
                   original_name=job.name, received=datetime.fromisoformat(job.created_at),
                   station=job.station, job_id=job.id)


def process_job(job: Job, analyser: Analyser, registrar: Registrar) -> None:
    spool = Path(job.spool_path)
    arrival = arrival_for(job)
    existing = registrar.catalog.record_id_for_checksum(job.sha256)
    if existing:
        registrar.link_duplicate(arrival, existing)
        clear_spool_entry(spool)
        return
    try:
        analysis = analyser.analyse(spool, job.station, arrival.received.date())
        registrar.register(arrival, analysis)
    except DocumentError as exc:
        # The file itself is the problem: trying again would fail the same way.
        registrar.quarantine(arrival, exc, keep_source=False)
        clear_spool_entry(spool)
        return
    except MemoryError:
        # Caught where Python could still allocate the error: the file needs more memory than a worker has.
        registrar.quarantine(arrival, DocumentTooLarge(
            f"reading '{job.name}' ran out of memory", "Lower limits.max_page_pixels or give the workers more "
            "memory, then retry the file"), keep_source=False)
        clear_spool_entry(spool)
        return
    except Exception as exc:
        log.exception("job %s (%s) failed", job.id, job.name)
        error = InternalError(f"unexpected {type(exc).__name__} while processing '{job.name}': {exc}")
        if job.attempts >= analyser.settings.watch.max_attempts:
            registrar.quarantine(arrival, error, keep_source=False)
            clear_spool_entry(spool)
        else:
            registrar.jobs.release(job.id, str(error))
        return
    # The archived copy is verified and the record committed: the spooled original may go.
    clear_spool_entry(spool)

