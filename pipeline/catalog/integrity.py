"""`audit verify` in full: the chain and its seals, the head, the append-only triggers, the catalog's
schema and file integrity, and the checkpoints kept outside it.

Each check says what it proved in `TrailReport.checks`, so the report an auditor files names what was
verified, not only that nothing was found.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.catalog import audit_checkpoints
from pipeline.catalog.audit_key import AuditKey
from pipeline.catalog.audit_trail import FINGERPRINT_KEY, ChainProblem, meta_value, verify_chain

# The append-only guarantee: each trigger and what its definition must say.
APPEND_ONLY_TRIGGERS = {"audit_log_no_update": "BEFORE UPDATE ON audit_log",
                        "audit_log_no_delete": "BEFORE DELETE ON audit_log"}
AUDIT_LOG_COLUMNS = ["id", "at", "actor", "action", "record_id", "details", "prev_hash", "entry_hash", "seal"]


@dataclass
class TrailReport:
    entries: int = 0
    problems: list[ChainProblem] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)  # what was verified, in words

    def problem(self, text: str, entry_id: int | None = None) -> None:
        self.problems.append(ChainProblem(entry_id, text))


def verify_trail(connection: sqlite3.Connection, key: AuditKey | None, checkpoint_files: list[Path],
                 schema_version: int) -> TrailReport:
    report = TrailReport()
    _check_file_and_schema(connection, schema_version, report)
    _check_triggers(connection, report)
    recorded = meta_value(connection, FINGERPRINT_KEY)
    if key is None:
        report.problem("no audit key is configured, so the seals cannot be checked: only the public hash chain "
                       "was verified, which anyone able to write the catalog can recompute")
    elif recorded != key.fingerprint:
        report.problem(f"the catalog names audit key {recorded or '(none)'}, but the key given is {key.fingerprint}")
        key = None
    report.entries, chain_problems = verify_chain(connection, key)
    report.problems += chain_problems
    report.checks.append(f"{report.entries} entries: hash chain" + (f", seals (key {recorded}) and sealed head"
                                                                     if key else " and head"))
    if key is not None:
        for path in checkpoint_files:
            count, problems = audit_checkpoints.check_against(connection, key, path)
            report.problems += [ChainProblem(None, text) for text in problems]
            report.checks.append(f"{count} checkpoint(s) in {path}" if count else f"no checkpoints in {path} yet")
    return report


def _check_file_and_schema(connection: sqlite3.Connection, schema_version: int, report: TrailReport) -> None:
    result = connection.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        report.problem(f"the catalog file is damaged (SQLite quick_check: {result})")
    columns = [row[1] for row in connection.execute("PRAGMA table_info(audit_log)")]
    if columns != AUDIT_LOG_COLUMNS:
        report.problem(f"the audit_log table has columns {columns}, not {AUDIT_LOG_COLUMNS}")
    kind = connection.execute("SELECT type FROM sqlite_master WHERE name = 'audit_log'").fetchone()
    if kind is None or kind[0] != "table":
        report.problem("audit_log is not a table")
    version = meta_value(connection, "schema_version")
    if version != str(schema_version):
        report.problem(f"the catalog's schema version is {version}, this release expects {schema_version}")
    report.checks.append(f"catalog file (quick_check) and schema version {schema_version}")


def _check_triggers(connection: sqlite3.Connection, report: TrailReport) -> None:
    found = {row[0]: " ".join((row[1] or "").split()) for row in connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")}
    for name, clause in APPEND_ONLY_TRIGGERS.items():
        sql = found.pop(name, None)
        if sql is None:
            report.problem(f"the append-only trigger {name} is missing: entries can be changed or deleted")
        elif clause not in sql or "RAISE(ABORT" not in sql:
            report.problem(f"the append-only trigger {name} was altered: {sql}")
    for name in found:
        report.problem(f"an unexpected trigger {name} acts on the audit log")
    report.checks.append("append-only triggers present and unaltered")
