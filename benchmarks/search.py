"""Indexing throughput and query latency of each search backend on synthetic records.

    .venv/bin/python -m benchmarks.search [--records 10000 100000] [--queries 300] [--json out.json]

SQLite (the embedded index, in a catalog file on disk) always; Elasticsearch too when ES_URL names a
cluster (indices of a throw-away prefix, deleted afterwards). Indexing goes through the port's
`add_many` (batches of 500), excluding the time spent generating the corpus, and ends with a refresh.
Queries mix the query language (terms, rare terms, phrases, prefixes, OR, exclusions, class and date
filters, clearance) and run once each after a warm-up; half also count facets and sort by date.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.table import Table

from benchmarks.search_corpus import documents, vocabulary
from pipeline.catalog.sqlite import Catalog
from pipeline.file_plan import AccessLevel
from pipeline.search.port import SearchIndex, SearchRequest
from pipeline.search.sqlite.fts_index import SqliteFtsIndex
from tests.conftest import elasticsearch_test_settings

_WARM_UP = 20


def queries(count: int, seed: int = 7) -> list[SearchRequest]:
    """A fixed mix of requests; phrases are word pairs taken from the corpus itself."""
    rng = random.Random(seed)
    words = vocabulary(random.Random(2026))
    sample = [page.split() for doc in documents(200) for page in doc.body.split("\f")]
    kinds = [
        lambda: rng.choice(words[:50]),
        lambda: rng.choice(words[200:3000]),
        lambda: f"{rng.choice(words[:100])} {rng.choice(words[100:2000])}",
        lambda: rng.choice(words[5000:]),
        lambda: '"{} {}"'.format(*_adjacent(rng, sample)),
        lambda: rng.choice(words[50:2000])[:4] + "*",
        lambda: f"{rng.choice(words[300:3000])} OR {rng.choice(words[300:3000])}",
        lambda: f"{rng.choice(words[:100])} -{rng.choice(words[:100])}",
        lambda: f"{rng.choice(words[:500])} class:FIN from:2019-01-01 to:2022-12-31",
    ]
    requests = []
    for number in range(count):
        text = kinds[number % len(kinds)]()
        detailed = number % 2 == 1
        requests.append(SearchRequest(text, clearance=rng.choice(list(AccessLevel)), facets=detailed,
                                      sort="date" if detailed else "relevance"))
    return requests


def _adjacent(rng: random.Random, sample: list[list[str]]) -> tuple[str, str]:
    words = rng.choice([page for page in sample if len(page) > 2])
    at = rng.randrange(len(words) - 1)
    return words[at].strip("."), words[at + 1].strip(".")


def measure(index: SearchIndex, records: int, requests: list[SearchRequest]) -> dict:
    started = time.perf_counter()
    for _ in documents(records):
        pass
    generating = time.perf_counter() - started
    started = time.perf_counter()
    acknowledged = sum(outcome.acknowledged for outcome in index.add_many(documents(records)))
    index.refresh()
    indexing = time.perf_counter() - started - generating
    for request in requests[:_WARM_UP]:
        index.search(request)
    plain, detailed = [], []
    for request in requests:
        started = time.perf_counter()
        index.search(request)
        (detailed if request.facets else plain).append((time.perf_counter() - started) * 1000)
    return {"records": records, "acknowledged": acknowledged, "index_seconds": round(indexing, 2),
            "index_docs_per_s": round(records / indexing), "query_ms": _percentiles(plain),
            "facets_date_sort_ms": _percentiles(detailed)}


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": round(statistics.median(ordered), 1), "p95": round(p95, 1), "n": len(ordered)}


@contextmanager
def sqlite_index() -> Iterator[SearchIndex]:
    with tempfile.TemporaryDirectory(prefix="rk-bench-") as folder:
        catalog = Catalog.open(Path(folder) / "catalog.sqlite3", create=True)
        index = SqliteFtsIndex(catalog.connection)
        with catalog.transaction():
            index.create()
        try:
            yield index
        finally:
            catalog.close()


@contextmanager
def elasticsearch_index() -> Iterator[SearchIndex]:
    from pipeline.search.elasticsearch.adapter import ElasticsearchIndex

    settings = elasticsearch_test_settings(f"rk-bench-{uuid.uuid4().hex[:8]}")
    assert settings is not None
    index = ElasticsearchIndex(settings)
    index.create()
    try:
        yield index
    finally:
        index.drop()
        index.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    backends: dict[str, Callable] = {"sqlite": sqlite_index}
    if elasticsearch_test_settings("probe") is not None:
        backends["elasticsearch"] = elasticsearch_index
    requests = queries(args.queries)
    console = Console()
    results = []
    for name, open_index in backends.items():
        for records in args.records:
            console.print(f"{name}: {records} records …")
            with open_index() as index:
                results.append({"backend": name, **measure(index, records, requests)})
    table = Table("backend", "records", "index docs/s", "p50 ms", "p95 ms", "facets p50", "facets p95",
                  title=f"search: {args.queries} queries per run (half with facets and date sort), times in ms")
    for row in results:
        table.add_row(row["backend"], f"{row['records']:,}", f"{row['index_docs_per_s']:,}",
                      str(row["query_ms"]["p50"]), str(row["query_ms"]["p95"]),
                      str(row["facets_date_sort_ms"]["p50"]), str(row["facets_date_sort_ms"]["p95"]))
    console.print(table)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
