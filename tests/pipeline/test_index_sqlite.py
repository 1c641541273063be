"""Search behaviour of the embedded index, as a user of `recordkeeper search` meets it."""

import sqlite3
from datetime import date

import pytest

from pipeline.file_plan import AccessLevel
from pipeline.index_sqlite import SqliteFtsIndex
from pipeline.search_index import HIGHLIGHT_END, HIGHLIGHT_START, SearchDocument, SearchRequest

DOCS = [
    SearchDocument("FIN-AP-2025-000001", "Invoice from Northwind", "Invoice INV-2025-0412. Amount due $1,200.00 "
                   "for purchasing services. Payment terms net 30.", "FIN-AP", AccessLevel.internal, date(2025, 3, 3)),
    SearchDocument("FIN-PO-2024-000001", "Purchase order", "Purchase order PO-88213. Ship to the north warehouse.",
                   "FIN-PO", AccessLevel.internal, date(2024, 6, 1)),
    SearchDocument("HR-PER-2025-000001", "Offer of employment", "We are pleased to offer you the position. "
                   "Salary and due diligence.", "HR-PER", AccessLevel.confidential, date(2025, 1, 10)),
    SearchDocument("COR-GEN-2023-000001", "Letter to Ms Lee", "Dear Ms Lee, regarding the invoice you sent, "
                   "the amount is due next week.", "COR-GEN", AccessLevel.public, None),
]


@pytest.fixture
def index():
    index = SqliteFtsIndex(sqlite3.connect(":memory:"))
    index.create()
    for document in DOCS:
        index.add(document)
    return index


def ids(index, query, **options):
    return [hit.record_id for hit in index.search(SearchRequest(query, **options)).hits]


def test_title_match_ranks_above_body_mention(index):
    assert ids(index, "invoice")[:2] == ["FIN-AP-2025-000001", "COR-GEN-2023-000001"]


def test_phrase_matches_only_adjacent_words(index):
    assert ids(index, '"amount due"') == ["FIN-AP-2025-000001"]
    assert set(ids(index, "amount due")) == {"FIN-AP-2025-000001", "COR-GEN-2023-000001"}


def test_prefix_stemming_and_identifiers(index):
    assert set(ids(index, "purch*")) == {"FIN-AP-2025-000001", "FIN-PO-2024-000001"}
    assert ids(index, "PO-88213") == ["FIN-PO-2024-000001"]
    assert ids(index, "ship") == ["FIN-PO-2024-000001"]  # "Ship" with Porter stemming and case folding


def test_exclusion_and_or(index):
    assert ids(index, "invoice -dear") == ["FIN-AP-2025-000001"]
    assert set(ids(index, "warehouse OR salary")) == {"FIN-PO-2024-000001", "HR-PER-2025-000001"}


def test_class_series_and_date_filters(index):
    assert set(ids(index, "purch* OR invoice", class_code="FIN")) == {"FIN-AP-2025-000001", "FIN-PO-2024-000001"}
    assert ids(index, "invoice class:COR-GEN") == ["COR-GEN-2023-000001"]
    assert ids(index, "purch*", date_from=date(2025, 1, 1)) == ["FIN-AP-2025-000001"]
    assert ids(index, "purch* to:2024-12-31") == ["FIN-PO-2024-000001"]


def test_clearance_hides_records_from_results_and_totals(index):
    results = index.search(SearchRequest("due", clearance=AccessLevel.internal))
    assert "HR-PER-2025-000001" not in [hit.record_id for hit in results.hits]
    assert results.total == 2


def test_snippet_highlights_the_matched_words(index):
    snippet = index.search(SearchRequest('"amount due"')).hits[0].snippet
    assert f"{HIGHLIGHT_START}Amount due{HIGHLIGHT_END}" in snippet


def test_paging_and_total(index):
    first = index.search(SearchRequest("invoice OR purchase OR dear", limit=2))
    second = index.search(SearchRequest("invoice OR purchase OR dear", limit=2, offset=2))
    assert first.total == 3 and len(first.hits) == 2 and len(second.hits) == 1
    assert not {h.record_id for h in first.hits} & {h.record_id for h in second.hits}


def test_reindexing_a_record_replaces_it(index):
    index.add(SearchDocument("FIN-PO-2024-000001", "Purchase order", "Now about turbines", "FIN-PO",
                             AccessLevel.internal, None))
    assert ids(index, "turbines") == ["FIN-PO-2024-000001"]
    assert ids(index, "warehouse") == []
