"""Peak memory of one worker reading a long scanned PDF: pages are rendered and read one at a time.

    .venv/bin/python -m benchmarks.large_document [--pages 300]

Builds an image-only PDF of N scanned pages, extracts it in a fresh process, and reports that process's
peak RSS and pages/s next to the peak RSS of the same process on a 1-page PDF (the fixed cost).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

from tests.conftest import load_manifest

_CHILD = """
import sys, resource, time
from pathlib import Path
from pipeline.enrich.analysis import Analyser
from pipeline.extract.detect import detect_type
from pipeline.extract.dispatch import extract
from pipeline.settings import load_settings
analyser = Analyser(load_settings(home=Path(sys.argv[2])))
started = time.perf_counter()
pages = extract(Path(sys.argv[1]), detect_type(Path(sys.argv[1])), analyser.ocr, analyser.settings).page_count
print(pages, time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def scanned_pdf(path: Path, pages: int) -> Path:
    source = next(s.path for s in load_manifest() if s.kind == "scan_clean" and s.path.suffix == ".png")
    with Image.open(source) as image:
        page = image.convert("L")
    # Pillow streams the repeated frames into one image-only PDF, like a scanner's batch.
    page.save(path, save_all=True, append_images=[page] * (pages - 1), resolution=300)
    return path


def run_child(pdf: Path, home: Path) -> dict:
    output = subprocess.run([sys.executable, "-c", _CHILD, str(pdf), str(home)], capture_output=True, text=True,
                            check=True).stdout.split()
    pages, seconds, rss_kb = int(output[0]), float(output[1]), int(output[2])
    return {"pages": pages, "seconds": seconds, "pages_per_s": pages / seconds, "peak_rss_mb": rss_kb / 1024}


def measure(pages: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        one = run_child(scanned_pdf(root / "one.pdf", 1), root / "home")
        many = run_child(scanned_pdf(root / "many.pdf", pages), root / "home")
    return {"one_page": one, "long": many}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    started = time.perf_counter()
    result = measure(args.pages)
    print(f"{result['long']['pages']}-page scanned PDF: peak RSS {result['long']['peak_rss_mb']:.0f} MB "
          f"(1-page PDF: {result['one_page']['peak_rss_mb']:.0f} MB), {result['long']['pages_per_s']:.2f} pages/s, "
          f"{time.perf_counter() - started:.0f} s in all")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
