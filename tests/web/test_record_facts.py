"""The record page shows what a file states about itself: an e-mail's sender, recipients and sent date, and
the character encoding a text file was read in."""

from __future__ import annotations

from fastapi.testclient import TestClient

from pipeline.catalog.accounts import Accounts
from pipeline.intake.ingest import Ingestor
from pipeline.web.app import create_app
from pipeline.workspace import Workspace
from tests.corpus.format_cases import make_eml
from tests.web.conftest import PASSWORD


def test_record_page_shows_the_message_facts_and_the_text_encoding(settings, tmp_path):
    message = make_eml(tmp_path / "lease.eml", [])
    note = tmp_path / "vitamins.txt"
    note.write_bytes("Lieferschein: Pantothensäure für die Apotheke\n".encode("latin-1"))
    workspace = Workspace.open(settings, create=True)
    outcomes = Ingestor(settings, workspace.catalog, workspace.index).ingest([message, note])
    Accounts(workspace.catalog).add_user("tess", PASSWORD, "technician", None, actor="setup")
    workspace.close()
    browser = TestClient(create_app(settings))
    browser.post("/login", data={"username": "tess", "password": PASSWORD, "next": "/"})
    email_page = browser.get(f"/records/{outcomes[0].record_id}").text
    # Titled by the correspondence pattern, which names the message's subject.
    assert ">Correspondence — Signed lease for the Harbour Street depot — 2025-03-04</h1>" in email_page
    assert "<tr><th>Sender</th><td>Dana Whitlock &lt;dana.whitlock@fernwood.example&gt;</td></tr>" in email_page
    assert "<tr><th>Sent</th><td>2025-03-04T09:15+00:00</td></tr>" in email_page
    assert "<th>Document date</th><td>2025-03-04</td>" in email_page
    text_page = browser.get(f"/records/{outcomes[1].record_id}").text
    assert "<tr><th>Text encoding</th><td>cp1252</td></tr>" in text_page
    assert "Pantothensäure" in text_page
