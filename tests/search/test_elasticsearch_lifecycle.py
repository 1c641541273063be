"""The Elasticsearch backend inside the records lifecycle: the index queue, reindex, holds and disposal,
with the real catalog and the stateful fake node (see fake_elasticsearch)."""

from __future__ import annotations

import json
import os
import socket
from datetime import date

import pytest

from pipeline.errors import RebuildRunning
from pipeline.intake.ingest import Ingestor
from pipeline.lifecycle import disposition
from pipeline.lifecycle.corrections import Corrections
from pipeline.lifecycle.holds import create_hold
from pipeline.search.elasticsearch.adapter import ElasticsearchIndex
from pipeline.search.index_queue import Indexer
from pipeline.search.port import SearchRequest
from pipeline.workspace import Workspace
from tests.search.conftest import es_settings
from tests.search.fake_elasticsearch import Index


@pytest.fixture
def office(settings, tmp_path, cluster):
    """A data home whose search index is the fake Elasticsearch node, and three letters filed in it."""
    workspace = Workspace.open(settings, create=True)
    config = es_settings(max_attempts=3)
    workspace.settings = workspace.settings.model_copy(update={"index": config})
    workspace.index = ElasticsearchIndex(config, client=cluster.client(config))
    workspace.index.create()
    letters = []
    for number, subject in enumerate(["parking", "heating", "elevator"]):
        letter = tmp_path / f"letter-{number}.txt"
        letter.write_text(f"Dear Facilities,\nDate: March {number + 3}, 2025\nA complaint about the {subject}.\n")
        letters.append(letter)
    ids = [o.record_id for o in Ingestor(workspace.settings, workspace.catalog, workspace.index).ingest(letters)]
    yield workspace, ids
    workspace.close()


def indexer(workspace) -> Indexer:
    return Indexer(workspace.catalog, workspace.index, max_attempts=workspace.settings.index.max_attempts)


def searchable(cluster) -> set[str]:
    for index in cluster.indices.values():
        index.refresh()
    return cluster.searchable("rk-records")


def dispose_of_everything(workspace) -> list[str]:
    batch = disposition.propose(workspace, date(2100, 1, 1), "rm.jones")
    disposition.approve(workspace, batch.id, "rm.jones")
    return [item["record_id"] for item in batch.items]


def test_records_filed_reach_the_index_and_leave_the_queue(office, cluster):
    workspace, ids = office
    assert searchable(cluster) == set(ids) and indexer(workspace).status()["pending"] == 0


def test_a_record_destroyed_during_a_reindex_is_not_in_the_new_index(office, cluster):
    workspace, ids = office
    destroyed: list[str] = []

    def dispose_while_the_new_index_fills(request):
        loading = request.path == "/_bulk" and request.body[0].get("index", {}).get("_index") != "rk-records"
        if loading and "index" in request.body[0] and not destroyed:
            destroyed.extend(dispose_of_everything(workspace))  # goes through the alias: the old index

    cluster.after = dispose_while_the_new_index_fills
    rebuild = indexer(workspace).rebuild()
    cluster.after = None
    assert rebuild.indexed == 3 and set(destroyed) == set(ids)
    assert indexer(workspace).status()["pending"] == 3  # the removals reached the old index; queued again
    indexer(workspace).flush_pending()  # what `recordkeeper reindex` does next
    assert searchable(cluster) == set()
    assert workspace.index.search(SearchRequest("complaint")).total == 0


def test_a_disposal_while_the_cluster_is_down_waits_in_the_queue(office, cluster):
    from elastic_transport import ConnectionError as TransportConnectionError

    workspace, _ids = office
    cluster.fail = [TransportConnectionError("Connection refused")] * 3  # one removal sent per record
    dispose_of_everything(workspace)  # the catalog side completes
    assert indexer(workspace).status()["pending"] == 3
    indexer(workspace).flush_pending()
    assert searchable(cluster) == set() and indexer(workspace).status()["pending"] == 0


def test_a_hold_placed_right_after_a_write_finds_the_record(office, cluster):
    workspace, ids = office
    # Acknowledged, not yet refreshed: a near-real-time engine would not show it to a search yet.
    assert cluster.searchable("rk-records") == set()
    hold = create_hold(workspace.catalog, workspace.index, "Parking dispute", "litigation", "rm.jones",
                       query="parking")
    assert hold.records == [ids[0]]


