"""Accounts, roles, sessions and API tokens.

Passwords are hashed with Argon2id and must pass the password policy (pipeline/catalog/passwords.py).
Session cookies and API tokens are random 256-bit secrets; only their SHA-256 is stored, so a copy of the
catalog does not let anyone log in. Both expire; tokens can be listed and revoked; a disabled user's
sessions and tokens end at once. Log-ins are throttled per user name and per address, and every failure,
lockout, log-in and log-out is in the audit trail. Roles are cumulative; a user's clearance (the highest
access level they may see) is separate from their role.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import IntEnum

from pipeline.catalog.login_throttle import LoginThrottle
from pipeline.catalog.passwords import check_password, check_username, hash_password, verify_password
from pipeline.catalog.sqlite import Catalog, utc_now
from pipeline.errors import InvalidChange, LoginThrottled, RecordNotFound
from pipeline.file_plan import AccessLevel
from pipeline.security_settings import AccountSettings

# Characters of a token's digest shown as its id in `user tokens`: enough to tell tokens apart, no secret.
TOKEN_ID_CHARS = 12


class Role(IntEnum):
    viewer = 0
    technician = 1
    records_manager = 2
    admin = 3


DEFAULT_CLEARANCE = {Role.viewer: AccessLevel.internal, Role.technician: AccessLevel.confidential,
                     Role.records_manager: AccessLevel.restricted, Role.admin: AccessLevel.restricted}


@dataclass(frozen=True)
class User:
    username: str
    role: Role
    clearance: AccessLevel

    def can(self, role: Role) -> bool:
        return self.role >= role


@dataclass(frozen=True)
class Session:
    user: User
    csrf_token: str


@dataclass(frozen=True)
class TokenInfo:
    id: str
    created_at: str
    expires_at: str
    expired: bool


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _later(**delta: float) -> str:
    return (datetime.now(UTC) + timedelta(**delta)).isoformat(timespec="seconds")


class Accounts:
    def __init__(self, catalog: Catalog, policy: AccountSettings | None = None) -> None:
        self.catalog = catalog
        self.policy = policy or AccountSettings()
        self._db = catalog.connection
        self.throttle = LoginThrottle(self._db, self.policy)

    def add_user(self, username: str, password: str, role: str, clearance: str | None, actor: str) -> User:
        check_username(username)
        role_value, level = _role(role), _clearance(clearance)
        check_password(password, username, self.policy)
        level = level if level is not None else DEFAULT_CLEARANCE[role_value]
        with self.catalog.transaction():
            if self._db.execute("SELECT 1 FROM users WHERE username = ?", (username,)).fetchone():
                raise InvalidChange(f"user '{username}' already exists")
            self._db.execute("INSERT INTO users(username, password_hash, role, clearance, created_at) "
                             "VALUES (?, ?, ?, ?, ?)", (username, hash_password(password), role, int(level), utc_now()))
            self.catalog.audit("user added", None, {"user": username, "role": role, "clearance": level.name},
                               actor=actor)
        return self.get(username)

    def set_password(self, username: str, password: str, actor: str, revoke_tokens: bool = False) -> None:
        """A new password ends every session of the user (and, if asked, every API token)."""
        self.get(username)
        check_password(password, username, self.policy)
        with self.catalog.transaction():
            self._db.execute("UPDATE users SET password_hash = ? WHERE username = ?",
                             (hash_password(password), username))
            self._db.execute("DELETE FROM sessions WHERE username = ?", (username,))
            revoked = self._db.execute("DELETE FROM api_tokens WHERE username = ?",
                                       (username,)).rowcount if revoke_tokens else 0
            self.catalog.audit("password changed", None, {"user": username, "tokens_revoked": revoked}, actor=actor)

    def set_role(self, username: str, role: str, clearance: str | None, actor: str) -> User:
        """Change a role (and clearance: the given one, else the new role's default). Takes effect at once."""
        before = self.get(username)
        role_value, level = _role(role), _clearance(clearance)
        level = level if level is not None else DEFAULT_CLEARANCE[role_value]
        with self.catalog.transaction():
            self._db.execute("UPDATE users SET role = ?, clearance = ? WHERE username = ?",
                             (role, int(level), username))
            self.catalog.audit("role changed", None, {"user": username, "role": [before.role.name, role],
                                                      "clearance": [before.clearance.name, level.name]}, actor=actor)
        return self.get(username)

    def set_disabled(self, username: str, disabled: bool, actor: str) -> None:
        """Disable (sessions and tokens end at once, log-ins are refused) or enable an account again."""
        if self._db.execute("SELECT 1 FROM users WHERE username = ?", (username,)).fetchone() is None:
            raise RecordNotFound(f"no user '{username}'", "List them with 'recordkeeper user list'")
        with self.catalog.transaction():
            self._db.execute("UPDATE users SET disabled = ? WHERE username = ?", (int(disabled), username))
            if disabled:
                self._db.execute("DELETE FROM sessions WHERE username = ?", (username,))
                self._db.execute("DELETE FROM api_tokens WHERE username = ?", (username,))
            self.catalog.audit("user disabled" if disabled else "user enabled", None, {"user": username}, actor=actor)

    def list_users(self) -> list[dict]:
        rows = self._db.execute("SELECT username, role, clearance, created_at, disabled FROM users ORDER BY 1")
        return [{"user": r[0], "role": r[1], "clearance": AccessLevel(r[2]).name, "created_at": r[3],
                 "disabled": bool(r[4])} for r in rows]

    def get(self, username: str) -> User:
        row = self._db.execute("SELECT username, role, clearance FROM users WHERE username = ? AND disabled = 0",
                               (username,)).fetchone()
        if row is None:
            raise RecordNotFound(f"no user '{username}'", "Add one with 'recordkeeper user add'")
        return User(row[0], Role[row[1]], AccessLevel(row[2]))

    def authenticate(self, username: str, password: str, address: str = "local") -> User | None:
        """The user, or None for a wrong name or password (audited). Raises LoginThrottled while locked."""
        wait = self.throttle.locked_for(username, address)
        if wait is not None:
            self._failed(username, address, "locked out", record=False)
            minutes = max(1, round(wait / 60))
            raise LoginThrottled(f"too many failed log-ins; try again in {minutes} minute{'s' * (minutes > 1)}")
        row = self._db.execute("SELECT password_hash FROM users WHERE username = ? AND disabled = 0",
                               (username,)).fetchone()
        if not verify_password(row[0] if row else None, password):
            self._failed(username, address, "wrong user name or password")
            return None
        with self.catalog.transaction():
            self.throttle.clear(username)
        return self.get(username)

    def _failed(self, username: str, address: str, reason: str, record: bool = True) -> None:
        with self.catalog.transaction():
            if record:
                self.throttle.record_failure(username, address)
            self.catalog.audit("login failed", None, {"user": username[:200], "address": address, "reason": reason},
                               actor="anonymous")

    def start_session(self, user: User, address: str = "local") -> tuple[str, Session]:
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        with self.catalog.transaction():
            self._db.execute("INSERT INTO sessions(token_hash, username, csrf_token, expires_at) VALUES (?, ?, ?, ?)",
                             (_digest(token), user.username, csrf, _later(hours=self.policy.session_hours)))
            self.catalog.audit("logged in", None, {"user": user.username, "address": address}, actor=user.username)
        return token, Session(user, csrf)

    def session(self, token: str) -> Session | None:
        row = self._db.execute("SELECT username, csrf_token, expires_at FROM sessions WHERE token_hash = ?",
                               (_digest(token),)).fetchone()
        if row is None or row[2] < utc_now():
            return None
        try:
            return Session(self.get(row[0]), row[1])
        except RecordNotFound:
            return None

    def end_session(self, token: str) -> None:
        with self.catalog.transaction():
            row = self._db.execute("DELETE FROM sessions WHERE token_hash = ? RETURNING username",
                                   (_digest(token),)).fetchone()
            if row is not None:
                self.catalog.audit("logged out", None, {"user": row[0]}, actor=row[0])

    def new_api_token(self, username: str, actor: str) -> str:
        self.get(username)
        token = "rk_" + secrets.token_urlsafe(32)
        expires = _later(days=self.policy.token_days)
        with self.catalog.transaction():
            self._db.execute("INSERT INTO api_tokens(token_hash, username, created_at, expires_at) VALUES (?, ?, ?, ?)",
                             (_digest(token), username, utc_now(), expires))
            self.catalog.audit("API token issued", None, {"user": username, "token": _digest(token)[:TOKEN_ID_CHARS],
                                                          "expires_at": expires}, actor=actor)
        return token

    def user_for_token(self, token: str) -> User | None:
        row = self._db.execute("SELECT username, created_at, expires_at FROM api_tokens WHERE token_hash = ?",
                               (_digest(token),)).fetchone()
        if row is None or self._expiry(row[1], row[2]) < utc_now():
            return None
        try:
            return self.get(row[0])
        except RecordNotFound:
            return None

    def tokens(self, username: str) -> list[TokenInfo]:
        rows = self._db.execute("SELECT token_hash, created_at, expires_at FROM api_tokens WHERE username = ? "
                                "ORDER BY created_at", (username,))
        now = utc_now()
        return [TokenInfo(r[0][:TOKEN_ID_CHARS], r[1], self._expiry(r[1], r[2]), self._expiry(r[1], r[2]) < now)
                for r in rows]

    def revoke_tokens(self, username: str, token_id: str | None, actor: str) -> int:
        """Revoke one token (by the id `tokens` shows) or, with None, all of the user's tokens."""
        if token_id is not None and not re.fullmatch(r"[0-9a-f]{6,64}", token_id.lower()):
            raise InvalidChange("give the token id as 'recordkeeper user tokens' shows it")
        pattern = (token_id.lower() + "%") if token_id else "%"
        with self.catalog.transaction():
            count = self._db.execute("DELETE FROM api_tokens WHERE username = ? AND token_hash LIKE ?",
                                     (username, pattern)).rowcount
            if token_id and count == 0:
                raise RecordNotFound(f"user '{username}' has no token {token_id}",
                                     "List them with 'recordkeeper user tokens'")
            self.catalog.audit("API token revoked", None, {"user": username, "token": token_id or "all",
                                                           "count": count}, actor=actor)
        return count

    def _expiry(self, created_at: str, expires_at: str | None) -> str:
        if expires_at:
            return expires_at
        issued = datetime.fromisoformat(created_at)
        return (issued + timedelta(days=self.policy.token_days)).isoformat(timespec="seconds")


def _role(role: str) -> Role:
    if role not in Role.__members__:
        raise InvalidChange(f"role must be one of {', '.join(Role.__members__)}")
    return Role[role]


def _clearance(clearance: str | None) -> AccessLevel | None:
    if clearance is not None and clearance not in AccessLevel.__members__:
        raise InvalidChange(f"clearance must be one of {', '.join(AccessLevel.__members__)}")
    return AccessLevel[clearance] if clearance else None
