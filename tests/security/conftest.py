"""The office of tests/web (one user per role, records of each access level) with the extras the attacks
need: a restricted record, an HR inbox that files above a technician's clearance with a file quarantined
from it, and helpers to act as each role through the real app."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pipeline.catalog.accounts import Accounts
from pipeline.errors import CorruptDocument
from pipeline.intake.jobs import JobQueue
from pipeline.lifecycle.corrections import Corrections
from pipeline.settings import InboxSettings, Settings
from pipeline.web.app import create_app
from pipeline.workspace import Workspace
from tests.web.conftest import PASSWORD, build_office

pytestmark = pytest.mark.security
HR_STATION = "hr-scanner"


def build_secure_office(root: Path) -> tuple[Settings, dict[str, str]]:
    settings, ids = build_office(root / "home", root)
    hr_inbox = InboxSettings(path=settings.home / "inbox" / "hr", station=HR_STATION, access="restricted")
    settings = settings.model_copy(update={"inbox": [*settings.inbox, hr_inbox]})
    with Workspace.open(settings) as workspace:
        # The invoice is raised to restricted: above a technician's clearance (confidential).
        ids["secret"] = ids.pop("invoice")
        Corrections(workspace).edit(ids["secret"], {"access_level": "restricted"}, actor="setup")
        with workspace.catalog.transaction():
            JobQueue(workspace.catalog).add_finished(
                Path("/scans/hr/grievance-J-Smith.pdf"), None, HR_STATION, "failed",
                error=CorruptDocument("the PDF is damaged"))
    return settings, ids


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    return build_secure_office(tmp_path_factory.mktemp("secure"))


@pytest.fixture(scope="module")
def app(office):
    return create_app(office[0])


@pytest.fixture(scope="module")
def tokens(office):
    with Workspace.open(office[0]) as workspace:
        accounts = Accounts(workspace.catalog)
        return {name: accounts.new_api_token(name, actor="test") for name in ("vic", "tess", "rosa")}


def api(app, token: str | None = None) -> TestClient:
    return TestClient(app, headers={"Authorization": f"Bearer {token}"} if token else {})


def browser(app, username: str | None = None, password: str = PASSWORD) -> TestClient:
    """A cookie-holding client, logged in as `username` when one is given."""
    client = TestClient(app, raise_server_exceptions=False)
    if username:
        response = client.post("/login", data={"username": username, "password": password, "next": "/"},
                               follow_redirects=False)
        assert response.status_code == 303, response.text
    return client


def csrf_of(client: TestClient, path: str = "/") -> str:
    return client.get(path).text.split('name="csrf" value="')[1].split('"')[0]


def audit_actions(settings: Settings, record_id: str | None = None) -> list[dict]:
    with Workspace.open(settings) as workspace:
        if record_id:
            return workspace.catalog.audit_entries(record_id)
        rows = workspace.catalog.connection.execute("SELECT actor, action, details FROM audit_log ORDER BY id")
        return [dict(row) for row in rows]
