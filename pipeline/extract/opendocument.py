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
# A spreadsheet row repeated a million times (how ODF marks an empty sheet's tail) is written once.
_MAX_REPEAT = 100


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
    texts = _page_texts(content, media_type)
    if len(texts) > settings.limits.max_pages:
        raise DocumentTooLarge(f"'{path.name}' has {len(texts)} sheets or slides, over {settings.limits.max_pages}")
    pages = [PageText(number=n, text=text, method=TextMethod.document) for n, text in enumerate(texts, start=1)]
    title = meta.findtext(f".//{{{_DC}}}title") if meta is not None else None
    return Extraction(media_type=media_type, pages=pages, title=(title or "").strip() or None)


def _page_texts(content: Element, media_type: str) -> list[str]:
    body = content.find(f"{{{_OFFICE}}}body")
    if body is None:
        return [""]
    if media_type == ODS:
        parts = body.iter(f"{{{_TABLE}}}table")
    elif media_type == ODP:
        parts = body.iter(f"{{{_DRAW}}}page")
    else:
        parts = iter([body])
    texts = ["\n".join(line for line in _lines(part) if line.strip()) for part in parts]
    return texts or [""]


def _lines(element: Element) -> list[str]:
    lines: list[str] = []
    current: list[str] = []
    _walk(element, lines, current, in_cell=False)
    if current:
        lines.append("".join(current))
    return lines


def _walk(element: Element, lines: list[str], current: list[str], in_cell: bool) -> None:
    tag = element.tag
    if tag == f"{{{_TEXT}}}s":
        current.append(" " * int(element.get(f"{{{_TEXT}}}c", "1") or 1))
    elif tag == f"{{{_TEXT}}}tab":
        current.append("\t")
    elif tag == f"{{{_TEXT}}}line-break":
        current.append("\n")
    if element.text:
        current.append(element.text)
    inside_cell = in_cell or tag == _CELL
    for child in element:
        repeat = 1
        if child.tag == f"{{{_TABLE}}}table-row":
            repeat = min(int(child.get(f"{{{_TABLE}}}number-rows-repeated", "1") or 1), _MAX_REPEAT)
        for _ in range(repeat):
            _walk(child, lines, current, inside_cell)
        if child.tail:
            current.append(child.tail)
    if tag == _CELL:
        cell_end = "".join(current).rstrip(" ")
        current[:] = [cell_end, "\t"]
    elif tag in _LINE_ENDS and in_cell and tag != f"{{{_TABLE}}}table-row":
        current.append(" ")  # paragraphs within one cell stay in that cell
    elif tag in _LINE_ENDS:
        lines.append("".join(current).rstrip("\t "))
        current.clear()
