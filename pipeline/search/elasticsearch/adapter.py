"""The scale-out search-index adapter: an Elasticsearch 8 cluster through the official client.

Every request goes through the alias of `mapping`; writes carry the record's catalog version as an external
version, deletes a newer one. Batches go through `bulk` (bounded, 429 and 5xx retried with backoff, one
outcome per record); searches past the result window through `paging`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
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

from pipeline.errors import ConfigError, IndexUnavailable, QueryError, VersionConflict
from pipeline.file_plan import AccessLevel
from pipeline.search.elasticsearch import bulk
from pipeline.search.elasticsearch.mapping import (
    MAPPING_VERSION,
    alias_name,
    index_body,
    index_pattern,
    index_template,
    new_index_name,
    source,
)
from pipeline.search.elasticsearch.paging import search_pages
from pipeline.search.port import (
    IndexedEntry,
    IndexOutcome,
    Removal,
    SearchDocument,
    SearchRequest,
    SearchResults,
    content_sha256,
)
from pipeline.search.query import parse_query
from pipeline.settings import IndexSettings

log = logging.getLogger(__name__)
RETRY_ON_STATUS = bulk.RETRY_ON_STATUS
# A rebuild that leaves out more than this share of the records is abandoned: the mapping or the data is
# wrong, and the old index is better than a new one with holes in it.
_MAX_REFUSED_SHARE = 0.01
_INVENTORY_PAGE = 1000  # far below http.max_content_length (100 MB) even with large records


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
        # Bulk status retries belong to bulk.send, which backs off; the transport's own would not.
        self._bulk_client = self._client.options(retry_on_status=())

    def create(self) -> None:
        with self._errors(f"prepare the search index '{self.alias}'"):
            self._client.indices.put_index_template(**index_template(self.settings.index_prefix))
            if not self._client.indices.exists_alias(name=self.alias):
                self._client.indices.create(index=new_index_name(self.settings.index_prefix), **index_body(),
                                            aliases={self.alias: {"is_write_index": True}})
                return
            mappings = self._client.indices.get_mapping(index=self.alias).body.values()
            current = min(m["mappings"].get("_meta", {}).get("mapping_version", 0) for m in mappings)
        if current < MAPPING_VERSION:
            log.warning("search index '%s' has mapping version %s, this release writes %s: run "
                        "'recordkeeper reindex'", self.alias, current, MAPPING_VERSION)

    def remove_unfinished(self) -> list[str]:
        with self._errors(f"clean up unfinished indices of '{self.alias}'"):
            names = set(self._client.indices.get(index=index_pattern(self.settings.index_prefix),
                                                 expand_wildcards="all").body)
            orphans = sorted(names - set(self._indices_behind_alias()))
            if orphans:
                log.warning("deleting %d index(es) left by an interrupted rebuild: %s", len(orphans), orphans)
                self._client.indices.delete(index=orphans, ignore_unavailable=True)
        return orphans

    def add(self, document: SearchDocument, expected_version: int | None = None) -> None:
        # Versions are external: the catalog owns the record version, and Elasticsearch compares it in the
        # same request that writes (no read-then-write window). if_seq_no/if_primary_term would need a get
        # first, could not stop a delayed blind write (a retry from the index queue) from undoing a newer
        # one, and mean nothing once `reindex` has moved the alias to a new index.
        if expected_version is not None and document.version != expected_version + 1:
            raise ValueError(f"version {document.version} does not follow expected version {expected_version}")
        conditional = expected_version is not None
        stored = source(document)
        with self._errors(f"index record {document.record_id}"):
            try:
                self._client.index(index=self.alias, id=document.record_id, document=stored,
                                   version=document.version, require_alias=True,
                                   version_type="external" if conditional else "external_gte")
            except ConflictError:
                # external_gte: an equal or newer version is indexed already, so there is nothing to do.
                # external: a retried request whose first attempt was applied (its answer lost) meets its
                # own write; only a different document at that version or a newer one is a conflict.
                if conditional and not self._holds(document.record_id, document.version, stored):
                    raise VersionConflict(f"record {document.record_id} changed in the search index since "
                                          f"version {expected_version}") from None

    def add_many(self, documents: Iterable[SearchDocument]) -> Iterator[IndexOutcome]:
        actions = (bulk.BulkAction("index", d.record_id, d.version, source(d)) for d in documents)
        yield from self._bulk(actions, self.alias)

    def remove(self, record_id: str) -> None:
        with self._errors(f"remove record {record_id}"):
            try:
                self._client.delete(index=self.alias, id=record_id)
            except NotFoundError:
                pass  # not indexed: the outcome wanted

    def remove_many(self, removals: Iterable[Removal]) -> Iterator[IndexOutcome]:
        yield from self._bulk((bulk.BulkAction("delete", r.record_id, r.version) for r in removals), self.alias)

    def search(self, request: SearchRequest) -> SearchResults:
        parsed = parse_query(request.query, request.limits)
        with self._errors("search", searching=True):
            return search_pages(self._client, request, parsed, self.alias)

    def rebuild(self, documents: Iterable[SearchDocument],
                refused: Callable[[IndexOutcome], None] | None = None) -> int:
        prefix = self.settings.index_prefix
        new = new_index_name(prefix)
        body = index_body()
        with self._errors(f"rebuild the search index '{self.alias}'"):
            self._client.indices.put_index_template(**index_template(prefix))
            # Refreshes only slow a bulk load down; searches use the old index until the alias moves.
            self._client.indices.create(index=new, mappings=body["mappings"],
                                        settings={**body["settings"], "refresh_interval": "-1"})
            try:
                count = self._load(new, documents, refused)
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

    def inventory(self) -> Iterator[IndexedEntry]:
        # search_after on the record id: stable paging without a scroll context to clean up.
        after: list[str] | None = None
        while True:
            with self._errors("list the search index"):
                response = self._client.search(index=self.alias, size=_INVENTORY_PAGE, sort=[{"record_id": "asc"}],
                                               query={"match_all": {}}, search_after=after, track_total_hits=False)
            hits = response.body["hits"]["hits"]
            for hit in hits:
                yield _indexed_entry(hit["_source"])
            if len(hits) < _INVENTORY_PAGE:
                return
            after = hits[-1]["sort"]

    def drop(self) -> None:
        """Delete the template and every index of this prefix (tests and benchmarks clean up with it)."""
        with self._errors(f"delete the search index '{self.alias}'"):
            names = list(self._client.indices.get(index=f"{self.alias}-*", expand_wildcards="all").body)
            if names:
                self._client.indices.delete(index=names)
            self._client.indices.delete_index_template(name=self.alias)

    def close(self) -> None:
        self._client.close()

    def _bulk(self, actions: Iterable[bulk.BulkAction], index: str) -> Iterator[IndexOutcome]:
        settings = self.settings
        options = bulk.BulkOptions(settings.bulk_batch_size, settings.bulk_max_retries,
                                   settings.bulk_initial_backoff_seconds, settings.bulk_max_backoff_seconds,
                                   require_alias=index == self.alias)
        with self._errors("send records to the search index"):
            for answer in bulk.send(self._bulk_client, actions, index, options):
                permanent = answer.error is not None and answer.status not in RETRY_ON_STATUS and answer.status < 500
                yield IndexOutcome(answer.action.record_id, answer.action.version, answer.error, permanent)

    def _load(self, index: str, documents: Iterable[SearchDocument],
              refused: Callable[[IndexOutcome], None] | None) -> int:
        count, left_out, failures = 0, 0, []
        for outcome in self._add_many_to(index, documents):
            count += 1
            if outcome.acknowledged:
                continue
            if outcome.permanent and refused is not None:
                left_out += 1
                refused(outcome)
            else:
                failures.append(f"{outcome.record_id}: {outcome.error}")
        if failures or (left_out > 10 and left_out > count * _MAX_REFUSED_SHARE):
            first = failures[0] if failures else "see 'recordkeeper status'"
            raise IndexUnavailable(f"{len(failures) + left_out} of {count} record(s) could not be indexed (first: "
                                   f"{first}); the previous index stays in use")
        return count - left_out

    def _add_many_to(self, index: str, documents: Iterable[SearchDocument]) -> Iterator[IndexOutcome]:
        actions = (bulk.BulkAction("index", d.record_id, d.version, source(d)) for d in documents)
        yield from self._bulk(actions, index)

    def _holds(self, record_id: str, version: int, stored: dict[str, Any]) -> bool:
        """Whether the index holds exactly this document at this version."""
        try:
            found = self._client.get(index=self.alias, id=record_id).body
        except NotFoundError:
            return False
        return found.get("_version") == version and found.get("_source") == stored

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


def _indexed_entry(stored: dict[str, Any]) -> IndexedEntry:
    """The hash of the document as the cluster stores it (its `_source`)."""
    digest = content_sha256(stored["record_id"], stored.get("title", ""), "\f".join(stored.get("pages", [])),
                            stored.get("class_code", ""), AccessLevel[stored.get("access_level", "restricted")],
                            stored.get("document_date"), stored.get("station"), stored.get("language"),
                            stored.get("parties", []))
    return IndexedEntry(stored["record_id"], int(stored.get("version", 0)), digest)
