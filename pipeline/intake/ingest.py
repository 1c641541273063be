"""One-shot ingest: the pipeline for a batch of files, in stage order.

    for each file:  checksum ─▶ duplicate? ─▶ [worker] detect ─▶ extract ─▶ classify ─▶ enrich
                    ─▶ archive (verified) ─▶ catalog + search document (one transaction)
    any DocumentError ─▶ quarantine with its reason; the batch goes on.

The heavy stages run in a process pool (one Tesseract per process); the parent alone writes the
catalog. The files given are only read: one-shot ingest never moves or removes them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pipeline.catalog.archive import sha256_file
from pipeline.catalog.sqlite import Catalog
from pipeline.enrich.analysis import Analysis, analyse_in_worker, init_worker
from pipeline.errors import DocumentError, InternalError, RecordkeeperError
from pipeline.intake.register import Arrival, Registrar
from pipeline.search.port import SearchIndex
from pipeline.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestOutcome:
    source: str
    status: str  # indexed, duplicate or failed
    record_id: str | None = None
    class_code: str | None = None
    error_code: str | None = None
    reason: str | None = None
    needs_review: bool | None = None  # for a record filed by this run: does it wait for a person?


class Ingestor:
    def __init__(self, settings: Settings, catalog: Catalog, index: SearchIndex) -> None:
        self.settings = settings
        self.catalog = catalog
        self.registrar = Registrar(settings, catalog, index)

    def ingest(
        self, files: Iterable[Path], station: str | None = None,
        on_outcome: Callable[[IngestOutcome], None] = lambda outcome: None,
    ) -> list[IngestOutcome]:
        # A copy cut short by an earlier crash would never be finished: a new run clears it away first.
        for leftover in self.registrar.archive.remove_abandoned_copies():
            log.warning("removed %s, an archive copy an interrupted filing left unfinished", leftover)
        outcomes = []
        for outcome in self._run(files, station):
            outcomes.append(outcome)
            on_outcome(outcome)
        return outcomes

    def _run(self, files: Iterable[Path], station: str | None) -> Iterator[IngestOutcome]:
        in_flight: dict[str, _Pending] = {}
        with _analysis_pool(self.settings) as submit:
            for path in files:
                arrival = _arrival(path, station)
                if isinstance(arrival, RecordkeeperError):
                    yield self._fail(Arrival(path, "", str(path), path.name, datetime.now(UTC), station), arrival)
                    continue
                if arrival.sha256 in in_flight:  # a copy of a file still being read in this batch
                    in_flight[arrival.sha256].copies.append(arrival)
                    continue
                existing = self.catalog.record_id_for_checksum(arrival.sha256)
                if existing:
                    self.registrar.link_duplicate(arrival, existing)
                    yield IngestOutcome(arrival.source, "duplicate", existing)
                    continue
                future = submit(path, station, arrival.received.date())
                in_flight[arrival.sha256] = _Pending(arrival, future)
                # Bounded look-ahead keeps every worker busy without holding the whole batch in memory.
                while len(in_flight) > 2 * self.settings.workers:
                    yield from self._complete(in_flight.pop(next(iter(in_flight))))
            while in_flight:
                yield from self._complete(in_flight.pop(next(iter(in_flight))))

    def _complete(self, pending: _Pending) -> Iterator[IngestOutcome]:
        arrival = pending.arrival
        try:
            status, record_id, needs_review = self.registrar.register(arrival, pending.future.result())
        except BrokenProcessPool:
            error: RecordkeeperError = InternalError("the worker process reading it died")
        except RecordkeeperError as exc:
            error = exc
        else:
            yield IngestOutcome(arrival.source, status, record_id, record_id.rsplit("-", 2)[0],
                                needs_review=needs_review)
            for copy in pending.copies:
                self.registrar.link_duplicate(copy, record_id)
                yield IngestOutcome(copy.source, "duplicate", record_id)
            return
        yield self._fail(arrival, error)
        for copy in pending.copies:
            yield self._fail(copy, _copy_error(copy, arrival, error))

    def _fail(self, arrival: Arrival, error: RecordkeeperError) -> IngestOutcome:
        self.registrar.quarantine(arrival, error, keep_source=True)
        return IngestOutcome(arrival.source, "failed", error_code=error.code, reason=str(error))


def _copy_error(copy: Arrival, first: Arrival, error: RecordkeeperError) -> RecordkeeperError:
    """The reason for a copy of a failed file names the copy itself, then the file it repeats and why that
    failed: the first file's reason alone would point the technician at the wrong file."""
    return type(error)(f"'{copy.original_name}' is a byte-identical copy of '{first.original_name}' "
                       f"({first.source}): {error.reason}", error.action)


def _arrival(path: Path, station: str | None) -> Arrival | RecordkeeperError:
    try:
        sha256 = sha256_file(path)
    except OSError as exc:
        return DocumentError(f"'{path.name}' cannot be read: {exc.strerror or exc}")
    return Arrival(path=path, sha256=sha256, source=str(path), original_name=path.name,
                   received=datetime.now(UTC), station=station)


@dataclass
class _Pending:
    arrival: Arrival
    future: Future[Analysis]
    copies: list[Arrival] = field(default_factory=list)


class _analysis_pool:
    """Submit analyses to a process pool, or run them inline when one worker is configured."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> Callable[..., Future[Analysis]]:
        if self._settings.workers > 1:
            self._executor = ProcessPoolExecutor(
                self._settings.workers, initializer=init_worker, initargs=(self._settings,)
            )
            return lambda *args: self._executor.submit(analyse_in_worker, *args)
        init_worker(self._settings)
        return self._run_inline

    @staticmethod
    def _run_inline(*args) -> Future[Analysis]:
        future: Future[Analysis] = Future()
        try:
            future.set_result(analyse_in_worker(*args))
        except RecordkeeperError as exc:
            future.set_exception(exc)
        return future

    def __exit__(self, *exc_info) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
