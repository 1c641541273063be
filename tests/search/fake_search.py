"""Query evaluation for the fake Elasticsearch node: which stored documents a query matches, a crude score,
and the sort order the adapter asks for. Deliberately simple (lower-cased words, no stemming or BM25):
relevance is the conformance suite's job against a real cluster."""

from __future__ import annotations

import re
from typing import Any

_WORDS = re.compile(r"[^\W_]+")


MAX_RESULT_WINDOW = 10_000  # index.max_result_window
MAX_ANALYZED_OFFSET = 1_000_000  # index.highlight.max_analyzed_offset


class UnknownQuery(ValueError):
    pass


class Refused(ValueError):
    """A search Elasticsearch answers with 400 illegal_argument_exception."""


def _words(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [w.lower() for v in values if isinstance(v, str) for w in _WORDS.findall(v)]


def match_score(query: dict[str, Any], source: dict[str, Any]) -> float | None:
    """A match score, or None when the query does not match (bool, multi_match, term(s), prefix, range)."""
    (kind, spec), = query.items()
    if kind == "match_all":
        return 1.0
    if kind == "bool":
        total = 0.0
        for clause in spec.get("must", []):
            score = match_score(clause, source)
            if score is None:
                return None
            total += score
        if any(match_score(c, source) is None for c in spec.get("filter", [])):
            return None
        if any(match_score(c, source) is not None for c in spec.get("must_not", [])):
            return None
        should = [s for s in (match_score(c, source) for c in spec.get("should", [])) if s is not None]
        if spec.get("should") and len(should) < int(spec.get("minimum_should_match", 1)):
            return None
        return total + sum(should)
    if kind == "multi_match":
        wanted = _words(spec["query"])
        score = 0.0
        for field_spec in spec["fields"]:
            name, _, boost = field_spec.partition("^")
            text = " ".join(_words(source.get(name)))
            phrase = " ".join(wanted)
            if spec["type"] in ("phrase", "phrase_prefix"):
                found = re.search(rf"\b{re.escape(phrase)}" + ("" if spec["type"] == "phrase_prefix" else r"\b"), text)
            elif spec["type"] == "bool_prefix":
                found = all(re.search(rf"\b{re.escape(w)}", text) for w in wanted)
            else:
                found = any(w in text.split() for w in wanted)
            score += float(boost or 1) if found else 0.0
        return score or None
    (field_name, value), = spec.items()
    actual = source.get(field_name)
    actual_values = actual if isinstance(actual, list) else [actual]
    if kind == "term":
        return 0.0 if value in actual_values else None
    if kind == "terms":
        return 0.0 if set(value) & set(actual_values) else None
    if kind == "prefix":
        return 0.0 if any(isinstance(a, str) and a.startswith(value) for a in actual_values) else None
    if kind == "range":
        if actual is None:
            return None
        ok = all({"gte": actual >= bound, "lte": actual <= bound, "gt": actual > bound, "lt": actual < bound}[op]
                 for op, bound in value.items())
        return 0.0 if ok else None
    raise UnknownQuery(kind)


def sort_values(sort: list[dict[str, Any]], doc_id: str, doc: Any, score: float) -> list[Any]:
    values: list[Any] = []
    for entry in sort or [{"_score": {"order": "desc"}}]:
        (name, _options), = entry.items()
        values.append(score if name == "_score" else doc.source.get(name))
    return values


def comparable(values: list[Any]) -> tuple:
    # The adapter's orders: _score and document_date descending (missing last), record_id ascending.
    key: list[Any] = []
    for value in values:
        if isinstance(value, float | int):
            key.append((0, -value))
        elif value is None:
            key.append((1, ""))
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            key.append((0, tuple(-int(p) for p in value.split("-"))))
        else:
            key.append((0, value))
    return tuple(key)


def search(indices: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """The answer of the indices (name -> fake Index) to a search body, as Elasticsearch shapes it."""
    size, start = body.get("size", 10), body.get("from", 0)
    if start + size > MAX_RESULT_WINDOW:
        raise Refused(f"Result window is too large, from + size must be less than or equal to: "
                      f"[{MAX_RESULT_WINDOW}] but was [{start + size}]")
    matches = []
    for name, index in indices.items():
        for doc_id, doc in index.visible.items():
            score = match_score(body.get("query", {"match_all": {}}), doc.source)
            if score is not None:
                matches.append((name, doc_id, doc, score))
    keys = [sort_values(body.get("sort", []), doc_id, doc, score) for _, doc_id, doc, score in matches]
    ordered = [m for _, m in sorted(zip(keys, matches, strict=True), key=lambda pair: comparable(pair[0]))]
    total = {"value": len(ordered), "relation": "eq"}  # search_after does not change the total
    if "search_after" in body:
        after = comparable(body["search_after"])
        ordered = [m for m in ordered if comparable(sort_values(body["sort"], m[1], m[2], m[3])) > after]
    hits = []
    for name, doc_id, doc, score in ordered[start:start + size]:
        hit: dict[str, Any] = {"_index": name, "_id": doc_id, "_score": score}
        if body.get("source", body.get("_source", True)) is not False:
            hit["_source"] = doc.source
        if "sort" in body:
            hit["sort"] = sort_values(body["sort"], doc_id, doc, score)
        if "highlight" in body:
            hit["highlight"] = _highlight(indices[name], doc.source, body["highlight"])
        hits.append(hit)
    aggregations = {name: {"buckets": []} for name in body.get("aggs", {})}
    response: dict[str, Any] = {"took": 1, "timed_out": False, "hits": {"total": total, "hits": hits}}
    if aggregations:
        response["aggregations"] = aggregations
    return response


def _highlight(index: Any, source: dict[str, Any], highlight: dict[str, Any]) -> dict[str, list[str]]:
    limit = int(index.settings.get("highlight.max_analyzed_offset", MAX_ANALYZED_OFFSET))
    out: dict[str, list[str]] = {}
    for field_name in highlight.get("fields", {}):
        values = source.get(field_name)
        text = " ".join(values) if isinstance(values, list) else (values or "")
        with_offsets = index.mappings.get("properties", {}).get(field_name, {}).get("index_options") == "offsets"
        if len(text) > limit and not with_offsets and "max_analyzed_offset" not in highlight:
            raise Refused(f"The length [{len(text)}] of field [{field_name}] exceeds the "
                          f"[index.highlight.max_analyzed_offset] limit [{limit}]")
        if text:
            out[field_name] = [text[:120]]
    return out


