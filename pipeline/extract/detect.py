"""Decide what a file is from its content (magic bytes), never from its name."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import filetype

from pipeline.errors import EmptyDocument, UnsupportedDocument

_SNIFF_BYTES = 8192
_IMAGE_TYPES = {"image/png", "image/jpeg", "image/tiff"}


class DocumentKind(StrEnum):
    pdf = "pdf"
    image = "image"
    text = "text"


@dataclass(frozen=True)
class DetectedType:
    kind: DocumentKind
    media_type: str


def detect_type(path: Path) -> DetectedType:
    """Return the document kind; raise a DocumentError for empty or unsupported content."""
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if not head:
        raise EmptyDocument(f"'{path.name}' is empty (0 bytes)")
    # PDF writers may put junk before the header; readers accept it within the first 1 KiB.
    if b"%PDF-" in head[:1024]:
        return DetectedType(DocumentKind.pdf, "application/pdf")
    guess = filetype.guess(head)
    if guess is not None:
        if guess.mime in _IMAGE_TYPES:
            return DetectedType(DocumentKind.image, guess.mime)
        raise UnsupportedDocument(_mislabel_reason(path, f"{guess.mime} ({guess.extension})"))
    if _looks_like_text(head):
        return DetectedType(DocumentKind.text, "text/plain")
    raise UnsupportedDocument(_mislabel_reason(path, "binary data of no known document type"))


def _mislabel_reason(path: Path, content: str) -> str:
    suffix = path.suffix.lower()
    if suffix:
        return f"'{path.name}' is named {suffix} but its content is {content}; not a supported document type"
    return f"'{path.name}' contains {content}; not a supported document type"


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        sample = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character may be cut at the end of the sample.
        if exc.start < len(head) - 4:
            return False
        sample = head[: exc.start].decode("utf-8")
    printable = sum(ch.isprintable() or ch in "\r\n\t\f" for ch in sample)
    return printable / max(len(sample), 1) > 0.95
