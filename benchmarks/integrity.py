"""What the integrity guarantees cost: synchronous=FULL against NORMAL, sealing, the audits, backup.

    .venv/bin/python -m benchmarks.integrity [--documents 60] [--entries 20000]

- commits/s of a sealed audit entry (one transaction each), synchronous NORMAL vs FULL, in a real catalog
- one-shot ingest of the same born-digital batch with the catalog at NORMAL vs FULL
- `audit verify` over N sealed entries, against the public chain alone (no seals) on the same trail
- consistency and fixity over the ingested batch; backup of it against a plain copy of the data home
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from benchmarks.scaling import batch
from pipeline.catalog.audit_trail import verify_chain
from pipeline.intake.ingest import Ingestor
from pipeline.lifecycle import audits
from pipeline.lifecycle.backup import backup
from pipeline.settings import load_settings
from pipeline.workspace import Workspace
from tests.conftest import CONFIG


def _workspace(home: Path, synchronous: str) -> Workspace:
    workspace = Workspace.open(load_settings(CONFIG, environ={}, home=home), create=True)
    workspace.catalog.connection.execute(f"PRAGMA synchronous={synchronous}")
    return workspace


def commit_rate(root: Path, synchronous: str, count: int = 500) -> float:
    with _workspace(root / f"commits-{synchronous}", synchronous) as workspace:
        started = time.perf_counter()
        for number in range(count):
            with workspace.catalog.transaction():
                workspace.catalog.audit("benchmark", None, {"n": number})
        return count / (time.perf_counter() - started)


def ingest_seconds(root: Path, synchronous: str, files: list[Path]) -> float:
    with _workspace(root / f"ingest-{synchronous}", synchronous) as workspace:
        started = time.perf_counter()
        outcomes = Ingestor(workspace.settings, workspace.catalog, workspace.index).ingest(files)
        seconds = time.perf_counter() - started
    assert all(outcome.status == "indexed" for outcome in outcomes)
    return seconds


def verify_seconds(root: Path, entries: int) -> tuple[float, float]:
    with _workspace(root / "trail", "FULL") as workspace:
        with workspace.catalog.transaction():
            for number in range(entries):
                workspace.catalog.audit("benchmark", None, {"n": number})
        started = time.perf_counter()
        assert audits.verify_audit_trail(workspace).problems == []
        sealed = time.perf_counter() - started
        started = time.perf_counter()
        verify_chain(workspace.catalog.connection)
        return sealed, time.perf_counter() - started


def audit_and_backup_seconds(root: Path) -> dict[str, float]:
    home = root / "ingest-FULL"
    figures = {}
    with Workspace.open(load_settings(CONFIG, environ={}, home=home)) as workspace:
        for name, check in (("fixity", audits.fixity), ("consistency", audits.consistency)):
            started = time.perf_counter()
            assert check(workspace)[1] == []
            figures[name] = time.perf_counter() - started
        started = time.perf_counter()
        backup(workspace, root / "backup")
        figures["backup"] = time.perf_counter() - started
    started = time.perf_counter()
    shutil.copytree(home, root / "plain-copy")
    figures["plain copy"] = time.perf_counter() - started
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=60)
    parser.add_argument("--entries", type=int, default=20_000)
    args = parser.parse_args()
    table = Table("what", "FULL / sealed", "NORMAL / baseline", "ratio", title="Integrity costs")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        full, normal = commit_rate(root, "FULL"), commit_rate(root, "NORMAL")
        table.add_row("sealed audit entry, one commit each, commits/s", f"{full:,.0f}", f"{normal:,.0f}",
                      f"{full / normal:.2f}×")
        (root / "in").mkdir()
        files = batch(root / "in", args.documents)
        normal_s = ingest_seconds(root, "NORMAL", files)
        full_s = ingest_seconds(root, "FULL", files)
        table.add_row(f"ingest {args.documents} born-digital docs, s", f"{full_s:.1f}", f"{normal_s:.1f}",
                      f"{full_s / normal_s:.2f}×")
        sealed, plain = verify_seconds(root, args.entries)
        table.add_row(f"audit verify, {args.entries:,} entries, s", f"{sealed:.2f}", f"public chain only {plain:.2f}",
                      f"{sealed / plain:.2f}×")
        figures = audit_and_backup_seconds(root)
        table.add_row(f"fixity / consistency, {args.documents} records, s", f"{figures['fixity']:.2f} / "
                      f"{figures['consistency']:.2f}", "", "")
        table.add_row(f"backup of {args.documents} records (verified), s", f"{figures['backup']:.2f}",
                      f"plain copy {figures['plain copy']:.2f}", f"{figures['backup'] / figures['plain copy']:.1f}×")
    Console(width=140).print(table)


if __name__ == "__main__":
    main()
