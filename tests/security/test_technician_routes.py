"""Attacks on the routes of the technician's day (issue #19): uploads from the page, bulk changes, title
edits, the undo of a decision, the page viewer and the quarantine's open, download, retry and discard —
each as the lowest role, without a CSRF token, on records and files above the user's clearance, with path
tricks and with inputs over their bounds."""

from __future__ import annotations

import pytest

from pipeline.intake.jobs import JobQueue
from pipeline.lifecycle.holds import create_hold
from pipeline.workspace import Workspace
from tests.security.conftest import HR_STATION, audit_actions, browser, csrf_of

pytestmark = pytest.mark.security


@pytest.fixture(scope="module")
def hr_job(office) -> int:
    with Workspace.open(office[0]) as workspace:
        return next(job.id for job in JobQueue(workspace.catalog).in_state("failed") if job.station == HR_STATION)


def version_of(office, record_id: str) -> int:
    with Workspace.open(office[0]) as workspace:
        return workspace.catalog.get_record(record_id).version


def inbox_names(office) -> list[str]:
    inbox = office[0].inbox[0].path
    return sorted(path.name for path in inbox.iterdir()) if inbox.exists() else []


@pytest.mark.parametrize("path", ["/intake/quarantine/{job}", "/intake/quarantine/{job}/file",
                                  "/intake/retry/{job}", "/intake/quarantine/{job}/discard"])
def test_a_viewer_cannot_reach_the_quarantine(app, hr_job, path):
    assert browser(app, "vic").get(path.format(job=hr_job)).status_code == 403


@pytest.mark.parametrize(("path", "data"), [
    ("/records/{hostile}/title", {"title": "x", "version": "1"}),
    ("/records/{hostile}/review-again", {"version": "1"}),
    ("/records/bulk", {"action": "accept", "record": "{hostile}@1"}),
    ("/intake/quarantine/1/discard", {"reason": "x"}),
])
def test_a_viewer_cannot_change_anything_through_the_new_forms(app, office, path, data):
    vic, ids = browser(app, "vic"), office[1]
    form = {key: value.format(**ids) for key, value in data.items()} | {"csrf": csrf_of(vic)}
    assert vic.post(path.format(**ids), data=form).status_code == 403


def test_a_viewer_cannot_upload_from_the_page(app, office):
    vic, before = browser(app, "vic"), inbox_names(office)
    answer = vic.post("/intake/upload", data={"csrf": csrf_of(vic)}, files={"file": ("viewer.pdf", b"%PDF-1.4")})
    assert answer.status_code == 403 and inbox_names(office) == before


@pytest.mark.parametrize("csrf", [None, "forged", "x" * 5000])
def test_a_page_upload_without_the_forms_token_writes_nothing(app, office, csrf):
    tess, before = browser(app, "tess"), inbox_names(office)
    answer = tess.post("/intake/upload", data={} if csrf is None else {"csrf": csrf},
                       files={"file": ("forged.pdf", b"%PDF-1.4 forged")})
    assert answer.status_code in (403, 422) and inbox_names(office) == before


