"""The Elasticsearch adapter without a cluster: mapping, query translation, bulk retries, concurrency,
index management and error mapping, checked on the requests it sends (see fake_elasticsearch)."""

from __future__ import annotations

import json
import time
from datetime import date

import pytest
from elastic_transport import ConnectionError as TransportConnectionError
from typer.testing import CliRunner

from pipeline.cli.main import app
from pipeline.errors import ConfigError, IndexUnavailable, QueryError, VersionConflict
from pipeline.file_plan import AccessLevel
from pipeline.search.elasticsearch import adapter as index_elasticsearch
from pipeline.search.elasticsearch.adapter import ElasticsearchIndex
from pipeline.search.elasticsearch.mapping import MAPPING_VERSION, index_template, source
from pipeline.search.elasticsearch.query_translation import read_results, search_arguments
from pipeline.search.port import HIGHLIGHT_END, HIGHLIGHT_START, SearchDocument, SearchRequest
from pipeline.search.query import parse_query
from pipeline.settings import IndexSettings
from tests.conftest import REPO
from tests.search.fake_elasticsearch import FakeCluster, bulk_answer, error_answer

S, E = HIGHLIGHT_START, HIGHLIGHT_END
LETTER = SearchDocument("COR-GEN-2025-000001", "Letter", "Page one\fPage two", "COR-GEN", AccessLevel.internal,
                        date(2025, 3, 3), station="front-desk", parties=("Acme Corp",), version=2)


def es_settings(**options) -> IndexSettings:
    return IndexSettings(backend="elasticsearch", url="http://es.test:9200", index_prefix="rk",
                         bulk_initial_backoff_seconds=1.0, **options)


@pytest.fixture
def cluster() -> FakeCluster:
    return FakeCluster()


@pytest.fixture
def index(cluster) -> ElasticsearchIndex:
    config = es_settings()
    return ElasticsearchIndex(config, client=cluster.client(config))


@pytest.fixture
def sleeps(monkeypatch) -> list[float]:
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    return slept


def test_template_is_versioned_with_english_text_keyword_facets_and_strict_fields():
    template = index_template("rk")
    assert (template["name"], template["index_patterns"], template["version"]) == ("rk-records", ["rk-records-*"],
                                                                                 MAPPING_VERSION)
    mappings, analysis = template["template"]["mappings"], template["template"]["settings"]["analysis"]
    fields = mappings["properties"]
    assert mappings["dynamic"] == "strict" and mappings["_meta"] == {"mapping_version": MAPPING_VERSION}
    assert fields["title"]["analyzer"] == fields["pages"]["analyzer"] == "recordkeeper_english"
    assert fields["title"]["fields"]["keyword"]["type"] == "keyword"
    assert analysis["analyzer"]["recordkeeper_english"]["filter"] == ["lowercase", "asciifolding", "porter_stem"]
    assert {name for name, field in fields.items() if field["type"] == "keyword"} == {
        "record_id", "class_code", "access_level", "station", "language", "parties"}
    assert fields["document_date"] == {"type": "date", "format": "strict_date"}
    assert source(LETTER) == {
        "record_id": LETTER.record_id, "title": "Letter", "pages": ["Page one", "Page two"], "class_code": "COR-GEN",
        "access_level": "internal", "document_date": "2025-03-03", "station": "front-desk", "language": None,
        "parties": ["Acme Corp"], "version": 2}


