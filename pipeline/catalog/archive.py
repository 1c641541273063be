"""Archive stage: originals in content-addressed storage, written durably and verified by checksum.

A file is stored at `<root>/<aa>/<bb>/<sha256><suffix>`. It is copied to a temporary name in the
same folder, fsynced, renamed into place, and then read back and re-hashed: only a verified copy
counts as archived, so the caller may remove the original only after `store` returns. The temporary
name, `.incoming-<pid>-<random>`, names the process writing it, so a copy whose writer died (a crash or
kill mid-copy) is told apart from one being written now and can be removed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from pipeline.errors import ArchiveError

_CHUNK = 1 << 20
INCOMING_PREFIX = ".incoming-"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class LocalArchive:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str, suffix: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / f"{sha256}{_safe_suffix(suffix)}"

    def store(self, source: Path, sha256: str) -> Path:
        """Copy `source` into the archive and return the verified archived path."""
        target = self.path_for(sha256, source.suffix)
        if target.exists() and sha256_file(target) == sha256:
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._copy_durably(source, target)
        except OSError as exc:
            raise ArchiveError(f"could not write the archived copy of '{source.name}': {exc}") from None
        actual = sha256_file(target)
        if actual != sha256:
            target.unlink(missing_ok=True)
            raise ArchiveError(
                f"archived copy of '{source.name}' does not match its checksum ({actual[:12]} != {sha256[:12]})"
            )
        return target

    def abandoned_copies(self) -> list[Path]:
        """Unfinished copies whose writing process is gone: they will never be renamed into place."""
        if not self.root.is_dir():
            return []
        return sorted(path for path in self.root.glob(f"*/*/{INCOMING_PREFIX}*") if not _writer_alive(path))

    def remove_abandoned_copies(self) -> list[Path]:
        removed = self.abandoned_copies()
        for path in removed:
            path.unlink(missing_ok=True)
        return removed

    @staticmethod
    def _copy_durably(source: Path, target: Path) -> None:
        handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f"{INCOMING_PREFIX}{os.getpid()}-")
        try:
            with os.fdopen(handle, "wb") as out, source.open("rb") as src:
                shutil.copyfileobj(src, out, _CHUNK)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp_name, target)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
        directory = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def _safe_suffix(suffix: str) -> str:
    # The suffix comes from an untrusted file name: keep it short and plain.
    cleaned = "".join(ch for ch in suffix.lower() if ch.isalnum())[:8]
    return f".{cleaned}" if cleaned else ""


def _writer_alive(path: Path) -> bool:
    pid_text = path.name[len(INCOMING_PREFIX):].split("-", 1)[0]
    if not pid_text.isdigit():
        return False  # written by an earlier release, which did not name the writer: long finished
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, owned by someone else
    # A killed writer whose parent died too can linger as a zombie until it is reaped: it writes nothing.
    # And process ids are reused: a live process that started after the copy was last written is not its writer.
    state, started = _process_state(int(pid_text))
    if state in ("Z", "X"):
        return False
    try:
        return started is None or started <= path.stat().st_mtime + 1
    except FileNotFoundError:
        return True  # finished or removed meanwhile: nothing to clear


def _process_state(pid: int) -> tuple[str | None, float | None]:
    """A process's state letter and start time (seconds since the epoch), from Linux's /proc; (None, None)
    where that is unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        boot = next(float(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines()
                    if line.startswith("btime "))
        return fields[0], boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None, None
