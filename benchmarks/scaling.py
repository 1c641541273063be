"""Does ingest time grow linearly with the batch? The same born-digital batch at 1x, 4x and 16x.

    .venv/bin/python -m benchmarks.scaling [--base 30]

Each size is a fresh data home and a one-shot `ingest` of N byte-different copies of the born-digital
samples (so none is a duplicate), through the real pipeline with the configured workers.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from pipeline.intake.ingest import Ingestor
from pipeline.settings import load_settings
from pipeline.workspace import Workspace
from tests.conftest import CONFIG, load_manifest


def batch(folder: Path, size: int) -> list[Path]:
    sources = [s.path for s in load_manifest() if s.kind == "born_digital"]
    files = []
    for number in range(size):
        source = sources[number % len(sources)]
        target = folder / f"{number:05d}-{source.name}"
        target.write_bytes(source.read_bytes() + f"\n%copy {number}\n".encode())
        files.append(target)
    return files


def measure(base: int, factors: tuple[int, ...] = (1, 4, 16)) -> list[dict]:
    rows = []
    for factor in factors:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            (root / "in").mkdir()
            files = batch(root / "in", base * factor)
            settings = load_settings(CONFIG, environ={}, home=root / "home")
            workspace = Workspace.open(settings, create=True)
            started = time.perf_counter()
            outcomes = Ingestor(settings, workspace.catalog, workspace.index).ingest(files)
            seconds = time.perf_counter() - started
            workspace.close()
        assert all(o.status == "indexed" for o in outcomes)
        rows.append({"factor": factor, "documents": len(files), "seconds": seconds,
                     "docs_per_s": len(files) / seconds})
    for row in rows:
        row["time_ratio_to_1x"] = row["seconds"] / rows[0]["seconds"]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", type=int, default=30)
    args = parser.parse_args()
    for row in measure(args.base):
        print(f"{row['factor']:>3}x  {row['documents']:5d} docs  {row['seconds']:6.1f} s  "
              f"{row['docs_per_s']:6.1f} docs/s  time ×{row['time_ratio_to_1x']:.1f}")


if __name__ == "__main__":
    main()
