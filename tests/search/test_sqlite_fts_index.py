"""What is particular to the embedded index; the search behaviour is in test_search_conformance.py."""

import sqlite3

from pipeline.file_plan import AccessLevel
from pipeline.search.port import SearchDocument, SearchRequest
from pipeline.search.query import parse_query
from pipeline.search.sqlite.fts_index import SqliteFtsIndex, to_fts5

LETTER = SearchDocument("COR-GEN-2023-000001", "Letter", "Dear Ms Lee", "COR-GEN", AccessLevel.public,
                        parties=("Acme Corp",))


def test_every_term_is_quoted_so_user_input_cannot_inject_fts5_syntax():
    assert to_fts5(parse_query('invoice OR "net 30" purch* -NEAR')) == \
        '(("invoice" OR "net 30") AND ("purch" *)) NOT "NEAR"'
    assert to_fts5(parse_query('say "he said ""no"""')) == '("say") AND ("he said") AND ("no")'


def test_catalog_from_the_first_release_gains_the_new_columns():
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.execute("CREATE TABLE search_docs (rowid INTEGER PRIMARY KEY, record_id TEXT NOT NULL UNIQUE, "
               "class_code TEXT NOT NULL, access_level INTEGER NOT NULL, document_date TEXT, station TEXT)")
    index = SqliteFtsIndex(db)
    index.create()
    index.create()  # safe to run again
    index.add(LETTER)
    assert index.search(SearchRequest("dear", facets=True)).facets["parties"] == {"Acme Corp": 1}


def test_writes_join_the_callers_transaction_and_roll_back_with_it():
    db = sqlite3.connect(":memory:", isolation_level=None)
    index = SqliteFtsIndex(db)
    index.create()
    db.execute("BEGIN")
    list(index.add_many([LETTER]))
    db.execute("ROLLBACK")
    assert index.search(SearchRequest("dear")).total == 0
    assert index.rebuild([LETTER]) == 1  # outside a transaction it commits its own
    assert index.search(SearchRequest("dear")).total == 1
