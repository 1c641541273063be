"""A small stateful model of an Elasticsearch 8 node at the HTTP boundary, for tests without a cluster.

The real client and our adapter run unchanged against it. It models what the adapter relies on, as the
Elasticsearch documentation describes it:

- index templates (the highest priority matching template applies; the create request's own settings
  and mappings win), indices, aliases with a write index, `require_alias`, and atomic `_aliases` updates
- documents with external versions (`external`: strictly greater, `external_gte`: greater or equal, else
  409), versioned delete tombstones, 404s for missing indices and documents
- refresh visibility: a write is searchable only after a refresh (explicit, `?refresh`, or the index's
  refresh, which the model never runs on its own: tests must not race a refresh interval)
- `_bulk` with per-item answers, per-item 429s injected by `cluster.reject`, whole-request failures by
  `cluster.fail`, and `strict` dynamic mapping refusals (400 strict_dynamic_mapping_exception)
- searches: bool/multi_match/term/terms/prefix/range, sort with search_after, from + size within
  `index.max_result_window`, highlight with the `index.highlight.max_analyzed_offset` rule, aggregations
  answered empty. Matching is deliberately simple (lower-cased words, no stemming): relevance is the
  conformance suite's job against a real cluster (ES_URL)

Every request is also recorded in the form `../shared/es-spec/validate.py` reads (see es_spec.py).
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from elastic_transport import ApiResponseMeta, BaseNode, ConnectionTimeout, HttpHeaders
from elastic_transport._node import NodeApiResponse

from pipeline.search.elasticsearch.adapter import connect
from pipeline.settings import IndexSettings
from tests.search import fake_search
from tests.search.fake_search import UnknownQuery


@dataclass
class Request:
    method: str
    path: str
    params: dict[str, str]
    body: Any  # parsed JSON, or a list of parsed lines for NDJSON (_bulk)
    headers: dict[str, str]
    label: str = ""

    def captured(self) -> dict[str, Any]:
        """The request as validate.py reads it."""
        return {"label": self.label, "flow": self.label, "method": self.method, "path": self.path,
                "params": self.params, "body": self.body, "headers": self.headers}


@dataclass
class Doc:
    source: dict[str, Any] | None  # None: a delete tombstone
    version: int


@dataclass
class Index:
    settings: dict[str, Any]
    mappings: dict[str, Any]
    live: dict[str, Doc] = field(default_factory=dict)
    visible: dict[str, Doc] = field(default_factory=dict)  # as of the last refresh

    def refresh(self) -> None:
        self.visible = {key: doc for key, doc in self.live.items() if doc.source is not None}


class Answer(Exception):
    def __init__(self, status: int, body: Any) -> None:
        super().__init__(status)
        self.status, self.body = status, body


def error(status: int, kind: str, reason: str = "") -> Answer:
    return Answer(status, {"error": {"type": kind, "reason": reason or kind.replace("_", " ")}, "status": status})


class FakeCluster:
    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.templates: dict[str, dict[str, Any]] = {}
        self.indices: dict[str, Index] = {}
        self.aliases: dict[str, dict[str, bool]] = {}  # alias -> {index: is_write_index}
        # Whole-request failures, used in order: (status, body), an exception, or None for "answer normally".
        self.fail: list[tuple[int, Any] | Exception | None] = []
        # Per-record statuses for the next bulk items of that id, e.g. {"B": [429, 429]}; 400 stands for a
        # document the mapping refuses (a value it cannot parse).
        self.reject: dict[str, list[int]] = {}
        # Called after a request is answered (tests use it to act "during" an operation).
        self.after: Callable[[Request], None] | None = None
        # Apply this many of the next requests, then lose their answers (a timeout): the client retries.
        self.lose_answers = 0
        self.label = ""

    def client(self, settings: IndexSettings, **options: Any):
        cluster = self

        class Node(BaseNode):
            def perform_request(self, method, target, body=None, headers=None, request_timeout=None):
                return cluster._respond(self.config, method, target, body, headers)

        # No transport-level retries unless a test asks: each test scripts the failures it expects.
        return connect(settings, node_class=Node, **{"max_retries": 0, **options})

    def paths(self) -> list[str]:
        return [f"{r.method} {r.path}" for r in self.requests]

    def searchable(self, alias: str) -> set[str]:
        return {key for name in self._resolve(alias) for key in self.indices[name].visible}

    def stored(self, index: str) -> dict[str, Doc]:
        return self.indices[index].live

    # -- HTTP ----------------------------------------------------------------------------------------------
    def _respond(self, config, method: str, target: str, body: bytes | None, headers) -> NodeApiResponse:
        url = urlsplit(target)
        text = body.decode() if body else ""
        path = unquote(url.path)
        if path.endswith("/_bulk"):
            parsed: Any = [json.loads(line) for line in text.splitlines() if line]
        else:
            parsed = json.loads(text) if text else None
        request = Request(method, path, dict(parse_qsl(url.query)), parsed,
                          {k.lower(): v for k, v in dict(headers or {}).items()}, self.label)
        self.requests.append(request)
        failure = self.fail.pop(0) if self.fail else None
        if isinstance(failure, Exception):
            raise failure
        if failure is not None:
            status, payload = failure
        else:
            try:
                status, payload = 200, self._route(request)
            except Answer as answer:
                status, payload = answer.status, answer.body
            except UnknownQuery as unknown:
                status, payload = 400, {"error": {"type": "parsing_exception", "reason": f"unknown query [{unknown}]"},
                                        "status": 400}
        if self.after is not None:
            self.after(request)
        if self.lose_answers:
            self.lose_answers -= 1
            raise ConnectionTimeout("the answer was lost on the way back")
        meta = ApiResponseMeta(status=status, http_version="1.1", duration=0.0, node=config,
                               headers=HttpHeaders({"x-elastic-product": "Elasticsearch",
                                                    "content-type": "application/json"}))
        return NodeApiResponse(meta, json.dumps(payload).encode() if payload is not None else b"")

    def _route(self, r: Request) -> Any:
        parts = [p for p in r.path.split("/") if p]
        key = (r.method, tuple(p if p.startswith("_") else "*" for p in parts))
        routes: dict[tuple[str, tuple[str, ...]], Callable[..., Any]] = {
            ("PUT", ("_index_template", "*")): lambda: self._put_template(parts[1], r.body),
            ("DELETE", ("_index_template", "*")): lambda: self._delete_template(parts[1]),
            ("HEAD", ("_alias", "*")): lambda: self._alias_exists(parts[1]),
            ("GET", ("_alias", "*")): lambda: self._get_alias(parts[1]),
            ("POST", ("_aliases",)): lambda: self._update_aliases(r.body["actions"]),
            ("PUT", ("*",)): lambda: self._create(parts[0], r.body or {}),
            ("GET", ("*",)): lambda: self._get_indices(parts[0]),
            ("DELETE", ("*",)): lambda: self._delete_indices(parts[0], r.params),
            ("GET", ("*", "_mapping")): lambda: {n: {"mappings": self.indices[n].mappings}
                                                 for n in self._resolve(parts[0])},
            ("PUT", ("*", "_settings")): lambda: self._put_settings(parts[0], r.body),
            ("POST", ("*", "_refresh")): lambda: self._refresh(parts[0]),
            ("PUT", ("*", "_doc", "*")): lambda: self._index_doc(parts[0], parts[2], r.body, r.params),
            ("DELETE", ("*", "_doc", "*")): lambda: self._delete_doc(parts[0], parts[2], r.params),
            ("GET", ("*", "_doc", "*")): lambda: self._get_doc(parts[0], parts[2]),
            ("PUT", ("_bulk",)): lambda: self._bulk(r.body, r.params),
            ("POST", ("_bulk",)): lambda: self._bulk(r.body, r.params),
            ("POST", ("*", "_search")): lambda: self._search(parts[0], r.body or {}),
        }
        if key not in routes:
            raise error(400, "illegal_argument_exception", f"the model has no route for {r.method} {r.path}")
        return routes[key]()

    # -- templates, indices, aliases -----------------------------------------------------------------------
    def _put_template(self, name: str, body: dict[str, Any]) -> Any:
        self.templates[name] = body
        return {"acknowledged": True}

    def _delete_template(self, name: str) -> Any:
        if self.templates.pop(name, None) is None:
            raise error(404, "resource_not_found_exception")
        return {"acknowledged": True}

    def _create(self, name: str, body: dict[str, Any]) -> Any:
        if name in self.indices or name in self.aliases:
            raise error(400, "resource_already_exists_exception")
        matching = [t for t in self.templates.values()
                    if any(fnmatch.fnmatchcase(name, p) for p in t["index_patterns"])]
        template = max(matching, key=lambda t: t.get("priority", 0), default={}).get("template", {})
        settings = {**template.get("settings", {}), **_flat_index_settings(body.get("settings", {}))}
        mappings = body.get("mappings") or template.get("mappings", {})
        self.indices[name] = Index(settings, mappings)
        for alias, options in body.get("aliases", {}).items():
            self.aliases.setdefault(alias, {})[name] = bool(options.get("is_write_index"))
        return {"acknowledged": True, "index": name}

    def _resolve(self, expression: str, missing_ok: bool = False) -> list[str]:
        names: list[str] = []
        for part in expression.split(","):
            if part in self.aliases:
                names += list(self.aliases[part])
            elif "*" in part:
                names += [n for n in self.indices if fnmatch.fnmatchcase(n, part)]
            elif part in self.indices:
                names.append(part)
            elif not missing_ok:
                raise error(404, "index_not_found_exception", f"no such index [{part}]")
        return names

    def _write_index(self, target: str, require_alias: bool) -> str:
        if target in self.aliases:
            writers = [n for n, is_write in self.aliases[target].items() if is_write] or list(self.aliases[target])
            if len(writers) != 1:
                raise error(400, "illegal_argument_exception", f"no write index is defined for alias [{target}]")
            return writers[0]
        if require_alias:
            raise error(404, "index_not_found_exception", f"[require_alias] request flag is [true] and [{target}] "
                        "is not an alias")
        if target not in self.indices:
            raise error(404, "index_not_found_exception", f"no such index [{target}] (auto-create is off)")
        return target

    def _get_indices(self, expression: str) -> Any:
        return {n: {"aliases": {a: {} for a, m in self.aliases.items() if n in m},
                    "settings": {"index": self.indices[n].settings}} for n in self._resolve(expression)}

    def _delete_indices(self, expression: str, params: dict[str, str]) -> Any:
        for name in self._resolve(expression, missing_ok=params.get("ignore_unavailable") == "true"):
            self.indices.pop(name, None)
            for members in self.aliases.values():
                members.pop(name, None)
        self.aliases = {a: m for a, m in self.aliases.items() if m}
        return {"acknowledged": True}

    def _alias_exists(self, name: str) -> Any:
        if name not in self.aliases:
            raise Answer(404, None)
        return None

    def _get_alias(self, name: str) -> Any:
        if name not in self.aliases:
            raise error(404, "aliases_not_found_exception", f"alias [{name}] missing")
        return {index: {"aliases": {name: {"is_write_index": w}}} for index, w in self.aliases[name].items()}

    def _update_aliases(self, actions: list[dict[str, Any]]) -> Any:
        aliases = {a: dict(m) for a, m in self.aliases.items()}  # applied all together or not at all
        for action in actions:
            (kind, spec), = action.items()
            if spec["index"] not in self.indices:
                raise error(404, "index_not_found_exception", f"no such index [{spec['index']}]")
            if kind == "add":
                aliases.setdefault(spec["alias"], {})[spec["index"]] = bool(spec.get("is_write_index"))
            elif spec["index"] not in aliases.get(spec["alias"], {}):
                raise error(404, "aliases_not_found_exception", f"aliases [{spec['alias']}] missing")
            else:
                del aliases[spec["alias"]][spec["index"]]
        self.aliases = {a: m for a, m in aliases.items() if m}
        return {"acknowledged": True}

    def _put_settings(self, expression: str, body: dict[str, Any]) -> Any:
        for name in self._resolve(expression):
            for key, value in _flat_index_settings(body).items():
                if value is None:
                    self.indices[name].settings.pop(key, None)
                else:
                    self.indices[name].settings[key] = value
        return {"acknowledged": True}

    def _refresh(self, expression: str) -> Any:
        for name in self._resolve(expression):
            self.indices[name].refresh()
        return {"_shards": {"total": 1, "successful": 1, "failed": 0}}

    # -- documents -----------------------------------------------------------------------------------------
    def _index_doc(self, target: str, doc_id: str, source: dict[str, Any], params: dict[str, str]) -> Any:
        name = self._write_index(target, params.get("require_alias") == "true")
        status, result = self._write(name, doc_id, source, params)
        if status >= 300:
            raise Answer(status, result)
        if params.get("refresh") in ("true", "wait_for"):
            self.indices[name].refresh()
        return result

    def _delete_doc(self, target: str, doc_id: str, params: dict[str, str]) -> Any:
        name = self._write_index(target, False)
        status, result = self._write(name, doc_id, None, params)
        if status >= 300:
            raise Answer(status, result)
        return result

    def _get_doc(self, target: str, doc_id: str) -> Any:
        names = self._resolve(target)
        doc = self.indices[names[0]].live.get(doc_id)
        if doc is None or doc.source is None:
            raise Answer(404, {"_index": names[0], "_id": doc_id, "found": False})
        return {"_index": names[0], "_id": doc_id, "_version": doc.version, "found": True, "_source": doc.source}

    def _write(self, name: str, doc_id: str, source: dict[str, Any] | None,
               meta: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        index = self.indices[name]
        current = index.live.get(doc_id)
        version_type = meta.get("version_type", "internal")
        if version_type in ("external", "external_gte"):
            version = int(meta["version"])
            if current is not None:
                newer = version > current.version if version_type == "external" else version >= current.version
                if not newer:
                    return 409, {"error": {"type": "version_conflict_engine_exception", "reason":
                                           f"[{doc_id}]: version conflict, current version [{current.version}] is "
                                           f"higher or equal to the one provided [{version}]"}, "status": 409}
        else:
            version = (current.version if current else 0) + 1
        if source is not None:
            unknown = _unmapped(source, index.mappings)
            if unknown:
                return 400, {"error": {"type": "strict_dynamic_mapping_exception", "reason":
                                       f"mapping set to strict, dynamic introduction of [{unknown}] within [_doc] "
                                       "is not allowed"}, "status": 400}
        existed = current is not None and current.source is not None
        index.live[doc_id] = Doc(source, version)
        if source is None:
            result = "deleted" if existed else "not_found"
            return (200 if existed else 404), {"_index": name, "_id": doc_id, "_version": version, "result": result}
        return (200 if existed else 201), {"_index": name, "_id": doc_id, "_version": version,
                                           "result": "updated" if existed else "created"}

    def _bulk(self, lines: list[dict[str, Any]], params: dict[str, str]) -> Any:
        items, position = [], 0
        while position < len(lines):
            (op, meta), = lines[position].items()
            source = lines[position + 1] if op == "index" else None
            position += 2 if op == "index" else 1
            rejected = self.reject.get(meta["_id"])
            if rejected:
                status = rejected.pop(0)
                kind, reason = _REFUSALS.get(status, ("es_rejected_execution_exception", "rejected execution"))
                item = {"_index": meta.get("_index"), "_id": meta["_id"], "status": status,
                        "error": {"type": kind, "reason": reason}}
            else:
                try:
                    name = self._write_index(meta["_index"], params.get("require_alias") == "true")
                except Answer as answer:
                    item = {"_index": meta["_index"], "_id": meta["_id"], "status": answer.status,
                            "error": answer.body["error"]}
                else:
                    status, result = self._write(name, meta["_id"], source, meta)
                    item = {**result, "status": status}
            items.append({op: item})
        return {"took": 1, "errors": any(i[next(iter(i))]["status"] >= 300 for i in items), "items": items}

    # -- search --------------------------------------------------------------------------------------------
    def _search(self, target: str, body: dict[str, Any]) -> Any:
        try:
            return fake_search.search({name: self.indices[name] for name in self._resolve(target)}, body)
        except fake_search.Refused as refused:
            raise error(400, "illegal_argument_exception", str(refused)) from None


_REFUSALS = {400: ("document_parsing_exception", "failed to parse field [document_date] of type [date]"),
             503: ("unavailable_shards_exception", "primary shard is not active")}


def _flat_index_settings(settings: dict[str, Any]) -> dict[str, Any]:
    flat = dict(settings.get("index", {}), **{k: v for k, v in settings.items() if k != "index"})
    return {k.removeprefix("index."): v for k, v in flat.items()}


def _unmapped(source: dict[str, Any], mappings: dict[str, Any]) -> str | None:
    if mappings.get("dynamic") != "strict":
        return None
    return next((key for key in source if key not in mappings.get("properties", {})), None)
