"""Attacks on what a role may see and do: lowering access by reclassifying (review item 1), counts and
intake names above one's clearance (9), server internals and other staff's readings shown to viewers
(11), and audit entries that say the wrong thing (12)."""

from __future__ import annotations

import pytest

from tests.security.conftest import HR_STATION, api, audit_actions, browser, csrf_of

pytestmark = pytest.mark.security


def test_technician_reclassify_keeps_the_higher_access_level(app, office, tokens):
    personnel = office[1]["personnel"]
    technician, viewer = api(app, tokens["tess"]), api(app, tokens["vic"])
    version = technician.get(f"/api/v1/records/{personnel}").json()["version"]
    moved = technician.post(f"/api/v1/records/{personnel}/reclassify",
                            json={"code": "COR-GEN", "version": version, "reason": "looks like a letter"})
    assert moved.status_code == 200
    assert (moved.json()["class_code"], moved.json()["access_level"]) == ("COR-GEN", "confidential")
    assert viewer.get(f"/api/v1/records/{personnel}").status_code == 404
    assert viewer.get("/api/v1/search", params={"q": "EMP-20001"}).json()["total"] == 0
    # A later technician edit cannot slip it down either; a records manager's access decision can.
    edited = technician.patch(f"/api/v1/records/{personnel}", json={"changes": {"title": "Offer letter"},
                                                                    "version": version + 1})
    assert edited.json()["access_level"] == "confidential"
    lowered = api(app, tokens["rosa"]).patch(f"/api/v1/records/{personnel}", json={
        "changes": {"access_level": "internal"}, "version": version + 2, "reason": "published offer template"})
    assert lowered.status_code == 200 and lowered.json()["access_level"] == "internal"


def test_technician_cannot_reclassify_a_record_above_their_own_clearance(app, office, tokens):
    hostile = office[1]["hostile"]
    technician = api(app, tokens["tess"])
    version = technician.get(f"/api/v1/records/{hostile}").json()["version"]
    refused = technician.post(f"/api/v1/records/{hostile}/reclassify", json={"code": "MED-HF", "version": version})
    assert refused.status_code == 403 and "above your clearance" in refused.json()["detail"]
    assert technician.get(f"/api/v1/records/{hostile}").json()["class_code"] == "COR-GEN"


def test_an_unfiled_record_cannot_be_accepted_as_it_is(app, office, tokens):
    vague = office[1]["vague"]
    before = api(app, tokens["tess"]).get(f"/api/v1/records/{vague}").json()
    assert before["class_code"] == "REV" and before["needs_review"]
    tess = browser(app, "tess")
    answer = tess.post(f"/records/{vague}/accept", data={"version": before["version"],
                                                         "csrf": csrf_of(tess, f"/records/{vague}")})
    assert answer.status_code == 422 and "Reclassify it" in answer.text
    after = api(app, tokens["tess"]).get(f"/api/v1/records/{vague}").json()
    assert (after["class_source"], after["needs_review"], after["version"]) == (
        before["class_source"], True, before["version"])


def test_web_form_reclassify_keeps_the_higher_access_level(app, office, tokens):
    vague = office[1]["vague"]  # unfiled records are confidential until placed
    tess = browser(app, "tess")
    version = api(app, tokens["tess"]).get(f"/api/v1/records/{vague}").json()["version"]
    tess.post(f"/records/{vague}/reclassify", data={"code": "ADM-RPT", "version": version,
                                                    "csrf": csrf_of(tess, f"/records/{vague}")})
    record = api(app, tokens["tess"]).get(f"/api/v1/records/{vague}").json()
    assert (record["class_code"], record["access_level"]) == ("ADM-RPT", "confidential")


def test_status_counts_only_what_the_caller_can_see(app, office, tokens):
    status = api(app, tokens["tess"]).get("/api/v1/status").json()
    visible = api(app, tokens["tess"]).get("/api/v1/search", params={"q": "Northwind"}).json()["total"]
    assert status["records"] == visible == 3  # the restricted invoice is not counted
    assert "FIN-AP" not in status["classes"]
    assert status["jobs"]["failed"] == 0  # the file quarantined from the restricted HR inbox
    assert api(app, tokens["rosa"]).get("/api/v1/status").json()["jobs"]["failed"] == 1


def test_intake_page_hides_files_from_inboxes_above_the_clearance(app, office):
    assert "grievance-J-Smith" not in browser(app, "tess").get("/intake").text
    assert "grievance-J-Smith" in browser(app, "rosa").get("/intake").text
    assert HR_STATION  # the inbox is restricted in the office's settings


def test_viewer_sees_no_server_paths_and_no_one_elses_readings(app, office, tokens):
    hostile = office[1]["hostile"]
    browser(app, "tess").get(f"/records/{hostile}/original")  # tess's download is in the history
    record = api(app, tokens["vic"]).get(f"/api/v1/records/{hostile}").json()
    assert "archive_path" not in record and record["searchable_pdf"] is False
    assert all(set(source) == {"received_at"} for source in record["sources"])
    assert "tess" not in {entry["actor"] for entry in record["history"] if entry["action"] == "downloaded"}
    assert "/" not in str(record["sources"]) and str(office[0].home) not in str(record)
    staff = api(app, tokens["tess"]).get(f"/api/v1/records/{hostile}").json()
    assert staff["archive_path"] and staff["sources"][0]["source_path"]


def test_missing_page_image_is_not_audited_as_viewed(app, office):
    vague = office[1]["vague"]  # confidential: viewing its pages is audited
    tess = browser(app, "tess")
    assert tess.get(f"/records/{vague}/pages/99.png").status_code == 404
    assert tess.get(f"/records/{vague}/pages/1.png").status_code == 200
    viewed = [e for e in audit_actions(office[0], vague) if e["action"] == "page image viewed"]
    assert [e["details"]["page"] for e in viewed] == [1]


def test_downloads_say_which_file_left_the_archive(app, office):
    hostile = office[1]["hostile"]
    before = len(audit_actions(office[0], hostile))
    assert browser(app, "rosa").get(f"/records/{hostile}/original").status_code == 200
    entry = audit_actions(office[0], hostile)[before:][0]
    assert (entry["action"], entry["actor"], entry["details"]["file"]) == ("downloaded", "rosa", "original")
