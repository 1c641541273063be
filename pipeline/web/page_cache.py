"""Page images for the viewer: rendered on demand from the archived original, kept on disk for the next look.

The cache lives under the data home (`cache/pages/`), named by the original's checksum, page, width and turn,
so a record's pages are shared by every person who opens it and never go stale (the archive is
content-addressed). It is bounded: past MAX_CACHE_BYTES the least recently used images are removed.
Losing the folder loses nothing; the next look renders again.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pipeline.extract.page_images import render_page_png
from pipeline.records import Record
from pipeline.settings import Settings

MAX_CACHE_BYTES = 256 * 1024 * 1024
# The widths a person can ask for: a thumbnail, and the viewer's zoom steps.
THUMBNAIL_WIDTH = 360
ZOOM_WIDTHS = (600, 900, 1300, 1800)
WIDTHS = (THUMBNAIL_WIDTH, *ZOOM_WIDTHS)


def cache_dir(settings: Settings) -> Path:
    return settings.page_cache_dir


def has_page_images(record: Record) -> bool:
    """Whether the original has pictures to show; a text record shows its text instead."""
    return record.media_type == "application/pdf" or record.media_type.startswith("image/")


def page_png(settings: Settings, record: Record, page_number: int, width: int, rotation: int = 0) -> bytes | None:
    """One page as a PNG `width` pixels wide (one of WIDTHS), from the cache or rendered now; None if no such page."""
    if width not in WIDTHS or not has_page_images(record):
        return None
    folder = cache_dir(settings)
    cached = folder / f"{record.sha256}-{page_number}-{width}-{rotation % 360}.png"
    try:
        image = cached.read_bytes()
        os.utime(cached)  # a look keeps it among the recently used
        return image
    except FileNotFoundError:
        pass
    image = render_page_png(Path(record.archive_path), record.media_type, page_number, width, rotation)
    if image is not None:
        _store(folder, cached, image)
    return image


def _store(folder: Path, target: Path, image: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    # Written under a temporary name and renamed: a reader never sees half an image.
    partial = folder / f".{secrets.token_hex(6)}.partial"
    partial.write_bytes(image)
    os.replace(partial, target)
    _trim(folder)


def _trim(folder: Path) -> None:
    entries = []
    for path in folder.glob("*.png"):
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue  # removed by another request meanwhile
        entries.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= MAX_CACHE_BYTES:
            break
        path.unlink(missing_ok=True)
        total -= size
