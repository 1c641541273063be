"""Password hashing (Argon2id), the password policy and the user-name rule.

Checking a password against an unknown user name costs as much as against a known one (a stand-in hash
is verified), so answer times do not tell which user names exist.
"""

from __future__ import annotations

import re
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from pipeline.errors import InvalidChange
from pipeline.security_settings import AccountSettings

_hasher = PasswordHasher()
# Letters, digits and . _ @ -: safe in a URL, a log line, an audit entry and an HTML page alike.
USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$")
# zxcvbn's time grows with the length of what it reads; beyond this a password is long enough anyway.
_SCORED_CHARS = 100
MAX_PASSWORD_CHARS = 1024


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when `password` matches; with no stored hash (unknown user) a stand-in is checked, at equal cost."""
    try:
        return _hasher.verify(stored_hash or _stand_in_hash(), password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


@cache
def _stand_in_hash() -> str:
    return _hasher.hash("no user has this password: it only makes unknown names cost the same")


def check_username(username: str) -> None:
    if not USERNAME.match(username):
        raise InvalidChange(f"'{username}' is not a usable user name",
                            "Use 2 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit")


def check_password(password: str, username: str, policy: AccountSettings) -> None:
    """Refuse short, guessable or user-name-like passwords, saying why and how to pick a better one."""
    if len(password) < policy.min_password_length:
        raise InvalidChange(f"passwords need at least {policy.min_password_length} characters",
                            "Use a passphrase of three or four unrelated words")
    if len(password) > MAX_PASSWORD_CHARS:
        raise InvalidChange(f"passwords may have at most {MAX_PASSWORD_CHARS} characters")
    if password.strip().lower() == username.lower() or username.lower() in password.lower():
        raise InvalidChange("the password may not contain the user name",
                            "Use a passphrase of three or four unrelated words")
    estimate = zxcvbn(password[:_SCORED_CHARS], user_inputs=[username, "recordkeeper", "records"])
    if estimate["score"] < policy.min_password_score:
        feedback = estimate["feedback"]
        hint = " ".join([feedback.get("warning") or "", *feedback.get("suggestions", [])]).strip()
        raise InvalidChange("the password is too easy to guess" + (f": {hint}" if hint else ""),
                            "Use a passphrase of three or four unrelated words")
