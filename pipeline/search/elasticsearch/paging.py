"""Searches at any depth: `from + size` up to the result window, `search_after` beyond it.

Elasticsearch refuses `from + size` above `index.max_result_window` (10,000). The embedded index serves any
offset, so a deep page here walks there instead: it skips the records before the page in windows of
10,000, each request starting after the last sort values of the one before (ranking, then record id as
the tie-breaker, so every record has one place in the order), and asks for highlights and facets only on
the page itself. Records written meanwhile may shift the order slightly, as they would between two
ordinary page requests.
"""

from __future__ import annotations

from typing import Any

from elasticsearch import Elasticsearch

from pipeline.errors import QueryError, QueryTimedOut
from pipeline.search.elasticsearch.query_translation import read_results, search_arguments
from pipeline.search.port import SearchRequest, SearchResults
from pipeline.search.query import ParsedQuery

MAX_RESULT_WINDOW = 10_000  # index.max_result_window, Elasticsearch's default


def search_pages(client: Elasticsearch, request: SearchRequest, parsed: ParsedQuery, index: str) -> SearchResults:
    if request.limit > MAX_RESULT_WINDOW:
        raise QueryError(f"a page holds at most {MAX_RESULT_WINDOW:,} results, not {request.limit:,}",
                         "Ask for smaller pages (limit) and page on with offset")
    arguments = search_arguments(request, parsed, index)
    if request.time_budget_seconds is not None:
        # The cluster stops collecting hits after the budget; an answer cut short is refused, not shown
        # as if complete (its totals and facets would be wrong).
        arguments["timeout"] = f"{max(1, round(request.time_budget_seconds * 1000))}ms"
    if request.offset + request.limit <= MAX_RESULT_WINDOW:
        return _complete(client.search(**arguments).body, request)
    after = _skip(client, arguments, request.offset)
    if after is None:  # fewer matches than the offset: an empty page, with the true total and facets
        arguments.update(from_=0, size=0)
        return _complete(client.search(**arguments).body, request)
    arguments.update(from_=0, search_after=after)
    return _complete(client.search(**arguments).body, request)


def _complete(body: dict[str, Any], request: SearchRequest) -> SearchResults:
    if body.get("timed_out"):
        raise QueryTimedOut(f"the search took longer than its {request.time_budget_seconds:g} s budget "
                            "and was stopped")
    return read_results(body)


def _skip(client: Elasticsearch, arguments: dict[str, Any], offset: int) -> list[Any] | None:
    """The sort values of the record at `offset` - 1, or None when there are not that many matches."""
    after: list[Any] | None = None
    while offset > 0:
        size = min(offset, MAX_RESULT_WINDOW)
        skipping = {"index": arguments["index"], "query": arguments["query"], "sort": arguments["sort"],
                    "size": size, "source": False, "track_total_hits": False}
        if "track_scores" in arguments:
            skipping["track_scores"] = True
        if after is not None:
            skipping["search_after"] = after
        hits = client.search(**skipping).body["hits"]["hits"]
        if len(hits) < size:
            return None
        after = hits[-1]["sort"]
        offset -= size
    return after
