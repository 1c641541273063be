"""The audit trail's tamper evidence: a SHA-256 hash chain, sealed with a keyed HMAC.

An entry's hash covers its id, time, actor, action, record and details and the previous entry's hash;
the catalog also keeps the id and hash of the newest entry (the head). Changing, removing or reordering
any entry, or cutting entries off the end, breaks the chain at that point, and `verify_chain` says where.

The chain formula is public, so someone who can rewrite the catalog file could recompute it. With the
audit key (`audit_key`), every entry also carries a seal, HMAC(key, its id and hash), and the head
carries one too: history rewritten or cut short without the key no longer verifies. What the seals
cannot show — the whole catalog put back to an older, genuinely sealed state — the checkpoints kept
outside the catalog show (`audit_checkpoints`).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass

from pipeline.catalog.audit_key import AuditKey

GENESIS = "0" * 64
HEAD_KEY = "audit_head"
HEAD_SEAL_KEY = "audit_head_seal"
FINGERPRINT_KEY = "audit_key_fingerprint"


def entry_hash(entry_id: int, previous: str, at: str, actor: str, action: str, record_id: str | None,
               details: str) -> str:
    payload = json.dumps([entry_id, previous, at, actor, action, record_id, details], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def entry_seal_message(entry_id: int, digest: str) -> str:
    return f"entry|{entry_id}|{digest}"


def head_seal_message(entry_id: int, digest: str) -> str:
    return f"head|{entry_id}|{digest}"


def append(connection: sqlite3.Connection, at: str, actor: str, action: str, record_id: str | None,
           details: str, key: AuditKey | None = None) -> None:
    """Add one entry (sealed when a key is given); the caller holds the write transaction, which
    serialises the chain."""
    last = connection.execute("SELECT id, entry_hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    entry_id, previous = (last[0] + 1, last[1]) if last else (1, GENESIS)
    digest = entry_hash(entry_id, previous, at, actor, action, record_id, details)
    seal = key.seal(entry_seal_message(entry_id, digest)) if key else None
    connection.execute(
        "INSERT INTO audit_log(id, at, actor, action, record_id, details, prev_hash, entry_hash, seal) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (entry_id, at, actor, action, record_id, details, previous, digest, seal),
    )
    write_head(connection, entry_id, digest, key)


def write_head(connection: sqlite3.Connection, entry_id: int, digest: str, key: AuditKey | None) -> None:
    connection.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (HEAD_KEY, f"{entry_id}:{digest}"))
    if key is not None:
        connection.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                           (HEAD_SEAL_KEY, key.seal(head_seal_message(entry_id, digest))))


def head(connection: sqlite3.Connection) -> tuple[int, str]:
    """(id, hash) of the newest entry as the chain itself says; (0, GENESIS) for an empty trail."""
    row = connection.execute("SELECT id, entry_hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


def seal_trail(connection: sqlite3.Connection, key: AuditKey) -> None:
    """Start sealing a trail made without a key: the sealed head covers every entry before it through
    the chain, and each entry from now on is sealed itself. Call inside a transaction."""
    entry_id, digest = head(connection)
    connection.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (FINGERPRINT_KEY, key.fingerprint))
    write_head(connection, entry_id, digest, key)


def meta_value(connection: sqlite3.Connection, name: str) -> str | None:
    row = connection.execute("SELECT value FROM meta WHERE key = ?", (name,)).fetchone()
    return row[0] if row else None


@dataclass(frozen=True)
class ChainProblem:
    entry_id: int | None
    problem: str


def verify_chain(connection: sqlite3.Connection, key: AuditKey | None = None) -> tuple[int, list[ChainProblem]]:
    """Check the whole trail (and its seals, given the key); returns (entries checked, problems found)."""
    problems: list[ChainProblem] = []
    previous_id, previous_hash, count, sealing = 0, GENESIS, 0, False
    rows = connection.execute(
        "SELECT id, at, actor, action, record_id, details, prev_hash, entry_hash, seal FROM audit_log ORDER BY id")
    for row in rows:
        count += 1
        entry_id = row[0]
        if entry_id != previous_id + 1:
            problems.append(ChainProblem(entry_id, f"entries {previous_id + 1}..{entry_id - 1} are missing"))
        if row[6] != previous_hash:
            problems.append(ChainProblem(entry_id, "does not follow the entry before it (removed or reordered)"))
        if entry_hash(entry_id, row[6], *row[1:6]) != row[7]:
            problems.append(ChainProblem(entry_id, "its content was altered after it was written"))
        if key is not None and (row[8] is not None or sealing):
            sealing = True  # once sealing began, every later entry must carry a seal
            if not key.verifies(entry_seal_message(entry_id, row[7]), row[8]):
                problems.append(ChainProblem(entry_id, "its seal does not verify with the audit key (the entry or "
                                                       "the chain up to it was rewritten without the key)"))
        previous_id, previous_hash = entry_id, row[7]
    expected = meta_value(connection, HEAD_KEY)
    if count and expected != f"{previous_id}:{previous_hash}":
        problems.append(ChainProblem(None, f"the newest entry is not the one recorded ({expected}); "
                                           "entries were cut off the end or the head was altered"))
    if key is not None and not key.verifies(head_seal_message(previous_id, previous_hash),
                                            meta_value(connection, HEAD_SEAL_KEY)):
        problems.append(ChainProblem(None, f"the newest entry ({previous_id}) is not the one sealed as newest with "
                                           "the audit key: entries were cut off the end or the head was rewritten"))
    return count, problems
