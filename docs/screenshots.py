"""Make the screenshots in docs/ from a demo data home: `.venv/bin/python docs/screenshots.py`.

Ingests the born-digital and text samples and one damaged file (for the quarantine), leaves a scan waiting
in the inbox, adds a technician, serves the web UI on a free local port and photographs the main pages
1,280 px wide with headless Chromium (Debian's, driven by Playwright).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

DOCS = Path(__file__).resolve().parent
REPO = DOCS.parent
PASSWORD = "demo password 1"


# A strict review threshold so the demo's review queue has records in it.
ENVIRONMENT = {**os.environ, "RECORDKEEPER_REVIEW_THRESHOLD": "0.97"}


def rk(home: Path, *args: str, stdin: str | None = None, check: bool = True) -> None:
    subprocess.run([sys.executable, "-m", "pipeline", "--home", str(home), *args], input=stdin, text=True,
                   check=check, capture_output=True, cwd=REPO, env=ENVIRONMENT)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        # No trained model: rules alone are less sure, so the strict threshold fills the review queue.
        rk(home, "ingest", str(REPO / "sample_docs" / "born_digital"), str(REPO / "sample_docs" / "text"))
        damaged = Path(tmp) / "scan-0042.pdf"
        damaged.write_bytes((REPO / "sample_docs" / "born_digital" / "inv-001.pdf").read_bytes()[:700])
        rk(home, "ingest", str(damaged), check=False)  # fails: quarantined with its reason
        waiting = home / "inbox" / "front-desk"
        waiting.mkdir(parents=True, exist_ok=True)
        (waiting / "minutes-2025-06.pdf").write_bytes((REPO / "sample_docs" / "born_digital" / "inv-002.pdf")
                                                      .read_bytes())
        rk(home, "user", "add", "tess", "--role", "technician", "--password-stdin", stdin=PASSWORD + "\n")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen([sys.executable, "-m", "pipeline", "--home", str(home), "serve", "--port",
                                   str(port)], cwd=REPO, env=ENVIRONMENT)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/login", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            shoot(base)
        finally:
            server.terminate()
            server.wait()


def shoot(base: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"),
                                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        page.goto(base + "/login")
        page.screenshot(path=DOCS / "login.png")
        page.fill("input[name=username]", "tess")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.goto(base + '/?q=invoice OR "purchase order"')
        page.screenshot(path=DOCS / "search.png")
        page.click(".hits a.title >> nth=0")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=DOCS / "record.png")
        page.click(".thumbs a >> nth=0")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=DOCS / "viewer.png")
        for name in ("review", "intake", "file-plan"):
            page.goto(f"{base}/{name}")
            page.screenshot(path=DOCS / f"{name}.png")
        browser.close()


if __name__ == "__main__":
    main()
