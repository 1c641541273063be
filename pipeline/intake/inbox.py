"""Intake: notice files in the inboxes, wait until they are complete, take each into the spool exactly once.

Scanners write slowly over network shares and drop temporary names first, so a file is taken only when
its size and modification time have not changed for `settle_seconds` and it can be opened. The move
into the spool is the step that makes a file the queue's; the job row is written before it, so after a
crash at any point `recover_received` knows where the file is and finishes the move.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.catalog.archive import sha256_file
from pipeline.intake.jobs import Job, JobQueue
from pipeline.settings import InboxSettings

log = logging.getLogger(__name__)
_TEMPORARY_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".download", ".filepart", ".swp")


def is_temporary(path: Path) -> bool:
    """Names scanners and copy tools use while a file is still being written."""
    name = path.name
    return name.startswith((".", "~$", "~")) or name.lower().endswith(_TEMPORARY_SUFFIXES)


def inbox_files(inbox: InboxSettings) -> Iterator[Path]:
    """Every candidate file under an inbox (sub-folders included), skipping temporary names."""
    for folder, dirs, files in os.walk(inbox.path):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(folder) / name
            if not is_temporary(path):
                yield path


@dataclass
class _Observation:
    size: int
    mtime_ns: int
    unchanged_since: float


class StabilityTracker:
    """Owns the question "has this file finished arriving?" for every file noticed in the inboxes."""

    def __init__(self, settle_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._settle = settle_seconds
        self._clock = clock
        self._seen: dict[Path, _Observation] = {}

    def notice(self, path: Path) -> None:
        if is_temporary(path) or path in self._seen:
            return
        try:
            stat = path.stat()
        except FileNotFoundError:
            return
        # The settle time runs from this first look, so a file that is already complete waits only settle.
        self._seen[path] = _Observation(stat.st_size, stat.st_mtime_ns, self._clock())

    def forget(self, path: Path) -> None:
        self._seen.pop(path, None)

    def __len__(self) -> int:
        return len(self._seen)

    def ready(self) -> list[Path]:
        """Files whose size and mtime held still for the settle time; they leave the tracker."""
        now, ready = self._clock(), []
        for path, seen in list(self._seen.items()):
            try:
                stat = path.stat()
            except FileNotFoundError:
                self._seen.pop(path)  # renamed or removed before it settled
                continue
            if (stat.st_size, stat.st_mtime_ns) != (seen.size, seen.mtime_ns):
                self._seen[path] = _Observation(stat.st_size, stat.st_mtime_ns, now)
            elif now - seen.unchanged_since >= self._settle and _can_open(path):
                ready.append(path)
                self._seen.pop(path)
        return ready


def _can_open(path: Path) -> bool:
    try:
        with path.open("rb"):
            return True
    except OSError:
        return False


def take_in(path: Path, station: str | None, queue: JobQueue, spool_dir: Path) -> Job | None:
    """Move a settled file into the spool under a new job; None if it vanished first."""
    if not path.exists():
        return None
    job = queue.receive(path, station, spool_dir)
    spool = Path(job.spool_path)
    try:
        moved = _move_into_spool(path, spool)
    except OSError:
        if spool.exists() and path.exists():
            # Copied but the original could not be removed (a read-only share): keep one copy, the original.
            spool.unlink()
        queue.discard(job.id, "the file could not be moved into the spool")
        raise
    if not moved:
        queue.discard(job.id, "removed from the inbox before it could be taken")
        return None
    queue.enqueue(job.id, sha256_file(spool))
    return queue.get(job.id)


def recover_received(queue: JobQueue) -> None:
    """Finish intakes a crash interrupted: the file is either still at its source or already spooled."""
    for job in queue.in_state("received"):
        spool, source = Path(job.spool_path), Path(job.source_path)
        if not spool.exists() and source.exists():
            _move_into_spool(source, spool)
        if spool.exists():
            queue.enqueue(job.id, sha256_file(spool))
        else:
            # Removed from the inbox by someone else before we moved it: nothing was taken, say so.
            log.warning("job %s: %s vanished before intake finished", job.id, source)
            queue.discard(job.id, "removed from the inbox before intake finished")


def _move_into_spool(source: Path, spool: Path) -> bool:
    spool.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(source, spool)
    except FileNotFoundError:
        return False
    except OSError:
        # Another filesystem (a network share): copy durably, verify, and only then remove the original.
        temporary = spool.with_name(".incoming-" + spool.name)
        shutil.copyfile(source, temporary)
        with temporary.open("rb") as handle:
            os.fsync(handle.fileno())
        if sha256_file(temporary) != sha256_file(source):
            temporary.unlink()
            raise
        os.replace(temporary, spool)
        source.unlink()
    _fsync_dir(spool.parent)
    return True


def _fsync_dir(folder: Path) -> None:
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
