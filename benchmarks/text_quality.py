"""Character error rate of the pipeline's text against the sample manifest, per kind of document.

    .venv/bin/python -m benchmarks.text_quality [--json results.json]

CER = Levenshtein distance / length of the true text, both with white space folded to single spaces.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import defaultdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

from pipeline.enrich.analysis import Analyser
from pipeline.extract.detect import detect_type
from pipeline.extract.dispatch import extract
from pipeline.settings import load_settings
from tests.conftest import CONFIG, character_error_rate, load_manifest


def measure(home: Path) -> dict[str, dict[str, float]]:
    analyser = Analyser(load_settings(CONFIG, environ={}, home=home))
    rates: dict[str, list[float]] = defaultdict(list)
    seconds: dict[str, float] = defaultdict(float)
    for sample in load_manifest():
        started = time.perf_counter()
        extraction = extract(sample.path, detect_type(sample.path), analyser.ocr, analyser.settings)
        seconds[sample.kind] += time.perf_counter() - started
        rates[sample.kind].append(character_error_rate(sample.text, extraction.text))
    return {
        kind: {"documents": len(values), "mean_cer": statistics.mean(values), "max_cer": max(values),
               "seconds": seconds[kind]}
        for kind, values in sorted(rates.items())
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory() as home:
        figures = measure(Path(home))
    table = Table("kind", "documents", "mean CER", "max CER", "seconds", title="Text quality vs manifest")
    for kind, row in figures.items():
        table.add_row(kind, str(row["documents"]), f"{row['mean_cer']:.2%}", f"{row['max_cer']:.2%}",
                      f"{row['seconds']:.1f}")
    Console().print(table)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
