import pytest

from pipeline.errors import QueryError
from pipeline.search.query import Term, parse_query
from pipeline.search.sqlite.fts_index import to_fts5


def test_terms_phrases_prefixes_exclusions_and_or():
    query = parse_query('invoice "amount due" purch* -draft receipt OR bill')
    assert query.groups == [
        [Term("invoice")],
        [Term("amount due", phrase=True)],
        [Term("purch", prefix=True)],
        [Term("receipt"), Term("bill")],
    ]
    assert query.excluded == [Term("draft")]


def test_identifiers_with_punctuation_become_phrases():
    assert parse_query("INV-2025-0412").groups == [[Term("INV 2025 0412", phrase=True)]]


def test_filters_in_the_query():
    query = parse_query("contract class:leg-con from:2024-01-01 to:2024-12-31")
    assert query.class_code == "LEG-CON"
    assert (query.date_from.isoformat(), query.date_to.isoformat()) == ("2024-01-01", "2024-12-31")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('"amount due', "unmatched double quote"),
        ("-draft", "not only -exclusions"),
        ("OR invoice", "OR must stand between two terms"),
        ("invoice OR", "OR must stand between two terms"),
        ("", "no term"),
        ("*", "wildcard with no letters"),
        ("invoice from:March", "YYYY-MM-DD"),
    ],
)
def test_malformed_queries_say_what_is_wrong(text, reason):
    with pytest.raises(QueryError, match=reason):
        parse_query(text)


def test_fts5_translation_quotes_every_term_so_operators_in_text_are_inert():
    expression = to_fts5(parse_query('NEAR AND "x y" -NOT'))
    assert expression == '(("NEAR") AND ("AND") AND ("x y")) NOT "NOT"'


def test_an_underscore_joins_words_into_a_phrase_like_a_hyphen():
    assert parse_query("scan_2024").groups == [[Term("scan 2024", phrase=True)]]
    assert parse_query("foo_bar*").groups == [[Term("foo bar", phrase=True, prefix=True)]]
