"""Snippets whose cost does not grow with the size of a record.

FTS5's snippet() scores every stretch of a record against every term: on a 300-page record and a query
of 30 common words that is tens of seconds inside one call, where no time budget can stop it. So the
snippet of each large hit shown (over WINDOW_CHARS; smaller ones use snippet() directly) is made from a
window of its text (about the first place a query word
appears, a few pages long) copied into a small temporary FTS5 table with the same tokenizer: highlights
are stemmed as before, and the cost is bounded by the window, whatever the record's size.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from pipeline.search.query import Term

WINDOW_CHARS = 20_000
_LEAD_CHARS = 300  # text kept before the first match, so a snippet can start a little earlier
_TABLE = "temp.snippet_window"


def window_snippets(db: sqlite3.Connection, rowids: Iterable[int], terms: list[Term], match: str, tokenize: str,
                    markers: tuple[str, str], tokens: int) -> dict[int, str]:
    """Snippet per rowid of `search_fts`; `match` names any included term, so every window can match."""
    db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {_TABLE} USING fts5(title, body, tokenize = '{tokenize}')")
    keys = [_search_key(term) for term in terms]
    try:
        for rowid in rowids:  # one record's text in memory at a time
            row = db.execute("SELECT title, body FROM search_fts WHERE rowid = ?", (rowid,)).fetchone()
            if row is not None:
                db.execute(f"INSERT INTO {_TABLE}(rowid, title, body) VALUES (?, ?, ?)",
                           (rowid, row[0], _window(row[1], keys)))
        found = dict(db.execute(f"SELECT rowid, snippet(snippet_window, -1, ?, ?, '…', {tokens}) FROM {_TABLE} "
                                f"WHERE snippet_window MATCH ?", (*markers, match)))
        # A window with no match (a word spelt with accents, say) shows the record's opening words.
        missing = [r for r in db.execute(f"SELECT rowid, substr(body, 1, 200) FROM {_TABLE}") if r[0] not in found]
        found.update({rowid: " ".join(text.split()[:tokens]) + "…" for rowid, text in missing})
    finally:
        db.execute(f"DELETE FROM {_TABLE}")
    return found


def _search_key(term: Term) -> str:
    # A stemmed index matches "invoices" for "invoice": look for the word less a possible suffix.
    word = term.text.split()[0].lower()
    return word[:max(3, len(word) - 3)]


def _window(body: str, keys: list[str]) -> str:
    if len(body) <= WINDOW_CHARS:
        return body
    lowered = body.lower()
    positions = [position for key in keys if (position := lowered.find(key)) >= 0]
    start = max(0, min(positions, default=0) - _LEAD_CHARS)
    return body[start:start + WINDOW_CHARS]
