"""Rich Text Format documents read as their text with striprtf (control words dropped, code pages decoded)."""

from __future__ import annotations

from pathlib import Path

from striprtf.striprtf import rtf_to_text

from pipeline.errors import CorruptDocument, EmptyDocument
from pipeline.pages import Extraction, PageText, TextMethod


def rtf_extraction(path: Path, media_type: str) -> Extraction:
    # RTF is 7-bit by definition; other characters are escapes that striprtf decodes itself.
    source = path.read_bytes().decode("latin-1")
    try:
        text = rtf_to_text(source, errors="replace")
    except (ValueError, IndexError, LookupError) as exc:
        raise CorruptDocument(f"'{path.name}' is damaged RTF ({exc})") from None
    if not text.strip():
        raise EmptyDocument(f"'{path.name}' is an RTF document with no text")
    return Extraction(media_type=media_type, pages=[PageText(1, text.strip(), TextMethod.document)])
