"""Retention, holds, disposition and audits, with the clock under the test's control (as-of dates)."""

from __future__ import annotations

import csv
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from pipeline.catalog.archive import sha256_file
from pipeline.catalog.audit_trail import verify_chain
from pipeline.errors import DispositionError, RecordOnHold
from pipeline.intake.ingest import Ingestor
from pipeline.lifecycle import audits, disposition, holds, physical
from pipeline.lifecycle.corrections import Corrections
from pipeline.lifecycle.retention import due_records
from pipeline.search.port import SearchRequest
from pipeline.workspace import Workspace
from tests.conftest import make_text_pdf

DOCUMENTS = {
    "invoice": ("FIN-AP", ["Invoice INV-2018-0001", "Invoice date: 2018-01-15", "Amount due $50.00 net 30"]),
    "letter": ("COR-GEN", ["Dear Mr Grant,", "Date: 2020-05-01", "Thank you for your letter. Sincerely"]),
    "minutes": ("GOV-MIN", ["Minutes of the board meeting", "Held on 2019-02-02", "Motion carried. Adjourned."]),
    "offer": ("HR-PER", ["Offer of employment", "Date: 2019-09-09", "Position: clerk. Salary $40,000"]),
}


@pytest.fixture
def office(settings, tmp_path):
    workspace = Workspace.open(settings, create=True)
    files = [make_text_pdf(tmp_path / f"{name}.pdf", lines) for name, (_, lines) in DOCUMENTS.items()]
    outcomes = Ingestor(settings, workspace.catalog, workspace.index).ingest(files)
    ids = {}
    for name, outcome in zip(DOCUMENTS, outcomes, strict=True):
        # Filed by a technician so the test does not depend on the classifier.
        Corrections(workspace).reclassify(outcome.record_id, DOCUMENTS[name][0], actor="tech")
        ids[name] = outcome.record_id
    yield workspace, ids
    workspace.close()


def due_on(workspace, day: str) -> set[str]:
    return {d.record_id for d in due_records(workspace.catalog, workspace.file_plan, date.fromisoformat(day))}


def test_each_rule_type_becomes_due_on_the_right_day(office):
    workspace, ids = office
    assert due_on(workspace, "2023-04-30") == set()
    assert due_on(workspace, "2023-05-01") == {ids["letter"]}  # 3y after document_date
    assert due_on(workspace, "2025-01-14") == {ids["letter"]}
    assert due_on(workspace, "2025-01-15") == {ids["letter"], ids["invoice"]}  # 7y after document_date
    assert ids["offer"] not in due_on(workspace, "2099-01-01")  # end of employment not yet recorded
    Corrections(workspace).edit(ids["offer"], {"end_of_employment": "2024-03-31"}, actor="hr")
    assert ids["offer"] not in due_on(workspace, "2030-03-30")
    assert ids["offer"] in due_on(workspace, "2030-03-31")  # 6y after end_of_employment
    assert ids["minutes"] not in due_on(workspace, "2999-12-31")  # permanent


def test_hold_stops_disposal_and_content_changes(office):
    workspace, ids = office
    holds.create_hold(workspace.catalog, workspace.index, "Grant v. City", "litigation", "counsel",
                      record_ids=[ids["invoice"]])
    batch = disposition.propose(workspace, date(2025, 6, 1), "rm")
    assert [item["record_id"] for item in batch.items] == [ids["letter"]]
    with pytest.raises(RecordOnHold):
        Corrections(workspace).reclassify(ids["invoice"], "FIN-PO", actor="tech")
    holds.release_hold(workspace.catalog, "Grant v. City", "counsel", "settled")
    assert holds.active_holds(workspace.catalog, ids["invoice"]) == []


def test_rejected_batch_keeps_its_records(office):
    workspace, ids = office
    batch = disposition.propose(workspace, date(2025, 6, 1), "rm")
    disposition.reject(workspace, batch.id, "records.manager", "audit in progress")
    assert workspace.catalog.get_record(ids["letter"]) and workspace.catalog.get_record(ids["invoice"])
    with pytest.raises(DispositionError):
        disposition.approve(workspace, batch.id, "records.manager")


def test_approval_destroys_everything_and_certifies_the_checksums(office):
    workspace, ids = office
    doomed = {rid: workspace.catalog.get_record(rid) for rid in (ids["letter"], ids["invoice"])}
    batch = disposition.propose(workspace, date(2025, 6, 1), "rm")
    holds.create_hold(workspace.catalog, workspace.index, "late hold", "audit", "counsel", record_ids=[ids["invoice"]])
    batch, csv_path, pdf_path = disposition.approve(workspace, batch.id, "records.manager")
    letter = doomed[ids["letter"]]
    assert not Path(letter.archive_path).exists()
    assert workspace.index.search(SearchRequest("Grant")).total == 0
    assert workspace.catalog.connection.execute("SELECT COUNT(*) FROM pages WHERE record_id = ?",
                                                (letter.id,)).fetchone()[0] == 0
    assert Path(doomed[ids["invoice"]].archive_path).exists()  # held after the proposal: kept
    outcomes = {item["record_id"]: item["outcome"] for item in batch.items}
    assert outcomes == {ids["letter"]: "destroyed", ids["invoice"]: "kept: under hold late hold"}
    with csv_path.open() as handle:
        certified = {row["record_id"]: row for row in csv.DictReader(handle)}
    assert set(certified) == {letter.id}
    assert certified[letter.id]["sha256"] == letter.sha256 and certified[letter.id]["approved_by"] == "records.manager"
    assert pdf_path.read_bytes().startswith(b"%PDF")
    tombstone = workspace.catalog.connection.execute("SELECT class_code, sha256 FROM tombstones").fetchall()
    assert [tuple(row) for row in tombstone] == [("COR-GEN", letter.sha256)]
    assert audits.consistency(workspace)[1] == []
    assert verify_chain(workspace.catalog.connection)[1] == []