def test_query_language_translates_to_a_bool_query_with_filters_inside_the_engine():
    request = SearchRequest("", clearance=AccessLevel.internal, facets=True, sort="date", limit=5, offset=10,
                            station="front-desk")
    parsed = parse_query('invoice OR receipt "amount due" purch* -draft class:fin from:2025-01-01')
    arguments = search_arguments(request, parsed, "rk-records")
    fields = ["title^4", "pages"]
    assert arguments["query"] == {"bool": {
        "must": [
            {"bool": {"should": [{"multi_match": {"query": "invoice", "fields": fields, "type": "best_fields"}},
                                 {"multi_match": {"query": "receipt", "fields": fields, "type": "best_fields"}}],
                      "minimum_should_match": 1}},
            {"bool": {"should": [{"multi_match": {"query": "amount due", "fields": fields, "type": "phrase"}}],
                      "minimum_should_match": 1}},
            {"bool": {"should": [{"multi_match": {"query": "purch", "fields": fields, "type": "bool_prefix"}}],
                      "minimum_should_match": 1}},
        ],
        "must_not": [{"multi_match": {"query": "draft", "fields": fields, "type": "best_fields"}}],
        "filter": [
            {"terms": {"access_level": ["public", "internal"]}},
            {"bool": {"should": [{"term": {"class_code": "FIN"}}, {"prefix": {"class_code": "FIN-"}}],
                      "minimum_should_match": 1}},
            {"range": {"document_date": {"gte": "2025-01-01"}}},
            {"term": {"station": "front-desk"}},
        ],
    }}
    assert (arguments["index"], arguments["from_"], arguments["size"]) == ("rk-records", 10, 5)
    assert arguments["track_total_hits"] is True and arguments["track_scores"] is True
    assert arguments["sort"][0] == {"document_date": {"order": "desc", "missing": "_last"}}
    assert set(arguments["aggs"]) == {"class_code", "year", "station", "parties"}
    assert arguments["aggs"]["year"]["date_histogram"]["calendar_interval"] == "year"
    assert arguments["highlight"]["pre_tags"] == [S] and arguments["highlight"]["post_tags"] == [E]
    plain = search_arguments(SearchRequest("x"), parse_query('"po 88" inv*'), "rk-records")
    assert "aggs" not in plain and "sort" not in plain
    assert [m["bool"]["should"][0]["multi_match"]["type"] for m in plain["query"]["bool"]["must"]] == \
        ["phrase", "bool_prefix"]
    assert [m["multi_match"]["type"] for m in search_arguments(
        SearchRequest("x"), parse_query("x -INV-2025*"), "i")["query"]["bool"]["must_not"]] == ["phrase_prefix"]


def test_response_reads_into_hits_snippets_and_facets():
    response = {
        "hits": {"total": {"value": 7, "relation": "eq"}, "hits": [
            {"_id": "A", "_score": 3.14159, "_source": {"title": "Invoice", "class_code": "FIN-AP",
                                                        "document_date": "2025-03-03"},
             "highlight": {"pages": [f"the {S}amount{E} {S}due{E} now"], "title": [f"{S}Invoice{E}"]}},
            {"_id": "B", "_score": None, "_source": {"title": "Offer", "class_code": "HR-PER", "document_date": None},
             "highlight": {"pages": ["We are pleased"], "title": [f"{S}Offer{E}"]}},
            {"_id": "C", "_score": 1.0, "_source": {"title": "Memo", "class_code": "ADM-RPT"}},
        ]},
        "aggregations": {
            "class_code": {"buckets": [{"key": "FIN-AP", "doc_count": 5}, {"key": "HR-PER", "doc_count": 2}]},
            "year": {"buckets": [{"key": 1704067200000, "key_as_string": "2024", "doc_count": 3},
                                 {"key": 1735689600000, "key_as_string": "2025", "doc_count": 4}]},
            "station": {"buckets": []},
            "parties": {"buckets": [{"key": "Acme Corp", "doc_count": 2}]},
        },
    }
    results = read_results(response)
    assert results.total == 7
    assert [(h.record_id, h.score, h.document_date) for h in results.hits] == [
        ("A", 3.1416, date(2025, 3, 3)), ("B", 0.0, None), ("C", 1.0, None)]
    assert [h.snippet for h in results.hits] == [f"the {S}amount due{E} now", f"{S}Offer{E}", "Memo"]
    assert results.facets == {"class_code": {"FIN-AP": 5, "HR-PER": 2}, "year": {"2025": 4, "2024": 3},
                              "station": {}, "parties": {"Acme Corp": 2}}
    assert list(results.facets["year"]) == ["2025", "2024"]


def test_bulk_retries_rejections_with_backoff_and_answers_for_every_record(cluster, index, sleeps):
    cluster.answers = [error_answer(429, "es_rejected_execution_exception"),  # the whole batch, at first
                       bulk_answer({"B": 429}),  # then one record of it
                       bulk_answer()]
    documents = [SearchDocument(record_id, "t", "b", "FIN-AP", AccessLevel.public, version=3) for record_id in "ABC"]
    outcomes = list(index.add_many(documents))
    assert sorted((o.record_id, o.version, o.acknowledged) for o in outcomes) == [
        ("A", 3, True), ("B", 3, True), ("C", 3, True)]
    assert sleeps == [1.0, 2.0]  # doubling backoff
    bulks = [r for r in cluster.requests if r.path == "/_bulk"]
    assert [[line["index"]["_id"] for line in r.body[::2]] for r in bulks] == [["A", "B", "C"]] * 2 + [["B"]]
    assert bulks[0].params["require_alias"] == "true"
    assert bulks[0].body[0] == {"index": {"_id": "A", "_index": "rk-records", "version": 3,
                                          "version_type": "external_gte"}}


