"""Bulk writes with bounded batches, backoff on overload and one answer per record.

Written on the client's plain `bulk` API rather than `helpers.streaming_bulk` so it behaves the same on
every client the extra allows: `streaming_bulk` retries only 429 before elasticsearch-py 8.16 and refuses
the `retry_on_status` argument that would add 502/503/504. A batch is cut by count and by bytes; a whole
batch refused with a retryable status, or single records answered so, are sent again after a pause that
doubles each time, up to `max_retries` times. Other per-record refusals are answers, not exceptions.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from elasticsearch import ApiError, Elasticsearch

# Overloaded (429) or briefly unavailable (502/503/504): worth sending again after a pause.
RETRY_ON_STATUS = (429, 502, 503, 504)
MAX_CHUNK_BYTES = 20 * 1024 * 1024  # far below http.max_content_length (100 MB) even with large records


@dataclass(frozen=True)
class BulkAction:
    """One write of a record: `index` with its document, or `delete`; both carry the external version."""

    op: str  # "index" or "delete"
    record_id: str
    version: int
    document: dict[str, Any] | None = None

    def lines(self, index: str) -> list[dict[str, Any]]:
        # external_gte: sending the version the index already holds again is a success, not a conflict.
        header = {self.op: {"_index": index, "_id": self.record_id, "version": self.version,
                            "version_type": "external_gte"}}
        return [header] if self.document is None else [header, self.document]


@dataclass(frozen=True)
class BulkAnswer:
    action: BulkAction
    status: int
    error: str | None  # None: applied, or the index already holds this version or a newer one


@dataclass(frozen=True)
class BulkOptions:
    batch_size: int
    max_retries: int
    initial_backoff: float
    max_backoff: float
    require_alias: bool


def send(client: Elasticsearch, actions: Iterable[BulkAction], index: str,
         options: BulkOptions) -> Iterator[BulkAnswer]:
    """Send the actions in batches; yield one answer per action. ApiError/TransportError propagate when a
    whole batch still fails after its retries (the actions of that batch and later get no answer)."""
    for batch in _batches(actions, index, options.batch_size):
        yield from _send_batch(client, batch, index, options)


def _batches(actions: Iterable[BulkAction], index: str, size: int) -> Iterator[list[BulkAction]]:
    batch: list[BulkAction] = []
    batch_bytes = 0
    for action in actions:
        action_bytes = sum(len(json.dumps(line)) + 1 for line in action.lines(index))
        if batch and (len(batch) >= size or batch_bytes + action_bytes > MAX_CHUNK_BYTES):
            yield batch
            batch, batch_bytes = [], 0
        batch.append(action)
        batch_bytes += action_bytes
    if batch:
        yield batch


def _send_batch(client: Elasticsearch, batch: list[BulkAction], index: str,
                options: BulkOptions) -> Iterator[BulkAnswer]:
    pending = batch
    for attempt in range(options.max_retries + 1):
        if attempt:
            time.sleep(min(options.max_backoff, options.initial_backoff * 2 ** (attempt - 1)))
        last_try = attempt == options.max_retries
        try:
            response = client.bulk(operations=[line for action in pending for line in action.lines(index)],
                                   require_alias=options.require_alias)
        except ApiError as exc:
            if exc.status_code in RETRY_ON_STATUS and not last_try:
                continue
            raise
        retry = []
        for action, item in zip(pending, response.body["items"], strict=True):
            answer = _answer(action, item[action.op])
            if answer.status in RETRY_ON_STATUS and not last_try:
                retry.append(action)
            else:
                yield answer
        if not retry:
            return
        pending = retry


def _answer(action: BulkAction, item: dict[str, Any]) -> BulkAnswer:
    status = item.get("status", 500)
    # 409 under external_gte: a newer version is there already, which is as good. 404 on a delete: the
    # record is not in the index, the outcome wanted (the delete still leaves its versioned tombstone).
    if status < 300 or status == 409 or (status == 404 and action.op == "delete"):
        return BulkAnswer(action, status, None)
    error = item.get("error")
    if isinstance(error, dict):
        return BulkAnswer(action, status, f"{status} {error.get('type')}: {error.get('reason')}")
    return BulkAnswer(action, status, f"{status} {error}")
