"""HTML pages (and hOCR, which is HTML) read as a browser shows them: the visible text, never the markup.

Scripts, styles and the head are dropped; block elements end lines and table cells are separated by tabs,
so a table reads row by row. The page's <title> becomes the record's title.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4.dammit import UnicodeDammit
from lxml import etree

from pipeline.errors import EmptyDocument
from pipeline.extract.plain_text import encoding_name
from pipeline.extract.text_budget import TextBudget
from pipeline.pages import Extraction, PageText, TextMethod
from pipeline.settings import Settings

_INVISIBLE = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}
_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
           "header", "footer", "blockquote", "pre", "dt", "dd", "hr", "address", "form", "fieldset", "nav",
           "aside", "main", "figure", "figcaption", "caption", "ul", "ol", "dl"}
_CELLS = {"td", "th"}
_BLANK_LINES = re.compile(r"\n\s*\n\s*\n+")
_CHUNK = 1_048_576
# A page has one title; a file of <title> elements must not grow it without end (the budget bounds it too).
_MAX_TITLE_PARTS = 1_000


def html_extraction(path: Path, media_type: str, settings: Settings) -> Extraction:
    data = path.read_bytes()
    decoded = UnicodeDammit(data, is_html=True)
    budget = TextBudget(path.name, settings.limits)
    page = _VisibleText(budget)
    _parse(decoded.unicode_markup or "", page)
    title = " ".join(" ".join(page.title).split())
    text = page.text()
    if not text and not title:
        raise EmptyDocument(f"'{path.name}' is an HTML page with no visible text")
    encoding = decoded.original_encoding
    metadata = {"text_encoding": encoding_name(encoding)} if encoding else {}
    return Extraction(media_type=media_type, pages=[PageText(1, text, TextMethod.document)],
                      title=title or None, metadata=metadata)


def html_to_text(markup: str, budget: TextBudget) -> str:
    """The visible text of an HTML fragment or page (an e-mail's HTML body), charged to `budget`."""
    page = _VisibleText(budget)
    _parse(markup, page)
    return page.text()


def _parse(markup: str, page: _VisibleText) -> None:
    # lxml's parser with a target calls back per tag and per run of text and builds no tree: a tree of
    # tiny elements costs about 180 times the file's size, the callbacks only the text kept.
    parser = etree.HTMLParser(target=page, recover=True, no_network=True)
    for start in range(0, len(markup), _CHUNK):
        parser.feed(markup[start:start + _CHUNK])
    if markup:
        parser.close()


class _VisibleText:
    """The parser's target: keeps the text outside invisible elements; block ends start a line, cell ends
    add a tab, as a browser lays them out."""

    def __init__(self, budget: TextBudget) -> None:
        self.budget = budget
        self.parts: list[str] = []
        self.title: list[str] = []
        self.hidden = 0  # how many invisible elements we are inside
        self.in_title = 0

    def start(self, tag: str, attrib) -> None:
        tag = tag.lower()
        if tag in _INVISIBLE:
            self.hidden += 1
        if tag == "title":
            self.in_title += 1

    def end(self, tag: str) -> None:
        tag = tag.lower()
        if tag in _INVISIBLE:
            self.hidden = max(self.hidden - 1, 0)
        elif tag == "title":
            self.in_title = max(self.in_title - 1, 0)
        if self.hidden:
            return
        if tag in _CELLS:
            self.parts.append(self.budget.text("\t"))
        elif tag in _BLOCKS:
            self.parts.append(self.budget.text("\n"))

    def data(self, text: str) -> None:
        if self.in_title and len(self.title) < _MAX_TITLE_PARTS:
            self.title.append(self.budget.text(text))
        if not self.hidden:
            self.parts.append(self.budget.text(text))

    def close(self) -> None:
        return None

    def text(self) -> str:
        lines = "".join(self.parts).splitlines()
        text = "\n".join(_cells(line) if "\t" in line else " ".join(line.split()) for line in lines)
        return _BLANK_LINES.sub("\n\n", text).strip()
def _cells(line: str) -> str:
    return "\t".join(" ".join(cell.split()) for cell in line.split("\t")).strip("\t")
