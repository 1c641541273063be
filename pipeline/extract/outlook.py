"""Outlook items (.msg) read with extract-msg into the same `MessageContent` an .eml gives."""

from __future__ import annotations

from pathlib import Path

import extract_msg
from extract_msg.exceptions import ExMsgBaseException

from pipeline.errors import CorruptDocument
from pipeline.extract.email_message import Attachment, MessageContent, Party
from pipeline.extract.html_text import html_to_text
from pipeline.extract.text_budget import TextBudget
from pipeline.settings import LimitSettings


def read_msg(path: Path, limits: LimitSettings) -> MessageContent:
    try:
        message = extract_msg.openMsg(str(path), strict=False)
    except (ExMsgBaseException, OSError, ValueError) as exc:
        raise CorruptDocument(f"'{path.name}' is not a readable Outlook message ({exc})") from None
    try:
        return _content(message, TextBudget(path.name, limits))
    except (ExMsgBaseException, ValueError, UnicodeError) as exc:
        raise CorruptDocument(f"'{path.name}' is a damaged Outlook message ({exc})") from None
    finally:
        message.close()


def _content(message, budget: TextBudget) -> MessageContent:
    body = budget.text((getattr(message, "body", None) or "").strip())
    if not body and getattr(message, "htmlBody", None):
        body = html_to_text(message.htmlBody.decode("utf-8", errors="replace"), budget)
    sent = getattr(message, "date", None)
    return MessageContent(
        subject=" ".join((getattr(message, "subject", None) or "").split()),
        sender=_parties(getattr(message, "sender", None)),
        recipients=_parties(getattr(message, "to", None)) + _parties(getattr(message, "cc", None)),
        sent=sent if hasattr(sent, "isoformat") else None, body=body,
        attachments=list(_attachments(message)),
    )


def _parties(header: str | None) -> list[Party]:
    from email.utils import getaddresses

    return [Party(name, address) for name, address in getaddresses([header or ""]) if name or address]


def _attachments(message):
    for number, attachment in enumerate(getattr(message, "attachments", []), start=1):
        name = getattr(attachment, "longFilename", None) or getattr(attachment, "shortFilename", None)
        data = getattr(attachment, "data", None)
        if isinstance(data, bytes) and data:
            yield Attachment(name or f"attachment-{number}", data)
