"""Backup and restore of a data home, each verified before it reports success.

    backup DEST    catalog snapshot (SQLite online backup API: one consistent state while intake runs)
                   ─▶ every archived file that snapshot names, copied durably and re-hashed
                   ─▶ certificates, transfer packages, models, quarantine, the spool of unfinished jobs
                   ─▶ backup-manifest.json (every file's SHA-256, the trail's head), sealed with the audit
                      key; the head is also appended to the checkpoint file
    restore SRC    manifest seal and every file's SHA-256 checked ─▶ copied into a staging folder beside
                   the data home, renamed into place ─▶ audit trail, fixity and consistency audits run on
                   the result ─▶ a `restored` entry in the trail

A backup is itself a data home (paths in the catalog are relative), so it can also be audited in place.
The audit key is not in it: it is kept, and restored, separately.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.catalog import audit_checkpoints, audit_trail
from pipeline.catalog.archive import sha256_file
from pipeline.catalog.audit_key import AuditKey
from pipeline.catalog.sqlite import utc_now
from pipeline.errors import AuditKeyError, BackupError
from pipeline.lifecycle import audits
from pipeline.search.index_queue import Indexer
from pipeline.settings import Settings
from pipeline.workspace import Workspace, configured_audit_key

MANIFEST = "backup-manifest.json"
FORMAT_VERSION = 1
# Folders copied whole: what the office must keep besides the records themselves.
WHOLE_FOLDERS = ("certificates", "transfers", "models", "quarantine")
_CATALOG = "catalog.sqlite3"


@dataclass
class BackupReport:
    destination: Path
    records: int
    files: int
    bytes: int
    head: audit_checkpoints.Checkpoint
    problems: list[str] = field(default_factory=list)


def backup(workspace: Workspace, destination: Path) -> BackupReport:
    key = workspace.catalog.audit_key
    if key is None:
        raise AuditKeyError("a backup's manifest is sealed with the audit key, and the key is not available")
    _require_empty(destination)
    destination.mkdir(parents=True, exist_ok=True)
    snapshot_path = destination / _CATALOG
    snapshot = sqlite3.connect(snapshot_path)
    try:
        workspace.catalog.connection.backup(snapshot)  # one consistent state, even while intake writes
        checkpoint = audit_checkpoints.make_checkpoint(snapshot, key, utc_now())
        records = snapshot.execute("SELECT COUNT(*) FROM records").fetchone()[0]
        copies = (_copy_verified(workspace.settings.home, destination, relative, expected)
                  for relative, expected in _named_files(snapshot))
        files = [copy for copy in copies if copy[1]]  # a spooled file whose job finished meanwhile is not needed
    finally:
        snapshot.close()
    _fsync(snapshot_path)
    for relative in _whole_folder_files(workspace.settings.home):
        files.append(_copy_verified(workspace.settings.home, destination, relative, None))
    manifest = {"format": FORMAT_VERSION, "created_at": checkpoint.at, "source_home": str(workspace.settings.home),
                "records": records, "key_fingerprint": key.fingerprint, "head": json.loads(checkpoint.to_line()),
                "catalog": {"path": _CATALOG, "sha256": sha256_file(snapshot_path)},
                "files": [{"path": path, "sha256": digest, "size": size} for path, digest, size in files]}
    _write_sealed(destination / MANIFEST, manifest, key)
    audit_checkpoints.append_checkpoint(workspace.settings.audit_checkpoint_file, checkpoint)
    return BackupReport(destination, records, len(files) + 1, sum(size for _, _, size in files), checkpoint)


@dataclass
class RestoreReport:
    home: Path
    files: int
    records: int
    entries: int
    checks: list[str]
    problems: list[str]


def restore(settings: Settings, source: Path) -> RestoreReport:
    """Restore the backup at `source` into the configured data home and audit the result."""
    key = configured_audit_key(settings)
    if key is None:
        raise AuditKeyError("restoring needs the audit key the backup was sealed with; there is none at "
                            f"{settings.audit_key_file}")
    manifest = read_manifest(source, key)
    files = copy_into_place(source, settings.home, manifest)
    with Workspace.open(settings) as workspace:
        if not workspace.index.shares_catalog_transaction:
            Indexer(workspace.catalog, workspace.index).rebuild()  # the cluster's index is not in a backup
        trail = audits.verify_audit_trail(workspace, include_configured=False)
        problems = [problem.problem for problem in trail.problems]
        head = audit_trail.head(workspace.catalog.connection)
        if [head[0], head[1]] != [manifest["head"]["entry"], manifest["head"]["hash"]]:
            problems.append(f"the restored trail ends at entry {head[0]}, the backup's manifest at "
                            f"{manifest['head']['entry']}")
        records, fixity_findings = audits.fixity(workspace)
        _, consistency_findings = audits.consistency(workspace)
        problems += [f"fixity: {f.record_id or ''} {f.path or ''}: {f.problem}" for f in fixity_findings]
        problems += [f"consistency: {f.record_id or ''} {f.path or ''}: {f.problem}" for f in consistency_findings]
        checks = [*trail.checks, f"head matches the backup's manifest (entry {head[0]})",
                  f"fixity: {records} archived original(s) re-hashed", "consistency: catalog, archive and index"]
        if not problems:
            with workspace.catalog.transaction():
                workspace.catalog.audit("restored", None, {"backup": str(source), "backup_created_at":
                                                           manifest["created_at"], "files": files})
            audit_checkpoints.record_checkpoint(workspace.catalog.connection, key, utc_now(),
                                                [settings.audit_checkpoint_file])
    return RestoreReport(settings.home, files, records, trail.entries, checks, problems)


def read_manifest(source: Path, key: AuditKey) -> dict:
    """The backup's manifest, refused unless its seal verifies with this key."""
    try:
        sealed = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source} is not a readable backup ({MANIFEST}: {exc})") from None
    body = sealed.get("manifest", {})
    if body.get("key_fingerprint") != key.fingerprint:
        raise AuditKeyError(f"the backup was sealed with audit key {body.get('key_fingerprint')}, "
                            f"the key given is {key.fingerprint}")
    if not key.verifies(_canonical(body), sealed.get("seal")):
        raise BackupError(f"the manifest of {source} is not sealed by the audit key: it was altered")
    if body.get("format") != FORMAT_VERSION:
        raise BackupError(f"{source} is a backup of format {body.get('format')}, this release reads {FORMAT_VERSION}")
    return body


