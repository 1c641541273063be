"""Outlook items (.msg) read with extract-msg into the same `MessageContent` an .eml gives."""

from __future__ import annotations

from pathlib import Path

import extract_msg
from extract_msg import MSGFile
from extract_msg.enums import AttachmentType
from extract_msg.exceptions import ExMsgBaseException

from pipeline.errors import CorruptDocument
from pipeline.extract.email_message import Attachment, MessageContent, Party
from pipeline.extract.html_text import html_to_text
from pipeline.extract.text_budget import TextBudget
from pipeline.settings import LimitSettings


def read_msg(path: Path, limits: LimitSettings) -> MessageContent:
    try:
        # Attachments are read one by one below, after the count is checked, not all on opening.
        message = extract_msg.openMsg(str(path), strict=False, delayAttachments=True)
    except (ExMsgBaseException, OSError, ValueError) as exc:
        raise CorruptDocument(f"'{path.name}' is not a readable Outlook message ({exc})") from None
    try:
        return _content(message, TextBudget(path.name, limits), limits.max_attachments)
    except (ExMsgBaseException, ValueError, UnicodeError) as exc:
        raise CorruptDocument(f"'{path.name}' is a damaged Outlook message ({exc})") from None
    finally:
        message.close()


def _content(message, budget: TextBudget, most: int) -> MessageContent:
    body = budget.text((getattr(message, "body", None) or "").strip())
    if not body and getattr(message, "htmlBody", None):
        body = html_to_text(message.htmlBody.decode("utf-8", errors="replace"), budget)
    sent = getattr(message, "date", None)
    return MessageContent(
        subject=" ".join((getattr(message, "subject", None) or "").split()),
        sender=_parties(getattr(message, "sender", None)),
        recipients=_parties(getattr(message, "to", None)) + _parties(getattr(message, "cc", None)),
        sent=sent if hasattr(sent, "isoformat") else None, body=body,
        attachments=list(_attachments(message, most)),
    )


def _parties(header: str | None) -> list[Party]:
    from email.utils import getaddresses

    return [Party(name, address) for name, address in getaddresses([header or ""]) if name or address]


def _attachments(message, most: int):
    for number, attachment in enumerate(getattr(message, "attachments", []), start=1):
        name = getattr(attachment, "longFilename", None) or getattr(attachment, "shortFilename", None)
        if number > most:
            yield Attachment(name or f"attachment-{number}", b"", "over limits.max_attachments")
            continue
        payload, why = _payload(attachment)
        yield Attachment(name or _default_name(attachment, number), payload, why)


def _payload(attachment) -> tuple[bytes, str]:
    """The attachment's bytes, or why there are none. An embedded Outlook item becomes the bytes of a .msg,
    so it is read like a forwarded .eml: through the same readers, with the same nesting limit."""
    kind = getattr(attachment, "type", None)
    data = getattr(attachment, "data", None)
    if kind == AttachmentType.MSG and isinstance(data, MSGFile):
        try:
            return data.exportBytes(), ""
        except (ExMsgBaseException, OSError, ValueError) as exc:
            return b"", f"embedded Outlook item that cannot be exported: {exc}"
    if kind == AttachmentType.WEB:
        return b"", "a link to a file stored online, not the file itself"
    if isinstance(data, bytes) and data:
        return data, ""
    if isinstance(data, bytes):
        return b"", "empty"
    kind_name = getattr(kind, "name", None) or type(attachment).__name__
    return b"", f"an Outlook attachment of kind {kind_name} whose content cannot be read"


def _default_name(attachment, number: int) -> str:
    return f"attached-message-{number}.msg" if getattr(attachment, "type", None) == AttachmentType.MSG \
        else f"attachment-{number}"
