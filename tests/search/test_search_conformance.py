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


# The semantics both backends share where their engines differ by default (README: Search backends).

def test_a_phrase_continued_on_the_next_page_is_found(empty_index):
    store(empty_index, [SearchDocument(AP, "Invoice", "Total of all items: amount\fdue on receipt", "FIN-AP",
                                       AccessLevel.public)])
    assert ids(empty_index, '"amount due"') == [AP]


def test_words_joined_by_an_underscore_are_one_phrase_of_their_parts(empty_index):
    store(empty_index, [
        SearchDocument(AP, "Scan", "file scan_2024 from the copier", "FIN-AP", AccessLevel.public),
        SearchDocument(PO, "Scan", "scan of the 2024 budget", "FIN-PO", AccessLevel.public),
        SearchDocument(HR, "Batch", "batch foo_barley and more", "HR-PER", AccessLevel.public),
    ])
    assert ids(empty_index, "scan_2024") == [AP]
    assert ids(empty_index, "foo_bar*") == [HR]


def test_a_record_scores_for_every_field_it_matches_in(empty_index):
    others = [SearchDocument(f"COR-GEN-2025-{n:06d}", "Letter", "Services rendered in March.", "COR-GEN",
                             AccessLevel.public) for n in range(6)]  # so that "invoice" is a rare word
    store(empty_index, [
        SearchDocument(AP, "Invoice", "Services rendered in March.", "FIN-AP", AccessLevel.public),
        SearchDocument(PO, "Invoice", "Invoice: services rendered.", "FIN-PO", AccessLevel.public), *others,
    ])
    assert ids(empty_index, "invoice") == [PO, AP]  # title and text beat title alone


def test_a_prefix_at_the_end_of_an_identifier_finds_a_long_series_whole(empty_index):
    series = [SearchDocument(f"FIN-AP-2025-{n:06d}", f"Invoice {n}", f"Invoice INV-2025-08{n:02d} for services",
                             "FIN-AP", AccessLevel.public) for n in range(60)]
    store(empty_index, series)
    results = empty_index.search(SearchRequest("INV-2025-08*", limit=100))
    assert results.total == 60 and len(results.hits) == 60


@pytest.mark.parametrize(("written", "typed"), [
    ("Straße", "strasse"), ("Strasse", "straße"), ("Æsir", "aesir"), ("Søren", "soren"), ("Łódź", "lodz"),
    ("ﬁnancial", "financial"), ("ＡＢＣ", "abc"), ("Œuvre", "oeuvre"), ("Café", "cafe"), ("cafe", "café"),
])
def test_letters_fold_to_ascii_the_same_way_on_every_backend(empty_index, written, typed):
    store(empty_index, [SearchDocument(COR, f"Letter from {written}", f"Regarding {written} and others",
                                       "COR-GEN", AccessLevel.public)])
    assert ids(empty_index, typed) == [COR]
    assert ids(empty_index, f'"regarding {typed}"') == [COR]


def test_a_title_is_shown_as_written_even_where_matching_folds_it(empty_index):
    store(empty_index, [SearchDocument(COR, "Brief aus der Straße", "Text", "COR-GEN", AccessLevel.public)])
    assert empty_index.search(SearchRequest("strasse")).hits[0].title == "Brief aus der Straße"


def test_a_record_of_500_dense_pages_is_found_and_highlighted(empty_index):
    page = ("Northwind invoice reconciliation ledger entry " * 55)[:2500]
    body = "\f".join([page] * 499 + [page + " balance outstanding"])
    store(empty_index, [SearchDocument(AP, "Ledger 2025", body, "FIN-AP", AccessLevel.public)])
    hit, = empty_index.search(SearchRequest('"balance outstanding"')).hits
    assert f"{HIGHLIGHT_START}balance outstanding{HIGHLIGHT_END}" in hit.snippet


def test_pages_beyond_ten_thousand_results_are_served(empty_index):
    documents = [SearchDocument(f"COR-GEN-2025-{n:06d}", "Note", "memo", "COR-GEN", AccessLevel.public)
                 for n in range(10_010)]
    store(empty_index, documents)
    page = empty_index.search(SearchRequest("memo", limit=5, offset=10_003))
    assert page.total == 10_010 and len(page.hits) == 5


CHINESE_REPORT = SearchDocument(
    "FIN-AP-2018-000001", "东北电气发展股份有限公司 2018 年第一季度报告全文",
    "本公司董事会、监事会及董事保证季度报告内容的真实、准确、完整。\f东北电气发展股份有限公司财务报表", "FIN-AP",
    AccessLevel.internal, date(2018, 4, 27))
ARABIC_INVOICE = SearchDocument(
    "FIN-AP-2018-000002", "فاتورة الكهرباء", "فاتورة من شركة الكهرباء الوطنية. حَبيبي، المبلغ المستحق يدفع خلال شهر.",
    "FIN-AP", AccessLevel.internal, date(2018, 5, 2))


@pytest.mark.parametrize("query", ["东北电气", "季度报告", "财务", '"东北电气 发展"', "东北*"])
def test_a_word_of_chinese_text_finds_its_record(empty_index, query):
    store(empty_index, [CHINESE_REPORT, *DOCS])
    assert ids(empty_index, query) == [CHINESE_REPORT.record_id]


def test_chinese_characters_found_apart_are_not_a_match_for_the_word(empty_index):
    store(empty_index, [CHINESE_REPORT])
    # 电 and 报 both occur in the record, but never as the word 电报 (telegram).
    assert ids(empty_index, "电报") == []


def test_a_chinese_match_is_highlighted_as_written(empty_index):
    store(empty_index, [CHINESE_REPORT])
    snippet = empty_index.search(SearchRequest("监事会")).hits[0].snippet
    assert f"{HIGHLIGHT_START}监事会{HIGHLIGHT_END}" in snippet
    assert "监 事" not in snippet


@pytest.mark.parametrize("query", ["الكهرباء", "حبيبي", "حَبيبي", "المستحق", "habibi OR الوطنية"])
def test_an_arabic_word_finds_its_record_with_or_without_short_vowels(empty_index, query):
    store(empty_index, [ARABIC_INVOICE, *DOCS])
    assert ids(empty_index, query) == [ARABIC_INVOICE.record_id]
