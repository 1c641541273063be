"""The Elasticsearch adapter without a cluster: mapping, query translation, bulk retries, concurrency,
index management, deep paging, highlighting and error mapping, against the stateful fake node (see
fake_elasticsearch); every request sent is checked against Elastic's specification (see conftest)."""

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
from tests.conftest import REPO
from tests.search.conftest import es_settings

S, E = HIGHLIGHT_START, HIGHLIGHT_END
LETTER = SearchDocument("COR-GEN-2025-000001", "Letter", "Page one\fPage two", "COR-GEN", AccessLevel.internal,
                        date(2025, 3, 3), station="front-desk", parties=("Acme Corp",), version=2)


@pytest.fixture
def index(cluster) -> ElasticsearchIndex:
    config = es_settings()
    index = ElasticsearchIndex(config, client=cluster.client(config))
    index.create()
    return index


def error_answer(status: int, kind: str) -> tuple[int, dict]:
    return status, {"error": {"type": kind, "reason": kind.replace("_", " ")}, "status": status}


def doc(record_id: str, body: str = "b", version: int = 1, **fields) -> SearchDocument:
    return SearchDocument(record_id, fields.pop("title", "t"), body, "FIN-AP", AccessLevel.public, version=version,
                          **fields)


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
    # Offsets: highlighting never re-analyses a long record; no gap: a phrase may continue on the next page.
    assert fields["title"]["index_options"] == fields["pages"]["index_options"] == "offsets"
    assert fields["pages"]["position_increment_gap"] == 0
    assert fields["title"]["fields"]["keyword"]["type"] == "keyword"
    analyzer = analysis["analyzer"]["recordkeeper_english"]
    assert analyzer["filter"] == ["lowercase", "asciifolding", "porter_stem"]
    # Core analysis only (no ICU or smartcn plugin on the cluster), the same folding as the embedded index.
    assert analyzer["char_filter"] == ["recordkeeper_character_words", "recordkeeper_arabic_marks",
                                       "recordkeeper_arabic_letters"]
    assert {analysis["char_filter"][name]["type"] for name in analyzer["char_filter"]} == {"pattern_replace",
                                                                                           "mapping"}
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
    whole = {"fields": fields, "tie_breaker": 1.0}  # a record scores the sum of its fields, as BM25 over a row
    assert arguments["query"] == {"bool": {
        "must": [
            {"bool": {"should": [{"multi_match": {"query": "invoice", "type": "best_fields", **whole}},
                                 {"multi_match": {"query": "receipt", "type": "best_fields", **whole}}],
                      "minimum_should_match": 1}},
            {"bool": {"should": [{"multi_match": {"query": "amount due", "type": "phrase", **whole}}],
                      "minimum_should_match": 1}},
            {"bool": {"should": [{"multi_match": {"query": "purch", "fields": fields, "type": "bool_prefix"}}],
                      "minimum_should_match": 1}},
        ],
        "must_not": [{"multi_match": {"query": "draft", "type": "best_fields", **whole}}],
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
    assert arguments["sort"] == [{"document_date": {"order": "desc", "missing": "_last"}},
                                 {"_score": {"order": "desc"}}, {"record_id": {"order": "asc"}}]
    assert set(arguments["aggs"]) == {"class_code", "year", "station", "parties"}
    assert arguments["aggs"]["year"]["date_histogram"]["calendar_interval"] == "year"
    assert arguments["highlight"]["pre_tags"] == [S] and arguments["highlight"]["post_tags"] == [E]
    plain = search_arguments(SearchRequest("x"), parse_query('"po 88" inv*'), "rk-records")
    assert "aggs" not in plain
    assert plain["sort"] == [{"_score": {"order": "desc"}}, {"record_id": {"order": "asc"}}]  # ties: by id
    assert [m["bool"]["should"][0]["multi_match"]["type"] for m in plain["query"]["bool"]["must"]] == \
        ["phrase", "bool_prefix"]
    excluded = search_arguments(SearchRequest("x"), parse_query("x -INV-2025*"), "i")["query"]["bool"]["must_not"]
    assert excluded[0]["multi_match"]["type"] == "phrase_prefix"
    assert excluded[0]["multi_match"]["max_expansions"] == 10_000  # not 50: a long series is found whole


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
    cluster.fail = [error_answer(429, "es_rejected_execution_exception")]  # the whole batch, at first
    cluster.reject = {"B": [429]}  # then one record of it
    outcomes = list(index.add_many([doc(record_id, version=3) for record_id in "ABC"]))
    assert sorted((o.record_id, o.version, o.acknowledged) for o in outcomes) == [
        ("A", 3, True), ("B", 3, True), ("C", 3, True)]
    assert sleeps == [1.0, 2.0]  # doubling backoff
    bulks = [r for r in cluster.requests if r.path == "/_bulk"]
    assert [[line["index"]["_id"] for line in r.body[::2]] for r in bulks] == [["A", "B", "C"]] * 2 + [["B"]]
    assert bulks[0].params["require_alias"] == "true"
    assert bulks[0].body[0] == {"index": {"_id": "A", "_index": "rk-records", "version": 3,
                                          "version_type": "external_gte"}}
    stored = cluster.stored(next(iter(cluster.indices)))
    assert {key: d.version for key, d in stored.items()} == {"A": 3, "B": 3, "C": 3}


@pytest.mark.parametrize("status", [502, 503, 504])
def test_bulk_retries_unavailable_answers_on_every_supported_client(cluster, index, sleeps, status):
    # The helper of clients before 8.16 retried only 429 and refused retry_on_status: 5xx were lost there.
    cluster.fail = [error_answer(status, "unavailable_shards_exception")]
    cluster.reject = {"B": [status]}
    assert all(o.acknowledged for o in index.add_many([doc("A"), doc("B")]))
    assert sleeps == [1.0, 2.0]


def test_bulk_gives_up_after_its_retries_and_tells_a_refused_record_from_a_busy_engine(cluster, sleeps):
    config = es_settings(bulk_max_retries=1, bulk_batch_size=2)
    index = ElasticsearchIndex(config, client=cluster.client(config))
    index.create()
    list(index.add_many([doc("C", version=5)]))
    cluster.reject = {"B": [429, 429]}
    outcomes = {o.record_id: o for o in index.add_many([doc("A"), doc("B"), doc("C", version=4)])}
    assert outcomes["A"].acknowledged and outcomes["C"].acknowledged  # 409: a newer version is there already
    assert outcomes["B"].error == "429 es_rejected_execution_exception: rejected execution"
    assert not outcomes["B"].permanent  # busy: worth sending later
    assert sleeps == [1.0]


def test_a_document_the_mapping_refuses_is_a_permanent_refusal(cluster, index):
    cluster.reject = {LETTER.record_id: [400]}
    outcome, = index.add_many([LETTER])
    assert outcome.permanent and "document_parsing_exception" in outcome.error


def test_an_unreachable_cluster_raises_index_unavailable_for_the_queue_to_keep_the_records(cluster, index):
    cluster.fail = [TransportConnectionError("Connection refused")]
    with pytest.raises(IndexUnavailable, match="could not be reached"):
        list(index.add_many([LETTER]))


def test_conditional_write_carries_the_version_and_a_conflict_is_refused(cluster, index):
    index.add(LETTER, expected_version=1)
    write = cluster.requests[-1]
    assert (write.method, write.path) == ("PUT", f"/rk-records/_doc/{LETTER.record_id}")
    assert write.params == {"version": "2", "version_type": "external", "require_alias": "true"}
    rival = SearchDocument(**{**LETTER.__dict__, "title": "Someone else's change"})
    with pytest.raises(VersionConflict):
        index.add(rival, expected_version=1)
    index.add(LETTER)  # unconditional: a newer version indexed already is fine
    assert cluster.requests[-1].params["version_type"] == "external_gte"
    with pytest.raises(ValueError, match="does not follow"):
        index.add(LETTER, expected_version=5)


def test_a_retried_conditional_write_whose_first_attempt_was_applied_is_not_a_conflict(cluster):
    config = es_settings()
    index = ElasticsearchIndex(config, client=cluster.client(config, max_retries=1))
    index.create()
    cluster.lose_answers = 1  # applied, but the answer times out: the client sends it again and meets a 409
    index.add(LETTER, expected_version=1)
    writes = [r for r in cluster.requests if r.method == "PUT" and "/_doc/" in r.path]
    assert len(writes) == 2
    rival = SearchDocument(**{**LETTER.__dict__, "title": "Someone else's change"})
    with pytest.raises(VersionConflict):
        index.add(rival, expected_version=1)


def test_create_puts_the_template_then_the_first_index_with_its_own_mapping_behind_a_write_alias(cluster):
    config = es_settings()
    index = ElasticsearchIndex(config, client=cluster.client(config))
    # An operator's catch-all template of higher priority must not replace the mapping.
    cluster.templates["everything"] = {"index_patterns": ["rk-*"], "priority": 900,
                                       "template": {"mappings": {"dynamic": True, "properties": {}}}}
    index.create()
    assert cluster.paths()[:2] == ["PUT /_index_template/rk-records", "HEAD /_alias/rk-records"]
    assert cluster.requests[0].body["priority"] == 501
    created = cluster.requests[2]
    assert created.method == "PUT" and created.path.startswith(f"/rk-records-v{MAPPING_VERSION}-")
    assert created.body["aliases"] == {"rk-records": {"is_write_index": True}}
    live, = cluster.indices.values()
    assert live.mappings == index_template("rk")["template"]["mappings"]
    index.create()  # again: nothing new
    assert len(cluster.indices) == 1


def test_remove_unfinished_deletes_only_indices_of_its_prefix_behind_no_alias(cluster, index):
    live = next(iter(cluster.indices))
    cluster.indices["rk-records-v2-20260101000000000000"] = cluster.indices[live].__class__({}, {})  # a killed rebuild
    cluster.indices["rk-other"] = cluster.indices[live].__class__({}, {})
    cluster.indices["rk-records-archive"] = cluster.indices[live].__class__({}, {})  # someone else's
    assert index.remove_unfinished() == ["rk-records-v2-20260101000000000000"]
    assert set(cluster.indices) == {live, "rk-other", "rk-records-archive"}


def test_rebuild_fills_a_new_index_then_moves_the_alias_in_one_step(cluster, index):
    old = next(iter(cluster.indices))
    list(index.add_many([doc("GONE")]))
    seen_during: list[set[str]] = []
    cluster.after = lambda request: seen_during.append(cluster.searchable("rk-records")) \
        if request.path == "/_bulk" else None
    index.refresh()
    assert index.rebuild([LETTER]) == 1
    new, = cluster.indices
    assert old not in cluster.indices and cluster.aliases == {"rk-records": {new: True}}
    assert seen_during == [{"GONE"}]  # searches used the old index while the new one filled
    assert cluster.searchable("rk-records") == {LETTER.record_id}
    assert "refresh_interval" not in cluster.indices[new].settings  # back to the default after the load
    switch = next(r for r in cluster.requests if r.path == "/_aliases")
    assert switch.body == {"actions": [{"remove": {"index": old, "alias": "rk-records"}},
                                       {"add": {"index": new, "alias": "rk-records", "is_write_index": True}}]}


def test_a_failed_rebuild_deletes_the_new_index_and_keeps_the_old_one(cluster, index, sleeps):
    old = dict(cluster.aliases)
    cluster.reject = {LETTER.record_id: [429] * 10}
    with pytest.raises(IndexUnavailable, match="previous index stays in use"):
        index.rebuild([LETTER])
    assert cluster.aliases == old and set(cluster.indices) == set(next(iter(old.values())))


def test_a_rebuild_leaves_out_a_refused_document_and_reports_it(cluster, index):
    refused = []
    cluster.reject = {"POISON": [400]}
    assert index.rebuild([LETTER, doc("POISON")], refused=refused.append) == 1
    assert [(o.record_id, o.permanent) for o in refused] == [("POISON", True)]
    assert cluster.searchable("rk-records") == {LETTER.record_id}


def test_a_rebuild_refused_wholesale_keeps_the_old_index(cluster, index):
    old = dict(cluster.aliases)
    cluster.reject = {f"R{n}": [400] for n in range(20)}
    with pytest.raises(IndexUnavailable, match="20 of 20"):
        index.rebuild([doc(f"R{n}") for n in range(20)], refused=lambda outcome: None)
    assert cluster.aliases == old


def test_deep_pages_walk_with_search_after_instead_of_being_refused(cluster, index, monkeypatch):
    from pipeline.search.elasticsearch import paging
    from tests.search import fake_search

    # A window of 10 stands in for 10,000, so the walk is exercised on a few records.
    monkeypatch.setattr(paging, "MAX_RESULT_WINDOW", 10)
    monkeypatch.setattr(fake_search, "MAX_RESULT_WINDOW", 10)
    list(index.add_many([doc(f"R{n:02d}", "invoice") for n in range(25)]))
    index.refresh()
    pages = [index.search(SearchRequest("invoice", limit=4, offset=offset)) for offset in range(0, 28, 4)]
    found = [hit.record_id for page in pages for hit in page.hits]
    assert found == [f"R{n:02d}" for n in range(25)]  # equal scores: the record id orders them
    assert {page.total for page in pages} == {25}
    skipping = [r.body for r in cluster.requests if r.path.endswith("/_search") and "search_after" in r.body]
    assert skipping and all((body["size"] <= 10 and "from" not in body) or body["from"] == 0 for body in skipping)
    beyond = index.search(SearchRequest("invoice", limit=4, offset=40))
    assert beyond.hits == [] and beyond.total == 25
    with pytest.raises(QueryError, match="at most 10 results"):
        index.search(SearchRequest("invoice", limit=11))


def test_a_record_of_500_dense_pages_is_found_and_highlighted(cluster, index):
    page = ("Northwind invoice reconciliation ledger entry " * 55)[:2500]
    long_record = doc("LONG", "\f".join([page] * 499 + [page + " amount due"]), title="Ledger 2025")
    assert all(o.acknowledged for o in index.add_many([long_record]))
    index.refresh()
    results = index.search(SearchRequest('"amount due"'))
    assert [hit.record_id for hit in results.hits] == ["LONG"] and results.hits[0].snippet


def test_an_index_made_before_offsets_were_stored_still_answers_searches_on_long_records(cluster, index):
    live = next(iter(cluster.indices))
    del cluster.indices[live].mappings["properties"]["pages"]["index_options"]  # mapping version 1
    list(index.add_many([doc("LONG", "\f".join(["word " * 500] * 500) + " amount due")]))
    index.refresh()
    assert [hit.record_id for hit in index.search(SearchRequest('"amount due"')).hits] == ["LONG"]


def test_engine_errors_become_the_projects_errors(cluster, index):
    cluster.fail = [error_answer(400, "search_phase_execution_exception"),
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
    index.create()
    assert cluster.requests[0].headers["authorization"] == "ApiKey c2VjcmV0"
    config = es_settings(username="rk", password="pw")
    ElasticsearchIndex(config, client=cluster.client(config)).refresh()
    assert cluster.requests[-1].headers["authorization"].startswith("Basic ")
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
    cluster.fail = [down]
    assert isinstance(run("init").exception, IndexUnavailable)
    cluster.fail = [down, down]  # preparing the index, then sending the record
    assert json.loads(run("ingest", str(letter), "--workers", "1", "--json").stdout)["indexed"] == 1
    status = json.loads(run("status", "--json").stdout)["index"]
    assert (status["backend"], status["pending"], status["dead_letter"]) == ("elasticsearch", 1, [])
    assert run("init").exit_code == 0  # the cluster is back
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
    list(index.add_many(documents))
    index.refresh()
    (name,) = [n for n in cluster.indices if n.startswith(index.alias)]
    cluster.indices[name].live[documents[2].record_id].source["pages"] = ["altered"]  # changed behind our back
    cluster.indices[name].refresh()
    monkeypatch.setattr(index_elasticsearch, "_INVENTORY_PAGE", 2)
    before = len(cluster.requests)
    entries = list(index.inventory())
    assert [e.record_id for e in entries] == [d.record_id for d in documents]
    assert [e.content_sha256 == document_sha256(d) for e, d in zip(entries, documents, strict=True)] == [
        True, True, False]
    searches = [r for r in cluster.requests[before:] if r.body and "search_after" in r.body]
    assert searches and searches[0].body["search_after"] == ["FIN-AP-2026-000001"]


def test_a_chinese_query_word_is_sent_as_a_phrase_of_its_characters():
    from pipeline.search.elasticsearch.query_translation import search_arguments
    from pipeline.search.query import parse_query

    arguments = search_arguments(SearchRequest("东北电气 invoice"), parse_query("东北电气 invoice"), "rk-records")
    chinese, english = (group["bool"]["should"][0]["multi_match"] for group in arguments["query"]["bool"]["must"])
    assert (chinese["query"], chinese["type"]) == ("东北电气", "phrase")
    assert english["type"] == "best_fields"
