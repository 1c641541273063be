"""Tamper evidence, content consistency and relocation, against someone who can rewrite the catalog file.

Each test copies one filed data home (3 records, a correction) with its audit key, then attacks or moves
the copy the way an outside harness did: with a raw SQLite connection and the public chain formula.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from pipeline.catalog import audit_trail
from pipeline.catalog.audit_checkpoints import read_checkpoints, record_checkpoint
from pipeline.catalog.sqlite import utc_now
from pipeline.errors import AuditKeyError, ConfigError
from pipeline.lifecycle import audits
from pipeline.settings import load_settings
from pipeline.workspace import Workspace
from tests.conftest import CONFIG
from tests.lifecycle.conftest import settings_for


def verify(home: Path, *extra: Path) -> list[str]:
    with Workspace.open(settings_for(home)) as workspace:
        return [p.problem for p in audits.verify_audit_trail(workspace, extra).problems]


def attacker(home: Path) -> sqlite3.Connection:
    return sqlite3.connect(home / "catalog.sqlite3", isolation_level=None)


def test_untouched_trail_verifies_with_its_key(home):
    assert verify(home) == []
    assert (home.parent / "home.audit-key").stat().st_mode & 0o777 == 0o400
    assert not list(home.rglob("*.audit-key")), "the key must not be inside the data home"


def test_truncation_with_the_head_rewritten_is_detected(home):
    db = attacker(home)
    db.execute("DROP TRIGGER audit_log_no_delete")
    last = db.execute("SELECT MAX(id) FROM audit_log").fetchone()[0]
    db.execute("DELETE FROM audit_log WHERE id = ?", (last,))
    new_head = db.execute("SELECT id, entry_hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    db.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", (f"{new_head[0]}:{new_head[1]}",))
    db.execute("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
               "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")
    with Workspace.open(settings_for(home)) as workspace:
        assert audit_trail.verify_chain(workspace.catalog.connection)[1] == [], "the public chain alone is fooled"
    db.close()
    assert any("cut off" in problem for problem in verify(home))


def test_rechained_history_is_detected(home):
    db = attacker(home)
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute("DROP TRIGGER audit_log_no_delete")
    correction = db.execute("SELECT id FROM audit_log WHERE action = 'reclassified'").fetchone()[0]
    db.execute("DELETE FROM audit_log WHERE id = ?", (correction,))
    rows = db.execute("SELECT id, at, actor, action, record_id, details FROM audit_log WHERE id > ? ORDER BY id",
                      (correction,)).fetchall()
    for row in rows:
        db.execute("UPDATE audit_log SET id = ? WHERE id = ?", (row[0] - 1, row[0]))
    previous = audit_trail.GENESIS
    for row in db.execute("SELECT id, at, actor, action, record_id, details FROM audit_log ORDER BY id").fetchall():
        digest = audit_trail.entry_hash(row[0], previous, *row[1:])
        db.execute("UPDATE audit_log SET prev_hash = ?, entry_hash = ? WHERE id = ?", (previous, digest, row[0]))
        previous = digest
    last = db.execute("SELECT MAX(id) FROM audit_log").fetchone()[0]
    db.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", (f"{last}:{previous}",))
    db.executescript("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                     "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
                     "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
                     "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;")
    db.close()
    with Workspace.open(settings_for(home)) as workspace:
        assert audit_trail.verify_chain(workspace.catalog.connection)[1] == [], "the public chain alone is fooled"
    problems = verify(home)
    assert any("seal does not verify" in problem for problem in problems)
    assert any("sealed as newest" in problem for problem in problems)


def test_dropped_triggers_are_reported(home):
    db = attacker(home)
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute("DROP TRIGGER audit_log_no_delete")
    db.execute("CREATE TRIGGER audit_log_sneaky AFTER INSERT ON audit_log BEGIN SELECT 1; END")
    db.close()
    problems = verify(home)
    assert sum("append-only trigger" in problem and "missing" in problem for problem in problems) == 2
    assert any("audit_log_sneaky" in problem for problem in problems)


def test_a_catalog_put_back_to_an_older_sealed_state_is_caught_by_the_checkpoint(home, tmp_path):
    older = tmp_path / "older.sqlite3"
    shutil.copy2(home / "catalog.sqlite3", older)  # a genuine, sealed earlier state (an old backup, say)
    settings = settings_for(home)
    exported = tmp_path / "kept-by-the-records-manager.jsonl"
    with Workspace.open(settings) as workspace:
        with workspace.catalog.transaction():
            workspace.catalog.audit("charged_out", None, {"to": "auditor"}, actor="tech")
        record_checkpoint(workspace.catalog.connection, workspace.catalog.audit_key, utc_now(),
                          [settings.audit_checkpoint_file, exported])
    assert verify(home, exported) == []
    shutil.copy2(older, home / "catalog.sqlite3")
    assert any("no longer in the trail" in problem for problem in verify(home))
    settings.audit_checkpoint_file.unlink()  # an attacker who can also reach the checkpoint file
    assert verify(home) == [], "seals alone cannot tell an older genuine state"
    assert any("no longer in the trail" in problem for problem in verify(home, exported))


def test_forged_checkpoint_line_is_reported(home, tmp_path):
    settings = settings_for(home)
    with Workspace.open(settings) as workspace:
        record_checkpoint(workspace.catalog.connection, workspace.catalog.audit_key, utc_now(),
                          [settings.audit_checkpoint_file])
    line = json.loads(settings.audit_checkpoint_file.read_text())
    line["entry"] = 1
    settings.audit_checkpoint_file.write_text(json.dumps(line) + "\n")
    assert [cp.entry for _, cp in read_checkpoints(settings.audit_checkpoint_file)] == [1]
    assert any("not sealed by this audit key" in problem for problem in verify(home))


def test_missing_or_wrong_key_stops_intake_but_not_reading(home, tmp_path):
    key_file = home.parent / "home.audit-key"
    key = key_file.read_bytes()
    key_file.unlink()
    settings = settings_for(home)
    with pytest.raises(AuditKeyError):
        Workspace.open(settings, create=True)
    with Workspace.open(settings) as workspace:  # searching and reading go on
        assert workspace.catalog.status()["records"] == 3
        with pytest.raises(AuditKeyError), workspace.catalog.transaction():
            workspace.catalog.audit("edited", None, {})
    assert any("no audit key" in problem for problem in verify(home))
    other = tmp_path / "other.key"
    other.write_text("ab" * 32)
    with pytest.raises(AuditKeyError):
        Workspace.open(settings.model_copy(update={"audit": settings.audit.model_copy(update={"key_file": other})}),
                       create=True)
    key_file.write_bytes(key)
    assert verify(home) == []


def test_the_key_is_never_read_from_the_settings_file(tmp_path):
    config = tmp_path / "rk.toml"
    config.write_text('[audit]\nkey = "0123456789abcdef0123456789abcdef"\n')
    with pytest.raises(ConfigError, match="RECORDKEEPER_AUDIT_KEY"):
        load_settings(config, environ={})
    secret = "s" * 40
    settings = load_settings(CONFIG, environ={"RECORDKEEPER_AUDIT_KEY": secret}, home=tmp_path / "home")
    with Workspace.open(settings, create=True) as workspace:
        assert workspace.catalog.audit_key is not None
    assert not settings.audit_key_file.exists(), "a key from the environment is not written anywhere"


def test_catalog_commits_survive_power_loss(home):
    with Workspace.open(settings_for(home)) as workspace:
        assert workspace.catalog.connection.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_a_key_that_cannot_be_created_stops_init_instead_of_leaving_the_trail_unsealed(tmp_path):
    (tmp_path / "not-a-folder").write_text("")
    settings = load_settings(CONFIG, environ={"RECORDKEEPER_AUDIT_KEY_FILE": str(tmp_path / "not-a-folder" / "k")},
                             home=tmp_path / "home")
    with pytest.raises(AuditKeyError):
        Workspace.open(settings, create=True)
