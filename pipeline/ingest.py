"""One-shot ingest: the pipeline for a batch of files, in stage order.

    for each file:  checksum ─▶ duplicate? ─▶ [worker] detect ─▶ extract ─▶ classify ─▶ enrich
                    ─▶ archive (verified) ─▶ catalog + search document (one transaction)
    any DocumentError ─▶ quarantine with its reason; the batch goes on.

The heavy stages run in a process pool (one Tesseract per process); the parent alone writes the
catalog, so it needs no locking beyond SQLite's own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pipeline.analysis import Analyser, Analysis, analyse_in_worker, init_worker
from pipeline.archive import LocalArchive, sha256_file
from pipeline.catalog import Catalog
from pipeline.errors import ArchiveError, DocumentError, InternalError, RecordkeeperError
from pipeline.quarantine import quarantine_file
from pipeline.records import Record, title_from_text
from pipeline.search_index import SearchDocument, SearchIndex
from pipeline.settings import Settings

log = logging.getLogger(__name__)
# Records whose OCR is this unsure are reviewed even when the class is clear.
_LOW_OCR_CONFIDENCE = 60.0


@dataclass(frozen=True)
class IngestOutcome:
    source: str
    status: str  # indexed, duplicate or failed
    record_id: str | None = None
    class_code: str | None = None
    error_code: str | None = None
    reason: str | None = None


class Ingestor:
    def __init__(self, settings: Settings, catalog: Catalog, index: SearchIndex) -> None:
        self.settings = settings
        self.catalog = catalog
        self.index = index
        self.archive = LocalArchive(settings.archive_dir)

    def ingest(
        self, files: Iterable[Path], station: str | None = None,
        on_outcome: Callable[[IngestOutcome], None] = lambda outcome: None,
    ) -> list[IngestOutcome]:
        outcomes = []
        for outcome in self._run(files, station):
            outcomes.append(outcome)
            on_outcome(outcome)
        return outcomes

    def _run(self, files: Iterable[Path], station: str | None) -> Iterator[IngestOutcome]:
        in_flight: dict[str, _Pending] = {}
        with _analysis_pool(self.settings) as submit:
            for path in files:
                received = datetime.now(UTC)
                try:
                    sha256 = sha256_file(path)
                except OSError as exc:
                    yield self._fail(path, None, station, DocumentError(f"'{path.name}' cannot be read: {exc}"))
                    continue
                if sha256 in in_flight:  # a copy of a file still being read in this batch
                    in_flight[sha256].copies.append((path, received))
                    continue
                existing = self.catalog.record_id_for_checksum(sha256)
                if existing:
                    yield self._duplicate(path, sha256, station, existing, received)
                    continue
                in_flight[sha256] = _Pending(path, sha256, received, submit(path, station, received))
                # Bounded look-ahead keeps every worker busy without holding the whole batch in memory.
                while len(in_flight) > 2 * self.settings.workers:
                    yield from self._complete(in_flight.pop(next(iter(in_flight))), station)
            while in_flight:
                yield from self._complete(in_flight.pop(next(iter(in_flight))), station)

    def _complete(self, pending: _Pending, station: str | None) -> Iterator[IngestOutcome]:
        try:
            record = self._register(pending.path, pending.sha256, pending.received, pending.future.result(), station)
        except BrokenProcessPool:
            error: RecordkeeperError = InternalError("the worker process reading it died")
        except RecordkeeperError as exc:
            error = exc
        else:
            yield IngestOutcome(str(pending.path), "indexed", record.id, record.class_code)
            for copy, received in pending.copies:
                yield self._duplicate(copy, pending.sha256, station, record.id, received)
            return
        for path in [pending.path, *(copy for copy, _ in pending.copies)]:
            yield self._fail(path, pending.sha256, station, error)

    def _register(self, path: Path, sha256: str, received: datetime, analysis: Analysis,
                  station: str | None) -> Record:
        archived = self.archive.store(path, sha256)
        extraction, prediction, enrichment = analysis.extraction, analysis.prediction, analysis.enrichment
        needs_review = (
            prediction.confidence < self.settings.review_threshold
            or (extraction.ocr_confidence is not None and extraction.ocr_confidence < _LOW_OCR_CONFIDENCE)
        )
        with self.catalog.transaction():
            record = Record(
                id=self.catalog.allocate_record_id(prediction.code, received.year),
                sha256=sha256, class_code=prediction.code, class_source=prediction.source,
                confidence=prediction.confidence, explanation=prediction.explanation,
                title=title_from_text(extraction.text, path.name), original_name=path.name,
                media_type=extraction.media_type, page_count=extraction.page_count,
                received_at=received.isoformat(timespec="seconds"), access_level=enrichment.access_level,
                retention_rule=enrichment.retention_rule, archive_path=str(archived),
                needs_review=needs_review, document_date=enrichment.document_date,
                disposition_date=enrichment.disposition_date, ocr_confidence=extraction.ocr_confidence,
                language=enrichment.language, station=station, text_methods=extraction.methods,
            )
            self.catalog.insert_record(record, extraction.pages, str(path))
            self.index.add(SearchDocument(
                record_id=record.id, title=record.title, body=extraction.text, class_code=record.class_code,
                access_level=record.access_level, document_date=record.document_date, station=station,
            ))
            job_id = self.catalog.add_job(str(path), sha256, station, "done")
            self.catalog.finish_job(job_id, "done", record_id=record.id)
            self.catalog.audit("indexed", record.id, {
                "source": str(path), "class": record.class_code, "confidence": record.confidence,
                "class_source": record.class_source, "pages": record.page_count,
                "needs_review": record.needs_review,
            })
        return record

    def _duplicate(self, path: Path, sha256: str, station: str | None, existing: str,
                   received: datetime) -> IngestOutcome:
        with self.catalog.transaction():
            job_id = self.catalog.add_job(str(path), sha256, station, "duplicate")
            self.catalog.finish_job(job_id, "duplicate", record_id=existing)
            self.catalog.add_source(existing, str(path), received.isoformat(timespec="seconds"))
            self.catalog.audit("duplicate", existing, {"source": str(path)})
        return IngestOutcome(str(path), "duplicate", existing)

    def _fail(self, path: Path, sha256: str | None, station: str | None,
              error: RecordkeeperError) -> IngestOutcome:
        log.warning("failed %s: %s", path, error)
        with self.catalog.transaction():
            job_id = self.catalog.add_job(str(path), sha256, station, "failed")
            self.catalog.finish_job(job_id, "failed", error_code=error.code, error_reason=str(error))
            self.catalog.audit("failed", None, {"source": str(path), "code": error.code, "reason": error.reason})
        try:
            quarantine_file(self.settings.quarantine_dir, job_id, path, error, keep_source=True)
        except OSError as exc:
            log.error("could not quarantine %s: %s", path, exc)
        if isinstance(error, ArchiveError):
            log.error("archive failure: %s", error)
        return IngestOutcome(str(path), "failed", error_code=error.code, reason=str(error))


@dataclass
class _Pending:
    path: Path
    sha256: str
    received: datetime
    future: Future[Analysis]
    copies: list[tuple[Path, datetime]] = field(default_factory=list)


class _analysis_pool:
    """Submit analyses to a process pool, or run them inline when one worker is configured."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._executor: ProcessPoolExecutor | None = None
        self._inline: Analyser | None = None

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
