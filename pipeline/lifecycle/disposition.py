"""Disposition: due, unheld records proposed in a batch; a records manager approves or rejects it.

On approval each record is transferred (exported with its metadata and checksums) or destroyed: its
catalog entry, pages and search document are removed and a tombstone kept (id, class, checksum, dates,
who approved), then the archived file is overwritten and deleted. Approval can be run again after a
crash: it continues with the records not yet done. A certificate (CSV and PDF) lists every record.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline.catalog.archive import sha256_file
from pipeline.catalog.sqlite import utc_now
from pipeline.errors import DispositionError, RecordNotFound
from pipeline.lifecycle.certificate import write_certificate
from pipeline.lifecycle.holds import active_holds
from pipeline.lifecycle.retention import due_records
from pipeline.search.index_queue import Indexer
from pipeline.workspace import Workspace

_SHRED_CHUNK = 1 << 20


@dataclass(frozen=True)
class Batch:
    id: int
    state: str  # proposed, rejected, executing, executed
    as_of: str
    created_by: str
    created_at: str
    decided_by: str | None
    decided_at: str | None
    reason: str | None
    items: list[dict] = field(default_factory=list)


def propose(workspace: Workspace, as_of: date, actor: str, class_code: str | None = None) -> Batch:
    catalog = workspace.catalog
    open_items = {row[0] for row in catalog.connection.execute(
        "SELECT i.record_id FROM disposition_items i JOIN disposition_batches b ON b.id = i.batch_id "
        "WHERE b.state IN ('proposed', 'executing')")}
    eligible = [due for due in due_records(catalog, workspace.file_plan, as_of, class_code)
                if not due.holds and due.action in ("destroy", "transfer") and due.record_id not in open_items]
    if not eligible:
        raise DispositionError(f"no unheld records are due for disposition on {as_of.isoformat()}",
                               "See 'recordkeeper retention report' for what is due, held or awaiting review")
    with catalog.transaction():
        batch_id = catalog.connection.execute(
            "INSERT INTO disposition_batches(state, as_of, created_by, created_at) VALUES ('proposed', ?, ?, ?)",
            (as_of.isoformat(), actor, utc_now())).lastrowid
        catalog.connection.executemany(
            "INSERT INTO disposition_items(batch_id, record_id, action) VALUES (?, ?, ?)",
            [(batch_id, due.record_id, due.action) for due in eligible])
        catalog.audit("disposition proposed", None, {"batch": batch_id, "records": len(eligible),
                                                     "as_of": as_of.isoformat()}, actor=actor)
    return get_batch(workspace, batch_id)


def reject(workspace: Workspace, batch_id: int, actor: str, reason: str) -> Batch:
    batch = _decidable(workspace, batch_id)
    with workspace.catalog.transaction():
        workspace.catalog.connection.execute(
            "UPDATE disposition_batches SET state = 'rejected', decided_by = ?, decided_at = ?, reason = ? "
            "WHERE id = ?", (actor, utc_now(), reason, batch.id))
        workspace.catalog.audit("disposition rejected", None, {"batch": batch.id, "reason": reason}, actor=actor)
    return get_batch(workspace, batch_id)


def approve(workspace: Workspace, batch_id: int, actor: str) -> tuple[Batch, Path, Path]:
    """Carry out the batch; returns it with the certificate's CSV and PDF paths."""
    batch = get_batch(workspace, batch_id)
    if batch.state == "proposed":
        with workspace.catalog.transaction():
            workspace.catalog.connection.execute(
                "UPDATE disposition_batches SET state = 'executing', decided_by = ?, decided_at = ? WHERE id = ?",
                (actor, utc_now(), batch.id))
            workspace.catalog.audit("disposition approved", None, {"batch": batch.id}, actor=actor)
        batch = get_batch(workspace, batch_id)
    elif batch.state != "executing":
        raise DispositionError(f"batch {batch_id} is {batch.state}; only a proposed batch can be approved")
    for item in batch.items:
        if item["outcome"] is None:
            _dispose_of(workspace, batch, item["record_id"], item["action"])
    _finish_shredding(workspace, batch.id)
    with workspace.catalog.transaction():
        workspace.catalog.connection.execute("UPDATE disposition_batches SET state = 'executed' WHERE id = ?",
                                             (batch.id,))
    batch = get_batch(workspace, batch_id)
    tombstones = [dict(row) for row in workspace.catalog.connection.execute(
        "SELECT * FROM tombstones WHERE batch_id = ? ORDER BY record_id", (batch.id,))]
    csv_path, pdf_path = write_certificate(workspace.settings.home / "certificates", batch, tombstones)
    return batch, csv_path, pdf_path