def test_a_document_refused_again_and_again_goes_to_the_dead_letter_list(office, cluster):
    workspace, ids = office
    record = workspace.catalog.get_record(ids[1])
    cluster.reject = {ids[1]: [400] * 10}
    before = len(cluster.requests)
    Corrections(workspace).edit(ids[1], {"title": "Heating complaint"}, "tess", expected_version=record.version)
    for _ in range(5):
        indexer(workspace).flush_pending()
    status = indexer(workspace).status()
    assert status["pending"] == 0
    assert [dead["record_id"] for dead in status["dead_letter"]] == [ids[1]]
    assert "document_parsing_exception" in status["dead_letter"][0]["error"]
    sent = [r for r in cluster.requests[before:] if r.path == "/_bulk" and r.body[0]["index"]["_id"] == ids[1]]
    assert len(sent) == 3  # the first send and two retries: max_attempts = 3, then no more
    cluster.reject = {}
    Corrections(workspace).edit(ids[1], {"title": "Heating complaint, fixed"}, "tess")  # a new version: try again
    assert indexer(workspace).status()["dead_letter"] == []


def test_a_reindex_skips_and_reports_a_refused_record(office, cluster):
    workspace, ids = office
    cluster.reject = {ids[2]: [400]}
    report = indexer(workspace).rebuild()
    assert (report.indexed, report.left_out) == (2, [ids[2]])
    assert [dead["record_id"] for dead in indexer(workspace).status()["dead_letter"]] == [ids[2]]
    assert searchable(cluster) == set(ids[:2])


def test_a_crash_between_the_alias_switch_and_the_catch_up_is_finished_later(office, cluster):
    workspace, ids = office
    corrected = []

    def correct_then_crash(request):
        if request.path == "/_bulk" and not corrected:
            corrected.append(Corrections(workspace).edit(ids[0], {"title": "Parking, resolved"}, "tess"))
        if request.method == "DELETE" and request.path.startswith("/rk-records-v"):
            raise SystemExit("killed after the alias switch")

    cluster.after = correct_then_crash
    with pytest.raises(SystemExit):
        indexer(workspace).rebuild()
    cluster.after = None
    new = next(name for name, members in cluster.aliases["rk-records"].items() if members)
    assert cluster.stored(new)[ids[0]].source["title"] != "Parking, resolved"  # the catch-up was lost...
    indexer(workspace).flush_pending()  # ... until the next flush (the watch service, or reindex --pending)
    assert cluster.stored(new)[ids[0]].source["title"] == "Parking, resolved"


def test_init_removes_what_a_killed_rebuild_left_but_never_a_running_rebuilds_index(office, cluster):
    workspace, _ids = office
    orphan = "rk-records-v2-20260101000000000000"
    cluster.indices[orphan] = Index({"refresh_interval": "-1"}, {})
    # Another process (alive: our parent) is rebuilding from this catalog.
    lock = json.dumps({"pid": os.getppid(), "host": socket.gethostname(), "since": "2026-11-30T20:00:00+00:00"})
    with workspace.catalog.transaction():
        workspace.catalog.connection.execute("INSERT INTO meta(key, value) VALUES ('index_rebuild', ?)", (lock,))
    assert indexer(workspace).remove_unfinished() == [] and orphan in cluster.indices
    with pytest.raises(RebuildRunning, match="another rebuild"):
        indexer(workspace).rebuild()
    assert indexer(workspace).status()["rebuild_running_since"] == "2026-11-30T20:00:00+00:00"
    # That process died without finishing: its lock is stale and its index an orphan.
    dead = json.dumps({"pid": 2**22 + 12345, "host": socket.gethostname(), "since": "2026-11-30T20:00:00+00:00"})
    with workspace.catalog.transaction():
        workspace.catalog.connection.execute("UPDATE meta SET value = ? WHERE key = 'index_rebuild'", (dead,))
    assert indexer(workspace).remove_unfinished() == [orphan]
    assert indexer(workspace).rebuild().indexed == 3


def test_a_write_acknowledged_after_the_record_was_destroyed_is_taken_out_again(office, cluster):
    workspace, ids = office
    stale = workspace.catalog.get_record(ids[0])  # read by a worker before the disposal
    text = workspace.catalog.record_text(ids[0])
    dispose_of_everything(workspace)
    live = next(iter(cluster.aliases["rk-records"]))
    del cluster.stored(live)[ids[0]]  # the delete's tombstone expired (index.gc_deletes, 60 s)
    late = indexer(workspace)
    with late.transaction():
        late.stage(stale, text)  # the worker's write arrives now and is accepted by the index
    assert cluster.stored(live)[ids[0]].source is not None  # back in the index...
    late.flush_pending()  # ... until the queue's next send
    assert ids[0] not in searchable(cluster)
