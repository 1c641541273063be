"""Attacks on cost and input handling: queries that tie up a worker (review item 2), numbers too big for
SQLite (3), disposition decisions out of order (4), and error answers in four shapes (13)."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.file_plan import AccessLevel
from pipeline.lifecycle import disposition
from pipeline.search.port import SearchDocument
from pipeline.web.app import create_app
from pipeline.workspace import Workspace
from tests.security.conftest import api, browser, csrf_of

pytestmark = pytest.mark.security
HUGE = 10**20


def problem_of(response) -> dict:
    assert response.headers["content-type"] == "application/problem+json", response.text
    body = response.json()
    assert {"type", "title", "status", "detail"} <= set(body) and body["status"] == response.status_code
    return body


def test_long_or_many_termed_queries_are_refused_with_the_limit(app, tokens):
    viewer = api(app, tokens["vic"])
    long = viewer.get("/api/v1/search", params={"q": "invoice " * 400})
    assert long.status_code == 422 and "the limit is 1000" in problem_of(long)["detail"]
    many = viewer.get("/api/v1/search", params={"q": " OR ".join(f"term{n}" for n in range(40))})
    assert many.status_code == 422 and "40 different terms; the limit is 32" in problem_of(many)["detail"]
    page = browser(app, "vic").get("/", params={"q": "a OR " * 300 + "a"})
    assert page.status_code == 200 and "the limit is 1000" in page.text


def test_a_repeated_term_costs_one_term(app, tokens):
    viewer = api(app, tokens["vic"])
    once = viewer.get("/api/v1/search", params={"q": "complaint"}).json()
    repeated = viewer.get("/api/v1/search", params={"q": "complaint " * 100}).json()
    alternatives = viewer.get("/api/v1/search", params={"q": " OR ".join(["complaint"] * 60)}).json()
    assert repeated["total"] == alternatives["total"] == once["total"] == 1


def test_a_query_over_its_time_budget_is_stopped_with_a_clear_error(office, tokens):
    from pipeline.security_settings import SearchSettings

    settings = office[0]
    with Workspace.open(settings) as workspace:  # enough indexed text that a search takes real work
        words = " ".join(f"word{n % 997} payment invoice" for n in range(600))
        list(workspace.index.add_many(SearchDocument(f"BULK-{n}", f"Bulk {n}", words, "ADM-RPT",
                                                     AccessLevel.public) for n in range(300)))
    hurried = create_app(settings.model_copy(update={"search": SearchSettings(time_budget_seconds=1e-6)}))
    answer = api(hurried, tokens["vic"]).get("/api/v1/search", params={"q": "payment OR invoice OR word7"})
    body = problem_of(answer)
    assert answer.status_code == 422 and body["code"] == "RK016" and "budget" in body["detail"]
    page = browser(hurried, "vic").get("/", params={"q": "payment OR invoice"})
    assert page.status_code == 200 and "budget" in page.text


@pytest.mark.parametrize(("method", "path", "body"), [
    ("get", f"/api/v1/search?q=invoice&offset={2**63}", None),
    ("get", "/api/v1/search?q=invoice&offset=5000000", None),
    ("post", "/api/v1/records/{hostile}/reclassify", {"code": "COR-GEN", "version": HUGE}),
    ("patch", "/api/v1/records/{hostile}", {"changes": {"title": "x"}, "version": HUGE}),
])
def test_huge_numbers_in_the_api_are_422_problems(app, office, tokens, method, path, body):
    response = getattr(api(app, tokens["tess"]), method)(path.format(**office[1]), **({"json": body} if body else {}))
    assert response.status_code == 422 and problem_of(response)["errors"]


def test_an_offset_past_the_paging_limit_says_so(app, tokens):
    response = api(app, tokens["vic"]).get("/api/v1/search", params={"q": "invoice", "offset": 20_000})
    assert response.status_code == 422 and "past the first 10000" in problem_of(response)["detail"]


def test_huge_numbers_in_pages_and_forms_are_422_pages(app, office):
    tess = browser(app, "tess")
    csrf = csrf_of(tess)
    hostile = office[1]["hostile"]
    for response in (tess.get("/", params={"q": "invoice", "page": HUGE}),
                     tess.post(f"/intake/retry/{HUGE * 1000}", data={"csrf": csrf}),
                     tess.post(f"/records/{hostile}/reclassify", data={"code": "COR-GEN", "version": HUGE,
                                                                       "csrf": csrf}),
                     tess.post(f"/records/{hostile}/accept", data={"version": "seven", "csrf": csrf})):
        assert response.status_code == 422 and response.headers["content-type"].startswith("text/html")
        assert "Log out" in response.text  # the site's own layout, with its navigation


def test_disposition_decisions_out_of_order_are_explained_not_500(app, office):
    with Workspace.open(office[0]) as workspace:
        batch = disposition.propose(workspace, date(2040, 1, 1), "rosa")
    rosa = browser(app, "rosa")
    csrf = csrf_of(rosa, "/disposition")
    assert rosa.post(f"/disposition/{batch.id}/reject", data={"csrf": csrf, "reason": "not yet"},
                     follow_redirects=False).status_code == 303
    again = rosa.post(f"/disposition/{batch.id}/reject", data={"csrf": csrf})
    approve = rosa.post(f"/disposition/{batch.id}/approve", data={"csrf": csrf})
    missing = rosa.post("/disposition/999/approve", data={"csrf": csrf})
    assert (again.status_code, approve.status_code, missing.status_code) == (409, 409, 404)
    assert "is rejected" in again.text and "no disposition batch 999" in missing.text
    assert all(r.headers["content-type"].startswith("text/html") for r in (again, approve, missing))


def test_every_api_error_has_one_shape(app, office, tokens):
    hostile = office[1]["hostile"]
    technician = api(app, tokens["tess"])
    version = technician.get(f"/api/v1/records/{hostile}").json()["version"]
    answers = {
        401: api(app).get("/api/v1/status"),
        403: api(app, tokens["vic"]).get("/api/v1/review"),
        404: technician.get("/api/v1/records/NOPE-1"),
        409: technician.patch(f"/api/v1/records/{hostile}", json={"changes": {"title": "x"}, "version": version + 5}),
        422: technician.get("/api/v1/search", params={"q": '"unclosed'}),
    }
    for status, response in answers.items():
        assert response.status_code == status and problem_of(response)["title"]
    unknown = technician.get("/api/v1/no-such-route")
    assert unknown.status_code == 404 and problem_of(unknown)


def test_html_errors_are_pages_in_the_site_layout(app, office):
    tess = browser(app, "tess")
    for response, status in ((tess.get("/no-such-page"), 404), (tess.get("/records/NOPE-1"), 404),
                             (tess.get("/disposition"), 403)):
        assert response.status_code == status and response.headers["content-type"].startswith("text/html")
        assert 'href="/review"' in response.text  # the navigation is there
    anonymous = browser(app).get("/no-such-page")
    assert anonymous.status_code == 404 and "text/html" in anonymous.headers["content-type"]


def test_openapi_documents_security_and_error_answers(app):
    spec = api(app).get("/api/v1/openapi.json").json()
    assert {"HTTPBearer", "APIKeyCookie"} <= set(spec["components"]["securitySchemes"])
    search = spec["paths"]["/api/v1/search"]["get"]
    assert {"401", "403", "422"} <= set(search["responses"]) and search["security"]
    assert "Problem" in spec["components"]["schemas"]
    assert "multipart/form-data" in spec["paths"]["/api/v1/upload"]["post"]["requestBody"]["content"]


def test_an_unexpected_failure_is_an_html_page_for_people(app, office):
    # Run last in this module: it breaks the hostile record's archived file.
    hostile = office[1]["hostile"]
    with Workspace.open(office[0]) as workspace:
        archived = workspace.catalog.get_record(hostile).archive_path
    from pathlib import Path

    Path(archived).write_bytes(b"not a PDF any more")
    response = browser(app, "tess").get(f"/records/{hostile}/pages/1.png")
    assert response.status_code == 500 and response.headers["content-type"].startswith("text/html")
    assert "Log out" in response.text and "the error is in the server" in response.text
