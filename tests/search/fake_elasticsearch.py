"""A stand-in for an Elasticsearch node at the HTTP boundary, for tests that need no cluster.

The real client, its bulk helper and our adapter run unchanged; each request is recorded and gets a
scripted answer. It tests our requests, retries and error handling, not Elasticsearch: what the engine
does with them is the conformance suite's job (run it with ES_URL).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport._node import NodeApiResponse

from pipeline.search.elasticsearch.adapter import connect
from pipeline.settings import IndexSettings


@dataclass
class Request:
    method: str
    path: str
    params: dict[str, str]
    body: Any  # parsed JSON, or a list of parsed lines for NDJSON (_bulk)
    headers: dict[str, str]


Answer = tuple[int, Any] | Exception | Callable[[Request], "tuple[int, Any]"]


class FakeCluster:
    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.answers: list[Answer] = []  # used in order; when none is left, every request gets 200 {}

    def client(self, settings: IndexSettings):
        cluster = self

        class Node(BaseNode):
            def perform_request(self, method, target, body=None, headers=None, request_timeout=None):
                return cluster._respond(self.config, method, target, body, headers)

        # No transport-level retries of connection errors: each test scripts every answer it expects.
        return connect(settings, node_class=Node, max_retries=0)

    def paths(self) -> list[str]:
        return [f"{r.method} {r.path}" for r in self.requests]

    def _respond(self, config, method: str, target: str, body: bytes | None, headers) -> NodeApiResponse:
        url = urlsplit(target)
        text = body.decode() if body else ""
        if url.path.endswith("/_bulk"):
            parsed: Any = [json.loads(line) for line in text.splitlines() if line]
        else:
            parsed = json.loads(text) if text else None
        request = Request(method, url.path, dict(parse_qsl(url.query)), parsed, dict(headers or {}))
        self.requests.append(request)
        answer = self.answers.pop(0) if self.answers else (200, {})
        if isinstance(answer, Exception):
            raise answer
        status, payload = answer(request) if callable(answer) else answer
        meta = ApiResponseMeta(status=status, http_version="1.1", duration=0.0, node=config,
                               headers=HttpHeaders({"x-elastic-product": "Elasticsearch",
                                                    "content-type": "application/json"}))
        return NodeApiResponse(meta, json.dumps(payload).encode())


def bulk_answer(statuses: dict[str, int] | None = None) -> Callable[[Request], tuple[int, Any]]:
    """Answer a _bulk request item by item: 201, or the status given for a record id."""
    statuses = statuses or {}

    def answer(request: Request) -> tuple[int, Any]:
        items = []
        for header in request.body[::2]:
            meta = header["index"]
            status = statuses.get(meta["_id"], 201)
            item: dict[str, Any] = {"_index": meta.get("_index"), "_id": meta["_id"], "status": status}
            if status >= 300:
                item["error"] = {"type": _ERROR_TYPES.get(status, "exception"), "reason": f"status {status}"}
            else:
                item["_version"] = meta.get("version", 1)
            items.append({"index": item})
        return 200, {"took": 1, "errors": any(s >= 300 for s in statuses.values()), "items": items}

    return answer


def error_answer(status: int, kind: str) -> tuple[int, Any]:
    return status, {"error": {"type": kind, "reason": kind.replace("_", " ")}, "status": status}


_ERROR_TYPES = {400: "mapper_parsing_exception", 409: "version_conflict_engine_exception",
                429: "es_rejected_execution_exception", 503: "unavailable_shards_exception"}
