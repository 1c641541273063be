"""All benchmarks in one run: `make bench` or `.venv/bin/python -m benchmarks [--quick] [--large]`.

Prints one table (median with min–max where repeated, and the ratio to each figure's raw baseline measured
in the same run) and writes every figure to benchmarks/results/latest.json. Default sizes finish in about
ten minutes on a 2-core machine; --large adds 100k-record search and a 300-page document.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from benchmarks import (
    classification,
    intake,
    large_document,
    ocr,
    ocr_real,
    robustness,
    scaling,
    search,
    teaching,
    teaching_splits,
)

RESULTS = Path(__file__).resolve().parent / "results"


def run(quick: bool, large: bool) -> dict:
    import tempfile

    figures: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        figures["born_digital"] = ocr.measure_born_digital(3, folder / "home")
        figures["scanned"] = ocr.measure_scans(ocr.scanned_pages(folder), folder / "home", 1 if quick else 2)
        figures["real_scans"] = ocr_real.measure(folder / "home")
    figures["intake"] = intake.measure(3 if quick else 5, 0.5)
    sizes = [1_000, 10_000] + ([100_000] if large else [])
    requests = search.queries(200)
    figures["search"] = []
    for size in sizes:
        with search.sqlite_index() as index:
            figures["search"].append({"backend": "sqlite", **search.measure(index, size, requests)})
    figures["large_document"] = large_document.measure(300 if large else 60)
    figures["classification"] = classification.measure(3)
    figures["teaching"] = teaching.measure()
    figures["teaching_splits"] = teaching_splits.measure(4 if quick else teaching_splits.SPLITS)
    figures["scaling"] = scaling.measure(10 if quick else 30)
    figures["robustness"] = robustness.measure()
    return figures


def table(figures: dict) -> Table:
    out = Table("what", "pipeline", "raw baseline", "ratio", "spread", title="Recordkeeper benchmarks")
    born = figures["born_digital"]["speed"]
    out.add_row("born-digital text, pages/s", f"{born['pipeline']['pages_per_s']:.0f}",
                f"pypdfium2 {born['raw pypdfium2']['pages_per_s']:.0f} / pdfplumber "
                f"{born['raw pdfplumber']['pages_per_s']:.0f}",
                f"{born['pipeline']['pages_per_s'] / born['raw pdfplumber']['pages_per_s']:.1f}× pdfplumber", "")
    scans = figures["scanned"]["speed"]
    single = scans["tesseract CLI 1 process"]
    for workers, raw in (("1 worker", "tesseract CLI 1 process"), ("2 workers", "tesseract CLI 2 parallel")):
        mine, theirs = scans[f"pipeline {workers}"], scans[raw]
        out.add_row(f"scanned OCR {workers}, pages/s", f"{mine['pages_per_s']:.2f}",
                    f"{raw} {theirs['pages_per_s']:.2f}", f"{mine['pages_per_s'] / theirs['pages_per_s']:.2f}× "
                    f"({mine['pages_per_s'] / single['pages_per_s']:.2f}× 1 process)",
                    f"{mine['min_s']:.1f}–{mine['max_s']:.1f} s")
    for kind, rate in figures["scanned"]["cer"]["pipeline"].items():
        plain = figures["scanned"]["cer"]["tesseract"][kind]
        out.add_row(f"CER {kind}", f"{rate:.2%}", f"tesseract {plain:.2%}", "", "")
    for label in ("born-digital page", "scanned page"):
        row = figures["intake"][label]
        out.add_row(f"drop→searchable, {label}", f"p50 {row['median_s']:.2f} s, p95 {row['p95_s']:.2f} s",
                    f"raw tool {row['raw_median_s']:.2f} s", f"settle {figures['intake']['settle_seconds']} s incl.",
                    f"{row['min_s']:.2f}–{row['max_s']:.2f} s")
    mixed = figures["intake"]["mixed batch"]
    out.add_row("mixed batch through watch, docs/min", f"{mixed['pipeline_docs_per_min']:.0f}",
                f"raw tools 1 process {mixed['raw_single_process_docs_per_min']:.0f}",
                f"{mixed['pipeline_docs_per_min'] / mixed['raw_single_process_docs_per_min']:.2f}×", "")
    for row in figures["search"]:
        out.add_row(f"search {row['records']:,} records ({row['backend']})",
                    f"p50 {row['query_ms']['p50']} ms, p95 {row['query_ms']['p95']} ms",
                    f"with facets+date sort p50 {row['facets_date_sort_ms']['p50']} ms",
                    f"indexing {row['index_docs_per_s']} docs/s", "")
    big = figures["large_document"]
    out.add_row(f"peak RSS, {big['long']['pages']}-page scanned PDF", f"{big['long']['peak_rss_mb']:.0f} MB",
                f"1-page PDF {big['one_page']['peak_rss_mb']:.0f} MB",
                f"{big['long']['peak_rss_mb'] / big['one_page']['peak_rss_mb']:.2f}×",
                f"{big['long']['pages_per_s']:.2f} pages/s")
    results = figures["classification"]["results"]
    raw = results["raw scikit-learn (vectorise + predict_proba)"]["docs_per_s"]
    for name, row in results.items():
        out.add_row(f"classification: {name}, docs/s", f"{row['docs_per_s']:.0f}", f"raw scikit-learn {raw:.0f}",
                    f"{row['docs_per_s'] / raw:.2f}×", f"{row['min_s']:.2f}–{row['max_s']:.2f} s")
    taught = figures["teaching"]
    if "skipped" in taught:
        out.add_row("teaching loop on real documents", "skipped", taught["skipped"], "", "")
    else:
        rules_alone = taught["2-4 keywords per class, rules alone"]
        for name, row in taught.items():
            out.add_row(f"teaching: {name}", f"accuracy {row['accuracy']:.3f}, macro-F1 {row['macro_f1']:.3f}",
                        f"rules alone {rules_alone['accuracy']:.3f}",
                        f"review {row['review_rate']:.0%}", f"auto-filed wrong {row['auto_filed_error']:.1%}")
    splits = figures["teaching_splits"]
    if "skipped" not in splits:
        mean, worst = splits["mean"], splits["worst"]
        out_of_plan = ("" if mean["out_of_plan_reviewed"] is None else
                       f", out-of-plan reviewed {mean['out_of_plan_reviewed']:.0%}")
        out.add_row(f"teaching: {len(splits['splits'])} random 5-per-class splits (mean; worst)",
                    f"accuracy {mean['accuracy']:.3f}; {worst['accuracy']:.3f}", "",
                    f"review {mean['review_rate']:.0%}; {worst['review_rate']:.0%}",
                    f"auto-filed wrong {mean['auto_filed_error']:.1%}; {worst['auto_filed_error']:.1%}{out_of_plan}")
    for row in figures["scaling"]:
        out.add_row(f"ingest {row['factor']}× batch ({row['documents']} docs)", f"{row['seconds']:.1f} s",
                    "", f"time ×{row['time_ratio_to_1x']:.1f}", f"{row['docs_per_s']:.1f} docs/s")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repeats and smaller batches")
    parser.add_argument("--large", action="store_true", help="100k-record search and a 300-page document")
    args = parser.parse_args()
    started = time.perf_counter()
    figures = run(args.quick, args.large)
    figures["total_seconds"] = time.perf_counter() - started
    Console(width=160).print(table(figures))
    ocr_real.report(figures["real_scans"], Console(width=160))
    robustness.report(figures["robustness"], Console(width=160))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(figures, indent=2, default=str))
    print(f"All figures in {RESULTS / 'latest.json'}; {figures['total_seconds']:.0f} s in all.")


if __name__ == "__main__":
    main()
