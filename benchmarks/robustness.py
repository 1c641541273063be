"""What becomes of unusual and hostile files: the corpus of `tests/corpus/*_cases.py` through `recordkeeper watch`.

    .venv/bin/python -m benchmarks.robustness [--json out.json]

Every case (each supported format, damaged and hostile files, bombs, encrypted and mislabelled files, and
whatever further case modules exist) is made afresh, dropped into the inbox of a watch service with two
workers, and followed to its end. Reported: files indexed, quarantined and lost (must be 0), cases whose
outcome or text was not what the case expects, the slowest file with its processing time, and the peak
resident memory of any one worker process (sampled every 0.1 s).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table

from tests.corpus.discover import all_cases
from tests.corpus.intake_run import run_through_watch


def measure(workers: int = 2) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        cases = all_cases(Path(tmp) / "cases")
        run = run_through_watch(cases, Path(tmp) / "run", workers=workers)
    slowest = run.slowest()
    return {
        "files": len(run.results), "indexed": run.count("indexed"), "quarantined": run.count("quarantined"),
        "lost": run.count("lost"), "workers": workers, "wall_seconds": round(run.wall_seconds, 1),
        "not_as_expected": [f"{r.case.kind} ({r.case.path.name}): {r.outcome}" for r in run.results
                            if not r.as_expected],
        "slowest": {"file": slowest.case.path.name, "kind": slowest.case.kind,
                    "seconds": round(slowest.seconds, 2)} if slowest else None,
        "peak_worker_rss_mb": round(run.peak_worker_rss_mb),
        "by_file": [{"file": r.case.path.name, "kind": r.case.kind, "outcome": r.outcome,
                     "seconds": None if r.seconds is None else round(r.seconds, 3)} for r in run.results],
    }


def table(figures: dict) -> Table:
    out = Table("what", "value", title=f"Robustness corpus through `recordkeeper watch` ({figures['workers']} workers)")
    out.add_row("files", str(figures["files"]))
    out.add_row("indexed", str(figures["indexed"]))
    out.add_row("quarantined (with a reason)", str(figures["quarantined"]))
    out.add_row("lost (must be 0)", str(figures["lost"]))
    out.add_row("outcome or text not as the case expects", str(len(figures["not_as_expected"])))
    slowest = figures["slowest"]
    if slowest:
        out.add_row("slowest file", f"{slowest['file']} ({slowest['kind']}): {slowest['seconds']:.2f} s")
    out.add_row("peak RSS of one worker process", f"{figures['peak_worker_rss_mb']} MB")
    out.add_row("whole run (service start to idle)", f"{figures['wall_seconds']:.1f} s")
    return out


def report(figures: dict, console: Console) -> None:
    console.print(table(figures))
    for line in figures["not_as_expected"]:
        console.print(f"  not as expected: {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    figures = measure(args.workers)
    report(figures, Console(width=140))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
