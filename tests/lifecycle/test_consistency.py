"""Consistency of content, a relocatable data home, leftovers of interrupted work, backup and restore."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from pipeline.errors import BackupError, CorruptDocument
from pipeline.intake.ingest import Ingestor
from pipeline.intake.jobs import JobQueue
from pipeline.intake.quarantine import read_reason
from pipeline.intake.recovery import recover
from pipeline.lifecycle import audits, backup
from pipeline.workspace import Workspace
from tests.lifecycle.conftest import settings_for


def consistency(home: Path) -> list[tuple[str | None, str]]:
    with Workspace.open(settings_for(home)) as workspace:
        return [(f.record_id, f.problem) for f in audits.consistency(workspace)[1]]


def fixity(home: Path) -> list[tuple[str | None, str]]:
    with Workspace.open(settings_for(home)) as workspace:
        return [(f.record_id, f.problem) for f in audits.fixity(workspace)[1]]


def records(home: Path) -> list[str]:
    with sqlite3.connect(home / "catalog.sqlite3") as db:
        return [row[0] for row in db.execute("SELECT id FROM records ORDER BY id")]


def test_a_record_whose_index_text_was_deleted_is_reported(home):
    victim, changed, *_ = records(home)
    with sqlite3.connect(home / "catalog.sqlite3") as db:
        rowid = db.execute("SELECT rowid FROM search_docs WHERE record_id = ?", (victim,)).fetchone()[0]
        db.execute("DELETE FROM search_fts WHERE rowid = ?", (rowid,))  # its search_docs row is kept
        other = db.execute("SELECT rowid FROM search_docs WHERE record_id = ?", (changed,)).fetchone()[0]
        db.execute("UPDATE search_fts SET body = 'nothing to see' WHERE rowid = ?", (other,))
        db.execute("INSERT INTO search_docs(record_id, class_code, access_level) VALUES ('GHOST-1', 'FIN-AP', 0)")
    found = consistency(home)
    assert (victim, "record missing from the search index (its document is there but not its text: it cannot be "
                    "found)") in found
    assert any(rid == changed and "stale" in problem for rid, problem in found)
    assert ("GHOST-1", "search index entry without a record") in found


def test_a_verbatim_copy_of_the_home_audits_its_own_files(home, pristine):
    assert consistency(home) == [] and fixity(home) == []
    with Workspace.open(settings_for(home)) as workspace:
        record = workspace.catalog.get_record(records(home)[0])
    archived = Path(record.archive_path)
    assert archived.is_relative_to(home)
    data = bytearray(archived.read_bytes())
    data[50] ^= 0x01
    archived.write_bytes(bytes(data))
    assert fixity(home) == [(record.id, "archived file does not match its checksum")]
    assert fixity(pristine) == [], "the original home is untouched and was not the one checked"


def test_catalogs_with_absolute_paths_are_migrated(home):
    with sqlite3.connect(home / "catalog.sqlite3") as db:  # as the previous release wrote them, elsewhere
        db.execute("UPDATE records SET archive_path = '/srv/old-home/' || archive_path")
        db.execute("UPDATE meta SET value = '6' WHERE key = 'schema_version'")
    assert fixity(home) == [] and consistency(home) == []
    with sqlite3.connect(home / "catalog.sqlite3") as db:
        assert all(path.startswith("archive/") for (path,) in db.execute("SELECT archive_path FROM records"))
        assert db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'catalog_upgraded'").fetchone()[0] == 1


def test_leftovers_of_interrupted_work_are_reported_then_settled_by_recovery(home):
    settings = settings_for(home)
    abandoned = home / "archive" / "ab" / "cd" / ".incoming-999999999-x1y2"  # its writer is long gone
    abandoned.parent.mkdir(parents=True)
    abandoned.write_bytes(b"half a file")
    with Workspace.open(settings) as workspace:
        queue = JobQueue(workspace.catalog)
        job = queue.receive(home / "inbox" / "bad.pdf", "front", settings.spool_dir)
        Path(job.spool_path).parent.mkdir(parents=True)
        Path(job.spool_path).write_bytes(b"not a pdf")
        with workspace.catalog.transaction():  # failed, then the process died before the file moved
            queue.finish(job.id, "failed", error=CorruptDocument("'bad.pdf' is not a readable PDF"))
    found = consistency(home)
    assert (None, "unfinished archive copy left by an interrupted filing (removed by the next 'watch' or "
                  "'ingest')") in found
    assert any("spool entry of a job that is failed" in problem for _, problem in found)
    with Workspace.open(settings) as workspace:
        recover(settings, JobQueue(workspace.catalog))
    assert not abandoned.exists()
    reason = read_reason(settings.quarantine_dir, job.id)
    assert reason["code"] == "RK103" and reason["action"] and reason["quarantined_at"]
    assert (settings.quarantine_dir / f"{job.id:08d}" / "bad.pdf").read_bytes() == b"not a pdf"
    assert consistency(home) == []


def test_backup_and_restore_to_another_path_passes_every_audit(home, tmp_path):
    destination = tmp_path / "backup"
    with Workspace.open(settings_for(home)) as workspace:
        made = backup.backup(workspace, destination)
    assert made.records == 3 and (destination / backup.MANIFEST).exists()
    restored_home = tmp_path / "elsewhere" / "restored"
    settings = settings_for(restored_home)
    settings = settings.model_copy(update={"audit": settings.audit.model_copy(
        update={"key_file": home.with_name("home.audit-key")})})
    report = backup.restore(settings, destination)
    assert report.problems == [] and report.records == 3
    assert consistency_with(settings) == []
    victim = next((restored_home / "archive").rglob("*.pdf"))
    victim.write_bytes(victim.read_bytes()[:-1] + b"X")
    with Workspace.open(settings) as workspace:
        assert [f.problem for f in audits.fixity(workspace)[1]] == ["archived file does not match its checksum"]


def test_restore_refuses_an_altered_backup_and_a_home_in_use(home, tmp_path):
    destination = tmp_path / "backup"
    with Workspace.open(settings_for(home)) as workspace:
        backup.backup(workspace, destination)
    with pytest.raises(BackupError, match="not empty"):
        backup.restore(settings_for(home), destination)
    manifest = json.loads((destination / backup.MANIFEST).read_text())
    manifest["manifest"]["records"] = 2
    (destination / backup.MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(BackupError, match="altered"):
        backup.restore(settings_for(home), destination)


def consistency_with(settings) -> list[str]:
    with Workspace.open(settings) as workspace:
        return [f.problem for f in audits.consistency(workspace)[1]]


def test_one_shot_ingest_clears_archive_copies_a_crash_left_unfinished(home):
    abandoned = home / "archive" / "ef" / "01" / ".incoming-999999999-abcd"
    abandoned.parent.mkdir(parents=True)
    abandoned.write_bytes(b"partial")
    settings = settings_for(home)
    with Workspace.open(settings, create=True) as workspace:
        Ingestor(settings, workspace.catalog, workspace.index).ingest([])
    assert not abandoned.exists()
    assert consistency(home) == []
