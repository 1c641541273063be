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
# What a prologue holds, one item at a time: white space (and a byte-order mark), processing instructions
# (the XML declaration among them), comments; then a declaration, the root element, or anything else.
_PROLOGUE_ITEM = re.compile(
    rb"(?P<space>(?:\xef\xbb\xbf|[ \t\r\n])+)|(?P<pi><\?.*?\?>)|(?P<comment><!--.*?-->)"
    rb"|(?P<declaration><!(?:DOCTYPE|ENTITY))|(?P<root><[^!?])|(?P<other>[^<])",
    re.IGNORECASE | re.DOTALL)


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
                    _check_part(path, member, limits)
                    with archive.open(member) as part:
                        declares = _declares_entities(part)
                    if declares:
                        raise UnsupportedDocument(
                            f"'{path.name}' declares XML entities in '{member.filename}', which Office and "
                            "OpenDocument files never do; refused as a possible XML entity attack",
                            "Open it in the application that made it, save a new copy and file that")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as exc:
        raise CorruptDocument(f"'{path.name}' is a damaged ZIP container ({exc})") from None


def _check_part(path: Path, member: zipfile.ZipInfo, limits: LimitSettings) -> None:
    """One XML part's size and ratio: a whole-archive check is fooled by a large stored member (a picture of
    noise) beside a part that unpacks a thousand-fold, and the readers hold each parsed part in memory."""
    if member.file_size > limits.max_xml_part_mb * 1_048_576:
        raise DocumentTooLarge(
            f"'{path.name}': its part '{member.filename}' would unpack to {member.file_size / 1_048_576:,.0f} MB, "
            f"over the limit of {limits.max_xml_part_mb:g} MB (limits.max_xml_part_mb)")
    ratio = member.file_size / max(member.compress_size, 1)
    if member.file_size > _RATIO_FLOOR_BYTES and ratio > limits.max_compression_ratio:
        raise DocumentTooLarge(
            f"'{path.name}': its part '{member.filename}' would unpack {ratio:,.0f} times larger than it is, over "
            f"the limit of {limits.max_compression_ratio:g} (limits.max_compression_ratio); refused as a possible "
            "decompression bomb")


def _declares_entities(part) -> bool:
    """Whether the part's prologue (everything before its root element) holds a DOCTYPE or ENTITY.

    A prologue can be padded with comments and processing instructions past any fixed number of bytes,
    so it is read to the root element's start, however far that is (the part's size is already bounded).
    """
    buffer, position = b"", 0
    while True:
        match = _PROLOGUE_ITEM.match(buffer, position)
        if match is None or match.end() == len(buffer):
            # An item that may continue past what is read: read more, keeping only what is not yet consumed.
            # Reads grow with the buffer, so an unclosed comment is scanned a bounded number of times.
            chunk = part.read(max(_PROLOGUE_BYTES, len(buffer)))
            if not chunk:
                match = _PROLOGUE_ITEM.match(buffer, position)
                return bool(match and match.lastgroup == "declaration")
            buffer, position = buffer[position:] + chunk, 0
            continue
        if match.lastgroup == "declaration":
            return True
        if match.lastgroup in ("root", "other"):
            return False  # the root element (or text that is not XML) starts: the prologue is over
        position = match.end()


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