def _still_disposable(workspace: Workspace, batch: Batch, record_id: str, action: str) -> str | None:
    """Why the record must now be kept, if anything changed since the batch was proposed; call inside the
    transaction that disposes of it, so a hold or a correction made a moment ago cannot be slipped past."""
    holds = active_holds(workspace.catalog, record_id)
    if holds:
        return f"kept: under hold {', '.join(holds)}"
    record = workspace.catalog.get_record(record_id)
    if record.disposition_date is None or record.disposition_date.isoformat() > batch.as_of:
        return "kept: no longer due"
    if workspace.file_plan.get(record.class_code).retention_action != action:
        return "kept: its class's schedule changed"
    busy = workspace.catalog.connection.execute(
        "SELECT 1 FROM jobs WHERE sha256 = ? AND state IN ('received', 'queued', 'processing')",
        (record.sha256,)).fetchone()
    if busy:  # an identical file is being filed right now and will rely on the archived copy
        return "kept: an identical file is being filed"
    return None


def _dispose_of(workspace: Workspace, batch: Batch, record_id: str, action: str) -> None:
    catalog = workspace.catalog
    try:
        record = catalog.get_record(record_id)
    except RecordNotFound:
        _set_outcome(workspace, batch.id, record_id, "already gone")
        return
    archived = Path(record.archive_path)
    if action == "transfer" and not _still_disposable(workspace, batch, record_id, action):
        _export(workspace, batch.id, record, archived)
    # Named relative to the data home, like the record's own paths: a restored copy shreds its own files.
    originals = [archived, *([record.searchable_pdf] if record.searchable_pdf else [])]
    files = [catalog.stored_path(path) for path in originals]
    indexer = Indexer(catalog, workspace.index, max_attempts=workspace.settings.index.max_attempts)
    # The removal is queued in the same transaction and sent after it (a separate engine): an unreachable
    # cluster does not stop a disposal, and a rebuild running meanwhile sends the removal to its new index.
    with indexer.transaction():
        kept = _still_disposable(workspace, batch, record_id, action)
        if kept:
            catalog.connection.execute("UPDATE disposition_items SET outcome = ? WHERE batch_id = ? AND record_id = ?",
                                       (kept, batch.id, record_id))
            return
        catalog.connection.execute(
            "INSERT INTO tombstones(record_id, class_code, sha256, document_date, received_at, disposition_date, "
            "action, batch_id, approved_by, disposed_at, files) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (record.id, record.class_code, record.sha256,
             record.document_date.isoformat() if record.document_date else None, record.received_at,
             record.disposition_date.isoformat() if record.disposition_date else None, action, batch.id,
             batch.decided_by, utc_now(), json.dumps(files)))
        for table in ("pages", "record_sources", "physical_custody"):
            catalog.connection.execute(f"DELETE FROM {table} WHERE record_id = ?", (record.id,))
        indexer.stage_removal(record.id)
        catalog.connection.execute("DELETE FROM records WHERE id = ?", (record.id,))
        catalog.connection.execute("UPDATE disposition_items SET outcome = ? WHERE batch_id = ? AND record_id = ?",
                                   ("transferred" if action == "transfer" else "destroyed", batch.id, record.id))
        catalog.audit("transferred" if action == "transfer" else "destroyed", record.id,
                      {"batch": batch.id, "sha256": record.sha256, "class": record.class_code},
                      actor=batch.decided_by or "system")
    for path in files:
        shred(catalog.resolve(path))
    _shred_page_images(workspace, record.sha256)


