"""Drop-to-searchable latency and mixed-batch throughput of `recordkeeper watch`, against the raw tools.

    .venv/bin/python -m benchmarks.intake [--repeats 5] [--settle 0.5] [--json out.json]

Latency: a file is moved into the inbox and the clock runs until its search document is in the index.
The settle time (the wait that proves a file is complete) is part of it and is printed separately.
Baselines, measured on the same files in the same run: pdfplumber's extract_text for a born-digital
page, the `tesseract` command (OMP_THREAD_LIMIT=1) for a scanned page.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pdfplumber
from PIL import Image
from rich.console import Console
from rich.table import Table

from tests.conftest import load_manifest

REPO = Path(__file__).resolve().parent.parent


def unique_copy(source: Path, target: Path, salt: int) -> Path:
    """A byte-different copy (so it is not a duplicate) that reads the same."""
    if source.suffix == ".pdf":
        target.write_bytes(source.read_bytes() + f"\n%salt {salt}\n".encode())
    else:
        image = Image.open(source)
        image.load()
        image.putpixel((0, 0), salt % 200)
        image.save(target, dpi=image.info.get("dpi", (300, 300)))
    return target


def raw_seconds(path: Path) -> float:
    started = time.perf_counter()
    if path.suffix == ".pdf":
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
    else:
        subprocess.run(["tesseract", str(path), "-"], capture_output=True, check=True,
                       env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    return time.perf_counter() - started


class Watcher:
    def __init__(self, root: Path, settle: float) -> None:
        self.home, self.inbox = root / "home", root / "home" / "inbox" / "bench"
        self.inbox.mkdir(parents=True)
        self.config = root / "rk.toml"
        self.config.write_text(f'home = "{self.home}"\nfile_plan = "{REPO / "config" / "file_plan.toml"}"\n'
                               f'[watch]\nsettle_seconds = {settle}\n[[inbox]]\npath = "inbox/bench"\n'
                               'station = "bench"\n')
        self.process = subprocess.Popen([sys.executable, "-m", "pipeline", "--config", str(self.config), "watch"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.wait(lambda db: db.execute("SELECT 1 FROM sqlite_master WHERE name='search_docs'").fetchone())
        time.sleep(3)  # workers importing their libraries

    def wait(self, condition, timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with sqlite3.connect(self.home / "catalog.sqlite3", timeout=30) as db:
                    if condition(db):
                        return
            except sqlite3.OperationalError:
                pass
            time.sleep(0.02)
        raise TimeoutError

    def indexed(self, count: int):
        return lambda db: db.execute("SELECT COUNT(*) FROM search_docs").fetchone()[0] >= count

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def measure(repeats: int, settle: float) -> dict:
    manifest = load_manifest()
    born = next(s.path for s in manifest if s.kind == "born_digital" and s.text.count("\f") == 0)
    scan = next(s.path for s in manifest if s.kind == "scan_clean")
    batch = [s.path for s in manifest if s.kind == "born_digital"][:20] + \
            [s.path for s in manifest if s.kind == "scan_clean"][:6]
    results: dict = {"settle_seconds": settle}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        staging = root / "staging"
        staging.mkdir()
        watcher = Watcher(root, settle)
        done = 0
        for label, source in (("born-digital page", born), ("scanned page", scan)):
            latencies, raws = [], []
            for n in range(repeats):
                copy = unique_copy(source, staging / f"{n}-{source.name}", n + 1)
                raws.append(raw_seconds(copy))
                started = time.perf_counter()
                os.replace(copy, watcher.inbox / copy.name)
                done += 1
                watcher.wait(watcher.indexed(done))
                latencies.append(time.perf_counter() - started)
            results[label] = _summary(latencies) | {"raw_median_s": statistics.median(raws)}
        copies = [unique_copy(p, staging / f"batch-{p.name}", 1000 + i) for i, p in enumerate(batch)]
        raw_total = sum(raw_seconds(p) for p in copies)
        started = time.perf_counter()
        for path in copies:
            os.replace(path, watcher.inbox / path.name)
        watcher.wait(watcher.indexed(done + len(copies)))
        elapsed = time.perf_counter() - started
        watcher.stop()
        shutil.rmtree(root / "home", ignore_errors=True)
    results["mixed batch"] = {"documents": len(batch), "pipeline_docs_per_min": len(batch) / elapsed * 60,
                              "raw_single_process_docs_per_min": len(batch) / raw_total * 60}
    return results


def _summary(values: list[float]) -> dict:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median_s": statistics.median(values), "p95_s": p95, "min_s": ordered[0], "max_s": ordered[-1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--settle", type=float, default=0.5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results = measure(args.repeats, args.settle)
    table = Table("drop to searchable", "median s", "p95 s", "min–max s", "raw tool s", "median minus settle",
                  title=f"watch latency (settle_seconds = {args.settle})")
    for label in ("born-digital page", "scanned page"):
        row = results[label]
        table.add_row(label, f"{row['median_s']:.2f}", f"{row['p95_s']:.2f}",
                      f"{row['min_s']:.2f}–{row['max_s']:.2f}", f"{row['raw_median_s']:.2f}",
                      f"{row['median_s'] - args.settle:.2f}")
    console = Console()
    console.print(table)
    batch = results["mixed batch"]
    console.print(f"Mixed batch of {batch['documents']} documents: {batch['pipeline_docs_per_min']:.1f} docs/min "
                  f"through watch (2 workers) vs {batch['raw_single_process_docs_per_min']:.1f} docs/min for the "
                  f"raw tools in one process (ratio "
                  f"{batch['pipeline_docs_per_min'] / batch['raw_single_process_docs_per_min']:.2f}×)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
