"""A technician's day through the real app (issue #19): review, correct, browse, bulk changes, the record
page and its viewer, intake and uploads, titles, and the small things (log-in, error pages, class case)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from pipeline.web.app import create_app
from pipeline.workspace import Workspace
from tests.web.conftest import LONG_TITLE, PASSWORD, build_busy_office, drop_in_inbox


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    root = tmp_path_factory.mktemp("day")
    settings, ids, jobs = build_busy_office(root / "home", root)
    drop_in_inbox(settings, "waiting-scan.pdf", ["A scan still waiting in the inbox"])
    return settings, ids, jobs


@pytest.fixture(scope="module")
def app(office):
    return create_app(office[0])


def logged_in(app, username: str) -> TestClient:
    client = TestClient(app, raise_server_exceptions=False)
    response = client.post("/login", data={"username": username, "password": PASSWORD, "next": "/"},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return client


def csrf(client: TestClient) -> str:
    return client.get("/").text.split('name="csrf" value="')[1].split('"')[0]


def record(office, record_id: str):
    with Workspace.open(office[0]) as workspace:
        return workspace.catalog.get_record(record_id)


def history(office, record_id: str) -> list[dict]:
    with Workspace.open(office[0]) as workspace:
        return workspace.catalog.audit_entries(record_id)


# 1. Review queue layout -------------------------------------------------------------------------------------

def test_review_queue_explains_without_regular_expressions(app, office):
    page = logged_in(app, "tess").get("/review").text
    why = " ".join(re.findall(r'<td class="why">(.*?)</td>', page, re.S))
    assert "rules for FIN-AP matched" in why and "a pattern of the class" in why
    assert "\\b" not in why and "(?i" not in why and "(?im" not in why
    assert '<td class="record-id">' in page and LONG_TITLE in page


# 2. Accept keeps the place, confirms, and can be undone; reclassify with a reason --------------------------

def test_accept_from_the_queue_confirms_keeps_the_place_and_can_be_undone(app, office):
    tess, invoice = logged_in(app, "tess"), office[1]["invoice"]
    version = record(office, invoice).version
    answer = tess.post(f"/records/{invoice}/accept", data={"version": version, "csrf": csrf(tess),
                                                          "back": "/review?at=2"}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/review?at=2&done=accepted")
    page = tess.get(answer.headers["location"]).text
    assert f"Accepted {invoice}." in page and 'data-at="2"' in page and "Undo" in page
    assert not record(office, invoice).needs_review
    undo = tess.post(f"/records/{invoice}/review-again", data={"version": version + 1, "csrf": csrf(tess),
                                                               "back": "/review?at=2"}, follow_redirects=False)
    assert undo.status_code == 303 and record(office, invoice).needs_review
    assert [e["action"] for e in history(office, invoice)][-2:] == ["accepted", "returned to review"]


def test_undo_of_a_reclassification_puts_the_class_back(app, office):
    tess, hostile = logged_in(app, "tess"), office[1]["hostile"]
    before = record(office, hostile)
    tess.post(f"/records/{hostile}/reclassify", data={"code": "ADM-RPT", "version": before.version,
                                                      "csrf": csrf(tess), "back": "/review"})
    assert record(office, hostile).class_code == "ADM-RPT"
    tess.post(f"/records/{hostile}/review-again", data={"version": before.version + 1, "csrf": csrf(tess)})
    undone = record(office, hostile)
    assert (undone.class_code, undone.class_source, undone.needs_review) == (before.class_code, before.class_source,
                                                                              True)
    again = tess.post(f"/records/{hostile}/review-again", data={"version": undone.version, "csrf": csrf(tess)})
    assert again.status_code == 422 and "not an accept or a reclassification" in again.text


def test_reclassifying_from_the_queue_takes_a_reason(app, office):
    page = logged_in(app, "tess").get("/review").text
    assert re.search(r'<form method="post" action="/records/[^"]+/reclassify"[^>]*>.*?name="reason"', page, re.S)


# 3. Upload in the browser ------------------------------------------------------------------------------------

def test_upload_from_the_intake_page_lands_in_the_inbox_and_is_audited(app, office):
    tess = logged_in(app, "tess")
    page = tess.get("/intake").text
    assert 'action="/intake/upload"' in page and 'type="file"' in page
    answer = tess.post("/intake/upload", data={"csrf": csrf(tess)},
                       files={"file": ("day-upload.pdf", b"%PDF-1.4 not much", "application/pdf")},
                       follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/intake?done=uploaded"
    assert (office[0].inbox[0].path / "day-upload.pdf").read_bytes() == b"%PDF-1.4 not much"
    assert "day-upload.pdf" in tess.get("/intake").text  # waiting in the inbox
    with Workspace.open(office[0]) as workspace:
        entry = workspace.catalog.connection.execute(
            "SELECT actor, details FROM audit_log WHERE action = 'uploaded' ORDER BY id DESC LIMIT 1").fetchone()
    assert entry[0] == "tess" and "day-upload.pdf" in entry[1]


# 4. Browse without words, needs review, bulk changes ---------------------------------------------------------

def test_a_class_and_date_range_are_listed_without_a_search_word(app, office):
    tess, ids = logged_in(app, "tess"), office[1]
    listed = tess.get("/", params={"q": "class:FIN from:2025-01-01"}).text
    assert "no term to search for" not in listed and ids["invoice"] in listed and ids["report"] not in listed
    by_form = tess.get("/", params={"class": "ADM-RPT", "from": "2025-01-01", "to": "2025-12-31"}).text
    assert ids["report"] in by_form and ids["invoice"] not in by_form
    review = tess.get("/", params={"review": "1"}).text
    assert ids["vague"] in review and ids["report"] not in review


def test_a_viewer_lists_only_what_their_clearance_covers(app, office):
    vic = logged_in(app, "vic")
    for listing in ({"class": "REV"}, {"class": "HR"}, {"from": "2025-01-01"}):
        results = vic.get("/", params=listing).text.split('class="results-layout"')[1]
        assert office[1]["vague"] not in results and office[1]["personnel"] not in results
        assert "HR-PER" not in results and ">REV<" not in results


def test_bulk_reclassify_changes_each_chosen_record_with_its_own_audit_entry(app, office):
    tess, ids = logged_in(app, "tess"), office[1]
    chosen = [f"{ids[name]}@{record(office, ids[name]).version}" for name in ("vague", "note")]
    page = tess.get("/", params={"class": "REV"}).text
    assert all(value in page for value in chosen)  # a checkbox per result, with the version seen
    answer = tess.post("/records/bulk", data={"csrf": csrf(tess), "action": "reclassify", "code": "ADM-RPT",
                                              "reason": "misc notes are reports", "record": chosen})
    assert answer.status_code == 200 and "2 of 2 record(s) changed" in answer.text
    for name in ("vague", "note"):
        assert record(office, ids[name]).class_code == "ADM-RPT"
        entry = history(office, ids[name])[-1]
        assert (entry["action"], entry["actor"], entry["details"]["reason"]) == \
            ("reclassified", "tess", "misc notes are reports")


# 5. The station filter stays visible ------------------------------------------------------------------------

def test_the_station_filter_is_shown_and_can_be_cleared(app, office):
    page = logged_in(app, "tess").get("/", params={"q": "Northwind", "station": "front-desk"}).text
    assert '<option value="front-desk" selected>' in page
    assert 'class="station-filter">front-desk<' in page and 'class="clear-station"' in page
    assert 'type="hidden" name="station"' not in page


# 6. The record page -------------------------------------------------------------------------------------------

def test_record_page_offers_accept_and_history_shows_before_and_after(app, office):
    tess, hostile = logged_in(app, "tess"), office[1]["hostile"]
    page = tess.get(f"/records/{hostile}").text
    assert f'action="/records/{hostile}/accept"' in page
    version = record(office, hostile).version
    tess.post(f"/records/{hostile}/reclassify", data={"code": "LEG-CON", "version": version, "csrf": csrf(tess),
                                                      "reason": "it is a contract dispute"})
    page = tess.get(f"/records/{hostile}").text
    assert re.search(r"<del>COR-GEN</del> → <ins>LEG-CON</ins>", page)
    assert "it is a contract dispute" in page


def test_a_confidential_records_history_is_not_filled_with_views(app, office):
    tess, personnel = logged_in(app, "tess"), office[1]["personnel"]
    for _ in range(4):
        tess.get(f"/records/{personnel}")
    page = tess.get(f"/records/{personnel}").text
    table = page.split('<table class="history">')[1].split("</table>")[0]
    assert ">viewed<" not in table and "Read 5 time(s)" in page
    assert sum(e["action"] == "viewed" for e in history(office, personnel)) >= 5  # still in the audit trail


def test_page_viewer_zooms_and_moves_between_pages_with_a_cached_image(app, office):
    tess, report = logged_in(app, "tess"), office[1]["report"]
    viewer = tess.get(f"/records/{report}/view", params={"page": 1, "width": 1300}).text
    assert f'src="/records/{report}/pages/1.png?width=1300"' in viewer
    assert 'href="?page=2&width=1300"' in viewer and 'class="zoom-4"' in viewer
    assert 'href="?page=0' not in viewer
    image = tess.get(f"/records/{report}/pages/2.png", params={"width": 1300})
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert int.from_bytes(image.content[16:20], "big") == 1300  # the PNG's own width
    assert len(list((office[0].home / "cache" / "pages").glob("*-2-1300-*.png"))) == 1
    assert tess.get(f"/records/{report}/pages/2.png", params={"width": 1300}).content == image.content
    assert tess.get(f"/records/{report}/view", params={"page": 3}).status_code == 404


def test_a_text_record_shows_its_text_never_a_broken_image(app, office):
    tess, note = logged_in(app, "tess"), office[1]["note"]
    page = tess.get(f"/records/{note}").text
    assert "<img" not in page and "photocopier" in page
    viewer = tess.get(f"/records/{note}/view").text
    assert "<img" not in viewer and "photocopier" in viewer


# 7. Intake page -----------------------------------------------------------------------------------------------

def test_intake_shows_station_received_attempts_and_waiting_files(app, office):
    page = logged_in(app, "tess").get("/intake").text
    for column in ("<th>Station</th>", "<th>Received</th>", "<th>Attempts</th>"):
        assert column in page
    assert "waiting-scan.pdf" in page and "front-desk" in page


def test_retry_is_offered_only_where_it_can_help_and_is_confirmed(app, office):
    tess, jobs = logged_in(app, "tess"), office[2]
    page = tess.get("/intake").text
    rows = {int(job): row for job, row in re.findall(r'<tr data-job="(\d+)">(.*?)</tr>', page, re.S)}
    assert 'class="button retry"' not in rows[jobs["corrupt"]] and "retry cannot help" in rows[jobs["corrupt"]]
    assert f'href="/intake/retry/{jobs["crashed"]}"' in rows[jobs["crashed"]]
    refused = tess.post(f"/intake/retry/{jobs['corrupt']}", data={"csrf": csrf(tess)}, follow_redirects=False)
    assert refused.status_code == 409
    confirm = tess.get(f"/intake/retry/{jobs['crashed']}").text
    assert "Retry crashed-scan.pdf?" in confirm and f'action="/intake/retry/{jobs["crashed"]}"' in confirm
    done = tess.post(f"/intake/retry/{jobs['crashed']}", data={"csrf": csrf(tess)}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/intake?done=retried"
    assert "back in the queue" in tess.get(done.headers["location"]).text


def test_a_quarantined_file_can_be_opened_downloaded_and_discarded(app, office):
    tess, rosa, job = logged_in(app, "tess"), logged_in(app, "rosa"), office[2]["corrupt"]
    opened = tess.get(f"/intake/quarantine/{job}").text
    assert "the PDF is damaged" in opened and f'href="/intake/quarantine/{job}/file"' in opened
    download = tess.get(f"/intake/quarantine/{job}/file")
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    assert download.headers["content-disposition"].startswith("attachment")
    assert tess.post(f"/intake/quarantine/{job}/discard", data={"csrf": csrf(tess), "reason": "x"}).status_code == 403
    confirm = rosa.get(f"/intake/quarantine/{job}/discard").text
    assert "Discard corrupt-scan.pdf?" in confirm and 'name="reason"' in confirm
    answer = rosa.post(f"/intake/quarantine/{job}/discard", data={"csrf": csrf(rosa), "reason": "rescanned"},
                       follow_redirects=False)
    assert answer.status_code == 303
    assert not (office[0].quarantine_dir / f"{job:08d}").exists()
    assert tess.get(f"/intake/quarantine/{job}").status_code == 404
    with Workspace.open(office[0]) as workspace:
        entry = workspace.catalog.connection.execute(
            "SELECT actor, details FROM audit_log WHERE action = 'quarantined file discarded'").fetchone()
    assert entry[0] == "rosa" and "rescanned" in entry[1] and "corrupt-scan.pdf" in entry[1]


# 8. Titles -----------------------------------------------------------------------------------------------------

def test_titles_follow_the_class_pattern_and_a_technician_can_edit_them(app, office):
    tess, ids = logged_in(app, "tess"), office[1]
    assert record(office, ids["report"]).title.startswith("Report RPT-2025-001 — ")
    assert record(office, ids["personnel"]).title.startswith("Personnel EMP-20001")
    version = record(office, ids["report"]).version
    tess.post(f"/records/{ids['report']}/title", data={"title": "Annual report 2025", "version": version,
                                                       "csrf": csrf(tess), "reason": "office convention"})
    assert record(office, ids["report"]).title == "Annual report 2025"
    entry = history(office, ids["report"])[-1]
    assert entry["details"]["changes"]["title"][1] == "Annual report 2025" and entry["actor"] == "tess"
    # A title a person wrote survives a new class.
    tess.post(f"/records/{ids['report']}/reclassify", data={"code": "GOV-MIN", "version": version + 1,
                                                            "csrf": csrf(tess)})
    assert record(office, ids["report"]).title == "Annual report 2025"


# 9. Small things ----------------------------------------------------------------------------------------------

def test_a_wrong_password_keeps_the_user_name(app):
    page = TestClient(app).post("/login", data={"username": "tess", "password": "wrong", "next": "/"}).text
    assert 'value="tess"' in page


def test_error_pages_lead_somewhere(app):
    page = logged_in(app, "tess").get("/records/NO-SUCH-2025-000001").text
    way_out = page.split('class="way-out"')[1].split("</nav>")[0]
    assert 'href="/"' in way_out and 'href="/review"' in way_out


def test_the_form_takes_a_lower_case_class_code_like_the_api(app, office):
    tess, invoice = logged_in(app, "tess"), office[1]["invoice"]
    answer = tess.post(f"/records/{invoice}/reclassify", data={"code": "fin-po", "csrf": csrf(tess),
                                                               "version": record(office, invoice).version},
                       follow_redirects=False)
    assert answer.status_code == 303 and record(office, invoice).class_code == "FIN-PO"
