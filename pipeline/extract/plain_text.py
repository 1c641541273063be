"""Plain-text records (e-mail exports, notes): decode and split pages at form feeds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import EmptyDocument
from pipeline.pages import PageText, TextMethod


def text_pages(path: Path) -> Iterator[PageText]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older Windows exports; cp1252 maps almost every byte, so it is the sensible fallback.
        text = raw.decode("cp1252", errors="replace")
    if not text.strip():
        raise EmptyDocument(f"'{path.name}' holds only white space")
    for number, page in enumerate(text.replace("\r\n", "\n").split("\f"), start=1):
        yield PageText(number=number, text=page.strip("\n"), method=TextMethod.plain)
