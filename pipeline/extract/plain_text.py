"""Plain-text records (notes, exports, Markdown): decode from whatever common encoding they use, split pages
at form feeds, and record the encoding on the record. A Markdown page's YAML front matter states its title."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import EmptyDocument, UnsupportedDocument
from pipeline.extract.text_decoding import decode_text
from pipeline.pages import Extraction, PageText, TextMethod
from pipeline.titles import front_matter_title


def text_extraction(path: Path, media_type: str) -> Extraction:
    decoded = decode_text(path.read_bytes())
    if decoded is None:
        raise UnsupportedDocument(f"'{path.name}' is not text in any known character encoding")
    text = decoded.text
    if not text.strip():
        raise EmptyDocument(f"'{path.name}' holds only white space")
    pages = [PageText(number=number, text=page.strip("\n"), method=TextMethod.plain)
             for number, page in enumerate(text.replace("\r\n", "\n").split("\f"), start=1)]
    return Extraction(media_type=media_type, pages=pages, title=front_matter_title(text),
                      metadata={"text_encoding": encoding_name(decoded.encoding)})



def encoding_name(codec: str) -> str:
    """The encoding as people write it ("utf-8", "cp1252"), not Python's codec spelling ("utf_8")."""
    return codec.replace("_", "-")
