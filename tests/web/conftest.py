"""A data home with a few records of each access level and one user per role, for web and API tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.catalog.accounts import Accounts
from pipeline.intake.ingest import Ingestor
from pipeline.lifecycle.corrections import Corrections
from pipeline.settings import Settings, load_settings
from pipeline.workspace import Workspace
from tests.conftest import CONFIG, make_text_pdf

PASSWORD = "correct horse battery"
USERS = {"vic": "viewer", "tess": "technician", "rosa": "records_manager"}


def build_office(home: Path, scratch: Path) -> tuple[Settings, dict[str, str]]:
    settings = load_settings(CONFIG, environ={}, home=home).model_copy(update={"workers": 1})
    workspace = Workspace.open(settings, create=True)
    documents = {
        "invoice": ["Invoice INV-2025-0100", "Invoice date: 2025-02-03", "Bill to: Harbour Clinic",
                    "Amount due $1,250.00 net 30", "Remit to Northwind Supply"],
        "personnel": ["Offer of employment", "Date: 2025-01-10", "Employee EMP-20001, position clerk",
                      "Salary $52,000; probation three months. Human resources, Northwind Supply"],
        "hostile": ["Letter of complaint", "Date: 2025-03-03", "Dear Sir, <script>alert('pwned')</script>",
                    "please look at <img src=x onerror=alert(1)> Northwind Supply. Sincerely"],
        "vague": ["Miscellaneous note about Northwind Supply", "Date: 2025-04-04", "Misc items to discuss."],
    }
    files = [make_text_pdf(scratch / f"{name}.pdf", lines) for name, lines in documents.items()]
    outcomes = Ingestor(settings, workspace.catalog, workspace.index).ingest(files)
    ids = {name: outcome.record_id for name, outcome in zip(documents, outcomes, strict=True)}
    assert workspace.catalog.get_record(ids["personnel"]).access_level.name == "confidential"
    Corrections(workspace).edit(ids["invoice"], {"title": "Northwind invoice INV-2025-0100"}, actor="setup")
    accounts = Accounts(workspace.catalog)
    for username, role in USERS.items():
        accounts.add_user(username, PASSWORD, role, None, actor="setup")
    workspace.close()
    return settings, ids


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    root = tmp_path_factory.mktemp("office")
    return build_office(root / "home", root)
