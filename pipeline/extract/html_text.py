"""HTML pages (and hOCR, which is HTML) read as a browser shows them: the visible text, never the markup.

Scripts, styles and the head are dropped; block elements end lines and table cells are separated by tabs,
so a table reads row by row. The page's <title> becomes the record's title.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning

from pipeline.errors import EmptyDocument
from pipeline.extract.plain_text import encoding_name
from pipeline.pages import Extraction, PageText, TextMethod

_INVISIBLE = ["script", "style", "noscript", "template", "head", "svg", "iframe", "object"]
_BLOCKS = ["p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
           "header", "footer", "blockquote", "pre", "dt", "dd", "hr", "address", "form", "fieldset", "nav",
           "aside", "main", "figure", "figcaption", "caption", "ul", "ol", "dl"]
_CELLS = ["td", "th"]
_BLANK_LINES = re.compile(r"\n\s*\n\s*\n+")


def html_extraction(path: Path, media_type: str) -> Extraction:
    with warnings.catch_warnings():
        # An XHTML or hOCR page parsed as HTML is what we want; the library's advice is not for us.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(path.read_bytes(), "lxml")
    title = " ".join(soup.title.get_text(" ").split()) if soup.title else ""
    text = visible_text(soup)
    if not text and not title:
        raise EmptyDocument(f"'{path.name}' is an HTML page with no visible text")
    metadata = {"text_encoding": encoding_name(soup.original_encoding)} if soup.original_encoding else {}
    return Extraction(media_type=media_type, pages=[PageText(1, text, TextMethod.document)],
                      title=title or None, metadata=metadata)


def html_to_text(markup: str) -> str:
    """The visible text of an HTML fragment or page (an e-mail's HTML body)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return visible_text(BeautifulSoup(markup, "lxml"))


def visible_text(soup: BeautifulSoup) -> str:
    for tag in soup.find_all(_INVISIBLE):
        tag.decompose()
    for tag in soup.find_all(_CELLS):
        tag.append("\t")
    for tag in soup.find_all(_BLOCKS):
        tag.append("\n")
    lines = soup.get_text("").splitlines()
    text = "\n".join(_cells(line) if "\t" in line else " ".join(line.split()) for line in lines)
    return _BLANK_LINES.sub("\n\n", text).strip()


def _cells(line: str) -> str:
    return "\t".join(" ".join(cell.split()) for cell in line.split("\t")).strip("\t")
