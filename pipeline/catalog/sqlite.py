"""The catalog port's embedded adapter: records, pages, jobs and the audit log in one SQLite file.

WAL mode lets searches read while intake writes. Writes that belong together (a record, its pages and
its search document, or its place in the index queue) go through `transaction()` so a reader sees all of
them or none.

Files are named relative to the data home (the catalog's folder), so a data home copied or restored to
another path is whole: `archive/ab/cd/<sha256>.pdf`, never `/srv/old-home/archive/...`. Records read from
the catalog carry absolute paths under the home it was opened from.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pipeline.catalog import audit_trail
from pipeline.catalog.account_schema import ACCOUNTS_ADDED_COLUMNS, ACCOUNTS_SCHEMA
from pipeline.catalog.audit_key import AuditKey
from pipeline.catalog.schema import (
    ADDED_COLUMNS,
    CORE_SCHEMA,
    INDEX_QUEUE_TABLE,
    SCHEMA_VERSION,
    SEARCH_FOLDING_VERSION,
    make_paths_relative,
    queue_every_record_for_indexing,
)
from pipeline.errors import AuditKeyError, CatalogError, RecordNotFound, VersionConflict
from pipeline.file_plan import AccessLevel
from pipeline.pages import PageText
from pipeline.records import Record

_JSON_COLUMNS = ("text_methods", "metadata", "entities", "pii_flags")

# Retention, holds, disposition, physical custody: the records-lifecycle half of the catalog.
LIFECYCLE_SCHEMA = """
CREATE TABLE IF NOT EXISTS holds (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, reason TEXT NOT NULL, query TEXT,
    created_by TEXT NOT NULL, created_at TEXT NOT NULL, released_by TEXT, released_at TEXT
);
CREATE TABLE IF NOT EXISTS record_holds (
    hold_id INTEGER NOT NULL REFERENCES holds(id), record_id TEXT NOT NULL, PRIMARY KEY (hold_id, record_id)
);
CREATE TABLE IF NOT EXISTS disposition_batches (
    id INTEGER PRIMARY KEY, state TEXT NOT NULL, as_of TEXT NOT NULL, created_by TEXT NOT NULL,
    created_at TEXT NOT NULL, decided_by TEXT, decided_at TEXT, reason TEXT
);
CREATE TABLE IF NOT EXISTS disposition_items (
    batch_id INTEGER NOT NULL REFERENCES disposition_batches(id), record_id TEXT NOT NULL, action TEXT NOT NULL,
    outcome TEXT, PRIMARY KEY (batch_id, record_id)
);
CREATE TABLE IF NOT EXISTS tombstones (
    record_id TEXT PRIMARY KEY, class_code TEXT NOT NULL, sha256 TEXT NOT NULL, document_date TEXT,
    received_at TEXT NOT NULL, disposition_date TEXT, action TEXT NOT NULL, batch_id INTEGER NOT NULL,
    approved_by TEXT NOT NULL, disposed_at TEXT NOT NULL, files TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS physical_custody (
    record_id TEXT PRIMARY KEY, site TEXT, room TEXT, shelf TEXT, box TEXT,
    charged_to TEXT, charged_since TEXT, due_back TEXT
);
"""


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Catalog:
    def __init__(self, connection: sqlite3.Connection, home: Path) -> None:
        self.connection = connection
        self.home = home  # the data home: stored file paths are relative to it
        self.upgraded = False  # open() added tables an earlier release did not have
        self.records_queued_for_indexing = 0  # by the upgrade, to be indexed again
        self.audit_key: AuditKey | None = None  # set by use_audit_key(); seals every entry
        self.paths_made_relative = 0  # absolute file paths an upgrade made relative to the home

    @classmethod
    def open(cls, path: Path, create: bool = False) -> Catalog:
        if not create and not path.exists():
            raise CatalogError(f"no catalog at {path}")
        path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: transactions are opened explicitly, so their extent is visible in code.
        # One connection is used by one request or worker at a time, but may cross threads within it (the web
        # server opens it in a worker thread and may finish the request on its event loop).
        connection = sqlite3.connect(path, isolation_level=None, timeout=30.0, check_same_thread=False)
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA journal_mode=WAL")
        # FULL: every commit is on disk before it returns. Intake deletes the spooled original right after
        # its record commits, and checkpoints outside the catalog name audit entries: with NORMAL a power
        # cut could take back a commit that the file system and the checkpoint file already rely on.
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("PRAGMA foreign_keys=ON")
        catalog = cls(connection, path.parent.absolute())
        # A catalog made by an earlier release lacks the tables and columns added since: add them in place.
        catalog.upgraded = not create and (catalog._schema_version() < SCHEMA_VERSION or catalog._lacks("index_queue"))
        if create or catalog.upgraded:
            catalog._create_schema()
        return catalog

    def _lacks(self, table: str) -> bool:
        return self.connection.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone() is None

    def _schema_version(self) -> int:
        try:
            row = self.connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except sqlite3.OperationalError:
            return 0
        return int(row[0]) if row else 0

    def _create_schema(self) -> None:
        previous_version = self._schema_version()
        # executescript runs the whole schema (triggers contain semicolons); every statement is idempotent.
        self.connection.executescript(CORE_SCHEMA + LIFECYCLE_SCHEMA + ACCOUNTS_SCHEMA + INDEX_QUEUE_TABLE + ";")
        self._drop_index_queue_foreign_key()
        for table, column, declaration in [*ADDED_COLUMNS, *ACCOUNTS_ADDED_COLUMNS]:
            present = {row[1] for row in self.connection.execute(f"PRAGMA table_info({table})")}
            if column not in present:
                self.connection.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
        with self.transaction():
            if previous_version < 7:
                self._make_paths_relative()
            if 0 < previous_version < SEARCH_FOLDING_VERSION:
                self.records_queued_for_indexing = queue_every_record_for_indexing(self.connection, utc_now())
            self.connection.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )

    def _make_paths_relative(self) -> None:
        # The audit entry saying so is written by whoever opens the catalog with its audit key.
        self.paths_made_relative = make_paths_relative(self.connection)

    def use_audit_key(self, key: AuditKey | None) -> None:
        """Seal entries with this key from now on. A catalog that was sealed refuses unsealed entries."""
        self.audit_key = key

    def stored_path(self, path: Path | str) -> str:
        """How a file under the data home is named in the catalog: relative to the home."""
        candidate = Path(path)
        if candidate.is_absolute() and candidate.is_relative_to(self.home):
            return str(candidate.relative_to(self.home))
        return str(candidate)

    def resolve(self, stored: str) -> Path:
        """The file a catalog path names, under the home this catalog was opened from."""
        return self.home / stored

    def _drop_index_queue_foreign_key(self) -> None:
        # Schema 6 tied index_queue rows to live records; SQLite cannot drop a constraint, so copy the table.
        if not self.connection.execute("PRAGMA foreign_key_list(index_queue)").fetchall():
            return
        with self.transaction():
            self.connection.execute("ALTER TABLE index_queue RENAME TO index_queue_v6")
            self.connection.execute(INDEX_QUEUE_TABLE)
            self.connection.execute("INSERT INTO index_queue(record_id, version, queued_at, attempts, last_error) "
                                    "SELECT record_id, version, queued_at, attempts, last_error FROM index_queue_v6")
            self.connection.execute("DROP TABLE index_queue_v6")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield self.connection
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    def close(self) -> None:
        self.connection.close()

    # Records -------------------------------------------------------------------------------------

    def record_id_for_checksum(self, sha256: str) -> str | None:
        row = self.connection.execute("SELECT id FROM records WHERE sha256 = ?", (sha256,)).fetchone()
        return row["id"] if row else None

    def allocate_record_id(self, class_code: str, year: int) -> str:
        """Next id in the class's yearly sequence; call inside a transaction."""
        prefix = f"{class_code}-{year}"
        row = self.connection.execute(
            "INSERT INTO record_sequences(prefix, last) VALUES (?, 1) "
            "ON CONFLICT(prefix) DO UPDATE SET last = last + 1 RETURNING last",
            (prefix,),
        ).fetchone()
        return f"{prefix}-{row['last']:06d}"

    def insert_record(self, record: Record, pages: list[PageText], source_path: str) -> None:
        data = _row_values(record, self)
        columns = ", ".join(data)
        placeholders = ", ".join(f":{key}" for key in data)
        self.connection.execute(f"INSERT INTO records ({columns}) VALUES ({placeholders})", data)
        self.connection.executemany(
            "INSERT INTO pages(record_id, number, text, method, ocr_confidence, rotation, preparation, "
            "low_confidence_words) VALUES (?,?,?,?,?,?,?,?)",
            [(record.id, p.number, p.text, p.method.value, p.ocr_confidence, p.rotation, json.dumps(p.preparation),
              json.dumps(p.low_confidence_words)) for p in pages],
        )
        self.add_source(record.id, source_path, record.received_at)

    def update_record(self, record: Record, expected_version: int) -> None:
        """Write a changed record; raises VersionConflict when it changed since `expected_version`."""
        data = _row_values(record, self)
        assignments = ", ".join(f"{key} = :{key}" for key in data if key != "id")
        cursor = self.connection.execute(
            f"UPDATE records SET {assignments} WHERE id = :id AND version = :expected_version",
            {**data, "expected_version": expected_version},
        )
        if cursor.rowcount == 0:
            current = self.get_record(record.id)
            raise VersionConflict(
                f"record {record.id} is at version {current.version}, not {expected_version}"
            )

    def review_queue(self, limit: int = 100) -> list[Record]:
        """Records waiting for a person, ordered so each answer teaches the classifier most: the least
        certain first, taking turns between the classes they were filed in, so one batch of look-alike
        records does not fill the top of the queue."""
        rows = self.connection.execute(
            "SELECT * FROM records WHERE needs_review = 1 AND class_source != 'human' "
            "ORDER BY confidence, received_at, id")
        by_class: dict[str, list[Record]] = {}
        for row in rows:
            by_class.setdefault(row["class_code"], []).append(_record_from_row(row, self))
        queue: list[Record] = []
        turn = 0
        while len(queue) < limit and any(turn < len(members) for members in by_class.values()):
            round_ = [members[turn] for members in by_class.values() if turn < len(members)]
            queue += sorted(round_, key=lambda record: (record.confidence, record.received_at, record.id))
            turn += 1
        return queue[:limit]

    def records_for_reprocess(self, class_code: str | None) -> list[str]:
        sql = "SELECT id FROM records WHERE class_source != 'human'"
        params: tuple = ()
        if class_code:
            sql += " AND class_code = ?"
            params = (class_code,)
        return [row[0] for row in self.connection.execute(sql + " ORDER BY id", params)]

    def human_decisions(self) -> list[tuple[str, str, str]]:
        """(record id, class code, full text) of every record a person classified."""
        rows = self.connection.execute(
            "SELECT r.id, r.class_code, group_concat(p.text, char(12)) FROM records r "
            "JOIN pages p ON p.record_id = r.id WHERE r.class_source = 'human' GROUP BY r.id ORDER BY r.id")
        return [(row[0], row[1], row[2] or "") for row in rows]

    def decisions_since(self, moment: str) -> int:
        """How many records a person reclassified or accepted after `moment` (an ISO timestamp, UTC)."""
        return self.connection.execute(
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('reclassified', 'accepted') AND at > ?",
            (moment,)).fetchone()[0]

    def record_text(self, record_id: str) -> str:
        return "\f".join(page["text"] for page in self.get_pages(record_id))

    def add_source(self, record_id: str, source_path: str, received_at: str) -> None:
        self.connection.execute(
            "INSERT INTO record_sources(record_id, source_path, received_at) VALUES (?, ?, ?)",
            (record_id, source_path, received_at),
        )

    def get_record(self, record_id: str) -> Record:
        row = self.connection.execute("SELECT * FROM records WHERE id = ?", (record_id,)).fetchone()
        if row is None:
            raise RecordNotFound(f"no record with id '{record_id}'")
        return _record_from_row(row, self)

    def get_pages(self, record_id: str) -> list[dict[str, Any]]:
        rows = self.connection.execute(
            "SELECT number, text, method, ocr_confidence, rotation, preparation, low_confidence_words FROM pages "
            "WHERE record_id = ? ORDER BY number", (record_id,))
        return [{**dict(row), "preparation": json.loads(row["preparation"]),
                 "low_confidence_words": json.loads(row["low_confidence_words"])} for row in rows]

    def get_sources(self, record_id: str) -> list[dict[str, Any]]:
        rows = self.connection.execute(
            "SELECT source_path, received_at FROM record_sources WHERE record_id = ? ORDER BY rowid", (record_id,)
        )
        return [dict(row) for row in rows]

    # Audit ---------------------------------------------------------------------------------------

    def audit(self, action: str, record_id: str | None, details: dict[str, Any], actor: str = "system") -> None:
        """Append to the hash-chained, sealed audit trail; call inside a transaction."""
        if self.audit_key is None and audit_trail.meta_value(self.connection, audit_trail.FINGERPRINT_KEY):
            raise AuditKeyError("the audit trail is sealed, but no audit key is available to seal this entry")
        audit_trail.append(self.connection, utc_now(), actor, action, record_id,
                           json.dumps(details, sort_keys=True, ensure_ascii=False), self.audit_key)

    def audit_entries(self, record_id: str) -> list[dict[str, Any]]:
        rows = self.connection.execute(
            "SELECT at, actor, action, details FROM audit_log WHERE record_id = ? ORDER BY id", (record_id,)
        )
        return [{**dict(row), "details": json.loads(row["details"])} for row in rows]

    def status(self) -> dict[str, Any]:
        classes = dict(
            self.connection.execute("SELECT class_code, COUNT(*) FROM records GROUP BY class_code ORDER BY 1")
        )
        records = self.connection.execute("SELECT COUNT(*), SUM(needs_review) FROM records").fetchone()
        return {"records": records[0], "needs_review": records[1] or 0, "classes": classes}


def _row_values(record: Record, catalog: Catalog) -> dict[str, Any]:
    data = record.to_json()
    data["archive_path"] = catalog.stored_path(record.archive_path)
    if record.searchable_pdf:
        data["searchable_pdf"] = catalog.stored_path(record.searchable_pdf)
    data["access_level"] = int(record.access_level)
    data["needs_review"] = int(record.needs_review)
    for key in _JSON_COLUMNS:
        data[key] = json.dumps(data[key], sort_keys=True)
    return data


def _record_from_row(row: sqlite3.Row, catalog: Catalog) -> Record:
    data = dict(row)
    data["archive_path"] = str(catalog.resolve(data["archive_path"]))
    if data["searchable_pdf"]:
        data["searchable_pdf"] = str(catalog.resolve(data["searchable_pdf"]))
    data["access_level"] = AccessLevel(data["access_level"])
    data["needs_review"] = bool(data["needs_review"])
    for key in _JSON_COLUMNS:
        data[key] = json.loads(data[key])
    for key in ("document_date", "disposition_date"):
        data[key] = date.fromisoformat(data[key]) if data[key] else None
    return Record(**data)
