"""Legal holds: a named set of records that may be neither disposed of nor changed in content."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.catalog.sqlite import Catalog, utc_now
from pipeline.errors import InvalidChange, RecordNotFound
from pipeline.search.port import SearchIndex, SearchRequest

# Elasticsearch returns at most 10,000 hits a request by default (index.max_result_window).
_MAX_QUERY_RECORDS = 10_000


@dataclass(frozen=True)
class Hold:
    name: str
    reason: str
    query: str | None
    created_by: str
    created_at: str
    released_by: str | None
    released_at: str | None
    records: list[str]


def create_hold(catalog: Catalog, index: SearchIndex, name: str, reason: str, actor: str,
                query: str | None = None, record_ids: list[str] | None = None) -> Hold:
    """Place a hold on the records a query finds (searched without access limits) and/or listed ids."""
    if not query and not record_ids:
        raise InvalidChange("a hold needs --query or --records")
    targets = set(record_ids or [])
    for record_id in targets:
        catalog.get_record(record_id)  # raises RecordNotFound for a wrong id before anything is written
    if query:
        waiting = catalog.connection.execute("SELECT COUNT(*) FROM index_queue").fetchone()[0]
        if waiting:
            raise InvalidChange(f"{waiting} record(s) are not yet in the search index (waiting, or refused by it "
                                "and listed by 'recordkeeper status'), so a query could miss them",
                                "Run 'recordkeeper reindex --pending' (or wait for the watch service), then retry; "
                                "hold records the index refused by id")
        # A write acknowledged a moment ago is searchable only after a refresh (about a second later in a
        # near-real-time engine): a hold must see every record the catalog has, so refresh first.
        index.refresh()
        results = index.search(SearchRequest(query, limit=_MAX_QUERY_RECORDS))
        if results.total > len(results.hits):
            raise InvalidChange(f"the query matches {results.total:,} records, more than one hold can take "
                                f"({len(results.hits):,})", "Narrow the query or hold the records by id")
        targets |= {hit.record_id for hit in results.hits}
    with catalog.transaction():
        if catalog.connection.execute("SELECT 1 FROM holds WHERE name = ?", (name,)).fetchone():
            raise InvalidChange(f"a hold named '{name}' already exists")
        hold_id = catalog.connection.execute(
            "INSERT INTO holds(name, reason, query, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
            (name, reason, query, actor, utc_now())).lastrowid
        catalog.connection.executemany("INSERT INTO record_holds(hold_id, record_id) VALUES (?, ?)",
                                       [(hold_id, record_id) for record_id in sorted(targets)])
        catalog.audit("hold placed", None, {"hold": name, "reason": reason, "query": query,
                                            "records": len(targets)}, actor=actor)
        for record_id in sorted(targets):
            catalog.audit("hold placed", record_id, {"hold": name}, actor=actor)
    return get_hold(catalog, name)


def release_hold(catalog: Catalog, name: str, actor: str, reason: str) -> Hold:
    hold = get_hold(catalog, name)
    if hold.released_at:
        raise InvalidChange(f"hold '{name}' was already released on {hold.released_at}")
    with catalog.transaction():
        catalog.connection.execute("UPDATE holds SET released_by = ?, released_at = ? WHERE name = ?",
                                   (actor, utc_now(), name))
        catalog.audit("hold released", None, {"hold": name, "reason": reason}, actor=actor)
        for record_id in hold.records:
            catalog.audit("hold released", record_id, {"hold": name}, actor=actor)
    return get_hold(catalog, name)


def get_hold(catalog: Catalog, name: str) -> Hold:
    row = catalog.connection.execute(
        "SELECT id, name, reason, query, created_by, created_at, released_by, released_at FROM holds WHERE name = ?",
        (name,)).fetchone()
    if row is None:
        raise RecordNotFound(f"no hold named '{name}'", "List holds with 'recordkeeper hold list'")
    records = [r[0] for r in catalog.connection.execute(
        "SELECT record_id FROM record_holds WHERE hold_id = ? ORDER BY record_id", (row[0],))]
    return Hold(*row[1:], records=records)


def list_holds(catalog: Catalog) -> list[Hold]:
    names = [row[0] for row in catalog.connection.execute("SELECT name FROM holds ORDER BY id")]
    return [get_hold(catalog, name) for name in names]


def active_holds(catalog: Catalog, record_id: str) -> list[str]:
    return [row[0] for row in catalog.connection.execute(
        "SELECT h.name FROM record_holds rh JOIN holds h ON h.id = rh.hold_id "
        "WHERE rh.record_id = ? AND h.released_at IS NULL ORDER BY h.name", (record_id,))]


def add_to_hold(catalog: Catalog, name: str, record_ids: list[str], actor: str) -> list[str]:
    """Place more records under an existing, unreleased hold; returns those newly held (audited each)."""
    hold = get_hold(catalog, name)
    if hold.released_at:
        raise InvalidChange(f"hold '{name}' was released on {hold.released_at}; place a new hold instead")
    for record_id in record_ids:
        catalog.get_record(record_id)  # raises RecordNotFound before anything is written
    added = sorted(set(record_ids) - set(hold.records))
    with catalog.transaction():
        hold_id = catalog.connection.execute("SELECT id FROM holds WHERE name = ?", (name,)).fetchone()[0]
        catalog.connection.executemany("INSERT INTO record_holds(hold_id, record_id) VALUES (?, ?)",
                                       [(hold_id, record_id) for record_id in added])
        for record_id in added:
            catalog.audit("hold placed", record_id, {"hold": name}, actor=actor)
    return added
