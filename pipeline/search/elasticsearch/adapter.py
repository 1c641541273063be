"""The scale-out search-index adapter: an Elasticsearch 8 cluster through the official client.

Every request goes through the alias of `index_es_mapping`; writes carry the record's catalog version as
an external version. Batches use the client's `streaming_bulk` helper: bounded chunks, 429 and 5xx retried
with exponential backoff, one outcome per record. The only module that imports `elasticsearch`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from elasticsearch import (
    ApiError,
    AuthenticationException,
    AuthorizationException,
    BadRequestError,
    ConflictError,
    Elasticsearch,
    NotFoundError,
    TransportError,
)
from elasticsearch.helpers import streaming_bulk

from pipeline.errors import ConfigError, IndexUnavailable, QueryError, QueryTimedOut, VersionConflict
from pipeline.search.elasticsearch.mapping import MAPPING_VERSION, alias_name, index_template, new_index_name, source
from pipeline.search.elasticsearch.query_translation import read_results, search_arguments
from pipeline.search.port import IndexOutcome, SearchDocument, SearchRequest, SearchResults
from pipeline.search.query import parse_query
from pipeline.settings import IndexSettings

log = logging.getLogger(__name__)
# Overloaded (429) or briefly unavailable (502/503/504): worth sending again after a pause.
RETRY_ON_STATUS = (429, 502, 503, 504)
_MAX_CHUNK_BYTES = 20 * 1024 * 1024  # far below http.max_content_length (100 MB) even with large records


def connect(settings: IndexSettings, **client_options: Any) -> Elasticsearch:
    """A client for the configured cluster. Single requests are retried at once on 502/503/504 and on
    connection errors; bulk batches get their own retries with backoff (see add_many)."""
    options: dict[str, Any] = {
        "request_timeout": settings.request_timeout_seconds, "max_retries": 3,
        "retry_on_status": (502, 503, 504), "retry_on_timeout": True, **client_options,
    }
    if settings.api_key is not None:
        options["api_key"] = settings.api_key.get_secret_value()
    elif settings.username:
        password = settings.password.get_secret_value() if settings.password else ""
        options["basic_auth"] = (settings.username, password)
    if settings.ca_certs is not None:
        options["ca_certs"] = str(settings.ca_certs)
    try:
        return Elasticsearch(settings.url, **options)
    except ValueError as exc:
        raise ConfigError(f"index.url '{settings.url}' is not a usable cluster address: {exc}") from None


class ElasticsearchIndex:
    shares_catalog_transaction = False

    def __init__(self, settings: IndexSettings, client: Elasticsearch | None = None) -> None:
        self.settings = settings
        self.alias = alias_name(settings.index_prefix)
        self._client = client if client is not None else connect(settings)
        # Bulk status retries belong to streaming_bulk, which backs off; the transport's own would not.
        self._bulk_client = self._client.options(retry_on_status=())

    def create(self) -> None:
        with self._errors(f"prepare the search index '{self.alias}'"):
            self._client.indices.put_index_template(**index_template(self.settings.index_prefix))
            if not self._client.indices.exists_alias(name=self.alias):
                self._client.indices.create(index=new_index_name(self.settings.index_prefix),
                                            aliases={self.alias: {"is_write_index": True}})
                return
            mappings = self._client.indices.get_mapping(index=self.alias).body.values()
            current = min(m["mappings"].get("_meta", {}).get("mapping_version", 0) for m in mappings)
        if current < MAPPING_VERSION:
            log.warning("search index '%s' has mapping version %s, this release writes %s: run "
                        "'recordkeeper reindex'", self.alias, current, MAPPING_VERSION)

    def add(self, document: SearchDocument, expected_version: int | None = None) -> None:
        # Versions are external: the catalog owns the record version, and Elasticsearch compares it in the
        # same request that writes (no read-then-write window). if_seq_no/if_primary_term would need a get
        # first, could not stop a delayed blind write (a retry from the index queue) from undoing a newer
        # one, and mean nothing once `reindex` has moved the alias to a new index.
        if expected_version is not None and document.version != expected_version + 1:
            raise ValueError(f"version {document.version} does not follow expected version {expected_version}")
        conditional = expected_version is not None
        with self._errors(f"index record {document.record_id}"):
            try:
                self._client.index(index=self.alias, id=document.record_id, document=source(document),
                                   version=document.version, require_alias=True,
                                   version_type="external" if conditional else "external_gte")
            except ConflictError:
                if conditional:
                    raise VersionConflict(f"record {document.record_id} changed in the search index since "
                                          f"version {expected_version}") from None
                # external_gte: an equal or newer version is indexed already, so there is nothing to do.

    def add_many(self, documents: Iterable[SearchDocument]) -> Iterator[IndexOutcome]:
        yield from self._bulk(documents, self.alias)

    def remove(self, record_id: str) -> None:
        with self._errors(f"remove record {record_id}"):
            try:
                self._client.delete(index=self.alias, id=record_id)
            except NotFoundError:
                pass  # not indexed: the outcome wanted

    def search(self, request: SearchRequest) -> SearchResults:
        parsed = parse_query(request.query, request.limits)
        arguments = search_arguments(request, parsed, self.alias)
        if request.time_budget_seconds is not None:
            # The cluster stops collecting hits after the budget; an answer cut short is refused, not shown
            # as if complete (its totals and facets would be wrong).
            arguments["timeout"] = f"{max(1, round(request.time_budget_seconds * 1000))}ms"
        with self._errors("search", searching=True):
            response = self._client.search(**arguments)
        if response.body.get("timed_out"):
            raise QueryTimedOut(f"the search took longer than its {request.time_budget_seconds:g} s budget "
                                "and was stopped")
        return read_results(response.body)

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        prefix = self.settings.index_prefix
        new = new_index_name(prefix)
        with self._errors(f"rebuild the search index '{self.alias}'"):
            self._client.indices.put_index_template(**index_template(prefix))
            # Refreshes only slow a bulk load down; searches use the old index until the alias moves.
            self._client.indices.create(index=new, settings={"index": {"refresh_interval": "-1"}})
            try:
                count = self._load(new, documents)
                self._client.indices.put_settings(index=new, settings={"index": {"refresh_interval": None}})
                self._client.indices.refresh(index=new)
            except BaseException:
                self._delete_quietly([new])
                raise
            old = self._indices_behind_alias()
            # One request, applied atomically: searches see the old index or the new one, never neither.
            self._client.indices.update_aliases(actions=[
                *({"remove": {"index": name, "alias": self.alias}} for name in old),
                {"add": {"index": new, "alias": self.alias, "is_write_index": True}},
            ])
            if old:
                self._client.indices.delete(index=old)
        return count

    def refresh(self) -> None:
        with self._errors("refresh the search index"):
            self._client.indices.refresh(index=self.alias)

    def drop(self) -> None:
        """Delete the template and every index of this prefix (tests and benchmarks clean up with it)."""
        with self._errors(f"delete the search index '{self.alias}'"):
            names = list(self._client.indices.get(index=f"{self.alias}-*", expand_wildcards="all").body)
            if names:
                self._client.indices.delete(index=names)
            self._client.indices.delete_index_template(name=self.alias)

    def close(self) -> None:
        self._client.close()

    def _bulk(self, documents: Iterable[SearchDocument], index: str) -> Iterator[IndexOutcome]:
        versions: dict[str, int] = {}  # records sent and not yet answered: at most a chunk and its retries

        def actions() -> Iterator[dict[str, Any]]:
            for document in documents:
                versions[document.record_id] = document.version
                yield {"_op_type": "index", "_index": index, "_id": document.record_id, "_source": source(document),
                       "version": document.version, "version_type": "external_gte"}

        settings = self.settings
        with self._errors("send records to the search index"):
            for ok, item in streaming_bulk(
                self._bulk_client, actions(), chunk_size=settings.bulk_batch_size, max_chunk_bytes=_MAX_CHUNK_BYTES,
                raise_on_error=False, max_retries=settings.bulk_max_retries,
                initial_backoff=settings.bulk_initial_backoff_seconds, max_backoff=settings.bulk_max_backoff_seconds,
                retry_on_status=RETRY_ON_STATUS, require_alias=index == self.alias,
            ):
                answer = item["index"]
                version = versions.pop(answer["_id"], 0)
                # 409 under external_gte: a newer version is indexed already, which is as good.
                error = None if ok or answer.get("status") == 409 else _item_error(answer)
                yield IndexOutcome(answer["_id"], version, error)

    def _load(self, index: str, documents: Iterable[SearchDocument]) -> int:
        count, failures = 0, []
        for outcome in self._bulk(documents, index):
            count += 1
            if not outcome.acknowledged:
                failures.append(f"{outcome.record_id}: {outcome.error}")
        if failures:
            raise IndexUnavailable(f"{len(failures)} record(s) could not be indexed (first: {failures[0]}); "
                                   "the previous index stays in use")
        return count

    def _indices_behind_alias(self) -> list[str]:
        try:
            return list(self._client.indices.get_alias(name=self.alias).body)
        except NotFoundError:
            return []

    def _delete_quietly(self, names: list[str]) -> None:
        try:
            self._client.indices.delete(index=names, ignore_unavailable=True)
        except (ApiError, TransportError) as exc:
            log.warning("could not delete unfinished index %s: %s", names, exc)

    @contextmanager
    def _errors(self, doing: str, searching: bool = False) -> Iterator[None]:
        """The client's exceptions, by type, as the project's errors with what to do about them."""
        try:
            yield
        except AuthenticationException:
            raise ConfigError(f"the search cluster at {self.settings.url} refused the credentials (trying to {doing})",
                              "Check RECORDKEEPER_INDEX_API_KEY, or RECORDKEEPER_INDEX_USERNAME and "
                              "RECORDKEEPER_INDEX_PASSWORD") from None
        except AuthorizationException as exc:
            raise ConfigError(f"the search credentials may not {doing} ({exc.message})",
                              f"Grant them read, write and manage on '{self.alias}*' and manage_index_templates"
                              ) from None
        except NotFoundError:
            raise IndexUnavailable(f"the search index '{self.alias}' does not exist (trying to {doing})",
                                   "Create it with 'recordkeeper init' or 'recordkeeper reindex'") from None
        except BadRequestError as exc:
            if searching:
                raise QueryError(f"the search engine could not run this query ({exc.message})") from None
            raise IndexUnavailable(f"the search cluster refused to {doing}: {exc.message}") from None
        except ApiError as exc:
            raise IndexUnavailable(f"the search cluster answered {exc.status_code} ({exc.message}) when asked "
                                   f"to {doing}") from None
        except TransportError as exc:
            raise IndexUnavailable(f"the search cluster at {self.settings.url} could not be reached to {doing} "
                                   f"({type(exc).__name__}: {exc.message})") from None


def _item_error(answer: dict[str, Any]) -> str:
    error = answer.get("error")
    if isinstance(error, dict):
        return f"{answer.get('status')} {error.get('type')}: {error.get('reason')}"
    return f"{answer.get('status')} {error}"
