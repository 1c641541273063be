"""Backup, restore and relocation as an operator runs them: the real CLI on ingested sample records."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow


def rk(home: Path, *args: str, key_file: Path | None = None) -> subprocess.CompletedProcess:
    environ = {**os.environ, **({"RECORDKEEPER_AUDIT_KEY_FILE": str(key_file)} if key_file else {})}
    return subprocess.run([sys.executable, "-m", "pipeline", "--home", str(home), *args], capture_output=True,
                          text=True, check=False, env=environ, timeout=600)


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("integrity") / "data"
    assert rk(home, "ingest", str(SAMPLES / "born_digital"), "--workers", "2").returncode == 0
    return home


def audits_pass(home: Path, key_file: Path) -> None:
    for audit in ("verify", "fixity", "consistency"):
        result = rk(home, "audit", audit, key_file=key_file)
        assert result.returncode == 0, f"audit {audit}: {result.stdout} {result.stderr}"


def test_backup_then_restore_to_another_path_passes_every_audit_and_sees_a_flipped_byte(home, tmp_path):
    key_file = home.with_name("data.audit-key")
    backup = rk(home, "backup", str(tmp_path / "backup"))
    assert backup.returncode == 0, backup.stderr
    restored = tmp_path / "elsewhere" / "records"
    result = rk(restored, "restore", str(tmp_path / "backup"), key_file=key_file)
    assert result.returncode == 0 and "Restored and verified" in result.stdout, result.stdout + result.stderr
    audits_pass(restored, key_file)
    hit = json.loads(rk(restored, "search", "invoice", "--json", key_file=key_file).stdout)["hits"][0]
    archived = Path(json.loads(rk(restored, "show", hit["record_id"], "--json", key_file=key_file).stdout)
                    ["archive_path"])
    assert archived.is_relative_to(restored)
    data = bytearray(archived.read_bytes())
    data[len(data) // 2] ^= 0x01
    archived.write_bytes(bytes(data))
    fixity = rk(restored, "audit", "fixity", "--format", "json", key_file=key_file)
    assert fixity.returncode == 1
    assert [row["record_id"] for row in json.loads(fixity.stdout)["rows"]] == [hit["record_id"]]
    assert rk(home, "audit", "fixity").returncode == 0, "the original home was not the one checked"


def test_restore_without_the_key_or_into_a_home_in_use_is_refused(home, tmp_path):
    assert rk(home, "backup", str(tmp_path / "backup")).returncode == 0
    no_key = rk(tmp_path / "restored", "restore", str(tmp_path / "backup"))
    assert no_key.returncode == 2 and "audit key" in no_key.stderr
    in_use = rk(home, "restore", str(tmp_path / "backup"))
    assert in_use.returncode == 1 and "not empty" in in_use.stderr


def test_a_verbatim_copy_of_the_data_home_passes_every_audit(home, tmp_path):
    copy = tmp_path / "copy" / "data"
    shutil.copytree(home, copy)
    audits_pass(copy, home.with_name("data.audit-key"))


def test_audit_checkpoint_export_is_checked_by_verify(home, tmp_path):
    exported = tmp_path / "checkpoints.jsonl"
    made = rk(home, "audit", "checkpoint", "-o", str(exported))
    assert made.returncode == 0, made.stderr
    assert json.loads(exported.read_text())["entry"] == json.loads(made.stdout.splitlines()[0])["entry"]
    verified = rk(home, "audit", "verify", "--checkpoint", str(exported))
    assert verified.returncode == 0 and "1 checkpoint(s) in" in verified.stdout
