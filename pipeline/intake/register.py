"""Filing stage: archive the original, then write the record, its pages, its search document (or, for a
separate search engine, its place in the index queue), the job's outcome and the audit entry in one
transaction. Also the two other ends of a job: a duplicate linked to its record, and a failure put in
quarantine.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline.catalog.archive import LocalArchive, sha256_file
from pipeline.catalog.sqlite import Catalog
from pipeline.enrich.analysis import Analysis
from pipeline.errors import RecordkeeperError
from pipeline.file_plan import FilePlan, load_file_plan
from pipeline.intake.jobs import JobQueue
from pipeline.intake.quarantine import quarantine_file
from pipeline.records import Record
from pipeline.search.index_queue import Indexer
from pipeline.search.port import SearchIndex
from pipeline.settings import Settings
from pipeline.titles import record_title

log = logging.getLogger(__name__)
# Records whose OCR is this unsure are reviewed even when the class is clear.
LOW_OCR_CONFIDENCE = 60.0


@dataclass(frozen=True)
class Arrival:
    """A file to file: where its bytes are now, and what the office knows about where it came from."""

    path: Path
    sha256: str
    source: str  # where it was dropped (inbox path or the path given to ingest)
    original_name: str
    received: datetime
    station: str | None = None
    job_id: int | None = None  # the queue's job, when it came through the watched inbox


class Registrar:
    def __init__(self, settings: Settings, catalog: Catalog, index: SearchIndex,
                 file_plan: FilePlan | None = None) -> None:
        self.settings = settings
        self.file_plan = file_plan or load_file_plan(settings.file_plan)
        self.catalog = catalog
        self.index = index
        self.indexer = Indexer(catalog, index, settings.index.retry_pending_seconds, settings.index.max_attempts)
        self.jobs = JobQueue(catalog)
        self.archive = LocalArchive(settings.archive_dir)

    def register(self, arrival: Arrival, analysis: Analysis) -> tuple[str, str, bool | None]:
        """File the arrival; returns (status, record id, whether it waits for review) where status is
        'indexed' or 'duplicate' (the last is None for a duplicate: that record was filed before)."""
        archived = self.archive.store(arrival.path, arrival.sha256)
        searchable = self._archive_searchable_pdf(analysis.searchable_pdf)
        with self.indexer.transaction():
            # Checked again inside the write lock: another worker may have filed the same bytes meanwhile.
            existing = self.catalog.record_id_for_checksum(arrival.sha256)
            if existing:
                self._link(arrival, existing)
                return "duplicate", existing, None
            record = self._record(arrival, analysis, archived)
            record.searchable_pdf = str(searchable) if searchable else None
            self.catalog.insert_record(record, analysis.extraction.pages, arrival.source)
            self.indexer.stage(record, analysis.extraction.text)
            self._finish_job(arrival, "done", record.id)
            self.catalog.audit("indexed", record.id, {
                "source": arrival.source, "class": record.class_code, "confidence": record.confidence,
                "class_source": record.class_source, "pages": record.page_count,
                "needs_review": record.needs_review, "job": arrival.job_id,
            })
        return "indexed", record.id, record.needs_review

    def link_duplicate(self, arrival: Arrival, existing: str) -> None:
        with self.catalog.transaction():
            self._link(arrival, existing)

    def quarantine(self, arrival: Arrival, error: RecordkeeperError, keep_source: bool) -> None:
        log.warning("quarantined %s: %s", arrival.source, error)
        with self.catalog.transaction():
            job_id = self._finish_job(arrival, "failed", None, error)
            self.catalog.audit("failed", None, {"source": arrival.source, "job": job_id, "code": error.code,
                                                "reason": error.reason})
        # The job row says "failed" before the file moves: after a crash in between, recovery finds the
        # file still in the spool and completes the move.
        quarantine_file(self.settings.quarantine_dir, job_id, arrival.path, error, keep_source=keep_source,
                        original_name=arrival.original_name, source=arrival.source)

    def _link(self, arrival: Arrival, existing: str) -> None:
        self._finish_job(arrival, "duplicate", existing)
        self.catalog.add_source(existing, arrival.source, arrival.received.isoformat(timespec="seconds"))
        self.catalog.audit("duplicate", existing, {"source": arrival.source, "job": arrival.job_id})

    def _finish_job(self, arrival: Arrival, state: str, record_id: str | None,
                    error: RecordkeeperError | None = None) -> int:
        if arrival.job_id is None:
            return self.jobs.add_finished(Path(arrival.source), arrival.sha256, arrival.station, state,
                                          record_id=record_id, error=error)
        self.jobs.finish(arrival.job_id, state, record_id=record_id, error=error)
        return arrival.job_id

    def _archive_searchable_pdf(self, made: Path | None) -> Path | None:
        if made is None or not made.exists():
            return None
        try:
            return self.archive.store(made, sha256_file(made))
        finally:
            made.unlink(missing_ok=True)

    def _record(self, arrival: Arrival, analysis: Analysis, archived: Path) -> Record:
        extraction, prediction, enrichment = analysis.extraction, analysis.prediction, analysis.enrichment
        needs_review = (
            prediction.review_reason is not None
            or (extraction.ocr_confidence is not None and extraction.ocr_confidence < LOW_OCR_CONFIDENCE)
        )
        record = Record(
            id=self.catalog.allocate_record_id(prediction.code, arrival.received.year),
            sha256=arrival.sha256, class_code=prediction.code, class_source=prediction.source,
            confidence=prediction.confidence, explanation=prediction.explained,
            title=arrival.original_name, original_name=arrival.original_name,
            media_type=extraction.media_type, page_count=extraction.page_count,
            received_at=arrival.received.isoformat(timespec="seconds"), access_level=enrichment.access_level,
            retention_rule=enrichment.retention_rule, archive_path=str(archived), needs_review=needs_review,
            document_date=enrichment.document_date, disposition_date=enrichment.disposition_date,
            ocr_confidence=extraction.ocr_confidence, language=enrichment.language, station=arrival.station,
            text_methods=extraction.methods, metadata=enrichment.metadata,
            entities=enrichment.entities.to_json(), pii_flags=enrichment.pii, model_version=prediction.model_version,
        )
        record.title = record_title(self.file_plan.get(record.class_code), record, extraction.text,
                                    stated=extraction.title)
        return record
