"""Office Open XML documents: Word (.docx), Excel (.xlsx) and PowerPoint (.pptx), read as their text.

A Word document is one page (it has no fixed pages until printed); a workbook gives one page per sheet,
a deck one page per slide. The container is checked first (`zip_guard`); the libraries then parse it
without resolving entities (python-docx and python-pptx use lxml with `resolve_entities=False`, openpyxl
uses defusedxml).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import CorruptDocument, DocumentError, DocumentTooLarge
from pipeline.extract.detect import DOCX, PPTX, XLSX
from pipeline.extract.text_budget import TextBudget
from pipeline.extract.zip_guard import check_container
from pipeline.pages import Extraction, PageText, TextMethod
from pipeline.settings import Settings

# A sheet's cells read into text, at most: a 1,000,000-row export is a data set, not a record's text.
_MAX_CELLS_PER_SHEET = 200_000


def office_extraction(path: Path, media_type: str, settings: Settings) -> Extraction:
    check_container(path, settings.limits)
    readers = {DOCX: _docx, XLSX: _xlsx, PPTX: _pptx}
    try:
        title, texts = readers[media_type](path, TextBudget(path.name, settings.limits))
        pages = []
        for number, text in enumerate(texts, start=1):
            if number > settings.limits.max_pages:
                raise DocumentTooLarge(f"'{path.name}' has more than {settings.limits.max_pages} sheets or slides")
            pages.append(PageText(number=number, text=text, method=TextMethod.document))
    except DocumentError:
        raise
    except (KeyError, ValueError, TypeError, AttributeError, IndexError, SyntaxError, zipfile.BadZipFile, OSError,
            *_library_errors()) as exc:
        # The libraries raise whatever their parsers meet in a damaged part; all mean the same to a person.
        raise CorruptDocument(f"'{path.name}' is a damaged Office document ({type(exc).__name__}: {exc})") from None
    return Extraction(media_type=media_type, pages=pages or [PageText(1, "", TextMethod.document)],
                      title=title or None)


def _docx(path: Path, budget: TextBudget) -> tuple[str, list[str]]:
    import docx

    document = docx.Document(str(path))
    lines = [budget.text(paragraph.text) for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(budget.text("\t".join(cell.text for cell in row.cells)))
    return document.core_properties.title or "", ["\n".join(lines).strip()]


def _xlsx(path: Path, budget: TextBudget) -> tuple[str, list[str]]:
    import openpyxl

    workbook = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    try:
        title = workbook.properties.title or ""
        return title, [f"{sheet.title}\n{_sheet_text(sheet, budget)}".strip() for sheet in workbook.worksheets]
    finally:
        workbook.close()


def _sheet_text(sheet, budget: TextBudget) -> str:
    lines, cells = [], 0
    for row in sheet.iter_rows(values_only=True):
        values = ["" if value is None else str(value) for value in row]
        cells += len(values)
        if cells > _MAX_CELLS_PER_SHEET:
            lines.append(f"[sheet cut at {_MAX_CELLS_PER_SHEET:,} cells]")
            break
        if any(values):
            lines.append(budget.text("\t".join(values).rstrip("\t")))
    return "\n".join(lines)


def _pptx(path: Path, budget: TextBudget) -> tuple[str, list[str]]:
    import pptx

    deck = pptx.Presentation(str(path))
    return deck.core_properties.title or "", [_slide_text(slide, budget) for slide in deck.slides]


def _slide_text(slide, budget: TextBudget) -> str:
    lines: list[str] = []
    for shape in slide.shapes:
        lines.extend(budget.text(line) for line in _shape_lines(shape))
    if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
        lines.append(budget.text(slide.notes_slide.notes_text_frame.text))
    return "\n".join(line for line in lines if line.strip())


def _shape_lines(shape) -> Iterator[str]:
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        yield shape.text_frame.text
    if getattr(shape, "has_table", False) and shape.has_table:
        for row in shape.table.rows:
            yield "\t".join(cell.text for cell in row.cells)
    for child in getattr(shape, "shapes", []):  # grouped shapes
        yield from _shape_lines(child)


def _library_errors() -> tuple[type[Exception], ...]:
    """The errors python-docx and python-pptx raise for a package that is not what it claims."""
    from docx.opc.exceptions import OpcError as DocxPackageError
    from pptx.exc import PythonPptxError

    return DocxPackageError, PythonPptxError
