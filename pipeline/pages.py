"""A document's text, page by page, and how each page's text was obtained.

Shared vocabulary: the extract stage produces it, the catalog stores it, the web and CLI show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class TextMethod(StrEnum):
    text_layer = "text-layer"
    ocr = "ocr"
    plain = "plain"
    # Read from a born-digital document's own structure: Office, OpenDocument, RTF, HTML, e-mail.
    document = "document"


@dataclass(frozen=True)
class PageText:
    number: int  # 1-based
    text: str
    method: TextMethod
    ocr_confidence: float | None = None
    rotation: int = 0
    preparation: list[str] = field(default_factory=list)  # what was done to the page, in words
    low_confidence_words: list[tuple[str, float]] = field(default_factory=list)


@dataclass(frozen=True)
class Extraction:
    media_type: str
    pages: list[PageText] = field(default_factory=list)
    # What the file states about itself, beside its text. A title it gives itself (an HTML <title>, an
    # e-mail's subject, an Office document's title property) wins over the first line of text.
    title: str | None = None
    # The date the file states as its own (an e-mail's sent date): wins over dates found in the text.
    document_date: date | None = None
    # Names (or bare addresses) of the parties the file names itself: an e-mail's sender and recipients.
    parties: list[str] = field(default_factory=list)
    # Facts shown on the record, in words: "sender", "recipients", "sent", "subject", "attachments",
    # "text_encoding" (the charset a text file was decoded from).
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\f".join(page.text for page in self.pages)

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def ocr_confidence(self) -> float | None:
        scores = [p.ocr_confidence for p in self.pages if p.ocr_confidence is not None]
        return round(sum(scores) / len(scores), 1) if scores else None

    @property
    def methods(self) -> list[str]:
        return sorted({page.method.value for page in self.pages})
