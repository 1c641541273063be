"""Translation between the port's search request and Elasticsearch's query DSL, both ways.

    groups (AND of ORs)  ─▶ bool.must of bool.should   (each term: multi_match over title^4 and pages)
    -exclusions          ─▶ bool.must_not
    class/date/station   ─▶ bool.filter, with the clearance: filters shape facet counts too, so a user
                            never learns how many records above their clearance match
    facets               ─▶ terms aggregations and a yearly date_histogram

Plain dictionaries in, plain dictionaries out: tested without a cluster, imported without the client.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from pipeline.file_plan import AccessLevel
from pipeline.search.folding import has_character_words
from pipeline.search.port import (
    FACET_SIZES,
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    SearchHit,
    SearchRequest,
    SearchResults,
    order_facet,
)
from pipeline.search.query import ParsedQuery, Term

# The title counts four times the page text, as in the embedded index's BM25 weights.
SEARCHED_FIELDS = ["title^4", "pages"]
SNIPPET_CHARS = 120
# Prefixes at the end of a phrase or identifier ("INV-2025-08*") expand to this many indexed words at most
# (Elasticsearch's default is 50, which silently drops matches in a long series of numbers).
PHRASE_PREFIX_EXPANSIONS = 10_000
HIGHLIGHT = {
    # Below index.highlight.max_analyzed_offset (1,000,000): an index made before page offsets were stored
    # highlights the first million characters of a long record instead of failing the search.
    "max_analyzed_offset": 999_999,
    "pre_tags": [HIGHLIGHT_START],
    "post_tags": [HIGHLIGHT_END],
    "fields": {
        # no_match_size: a record found by its title alone still shows the start of its text.
        "pages": {"fragment_size": SNIPPET_CHARS, "number_of_fragments": 1, "no_match_size": SNIPPET_CHARS},
        "title": {"number_of_fragments": 0},
    },
}
_TERMS_ORDER = [{"_count": "desc"}, {"_key": "asc"}]
FACET_AGGREGATIONS = {
    "class_code": {"terms": {"field": "class_code", "size": FACET_SIZES["class_code"], "order": _TERMS_ORDER}},
    "year": {"date_histogram": {"field": "document_date", "calendar_interval": "year", "format": "yyyy",
                                "min_doc_count": 1}},
    "station": {"terms": {"field": "station", "size": FACET_SIZES["station"], "order": _TERMS_ORDER}},
    "parties": {"terms": {"field": "parties", "size": FACET_SIZES["parties"], "order": _TERMS_ORDER}},
}
_SHOWN_FIELDS = ["title", "class_code", "document_date"]
_ADJACENT_MARKS = re.compile(f"{HIGHLIGHT_END}(\\s*){HIGHLIGHT_START}")


def search_arguments(request: SearchRequest, parsed: ParsedQuery, index: str) -> dict[str, Any]:
    """Keyword arguments of `Elasticsearch.search` for this request."""
    query = {"bool": {
        "must": [{"bool": {"should": [_match(term) for term in group], "minimum_should_match": 1}}
                 for group in parsed.groups],
        "must_not": [_match(term) for term in parsed.excluded],
        "filter": _filters(parsed, request),
    }}
    arguments: dict[str, Any] = {
        "index": index, "query": query, "from_": request.offset, "size": request.limit,
        "track_total_hits": True, "highlight": HIGHLIGHT, "source_includes": _SHOWN_FIELDS,
    }
    # The record id breaks ties, so each record has one place in the order and pages never overlap.
    if request.sort == "date":
        arguments["sort"] = [{"document_date": {"order": "desc", "missing": "_last"}}, {"_score": {"order": "desc"}},
                             {"record_id": {"order": "asc"}}]
    else:
        arguments["sort"] = [{"_score": {"order": "desc"}}, {"record_id": {"order": "asc"}}]
    arguments["track_scores"] = True  # with an explicit sort, hits carry a score only when asked for
    if request.facets:
        arguments["aggs"] = FACET_AGGREGATIONS
    return arguments


def _match(term: Term) -> dict[str, Any]:
    # The match family analyses the text like the indexed pages, so "Purchasing*" finds "purchase" (the
    # prefix is stemmed, as in FTS5) and "INV-2025-0412" becomes the phrase "inv 2025 0412".
    # Chinese and Japanese are indexed character by character: a word of them is those characters in a row.
    phrase = term.phrase or has_character_words(term.text)
    if term.prefix and not phrase:  # scored like most_fields: the fields' scores add up
        return {"multi_match": {"query": term.text, "fields": SEARCHED_FIELDS, "type": "bool_prefix"}}
    kind = ("phrase_prefix" if term.prefix else "phrase") if phrase else "best_fields"
    # tie_breaker 1: a record scores the sum of its fields' scores, as BM25 over the whole row does in the
    # embedded index, rather than its best field alone.
    match: dict[str, Any] = {"query": term.text, "fields": SEARCHED_FIELDS, "type": kind, "tie_breaker": 1.0}
    if term.prefix:
        match["max_expansions"] = PHRASE_PREFIX_EXPANSIONS
    return {"multi_match": match}


def _filters(parsed: ParsedQuery, request: SearchRequest) -> list[dict[str, Any]]:
    allowed = [level.name for level in AccessLevel if level <= request.clearance]
    filters: list[dict[str, Any]] = [{"terms": {"access_level": allowed}}]
    class_code = request.class_code or parsed.class_code
    if class_code:
        # A file-plan series (FIN) selects all its classes (FIN-AP, FIN-PO).
        code = class_code.upper()
        filters.append({"bool": {"should": [{"term": {"class_code": code}},
                                            {"prefix": {"class_code": code + "-"}}], "minimum_should_match": 1}})
    dates = {}
    if date_from := request.date_from or parsed.date_from:
        dates["gte"] = date_from.isoformat()
    if date_to := request.date_to or parsed.date_to:
        dates["lte"] = date_to.isoformat()
    if dates:
        filters.append({"range": {"document_date": dates}})
    if request.station:
        filters.append({"term": {"station": request.station}})
    return filters


def read_results(response: Mapping[str, Any]) -> SearchResults:
    """The port's results from a search response body."""
    hits = []
    for hit in response["hits"]["hits"]:
        shown = hit["_source"]
        hits.append(SearchHit(
            record_id=hit["_id"], title=shown["title"], class_code=shown["class_code"],
            document_date=date.fromisoformat(shown["document_date"]) if shown.get("document_date") else None,
            score=round(hit.get("_score") or 0.0, 4), snippet=_snippet(hit.get("highlight", {}), shown["title"]),
        ))
    facets = {}
    if "aggregations" in response:
        for name in FACET_SIZES:
            buckets = response["aggregations"][name]["buckets"]
            facets[name] = order_facet(name, [(str(b.get("key_as_string", b["key"])), b["doc_count"])
                                              for b in buckets])
    return SearchResults(total=response["hits"]["total"]["value"], hits=hits, facets=facets)


def _snippet(highlight: Mapping[str, list[str]], title: str) -> str:
    """A page fragment with the matches marked, else the marked title, else the start of the text."""
    fragments = [*highlight.get("pages", []), *highlight.get("title", [])]
    marked = next((fragment for fragment in fragments if HIGHLIGHT_START in fragment), None)
    if marked is None:
        return fragments[0] if fragments else title
    # Words matched side by side (a phrase), and Chinese characters matched together, read as one highlight,
    # as the embedded index shows them.
    return _ADJACENT_MARKS.sub(r"\1", marked)