def test_bulk_gives_up_after_its_retries_and_says_which_records_failed(cluster, sleeps):
    config = es_settings(bulk_max_retries=1, bulk_batch_size=2)
    index = ElasticsearchIndex(config, client=cluster.client(config))
    cluster.answers = [bulk_answer({"B": 429}), bulk_answer({"B": 429}), bulk_answer({"C": 409})]
    documents = [SearchDocument(record_id, "t", "b", "FIN-AP", AccessLevel.public) for record_id in "ABC"]
    outcomes = {o.record_id: o for o in index.add_many(documents)}
    assert outcomes["A"].acknowledged and outcomes["C"].acknowledged  # 409: a newer version is there already
    assert outcomes["B"].error == "429 es_rejected_execution_exception: status 429"
    assert sleeps == [1.0] and len(cluster.requests) == 3  # batches of two: A B, B again, then C


def test_an_unreachable_cluster_raises_index_unavailable_for_the_queue_to_keep_the_records(cluster, index):
    cluster.answers = [TransportConnectionError("Connection refused")]
    with pytest.raises(IndexUnavailable, match="could not be reached"):
        list(index.add_many([LETTER]))


def test_conditional_write_carries_the_version_and_a_conflict_is_refused(cluster, index):
    cluster.answers = [(201, {"_id": LETTER.record_id, "_version": 2, "result": "created"}),
                       error_answer(409, "version_conflict_engine_exception"),
                       error_answer(409, "version_conflict_engine_exception")]
    index.add(LETTER, expected_version=1)
    write = cluster.requests[0]
    assert (write.method, write.path) == ("PUT", f"/rk-records/_doc/{LETTER.record_id}")
    assert write.params == {"version": "2", "version_type": "external", "require_alias": "true"}
    with pytest.raises(VersionConflict):
        index.add(LETTER, expected_version=1)
    index.add(LETTER)  # unconditional: a newer version indexed already is fine
    assert cluster.requests[2].params["version_type"] == "external_gte"
    with pytest.raises(ValueError, match="does not follow"):
        index.add(LETTER, expected_version=5)


def test_create_puts_the_template_then_the_first_index_behind_a_write_alias(cluster, index):
    cluster.answers = [(200, {"acknowledged": True}), (404, {}), (200, {"acknowledged": True})]
    index.create()
    assert cluster.paths()[:2] == ["PUT /_index_template/rk-records", "HEAD /_alias/rk-records"]
    assert cluster.requests[0].body["priority"] == 501
    created = cluster.requests[2]
    assert created.method == "PUT" and created.path.startswith(f"/rk-records-v{MAPPING_VERSION}-")
    assert created.body == {"aliases": {"rk-records": {"is_write_index": True}}}


def test_rebuild_fills_a_new_index_then_moves_the_alias_in_one_step(cluster, index):
    cluster.answers = [(200, {}), (200, {}), bulk_answer(), (200, {}), (200, {}),
                       (200, {"rk-records-v1-old": {"aliases": {"rk-records": {}}}}), (200, {}), (200, {})]
    assert index.rebuild([LETTER]) == 1
    new = cluster.requests[1].path.lstrip("/")
    assert cluster.paths() == [
        "PUT /_index_template/rk-records", f"PUT /{new}", "PUT /_bulk", f"PUT /{new}/_settings",
        f"POST /{new}/_refresh", "GET /_alias/rk-records", "POST /_aliases", "DELETE /rk-records-v1-old"]
    assert cluster.requests[1].body == {"settings": {"index": {"refresh_interval": "-1"}}}
    assert cluster.requests[2].body[0]["index"]["_index"] == new
    assert cluster.requests[6].body == {"actions": [
        {"remove": {"index": "rk-records-v1-old", "alias": "rk-records"}},
        {"add": {"index": new, "alias": "rk-records", "is_write_index": True}}]}


def test_a_failed_rebuild_deletes_the_new_index_and_keeps_the_old_one(cluster, index):
    cluster.answers = [(200, {}), (200, {}), bulk_answer({LETTER.record_id: 400}), (200, {})]
    with pytest.raises(IndexUnavailable, match="previous index stays in use"):
        index.rebuild([LETTER])
    assert cluster.paths()[-1] == cluster.paths()[1].replace("PUT", "DELETE")
    assert "POST /_aliases" not in cluster.paths()


