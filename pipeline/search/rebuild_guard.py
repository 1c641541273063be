"""The catalog-side bookkeeping of a search-index rebuild: one at a time, and a catch-up that survives a crash.

A rebuild fills a new index while intake and corrections go on writing to the old one through the alias.
Two rows in the catalog's `meta` table make that safe:

    index_rebuild            who is rebuilding (pid, host, since): a second rebuild is refused while that
                             process lives; a crashed one's row is taken over
    index_catch_up_from      the audit-log position the rebuild started at: every record changed or
                             destroyed after it is queued again for the new index. Written before the
                             rebuild starts and removed in the transaction that queues the catch-up, so a
                             crash between the alias switch and the catch-up is finished by the next
                             `reindex` or queue flush (queuing too much is harmless; too little is not)
"""

from __future__ import annotations

import json
import os
import socket
from typing import Any

from pipeline.catalog.sqlite import Catalog, utc_now
from pipeline.errors import RebuildRunning

LOCK_KEY = "index_rebuild"
CATCH_UP_KEY = "index_catch_up_from"


def acquire(catalog: Catalog, catch_up: bool = True) -> None:
    """Mark this process as the one rebuilding (or cleaning up indices), and remember where the catch-up
    starts."""
    with catalog.transaction():
        holder = running(catalog)
        if holder is not None:
            raise RebuildRunning(f"another rebuild of the search index is running (process {holder['pid']} on "
                                 f"{holder['host']}, since {holder['since']})")
        me = {"pid": os.getpid(), "host": socket.gethostname(), "since": utc_now()}
        mark = catalog.connection.execute("SELECT COALESCE(MAX(id), 0) FROM audit_log").fetchone()[0]
        _put(catalog, LOCK_KEY, json.dumps(me))
        # An older mark (a crash before its catch-up) is kept: it covers more.
        if catch_up and _get(catalog, CATCH_UP_KEY) is None:
            _put(catalog, CATCH_UP_KEY, str(mark))


def release(catalog: Catalog) -> None:
    with catalog.transaction():
        holder = _holder(catalog)
        if holder is not None and holder.get("pid") == os.getpid() and holder.get("host") == socket.gethostname():
            catalog.connection.execute("DELETE FROM meta WHERE key = ?", (LOCK_KEY,))


def running(catalog: Catalog) -> dict[str, Any] | None:
    """The live process rebuilding, if any (a lock left by a process that died does not count)."""
    holder = _holder(catalog)
    if holder is None or not _alive(holder):
        return None
    return holder


def catch_up_mark(catalog: Catalog) -> int | None:
    value = _get(catalog, CATCH_UP_KEY)
    return int(value) if value is not None else None


def take_catch_up(catalog: Catalog) -> list[tuple[str, int | None]]:
    """The records changed since the mark, with their version (None: destroyed since), and the mark
    removed. Call inside the transaction that queues them."""
    mark = catch_up_mark(catalog)
    if mark is None:
        return []
    changed = catalog.connection.execute(
        "SELECT DISTINCT a.record_id, r.version FROM audit_log a LEFT JOIN records r ON r.id = a.record_id "
        "WHERE a.id > ? AND a.record_id IS NOT NULL", (mark,)).fetchall()
    catalog.connection.execute("DELETE FROM meta WHERE key = ?", (CATCH_UP_KEY,))
    return [(record_id, version) for record_id, version in changed]


def _holder(catalog: Catalog) -> dict[str, Any] | None:
    value = _get(catalog, LOCK_KEY)
    return json.loads(value) if value else None


def _alive(holder: dict[str, Any]) -> bool:
    if holder.get("host") != socket.gethostname():
        return True  # cannot tell from here: assume it still runs
    if holder.get("pid") == os.getpid():
        return True
    try:
        os.kill(int(holder["pid"]), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _get(catalog: Catalog, key: str) -> str | None:
    row = catalog.connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _put(catalog: Catalog, key: str, value: str) -> None:
    catalog.connection.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))
