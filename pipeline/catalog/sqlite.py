"""The catalog port's embedded adapter: records, pages, jobs and the audit log in one SQLite file.

WAL mode lets searches read while intake writes. Writes that belong together (a record, its pages and
its search document, or its place in the index queue) go through `transaction()` so a reader sees all of
them or none.
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
from pipeline.errors import CatalogError, RecordNotFound, VersionConflict
from pipeline.file_plan import AccessLevel
from pipeline.pages import PageText
from pipeline.records import Record

SCHEMA_VERSION = 7
# Columns added after a table was first released: added in place to catalogs made by older versions.
_ADDED_COLUMNS = [("pages", "preparation", "TEXT NOT NULL DEFAULT '[]'"),
                  ("pages", "low_confidence_words", "TEXT NOT NULL DEFAULT '[]'"),
                  ("records", "searchable_pdf", "TEXT"),
                  ("tombstones", "files", "TEXT NOT NULL DEFAULT '[]'"), *ACCOUNTS_ADDED_COLUMNS]
_JSON_COLUMNS = ("text_methods", "metadata", "entities", "pii_flags")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    id TEXT PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, class_code TEXT NOT NULL,
    class_source TEXT NOT NULL, confidence REAL NOT NULL, explanation TEXT NOT NULL,
    title TEXT NOT NULL, original_name TEXT NOT NULL, media_type TEXT NOT NULL,
    page_count INTEGER NOT NULL, received_at TEXT NOT NULL, access_level INTEGER NOT NULL,
    retention_rule TEXT NOT NULL, archive_path TEXT NOT NULL, needs_review INTEGER NOT NULL,
    document_date TEXT, disposition_date TEXT, ocr_confidence REAL, language TEXT, station TEXT,
    text_methods TEXT NOT NULL DEFAULT '[]', metadata TEXT NOT NULL DEFAULT '{}',
    entities TEXT NOT NULL DEFAULT '{}', pii_flags TEXT NOT NULL DEFAULT '{}', model_version TEXT,
    searchable_pdf TEXT,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS records_class ON records(class_code);
CREATE TABLE IF NOT EXISTS record_sequences (prefix TEXT PRIMARY KEY, last INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS record_sources (
    record_id TEXT NOT NULL REFERENCES records(id), source_path TEXT NOT NULL, received_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pages (
    record_id TEXT NOT NULL REFERENCES records(id), number INTEGER NOT NULL, text TEXT NOT NULL,
    method TEXT NOT NULL, ocr_confidence REAL, rotation INTEGER NOT NULL DEFAULT 0,
    preparation TEXT NOT NULL DEFAULT '[]', low_confidence_words TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (record_id, number)
);
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY, source_path TEXT NOT NULL, sha256 TEXT, station TEXT,
    state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, error_code TEXT, error_reason TEXT,
    record_id TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    original_name TEXT, spool_path TEXT, worker_pid INTEGER, started_at REAL, finished_at REAL
);
CREATE INDEX IF NOT EXISTS jobs_state ON jobs(state);
CREATE TABLE IF NOT EXISTS index_queue (
    record_id TEXT PRIMARY KEY REFERENCES records(id), version INTEGER NOT NULL, queued_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT
);
CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
    record_id TEXT, details TEXT NOT NULL DEFAULT '{}', prev_hash TEXT NOT NULL, entry_hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_record ON audit_log(record_id);
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


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
    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.upgraded = False  # open() added tables an earlier release did not have

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
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA foreign_keys=ON")
        catalog = cls(connection)
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
        # executescript runs the whole schema (triggers contain semicolons); every statement is idempotent.
        self.connection.executescript(_SCHEMA + LIFECYCLE_SCHEMA + ACCOUNTS_SCHEMA)
        for table, column, declaration in _ADDED_COLUMNS:
            present = {row[1] for row in self.connection.execute(f"PRAGMA table_info({table})")}
            if column not in present:
                self.connection.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
        with self.transaction():
            self.connection.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )

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
        data = _row_values(record)
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
        data = _row_values(record)
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
        rows = self.connection.execute(
            "SELECT * FROM records WHERE needs_review = 1 AND class_source != 'human' "
            "ORDER BY confidence, received_at LIMIT ?", (limit,))
        return [_record_from_row(row) for row in rows]

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
        return _record_from_row(row)

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
        """Append to the hash-chained audit trail; call inside a transaction."""
        audit_trail.append(self.connection, utc_now(), actor, action, record_id,
                           json.dumps(details, sort_keys=True, ensure_ascii=False))

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


def _row_values(record: Record) -> dict[str, Any]:
    data = record.to_json()
    data["access_level"] = int(record.access_level)
    data["needs_review"] = int(record.needs_review)
    for key in _JSON_COLUMNS:
        data[key] = json.dumps(data[key], sort_keys=True)
    return data


def _record_from_row(row: sqlite3.Row) -> Record:
    data = dict(row)
    data["access_level"] = AccessLevel(data["access_level"])
    data["needs_review"] = bool(data["needs_review"])
    for key in _JSON_COLUMNS:
        data[key] = json.loads(data[key])
    for key in ("document_date", "disposition_date"):
        data[key] = date.fromisoformat(data[key]) if data[key] else None
    return Record(**data)
