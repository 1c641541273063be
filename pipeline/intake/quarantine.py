"""Quarantine: a failed file kept with a readable reason, so nothing dropped is ever lost."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from pipeline.catalog.sqlite import utc_now
from pipeline.errors import RecordkeeperError

REASON_FILE = "reason.json"
# File systems allow 255 bytes per name; this leaves room for " (12)" and the job folder's own suffixes.
MAX_NAME_BYTES = 200


def safe_file_name(name: str) -> str:
    """A file name that cannot escape its folder or hide: no separators, no leading dots or controls."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch if ch.isprintable() else "_" for ch in base).lstrip(".").strip()
    return _fit(cleaned) or "unnamed"


def _fit(name: str) -> str:
    """Shorten a name to MAX_NAME_BYTES of UTF-8 (not characters: é is two bytes), keeping its extension."""
    if len(name.encode()) <= MAX_NAME_BYTES:
        return name
    stem, suffix = Path(name).stem, Path(name).suffix
    if len(suffix.encode()) > 16:
        stem, suffix = name, ""
    room = MAX_NAME_BYTES - len(suffix.encode())
    return stem.encode()[:room].decode("utf-8", errors="ignore").rstrip() + suffix


def quarantine_folder(root: Path, job_id: int) -> Path:
    return root / f"{job_id:08d}"


def quarantine_file(root: Path, job_id: int, path: Path, error: RecordkeeperError, keep_source: bool,
                    original_name: str, source: str) -> Path:
    """Copy (or move) the file at `path` into quarantine/<job_id>/ beside a reason.json; return that folder.

    The reason is written first: a crash before the file follows leaves it in the spool, where recovery
    finds it (its job says failed) and completes the move."""
    folder = quarantine_folder(root, job_id)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / safe_file_name(original_name)
    write_reason(folder, {"job_id": job_id, "file": target.name, "source_path": source, "code": error.code,
                          "reason": error.reason, "action": error.action, "quarantined_at": utc_now()})
    if path.exists():
        if keep_source:
            shutil.copy2(path, target)
        else:
            shutil.move(path, target)
    return folder


def write_reason(folder: Path, reason: dict) -> None:
    """reason.json, written whole or not at all (temporary file, fsync, rename)."""
    temporary = folder / f".{REASON_FILE}.partial"
    with temporary.open("w", encoding="utf-8") as out:
        out.write(json.dumps(reason, indent=2, ensure_ascii=False) + "\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, folder / REASON_FILE)


def read_reason(root: Path, job_id: int) -> dict:
    path = quarantine_folder(root, job_id) / REASON_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def quarantined_file(root: Path, job_id: int) -> Path | None:
    """The file kept for job `job_id`, or None when there is none (found by listing, never by a given name)."""
    folder = quarantine_folder(root, job_id)
    files = sorted(p for p in folder.glob("*") if p.is_file() and p.name != REASON_FILE
                   and not p.name.startswith(".")) if folder.is_dir() else []
    return files[0] if files else None


def take_back(root: Path, job_id: int, spool_path: Path) -> None:
    """Move a quarantined file back into the spool for another attempt; its folder goes."""
    kept = quarantined_file(root, job_id)
    if kept is None:
        raise FileNotFoundError(f"no quarantined file for job {job_id} in {quarantine_folder(root, job_id)}")
    spool_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(kept, spool_path)
    shutil.rmtree(kept.parent)


def remove_quarantined(root: Path, job_id: int) -> None:
    """Delete a discarded job's quarantine folder (its job already says discarded, so nothing is lost unsaid)."""
    shutil.rmtree(quarantine_folder(root, job_id), ignore_errors=True)
