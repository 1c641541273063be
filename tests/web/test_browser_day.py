"""The technician's day (issue #19) in headless Chromium against a real `recordkeeper serve`: upload, file,
open, correct, review by keyboard, browse, bulk changes, the page viewer and the quarantine."""

from __future__ import annotations

import subprocess
import sys
from functools import partial

import pytest

from tests.web import live
from tests.web.conftest import build_busy_office
from tests.web.live import serving

pytestmark = pytest.mark.slow
WIDE = {"width": 1280, "height": 900}
log_in = partial(live.log_in, viewport=WIDE)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser-day")
    settings, ids, jobs = build_busy_office(root / "home", root)
    with serving(settings.home) as base:
        yield base, ids, jobs, settings


def test_upload_file_open_reclassify_with_a_reason_and_see_before_and_after(server, browser):
    base, _ids, _jobs, settings = server
    page = log_in(browser, base, "tess")
    page.goto(base + "/intake")
    from tests.conftest import make_text_pdf

    upload = make_text_pdf(settings.home.parent / "minutes-upload.pdf", [
        "Minutes of the board meeting", "Date: 2025-06-12", "Present: the board of Northwind Supply",
        "Motion carried: new warehouse lease approved. Meeting adjourned."])
    page.set_input_files("input[type=file]", str(upload))
    page.click("form.upload button[type=submit]")
    page.wait_for_url(base + "/intake?done=uploaded")
    assert "minutes-upload.pdf" in page.locator("table.waiting").inner_text()
    # Drag and drop onto the upload box sends the dropped file the same way.
    dropped = page.evaluate_handle("""() => { const data = new DataTransfer();
        data.items.add(new File(['%PDF-1.4 dropped'], 'dropped.pdf', {type: 'application/pdf'})); return data; }""")
    # The page is already at the address the drop leads to: wait for the navigation itself.
    with page.expect_navigation():
        page.dispatch_event(".drop-zone", "drop", {"dataTransfer": dropped})
    assert "dropped.pdf" in page.locator("table.waiting").inner_text()
    subprocess.run([sys.executable, "-m", "pipeline", "--home", str(settings.home), "watch", "--exit-when-idle"],
                   check=True, capture_output=True, timeout=300)
    page.goto(base + "/?q=warehouse lease")
    page.click(".hits a.title >> nth=0")
    page.wait_for_selector(".class-code")
    before = page.locator(".class-code").inner_text()
    target = "LEG-CON" if before != "LEG-CON" else "GOV-MIN"
    page.select_option("form.correct select[name=code]", target)
    page.fill("form.correct input[name=reason]", "a lease decision belongs with contracts")
    with page.expect_navigation():
        page.click("form.correct button.reclassify")
    assert page.locator(".class-code").inner_text() == target
    history = page.locator("table.history").inner_text()
    assert f"{before} → {target}" in history and "a lease decision belongs with contracts" in history


def test_review_queue_fits_1280_pixels_and_keeps_its_place_by_keyboard(server, browser):
    base, _ids, _jobs, _settings = server
    page = log_in(browser, base, "tess")
    page.goto(base + "/review")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, f"the review queue is {width}px wide"
    decision = page.locator("table.review-queue th").nth(4).bounding_box()
    assert decision["x"] + decision["width"] <= 1280
    link = page.locator(".review-row a.open").first.bounding_box()
    line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.review-row a.open')).lineHeight)")
    assert link["height"] < 1.6 * line  # a record id on one line
    assert "(?i" not in page.locator("table.review-queue").inner_text()
    rows = page.locator(".review-row")
    count = rows.count()
    assert count >= 3
    page.keyboard.press("j")
    second = rows.nth(1).get_attribute("data-record")
    third = rows.nth(2).get_attribute("data-record")
    with page.expect_navigation():
        page.keyboard.press("a")
    assert f"Accepted {second}." in page.locator(".notice").inner_text()
    focused = page.evaluate("document.activeElement.dataset.record")
    assert focused == third  # the place is kept: the next record is where the accepted one was
    with page.expect_navigation():
        page.click(".notice button.undo")
    assert second in [rows.nth(i).get_attribute("data-record") for i in range(rows.count())]
    # c goes to the class menu; Escape comes back and j/k work again; Enter in the menu reclassifies.
    page.keyboard.press("c")
    assert page.evaluate("document.activeElement.tagName") == "SELECT"
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.classList.contains('review-row')")
    row_before = page.evaluate("document.activeElement.dataset.record")
    page.keyboard.press("k")
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.dataset.record") == row_before
    page.keyboard.press("c")
    page.locator(f".review-row[data-record='{row_before}'] select").select_option("ADM-RPT")
    page.locator(f".review-row[data-record='{row_before}'] select").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"Reclassified {row_before}." in page.locator(".notice").inner_text()
    assert page.locator(f".review-row[data-record='{row_before}']").count() == 0


