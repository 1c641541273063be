"""OpenDocument files (.odt, .ods, .odp) read from their content.xml with defusedxml.

A text document is one page; a spreadsheet gives one page per table (sheet), a presentation one page per
slide. Paragraphs, headings and table cells each end a line; spaces, tabs and line breaks inside them are
kept as ODF encodes them (`text:s`, `text:tab`, `text:line-break`).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from pipeline.errors import CorruptDocument, DocumentTooLarge, UnsupportedDocument
from pipeline.extract.detect import ODP, ODS
from pipeline.extract.text_budget import TextBudget
from pipeline.extract.zip_guard import check_container
from pipeline.pages import Extraction, PageText, TextMethod
from pipeline.settings import Settings

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_DC = "http://purl.org/dc/elements/1.1/"
_LINE_ENDS = {f"{{{_TEXT}}}p", f"{{{_TEXT}}}h", f"{{{_TABLE}}}table-row"}
_CELL = f"{{{_TABLE}}}table-cell"
# A spreadsheet row repeated a million times (how ODF marks an empty sheet's tail) is written at most this
# often.
_MAX_REPEAT = 100
# `<text:s text:c="N"/>` is N spaces; layout never needs more than a line's worth.
_MAX_SPACES = 100


def opendocument_extraction(path: Path, media_type: str, settings: Settings) -> Extraction:
    check_container(path, settings.limits)
    try:
        with zipfile.ZipFile(path) as archive:
            content = fromstring(archive.read("content.xml"))
            names = set(archive.namelist())
            meta = fromstring(archive.read("meta.xml")) if "meta.xml" in names else None
    except KeyError:
        raise CorruptDocument(f"'{path.name}' is an OpenDocument file without its content.xml") from None
    except DefusedXmlException as exc:
        raise UnsupportedDocument(f"'{path.name}' declares XML entities ({exc}); refused as a possible XML attack",
                                  "Open it in the application that made it, save a new copy and file that") from None
    except (ParseError, zipfile.BadZipFile, OSError) as exc:
        raise CorruptDocument(f"'{path.name}' is a damaged OpenDocument file ({exc})") from None
    texts = _page_texts(content, media_type, TextBudget(path.name, settings.limits))
    if len(texts) > settings.limits.max_pages:
        raise DocumentTooLarge(f"'{path.name}' has {len(texts)} sheets or slides, over {settings.limits.max_pages}")
    pages = [PageText(number=n, text=text, method=TextMethod.document) for n, text in enumerate(texts, start=1)]
    title = meta.findtext(f".//{{{_DC}}}title") if meta is not None else None
    return Extraction(media_type=media_type, pages=pages, title=(title or "").strip() or None)


def _page_texts(content: Element, media_type: str, budget: TextBudget) -> list[str]:
    body = content.find(f"{{{_OFFICE}}}body")
    if body is None:
        return [""]
    if media_type == ODS:
        parts = _outermost(body, f"{{{_TABLE}}}table")
    elif media_type == ODP:
        parts = _outermost(body, f"{{{_DRAW}}}page")
    else:
        parts = [body]
    # One budget across all sheets or slides: a limit per sheet would multiply by the number of sheets.
    texts = ["\n".join(line for line in _lines(part, budget) if line.strip()) for part in parts]
    return texts or [""]


def _outermost(root: Element, tag: str) -> list[Element]:
    """The `tag` elements not inside another one: a table inside a table's cell is part of that sheet, not a
    sheet of its own (read again as one, its text would count twice)."""
    found, pending = [], [root]
    while pending:
        element = pending.pop()
        if element.tag == tag:
            found.append(element)
        else:
            pending.extend(reversed(element))
    return found


def _lines(element: Element, budget: TextBudget) -> list[str]:
    """The element's lines, walked with a stack of its own: markup nested thousands deep must not exhaust
    Python's recursion limit."""
    lines: list[str] = []
    current: list[str] = []
    # Each entry: (opening?, element, inside a table cell), or a tail string to add.
    pending: list[tuple[bool, Element, bool] | str] = [(True, element, False)]
    while pending:
        entry = pending.pop()
        if isinstance(entry, str):
            current.append(budget.text(entry))
            continue
        opening, node, in_cell = entry
        if not opening:
            _close(node, in_cell, lines, current)
            continue
        # Every element costs one character of the budget even when it adds none: ten million empty rows
        # are as much work as ten million characters.
        budget.charge(1)
        current.append(budget.text(_own_text(node)))
        inside_cell = in_cell or node.tag == _CELL
        pending.append((False, node, in_cell))
        for child in reversed(node):
            if child.tail:
                pending.append(child.tail)
            repeat = 1
            # Repeats are honoured only outside cells: a repeated row inside a table inside a cell would
            # multiply with its parent's repeats (100 ** depth).
            if child.tag == f"{{{_TABLE}}}table-row" and not inside_cell:
                repeat = _count(child.get(f"{{{_TABLE}}}number-rows-repeated"), _MAX_REPEAT)
            pending.extend([(True, child, inside_cell)] * repeat)
    if current:
        lines.append("".join(current))
    return lines


def _own_text(node: Element) -> str:
    tag = node.tag
    if tag == f"{{{_TEXT}}}s":
        text = " " * _count(node.get(f"{{{_TEXT}}}c"), _MAX_SPACES)
    elif tag == f"{{{_TEXT}}}tab":
        text = "\t"
    elif tag == f"{{{_TEXT}}}line-break":
        text = "\n"
    else:
        text = ""
    return text + (node.text or "")


def _close(node: Element, in_cell: bool, lines: list[str], current: list[str]) -> None:
    tag = node.tag
    if tag == _CELL:
        cell_end = "".join(current).rstrip(" ")
        current[:] = [cell_end, "\t"]
    elif tag in _LINE_ENDS and in_cell and tag != f"{{{_TABLE}}}table-row":
        current.append(" ")  # paragraphs within one cell stay in that cell
    elif tag in _LINE_ENDS:
        lines.append("".join(current).rstrip("\t "))
        current.clear()


def _count(value: str | None, cap: int) -> int:
    """A repeat count from the file, at least 1 and at most `cap`; a damaged one counts as 1."""
    try:
        return max(1, min(int(value or 1), cap))
    except ValueError:
        return 1
