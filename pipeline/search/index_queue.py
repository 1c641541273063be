"""Keeping the search index in step with the catalog, which is the record of truth.

The embedded index writes a record's search document in the transaction that writes the record. A
separate engine (Elasticsearch) cannot join a SQLite transaction, so there the write is split:

    catalog transaction   the record + its row in `index_queue` (record id, version)
    after the commit      the document goes to the engine; once acknowledged, the row is deleted
    engine away           the row stays: `recordkeeper status` counts it, and the watch service or
                          `recordkeeper reindex --pending` sends it again later

A row is deleted only for the version the engine acknowledged or a newer one, so a correction committed
while an older version was on its way stays queued. Nothing is lost between the two steps: a crash after
the commit leaves the row, and sending a version twice is harmless (the index keeps the newest).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pipeline.catalog.sqlite import Catalog, utc_now
from pipeline.errors import IndexUnavailable, RecordNotFound
from pipeline.records import Record
from pipeline.search.port import IndexOutcome, SearchDocument, SearchIndex

log = logging.getLogger(__name__)
_PAGE = 500
_MAX_PARTIES = 20


def search_document(record: Record, text: str) -> SearchDocument:
    """The search document of a record: what the index needs to find, filter, count and show it."""
    named = [*record.entities.get("organisations", []), *record.entities.get("people", [])]
    return SearchDocument(
        record_id=record.id, title=record.title, body=text, class_code=record.class_code,
        access_level=record.access_level, document_date=record.document_date, station=record.station,
        language=record.language, parties=tuple(dict.fromkeys(named))[:_MAX_PARTIES], version=record.version,
    )


@dataclass(frozen=True)
class FlushReport:
    sent: int
    acknowledged: int
    still_pending: int
    error: str | None = None  # why the engine could not be reached, when it could not


class Indexer:
    def __init__(self, catalog: Catalog, index: SearchIndex, pause_seconds: float = 30.0) -> None:
        self.catalog = catalog
        self.index = index
        self._db = catalog.connection
        self._staged: list[SearchDocument] = []
        # After a failed send, records only queue for this long: an unreachable cluster must not cost every
        # record a connection timeout. flush_pending() always tries.
        self._pause_seconds = pause_seconds
        self._paused_until = 0.0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A catalog transaction; search documents staged in it are sent to the engine after it commits."""
        self._staged = []
        try:
            with self.catalog.transaction():
                yield
        except BaseException:
            self._staged = []
            raise
        staged, self._staged = self._staged, []
        if staged:
            self._send(staged)

    def stage(self, record: Record, text: str, expected_version: int | None = None) -> None:
        """Index a record written in the open `transaction()`."""
        document = search_document(record, text)
        if self.index.shares_catalog_transaction:
            self.index.add(document, expected_version)
            return
        # The catalog update in this transaction has already checked expected_version; the engine's own
        # check (every write carries the record version) keeps a late write from undoing a newer one.
        self._db.execute(
            "INSERT INTO index_queue(record_id, version, queued_at) VALUES (?, ?, ?) ON CONFLICT(record_id) "
            "DO UPDATE SET version = max(version, excluded.version)",  # it has waited since it was first queued
            (record.id, record.version, utc_now()))
        self._staged.append(document)

    def flush_pending(self, limit: int | None = None) -> FlushReport:
        """Send records waiting in the index queue (oldest first, at most `limit`)."""
        counts = [0, 0]
        error = None
        try:
            self._settle(self.index.add_many(self._pending_documents(limit)), counts)
        except IndexUnavailable as exc:
            error = exc.reason
            log.warning("index queue not sent: %s", exc)
        return FlushReport(counts[0], counts[1], self.status()["pending"], error)

    def rebuild(self) -> int:
        """Build the index again from every record in the catalog; searches go on meanwhile. Records
        changed during the rebuild are queued: call flush_pending() next."""
        mark = self._db.execute("SELECT COALESCE(MAX(id), 0) FROM audit_log").fetchone()[0]
        count = self.index.rebuild(self._all_documents())
        if not self.index.shares_catalog_transaction:
            # Records changed while the new index was filling went to the old one: queue them again.
            changed = self._db.execute(
                "SELECT DISTINCT a.record_id, r.version FROM audit_log a JOIN records r ON r.id = a.record_id "
                "WHERE a.id > ?", (mark,)).fetchall()
            with self.catalog.transaction():
                self._db.executemany(
                    "INSERT INTO index_queue(record_id, version, queued_at) VALUES (?, ?, ?) "
                    "ON CONFLICT(record_id) DO UPDATE SET version = max(version, excluded.version)",
                    [(row[0], row[1], utc_now()) for row in changed])
        return count

    def status(self) -> dict[str, Any]:
        row = self._db.execute("SELECT COUNT(*), MIN(queued_at) FROM index_queue").fetchone()
        last = self._db.execute("SELECT last_error FROM index_queue WHERE last_error IS NOT NULL "
                                "ORDER BY queued_at DESC LIMIT 1").fetchone()
        oldest = None
        if row[1]:
            oldest = round((datetime.now(UTC) - datetime.fromisoformat(row[1])).total_seconds(), 1)
        return {"pending": row[0], "oldest_pending_age_seconds": oldest, "last_error": last[0] if last else None}

    def _send(self, documents: list[SearchDocument]) -> None:
        # The records are committed whatever happens here: on any failure they wait in the queue.
        if time.monotonic() < self._paused_until:
            return
        try:
            self._settle(self.index.add_many(documents), [0, 0])
        except IndexUnavailable as exc:
            self._paused_until = time.monotonic() + self._pause_seconds
            log.warning("%d record(s) queued for the search index: %s", len(documents), exc)
        except Exception:
            self._paused_until = time.monotonic() + self._pause_seconds
            log.exception("%d record(s) queued for the search index after an unexpected error", len(documents))

    def _settle(self, outcomes: Iterator[IndexOutcome], counts: list[int]) -> None:
        """Record the engine's answers, a page per transaction; counts becomes [answered, acknowledged].
        Answers received before the engine went away are recorded too."""
        page: list[IndexOutcome] = []
        try:
            for outcome in outcomes:
                page.append(outcome)
                if len(page) == _PAGE:
                    self._record(page, counts)
                    page = []
        finally:
            self._record(page, counts)

    def _record(self, page: list[IndexOutcome], counts: list[int]) -> None:
        if not page:
            return
        with self.catalog.transaction():
            for outcome in page:
                if outcome.acknowledged:
                    self._db.execute("DELETE FROM index_queue WHERE record_id = ? AND version <= ?",
                                     (outcome.record_id, outcome.version))
                else:
                    log.warning("search index refused %s: %s", outcome.record_id, outcome.error)
                    self._db.execute("UPDATE index_queue SET attempts = attempts + 1, last_error = ? "
                                     "WHERE record_id = ?", (outcome.error, outcome.record_id))
        counts[0] += len(page)
        counts[1] += sum(outcome.acknowledged for outcome in page)

    def _pending_documents(self, limit: int | None) -> Iterator[SearchDocument]:
        # Keyset paging: rows acknowledged (deleted) meanwhile do not shift the pages.
        last, remaining = 0, limit
        while remaining is None or remaining > 0:
            size = _PAGE if remaining is None else min(_PAGE, remaining)
            rows = self._db.execute("SELECT rowid, record_id FROM index_queue WHERE rowid > ? ORDER BY rowid "
                                    "LIMIT ?", (last, size)).fetchall()
            if not rows:
                return
            for rowid, record_id in rows:
                last = rowid
                document = self._document(record_id)
                if document is not None:
                    yield document
            remaining = None if remaining is None else remaining - len(rows)

    def _all_documents(self) -> Iterator[SearchDocument]:
        last = ""
        while rows := self._db.execute("SELECT id FROM records WHERE id > ? ORDER BY id LIMIT ?",
                                       (last, _PAGE)).fetchall():
            for (record_id,) in rows:
                last = record_id
                document = self._document(record_id)
                if document is not None:
                    yield document

    def _document(self, record_id: str) -> SearchDocument | None:
        try:
            record = self.catalog.get_record(record_id)
        except RecordNotFound:
            log.warning("index queue names %s, which is not in the catalog; dropping it", record_id)
            self._db.execute("DELETE FROM index_queue WHERE record_id = ?", (record_id,))
            return None
        return search_document(record, self.catalog.record_text(record_id))
