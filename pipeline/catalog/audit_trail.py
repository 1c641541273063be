"""The audit trail's tamper evidence: every entry is chained to the one before it by SHA-256.

An entry's hash covers its id, time, actor, action, record and details and the previous entry's hash;
the catalog also keeps the id and hash of the newest entry. Changing, removing or reordering any entry,
or cutting entries off the end, breaks the chain at that point, and `verify_chain` says where.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass

GENESIS = "0" * 64
HEAD_KEY = "audit_head"


def entry_hash(entry_id: int, previous: str, at: str, actor: str, action: str, record_id: str | None,
               details: str) -> str:
    payload = json.dumps([entry_id, previous, at, actor, action, record_id, details], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(connection: sqlite3.Connection, at: str, actor: str, action: str, record_id: str | None,
           details: str) -> None:
    """Add one entry; the caller holds the write transaction, which serialises the chain."""
    last = connection.execute("SELECT id, entry_hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    entry_id, previous = (last[0] + 1, last[1]) if last else (1, GENESIS)
    digest = entry_hash(entry_id, previous, at, actor, action, record_id, details)
    connection.execute(
        "INSERT INTO audit_log(id, at, actor, action, record_id, details, prev_hash, entry_hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (entry_id, at, actor, action, record_id, details, previous, digest),
    )
    connection.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (HEAD_KEY, f"{entry_id}:{digest}"))


@dataclass(frozen=True)
class ChainProblem:
    entry_id: int | None
    problem: str


def verify_chain(connection: sqlite3.Connection) -> tuple[int, list[ChainProblem]]:
    """Check the whole trail; returns (entries checked, problems found)."""
    problems: list[ChainProblem] = []
    previous_id, previous_hash, count = 0, GENESIS, 0
    rows = connection.execute(
        "SELECT id, at, actor, action, record_id, details, prev_hash, entry_hash FROM audit_log ORDER BY id")
    for row in rows:
        count += 1
        entry_id = row[0]
        if entry_id != previous_id + 1:
            problems.append(ChainProblem(entry_id, f"entries {previous_id + 1}..{entry_id - 1} are missing"))
        if row[6] != previous_hash:
            problems.append(ChainProblem(entry_id, "does not follow the entry before it (removed or reordered)"))
        if entry_hash(entry_id, row[6], *row[1:6]) != row[7]:
            problems.append(ChainProblem(entry_id, "its content was altered after it was written"))
        previous_id, previous_hash = entry_id, row[7]
    head = connection.execute("SELECT value FROM meta WHERE key = ?", (HEAD_KEY,)).fetchone()
    expected = head[0] if head else None
    if count and expected != f"{previous_id}:{previous_hash}":
        problems.append(ChainProblem(None, f"the newest entry is not the one recorded ({expected}); "
                                           "entries were cut off the end or the head was altered"))
    return count, problems