def _finish_shredding(workspace: Workspace, batch_id: int) -> None:
    """Files of records already tombstoned that a crash left on disk are shredded on the next run."""
    for files, sha256 in workspace.catalog.connection.execute(
            "SELECT files, sha256 FROM tombstones WHERE batch_id = ?", (batch_id,)).fetchall():
        for path in json.loads(files):
            shred(workspace.catalog.resolve(path))
        _shred_page_images(workspace, sha256)


def _shred_page_images(workspace: Workspace, sha256: str) -> None:
    """The viewer's rendered pages of a disposed record are copies of it: they go with the original."""
    folder = workspace.settings.page_cache_dir
    if folder.is_dir():
        for image in folder.glob(f"{sha256}-*.png"):
            shred(image)


def shred(path: Path) -> None:
    """Overwrite a file with zeros, flush it to disk, then remove it."""
    if not path.exists():
        return
    size = path.stat().st_size
    with path.open("r+b") as handle:
        written = 0
        while written < size:
            chunk = min(_SHRED_CHUNK, size - written)
            handle.write(b"\0" * chunk)
            written += chunk
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink()


def _export(workspace: Workspace, batch_id: int, record, archived: Path) -> None:
    """Transfer package: transfers/batch-<id>/<record id>/ with the original and metadata.json, and a
    manifest.csv line per record with its SHA-256 (verified on the exported copy)."""
    folder = workspace.settings.home / "transfers" / f"batch-{batch_id:05d}"
    target = folder / record.id
    target.mkdir(parents=True, exist_ok=True)
    copy = target / f"original{archived.suffix}"
    shutil.copyfile(archived, copy)
    if sha256_file(copy) != record.sha256:
        raise DispositionError(f"exported copy of {record.id} does not match its checksum; nothing was destroyed")
    metadata = {**record.to_json(), "pages": workspace.catalog.get_pages(record.id)}
    (target / "metadata.json").write_text(json.dumps(metadata, indent=2, ensure_ascii=False), encoding="utf-8")
    manifest = folder / "manifest.csv"
    new = not manifest.exists()
    with manifest.open("a", encoding="utf-8") as handle:
        if new:
            handle.write("record_id,class_code,file,sha256,document_date\n")
        handle.write(f"{record.id},{record.class_code},{record.id}/{copy.name},{record.sha256},"
                     f"{record.document_date or ''}\n")


def _set_outcome(workspace: Workspace, batch_id: int, record_id: str, outcome: str) -> None:
    with workspace.catalog.transaction():
        workspace.catalog.connection.execute(
            "UPDATE disposition_items SET outcome = ? WHERE batch_id = ? AND record_id = ?",
            (outcome, batch_id, record_id))


def _decidable(workspace: Workspace, batch_id: int) -> Batch:
    batch = get_batch(workspace, batch_id)
    if batch.state != "proposed":
        raise DispositionError(f"batch {batch_id} is {batch.state}; only a proposed batch can be decided")
    return batch


def get_batch(workspace: Workspace, batch_id: int) -> Batch:
    row = workspace.catalog.connection.execute(
        "SELECT id, state, as_of, created_by, created_at, decided_by, decided_at, reason "
        "FROM disposition_batches WHERE id = ?", (batch_id,)).fetchone()
    if row is None:
        raise RecordNotFound(f"no disposition batch {batch_id}", "List them with 'recordkeeper dispose list'")
    items = [dict(r) for r in workspace.catalog.connection.execute(
        "SELECT record_id, action, outcome FROM disposition_items WHERE batch_id = ? ORDER BY record_id", (batch_id,))]
    return Batch(*row, items=items)


def list_batches(workspace: Workspace) -> list[Batch]:
    return [get_batch(workspace, row[0]) for row in
            workspace.catalog.connection.execute("SELECT id FROM disposition_batches ORDER BY id")]
