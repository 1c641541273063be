"""Drop a corpus of cases into the inbox of a real `recordkeeper watch` and report what became of each file.

Shared by the corpus test and `benchmarks/robustness.py`. The service runs as its own process with two
workers until its queue is empty; the workers' memory is sampled meanwhile, and each job's processing time
is read from its row in the catalog.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from tests.corpus import Case, Outcome

_CONFIG_PLAN = Path(__file__).resolve().parents[2] / "config" / "file_plan.toml"
_SAMPLE_SECONDS = 0.1


@dataclass(frozen=True)
class CaseResult:
    case: Case
    outcome: str  # indexed, quarantined or lost
    text: str = ""  # the record's text, or the quarantine reason
    seconds: float | None = None  # processing time of the job

    @property
    def as_expected(self) -> bool:
        wanted = " ".join(self.case.must_contain.split())
        return self.outcome == self.case.expected.value and wanted in " ".join(self.text.split())


@dataclass
class CorpusRun:
    results: list[CaseResult] = field(default_factory=list)
    peak_worker_rss_mb: float = 0.0
    wall_seconds: float = 0.0

    def count(self, outcome: str) -> int:
        return sum(result.outcome == outcome for result in self.results)

    def slowest(self) -> CaseResult | None:
        timed = [result for result in self.results if result.seconds is not None]
        return max(timed, key=lambda result: result.seconds) if timed else None


def run_through_watch(cases: list[Case], root: Path, workers: int = 2, timeout: float = 900) -> CorpusRun:
    home = root / "home"
    inbox = home / "inbox" / "corpus"
    config = root / "recordkeeper.toml"
    root.mkdir(parents=True, exist_ok=True)
    config.write_text(f'home = "{home}"\nfile_plan = "{_CONFIG_PLAN}"\nworkers = {workers}\n'
                      "[watch]\nsettle_seconds = 0.2\nrescan_seconds = 1\njob_timeout_seconds = 300\n"
                      '[[inbox]]\npath = "inbox/corpus"\nstation = "corpus"\n')
    dropped: dict[str, Case] = {}
    for number, case in enumerate(cases):
        target = inbox / f"{number:03d}" / case.path.name  # one folder each: names may repeat across modules
        target.parent.mkdir(parents=True)
        shutil.copy2(case.path, target)
        dropped[str(target)] = case
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "--config", str(config), "watch",
                                "--exit-when-idle"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = _RssSampler(process.pid)
    sampler.start()
    try:
        _, errors = process.communicate(timeout=timeout)
    finally:
        sampler.stop()
        if process.poll() is None:
            process.kill()
            process.wait()
    if process.returncode != 0:
        raise RuntimeError(f"the watch service failed ({process.returncode}): {errors[-2000:]}")
    run = CorpusRun(peak_worker_rss_mb=sampler.peak_mb, wall_seconds=time.perf_counter() - started)
    run.results = _results(home, dropped)
    return run


def _results(home: Path, dropped: dict[str, Case]) -> list[CaseResult]:
    with sqlite3.connect(home / "catalog.sqlite3") as db:
        jobs = {row[0]: row[1:] for row in db.execute(
            "SELECT source_path, id, state, record_id, error_reason, started_at, finished_at FROM jobs")}
        results = []
        for source, case in dropped.items():
            job = jobs.get(source)
            if job is None:
                results.append(CaseResult(case, "lost"))
                continue
            job_id, state, record_id, reason, started_at, finished_at = job
            seconds = finished_at - started_at if started_at and finished_at else None
            if state in ("done", "duplicate") and record_id:
                pages = db.execute("SELECT text FROM pages WHERE record_id = ? ORDER BY number", (record_id,))
                results.append(CaseResult(case, Outcome.indexed.value, "\n".join(p[0] for p in pages), seconds))
            elif state == "failed" and (home / "quarantine" / f"{job_id:08d}" / "reason.json").exists():
                results.append(CaseResult(case, Outcome.quarantined.value, reason or "", seconds))
            else:
                results.append(CaseResult(case, "lost", f"job {job_id} left in state {state}", seconds))
    return results


class _RssSampler:
    """The largest resident set of any one worker process of the service, sampled while it runs."""

    def __init__(self, pid: int) -> None:
        self._service = psutil.Process(pid)
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self.peak_mb = 0.0

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._done.wait(_SAMPLE_SECONDS):
            try:
                workers = self._service.children(recursive=True)
            except psutil.Error:
                return
            for worker in workers:
                try:
                    self.peak_mb = max(self.peak_mb, worker.memory_info().rss / 1_048_576)
                except psutil.Error:
                    continue  # a worker that ended between the listing and the reading
