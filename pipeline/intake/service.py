"""The watch service: inbox observers, intake into the spool, and a supervised pool of worker processes.

    observers ─▶ StabilityTracker ─▶ take_in (spool + job row) ─▶ queue ◀─ workers (processes)
                                                                   ▲
    supervisor: replaces dead workers, kills jobs over their time limit, releases or quarantines
                the jobs they held; on restart, first finishes whatever a crash interrupted.

The first SIGTERM/SIGINT stops intake and lets workers finish their jobs (up to stop_grace_seconds);
a second one kills them at once. Either way every job is left in a state the next start resumes from.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue as thread_queue
import signal
import time
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from pipeline.catalog.audit_checkpoints import record_checkpoint
from pipeline.catalog.sqlite import utc_now
from pipeline.errors import InternalError, RecordkeeperError
from pipeline.intake import recovery
from pipeline.intake.inbox import StabilityTracker, inbox_files, recover_received, take_in
from pipeline.intake.jobs import JobQueue, clear_spool_entry
from pipeline.intake.register import Registrar
from pipeline.intake.worker import arrival_for, worker_main
from pipeline.settings import InboxSettings, Settings
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)
_TICK_SECONDS = 0.1


class _InboxEvents(FileSystemEventHandler):
    """Runs on the observer thread: only hands paths over to the service loop."""

    def __init__(self, paths: thread_queue.SimpleQueue[Path]) -> None:
        self._paths = paths

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            return
        target = getattr(event, "dest_path", "") or event.src_path
        self._paths.put(Path(os.fsdecode(target)))


@dataclass
class _Slot:
    process: BaseProcess


class WatchService:
    def __init__(self, settings: Settings, report=print, housekeeping=None) -> None:
        self.settings = settings
        self.report = report
        # Called at every rescan; must return at once (e.g. start background retraining when it is due).
        self.housekeeping = housekeeping
        self.workspace = Workspace.open(settings, create=True)
        self.queue = JobQueue(self.workspace.catalog)
        self.registrar = Registrar(settings, self.workspace.catalog, self.workspace.index, self.workspace.file_plan)
        self.tracker = StabilityTracker(settings.watch.settle_seconds)
        self._events: thread_queue.SimpleQueue[Path] = thread_queue.SimpleQueue()
        self._context = multiprocessing.get_context("spawn")
        self._stop_workers = self._context.Event()
        self._slots: list[_Slot] = []
        self._signals = 0

    # Lifecycle -----------------------------------------------------------------------------------

    def run(self, exit_when_idle: bool = False) -> None:
        for inbox in self.settings.inbox:
            inbox.path.mkdir(parents=True, exist_ok=True)
        self.settings.spool_dir.mkdir(parents=True, exist_ok=True)
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)
        self.recover()
        self._slots = [_Slot(self._start_worker()) for _ in range(self.settings.workers)]
        observer = self._start_observer()
        self._rescan()
        self.report(f"Watching {len(self.settings.inbox)} inbox(es) with {self.settings.workers} worker(s); "
                    "Ctrl-C to stop.")
        next_rescan = time.monotonic() + self.settings.watch.rescan_seconds
        next_index_send = time.monotonic()
        next_checkpoint = time.monotonic() + self.settings.audit.checkpoint_seconds
        try:
            while not self._signals:
                self._drain_events()
                if time.monotonic() >= next_rescan:
                    self._rescan()
                    if self.housekeeping is not None:
                        self.housekeeping(self.workspace)
                    next_rescan = time.monotonic() + self.settings.watch.rescan_seconds
                if time.monotonic() >= next_index_send:
                    next_index_send = time.monotonic() + self._send_index_queue()
                if time.monotonic() >= next_checkpoint:
                    self._checkpoint()
                    next_checkpoint = time.monotonic() + self.settings.audit.checkpoint_seconds
                for path in self.tracker.ready():
                    self._take_in(path)
                self._supervise()
                if exit_when_idle and self._idle():
                    break
                time.sleep(_TICK_SECONDS)
        finally:
            observer.stop()
            self._stop()
            observer.join(timeout=5)
            self._checkpoint()
            self.workspace.close()

    def _on_signal(self, signum: int, _frame) -> None:
        self._signals += 1
        if self._signals == 1:
            self.report(f"Stopping ({signal.Signals(signum).name}): finishing jobs in hand; signal again to stop now.")

    def _stop(self) -> None:
        self._stop_workers.set()
        deadline = time.monotonic() + self.settings.watch.stop_grace_seconds
        while any(slot.process.is_alive() for slot in self._slots) and time.monotonic() < deadline:
            if self._signals > 1:
                break
            time.sleep(_TICK_SECONDS)
        for slot in self._slots:
            if slot.process.is_alive():
                slot.process.kill()
            slot.process.join()
            self._release_jobs_of(slot.process.pid, "the service stopped before the job finished",
                                  count_attempt=False)

    # Recovery ------------------------------------------------------------------------------------

    def recover(self) -> None:
        """Finish what a crash or kill interrupted, before taking anything new."""
        recovery.recover(self.settings, self.queue)

    def _checkpoint(self) -> None:
        """Seal the audit trail's head into the checkpoint file kept outside the catalog."""
        try:
            made = record_checkpoint(self.workspace.catalog.connection, self.workspace.catalog.audit_key, utc_now(),
                                     [self.settings.audit_checkpoint_file])
        except (OSError, RecordkeeperError) as exc:  # intake goes on; `audit verify` shows the gap
            log.error("could not write an audit checkpoint to %s: %s", self.settings.audit_checkpoint_file, exc)
            return
        log.info("audit checkpoint: entry %s", made.entry)

    # Intake --------------------------------------------------------------------------------------

    def _start_observer(self):
        poll = self.settings.watch.poll_seconds
        observer = PollingObserver(timeout=poll) if poll else Observer()
        handler = _InboxEvents(self._events)
        for inbox in self.settings.inbox:
            observer.schedule(handler, str(inbox.path), recursive=True)
        observer.start()
        return observer

    def _drain_events(self) -> None:
        while True:
            try:
                self.tracker.notice(self._events.get_nowait())
            except thread_queue.Empty:
                return

    def _rescan(self) -> None:
        recover_received(self.queue)  # finish any intake an I/O error interrupted
        for inbox in self.settings.inbox:
            for path in inbox_files(inbox):
                self.tracker.notice(path)

    def _take_in(self, path: Path) -> None:
        inbox = self._inbox_of(path)
        if inbox is None:
            return
        try:
            job = take_in(path, inbox.station, self.queue, self.settings.spool_dir)
        except OSError as exc:
            log.error("could not take in %s: %s; will try again", path, exc)
            self.tracker.notice(path)
            return
        if job is not None:
            log.info("received %s as job %s", path, job.id)

    def _send_index_queue(self) -> float:
        """Send records waiting for a separate search engine (after an outage); returns the seconds until
        the next try. Workers send each record themselves; this catches what they could not."""
        if self.workspace.index.shares_catalog_transaction:
            return float("inf")
        # A bounded share per tick keeps the supervisor's other duties on time during a long backlog.
        budget = 4 * self.settings.index.bulk_batch_size
        try:
            report = self.registrar.indexer.flush_pending(limit=budget)
        except RecordkeeperError as exc:  # e.g. credentials refused: say so, keep filing, try again later
            log.error("could not send the index queue: %s", exc)
            return self.settings.index.retry_pending_seconds
        if report.acknowledged:
            log.info("sent %d queued record(s) to the search index; %d still waiting",
                     report.acknowledged, report.still_pending)
        if report.error is None and report.sent == budget:
            return 0.0
        return self.settings.index.retry_pending_seconds

    def _inbox_of(self, path: Path) -> InboxSettings | None:
        return next((inbox for inbox in self.settings.inbox if path.is_relative_to(inbox.path)), None)

    def _idle(self) -> bool:
        counts = self.queue.status()["jobs"]
        return not len(self.tracker) and not any(counts[state] for state in ("received", "queued", "processing"))

    # Supervision ---------------------------------------------------------------------------------

    def _start_worker(self) -> BaseProcess:
        process = self._context.Process(target=worker_main, args=(self.settings, self._stop_workers, os.getpid()),
                                        name="recordkeeper-worker", daemon=True)
        process.start()
        return process

    def _supervise(self) -> None:
        limit = self.settings.watch.job_timeout_seconds
        now = time.time()
        for job in self.queue.in_state("processing"):
            if job.started_at and now - job.started_at > limit and job.worker_pid:
                log.error("job %s (%s) exceeded %s s; stopping its worker", job.id, job.name, limit)
                self._kill(job.worker_pid)
                job = self.queue.get(job.id)
                if job.state == "processing":  # the worker may have finished just before it was stopped
                    self._retry_or_quarantine(job, f"processing took longer than {limit:g} s "
                                                   "(watch.job_timeout_seconds)")
        for slot in self._slots:
            if not slot.process.is_alive():
                slot.process.join()
                self._release_jobs_of(slot.process.pid, worker_death_reason(slot.process.exitcode))
                slot.process = self._start_worker()

    def _kill(self, pid: int) -> None:
        for slot in self._slots:
            if slot.process.pid == pid and slot.process.is_alive():
                slot.process.kill()
                slot.process.join()

    def _release_jobs_of(self, pid: int | None, reason: str, count_attempt: bool = True) -> None:
        for job in self.queue.in_state("processing"):
            if job.worker_pid == pid:
                if count_attempt:
                    self._retry_or_quarantine(job, reason)
                else:
                    self.queue.release(job.id, reason, count_attempt=False)

    def _retry_or_quarantine(self, job, reason: str) -> None:
        if job.attempts >= self.settings.watch.max_attempts:
            error = InternalError(f"gave up after {job.attempts} attempts: {reason}")
            self.registrar.quarantine(arrival_for(job), error, keep_source=False)
            clear_spool_entry(Path(job.spool_path))
        else:
            self.queue.release(job.id, reason)


def worker_death_reason(exit_code: int | None) -> str:
    """What a worker's end says about the file it was reading. The supervisor's own kills (job timeout,
    stop) are reported where they are made; a SIGKILL from elsewhere is the kernel's out-of-memory killer
    in practice, since nothing else on a records server kills a worker."""
    if exit_code == -signal.SIGKILL:
        return ("its worker process was killed by the system while reading it (SIGKILL), almost always for "
                "running out of memory; lower limits.max_page_pixels or give the workers more memory")
    if exit_code in (-signal.SIGSEGV, -signal.SIGBUS):
        return "its worker process crashed while reading it (a fault in a document library): the file is corrupt"
    if exit_code == -signal.SIGABRT:
        return ("its worker process aborted while reading it (a document library gave up, as it does on a "
                "corrupt file or a failed allocation)")
    return f"its worker process died (exit code {exit_code})"
