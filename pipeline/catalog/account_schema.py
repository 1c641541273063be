"""Tables of staff accounts for the web UI and API: users, browser sessions, API tokens (secrets stored
hashed), and recent failed log-ins (for throttling). Created by the catalog with the rest of its schema."""

from __future__ import annotations

ACCOUNTS_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    username TEXT PRIMARY KEY, password_hash TEXT NOT NULL, role TEXT NOT NULL, clearance INTEGER NOT NULL,
    created_at TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY, username TEXT NOT NULL REFERENCES users(username), csrf_token TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_tokens (
    token_hash TEXT PRIMARY KEY, username TEXT NOT NULL REFERENCES users(username), created_at TEXT NOT NULL,
    expires_at TEXT
);
CREATE TABLE IF NOT EXISTS login_failures (
    id INTEGER PRIMARY KEY, username TEXT NOT NULL, address TEXT NOT NULL, at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS login_failures_user ON login_failures(username, at);
CREATE INDEX IF NOT EXISTS login_failures_address ON login_failures(address, at);
"""
# Tokens issued before expiry existed have none stored: they expire token_days after they were issued.
ACCOUNTS_ADDED_COLUMNS = [("api_tokens", "expires_at", "TEXT")]
