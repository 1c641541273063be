"""The web UI in headless Chromium against a real `recordkeeper serve`, as staff use it."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.web.conftest import PASSWORD, build_office

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser")
    settings, ids = build_office(root / "home", root)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "--home", str(settings.home), "serve", "--port",
                                str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/login", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield base, ids
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.fail("Chromium is not installed: run 'bash scripts/bootstrap.sh --test' (apt package chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def log_in(browser, base: str, username: str):
    page = browser.new_context().new_page()
    page.goto(base + "/")
    assert "/login" in page.url
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
    return page


def test_technician_searches_opens_and_corrects_from_the_review_queue(server, browser):
    base, ids = server
    page = log_in(browser, base, "tess")
    page.fill("input[name=q]", "Northwind")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector(".hits")
    assert page.locator(".hits li").count() == 4
    page.click(f"a[href='/records/{ids['invoice']}']")
    assert page.locator("h1").inner_text() == "Northwind invoice INV-2025-0100"
    assert page.locator(".class-code").inner_text() == "FIN-AP"
    page.click("text=Review queue")
    row = page.locator(".review-row", has=page.locator(f"a[href='/records/{ids['vague']}']"))
    row.locator("select").select_option("ADM-RPT")
    row.locator("button.reclassify").click()
    page.wait_for_url(re.compile(re.escape(base) + r"/review\?at=\d+&done=reclassified&"))
    assert page.locator(f"a[href='/records/{ids['vague']}']").count() == 0  # left the queue
    page.goto(base + "/?q=Miscellaneous")
    assert "ADM-RPT" in page.locator(".hits li").first.inner_text()


def test_viewer_cannot_reach_a_confidential_record_any_way(server, browser):
    base, ids = server
    page = log_in(browser, base, "vic")
    page.goto(base + "/?q=Northwind")
    listed = page.locator(".hits").inner_text()
    assert ids["personnel"] not in listed and "EMP-20001" not in listed
    assert "HR-PER" not in page.locator(".results-layout").inner_html()  # not in results, facets or snippets
    facet = page.locator(".facet-class_code").inner_text()
    assert "FIN-AP" in facet and "HR-PER" not in facet
    response = page.goto(f"{base}/records/{ids['personnel']}")
    assert response.status == 404
    assert page.goto(f"{base}/records/{ids['personnel']}/pages/1.png").status == 404
    assert page.goto(f"{base}/records/{ids['personnel']}/original").status == 404
    assert page.goto(f"{base}/api/v1/records/{ids['personnel']}").status == 404
    assert page.goto(f"{base}/review").status == 403
