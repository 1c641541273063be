"""Accounts, roles, sessions and API tokens.

Passwords are hashed with Argon2id. Session cookies and API tokens are random 256-bit secrets; only their
SHA-256 is stored, so a copy of the catalog does not let anyone log in. Roles are cumulative; a user's
clearance (the highest access level they may see) is separate from their role.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import IntEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from pipeline.catalog.sqlite import Catalog, utc_now
from pipeline.errors import InvalidChange, RecordNotFound
from pipeline.file_plan import AccessLevel

SESSION_HOURS = 12
_hasher = PasswordHasher()


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


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Accounts:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._db = catalog.connection

    def add_user(self, username: str, password: str, role: str, clearance: str | None, actor: str) -> User:
        if role not in Role.__members__:
            raise InvalidChange(f"role must be one of {', '.join(Role.__members__)}")
        if clearance is not None and clearance not in AccessLevel.__members__:
            raise InvalidChange(f"clearance must be one of {', '.join(AccessLevel.__members__)}")
        _check_password(password)
        level = AccessLevel[clearance] if clearance else DEFAULT_CLEARANCE[Role[role]]
        with self.catalog.transaction():
            if self._db.execute("SELECT 1 FROM users WHERE username = ?", (username,)).fetchone():
                raise InvalidChange(f"user '{username}' already exists")
            self._db.execute("INSERT INTO users(username, password_hash, role, clearance, created_at) "
                             "VALUES (?, ?, ?, ?, ?)", (username, _hasher.hash(password), role, int(level), utc_now()))
            self.catalog.audit("user added", None, {"user": username, "role": role, "clearance": level.name},
                               actor=actor)
        return self.get(username)

    def set_password(self, username: str, password: str, actor: str) -> None:
        self.get(username)
        _check_password(password)
        with self.catalog.transaction():
            self._db.execute("UPDATE users SET password_hash = ? WHERE username = ?",
                             (_hasher.hash(password), username))
            self._db.execute("DELETE FROM sessions WHERE username = ?", (username,))
            self.catalog.audit("password changed", None, {"user": username}, actor=actor)

    def get(self, username: str) -> User:
        row = self._db.execute("SELECT username, role, clearance FROM users WHERE username = ? AND disabled = 0",
                               (username,)).fetchone()
        if row is None:
            raise RecordNotFound(f"no user '{username}'", "Add one with 'recordkeeper user add'")
        return User(row[0], Role[row[1]], AccessLevel(row[2]))

    def authenticate(self, username: str, password: str) -> User | None:
        row = self._db.execute("SELECT password_hash FROM users WHERE username = ? AND disabled = 0",
                               (username,)).fetchone()
        try:
            if row is None or not _hasher.verify(row[0], password):
                return None
        except (VerificationError, InvalidHashError):
            return None
        return self.get(username)

    def start_session(self, user: User) -> tuple[str, Session]:
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        expires = (datetime.now(UTC) + timedelta(hours=SESSION_HOURS)).isoformat(timespec="seconds")
        with self.catalog.transaction():
            self._db.execute("INSERT INTO sessions(token_hash, username, csrf_token, expires_at) VALUES (?, ?, ?, ?)",
                             (_digest(token), user.username, csrf, expires))
            self.catalog.audit("logged in", None, {"user": user.username}, actor=user.username)
        return token, Session(user, csrf)

    def session(self, token: str) -> Session | None:
        row = self._db.execute("SELECT username, csrf_token, expires_at FROM sessions WHERE token_hash = ?",
                               (_digest(token),)).fetchone()
        if row is None or row[2] < datetime.now(UTC).isoformat(timespec="seconds"):
            return None
        try:
            return Session(self.get(row[0]), row[1])
        except RecordNotFound:
            return None

    def end_session(self, token: str) -> None:
        with self.catalog.transaction():
            self._db.execute("DELETE FROM sessions WHERE token_hash = ?", (_digest(token),))

    def new_api_token(self, username: str, actor: str) -> str:
        self.get(username)
        token = "rk_" + secrets.token_urlsafe(32)
        with self.catalog.transaction():
            self._db.execute("INSERT INTO api_tokens(token_hash, username, created_at) VALUES (?, ?, ?)",
                             (_digest(token), username, utc_now()))
            self.catalog.audit("API token issued", None, {"user": username}, actor=actor)
        return token

    def user_for_token(self, token: str) -> User | None:
        row = self._db.execute("SELECT username FROM api_tokens WHERE token_hash = ?", (_digest(token),)).fetchone()
        try:
            return self.get(row[0]) if row else None
        except RecordNotFound:
            return None


def _check_password(password: str) -> None:
    if len(password) < 10:
        raise InvalidChange("passwords need at least 10 characters")
