"""Checks on an Office or OpenDocument ZIP container before any reader unpacks it.

A few kilobytes of ZIP can unpack to gigabytes (a decompression bomb), and an XML part can declare
entities that expand a billion-fold or fetch files from the server. Office and OpenDocument parts never
carry a document type declaration, so any part that does is refused outright, whatever the reader
library would have done with it.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from pipeline.errors import CorruptDocument, DocumentTooLarge, EncryptedDocument, UnsupportedDocument
from pipeline.settings import LimitSettings

_MAX_MEMBERS = 20_000
# Small containers may compress well (a sheet of zeros) without being any danger.
_RATIO_FLOOR_BYTES = 20 * 1_048_576
_PROLOGUE_BYTES = 65_536
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def check_container(path: Path, limits: LimitSettings) -> None:
    """Raise a DocumentError when the container is damaged, encrypted, a bomb, or declares XML entities."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            _check_sizes(path, members, limits)
            for member in members:
                if member.flag_bits & 0x1:
                    raise EncryptedDocument(f"'{path.name}' has encrypted parts ('{member.filename}')")
                if member.filename.lower().endswith((".xml", ".rels")):
                    with archive.open(member) as part:
                        prologue = part.read(_PROLOGUE_BYTES)
                    if _DECLARATION.search(prologue):
                        raise UnsupportedDocument(
                            f"'{path.name}' declares XML entities in '{member.filename}', which Office and "
                            "OpenDocument files never do; refused as a possible XML entity attack",
                            "Open it in the application that made it, save a new copy and file that")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as exc:
        raise CorruptDocument(f"'{path.name}' is a damaged ZIP container ({exc})") from None


def _check_sizes(path: Path, members: list[zipfile.ZipInfo], limits: LimitSettings) -> None:
    if len(members) > _MAX_MEMBERS:
        raise DocumentTooLarge(f"'{path.name}' holds {len(members):,} parts, over the limit of {_MAX_MEMBERS:,}")
    unpacked = sum(member.file_size for member in members)
    packed = max(sum(member.compress_size for member in members), 1)
    if unpacked > limits.max_unpacked_mb * 1_048_576:
        raise DocumentTooLarge(
            f"'{path.name}' would unpack to {unpacked / 1_048_576:,.0f} MB, over the limit of "
            f"{limits.max_unpacked_mb:g} MB (limits.max_unpacked_mb); refused as a possible decompression bomb")
    if unpacked > _RATIO_FLOOR_BYTES and unpacked / packed > limits.max_compression_ratio:
        raise DocumentTooLarge(
            f"'{path.name}' would unpack {unpacked / packed:,.0f} times larger than it is, over the limit of "
            f"{limits.max_compression_ratio:g} (limits.max_compression_ratio); refused as a possible "
            "decompression bomb")
