"""OCR on real scans and phone photos: the product against plain `tesseract` on the same images, in one run.

    .venv/bin/python -m benchmarks.ocr_real        (also part of `python -m benchmarks.ocr` and `make bench`)

The images are the shared development set `../shared/ocr-dev` beside the repository (receipts photographed
or scanned, and rendered article pages, each with its ground truth); they are never copied into the
repository, and the benchmark is skipped with a message when the folder is absent. CER as the set's README
defines it: Levenshtein distance between the whitespace-collapsed texts over the truth's length, also after
NFKC and casefolding (the receipt transcripts are all upper case); the mean over pages per subset. CER
depends on reading order; the word F1 beside it does not (casefolded words counted as a bag, matched
against the truth's), so it shows recognition apart from order.

Both sides use two processes: the product's extraction in two worker processes (one engine each, started
before the clock), `tesseract IMAGE -` (OMP_THREAD_LIMIT=1) two at a time. The product is measured in its
default reading order and once more reading every page row by row, the order the article truths are in.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import time
import unicodedata
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

from rapidfuzz.distance import Levenshtein
from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
DEV_SET = REPO.parent / "shared" / "ocr-dev"
SUBSETS = {"receipts": "receipt_", "pages": "paper_"}
_PROCESSES = 2
_worker = None


def cer(truth: str, found: str, fold: bool = False) -> float:
    if fold:
        truth, found = (unicodedata.normalize("NFKC", text).casefold() for text in (truth, found))
    truth, found = " ".join(truth.split()), " ".join(found.split())
    return Levenshtein.distance(truth, found) / max(len(truth), 1)


def word_f1(truth: str, found: str) -> float:
    """F1 of the casefolded words found against the truth's, each word counted as often as it occurs,
    in any order."""
    truth_words, found_words = (Counter(unicodedata.normalize("NFKC", text).casefold().split())
                                for text in (truth, found))
    matched = sum((truth_words & found_words).values())
    if not matched:
        return 0.0
    precision, recall = matched / sum(found_words.values()), matched / sum(truth_words.values())
    return 2 * precision * recall / (precision + recall)


def _init(home: str, reading_order: str) -> None:
    global _worker
    from pipeline.enrich.analysis import Analyser
    from pipeline.settings import load_settings
    from tests.conftest import CONFIG

    environ = {"RECORDKEEPER_OCR_READING_ORDER": reading_order}
    _worker = Analyser(load_settings(CONFIG, environ=environ, home=Path(home)))
    _ = _worker.ocr


def _product_text(path: Path) -> str:
    from pipeline.extract.detect import detect_type
    from pipeline.extract.dispatch import extract

    return extract(path, detect_type(path), _worker.ocr, _worker.settings).text


def _tesseract_text(path: Path) -> str:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    return subprocess.run(["tesseract", str(path), "-"], capture_output=True, text=True, env=env,
                          check=True).stdout


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _product(images: list[Path], home: Path, reading_order: str) -> tuple[float, float, list[str]]:
    cpu = _children_cpu()
    with ProcessPoolExecutor(_PROCESSES, initializer=_init, initargs=(str(home), reading_order)) as pool:
        list(pool.map(_init, [str(home)] * _PROCESSES, [reading_order] * _PROCESSES))  # engines up first
        started = time.perf_counter()
        texts = list(pool.map(_product_text, images))
        seconds = time.perf_counter() - started
    # Workers' CPU is counted once they have exited: it includes starting the two engines (well under 1 s).
    return seconds, _children_cpu() - cpu, texts


def _tesseract(images: list[Path]) -> tuple[float, float, list[str]]:
    cpu = _children_cpu()
    with ThreadPoolExecutor(_PROCESSES) as pool:
        started = time.perf_counter()
        texts = list(pool.map(_tesseract_text, images))
    return time.perf_counter() - started, _children_cpu() - cpu, texts


def measure(home: Path, folder: Path = DEV_SET) -> dict:
    """Every figure of the real-scan benchmark, or {"skipped": reason} without the development set."""
    images = sorted(folder.glob("*.jpg")) if folder.is_dir() else []
    if not images:
        return {"skipped": f"no development set at {folder} (real scans with ground truth); nothing measured"}
    truths = [image.with_suffix(".gt.txt").read_text(encoding="utf-8") for image in images]
    seconds, cpu, texts = {}, {}, {}
    seconds["tesseract"], cpu["tesseract"], texts["tesseract"] = _tesseract(images)
    seconds["product"], cpu["product"], texts["product"] = _product(images, home, "auto")
    seconds["product, rows"], cpu["product, rows"], texts["product, rows"] = _product(images, home, "rows")
    pages = [image.stem for image in images]
    scores = {tool: [(cer(t, f), cer(t, f, fold=True), word_f1(t, f)) for t, f in zip(truths, found, strict=True)]
              for tool, found in texts.items()}
    subsets = {**SUBSETS, "all": ""}
    cer_table = {tool: {name: _means([s for page, s in zip(pages, rows, strict=True) if page.startswith(prefix)])
                        for name, prefix in subsets.items()} for tool, rows in scores.items()}
    losses = sorted(((scores["product"][i][1] - scores["tesseract"][i][1], pages[i],
                      scores["product"][i][1], scores["tesseract"][i][1]) for i in range(len(pages))), reverse=True)
    return {"images": len(images), "processes": _PROCESSES,
            "pages_per_s": {tool: len(images) / s for tool, s in seconds.items()},
            "cpu_s_per_page": {tool: s / len(images) for tool, s in cpu.items()},
            "cer": cer_table,
            "worst_against_tesseract": [{"page": page, "casefold_cer_product": mine, "casefold_cer_tesseract": theirs}
                                        for _, page, mine, theirs in losses[:5]]}


def _means(rows: list[tuple[float, float]]) -> dict[str, float]:
    return {"cer": statistics.mean(r[0] for r in rows), "casefold_cer": statistics.mean(r[1] for r in rows),
            "word_f1": statistics.mean(r[2] for r in rows), "pages": len(rows)}


def report(figures: dict, console: Console | None = None) -> None:
    console = console or Console()
    if "skipped" in figures:
        console.print(f"Real scans: skipped — {figures['skipped']}")
        return
    speed = figures["pages_per_s"]
    table = Table("subset", "pages", *(f"{kind} {tool}" for tool in ("product", "tesseract")
                                       for kind in ("CER", "casefold CER")), "casefold CER product, rows",
                  "word F1 product", "word F1 tesseract",
                  title=f"Real scans ({figures['images']} images, ../shared/ocr-dev), "
                        f"{figures['processes']} processes each")
    cer = figures["cer"]
    for subset in cer["product"]:
        table.add_row(subset, str(cer["product"][subset]["pages"]),
                      f"{cer['product'][subset]['cer']:.3f}", f"{cer['product'][subset]['casefold_cer']:.3f}",
                      f"{cer['tesseract'][subset]['cer']:.3f}", f"{cer['tesseract'][subset]['casefold_cer']:.3f}",
                      f"{cer['product, rows'][subset]['casefold_cer']:.3f}",
                      f"{cer['product'][subset]['word_f1']:.3f}", f"{cer['tesseract'][subset]['word_f1']:.3f}")
    console.print(table)
    cpu = figures["cpu_s_per_page"]
    console.print(f"Throughput: product {speed['product']:.2f} pages/s, tesseract {speed['tesseract']:.2f} "
                  f"pages/s ({speed['product'] / speed['tesseract']:.2f}×); product reading rows "
                  f"{speed['product, rows']:.2f} pages/s")
    console.print(f"CPU per page (steadier than wall time on a shared machine): product {cpu['product']:.2f} s, "
                  f"tesseract {cpu['tesseract']:.2f} s ({cpu['tesseract'] / cpu['product']:.2f}× as fast); "
                  f"product reading rows {cpu['product, rows']:.2f} s")
    worst = Table("page", "casefold CER product", "casefold CER tesseract",
                  title="The five pages where the product loses most against tesseract")
    for row in figures["worst_against_tesseract"]:
        worst.add_row(row["page"], f"{row['casefold_cer_product']:.3f}", f"{row['casefold_cer_tesseract']:.3f}")
    console.print(worst)


def main() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        report(measure(Path(tmp) / "home"))


if __name__ == "__main__":
    main()
