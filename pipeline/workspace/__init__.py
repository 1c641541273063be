"""A data home opened for work: settings, catalog, search index and log file, wired together once.

The composition root below intake and lifecycle: it picks the configured search-index adapter.
May import: `pipeline.search` (and its adapters), `pipeline.catalog` and the vocabulary modules.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from pipeline.catalog import audit_trail
from pipeline.catalog.audit_key import AuditKey, create_key, load_key
from pipeline.catalog.sqlite import Catalog
from pipeline.errors import AuditKeyError, ConfigError, IndexUnavailable
from pipeline.file_plan import FilePlan, load_file_plan
from pipeline.search.index_queue import Indexer
from pipeline.search.port import SearchIndex
from pipeline.search.sqlite.fts_index import SqliteFtsIndex
from pipeline.settings import IndexSettings, Settings

log = logging.getLogger(__name__)


@dataclass
class Workspace:
    settings: Settings
    catalog: Catalog
    index: SearchIndex
    file_plan: FilePlan
    # Why the search index could not be prepared on open(create=True), when it could not: intake goes on
    # (records wait in the index queue), `init` reports it.
    index_problem: IndexUnavailable | None = None

    @classmethod
    def open(cls, settings: Settings, create: bool = False) -> Workspace:
        file_plan = load_file_plan(settings.file_plan)
        if create:
            for folder in (settings.home, settings.archive_dir, settings.quarantine_dir, settings.log_dir):
                folder.mkdir(parents=True, exist_ok=True)
        catalog = Catalog.open(settings.catalog_path, create=create)
        try:
            catalog.use_audit_key(_audit_key(settings, catalog, required=create))
            _record_upgrade(catalog)
            index = open_search_index(settings.index, catalog)
            problem = _create_index(index, catalog) if create or catalog.upgraded else None
            if catalog.records_queued_for_indexing and index.shares_catalog_transaction:
                # The embedded index is in the catalog file: write it again now, not when the service runs.
                Indexer(catalog, index).flush_pending()
        except BaseException:
            catalog.close()
            raise
        _log_to_file(settings.log_dir)
        return cls(settings=settings, catalog=catalog, index=index, file_plan=file_plan, index_problem=problem)

    def close(self) -> None:
        self.index.close()
        self.catalog.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def open_search_index(settings: IndexSettings, catalog: Catalog) -> SearchIndex:
    """The configured search-index adapter. The Elasticsearch client is imported only when selected."""
    if settings.backend == "sqlite":
        return SqliteFtsIndex(catalog.connection)
    try:
        from pipeline.search.elasticsearch.adapter import ElasticsearchIndex
    except ImportError as exc:
        if (exc.name or "").partition(".")[0] not in ("elasticsearch", "elastic_transport"):
            raise
        raise ConfigError("index.backend is \"elasticsearch\" but the Elasticsearch client is not installed",
                          "Install it with: pip install 'recordkeeper[elasticsearch]'") from None
    return ElasticsearchIndex(settings)


def configured_audit_key(settings: Settings) -> AuditKey | None:
    secret = settings.audit.key.get_secret_value() if settings.audit.key else None
    return load_key(settings.audit_key_file, secret)


def _audit_key(settings: Settings, catalog: Catalog, required: bool) -> AuditKey | None:
    """The key that seals this catalog's audit trail. A catalog not sealed yet (new, or from an earlier
    release) is sealed now, with a key created beside the data home if none is configured. A sealed
    catalog whose key is missing or different still opens for reading; `required` (intake, which writes
    at once) refuses to open it."""
    key = configured_audit_key(settings)
    recorded = audit_trail.meta_value(catalog.connection, audit_trail.FINGERPRINT_KEY)
    if recorded is None:
        if key is None:
            try:
                key = create_key(settings.audit_key_file)
            except AuditKeyError as exc:
                key = configured_audit_key(settings)  # another process may have created it a moment ago
                if key is None and required:
                    raise
                if key is None:
                    log.warning("the audit trail stays unsealed for now: %s", exc)
                    return None
        return _seal(catalog, key)
    if key is not None and key.fingerprint == recorded:
        return key
    found = f"key {key.fingerprint} from {key.source}" if key else f"no key at {settings.audit_key_file}"
    if required:
        raise AuditKeyError(f"the audit trail of {settings.home} is sealed with audit key {recorded}, but there is "
                            f"{found}")
    log.warning("audit key %s not available (%s): the catalog is open for reading only", recorded, found)
    return None


def _record_upgrade(catalog: Catalog) -> None:
    if catalog.paths_made_relative and catalog.audit_key is not None:
        with catalog.transaction():
            catalog.audit("catalog_upgraded", None, {"paths_made_relative_to_the_data_home":
                                                     catalog.paths_made_relative})
    elif catalog.paths_made_relative:
        log.warning("made %d file path(s) relative to the data home", catalog.paths_made_relative)


def _seal(catalog: Catalog, key: AuditKey) -> AuditKey:
    catalog.use_audit_key(key)
    with catalog.transaction():
        # Checked again under the write lock: another process may have sealed it meanwhile.
        recorded = audit_trail.meta_value(catalog.connection, audit_trail.FINGERPRINT_KEY)
        if recorded is None:
            audit_trail.seal_trail(catalog.connection, key)
            catalog.audit("audit_key_recorded", None, {"fingerprint": key.fingerprint, "source": key.source})
    if recorded not in (None, key.fingerprint):
        raise AuditKeyError(f"the audit trail was sealed with key {recorded} by another process meanwhile")
    return key


def _create_index(index: SearchIndex, catalog: Catalog) -> IndexUnavailable | None:
    if index.shares_catalog_transaction:
        with catalog.transaction():
            index.create()
        return None
    try:
        index.create()
    except IndexUnavailable as exc:
        log.warning("search index not ready, records will wait in the index queue: %s", exc)
        return exc
    return None


def _log_to_file(log_dir: Path) -> None:
    root = logging.getLogger()
    if any(isinstance(h, logging.FileHandler) for h in root.handlers) or not log_dir.is_dir():
        return
    handler = logging.FileHandler(log_dir / "recordkeeper.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
