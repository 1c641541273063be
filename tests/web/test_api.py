"""The HTTP API: authentication, roles, clearance, validation, concurrency and escaping."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from pipeline.catalog.accounts import Accounts
from pipeline.web.app import create_app
from pipeline.workspace import Workspace
from tests.web.conftest import PASSWORD


@pytest.fixture(scope="module")
def app(office):
    return create_app(office[0])


@pytest.fixture(scope="module")
def tokens(office):
    workspace = Workspace.open(office[0])
    accounts = Accounts(workspace.catalog)
    issued = {name: accounts.new_api_token(name, actor="test") for name in ("vic", "tess", "rosa")}
    workspace.close()
    return issued


def client(app, token: str | None = None) -> TestClient:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return TestClient(app, headers=headers)


ROUTES = [("get", "/api/v1/search?q=invoice", None), ("get", "/api/v1/records/{invoice}", None),
          ("post", "/api/v1/records/{invoice}/reclassify", {"code": "FIN-PO", "version": 1}),
          ("patch", "/api/v1/records/{invoice}", {"changes": {"title": "x"}, "version": 1}),
          ("get", "/api/v1/review", None), ("get", "/api/v1/status", None)]


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_every_route_needs_credentials(app, office, method, path, body):
    url = path.format(**office[1])
    assert getattr(client(app), method)(url, **({"json": body} if body else {})).status_code == 401
    assert getattr(client(app, "rk_forged"), method)(url, **({"json": body} if body else {})).status_code == 401


@pytest.mark.parametrize(("method", "path", "body"), [r for r in ROUTES if r[0] != "get" or "review" in r[1]])
def test_viewers_cannot_correct_or_review(app, office, tokens, method, path, body):
    response = getattr(client(app, tokens["vic"]), method)(path.format(**office[1]), **({"json": body} if body else {}))
    assert response.status_code == 403 and "technician" in response.json()["detail"]


def test_viewer_never_sees_a_confidential_record(app, office, tokens):
    viewer, ids = client(app, tokens["vic"]), office[1]
    found = viewer.get("/api/v1/search", params={"q": "Northwind"}).json()
    # Personnel records are confidential; so is anything still unfiled (REV) until a technician places it.
    assert sorted(hit["record_id"] for hit in found["hits"]) == sorted([ids["invoice"], ids["hostile"]])
    assert found["total"] == 2
    assert found["facets"]["class_code"] == {"COR-GEN": 1, "FIN-AP": 1}  # facet counts within clearance too
    assert viewer.get(f"/api/v1/records/{ids['personnel']}").status_code == 404
    assert viewer.get("/api/v1/search", params={"q": "EMP-20001"}).json()["total"] == 0
    technician = client(app, tokens["tess"])
    assert technician.get(f"/api/v1/records/{ids['personnel']}").status_code == 200
    history = technician.get(f"/api/v1/records/{ids['personnel']}").json()["history"]
    assert [h["actor"] for h in history if h["action"] == "viewed"] == ["tess", "tess"]


def test_validation_errors_are_422_with_a_reason(app, office, tokens):
    technician, invoice = client(app, tokens["tess"]), office[1]["invoice"]
    missing = technician.post(f"/api/v1/records/{invoice}/reclassify", json={"code": "FIN-PO"})
    assert missing.status_code == 422 and "version" in str(missing.json()["detail"])
    unknown = technician.post(f"/api/v1/records/{invoice}/reclassify", json={"code": "NOPE", "version": 2})
    assert unknown.status_code == 422 and "not a class of the file plan" in unknown.json()["detail"]
    bad_query = technician.get("/api/v1/search", params={"q": '"unclosed'})
    assert bad_query.status_code == 422 and "unmatched double quote" in bad_query.json()["detail"]


def test_stale_edit_gets_409(app, office, tokens):
    technician, vague = client(app, tokens["tess"]), office[1]["vague"]
    version = technician.get(f"/api/v1/records/{vague}").json()["version"]
    first = technician.patch(f"/api/v1/records/{vague}", json={"changes": {"title": "Note A"}, "version": version})
    assert first.status_code == 200 and first.json()["version"] == version + 1
    stale = technician.patch(f"/api/v1/records/{vague}", json={"changes": {"title": "Note B"}, "version": version})
    assert stale.status_code == 409
    assert technician.get(f"/api/v1/records/{vague}").json()["title"] == "Note A"


def test_script_in_document_text_is_inert(app, office):
    browser = TestClient(app)
    browser.post("/login", data={"username": "tess", "password": PASSWORD, "next": "/"})
    page = browser.get(f"/records/{office[1]['hostile']}").text
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    results = browser.get("/", params={"q": "complaint"}).text
    assert "<script>alert" not in results
    api = browser.get("/api/v1/search", params={"q": "pwned"}).json()["hits"][0]["snippet"]
    assert "<script>" not in api and "&lt;script&gt;" in api


def test_cookie_session_changes_need_the_csrf_token(app, office):
    browser = TestClient(app)
    browser.post("/login", data={"username": "tess", "password": PASSWORD, "next": "/"})
    invoice = office[1]["invoice"]
    assert browser.post(f"/api/v1/records/{invoice}/reclassify", json={"code": "FIN-PO", "version": 2}
                        ).status_code == 403
    assert browser.post(f"/records/{invoice}/accept", data={"version": 2, "csrf": "forged"}).status_code == 403


def test_upload_lands_in_the_inbox(app, office, tokens):
    response = client(app, tokens["tess"]).post("/api/v1/upload", files={"file": ("../../evil name.pdf", b"%PDF-1.4")})
    assert response.status_code == 202
    inbox = office[0].inbox[0].path
    assert (inbox / "evil name.pdf").read_bytes() == b"%PDF-1.4"
    assert response.json()["file"] == "evil name.pdf"


def test_openapi_spec_lists_the_routes(app):
    spec = TestClient(app).get("/api/v1/openapi.json").json()
    assert {"/api/v1/search", "/api/v1/records/{record_id}", "/api/v1/records/{record_id}/reclassify",
            "/api/v1/review", "/api/v1/upload", "/api/v1/status"} <= set(spec["paths"])


def test_only_records_managers_decide_disposition(app, office):
    from datetime import date

    from pipeline.lifecycle import disposition

    workspace = Workspace.open(office[0])
    batch = disposition.propose(workspace, date(2040, 1, 1), "rosa")
    workspace.close()
    technician = TestClient(app)
    technician.post("/login", data={"username": "tess", "password": PASSWORD, "next": "/"})
    assert technician.get("/disposition").status_code == 403
    manager = TestClient(app)
    manager.post("/login", data={"username": "rosa", "password": PASSWORD, "next": "/"})
    page = manager.get("/disposition").text
    csrf = page.split('name="csrf" value="')[1].split('"')[0]
    decided = manager.post(f"/disposition/{batch.id}/reject", data={"csrf": csrf, "reason": "not yet"},
                           follow_redirects=False)
    assert decided.status_code == 303
    assert "rejected" in manager.get("/disposition").text
