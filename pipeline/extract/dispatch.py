"""Text extraction stage: turn one detected file into the text of its pages.

Born-digital PDF pages keep their text layer; scanned pages and images go through OCR; plain text is
decoded from its encoding; Office, OpenDocument, RTF and HTML files are read from their structure; an
e-mail becomes its message followed by its attachments' pages. Each page records how its text was
obtained so reviewers can judge it.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import DocumentTooLarge, UnsupportedDocument
from pipeline.extract.detect import DetectedType, DocumentKind, detect_type
from pipeline.extract.ocr import OcrEngine
from pipeline.pages import Extraction
from pipeline.settings import Settings

# An e-mail attached to an e-mail attached to an e-mail... is read this deep, and no deeper.
_MAX_NESTING = 3


def extract(path: Path, detected: DetectedType, ocr: OcrEngine, settings: Settings, depth: int = 0) -> Extraction:
    """Extract every page's text; raises a DocumentError when the file cannot be read."""
    size_mb = path.stat().st_size / 1_048_576
    if size_mb > settings.limits.max_file_mb:
        raise DocumentTooLarge(
            f"'{path.name}' is {size_mb:.0f} MB, over the limit of {settings.limits.max_file_mb:g} MB"
        )
    # Imported where used so that a worker only loads the readers it needs.
    kind, media_type = detected.kind, detected.media_type
    if kind is DocumentKind.pdf:
        from pipeline.extract.pdf import pdf_pages

        return Extraction(media_type=media_type, pages=list(pdf_pages(path, ocr, settings)))
    if kind is DocumentKind.image:
        from pipeline.extract.image import image_pages

        return Extraction(media_type=media_type, pages=list(image_pages(path, ocr, settings)))
    if kind in (DocumentKind.email, DocumentKind.outlook):
        return _message(path, detected, ocr, settings, depth)
    return _document(path, detected, settings)


def _document(path: Path, detected: DetectedType, settings: Settings) -> Extraction:
    kind, media_type = detected.kind, detected.media_type
    if kind is DocumentKind.office:
        from pipeline.extract.office import office_extraction

        return office_extraction(path, media_type, settings)
    if kind is DocumentKind.opendocument:
        from pipeline.extract.opendocument import opendocument_extraction

        return opendocument_extraction(path, media_type, settings)
    if kind is DocumentKind.rtf:
        from pipeline.extract.rtf import rtf_extraction

        return rtf_extraction(path, media_type)
    if kind is DocumentKind.html:
        from pipeline.extract.html_text import html_extraction

        return html_extraction(path, media_type, settings)
    from pipeline.extract.plain_text import text_extraction

    return text_extraction(path, media_type)


def _message(path: Path, detected: DetectedType, ocr: OcrEngine, settings: Settings, depth: int) -> Extraction:
    from pipeline.extract.message_pages import message_extraction

    if detected.kind is DocumentKind.outlook:
        from pipeline.extract.outlook import read_msg

        message = read_msg(path, settings.limits)
    else:
        from pipeline.extract.email_message import read_eml

        message = read_eml(path, settings.limits)

    def read_attachment(attachment: Path) -> Extraction:
        if depth + 1 >= _MAX_NESTING:
            raise UnsupportedDocument(f"'{attachment.name}' is nested more than {_MAX_NESTING} messages deep")
        return extract(attachment, detect_type(attachment), ocr, settings, depth + 1)

    return message_extraction(message, detected.media_type, settings, read_attachment)
