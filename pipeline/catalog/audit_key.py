"""The key that seals the audit trail: HMAC-SHA256 with a secret kept outside the data home.

The plain SHA-256 chain shows accidental damage and clumsy edits, but anyone who can write the catalog
can recompute it. A seal (an HMAC of an entry's chain hash) can only be made with the key, so rewriting
history without the key leaves seals that do not verify. The catalog records only the key's
fingerprint, never the key.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import AuditKeyError

log = logging.getLogger(__name__)
_KEY_BYTES = 32
_FINGERPRINT_LABEL = b"recordkeeper audit key fingerprint\0"


@dataclass(frozen=True)
class AuditKey:
    secret: bytes = field(repr=False)
    source: str  # where it came from, for messages: a file path or "the environment"

    @property
    def fingerprint(self) -> str:
        """Names the key without revealing it (recorded in the catalog, checkpoints and backups)."""
        return hashlib.sha256(_FINGERPRINT_LABEL + self.secret).hexdigest()[:32]

    def seal(self, message: str) -> str:
        return hmac.new(self.secret, message.encode("utf-8"), hashlib.sha256).hexdigest()

    def verifies(self, message: str, seal: str | None) -> bool:
        return seal is not None and hmac.compare_digest(self.seal(message), seal)


def load_key(key_file: Path, secret_from_environment: str | None) -> AuditKey | None:
    """The configured key, or None when there is none yet."""
    if secret_from_environment:
        return AuditKey(secret_from_environment.encode("utf-8"), "the environment (RECORDKEEPER_AUDIT_KEY)")
    try:
        text = key_file.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise AuditKeyError(f"the audit key file {key_file} cannot be read: {exc}") from None
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        raise AuditKeyError(f"the audit key file {key_file} is not a key written by recordkeeper") from None
    if len(secret) < _KEY_BYTES:
        raise AuditKeyError(f"the audit key file {key_file} holds a key shorter than {_KEY_BYTES} bytes")
    if key_file.stat().st_mode & 0o077:
        log.warning("audit key file %s can be read by other users; chmod 400 it", key_file)
    return AuditKey(secret, str(key_file))


def create_key(key_file: Path) -> AuditKey:
    """Make a new random key, readable by its owner only; never overwrites an existing file."""
    secret = secrets.token_bytes(_KEY_BYTES)
    try:
        key_file.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o400)
    except FileExistsError:
        raise AuditKeyError(f"an audit key file already exists at {key_file}") from None
    except OSError as exc:
        raise AuditKeyError(f"the audit key cannot be created at {key_file}: {exc}",
                            "Set audit.key_file (or RECORDKEEPER_AUDIT_KEY_FILE) to a writable place outside "
                            "the data home, or give the key in RECORDKEEPER_AUDIT_KEY") from None
    with os.fdopen(handle, "w", encoding="ascii") as out:
        out.write(secret.hex() + "\n")
        out.flush()
        os.fsync(out.fileno())
    log.info("created the audit key %s", key_file)
    return AuditKey(secret, str(key_file))