def test_the_viewers_page_images_of_a_destroyed_record_go_with_it(office):
    from pipeline.web.page_cache import page_png

    workspace, ids = office
    letter, minutes = (workspace.catalog.get_record(ids[name]) for name in ("letter", "minutes"))
    for record in (letter, minutes):
        assert page_png(workspace.settings, record, 1, 360) is not None
    cache = workspace.settings.page_cache_dir
    assert list(cache.glob(f"{letter.sha256}-*.png"))
    batch = disposition.propose(workspace, date(2025, 6, 1), "rm")
    disposition.approve(workspace, batch.id, "records.manager")
    assert not list(cache.glob(f"{letter.sha256}-*.png"))
    assert list(cache.glob(f"{minutes.sha256}-*.png"))  # kept permanently: its pages stay


def test_audit_verify_catches_raw_sql_tampering(office):
    workspace, _ids = office
    db: sqlite3.Connection = workspace.catalog.connection
    count, problems = verify_chain(db)
    assert count == 9 and problems == []  # the audit key recorded, 4 indexed, 4 reclassified
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE audit_log SET actor = 'mallory' WHERE id = 3")
    db.execute("DROP TRIGGER audit_log_no_update")  # a determined tamperer with file access
    db.execute("UPDATE audit_log SET actor = 'mallory' WHERE id = 3")
    assert [p.entry_id for p in verify_chain(db)[1]] == [3]
    db.execute("DROP TRIGGER audit_log_no_delete")
    db.execute("DELETE FROM audit_log WHERE id = 5")
    problems = verify_chain(db)[1]
    assert any(p.entry_id == 6 and "missing" in p.problem for p in problems)


def test_fixity_catches_a_flipped_byte_and_a_deleted_file(office):
    workspace, ids = office
    assert audits.fixity(workspace) == (4, [])
    flipped = Path(workspace.catalog.get_record(ids["minutes"]).archive_path)
    data = bytearray(flipped.read_bytes())
    data[100] ^= 0x01
    flipped.write_bytes(bytes(data))
    deleted = Path(workspace.catalog.get_record(ids["offer"]).archive_path)
    deleted.unlink()
    checked, findings = audits.fixity(workspace)
    assert checked == 4
    assert {(f.record_id, f.problem) for f in findings} == {
        (ids["minutes"], "archived file does not match its checksum"), (ids["offer"], "archived file is missing")}
    assert sha256_file(flipped) != workspace.catalog.get_record(ids["minutes"]).sha256


def test_paper_original_location_and_charge_out(office):
    workspace, ids = office
    physical.set_location(workspace.catalog, ids["minutes"], {"site": "HQ", "room": "B12", "box": "44"}, "tech")
    physical.charge_out(workspace.catalog, ids["minutes"], "auditor.kim", date(2026, 12, 1), "tech")
    assert physical.custody(workspace.catalog, ids["minutes"])["charged_to"] == "auditor.kim"
    physical.charge_in(workspace.catalog, ids["minutes"], "tech")
    assert physical.custody(workspace.catalog, ids["minutes"])["charged_to"] is None
    assert [e["action"] for e in workspace.catalog.audit_entries(ids["minutes"])][-3:] == [
        "location set", "charged out", "returned"]


def test_a_record_reclassified_after_the_proposal_is_kept(office):
    workspace, ids = office
    batch = disposition.propose(workspace, date(2025, 6, 1), "rm")
    Corrections(workspace).reclassify(ids["letter"], "GOV-MIN", actor="tech", reason="really minutes")
    batch, _, _ = disposition.approve(workspace, batch.id, "records.manager")
    outcomes = {item["record_id"]: item["outcome"] for item in batch.items}
    assert outcomes[ids["letter"]] == "kept: no longer due"
    assert outcomes[ids["invoice"]] == "destroyed"
    assert Path(workspace.catalog.get_record(ids["letter"]).archive_path).exists()


def test_files_a_crash_left_behind_are_shredded_when_approval_runs_again(office):
    workspace, ids = office
    invoice = workspace.catalog.get_record(ids["invoice"])
    batch = disposition.propose(workspace, date(2025, 6, 1), "rm")
    disposition.approve(workspace, batch.id, "records.manager")
    Path(invoice.archive_path).parent.mkdir(parents=True, exist_ok=True)
    Path(invoice.archive_path).write_bytes(b"left by a crash between commit and shredding")
    with workspace.catalog.transaction():
        workspace.catalog.connection.execute("UPDATE disposition_batches SET state = 'executing' WHERE id = ?",
                                             (batch.id,))
    disposition.approve(workspace, batch.id, "records.manager")
    assert not Path(invoice.archive_path).exists()
