"""Decide what a file is from its content (magic bytes, container members), never from its name."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import filetype

from pipeline.errors import CorruptDocument, EmptyDocument, EncryptedDocument, UnsupportedDocument
from pipeline.extract.text_decoding import decode_sample

_SNIFF_BYTES = 8192
# GIF and WebP are read from their first frame (an animation's later frames are not pages).
_IMAGE_TYPES = {"image/png", "image/jpeg", "image/tiff", "image/webp", "image/bmp", "image/gif"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
# The member that names each Office Open XML kind (ECMA-376 part names as Office writes them).
_OOXML_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX, "ppt/presentation.xml": PPTX}
# Legacy binary Office files (OLE2 compound files), by the stream that holds their content.
_LEGACY_OFFICE = {"worddocument": "a Word 97-2003 document (.doc)", "workbook": "an Excel 97-2003 workbook (.xls)",
                  "book": "an Excel 5 workbook (.xls)", "powerpoint document": "a PowerPoint 97-2003 deck (.ppt)"}
_LEGACY_ACTION = "Save it as .docx, .xlsx, .pptx or PDF (File > Save As) and drop that copy into the inbox"
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>])",
                         re.IGNORECASE | re.DOTALL)
_HEADER_LINE = re.compile(r"^[A-Za-z][A-Za-z0-9-]*:(?:[ \t]|$)")
_MESSAGE_HEADERS = {"from", "to", "date", "subject", "message-id", "mime-version", "received", "return-path"}
# Headers a mail system writes; a note typed or printed from a mail client ("From:", "Sent:", "To:",
# "Date:", "Subject:") has none of them and stays a text record as it was written.
_TRANSPORT_HEADERS = {"message-id", "mime-version", "received", "return-path"}


class DocumentKind(StrEnum):
    pdf = "pdf"
    image = "image"
    text = "text"
    html = "html"
    email = "email"  # an RFC 5322 message (.eml)
    outlook = "outlook"  # an Outlook item (.msg)
    office = "office"  # Office Open XML: .docx, .xlsx, .pptx
    opendocument = "opendocument"  # .odt, .ods, .odp
    rtf = "rtf"


@dataclass(frozen=True)
class DetectedType:
    kind: DocumentKind
    media_type: str


def detect_type(path: Path) -> DetectedType:
    """Return the document kind; raise a DocumentError for empty or unsupported content."""
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if not head:
        raise EmptyDocument(f"'{path.name}' is empty (0 bytes)")
    # PDF writers may put junk before the header; readers accept it within the first 1 KiB.
    if b"%PDF-" in head[:1024]:
        return DetectedType(DocumentKind.pdf, "application/pdf")
    if head.startswith(_ZIP_MAGIC):
        detected = _zip_document(path)
        if detected is not None:
            return detected
    if head.startswith(_OLE_MAGIC):
        return _compound_document(path)
    if head.lstrip().startswith(b"{\\rtf"):
        return DetectedType(DocumentKind.rtf, "application/rtf")
    guess = filetype.guess(head)
    if guess is not None:
        if guess.mime in _IMAGE_TYPES:
            return DetectedType(DocumentKind.image, guess.mime)
        raise UnsupportedDocument(_mislabel_reason(path, f"{guess.mime} ({guess.extension})"))
    sample = decode_sample(head)
    if sample is not None:
        return _text_kind(head, sample.text)
    raise UnsupportedDocument(_mislabel_reason(path, "binary data of no known document type"))


def _text_kind(head: bytes, sample: str) -> DetectedType:
    if _HTML_START.match(head) or _HTML_START.match(sample.encode("utf-8", errors="ignore")):
        return DetectedType(DocumentKind.html, "text/html")
    if _looks_like_message(sample):
        return DetectedType(DocumentKind.email, "message/rfc822")
    return DetectedType(DocumentKind.text, "text/plain")


def _looks_like_message(sample: str) -> bool:
    """An e-mail starts with a block of header lines: a sender, a header only mail systems write, and more."""
    names = set()
    for line in sample.lstrip().splitlines():
        if not line.strip():
            break
        if line[:1] in " \t":  # a folded header line continues the one before
            continue
        if not _HEADER_LINE.match(line):
            return False
        names.add(line.split(":", 1)[0].lower())
    return "from" in names and bool(names & _TRANSPORT_HEADERS) and len(names & _MESSAGE_HEADERS) >= 3


def _zip_document(path: Path) -> DetectedType | None:
    """Office Open XML and OpenDocument files are ZIP containers named by their members."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                declared = archive.read("mimetype")[:100].decode("ascii", errors="replace").strip()
                if declared in (ODT, ODS, ODP):
                    return DetectedType(DocumentKind.opendocument, declared)
            if "[Content_Types].xml" in names:
                for part, media_type in _OOXML_PARTS.items():
                    if part in names:
                        return DetectedType(DocumentKind.office, media_type)
    except (zipfile.BadZipFile, EOFError) as exc:
        raise CorruptDocument(f"'{path.name}' is a damaged or incomplete ZIP container (application/zip: {exc}); "
                              "Office and OpenDocument files are ZIP containers too") from None
    except (OSError, RuntimeError, NotImplementedError):
        return None  # an encrypted or unusual ZIP: reported as the ZIP it is, below
    return None


def _compound_document(path: Path) -> DetectedType:
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(entry).lower() for entry in ole.listdir(streams=True, storages=True)}
    except (OSError, ValueError) as exc:
        raise UnsupportedDocument(_mislabel_reason(path, f"a damaged OLE2 compound file ({exc})")) from None
    if any(name.startswith("__substg1.0_") for name in streams):
        return DetectedType(DocumentKind.outlook, "application/vnd.ms-outlook")
    if "encryptedpackage" in streams:
        raise EncryptedDocument(f"'{path.name}' is a password-protected Office document")
    for stream, what in _LEGACY_OFFICE.items():
        if stream in streams:
            raise UnsupportedDocument(f"'{path.name}' is {what}; this legacy binary format is not read",
                                      _LEGACY_ACTION)
    raise UnsupportedDocument(_mislabel_reason(path, "an OLE2 compound file of no known document type"))


def _mislabel_reason(path: Path, content: str) -> str:
    suffix = path.suffix.lower()
    if suffix:
        return f"'{path.name}' is named {suffix} but its content is {content}; not a supported document type"
    return f"'{path.name}' contains {content}; not a supported document type"
