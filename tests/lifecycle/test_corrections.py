"""Technician corrections: what follows from a class change, the audit trail, and concurrency."""

from __future__ import annotations

import pytest

from classifiers.rules import RulesClassifier
from pipeline.errors import InvalidChange, VersionConflict
from pipeline.file_plan import AccessLevel
from pipeline.intake.ingest import Ingestor
from pipeline.lifecycle.corrections import Corrections
from pipeline.search.port import SearchRequest
from pipeline.workspace import Workspace
from tests.conftest import make_text_pdf


@pytest.fixture
def filed(settings, tmp_path):
    """A workspace with one letter that is really a personnel record, filed by the rules as correspondence."""
    workspace = Workspace.open(settings, create=True)
    letter = make_text_pdf(tmp_path / "letter.pdf", [
        "Dear Ms Okafor,", "Date: March 3, 2025", "Thank you for your letter about the parking lot.",
        "Your account number is 12-555. Sincerely, Facilities"])
    [outcome] = Ingestor(settings, workspace.catalog, workspace.index).ingest([letter])
    yield workspace, outcome.record_id
    workspace.close()


def test_reclassify_re_derives_retention_access_and_search_and_is_audited(filed):
    workspace, record_id = filed
    before = workspace.catalog.get_record(record_id)
    assert (before.class_code, before.access_level) == ("COR-GEN", AccessLevel.internal)
    after = Corrections(workspace).reclassify(record_id, "HR-PER", actor="tech.lee", reason="grievance file")
    assert (after.class_code, after.class_source, after.confidence) == ("HR-PER", "human", 1.0)
    assert after.access_level is AccessLevel.confidential
    assert after.retention_rule == "6y after end_of_employment" and after.disposition_date is None
    assert after.version == before.version + 1 and not after.needs_review
    assert workspace.catalog.get_record(record_id) == after
    assert [h.class_code for h in workspace.index.search(SearchRequest("parking")).hits] == ["HR-PER"]
    assert workspace.index.search(SearchRequest("parking", clearance=AccessLevel.internal)).total == 0
    entry = workspace.catalog.audit_entries(record_id)[-1]
    assert (entry["action"], entry["actor"], entry["details"]["reason"]) == ("reclassified", "tech.lee",
                                                                             "grievance file")
    assert entry["details"]["changes"]["class_code"] == ["COR-GEN", "HR-PER"]


def test_trigger_date_schedules_disposition(filed):
    workspace, record_id = filed
    corrections = Corrections(workspace)
    corrections.reclassify(record_id, "HR-PER", actor="tech.lee")
    record = corrections.edit(record_id, {"end_of_employment": "2025-06-30"}, actor="tech.lee")
    assert record.disposition_date.isoformat() == "2031-06-30"
    with pytest.raises(InvalidChange, match="2025-06-30"):
        corrections.edit(record_id, {"end_of_employment": "June"}, actor="tech.lee")


def test_stale_edit_is_refused(filed):
    workspace, record_id = filed
    corrections = Corrections(workspace)
    version = workspace.catalog.get_record(record_id).version
    corrections.edit(record_id, {"title": "Parking complaint"}, actor="a", expected_version=version)
    with pytest.raises(VersionConflict):
        corrections.edit(record_id, {"title": "Parking letter"}, actor="b", expected_version=version)
    assert workspace.catalog.get_record(record_id).title == "Parking complaint"


def test_access_override_and_unknown_class(filed):
    workspace, record_id = filed
    corrections = Corrections(workspace)
    edited = corrections.edit(record_id, {"access_level": "restricted"}, actor="rm")
    assert edited.access_level is AccessLevel.restricted
    with pytest.raises(InvalidChange, match="not a class"):
        corrections.reclassify(record_id, "XX-YY", actor="rm")


def test_reprocess_never_overwrites_a_human_decision(filed, settings):
    workspace, record_id = filed
    corrections = Corrections(workspace)
    corrections.reclassify(record_id, "LEG-CRT", actor="tech.lee")
    counts = corrections.reprocess(RulesClassifier(workspace.file_plan))
    assert counts == {"changed": 0, "unchanged": 0}
    assert workspace.catalog.get_record(record_id).class_code == "LEG-CRT"


def test_access_override_cannot_be_smuggled_in_as_metadata(filed):
    workspace, record_id = filed
    with pytest.raises(InvalidChange, match="access_level"):
        Corrections(workspace).edit(record_id, {"access_override": "public"}, actor="tech")


def test_only_someone_allowed_to_lower_access_can_lower_it(filed):
    from pipeline.errors import AccessDenied
    from pipeline.lifecycle.corrections import ACCESS_FLOOR, Authority

    workspace, record_id = filed
    Corrections(workspace).reclassify(record_id, "HR-PER", actor="rm.jones")  # confidential now
    technician = Corrections(workspace, Authority(may_lower_access=False, clearance=AccessLevel.confidential))
    kept = technician.reclassify(record_id, "COR-GEN", actor="tech.lee", reason="only a letter")
    assert (kept.class_code, kept.access_level, kept.metadata[ACCESS_FLOOR]) == ("COR-GEN", AccessLevel.confidential,
                                                                                "confidential")
    assert workspace.index.search(SearchRequest("parking", clearance=AccessLevel.internal)).total == 0
    with pytest.raises(AccessDenied, match="above your clearance"):
        technician.reclassify(record_id, "MED-HF", actor="tech.lee")
    with pytest.raises(InvalidChange, match="access_floor"):
        technician.edit(record_id, {ACCESS_FLOOR: "public"}, actor="tech.lee")
    # The floor holds for every later derivation, until a records manager decides the level.
    assert technician.edit(record_id, {"title": "Parking"}, actor="tech.lee").access_level is AccessLevel.confidential
    lowered = Corrections(workspace).edit(record_id, {"access_level": "internal"}, actor="rm.jones")
    assert lowered.access_level is AccessLevel.internal and ACCESS_FLOOR not in lowered.metadata


class FixedClassifier:
    """A classifier that always answers one class: the test is about what reprocessing does with it."""

    def __init__(self, code: str) -> None:
        self.code = code

    def predict(self, document):
        from classifiers.base import Prediction

        return Prediction(self.code, 0.9, "model", f"always {self.code}")


def test_reprocessing_never_lowers_an_access_level(filed):
    workspace, record_id = filed
    corrections = Corrections(workspace)
    assert corrections.reprocess(FixedClassifier("HR-PER"))["changed"] == 1
    assert workspace.catalog.get_record(record_id).access_level is AccessLevel.confidential
    corrections.reprocess(FixedClassifier("COR-GEN"))
    record = workspace.catalog.get_record(record_id)
    assert (record.class_code, record.access_level) == ("COR-GEN", AccessLevel.confidential)
