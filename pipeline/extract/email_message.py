"""E-mail messages (.eml, RFC 5322 with MIME) read with the standard library's modern e-mail policy.

The record's text is the message as a person reads it: a header block (From, To, Cc, Date, Subject) and
the body, plain text preferred, else the HTML part's visible text. The sender, recipients, sent date and
subject are also returned as facts; the attachments are returned whole for `message_pages` to read.
"""

from __future__ import annotations

import base64
import email
import quopri
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.message import EmailMessage
from pathlib import Path

from pipeline.errors import CorruptDocument
from pipeline.extract.html_text import html_to_text
from pipeline.extract.text_budget import TextBudget
from pipeline.settings import LimitSettings


@dataclass(frozen=True)
class Attachment:
    name: str
    payload: bytes
    # Why the attachment is not read (its payload then empty): named on the record, never dropped silently.
    not_read: str = ""


@dataclass(frozen=True)
class Party:
    name: str
    address: str

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>" if self.name and self.address else self.name or self.address


@dataclass(frozen=True)
class MessageContent:
    """What a message says, whichever format it came in (.eml or Outlook .msg)."""

    subject: str
    sender: list[Party]
    recipients: list[Party]  # To and Cc
    sent: datetime | None
    body: str
    attachments: list[Attachment] = field(default_factory=list)


def read_eml(path: Path, limits: LimitSettings) -> MessageContent:
    with path.open("rb") as handle:
        message = email.message_from_binary_file(handle, policy=policy.default)
    if not isinstance(message, EmailMessage) or not message.keys():
        raise CorruptDocument(f"'{path.name}' is not a readable e-mail message")
    return MessageContent(
        subject=_header(message, "Subject"), sender=_parties(message, "From"),
        recipients=_parties(message, "To") + _parties(message, "Cc"), sent=_sent(message),
        body=_body(message, TextBudget(path.name, limits)),
        attachments=list(_attachments(message, limits.max_attachments)),
    )


def _header(message: EmailMessage, name: str) -> str:
    try:
        value = message.get(name)
    except (ValueError, IndexError, TypeError):  # a header the parser cannot make sense of
        return ""
    return " ".join(str(value).split()) if value is not None else ""


def _parties(message: EmailMessage, name: str) -> list[Party]:
    try:
        header = message.get(name)
        addresses = getattr(header, "addresses", ()) if header is not None else ()
        return [Party(address.display_name, address.addr_spec) for address in addresses]
    except (ValueError, IndexError, TypeError):
        raw = _header(message, name)
        return [Party("", raw)] if raw else []


def _sent(message: EmailMessage) -> datetime | None:
    try:
        header = message.get("Date")
        return getattr(header, "datetime", None) if header is not None else None
    except (ValueError, IndexError, TypeError, OverflowError):
        return None


def _body(message: EmailMessage, budget: TextBudget) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError):  # an unknown charset or a damaged encoding
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", errors="replace")
    if not isinstance(content, str):
        return ""
    return html_to_text(content, budget) if part.get_content_subtype() == "html" else budget.text(content.strip())


def _attachments(message: EmailMessage, most: int):
    number = 0
    for part in message.iter_attachments():
        name = part.get_filename()
        if part.get_content_type() != "message/rfc822" and not name and part.get_content_disposition() != "attachment":
            continue  # a nameless inline part: a logo or signature picture, not a document
        number += 1
        if number > most:
            # Counted before decoding: a message of ten thousand parts must not decode them all first.
            yield Attachment(name or f"attachment-{number}", b"", "over limits.max_attachments")
            continue
        if part.get_content_type() == "message/rfc822":
            payload = _attached_message(part)
            name = name or f"attached-message-{number}.eml"
        else:
            payload = part.get_payload(decode=True)
        yield Attachment(name or f"attachment-{number}", payload or b"", "" if payload else "empty")


def _attached_message(part: EmailMessage) -> bytes | None:
    """A forwarded message as the bytes of an .eml. Some mailers base64-encode it (RFC 2046 says they should
    not); the parser then sees a headerless message whose body is the encoded text."""
    inner = part.get_payload(0) if part.is_multipart() else None
    if inner is None:
        return part.get_payload(decode=True)
    encoding = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    if encoding == "base64":
        return base64.b64decode(inner.get_payload() or "", validate=False)
    if encoding == "quoted-printable":
        return quopri.decodestring((inner.get_payload() or "").encode("ascii", errors="replace"))
    return inner.as_bytes()
