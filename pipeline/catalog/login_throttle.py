"""Failed log-ins, counted per user name and per client address, and the lockout that follows.

Too many failures for one name within the window lock that name (whether or not it exists, so the lock
tells nothing); too many from one address lock the address (one machine trying many names). A lock
lasts `lockout_minutes` after the last failure; the right password does not open it early.
"""

from __future__ import annotations

import sqlite3
import time

from pipeline.security_settings import AccountSettings


class LoginThrottle:
    def __init__(self, connection: sqlite3.Connection, policy: AccountSettings) -> None:
        self._db = connection
        self.policy = policy

    def locked_for(self, username: str, address: str) -> float | None:
        """Seconds until log-ins for this name from this address are accepted again, or None."""
        now = time.time()
        since = now - self.policy.failure_window_minutes * 60
        waits = []
        for column, value, limit in (("username", username, self.policy.max_failures_per_user),
                                     ("address", address, self.policy.max_failures_per_address)):
            count, last = self._db.execute(f"SELECT COUNT(*), MAX(at) FROM login_failures "
                                           f"WHERE {column} = ? AND at >= ?", (value, since)).fetchone()
            if count >= limit:
                waits.append(last + self.policy.lockout_minutes * 60 - now)
        wait = max(waits, default=0.0)
        return wait if wait > 0 else None

    def record_failure(self, username: str, address: str) -> None:
        """Call inside a transaction. Entries older than the window are dropped on the way."""
        now = time.time()
        keep = max(self.policy.failure_window_minutes, self.policy.lockout_minutes) * 60
        self._db.execute("DELETE FROM login_failures WHERE at < ?", (now - keep,))
        self._db.execute("INSERT INTO login_failures(username, address, at) VALUES (?, ?, ?)",
                         (username[:200], address, now))

    def clear(self, username: str) -> None:
        """A successful log-in forgives the name's failures (not the address's). Call inside a transaction."""
        self._db.execute("DELETE FROM login_failures WHERE username = ?", (username,))
