"""The pipeline over a batch: records filed and searchable, duplicates linked, bad files quarantined."""

from __future__ import annotations

import json

import pytest

from pipeline.intake.ingest import Ingestor
from pipeline.search.port import SearchRequest
from pipeline.workspace import Workspace
from tests.conftest import make_text_pdf


@pytest.fixture
def workspace(settings):
    workspace = Workspace.open(settings, create=True)
    yield workspace
    workspace.close()


def test_batch_goes_on_past_bad_files_and_quarantines_them_with_reasons(workspace, bad_files, tmp_path):
    good = make_text_pdf(tmp_path / "invoice.pdf", ["Invoice INV-2025-0777", "Invoice date: March 3, 2025",
                                                    "Bill to: Harbour Clinic", "Amount due $4,210.00 net 30"])
    files = [*bad_files.values(), good]
    outcomes = Ingestor(workspace.settings, workspace.catalog, workspace.index).ingest(files)
    by_source = {o.source: o for o in outcomes}
    assert by_source[str(good)].status == "indexed"
    expected_codes = {"empty": "RK101", "truncated": "RK103", "encrypted": "RK104", "zip_as_pdf": "RK102",
                      "executable": "RK102", "tiny_image": "RK106"}
    for name, code in expected_codes.items():
        outcome = by_source[str(bad_files[name])]
        assert (outcome.status, outcome.error_code) == ("failed", code), name
    reasons = [json.loads(p.read_text()) for p in workspace.settings.quarantine_dir.glob("*/reason.json")]
    assert len(reasons) == len(expected_codes)
    assert all(r["reason"] and r["action"] for r in reasons)
    quarantined = {p.name for p in workspace.settings.quarantine_dir.glob("*/*") if p.name != "reason.json"}
    assert quarantined == {path.name for path in bad_files.values()}


def test_record_is_classified_dated_archived_and_searchable(workspace, tmp_path):
    good = make_text_pdf(tmp_path / "invoice.pdf", ["Invoice INV-2025-0777", "Invoice date: March 3, 2025",
                                                    "Bill to: Harbour Clinic", "Amount due $4,210.00 net 30"])
    [outcome] = Ingestor(workspace.settings, workspace.catalog, workspace.index).ingest([good])
    record = workspace.catalog.get_record(outcome.record_id)
    assert record.id.startswith("FIN-AP-") and record.class_code == "FIN-AP"
    assert record.document_date.isoformat() == "2025-03-03"
    assert record.disposition_date.isoformat() == "2032-03-03"
    assert record.archive_path.endswith(f"{record.sha256}.pdf")
    hits = workspace.index.search(SearchRequest('"Harbour Clinic"')).hits
    assert [hit.record_id for hit in hits] == [record.id]
    assert [entry["action"] for entry in workspace.catalog.audit_entries(record.id)] == ["indexed"]


def test_same_content_is_never_indexed_twice(workspace, tmp_path):
    first = make_text_pdf(tmp_path / "minutes.pdf", ["Minutes of the board meeting", "Motion carried"])
    copy = tmp_path / "copy of minutes.pdf"
    copy.write_bytes(first.read_bytes())
    ingestor = Ingestor(workspace.settings, workspace.catalog, workspace.index)
    batch = ingestor.ingest([first, copy])
    again = ingestor.ingest([first])
    assert [o.status for o in batch] == ["indexed", "duplicate"]
    assert again[0].status == "duplicate" and again[0].record_id == batch[0].record_id
    assert workspace.catalog.status()["records"] == 1
    assert len(workspace.catalog.get_sources(batch[0].record_id)) == 3


def test_parallel_workers_give_the_same_records(settings, tmp_path):
    workspace = Workspace.open(settings.model_copy(update={"workers": 2}), create=True)
    files = [make_text_pdf(tmp_path / f"po-{n}.pdf", [f"Purchase order PO-5500{n}", "Ship to: Dock 4"])
             for n in range(5)]
    outcomes = Ingestor(workspace.settings, workspace.catalog, workspace.index).ingest(files)
    assert [o.status for o in outcomes] == ["indexed"] * 5
    assert workspace.index.search(SearchRequest("dock")).total == 5
    workspace.close()


def test_each_quarantined_copy_in_a_batch_is_named_in_its_own_reason(workspace, bad_files, tmp_path):
    first = bad_files["truncated"]
    copies = [tmp_path / "second scan.pdf", tmp_path / "third scan.pdf"]
    for copy in copies:
        copy.write_bytes(first.read_bytes())
    outcomes = Ingestor(workspace.settings, workspace.catalog, workspace.index).ingest([first, *copies])
    assert [o.status for o in outcomes] == ["failed", "failed", "failed"]
    reasons = {r["source_path"]: r for r in
               (json.loads(p.read_text()) for p in workspace.settings.quarantine_dir.glob("*/reason.json"))}
    assert f"'{first.name}'" in reasons[str(first)]["reason"]
    for copy in copies:
        reason = reasons[str(copy)]["reason"]
        assert reason.startswith(f"'{copy.name}' is a byte-identical copy of '{first.name}'"), reason
        assert "not a readable PDF" in reason
        assert f"'{copies[0].name}'" not in reason or copy == copies[0]


def test_email_is_filed_with_its_subject_sent_date_parties_and_attachment_text(workspace, tmp_path):
    from tests.corpus.format_cases import make_eml

    attachment = make_text_pdf(tmp_path / "schedule.pdf", ["Maintenance schedule for the Harbour Street depot",
                                                            "Boilers serviced every October"])
    message = make_eml(tmp_path / "lease.eml", [("schedule.pdf", attachment.read_bytes(), "application/pdf")])
    [outcome] = Ingestor(workspace.settings, workspace.catalog, workspace.index).ingest([message])
    record = workspace.catalog.get_record(outcome.record_id)
    assert "Signed lease for the Harbour Street depot" in record.title  # the subject, in the class's title pattern
    assert record.document_date.isoformat() == "2025-03-04"
    assert record.metadata["sender"] == "Dana Whitlock <dana.whitlock@fernwood.example>"
    assert record.metadata["attachments"] == "schedule.pdf"
    assert {"Dana Whitlock", "Lee Osei"} <= set(record.entities["people"])
    for phrase in ('"Boilers serviced every October"', "caretaker", "fernwood"):
        assert [hit.record_id for hit in workspace.index.search(SearchRequest(phrase)).hits] == [record.id], phrase


def test_latin1_text_is_filed_searchable_with_its_encoding(workspace, tmp_path):
    note = tmp_path / "vitamins.txt"
    note.write_bytes("Lieferschein: Pantothensäure 500 mg für die Apotheke\n".encode("latin-1"))
    [outcome] = Ingestor(workspace.settings, workspace.catalog, workspace.index).ingest([note])
    record = workspace.catalog.get_record(outcome.record_id)
    assert record.metadata["text_encoding"] == "cp1252"
    assert [hit.record_id for hit in workspace.index.search(SearchRequest("Pantothensäure")).hits] == [record.id]
