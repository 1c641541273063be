"""The durable intake queue: one job row per file, kept in the catalog.

    received ─▶ queued ─▶ processing ─▶ done | duplicate | failed ─▶ discarded
       (file being moved     (claimed by one        (failed = in quarantine;
        into the spool)       worker process)         discarded = deleted from it by a person)

Every transition is one SQLite transaction, so after a crash each job is in exactly one state and the
file it names is where that state says: in the inbox or spool (received), the spool (queued,
processing), the archive (done, duplicate) or quarantine (failed).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.catalog.sqlite import Catalog, utc_now
from pipeline.errors import RecordkeeperError
from pipeline.intake.quarantine import safe_file_name

STATES = ("received", "queued", "processing", "done", "duplicate", "failed", "discarded")
_THROUGHPUT_WINDOW_SECONDS = 300


@dataclass(frozen=True)
class Job:
    id: int
    source_path: str
    sha256: str | None
    station: str | None
    state: str
    attempts: int
    original_name: str | None
    spool_path: str | None
    worker_pid: int | None
    started_at: float | None
    created_at: str
    error_code: str | None
    error_reason: str | None
    record_id: str | None
    updated_at: str | None = None  # when it last changed state

    @property
    def name(self) -> str:
        return self.original_name or Path(self.source_path).name


def spool_path_for(spool_dir: Path, job_id: int, name: str) -> Path:
    """A folder per job keeps the file's own name, which is what error messages and records show."""
    return spool_dir / f"{job_id:08d}" / safe_file_name(name)


def clear_spool_entry(spool_path: Path) -> None:
    spool_path.unlink(missing_ok=True)
    try:
        spool_path.parent.rmdir()
    except OSError:
        pass  # not empty or already gone: a later recovery pass looks again


@dataclass(frozen=True)
class JobVisibility:
    """The jobs one person may see: a job's record must be within their clearance; a job with no record yet
    (queued, failed) is judged by its inbox, hidden when the inbox files above their clearance."""

    clearance: int
    hidden_stations: tuple[str, ...] = ()

    def where(self) -> tuple[str, list[Any]]:
        marks = ", ".join("?" for _ in self.hidden_stations)
        stations = f"station IS NULL OR station NOT IN ({marks})" if self.hidden_stations else "1"
        return (f"(COALESCE((SELECT access_level FROM records r WHERE r.id = jobs.record_id), 0) <= ? "
                f"AND (record_id IS NOT NULL OR {stations}))", [self.clearance, *self.hidden_stations])


_EVERY_JOB = ("1", [])


