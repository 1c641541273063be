"""An e-mail as one record: the message (headers and body) on page 1, each attachment's pages after it.

Why one record and not one per attachment: a records office keeps an e-mail and its attachments
together, under one class, one retention period and one hold; filed apart, one could be disposed of
without the other. The archived original is the message as received, attachments included, so nothing is
split off or lost; the attachments' text makes the record findable by what they say. Each attachment page
says which attachment it came from. An attachment that cannot be read (an unsupported or damaged file)
is named on the record with the reason, and the message is filed all the same.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from pathlib import Path

from pipeline.errors import DocumentError
from pipeline.extract.email_message import MessageContent
from pipeline.pages import Extraction, PageText, TextMethod
from pipeline.settings import Settings

log = logging.getLogger(__name__)
ReadAttachment = Callable[[Path], Extraction]


def message_extraction(message: MessageContent, media_type: str, settings: Settings,
                       read_attachment: ReadAttachment) -> Extraction:
    pages = [PageText(1, _message_text(message), TextMethod.document)]
    metadata = _facts(message)
    read, unread = [], []
    settings.work_dir.mkdir(parents=True, exist_ok=True)
    for number, attachment in enumerate(message.attachments, start=1):
        if attachment.not_read:
            unread.append(f"{attachment.name} ({attachment.not_read})")
            continue
        if number > settings.limits.max_attachments:
            unread.append(f"{attachment.name} (over limits.max_attachments)")
            continue
        if len(pages) >= settings.limits.max_pages:
            unread.append(f"{attachment.name} (the record already has {settings.limits.max_pages} pages)")
            continue
        with tempfile.TemporaryDirectory(dir=settings.work_dir) as folder:
            path = Path(folder) / _file_name(attachment.name, number)
            path.write_bytes(attachment.payload)
            try:
                inner = read_attachment(path)
            except DocumentError as exc:
                log.info("attachment %s not read: %s", attachment.name, exc.reason)
                unread.append(f"{attachment.name} ({exc.reason})")
                continue
        read.append(attachment.name)
        for page in inner.pages[: settings.limits.max_pages - len(pages)]:
            label = f"attachment '{attachment.name}', page {page.number}"
            pages.append(PageText(len(pages) + 1, page.text, page.method, page.ocr_confidence, page.rotation,
                                  [label, *page.preparation], page.low_confidence_words))
    if read:
        metadata["attachments"] = ", ".join(read)
    if unread:
        metadata["attachments_not_read"] = "; ".join(unread)
    return Extraction(media_type=media_type, pages=pages, title=message.subject or None,
                      document_date=message.sent.date() if message.sent else None,
                      parties=_party_names(message), metadata=metadata)


def _message_text(message: MessageContent) -> str:
    lines = [f"From: {', '.join(map(str, message.sender))}"] if message.sender else []
    if message.recipients:
        lines.append(f"To: {', '.join(map(str, message.recipients))}")
    if message.sent:
        lines.append(f"Date: {message.sent.isoformat(sep=' ', timespec='minutes')}")
    if message.subject:
        lines.append(f"Subject: {message.subject}")
    if message.attachments:
        lines.append(f"Attachments: {', '.join(a.name for a in message.attachments)}")
    return "\n".join(lines) + "\n\n" + message.body


def _facts(message: MessageContent) -> dict[str, str]:
    facts = {"subject": message.subject, "sender": ", ".join(map(str, message.sender)),
             "recipients": ", ".join(map(str, message.recipients)),
             "sent": message.sent.isoformat(timespec="minutes") if message.sent else ""}
    return {key: value for key, value in facts.items() if value}


def _party_names(message: MessageContent) -> list[str]:
    names = [party.name or party.address for party in [*message.sender, *message.recipients]]
    return list(dict.fromkeys(name for name in names if name))


def _file_name(name: str, number: int) -> str:
    """A name that stays inside the temporary folder whatever the sender called the file."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch if ch.isprintable() else "_" for ch in base).lstrip(".").strip()
    return cleaned.encode()[:150].decode("utf-8", errors="ignore") or f"attachment-{number}"
