"""The catalog's core tables (records, pages, jobs, index queue, audit log) and their upgrades.

The records-lifecycle and accounts tables are in `sqlite.py` beside the code that owns them.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

# 7: file paths relative to the data home; 8: the index queue carries removals (no foreign key);
# 9: search text folded for scripts without spaces (Chinese, Japanese) and Arabic marks: every record is
# queued to be indexed again.
SCHEMA_VERSION = 9
# The first version whose search documents are folded as today's: records indexed before are queued again.
SEARCH_FOLDING_VERSION = 9
# Columns added after a table was first released: added in place to catalogs made by older versions.
ADDED_COLUMNS = [("pages", "preparation", "TEXT NOT NULL DEFAULT '[]'"),
                  ("pages", "low_confidence_words", "TEXT NOT NULL DEFAULT '[]'"),
                  ("records", "searchable_pdf", "TEXT"),
                  ("tombstones", "files", "TEXT NOT NULL DEFAULT '[]'"),
                  ("audit_log", "seal", "TEXT")]
# Columns holding a path under the data home; catalogs before version 7 stored them absolute.
HOME_PATHS = (("records", "archive_path", "archive"), ("records", "searchable_pdf", "archive"),
               ("jobs", "spool_path", "spool"))
# No foreign key to records: a destroyed record's removal from the search index waits here too.
# operation: 'index' or 'delete'; dead_at: refused by the engine max_attempts times, no longer sent.
INDEX_QUEUE_TABLE = """CREATE TABLE IF NOT EXISTS index_queue (
    record_id TEXT PRIMARY KEY, version INTEGER NOT NULL, queued_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, operation TEXT NOT NULL DEFAULT 'index', dead_at TEXT
)"""
CORE_SCHEMA = """
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
CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
    record_id TEXT, details TEXT NOT NULL DEFAULT '{}', prev_hash TEXT NOT NULL, entry_hash TEXT NOT NULL,
    seal TEXT
);
CREATE INDEX IF NOT EXISTS audit_record ON audit_log(record_id);
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""



def make_paths_relative(connection: sqlite3.Connection) -> int:
    """Catalogs before version 7 named files by absolute path. The archive and spool are laid out by
    checksum and job, so the path's tail from its `archive/` or `spool/` folder on is the file's place in
    any home, even for a catalog already moved from the home it was made in. Returns the paths changed."""
    changed = 0
    for table, column, folder in HOME_PATHS:
        rows = connection.execute(f"SELECT rowid, {column} FROM {table} WHERE {column} LIKE '/%'").fetchall()
        for rowid, stored in rows:
            parts = Path(stored).parts
            if folder in parts:
                relative = Path(*parts[len(parts) - parts[::-1].index(folder) - 1:])
                connection.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = ?", (str(relative), rowid))
                changed += 1
    return changed


def queue_every_record_for_indexing(connection: sqlite3.Connection, now: str) -> int:
    """Put every record in the index queue, so the search index is written again with today's folding
    (the watch service or `recordkeeper reindex --pending` sends them). Returns the number queued."""
    return connection.execute(
        "INSERT INTO index_queue(record_id, version, queued_at, operation) SELECT id, version, ?, 'index' "
        "FROM records WHERE true ON CONFLICT(record_id) DO UPDATE SET version = max(version, excluded.version), "
        "operation = 'index', dead_at = NULL, attempts = 0", (now,)).rowcount
