"""A real `recordkeeper serve` on a free local port, Debian's headless Chromium, and a signed-in page, for the
browser tests."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(home: Path) -> Iterator[str]:
    """The web UI of the data home `home`, running until the block ends; yields its base address."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "--home", str(home), "serve", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/login", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def chromium() -> Iterator:
    """Headless Chromium driven by Playwright; fails with the install hint when Chromium is missing."""
    import pytest

    if CHROMIUM is None:
        pytest.fail("Chromium is not installed: run 'bash scripts/bootstrap.sh --test' (apt package chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def log_in(browser, base: str, username: str, start: str = "/login", viewport: dict | None = None):
    """A new page signed in as `username`, after `start` sent it to the sign-in form."""
    from tests.web.conftest import PASSWORD

    options = {"accept_downloads": True} | ({"viewport": viewport} if viewport else {})
    page = browser.new_context(**options).new_page()
    page.goto(base + start)
    assert "/login" in page.url
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
    return page
