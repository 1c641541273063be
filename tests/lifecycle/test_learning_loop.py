"""The learning loop as technicians live it: misfiled, corrected, retrained, then filed right."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import make_text_pdf

pytestmark = pytest.mark.slow

NAMES = ["Priya Natarajan", "Owen Fitzgerald", "Lucia Moreno", "Tomas Berg", "Mei Chen", "Kwame Mensah"]


def fuel_log(folder: Path, n: int) -> Path:
    """A record type the samples never show: fleet fuel logs, which this office files as reports."""
    return make_text_pdf(folder / f"fuel-log-{n}.pdf", [
        "Fleet Fuel Log",
        f"Vehicle unit V-{12 + n}   Odometer start {40100 + 917 * n} km",
        f"Driver: {NAMES[n]}",
        f"Refuelled {31 + n}.4 litres diesel at the depot pump, pump reading {5120 + n}",
        f"Tyre pressure checked; washer fluid topped up; next refuel due at {41000 + 917 * n} km",
        f"Log closed 2025-0{n + 1}-1{n}",
    ])


def rk(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "--home", str(home), *args], capture_output=True,
                          text=True, check=False, env={**os.environ}, timeout=600)


def ingest_classes(home: Path, files: list[Path]) -> list[str]:
    summary = json.loads(rk(home, "ingest", *map(str, files), "--json", "--workers", "1").stdout)
    return [entry["class_code"] for entry in summary["files"]]


def test_corrections_teach_the_classifier(tmp_path):
    home = tmp_path / "home"
    assert rk(home, "train").returncode == 0
    first = [fuel_log(tmp_path, n) for n in range(3)]
    assert "ADM-RPT" not in ingest_classes(home, first)  # the failing state the loop must fix
    hits = json.loads(rk(home, "search", "odometer", "--json").stdout)["hits"]
    assert len(hits) == 3
    for entry in hits:
        result = rk(home, "reclassify", entry["record_id"], "ADM-RPT", "--reason", "fleet logs are reports",
                    "--by", "tech.lee")
        assert result.returncode == 0, result.stderr
    trained = rk(home, "train", "--from-corrections", "--json")
    report = json.loads(trained.stdout)
    assert report["corrections"] == 3 and report["activated"], trained.stdout
    later = [fuel_log(tmp_path, n) for n in range(3, 6)]
    assert ingest_classes(home, later) == ["ADM-RPT"] * 3
    history = json.loads(rk(home, "show", hits[0]["record_id"], "--json").stdout)["history"]
    assert [(h["action"], h["actor"]) for h in history] == [("indexed", "system"), ("reclassified", "tech.lee")]