def test_the_token_must_come_before_the_file(app, office):
    """A token sent after the file cannot stop bytes already written; such a body is refused whole."""
    tess, before = browser(app, "tess"), inbox_names(office)
    token = csrf_of(tess)
    body = (b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"late.pdf\"\r\n\r\n%PDF-1.4\r\n"
            b"--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + token.encode() + b"\r\n--b--\r\n")
    answer = tess.post("/intake/upload", content=body, headers={"content-type": "multipart/form-data; boundary=b"})
    assert answer.status_code == 403 and inbox_names(office) == before


@pytest.mark.parametrize(("path", "data"), [
    ("/records/{hostile}/title", {"title": "forged", "version": "{v}"}),
    ("/records/{hostile}/review-again", {"version": "{v}"}),
    ("/records/bulk", {"action": "reclassify", "code": "LEG-CON", "record": "{hostile}@{v}"}),
])
def test_changes_without_the_forms_token_are_refused(app, office, path, data):
    ids = office[1]
    v = str(version_of(office, ids["hostile"]))
    form = {key: value.format(v=v, **ids) for key, value in data.items()} | {"csrf": "forged"}
    assert browser(app, "tess").post(path.format(**ids), data=form).status_code == 403
    assert version_of(office, ids["hostile"]) == int(v)


@pytest.mark.parametrize("path", ["/records/{secret}/view", "/records/{secret}/view?page=1&width=1800",
                                  "/records/{secret}/pages/1.png?width=1300"])
def test_a_technician_cannot_see_a_restricted_record_in_the_viewer(app, office, path):
    assert browser(app, "tess").get(path.format(**office[1])).status_code == 404


def test_a_viewer_cannot_open_a_confidential_record_in_the_viewer(app, office):
    assert browser(app, "vic").get(f"/records/{office[1]['personnel']}/view").status_code == 404


def test_corrections_on_a_record_above_clearance_are_not_found(app, office):
    tess, secret = browser(app, "tess"), office[1]["secret"]
    version = version_of(office, secret)
    for path, data in ((f"/records/{secret}/title", {"title": "mine now"}), (f"/records/{secret}/review-again", {})):
        assert tess.post(path, data={**data, "version": version, "csrf": csrf_of(tess)}).status_code == 404
    answer = tess.post("/records/bulk", data={"csrf": csrf_of(tess), "action": "reclassify", "code": "COR-GEN",
                                              "record": f"{secret}@{version}"})
    assert answer.status_code == 200 and "no such record" in answer.text and "0 of 1" in answer.text
    assert version_of(office, secret) == version


def test_a_technician_cannot_see_a_file_quarantined_from_an_inbox_above_their_clearance(app, hr_job):
    tess = browser(app, "tess")
    for path in ("/intake/quarantine/{job}", "/intake/quarantine/{job}/file", "/intake/retry/{job}"):
        assert tess.get(path.format(job=hr_job)).status_code == 404
    assert "grievance" not in tess.get("/intake").text


@pytest.mark.parametrize("path", ["/intake/quarantine/..%2F..%2Fcatalog.sqlite3/file",
                                  "/intake/quarantine/1%2F..%2F..%2Fcatalog.sqlite3/file",
                                  "/intake/quarantine/-1/file", "/intake/quarantine/99999999999999999999/file",
                                  "/intake/quarantine/1/../../catalog.sqlite3"])
def test_path_tricks_do_not_reach_files_outside_the_quarantine(app, path):
    answer = browser(app, "rosa").get(path)
    assert answer.status_code in (404, 422) and b"SQLite format" not in answer.content


def test_a_technician_cannot_discard_and_a_discard_needs_a_reason(app, office, hr_job):
    tess, rosa = browser(app, "tess"), browser(app, "rosa")
    assert tess.get(f"/intake/quarantine/{hr_job}/discard").status_code == 403
    assert rosa.post(f"/intake/quarantine/{hr_job}/discard", data={"csrf": csrf_of(rosa), "reason": ""}
                     ).status_code == 422
    assert rosa.post(f"/intake/quarantine/{hr_job}/discard", data={"csrf": "forged", "reason": "x"}
                     ).status_code == 403
    assert "quarantined file discarded" not in {entry["action"] for entry in audit_actions(office[0])}


@pytest.mark.parametrize(("path", "data"), [
    ("/records/{hostile}/title", {"title": "t" * 201, "version": "1"}),
    ("/records/{hostile}/title", {"title": "t", "version": "1", "reason": "r" * 2001}),
    ("/records/bulk", {"action": "accept", "record": [f"R-{n}@1" for n in range(101)]}),
    ("/records/bulk", {"action": "accept", "record": "no-version-given"}),
    ("/records/bulk", {"action": "destroy", "record": "{hostile}@1"}),
    ("/records/bulk", {"action": "accept", "record": "{hostile}@99999999999999999999"}),
])
def test_over_long_or_malformed_inputs_are_refused(app, office, path, data):
    tess = browser(app, "tess")
    form = {key: value.format(**office[1]) if isinstance(value, str) else value for key, value in data.items()}
    answer = tess.post(path.format(**office[1]), data=form | {"csrf": csrf_of(tess)})
    assert answer.status_code == 422 and "Traceback" not in answer.text


@pytest.mark.parametrize("query", ["width=500", "width=99999", "width=-1"])
def test_the_page_image_width_is_one_of_the_zoom_steps(app, office, query):
    assert browser(app, "tess").get(f"/records/{office[1]['hostile']}/pages/1.png?{query}").status_code == 422


def test_adding_to_a_hold_needs_a_records_manager_and_is_audited(app, office):
    ids = office[1]
    with Workspace.open(office[0]) as workspace:
        create_hold(workspace.catalog, workspace.index, "audit-2025", "tax audit", "rosa", record_ids=[ids["vague"]])
    tess, rosa = browser(app, "tess"), browser(app, "rosa")
    chosen = f"{ids['hostile']}@{version_of(office, ids['hostile'])}"
    form = {"action": "hold", "hold": "audit-2025", "record": chosen}
    assert tess.post("/records/bulk", data=form | {"csrf": csrf_of(tess)}).status_code == 403
    answer = rosa.post("/records/bulk", data=form | {"csrf": csrf_of(rosa)})
    assert answer.status_code == 200 and "placed under hold audit-2025" in answer.text
    entries = audit_actions(office[0], ids["hostile"])
    assert (entries[-1]["action"], entries[-1]["actor"]) == ("hold placed", "rosa")


@pytest.mark.parametrize("record", ["../disposition/7/approve?", "../intake/retry/5#", "../logout?",
                                    "FIN-AP-2026-000001/../../logout?", "<script>"])
def test_the_undo_form_cannot_be_aimed_at_another_route_from_the_link(app, record):
    # A link a records manager is sent: the Undo button on the page it opens must not post their CSRF token
    # to any route the link names.
    rosa = browser(app, "rosa")
    page = rosa.get("/review", params={"done": "accepted", "record": record, "version": "1"}).text
    assert "Undo" not in page and "approve" not in page and "logout?" not in page.split("</nav>")[-1]


def test_the_undo_form_is_offered_for_a_real_record_id(app, office):
    record_id = office[1]["vague"]
    page = browser(app, "tess").get("/review", params={"done": "accepted", "record": record_id, "version": "2"}).text
    assert f'action="/records/{record_id}/review-again"' in page


def test_the_station_menu_does_not_name_an_inbox_above_the_users_clearance(app):
    assert HR_STATION not in browser(app, "tess").get("/").text
    assert HR_STATION in browser(app, "rosa").get("/").text
