"""Record titles by the office's convention: a per-class pattern of the file plan, filled from what
enrichment found on the record (`record_title = "Invoice {invoice_number} — {party} — {date}"`).

A field the record lacks is dropped with the separator beside it, so a title never shows "{party}" or a
dangling " — ". A class without a pattern, or a record on which no field of the pattern was found, keeps
a title taken from its text; lines that are mail or form headers ("Return-Path: <...>") are skipped.
"""

from __future__ import annotations

import re
import string

from pipeline.file_plan import RecordClass
from pipeline.records import Record

MAX_TITLE_CHARS = 200
# Parts of a pattern are separated by a dash, bar or middle dot with spaces around it.
_SEPARATOR = re.compile(r"(\s+[—–|·-]\s+)")
_HEADER_LINE = re.compile(r"^[A-Za-z][\w-]{1,30}:(?:\s|$)")
# The names a pattern may use besides the identifiers of the file plan and the record's metadata.
FIELDS = ("date", "party", "person", "class", "class_code", "station", "file_name", "year")


def title_fields(record: Record, class_title: str) -> dict[str, str]:
    """What a title pattern can name on `record`; empty values are left out."""
    entities = record.entities or {}
    fields = {name: values[0] for name, values in (entities.get("identifiers") or {}).items() if values}
    fields.update({name: value for name, value in record.metadata.items() if isinstance(value, str)})
    fields.update({
        "date": record.document_date.isoformat() if record.document_date else "",
        "year": str(record.document_date.year) if record.document_date else "",
        "party": (entities.get("organisations") or [""])[0], "person": (entities.get("people") or [""])[0],
        "class": class_title, "class_code": record.class_code, "station": record.station or "",
        "file_name": record.original_name,
    })
    return {name: " ".join(str(value).split()) for name, value in fields.items() if str(value).strip()}


def fill_title(pattern: str, fields: dict[str, str]) -> str | None:
    """The pattern filled from `fields`, or None when not one of its fields is known."""
    parts, filled_any = [], False
    pieces = _SEPARATOR.split(pattern)
    for index in range(0, len(pieces), 2):
        text, known = _fill_part(pieces[index], fields)
        filled_any |= known
        if text:
            parts.append((pieces[index - 1] if index and parts else "", text))
    if not filled_any:
        return None
    return "".join(separator + text for separator, text in parts)[:MAX_TITLE_CHARS]


def _fill_part(part: str, fields: dict[str, str]) -> tuple[str, bool]:
    out, known = [], False
    for literal, name, _spec, _conversion in string.Formatter().parse(part):
        out.append(literal)
        if name is not None and fields.get(name):
            out.append(fields[name])
            known = True
    return " ".join("".join(out).split()), known


def record_title(record_class: RecordClass, record: Record, text: str, stated: str | None = None) -> str:
    """The title `record` gets by its class's pattern; when the pattern finds nothing, the title the file
    states (an e-mail's subject, an HTML or Office document's title), else one from its text."""
    stated = " ".join((stated or str(record.metadata.get("subject") or "")).split())[:MAX_TITLE_CHARS]
    if record_class.record_title:
        filled = fill_title(record_class.record_title, title_fields(record, record_class.title))
        if filled:
            return filled
        return stated or f"{record_class.title} — {record.original_name}"[:MAX_TITLE_CHARS]
    return stated or title_from_text(text, record.original_name)


def title_from_text(text: str, fallback: str) -> str:
    """The first line of the document that reads as words and is not a header line (nor front matter);
    a Markdown heading without its hashes."""
    front_matter = _front_matter(text)
    for line in text[front_matter.end() if front_matter else 0:].splitlines():
        line = " ".join(line.split()).lstrip("# ")
        if sum(ch.isalpha() for ch in line) >= 4 and not _HEADER_LINE.match(line):
            return line[:120]
    return fallback


# YAML front matter (Jekyll, Hugo, GitHub Docs): a block between two "---" lines at the very top, every
# line a key, a list item, an indented value or a comment. Only `title` is read, with a line pattern: a
# YAML parser would add a dependency, and alias expansion, for one field.
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n((?:(?:[\w-]+:|[ \t#-]|(?=\r?\n))[^\n]*\n){1,200}?)"
                           r"(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)")
_TITLE_KEY = re.compile(r"^title:[ \t]*(.+?)[ \t]*$", re.MULTILINE)


def _front_matter(text: str) -> re.Match | None:
    # Front matter is short; a block not closed within the first 16 KiB is body text, and the bound keeps the
    # match cheap on a hostile file.
    return _FRONT_MATTER.match(text[:16_384])


def front_matter_title(text: str) -> str | None:
    block = _front_matter(text)
    if block is None:
        return None
    title = _TITLE_KEY.search(block.group(1))
    if title is None:
        return None
    value = title.group(1).strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return " ".join(value.split()) or None
