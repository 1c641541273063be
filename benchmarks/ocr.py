"""OCR and text-layer speed and quality: the pipeline against the raw tools, on the same pages, in one run.

    .venv/bin/python -m benchmarks.ocr [--repeats 3] [--json out.json]

Scanned: every page of the scanned samples, written out as 300-DPI PNGs so the pipeline and `tesseract`
(OMP_THREAD_LIMIT=1, the real per-core limit here) read identical input. The pipeline runs in-process
(one worker) and in a pool of two worker processes; the CLI runs one page at a time and two at a time.
Born-digital: every page of the born-digital samples through the pipeline, raw pdfplumber and raw pdfium.
Real scans: the shared development set of receipts and article pages (`benchmarks.ocr_real`).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from PIL import Image, ImageSequence
from rich.console import Console
from rich.table import Table

from benchmarks import ocr_real
from pipeline.enrich.analysis import Analyser
from pipeline.extract.detect import detect_type
from pipeline.extract.dispatch import extract
from pipeline.settings import load_settings
from tests.conftest import CONFIG, character_error_rate, load_manifest

_analyser: Analyser | None = None


def _init(home: str) -> None:
    global _analyser
    _analyser = Analyser(load_settings(CONFIG, environ={}, home=Path(home)))
    _ = _analyser.ocr


def _pipeline_text(path: Path) -> str:
    return extract(path, detect_type(path), _analyser.ocr, _analyser.settings).text


def _tesseract_text(path: Path) -> str:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    return subprocess.run(["tesseract", str(path), "-"], capture_output=True, text=True, env=env, check=True).stdout


def scanned_pages(folder: Path) -> list[tuple[Path, str, str]]:
    """(page PNG, true text, kind) for every page of every scanned sample."""
    pages = []
    for sample in load_manifest():
        if not sample.kind.startswith("scan"):
            continue
        truths = sample.text.split("\f")
        if sample.path.suffix == ".pdf":
            document = pdfium.PdfDocument(str(sample.path))
            images = [document[i].render(scale=300 / 72, grayscale=True).to_pil() for i in range(len(document))]
            document.close()
        else:
            with Image.open(sample.path) as source:
                images = [frame.convert("L") for frame in ImageSequence.Iterator(source)]
        for number, (image, truth) in enumerate(zip(images, truths, strict=True), start=1):
            target = folder / f"{sample.path.stem}-p{number}.png"
            image.save(target, dpi=(300, 300))
            pages.append((target, truth, sample.kind))
    return pages


def timed(run) -> tuple[float, list[str]]:
    started = time.perf_counter()
    texts = run()
    return time.perf_counter() - started, texts


def measure_scans(pages, home: Path, repeats: int) -> dict:
    paths = [page for page, _, _ in pages]
    runs: dict[str, list[float]] = {name: [] for name in ("pipeline 1 worker", "pipeline 2 workers",
                                                         "tesseract CLI 1 process", "tesseract CLI 2 parallel")}
    texts: dict[str, list[str]] = {}
    rss: dict[str, float] = {}
    _init(str(home))
    for _ in range(repeats):
        seconds, texts["pipeline"] = timed(lambda: [_pipeline_text(p) for p in paths])
        runs["pipeline 1 worker"].append(seconds)
        with ProcessPoolExecutor(2, initializer=_init, initargs=(str(home),)) as pool:
            list(pool.map(_init, [str(home)] * 2))  # start both workers before the clock
            seconds, _ = timed(lambda: list(pool.map(_pipeline_text, paths)))
        runs["pipeline 2 workers"].append(seconds)
        seconds, texts["tesseract"] = timed(lambda: [_tesseract_text(p) for p in paths])
        runs["tesseract CLI 1 process"].append(seconds)
        with ThreadPoolExecutor(2) as pool:
            seconds, _ = timed(lambda: list(pool.map(_tesseract_text, paths)))
        runs["tesseract CLI 2 parallel"].append(seconds)
    rss["pipeline (in-process)"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss["worker processes and tesseract (max)"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    quality: dict[str, dict[str, float]] = {}
    for tool in ("pipeline", "tesseract"):
        by_kind: dict[str, list[float]] = {}
        for (_, truth, kind), text in zip(pages, texts[tool], strict=True):
            by_kind.setdefault(kind, []).append(character_error_rate(truth, text))
        quality[tool] = {kind: statistics.mean(values) for kind, values in sorted(by_kind.items())}
    speed = {name: {"pages_per_s": len(paths) / statistics.median(v), "min_s": min(v), "max_s": max(v)}
             for name, v in runs.items()}
    return {"pages": len(paths), "speed": speed, "cer": quality, "peak_rss_mb": rss}


def measure_born_digital(repeats: int, home: Path) -> dict:
    files = [s.path for s in load_manifest() if s.kind == "born_digital"]
    pages = sum(len(pdfium.PdfDocument(str(f))) for f in files)

    def with_pdfplumber():
        for path in files:
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    page.extract_text()

    def with_pdfium():
        for path in files:
            document = pdfium.PdfDocument(str(path))
            for index in range(len(document)):
                textpage = document[index].get_textpage()
                textpage.get_text_bounded()
                textpage.close()
            document.close()

    _init(str(home))
    tools = {"pipeline": lambda: [_pipeline_text(f) for f in files], "raw pdfplumber": with_pdfplumber,
             "raw pypdfium2": with_pdfium}
    return {"pages": pages, "speed": {name: {"pages_per_s": pages / statistics.median(
        [timed(run)[0] for _ in range(repeats)])} for name, run in tools.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        scans = measure_scans(scanned_pages(folder), folder / "home", args.repeats)
        born = measure_born_digital(max(args.repeats, 3), folder / "home")
        real = ocr_real.measure(folder / "home")
    report(scans, born)
    ocr_real.report(real)
    if args.json:
        args.json.write_text(json.dumps({"scanned": scans, "born_digital": born, "real_scans": real}, indent=2))


def report(scans: dict, born: dict) -> None:
    console = Console()
    single = scans["speed"]["tesseract CLI 1 process"]["pages_per_s"]
    table = Table("scanned pages", "pages/s", "× raw 1 process", "min–max s", title=f"OCR, {scans['pages']} pages")
    for name, row in scans["speed"].items():
        table.add_row(name, f"{row['pages_per_s']:.2f}", f"{row['pages_per_s'] / single:.2f}",
                      f"{row['min_s']:.1f}–{row['max_s']:.1f}")
    console.print(table)
    quality = Table("kind", "pipeline CER", "tesseract CLI CER", title="Character error rate vs manifest")
    for kind in scans["cer"]["pipeline"]:
        quality.add_row(kind, f"{scans['cer']['pipeline'][kind]:.2%}", f"{scans['cer']['tesseract'][kind]:.2%}")
    console.print(quality)
    console.print("Peak RSS: " + ", ".join(f"{k} {v:.0f} MB" for k, v in scans["peak_rss_mb"].items()))
    raw = born["speed"]["raw pypdfium2"]["pages_per_s"]
    digital = Table("born-digital", "pages/s", "× raw pypdfium2", title=f"Text layers, {born['pages']} pages")
    for name, row in born["speed"].items():
        digital.add_row(name, f"{row['pages_per_s']:.1f}", f"{row['pages_per_s'] / raw:.2f}")
    console.print(digital)


if __name__ == "__main__":
    main()