def copy_into_place(source: Path, home: Path, manifest: dict) -> int:
    """Copy and verify every file of the backup into a staging folder, then rename it to `home`: a half
    restored home never looks like a home. Returns the number of files."""
    _require_empty(home)
    staging = home.with_name(f".{home.name}.restoring")
    if staging.exists():
        shutil.rmtree(staging)  # left by an interrupted restore; the backup is still the source
    entries = [{"path": manifest["catalog"]["path"], "sha256": manifest["catalog"]["sha256"]}, *manifest["files"]]
    for entry in entries:
        relative = Path(entry["path"])
        if relative.is_absolute() or ".." in relative.parts:
            raise BackupError(f"the manifest names a file outside the backup: {entry['path']}")
        _copy_verified(source, staging, entry["path"], entry["sha256"])
    if home.exists():
        home.rmdir()
    os.replace(staging, home)
    return len(entries)


def _named_files(snapshot: sqlite3.Connection) -> Iterator[tuple[str, str | None]]:
    """(path under the home, expected SHA-256) of each file the catalog snapshot relies on."""
    for archive_path, sha256, searchable in snapshot.execute(
            "SELECT archive_path, sha256, searchable_pdf FROM records ORDER BY id"):
        yield archive_path, sha256
        if searchable:
            yield searchable, Path(searchable).name.split(".")[0]  # content-addressed: named by its SHA-256
    for (spool_path,) in snapshot.execute("SELECT spool_path FROM jobs WHERE spool_path IS NOT NULL AND "
                                          "state IN ('received', 'queued', 'processing')"):
        yield spool_path, None


def _whole_folder_files(home: Path) -> Iterator[str]:
    for folder in WHOLE_FOLDERS:
        root = home / folder
        if root.is_dir():
            yield from sorted(str(path.relative_to(home)) for path in root.rglob("*") if path.is_file())


def _copy_verified(source_home: Path, target_home: Path, relative: str, expected: str | None) -> tuple[str, str, int]:
    source = source_home / relative
    if Path(relative).is_absolute():
        raise BackupError(f"the catalog names {relative} outside the data home: open it once with this release "
                          "to upgrade it, then back it up")
    target = target_home / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with source.open("rb") as src, target.open("wb") as out:
            shutil.copyfileobj(src, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
    except FileNotFoundError:
        if expected is None:  # a spooled file its job finished with meanwhile
            return relative, "", 0
        raise BackupError(f"{source} is missing: run 'recordkeeper audit fixity' and resolve it first") from None
    digest = sha256_file(target)
    if expected is not None and digest != expected:
        raise BackupError(f"the copy of {relative} does not match its recorded SHA-256 ({digest[:12]} != "
                          f"{expected[:12]}): the file is damaged")
    return relative, digest, target.stat().st_size


def _write_sealed(path: Path, manifest: dict, key: AuditKey) -> None:
    temporary = path.with_name(path.name + ".partial")
    temporary.write_text(json.dumps({"manifest": manifest, "seal": key.seal(_canonical(manifest))}, indent=1) + "\n",
                         encoding="utf-8")
    _fsync(temporary)
    os.replace(temporary, path)


def _canonical(manifest: dict) -> str:
    return json.dumps(manifest, sort_keys=True, separators=(",", ":"))


def _require_empty(folder: Path) -> None:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BackupError(f"{folder} is not empty; give a new or empty folder")


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())
