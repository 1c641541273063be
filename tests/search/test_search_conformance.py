"""What every search-index adapter must do, as a user of `recordkeeper search` meets it.

Runs against the embedded SQLite index always, and against Elasticsearch when ES_URL names a cluster
(each test then works in indices of its own prefix and removes them afterwards).
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from datetime import date

import pytest

from pipeline.errors import QueryError, VersionConflict
from pipeline.file_plan import AccessLevel
from pipeline.search.port import HIGHLIGHT_END, HIGHLIGHT_START, SearchDocument, SearchIndex, SearchRequest
from pipeline.search.sqlite.fts_index import SqliteFtsIndex
from tests.conftest import ES_SKIP_REASON, elasticsearch_test_settings

AP, PO, HR, COR = "FIN-AP-2025-000001", "FIN-PO-2024-000001", "HR-PER-2025-000001", "COR-GEN-2023-000001"
DOCS = [
    SearchDocument(AP, "Invoice from Northwind", "Invoice INV-2025-0412. Amount due $1,200.00 for purchasing "
                   "services.\fPayment terms net 30.", "FIN-AP", AccessLevel.internal, date(2025, 3, 3),
                   station="front-desk", parties=("Northwind Supply Ltd",)),
    SearchDocument(PO, "Purchase order", "Purchase order PO-88213. Ship to the north warehouse.", "FIN-PO",
                   AccessLevel.internal, date(2024, 6, 1), station="front-desk",
                   parties=("Northwind Supply Ltd", "Acme Corp")),
    SearchDocument(HR, "Offer of employment", "We are pleased to offer you the position. Salary and due "
                   "diligence.", "HR-PER", AccessLevel.confidential, date(2025, 1, 10), station="hr-scanner",
                   parties=("Maria Chen",)),
    SearchDocument(COR, "Letter to Ms Lee", "Dear Ms Lee, regarding the invoice you sent, the amount is due "
                   "next week.", "COR-GEN", AccessLevel.public, None, parties=("Acme Corp",)),
]


def _sqlite_index() -> Iterator[SearchIndex]:
    index = SqliteFtsIndex(sqlite3.connect(":memory:", isolation_level=None))
    index.create()
    yield index


def _elasticsearch_index() -> Iterator[SearchIndex]:
    settings = elasticsearch_test_settings(f"rk-test-{uuid.uuid4().hex[:12]}")
    if settings is None:
        pytest.skip(ES_SKIP_REASON)
    from pipeline.search.elasticsearch.adapter import ElasticsearchIndex

    index = ElasticsearchIndex(settings)
    index.create()
    try:
        yield index
    finally:
        index.drop()
        index.close()


@pytest.fixture(params=["sqlite", "elasticsearch"])
def empty_index(request) -> Iterator[SearchIndex]:
    yield from (_sqlite_index() if request.param == "sqlite" else _elasticsearch_index())


@pytest.fixture
def index(empty_index) -> SearchIndex:
    store(empty_index, DOCS)
    return empty_index


def store(index: SearchIndex, documents: list[SearchDocument]) -> None:
    outcomes = list(index.add_many(documents))
    assert [o.record_id for o in outcomes if o.acknowledged] == [d.record_id for d in documents]
    index.refresh()  # a near-real-time engine shows writes after a refresh; tests must not race it


def ids(index: SearchIndex, query: str, **options) -> list[str]:
    return [hit.record_id for hit in index.search(SearchRequest(query, **options)).hits]


def test_title_match_ranks_above_body_mention(index):
    assert ids(index, "invoice")[:2] == [AP, COR]


def test_phrase_matches_only_adjacent_words(index):
    assert ids(index, '"amount due"') == [AP]
    assert set(ids(index, "amount due")) == {AP, COR}


def test_prefix_stemming_case_and_identifiers(index):
    assert set(ids(index, "purch*")) == {AP, PO}
    assert set(ids(index, "purchasing*")) == {AP, PO}  # the prefix is stemmed like the text
    assert ids(index, "PO-88213") == [PO]
    assert ids(index, "inv-2025-0412") == [AP]
    assert ids(index, "ship") == [PO]
    assert ids(index, "SERVICE") == [AP]
    assert ids(index, '"1,200.00"') == [AP]


def test_exclusion_and_or(index):
    assert ids(index, "invoice -dear") == [AP]
    assert ids(index, 'invoice -"ms lee"') == [AP]
    assert set(ids(index, "warehouse OR salary")) == {PO, HR}


def test_class_series_date_and_station_filters(index):
    assert set(ids(index, "purch* OR invoice", class_code="FIN")) == {AP, PO}
    assert ids(index, "invoice class:COR-GEN") == [COR]
    assert ids(index, "purch*", date_from=date(2025, 1, 1)) == [AP]
    assert ids(index, "purch* to:2024-12-31") == [PO]
    assert ids(index, "due from:2025-01-01 to:2025-01-31") == [HR]
    assert set(ids(index, "due OR purch*", station="front-desk")) == {AP, PO}


def test_clearance_hides_records_from_results_totals_and_facets(index):
    results = index.search(SearchRequest("due", clearance=AccessLevel.internal, facets=True))
    assert HR not in [hit.record_id for hit in results.hits]
    assert results.total == 2
    assert results.facets["class_code"] == {"COR-GEN": 1, "FIN-AP": 1}
    assert "Maria Chen" not in results.facets["parties"] and "hr-scanner" not in results.facets["station"]
    assert index.search(SearchRequest("salary", clearance=AccessLevel.public)).total == 0


def test_facet_counts_cover_every_match_not_only_the_page(index):
    results = index.search(SearchRequest("due OR purch* OR salary", facets=True, limit=1))
    assert results.total == 4 and len(results.hits) == 1
    assert results.facets == {
        "class_code": {"COR-GEN": 1, "FIN-AP": 1, "FIN-PO": 1, "HR-PER": 1},
        "year": {"2025": 2, "2024": 1},
        "station": {"front-desk": 2, "hr-scanner": 1},
        "parties": {"Acme Corp": 2, "Northwind Supply Ltd": 2, "Maria Chen": 1},
    }
    assert list(results.facets["year"]) == ["2025", "2024"]  # newest first
    assert index.search(SearchRequest("due")).facets == {}  # only counted when asked for


def test_snippet_highlights_the_matched_words(index):
    snippet = index.search(SearchRequest('"amount due"')).hits[0].snippet
    assert f"{HIGHLIGHT_START}Amount due{HIGHLIGHT_END}" in snippet
    snippet = index.search(SearchRequest("warehouse")).hits[0].snippet
    assert f"{HIGHLIGHT_START}warehouse{HIGHLIGHT_END}" in snippet


def test_paging_and_total(index):
    first = index.search(SearchRequest("invoice OR purchase OR dear", limit=2))
    second = index.search(SearchRequest("invoice OR purchase OR dear", limit=2, offset=2))
    assert first.total == 3 and len(first.hits) == 2 and len(second.hits) == 1
    assert not {h.record_id for h in first.hits} & {h.record_id for h in second.hits}


def test_sort_by_date_puts_newest_first_and_undated_last(index):
    assert ids(index, "due OR purch* OR salary", sort="date") == [AP, HR, PO, COR]
    hit = index.search(SearchRequest("invoice", sort="date")).hits[0]
    assert hit.document_date == date(2025, 3, 3) and hit.title == "Invoice from Northwind"
    with pytest.raises(QueryError, match="relevance or date"):
        SearchRequest("invoice", sort="title")


def test_malformed_queries_get_the_same_reason_on_every_backend(index):
    with pytest.raises(QueryError, match="unmatched double quote"):
        index.search(SearchRequest('"amount due'))
    with pytest.raises(QueryError, match="only -exclusions"):
        index.search(SearchRequest("-draft"))


def test_reindexing_a_record_replaces_it_and_an_older_version_never_wins(index):
    store(index, [SearchDocument(PO, "Purchase order", "Now about turbines", "FIN-PO", AccessLevel.internal,
                                 version=3)])
    assert ids(index, "turbines") == [PO]
    assert ids(index, "warehouse") == []
    store(index, [SearchDocument(PO, "Purchase order", "Back to the warehouse", "FIN-PO", AccessLevel.internal,
                                 version=2)])  # a delayed retry of an older version
    assert ids(index, "turbines") == [PO] and ids(index, "warehouse") == []


def test_concurrent_corrections_cannot_overwrite_each_other(index):
    base = DOCS[3]
    first = SearchDocument(**{**base.__dict__, "title": "Letter about parking", "version": 2})
    second = SearchDocument(**{**base.__dict__, "title": "Letter about benefits", "version": 2})
    index.add(first, expected_version=1)
    with pytest.raises(VersionConflict):
        index.add(second, expected_version=1)  # read version 1 too, but someone else got there first
    index.refresh()
    assert ids(index, "parking") == [COR] and ids(index, "benefits") == []
    index.add(SearchDocument(**{**second.__dict__, "version": 3}), expected_version=2)  # reloaded, applied again
    index.refresh()
    assert ids(index, "benefits") == [COR]


def test_remove_takes_a_record_out(index):
    index.remove(HR)
    index.remove("NO-SUCH-RECORD")
    index.refresh()
    assert ids(index, "salary") == []


def test_rebuild_replaces_the_whole_index(index):
    rebuilt = [DOCS[0], SearchDocument(PO, "Purchase order", "Now about turbines", "FIN-PO", AccessLevel.internal,
                                       date(2024, 6, 1), version=2)]
    assert index.rebuild(iter(rebuilt)) == 2
    index.refresh()
    assert ids(index, "turbines") == [PO] and ids(index, "salary") == [] and ids(index, "invoice") == [AP]
    store(index, [DOCS[2]])  # writes go to the new index
    assert ids(index, "salary") == [HR]