def test_engine_errors_become_the_projects_errors(cluster, index):
    cluster.answers = [error_answer(400, "search_phase_execution_exception"),
                       error_answer(401, "security_exception"),
                       error_answer(404, "index_not_found_exception"),
                       error_answer(503, "cluster_block_exception")]
    with pytest.raises(QueryError, match="could not run this query"):
        index.search(SearchRequest("invoice"))
    with pytest.raises(ConfigError, match="refused the credentials"):
        index.search(SearchRequest("invoice"))
    with pytest.raises(IndexUnavailable, match="does not exist") as missing:
        index.search(SearchRequest("invoice"))
    assert "recordkeeper init" in missing.value.action
    with pytest.raises(IndexUnavailable, match="answered 503"):
        index.search(SearchRequest("invoice"))


def test_credentials_and_ca_come_from_the_settings_object(cluster, tmp_path):
    ca = tmp_path / "ca.crt"
    config = es_settings(api_key="c2VjcmV0")
    index = ElasticsearchIndex(config, client=cluster.client(config))
    cluster.answers = [(200, {"hits": {"total": {"value": 0}, "hits": []}})]
    index.search(SearchRequest("invoice"))
    assert cluster.requests[0].headers["authorization"] == "ApiKey c2VjcmV0"
    config = es_settings(username="rk", password="pw")
    ElasticsearchIndex(config, client=cluster.client(config)).refresh()
    assert cluster.requests[1].headers["authorization"].startswith("Basic ")
    with pytest.raises(ConfigError, match="not a usable cluster address"):
        ElasticsearchIndex(es_settings().model_copy(update={"url": "not a url", "ca_certs": ca}))


def test_an_outage_queues_records_status_shows_them_and_reindex_pending_sends_them(cluster, monkeypatch, tmp_path):
    config = tmp_path / "recordkeeper.toml"
    config.write_text(f'home = "{tmp_path / "home"}"\nfile_plan = "{REPO / "config" / "file_plan.toml"}"\n'
                      '[index]\nbackend = "elasticsearch"\nurl = "http://es.test:9200"\nindex_prefix = "rk"\n')
    monkeypatch.setattr(index_elasticsearch, "connect", cluster.client)
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear Facilities,\nA complaint about the parking.\n")
    runner = CliRunner()

    def run(*args):
        return runner.invoke(app, ["--config", str(config), *args])

    down = TransportConnectionError("Connection refused")
    cluster.answers = [down]
    assert isinstance(run("init").exception, IndexUnavailable)
    cluster.answers = [down, down]  # preparing the index, then sending the record
    assert json.loads(run("ingest", str(letter), "--workers", "1", "--json").stdout)["indexed"] == 1
    status = json.loads(run("status", "--json").stdout)["index"]
    assert (status["backend"], status["pending"]) == ("elasticsearch", 1)
    cluster.answers = [bulk_answer()]
    assert run("reindex", "--pending").exit_code == 0
    assert json.loads(run("status", "--json").stdout)["index"]["pending"] == 0
    sent = cluster.requests[-1].body
    assert sent[1]["pages"] == ["Dear Facilities,\nA complaint about the parking."] and sent[0]["index"]["version"] == 1


def test_inventory_pages_through_every_document_and_hashes_what_the_cluster_stores(cluster, index, monkeypatch):
    """The consistency audit compares these hashes with the catalog: the same document hashes the same on
    either backend, and a changed stored text does not."""
    from pipeline.search.port import document_sha256

    documents = [SearchDocument(f"FIN-AP-2026-{n:06d}", f"Invoice {n}", f"page one\fpage {n}", "FIN-AP",
                                AccessLevel.internal, date(2025, 1, n + 1), "front", "en", ("Acme Ltd",), 2)
                 for n in range(3)]
    stored = [source(d) for d in documents]
    stored[2]["pages"] = ["altered"]
    hits = [{"_source": body, "sort": [body["record_id"]]} for body in stored]
    cluster.answers = [(200, {"hits": {"hits": hits[:2]}}), (200, {"hits": {"hits": hits[2:]}})]
    monkeypatch.setattr(index_elasticsearch, "_INVENTORY_PAGE", 2)
    entries = list(index.inventory())
    assert [e.record_id for e in entries] == [d.record_id for d in documents]
    assert [e.content_sha256 == document_sha256(d) for e, d in zip(entries, documents, strict=True)] == [
        True, True, False]
    assert cluster.requests[1].body["search_after"] == ["FIN-AP-2026-000001"]
