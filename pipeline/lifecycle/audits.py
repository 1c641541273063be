"""Audits a records office runs: the audit trail, fixity of archived files, catalog/archive/index/spool
consistency, and a random sample of records for a classification-accuracy review. Each returns rows a
report can print."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from pipeline.catalog.archive import INCOMING_PREFIX, LocalArchive, sha256_file
from pipeline.catalog.integrity import TrailReport, verify_trail
from pipeline.catalog.schema import SCHEMA_VERSION
from pipeline.search.index_queue import search_document
from pipeline.search.port import document_sha256
from pipeline.workspace import Workspace, configured_audit_key

REASON_FILE = "reason.json"  # written by intake beside each quarantined file


@dataclass(frozen=True)
class Finding:
    record_id: str | None
    path: str | None
    problem: str


def verify_audit_trail(workspace: Workspace, extra_checkpoints: tuple[Path, ...] = (),
                       include_configured: bool = True) -> TrailReport:
    """The whole audit trail against the configured key, and against the configured checkpoint file and
    any exported ones."""
    files = [workspace.settings.audit_checkpoint_file] if include_configured else []
    return verify_trail(workspace.catalog.connection, configured_audit_key(workspace.settings),
                        [*files, *extra_checkpoints], SCHEMA_VERSION)


def fixity(workspace: Workspace) -> tuple[int, list[Finding]]:
    """Re-hash every archived original (and searchable copy) under this data home; report missing files
    and files whose bytes changed."""
    catalog = workspace.catalog
    findings, checked = [], 0
    for record_id, sha256, archive_path, searchable in catalog.connection.execute(
            "SELECT id, sha256, archive_path, searchable_pdf FROM records ORDER BY id").fetchall():
        checked += 1
        findings += _check_file(record_id, catalog.resolve(archive_path), sha256)
        if searchable:
            path = catalog.resolve(searchable)
            findings += _check_file(record_id, path, path.name.split(".")[0])  # content-addressed name
    return checked, findings


def _check_file(record_id: str, path: Path, sha256: str) -> list[Finding]:
    if not path.exists():
        return [Finding(record_id, str(path), "archived file is missing")]
    if sha256_file(path) != sha256:
        return [Finding(record_id, str(path), "archived file does not match its checksum")]
    return []


def consistency(workspace: Workspace) -> tuple[int, list[Finding]]:
    """Catalog, archive, search index, spool and quarantine agree: records without files, files without
    records, index documents missing, stale or without a record, and leftovers of interrupted work."""
    catalog = workspace.catalog
    records = {row[0]: (catalog.resolve(row[1]), row[2] and catalog.resolve(row[2]))
               for row in catalog.connection.execute("SELECT id, archive_path, searchable_pdf FROM records")}
    findings = [Finding(rid, str(files[0]), "catalog record without its archived file")
                for rid, files in sorted(records.items()) if not files[0].exists()]
    findings += _archive_leftovers(workspace, {path for files in records.values() for path in files if path})
    findings += _index_findings(workspace)
    findings += _spool_and_quarantine_findings(workspace)
    return len(records), findings


def _archive_leftovers(workspace: Workspace, known: set[Path]) -> list[Finding]:
    archive = LocalArchive(workspace.settings.archive_dir)
    abandoned = set(archive.abandoned_copies())
    findings = [Finding(None, str(path), "unfinished archive copy left by an interrupted filing (removed by the "
                                         "next 'watch' or 'ingest')") for path in sorted(abandoned)]
    if archive.root.exists():
        for path in sorted(p for p in archive.root.rglob("*") if p.is_file()):
            if path not in known and path not in abandoned and not path.name.startswith(INCOMING_PREFIX):
                findings.append(Finding(None, str(path), "archived file without a catalog record"))
    return findings


def _index_findings(workspace: Workspace) -> list[Finding]:
    """Compare what the index holds for each record with what the catalog says it should hold."""
    catalog, pending = workspace.catalog, set(_pending(workspace))
    indexed = {entry.record_id: entry for entry in workspace.index.inventory()}
    findings = []
    for (record_id,) in catalog.connection.execute("SELECT id FROM records ORDER BY id").fetchall():
        entry = indexed.pop(record_id, None)
        if record_id in pending:
            continue  # filed or changed, waiting in the index queue to be sent: `status` reports it
        record = catalog.get_record(record_id)
        if entry is None:
            findings.append(Finding(record_id, None, "record missing from the search index"))
        elif entry.content_sha256 is None:
            findings.append(Finding(record_id, None, "record missing from the search index (its document is there "
                                                     "but not its text: it cannot be found)"))
        elif entry.version != record.version or entry.content_sha256 != document_sha256(
                search_document(record, catalog.record_text(record_id))):
            findings.append(Finding(record_id, None, f"search index entry is stale (version {entry.version}, catalog "
                                                     f"{record.version}; content differs from the record)"))
    findings += [Finding(rid, None, "search index entry without a record") for rid in sorted(indexed)]
    return findings


def _pending(workspace: Workspace) -> list[str]:
    return [row[0] for row in workspace.catalog.connection.execute("SELECT record_id FROM index_queue")]


def _spool_and_quarantine_findings(workspace: Workspace) -> list[Finding]:
    states = dict(workspace.catalog.connection.execute("SELECT id, state FROM jobs").fetchall())
    findings = []
    spool = workspace.settings.spool_dir
    for entry in sorted(spool.iterdir()) if spool.is_dir() else []:
        state = states.get(int(entry.name)) if entry.name.isdigit() else None
        if state not in ("received", "queued", "processing"):
            findings.append(Finding(None, str(entry), f"spool entry of a job that is {state or 'unknown'} (left by an "
                                                      "interrupted job; settled when the watch service next starts)"))
    quarantine = workspace.settings.quarantine_dir
    for folder in sorted(quarantine.iterdir()) if quarantine.is_dir() else []:
        state = states.get(int(folder.name)) if folder.name.isdigit() else None
        if not (folder / REASON_FILE).exists():
            findings.append(Finding(None, str(folder), f"quarantine folder without its {REASON_FILE}"))
        if state != "failed":
            findings.append(Finding(None, str(folder), f"quarantine folder of a job that is {state or 'unknown'}"))
    return findings


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
