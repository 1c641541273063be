"""The web UI in headless Chromium against a real `recordkeeper serve`, as staff use it."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import build_office
from tests.web.live import log_in, serving

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser")
    settings, ids = build_office(root / "home", root)
    with serving(settings.home) as base:
        yield base, ids


def test_technician_searches_opens_and_corrects_from_the_review_queue(server, browser):
    base, ids = server
    page = log_in(browser, base, "tess", start="/")
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
    page = log_in(browser, base, "vic", start="/")
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
