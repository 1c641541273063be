"""Audits a records office runs: fixity of archived files, catalog/archive/index consistency, and a
random sample of records for a classification-accuracy review. Each returns rows a report can print."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from pipeline.catalog.archive import sha256_file
from pipeline.workspace import Workspace


@dataclass(frozen=True)
class Finding:
    record_id: str | None
    path: str | None
    problem: str


def fixity(workspace: Workspace) -> tuple[int, list[Finding]]:
    """Re-hash every archived original; report missing files and files whose bytes changed."""
    findings, checked = [], 0
    for record_id, sha256, archive_path in workspace.catalog.connection.execute(
            "SELECT id, sha256, archive_path FROM records ORDER BY id").fetchall():
        checked += 1
        path = Path(archive_path)
        if not path.exists():
            findings.append(Finding(record_id, archive_path, "archived file is missing"))
        elif sha256_file(path) != sha256:
            findings.append(Finding(record_id, archive_path, "archived file does not match its checksum"))
    return checked, findings


def consistency(workspace: Workspace) -> tuple[int, list[Finding]]:
    """Records without files, files without records, and records and index entries without each other."""
    connection = workspace.catalog.connection
    records = {row[0]: row[1] for row in connection.execute("SELECT id, archive_path FROM records")}
    findings = [Finding(rid, path, "catalog record without its archived file")
                for rid, path in sorted(records.items()) if not Path(path).exists()]
    known_files = {Path(path).resolve() for path in records.values()}
    archive = workspace.settings.archive_dir
    for path in sorted(p for p in archive.rglob("*") if p.is_file()) if archive.exists() else []:
        if path.resolve() not in known_files and not path.name.startswith(".incoming-"):
            findings.append(Finding(None, str(path), "archived file without a catalog record"))
    indexed = {row[0] for row in connection.execute("SELECT record_id FROM search_docs")}
    findings += [Finding(rid, None, "record missing from the search index") for rid in sorted(set(records) - indexed)]
    findings += [Finding(rid, None, "search index entry without a record") for rid in sorted(indexed - set(records))]
    return len(records), findings


def sample(workspace: Workspace, n: int, seed: int | None = None) -> list[dict]:
    """A random sample of records for a person to check their classification."""
    ids = [row[0] for row in workspace.catalog.connection.execute("SELECT id FROM records ORDER BY id")]
    chosen = sorted(random.Random(seed).sample(ids, min(n, len(ids))))
    rows = []
    for record_id in chosen:
        record = workspace.catalog.get_record(record_id)
        rows.append({"record_id": record.id, "class_code": record.class_code, "class_source": record.class_source,
                     "confidence": record.confidence, "title": record.title, "correct_class": ""})
    return rows
