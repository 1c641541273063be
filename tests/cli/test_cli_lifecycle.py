"""Lifecycle commands as a records manager runs them, on ingested sample records."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLES


def rk(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "--home", str(home), *args], capture_output=True,
                          text=True, check=False, env={**os.environ}, timeout=600)


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("lifecycle")
    assert rk(home, "ingest", str(SAMPLES / "born_digital"), "--workers", "2").returncode == 0
    return home


def test_report_hold_propose_approve_and_audit(home, tmp_path):
    report = json.loads(rk(home, "retention", "report", "--due-before", "2031-01-01", "--format", "json").stdout)
    due = {row["record_id"] for row in report["rows"]}
    assert due and all(row["disposition_date"] <= "2031-01-01" for row in report["rows"])
    held = sorted(due)[0]
    assert rk(home, "hold", "create", "Case 42", "--records", held, "--reason", "litigation").returncode == 0
    assert "Case 42" in json.loads(rk(home, "show", held, "--json").stdout)["holds"]
    proposed = rk(home, "dispose", "propose", "--as-of", "2031-01-01", "--by", "rm.jones")
    assert proposed.returncode == 0, proposed.stderr
    batch = json.loads(rk(home, "dispose", "list", "--format", "json").stdout)["rows"][0]
    approved = rk(home, "dispose", "approve", str(batch["id"]), "--by", "rm.jones")
    assert approved.returncode == 0 and "Certificate:" in approved.stdout, approved.stderr
    assert rk(home, "show", held).returncode == 0  # held: kept
    assert rk(home, "audit", "verify").returncode == 0
    assert rk(home, "audit", "fixity").returncode == 0
    consistency = rk(home, "audit", "consistency", "--format", "json")
    assert consistency.returncode == 0 and json.loads(consistency.stdout)["rows"] == []
    page = tmp_path / "sample.html"
    assert rk(home, "audit", "sample", "--n", "5", "--seed", "1", "--format", "html", "-o", str(page)).returncode == 0
    assert page.read_text().count("<tr>") == 6


def test_fixity_exit_code_reports_damage(home):
    detail = json.loads(rk(home, "show", json.loads(rk(home, "search", "minutes", "--json").stdout)["hits"][0]
                            ["record_id"], "--json").stdout)
    Path(detail["archive_path"]).write_bytes(b"damaged")
    result = rk(home, "audit", "fixity", "--format", "json")
    assert result.returncode == 1
    assert json.loads(result.stdout)["rows"][0]["record_id"] == detail["id"]
