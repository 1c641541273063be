"""The fake Elasticsearch node, with every request it received checked against Elastic's specification."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest

from pipeline.settings import IndexSettings
from tests.search import es_spec

try:  # the client is an optional extra: without it the Elasticsearch tests are skipped
    from pipeline.search.elasticsearch.adapter import ElasticsearchIndex
    from tests.search.fake_elasticsearch import FakeCluster
except ImportError:  # pragma: no cover - the dev extra installs the client
    FakeCluster = None


def es_settings(**options: Any) -> IndexSettings:
    return IndexSettings(backend="elasticsearch", url="http://es.test:9200", index_prefix="rk",
                         bulk_initial_backoff_seconds=1.0, **options)


@cache
def template_request() -> dict[str, Any]:
    """The index template as the adapter sends it: the checker needs the mapping to check fields against."""
    cluster = FakeCluster()
    ElasticsearchIndex(es_settings(), client=cluster.client(es_settings())).create()
    return next(r.captured() for r in cluster.requests if r.path.startswith("/_index_template/"))


@pytest.fixture
def cluster() -> Iterator[FakeCluster]:
    if FakeCluster is None:
        pytest.skip("the Elasticsearch client is not installed (pip install '.[elasticsearch]')")
    cluster = FakeCluster()
    yield cluster
    captured = [r.captured() for r in cluster.requests]
    if os.environ.get("RK_CAPTURE_ES_REQUESTS") and captured:  # for running validate.py by hand on them
        with open(os.environ["RK_CAPTURE_ES_REQUESTS"], "a", encoding="utf-8") as out:
            out.writelines(json.dumps(request) + "\n" for request in captured)
    if es_spec.available() and captured:
        found = es_spec.problems(captured, context=[template_request()])
        assert not found, "requests an 8.x cluster would refuse:\n" + "\n".join(found)