class JobQueue:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._db = catalog.connection

    def receive(self, source: Path, station: str | None, spool_dir: Path) -> Job:
        """Record that `source` is being taken in; the caller then moves it to the job's spool path."""
        now = utc_now()
        with self.catalog.transaction():
            job_id = self._db.execute(
                "INSERT INTO jobs(source_path, station, state, original_name, created_at, updated_at) "
                "VALUES (?, ?, 'received', ?, ?, ?)",
                (str(source), station, source.name, now, now),
            ).lastrowid
            spool_path = spool_path_for(spool_dir, int(job_id), source.name)
            self._db.execute("UPDATE jobs SET spool_path = ? WHERE id = ?",
                             (self.catalog.stored_path(spool_path), job_id))
        return self.get(int(job_id))

    def enqueue(self, job_id: int, sha256: str) -> None:
        with self.catalog.transaction():
            self._set(job_id, "queued", sha256=sha256)
            job = self.get(job_id)
            self.catalog.audit("received", None, {"job": job_id, "source": job.source_path, "sha256": sha256,
                                                  "station": job.station})

    def discard(self, job_id: int, reason: str) -> None:
        """Forget a job whose file left the inbox before it was taken: nothing was received."""
        with self.catalog.transaction():
            self._db.execute("DELETE FROM jobs WHERE id = ? AND state = 'received'", (job_id,))
            self.catalog.audit("vanished", None, {"job": job_id, "reason": reason})

    def claim(self, worker_pid: int) -> Job | None:
        """Atomically take the oldest queued job for this worker, counting the attempt."""
        with self.catalog.transaction():
            row = self._db.execute(
                "UPDATE jobs SET state = 'processing', worker_pid = ?, started_at = ?, attempts = attempts + 1, "
                "updated_at = ? WHERE id = (SELECT id FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 1) "
                "RETURNING id",
                (worker_pid, time.time(), utc_now()),
            ).fetchone()
        return self.get(row[0]) if row else None

    def finish(self, job_id: int, state: str, record_id: str | None = None,
               error: RecordkeeperError | None = None) -> None:
        """Close a job; call inside the transaction that makes its outcome true."""
        self._set(job_id, state, record_id=record_id, error_code=error.code if error else None,
                  error_reason=str(error) if error else None, worker_pid=None, finished_at=time.time())

    def add_finished(self, source: Path, sha256: str | None, station: str | None, state: str,
                     record_id: str | None = None, error: RecordkeeperError | None = None) -> int:
        """A job run outside the queue (one-shot ingest), recorded in its final state."""
        now = utc_now()
        job_id = int(self._db.execute(
            "INSERT INTO jobs(source_path, sha256, station, state, attempts, original_name, created_at, updated_at) "
            "VALUES (?, ?, ?, 'processing', 1, ?, ?, ?)",
            (str(source), sha256, station, source.name, now, now),
        ).lastrowid)
        self.finish(job_id, state, record_id=record_id, error=error)
        return job_id

    def release(self, job_id: int, reason: str, count_attempt: bool = True) -> None:
        """Put a job back in the queue. An attempt cut short by a stop of the whole service is not
        counted against the file: only failures of the job itself bring it closer to quarantine."""
        attempts = self.get(job_id).attempts - (0 if count_attempt else 1)
        with self.catalog.transaction():
            self._set(job_id, "queued", worker_pid=None, started_at=None, attempts=max(attempts, 0))
            self.catalog.audit("released", None, {"job": job_id, "reason": reason})

    def retry(self, job_id: int, spool_path: Path, actor: str) -> None:
        with self.catalog.transaction():
            self._set(job_id, "queued", attempts=0, spool_path=self.catalog.stored_path(spool_path), error_code=None,
                      error_reason=None, worker_pid=None, started_at=None)
            self.catalog.audit("retried", None, {"job": job_id}, actor=actor)

    def discard_failed(self, job_id: int, actor: str, reason: str) -> bool:
        """A person gave up on a quarantined file: its job says so; the caller then deletes the file. False
        (and nothing changed) when the job is no longer quarantined, e.g. retried meanwhile from elsewhere."""
        with self.catalog.transaction():
            job = self.get(job_id)
            changed = self._db.execute("UPDATE jobs SET state = 'discarded', updated_at = ? WHERE id = ? "
                                       "AND state = 'failed'", (utc_now(), job_id)).rowcount
            if not changed:
                return False
            self.catalog.audit("quarantined file discarded", None, {
                "job": job_id, "file": job.name, "station": job.station, "error": job.error_code, "reason": reason,
            }, actor=actor)
        return True

    def get(self, job_id: int, visible: JobVisibility | None = None) -> Job:
        where, params = visible.where() if visible else _EVERY_JOB
        row = self._db.execute(f"SELECT {_JOB_COLUMNS} FROM jobs WHERE id = ? AND {where}",
                               (job_id, *params)).fetchone()
        if row is None:
            raise KeyError(job_id)
        return self._job(row)

    def in_state(self, *states: str, visible: JobVisibility | None = None) -> list[Job]:
        marks = ", ".join("?" for _ in states)
        where, params = visible.where() if visible else _EVERY_JOB
        rows = self._db.execute(f"SELECT {_JOB_COLUMNS} FROM jobs WHERE state IN ({marks}) AND {where} ORDER BY id",
                                (*states, *params))
        return [self._job(row) for row in rows]

    def _job(self, row) -> Job:
        data = dict(row)
        if data["spool_path"]:  # stored relative to the data home
            data["spool_path"] = str(self.catalog.resolve(data["spool_path"]))
        return Job(**data)

    def status(self, visible: JobVisibility | None = None) -> dict[str, Any]:
        where, params = visible.where() if visible else _EVERY_JOB
        counts = dict(self._db.execute(f"SELECT state, COUNT(*) FROM jobs WHERE {where} GROUP BY state",
                                       params).fetchall())
        now = time.time()
        oldest = self._db.execute(f"SELECT MIN(created_at) FROM jobs WHERE state IN ('received', 'queued') "
                                  f"AND {where}", params).fetchone()
        finished = self._db.execute(
            f"SELECT COUNT(*) FROM jobs WHERE finished_at >= ? AND {where}",
            (now - _THROUGHPUT_WINDOW_SECONDS, *params)).fetchone()[0]
        return {
            "jobs": {state: counts.get(state, 0) for state in STATES},
            "oldest_queued_age_seconds": _age_seconds(oldest[0]) if oldest and oldest[0] else None,
            "files_per_minute_last_5_min": round(finished / (_THROUGHPUT_WINDOW_SECONDS / 60), 2),
        }

    def _set(self, job_id: int, state: str, **fields: Any) -> None:
        assignments = ", ".join(f"{name} = ?" for name in fields)
        self._db.execute(
            f"UPDATE jobs SET state = ?, updated_at = ?{', ' if fields else ''}{assignments} WHERE id = ?",
            (state, utc_now(), *fields.values(), job_id),
        )


_JOB_COLUMNS = ("id, source_path, sha256, station, state, attempts, original_name, spool_path, worker_pid, "
                "started_at, created_at, error_code, error_reason, record_id, updated_at")


def _age_seconds(iso_timestamp: str) -> float:
    return round((datetime.now(UTC) - datetime.fromisoformat(iso_timestamp)).total_seconds(), 1)

