"""What a query may cost, in both backends: length and distinct terms (the shared parser), repeats
searched once, and a time budget after which the engine is stopped and the user told so."""

from __future__ import annotations

import sqlite3

import pytest

from pipeline.errors import QueryError, QueryTimedOut
from pipeline.file_plan import AccessLevel
from pipeline.search.elasticsearch.adapter import ElasticsearchIndex
from pipeline.search.port import SearchDocument, SearchRequest
from pipeline.search.query import QueryLimits, Term, parse_query
from pipeline.search.sqlite.fts_index import SqliteFtsIndex
from pipeline.settings import IndexSettings
from tests.search.fake_elasticsearch import FakeCluster


def test_length_and_term_limits_name_the_limit():
    with pytest.raises(QueryError, match="1001 characters long; the limit is 1000"):
        parse_query("x" * 1001)
    with pytest.raises(QueryError, match="5 different terms; the limit is 4"):
        parse_query("a OR b c -d e", QueryLimits(max_terms=4))
    assert len(parse_query("a OR b c -d", QueryLimits(max_terms=4)).terms) == 3


def test_repeats_are_searched_once_without_changing_the_meaning():
    assert parse_query("invoice " * 100).groups == [[Term("invoice")]]
    assert parse_query(" OR ".join(["a"] * 200)).groups == [[Term("a")]]
    assert parse_query("a OR b b OR a -c -c").groups == [[Term("a"), Term("b")]]
    assert parse_query("-c a -c").excluded == [Term("c")]
    # "a a OR b" is a AND (a OR b): both groups stay, as they mean different things.
    assert parse_query("a a OR b").groups == [[Term("a")], [Term("a"), Term("b")]]


@pytest.fixture(scope="module")
def big_index() -> SqliteFtsIndex:
    db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    index = SqliteFtsIndex(db)
    index.create()
    body = " ".join(f"word{n % 997} payment invoice" for n in range(600))
    list(index.add_many(SearchDocument(f"ADM-RPT-2025-{n:06d}", f"Report {n}", body, "ADM-RPT", AccessLevel.public)
                        for n in range(300)))
    return index


def test_sqlite_stops_a_query_over_its_budget_and_the_connection_stays_usable(big_index):
    request = SearchRequest("payment OR invoice OR word7", facets=True)
    with pytest.raises(QueryTimedOut, match="budget"):
        big_index.search(SearchRequest(request.query, facets=True, time_budget_seconds=1e-6))
    assert big_index.search(SearchRequest(request.query, time_budget_seconds=60)).total == 300
    assert big_index.search(request).total == 300  # no budget: no progress handler left behind


def test_elasticsearch_sends_the_budget_and_refuses_a_timed_out_answer():
    cluster = FakeCluster()
    config = IndexSettings(backend="elasticsearch", url="http://es.test:9200", index_prefix="rk")
    index = ElasticsearchIndex(config, client=cluster.client(config))
    cluster.fail = [(200, {"timed_out": True, "hits": {"total": {"value": 1}, "hits": []}})]
    with pytest.raises(QueryTimedOut, match=r"2\.5 s budget"):
        index.search(SearchRequest("invoice", time_budget_seconds=2.5))
    sent = cluster.requests[0]
    assert (sent.body or {}).get("timeout", sent.params.get("timeout")) == "2500ms"
    with pytest.raises(QueryError, match="the limit is 2"):
        index.search(SearchRequest("a b c", limits=QueryLimits(max_terms=2)))


def test_snippets_of_a_huge_record_stay_cheap_and_still_show_the_match():
    from benchmarks.search_corpus import OFFICE_WORDS

    db = sqlite3.connect(":memory:", isolation_level=None)
    index = SqliteFtsIndex(db)
    index.create()
    common = " ".join(OFFICE_WORDS[:40])
    body = "\f".join([common] * 3000) + "\fthe zeppelin hangar lease was renewed\f" + "\f".join([common] * 500)
    index.add(SearchDocument("ADM-RPT-2025-000001", "Annual report", body, "ADM-RPT", AccessLevel.public))
    # Thirty common words on a record of 1.5 million characters: FTS5's own snippet() took ~30 s here,
    # past any budget because it runs inside one call. The window keeps it to the budget's right side.
    wide = " OR ".join(OFFICE_WORDS[:30])
    assert index.search(SearchRequest(wide, time_budget_seconds=5)).total == 1
    [hit] = index.search(SearchRequest("zeppelins", time_budget_seconds=5)).hits
    assert "\x02zeppelin\x03 hangar" in hit.snippet