def test_browse_a_class_by_date_without_words_and_reclassify_in_bulk(server, browser):
    base, ids, _jobs, _settings = server
    page = log_in(browser, base, "tess")
    page.select_option("select[name=class]", "REV")
    page.fill("input[name=from]", "2025-01-01")
    page.click("form.search button[type=submit]")
    page.wait_for_selector(".hits")
    assert "record(s) listed" in page.locator(".summary").inner_text()
    listed = page.locator(".hits").inner_text()
    assert ids["vague"] in listed
    assert page.locator(".error").count() == 0
    boxes = page.locator(".hits input.choose")
    chosen = [boxes.nth(i).get_attribute("value").split("@")[0] for i in range(boxes.count())]
    for i in range(boxes.count()):
        boxes.nth(i).check()
    page.select_option("form.bulk select[name=action]", "reclassify")
    page.select_option("form.bulk select[name=code]", "COR-GEN")
    page.fill("form.bulk input[name=reason]", "unfiled notes are correspondence")
    page.click("form.bulk button.bulk-apply")
    page.wait_for_selector(".bulk-outcomes")
    assert f"{len(chosen)} of {len(chosen)} record(s) changed" in page.locator("h1").inner_text()
    page.goto(f"{base}/?class=COR-GEN")
    assert all(record_id in page.locator(".hits").inner_text() for record_id in chosen)


def test_page_viewer_zooms_and_turns_pages_and_a_text_record_has_no_broken_image(server, browser):
    base, ids, _jobs, _settings = server
    page = log_in(browser, base, "tess")
    page.goto(f"{base}/records/{ids['report']}")
    page.click(".thumbs a >> nth=0")
    page.wait_for_selector("img.page-image")
    first = page.evaluate("document.querySelector('img.page-image').naturalWidth")
    page.click("a.zoom-4")
    page.wait_for_load_state("load")
    assert page.evaluate("document.querySelector('img.page-image').naturalWidth") > first
    page.click("a.next")
    page.wait_for_load_state("load")
    assert "page 2 of 2" in page.locator("h1").inner_text()
    assert page.evaluate("document.querySelector('img.page-image').naturalWidth") == 1800
    page.goto(f"{base}/records/{ids['note']}")
    broken = page.evaluate("Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).length")
    assert broken == 0 and page.locator("img").count() == 0 and "photocopier" in page.locator(".page-text").inner_text()


def test_quarantine_open_download_retry_and_discard(server, browser):
    base, _ids, jobs, _settings = server
    page = log_in(browser, base, "rosa")
    page.goto(base + "/intake")
    assert page.locator(f"tr[data-job='{jobs['corrupt']}'] a.retry").count() == 0
    page.click(f"tr[data-job='{jobs['corrupt']}'] a.open-quarantined")
    assert "the PDF is damaged" in page.locator("table.fields").inner_text()
    with page.expect_download() as download:
        page.click("a.download")
    assert download.value.suggested_filename == "corrupt-scan.pdf"
    page.click("a.discard")
    page.fill("input[name=reason]", "rescanned at the front desk")
    page.click("button.confirm-button")
    page.wait_for_url(base + "/intake?done=discarded")
    assert page.locator(f"tr[data-job='{jobs['corrupt']}']").count() == 0
    page.click(f"tr[data-job='{jobs['crashed']}'] a.retry")
    assert "Retry crashed-scan.pdf?" in page.locator("h1").inner_text()
    page.click("button.confirm-button")
    page.wait_for_url(base + "/intake?done=retried")
    assert page.locator(f"tr[data-job='{jobs['crashed']}']").count() == 0
