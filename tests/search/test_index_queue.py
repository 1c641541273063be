"""The index queue: with a search engine outside the catalog, records are never lost to an outage, and
a record leaves the queue only once the engine acknowledged it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterable, Iterator

import pytest

from pipeline.errors import ConfigError, IndexUnavailable
from pipeline.intake.ingest import Ingestor
from pipeline.lifecycle.corrections import Corrections
from pipeline.search.index_queue import Indexer
from pipeline.search.port import IndexOutcome, Removal, SearchDocument, SearchRequest
from pipeline.search.sqlite.fts_index import SqliteFtsIndex
from pipeline.settings import IndexSettings
from pipeline.workspace import Workspace
from tests.conftest import REPO


class SeparateEngine:
    """A search engine outside the catalog's transactions, as Elasticsearch is, that can be switched off
    or made to refuse chosen records. It stores into an index of its own."""

    shares_catalog_transaction = False

    def __init__(self) -> None:
        self.store = SqliteFtsIndex(sqlite3.connect(":memory:", isolation_level=None))
        self.store.create()
        self.down = False
        self.refused: set[str] = set()
        self.fail_after: int | None = None  # acknowledge this many, then lose the connection
        self.on_rebuild = lambda: None
        self.calls = 0

    def add_many(self, documents: Iterable[SearchDocument]) -> Iterator[IndexOutcome]:
        self.calls += 1
        for answered, document in enumerate(documents):
            if self.down or answered == self.fail_after:
                raise IndexUnavailable("connection refused")
            if document.record_id in self.refused:
                yield IndexOutcome(document.record_id, document.version, "mapper_parsing_exception", permanent=True)
                continue
            self.store.add(document)
            yield IndexOutcome(document.record_id, document.version)

    def remove_many(self, removals: Iterable[Removal]) -> Iterator[IndexOutcome]:
        for removal in removals:
            if self.down:
                raise IndexUnavailable("connection refused")
            self.store.remove(removal.record_id)
            yield IndexOutcome(removal.record_id, removal.version)

    def remove_unfinished(self) -> list[str]:
        return []

    def rebuild(self, documents: Iterable[SearchDocument], refused=None) -> int:
        count = self.store.rebuild(documents)
        self.on_rebuild()
        return count

    def search(self, request: SearchRequest):
        return self.store.search(request)

    def add(self, document, expected_version=None) -> None:
        raise AssertionError("records reach a separate engine through the index queue")

    def create(self) -> None: ...
    def refresh(self) -> None: ...
    def close(self) -> None: ...
    def remove(self, record_id: str) -> None: ...


@pytest.fixture
def office(settings, tmp_path):
    """A data home whose search index is a separate engine, and three letters to file."""
    workspace = Workspace.open(settings, create=True)
    workspace.index = engine = SeparateEngine()
    letters = []
    for number, subject in enumerate(["parking", "heating", "elevator"]):
        letter = tmp_path / f"letter-{number}.txt"
        letter.write_text(f"Dear Facilities,\nDate: March {number + 3}, 2025\nA complaint about the {subject}.\n")
        letters.append(letter)
    yield workspace, engine, letters
    workspace.close()


def file_letters(workspace, letters):
    outcomes = Ingestor(workspace.settings, workspace.catalog, workspace.index).ingest(letters)
    return [outcome.record_id for outcome in outcomes]


def pending(workspace) -> dict[str, int]:
    return dict(workspace.catalog.connection.execute("SELECT record_id, version FROM index_queue"))


def test_an_outage_leaves_records_filed_and_queued_until_the_engine_is_back(office):
    workspace, engine, letters = office
    engine.down = True
    ids = file_letters(workspace, letters)
    assert len(ids) == 3 and all(workspace.catalog.get_record(i) for i in ids)
    assert engine.calls == 1  # after one failure the next records queue without waiting on the engine
    indexer = Indexer(workspace.catalog, engine)
    assert set(pending(workspace)) == set(ids)
    assert indexer.status()["pending"] == 3 and indexer.status()["oldest_pending_age_seconds"] is not None
    assert indexer.flush_pending().error == "connection refused"
    engine.down = False
    report = indexer.flush_pending()
    assert (report.sent, report.acknowledged, report.still_pending, report.error) == (3, 3, 0, None)
    assert engine.search(SearchRequest("heating")).total == 1


def test_only_acknowledged_records_leave_the_queue(office):
    workspace, engine, letters = office
    engine.down = True
    _, second, _ = file_letters(workspace, letters)
    engine.down, engine.refused = False, {second}
    report = Indexer(workspace.catalog, engine).flush_pending()
    assert (report.acknowledged, report.still_pending) == (2, 1)
    row = workspace.catalog.connection.execute("SELECT attempts, last_error FROM index_queue").fetchone()
    assert tuple(row) == (1, "mapper_parsing_exception")
    engine.refused, engine.fail_after = set(), 0
    Indexer(workspace.catalog, engine).flush_pending()
    assert list(pending(workspace)) == [second]


def test_answers_received_before_the_connection_dropped_are_kept(office):
    workspace, engine, letters = office
    engine.down = True
    ids = file_letters(workspace, letters)
    engine.down, engine.fail_after = False, 2
    report = Indexer(workspace.catalog, engine).flush_pending()
    assert report.acknowledged == 2 and report.error == "connection refused"
    assert list(pending(workspace)) == [ids[2]]


def test_records_are_sent_at_once_when_the_engine_is_up(office):
    workspace, engine, letters = office
    ids = file_letters(workspace, letters)
    assert pending(workspace) == {}
    assert {hit.record_id for hit in engine.search(SearchRequest("complaint")).hits} == set(ids)
    Corrections(workspace).edit(ids[0], {"title": "Parking complaint"}, actor="tech.lee")
    assert pending(workspace) == {} and engine.search(SearchRequest("parking")).hits[0].title == "Parking complaint"


def test_an_older_version_acknowledged_late_does_not_clear_a_newer_correction(office):
    workspace, engine, letters = office
    [record_id] = file_letters(workspace, letters[:1])
    engine.down = True
    Corrections(workspace).edit(record_id, {"title": "Parking complaint"}, actor="tech.lee")
    assert pending(workspace) == {record_id: 2}
    indexer = Indexer(workspace.catalog, engine)
    indexer._record([IndexOutcome(record_id, 1)], [0, 0])  # the engine confirms version 1 only now
    assert pending(workspace) == {record_id: 2}


def test_rebuild_queues_the_records_changed_while_it_ran(office):
    workspace, engine, letters = office
    _, second, _ = file_letters(workspace, letters)
    corrections = Corrections(workspace)

    def technician_edits_meanwhile():
        engine.down = True  # the correction goes to the old index, or nowhere
        corrections.edit(second, {"title": "Heating complaint"}, actor="tech.lee")
        engine.down = False

    engine.on_rebuild = technician_edits_meanwhile
    indexer = Indexer(workspace.catalog, engine)
    assert indexer.rebuild().indexed == 3
    assert list(pending(workspace)) == [second]
    indexer.flush_pending()
    assert engine.search(SearchRequest("heating")).hits[0].title == "Heating complaint"


def test_selecting_elasticsearch_without_its_client_says_which_extra_to_install(settings, monkeypatch):
    monkeypatch.setitem(sys.modules, "elasticsearch", None)
    monkeypatch.delitem(sys.modules, "pipeline.search.elasticsearch.adapter", raising=False)
    es = settings.model_copy(update={"index": IndexSettings(backend="elasticsearch", url="http://es:9200")})
    with pytest.raises(ConfigError, match=r"recordkeeper\[elasticsearch\]"):
        Workspace.open(es, create=True)


def test_a_data_home_from_the_previous_release_is_upgraded_when_opened(settings, tmp_path):
    Workspace.open(settings, create=True).close()
    db = sqlite3.connect(settings.catalog_path)
    db.executescript("DROP TABLE index_queue; DROP TABLE search_parties; "
                     "ALTER TABLE search_docs DROP COLUMN version; ALTER TABLE search_docs DROP COLUMN language;")
    db.close()
    workspace = Workspace.open(settings)
    try:
        assert workspace.index.search(SearchRequest("anything", facets=True)).facets["parties"] == {}
        assert Indexer(workspace.catalog, workspace.index).status()["pending"] == 0
    finally:
        workspace.close()


def test_the_pipeline_imports_without_the_elasticsearch_client():
    code = ("import sys; sys.modules['elasticsearch'] = None; "
            "import pipeline.cli.main, pipeline.intake.service, pipeline.intake.worker, pipeline.workspace")
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)


def test_a_queue_from_schema_6_keeps_its_rows_and_can_carry_removals(settings):
    Workspace.open(settings, create=True).close()
    db = sqlite3.connect(settings.catalog_path)
    db.executescript("""
        DROP TABLE index_queue;
        CREATE TABLE index_queue (record_id TEXT PRIMARY KEY REFERENCES records(id), version INTEGER NOT NULL,
            queued_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT);
        INSERT INTO index_queue VALUES ('FIN-AP-2026-000001', 3, '2026-11-30T20:00:00+00:00', 2, 'timeout');
        UPDATE meta SET value = '6' WHERE key = 'schema_version';""")
    db.close()
    workspace = Workspace.open(settings)
    try:
        db = workspace.catalog.connection
        assert db.execute("PRAGMA foreign_key_list(index_queue)").fetchall() == []
        assert [tuple(r) for r in db.execute("SELECT record_id, version, attempts, operation, dead_at "
                                             "FROM index_queue")] == [("FIN-AP-2026-000001", 3, 2, "index", None)]
    finally:
        workspace.close()


def test_records_indexed_before_chinese_was_searchable_are_indexed_again_on_upgrade(settings, tmp_path):
    letter = tmp_path / "notice.txt"
    letter.write_text("东北电气发展股份有限公司 董事会公告\nDate: March 3, 2025\n", encoding="utf-8")
    workspace = Workspace.open(settings, create=True)
    try:
        [record_id] = file_letters(workspace, [letter])
    finally:
        workspace.close()
    db = sqlite3.connect(settings.catalog_path)  # as the previous release left it: Chinese runs as one word
    text = letter.read_text(encoding="utf-8")
    db.execute("UPDATE search_fts SET title = ?, body = ?", (text.splitlines()[0], text))
    db.execute("UPDATE meta SET value = '8' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    workspace = Workspace.open(settings)
    try:
        assert [hit.record_id for hit in workspace.index.search(SearchRequest("东北电气")).hits] == [record_id]
        assert pending(workspace) == {}
    finally:
        workspace.close()
