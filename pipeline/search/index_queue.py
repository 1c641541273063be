"""Keeping the search index in step with the catalog, which is the record of truth.

The embedded index writes a record's search document in the transaction that writes the record. A
separate engine (Elasticsearch) cannot join a SQLite transaction, so there the write is split:

    catalog transaction   the record + its row in `index_queue` (record id, version, index or delete)
    after the commit      the document (or the removal) goes to the engine; once acknowledged, the row
                          is deleted
    engine away           the row stays: `recordkeeper status` counts it, and the watch service or
                          `recordkeeper reindex --pending` sends it again later
    engine refuses it     (its mapping rejects the document) after `index.max_attempts` refusals the row
                          is dead-lettered: no longer sent, listed by `status`, sent again once the record
                          changes or by `reindex`

A row is deleted only for the version the engine acknowledged or a newer one, so a correction committed
while an older version was on its way stays queued. Nothing is lost between the two steps: a crash after
the commit leaves the row, and sending a version twice is harmless (the index keeps the newest).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pipeline.catalog.sqlite import Catalog, utc_now
from pipeline.errors import IndexUnavailable, RebuildRunning, RecordNotFound
from pipeline.records import Record
from pipeline.search import rebuild_guard
from pipeline.search.port import IndexOutcome, Removal, SearchDocument, SearchIndex

log = logging.getLogger(__name__)
_PAGE = 500
_MAX_PARTIES = 20
# A destroyed record's removal outranks every version the record reached, so no delayed write of it is
# accepted after the removal (record ids are never reused).
GONE_VERSION = 2**62
_QUEUE = ("INSERT INTO index_queue(record_id, version, queued_at, operation) VALUES (?, ?, ?, ?) "
          "ON CONFLICT(record_id) DO UPDATE SET version = max(version, excluded.version), "
          "operation = excluded.operation, dead_at = NULL, attempts = 0")  # waited since first queued


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


@dataclass(frozen=True)
class RebuildReport:
    indexed: int
    left_out: list[str] = field(default_factory=list)  # refused by the engine: dead-lettered


class Indexer:
    def __init__(self, catalog: Catalog, index: SearchIndex, pause_seconds: float = 30.0,
                 max_attempts: int = 5) -> None:
        self.catalog = catalog
        self.index = index
        self._db = catalog.connection
        self._staged: list[SearchDocument] = []
        self._staged_removals: list[Removal] = []
        # After a failed send, records only queue for this long: an unreachable cluster must not cost every
        # record a connection timeout. flush_pending() always tries.
        self._pause_seconds = pause_seconds
        self._paused_until = 0.0
        self._max_attempts = max_attempts

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A catalog transaction; search documents staged in it are sent to the engine after it commits."""
        self._staged, self._staged_removals = [], []
        try:
            with self.catalog.transaction():
                yield
        except BaseException:
            self._staged, self._staged_removals = [], []
            raise
        staged, self._staged = self._staged, []
        removals, self._staged_removals = self._staged_removals, []
        if staged or removals:
            self._send(staged, removals)

    def stage(self, record: Record, text: str, expected_version: int | None = None) -> None:
        """Index a record written in the open `transaction()`."""
        document = search_document(record, text)
        if self.index.shares_catalog_transaction:
            self.index.add(document, expected_version)
            return
        # The catalog update in this transaction has already checked expected_version; the engine's own
        # check (every write carries the record version) keeps a late write from undoing a newer one.
        self._db.execute(_QUEUE, (record.id, record.version, utc_now(), "index"))
        self._staged.append(document)

    def stage_removal(self, record_id: str) -> None:
        """Take a record destroyed in the open `transaction()` out of the index."""
        if self.index.shares_catalog_transaction:
            self.index.remove(record_id)
            return
        self._db.execute(_QUEUE, (record_id, GONE_VERSION, utc_now(), "delete"))
        self._staged_removals.append(Removal(record_id, GONE_VERSION))

    def flush_pending(self, limit: int | None = None) -> FlushReport:
        """Send records waiting in the index queue (oldest first, at most `limit` of each kind)."""
        counts = [0, 0]
        error = None
        try:
            self._finish_catch_up()
            self._settle(self.index.remove_many(self._pending_removals(limit)), counts)
            self._settle(self.index.add_many(self._pending_documents(limit)), counts)
        except IndexUnavailable as exc:
            error = exc.reason
            log.warning("index queue not sent: %s", exc)
        return FlushReport(counts[0], counts[1], self.status()["pending"], error)

    def rebuild(self) -> RebuildReport:
        """Build the index again from every record in the catalog; searches go on meanwhile. Records
        changed during the rebuild are queued: call flush_pending() next."""
        if self.index.shares_catalog_transaction:
            return RebuildReport(self.index.rebuild(self._all_documents()))
        rebuild_guard.acquire(self.catalog)
        left_out: list[IndexOutcome] = []
        try:
            self.index.remove_unfinished()  # no other rebuild runs: what is left is a crashed one's
            count = self.index.rebuild(self._all_documents(), refused=left_out.append)
            with self.catalog.transaction():
                self._queue_catch_up()
                for outcome in left_out:
                    self._db.execute(_QUEUE, (outcome.record_id, outcome.version, utc_now(), "index"))
                    self._db.execute("UPDATE index_queue SET attempts = ?, last_error = ?, dead_at = ? "
                                     "WHERE record_id = ?",
                                     (self._max_attempts, outcome.error, utc_now(), outcome.record_id))
        finally:
            rebuild_guard.release(self.catalog)
        return RebuildReport(count, [outcome.record_id for outcome in left_out])

    def remove_unfinished(self) -> list[str]:
        """Delete the indices an interrupted rebuild left, unless a rebuild is running now."""
        if self.index.shares_catalog_transaction:
            return []
        try:  # held while cleaning, so no rebuild can start and create an index this would take for an orphan
            rebuild_guard.acquire(self.catalog, catch_up=False)
        except RebuildRunning:
            return []
        try:
            return self.index.remove_unfinished()
        finally:
            rebuild_guard.release(self.catalog)

    def status(self) -> dict[str, Any]:
        row = self._db.execute("SELECT COUNT(*), MIN(queued_at) FROM index_queue WHERE dead_at IS NULL").fetchone()
        last = self._db.execute("SELECT last_error FROM index_queue WHERE last_error IS NOT NULL "
                                "ORDER BY queued_at DESC LIMIT 1").fetchone()
        dead = [dict(zip(("record_id", "error", "since"), r, strict=True)) for r in self._db.execute(
            "SELECT record_id, last_error, dead_at FROM index_queue WHERE dead_at IS NOT NULL ORDER BY dead_at")]
        oldest = None
        if row[1]:
            oldest = round((datetime.now(UTC) - datetime.fromisoformat(row[1])).total_seconds(), 1)
        holder = rebuild_guard.running(self.catalog)
        return {"pending": row[0], "oldest_pending_age_seconds": oldest, "last_error": last[0] if last else None,
                "dead_letter": dead, "rebuild_running_since": holder["since"] if holder else None}

    def _send(self, documents: list[SearchDocument], removals: list[Removal]) -> None:
        # The records are committed whatever happens here: on any failure they wait in the queue.
        if time.monotonic() < self._paused_until:
            return
        try:
            if removals:
                self._settle(self.index.remove_many(removals), [0, 0])
            if documents:
                self._settle(self.index.add_many(documents), [0, 0])
        except IndexUnavailable as exc:
            self._paused_until = time.monotonic() + self._pause_seconds
            log.warning("%d record(s) queued for the search index: %s", len(documents) + len(removals), exc)
        except Exception:
            self._paused_until = time.monotonic() + self._pause_seconds
            log.exception("%d record(s) queued for the search index after an unexpected error",
                          len(documents) + len(removals))

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
                    self._acknowledge(outcome)
                else:
                    self._refused(outcome)
        counts[0] += len(page)
        counts[1] += sum(outcome.acknowledged for outcome in page)

    def _acknowledge(self, outcome: IndexOutcome) -> None:
        self._db.execute("DELETE FROM index_queue WHERE record_id = ? AND version <= ?",
                         (outcome.record_id, outcome.version))
        if outcome.version < GONE_VERSION and self._destroyed(outcome.record_id):
            # A write that reached the engine after the record was destroyed (a retry, a slow batch), later
            # than the removal's tombstone lasts there (index.gc_deletes): take it out again.
            self._db.execute(_QUEUE, (outcome.record_id, GONE_VERSION, utc_now(), "delete"))

    def _refused(self, outcome: IndexOutcome) -> None:
        log.warning("search index refused %s: %s", outcome.record_id, outcome.error)
        self._db.execute("UPDATE index_queue SET attempts = attempts + 1, last_error = ? WHERE record_id = ?",
                         (outcome.error, outcome.record_id))
        if outcome.permanent:  # a busy engine never dead-letters a record: only its own refusal does
            self._db.execute("UPDATE index_queue SET dead_at = ? WHERE record_id = ? AND attempts >= ? "
                             "AND dead_at IS NULL", (utc_now(), outcome.record_id, self._max_attempts))

    def _destroyed(self, record_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM records WHERE id = ?", (record_id,)).fetchone() is None

    def _finish_catch_up(self) -> None:
        """Queue the catch-up of a rebuild that crashed after switching the alias (see rebuild_guard)."""
        if rebuild_guard.catch_up_mark(self.catalog) is None or rebuild_guard.running(self.catalog):
            return
        log.warning("an earlier rebuild did not finish its catch-up: queuing the records it would have sent")
        with self.catalog.transaction():
            self._queue_catch_up()

    def _queue_catch_up(self) -> None:
        """Queue every record changed or destroyed since the rebuild began; call inside a transaction."""
        self._db.executemany(_QUEUE, [
            (record_id, version, utc_now(), "index") if version is not None
            else (record_id, GONE_VERSION, utc_now(), "delete")
            for record_id, version in rebuild_guard.take_catch_up(self.catalog)])

    def _pending_removals(self, limit: int | None) -> Iterator[Removal]:
        for record_id, version in self._pending("delete", limit):
            yield Removal(record_id, version)

    def _pending_documents(self, limit: int | None) -> Iterator[SearchDocument]:
        for record_id, _version in self._pending("index", limit):
            document = self._document(record_id)
            if document is not None:
                yield document

    def _pending(self, operation: str, limit: int | None) -> Iterator[tuple[str, int]]:
        # Keyset paging: rows acknowledged (deleted) meanwhile do not shift the pages.
        last, remaining = 0, limit
        while remaining is None or remaining > 0:
            size = _PAGE if remaining is None else min(_PAGE, remaining)
            rows = self._db.execute("SELECT rowid, record_id, version FROM index_queue WHERE rowid > ? AND "
                                    "operation = ? AND dead_at IS NULL ORDER BY rowid LIMIT ?",
                                    (last, operation, size)).fetchall()
            if not rows:
                return
            for rowid, record_id, version in rows:
                last = rowid
                yield record_id, version
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
            # Destroyed since it was queued: its removal is what the index needs now.
            self._db.execute(_QUEUE, (record_id, GONE_VERSION, utc_now(), "delete"))
            return None
        return search_document(record, self.catalog.record_text(record_id))
