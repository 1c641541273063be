"""Checkpoints of the audit trail kept outside the catalog: the answer to a catalog put back in time.

A checkpoint is one JSON line — when, the newest entry's id and hash, the key's fingerprint, and a seal
over all of it made with the audit key — appended to a file that lives elsewhere (another volume, a log
host) and is never rewritten. The watch service writes one every `audit.checkpoint_seconds`, `backup`
writes one, and `recordkeeper audit checkpoint` writes one on demand (and can export it for a records
manager to keep). `audit verify` then checks that every checkpointed entry is still in the trail with
the same hash: a trail cut back to an older state, even one whose seals are genuine, is found.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline.catalog.audit_key import AuditKey
from pipeline.catalog.audit_trail import head
from pipeline.errors import AuditKeyError


@dataclass(frozen=True)
class Checkpoint:
    at: str
    entry: int
    hash: str
    fingerprint: str
    seal: str

    @staticmethod
    def message(at: str, entry: int, digest: str, fingerprint: str) -> str:
        return f"checkpoint|{at}|{entry}|{digest}|{fingerprint}"

    def to_line(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)


def make_checkpoint(connection: sqlite3.Connection, key: AuditKey, at: str) -> Checkpoint:
    entry, digest = head(connection)
    return Checkpoint(at, entry, digest, key.fingerprint, key.seal(Checkpoint.message(at, entry, digest,
                                                                                       key.fingerprint)))


def append_checkpoint(path: Path, checkpoint: Checkpoint) -> None:
    """Append one line durably (O_APPEND: never rewrites what is there)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(handle, (checkpoint.to_line() + "\n").encode("utf-8"))
        os.fsync(handle)
    finally:
        os.close(handle)


def read_checkpoints(path: Path) -> list[tuple[int, Checkpoint | None]]:
    """(line number, checkpoint) for each line; None for a line that is not a checkpoint."""
    if not path.exists():
        return []
    found: list[tuple[int, Checkpoint | None]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            found.append((number, Checkpoint(**json.loads(line))))
        except (ValueError, TypeError):
            found.append((number, None))
    return found


def check_against(connection: sqlite3.Connection, key: AuditKey, path: Path) -> tuple[int, list[str]]:
    """Check the trail against every checkpoint in `path`; returns (checkpoints checked, problems)."""
    problems: list[str] = []
    checkpoints = read_checkpoints(path)
    for number, checkpoint in checkpoints:
        where = f"{path.name} line {number}"
        if checkpoint is None:
            problems.append(f"{where} is not a checkpoint (the file was edited)")
            continue
        if checkpoint.fingerprint != key.fingerprint or not key.verifies(
                Checkpoint.message(checkpoint.at, checkpoint.entry, checkpoint.hash, checkpoint.fingerprint),
                checkpoint.seal):
            problems.append(f"{where} is not sealed by this audit key (forged, edited or from another catalog)")
            continue
        if checkpoint.entry == 0:
            continue
        row = connection.execute("SELECT entry_hash FROM audit_log WHERE id = ?", (checkpoint.entry,)).fetchone()
        if row is None:
            problems.append(f"entry {checkpoint.entry}, checkpointed at {checkpoint.at} ({where}), is no longer in "
                            "the trail: entries were cut off or the catalog was put back to an older state")
        elif row[0] != checkpoint.hash:
            problems.append(f"entry {checkpoint.entry} differs from the one checkpointed at {checkpoint.at} ({where}): "
                            "the trail was rewritten")
    return len(checkpoints), problems


def record_checkpoint(connection: sqlite3.Connection, key: AuditKey | None, at: str,
                      paths: list[Path]) -> Checkpoint:
    """Seal the trail's current head and append it to each file in `paths`."""
    if key is None:
        raise AuditKeyError("a checkpoint is sealed with the audit key, and the key is not available")
    checkpoint = make_checkpoint(connection, key, at)
    for path in paths:
        append_checkpoint(path, checkpoint)
    return checkpoint
