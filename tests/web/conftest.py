"""A data home with a few records of each access level and one user per role, for web and API tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from pipeline.catalog.accounts import Accounts
from pipeline.errors import CorruptDocument, OcrFailed
from pipeline.intake.ingest import Ingestor
from pipeline.intake.jobs import JobQueue
from pipeline.intake.quarantine import quarantine_file
from pipeline.lifecycle.corrections import Corrections
from pipeline.settings import Settings, load_settings
from pipeline.workspace import Workspace
from tests.conftest import CONFIG, make_text_pdf
from tests.web.live import chromium

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


LONG_TITLE = "Statement_of_account_" + "Northwind_Supply_quarterly_reconciliation_" * 4


def build_busy_office(home: Path, scratch: Path) -> tuple[Settings, dict[str, str], dict[str, int]]:
    """The office with a technician's day in it: records waiting for review (one with a title too long to
    fit), a file quarantined for good (corrupt) and one worth a retry (OCR crashed), and a file waiting in
    the inbox. Returns the settings, the record ids and the quarantined jobs' ids."""
    settings, ids = build_office(home, scratch)
    with Workspace.open(settings) as workspace:
        Corrections(workspace).edit(ids["hostile"], {"title": LONG_TITLE}, actor="setup")
        with workspace.catalog.transaction():  # as a stricter review threshold would have filed them
            workspace.catalog.connection.execute("UPDATE records SET needs_review = 1 WHERE id IN (?, ?)",
                                                 (ids["invoice"], ids["hostile"]))
        jobs = {}
        for name, error in (("corrupt", CorruptDocument("the PDF is damaged")),
                            ("crashed", OcrFailed("the OCR engine stopped unexpectedly"))):
            source = make_text_pdf(scratch / f"{name}-scan.pdf", [f"A {name} scan"])
            with workspace.catalog.transaction():
                jobs[name] = JobQueue(workspace.catalog).add_finished(source, None, "front-desk", "failed",
                                                                      error=error)
            quarantine_file(settings.quarantine_dir, jobs[name], source, error, keep_source=True,
                            original_name=source.name, source=str(source))
        report, note = make_two_page_pdf(scratch / "report-two-pages.pdf"), scratch / "note.txt"
        note.write_text("Note to file\nThe photocopier on floor 2 is fixed.\n", encoding="utf-8")
        outcomes = Ingestor(settings, workspace.catalog, workspace.index).ingest([report, note])
        ids["report"], ids["note"] = (outcome.record_id for outcome in outcomes)
    return settings, ids, jobs


def make_two_page_pdf(path: Path) -> Path:
    pdf = canvas.Canvas(str(path), invariant=1)
    for number, line in enumerate(["Report RPT-2025-001 findings, page one", "Recommendations, page two"], 1):
        pdf.drawString(72, 720, line)
        pdf.drawString(72, 700, f"Project PRJ-2025 annual report, page {number}. Date: 2025-05-05")
        pdf.showPage()
    pdf.save()
    return path


def drop_in_inbox(settings: Settings, name: str, lines: list[str]) -> Path:
    inbox = settings.inbox[0].path
    inbox.mkdir(parents=True, exist_ok=True)
    return make_text_pdf(inbox / name, lines)


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for the browser tests (tests/web/test_browser*.py)."""
    with chromium() as launched:
        yield launched
