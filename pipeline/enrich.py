"""Metadata enrichment stage: the date the document bears, its language, retention and access.

The document date is the date written on the document (a letter's date, an invoice date), not the
scan date: a date next to a "Date:" label wins, then the first plausible date near the top. Dates of
birth are never taken as the document date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

import dateparser

from classifiers.base import Prediction
from pipeline.file_plan import AccessLevel, FilePlan
from pipeline.settings import InboxSettings

_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE_PATTERNS = [
    re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b"),
    re.compile(rf"\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b", re.IGNORECASE),
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?{_MONTHS},?\s+\d{{4}}\b", re.IGNORECASE),
    re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{4}\b"),
]
_DATE_LABEL = re.compile(r"(?:\bdate[d]?\b|\bissued\b|\bon\b)\s*:?\s*$", re.IGNORECASE)
_BIRTH_LABEL = re.compile(r"(?:birth|\bdob\b|\bborn\b)", re.IGNORECASE)
# Dates are looked for near the top: that is where documents put their own date.
_DATE_SEARCH_CHARS = 4000
_LANGUAGE_SAMPLE_CHARS = 3000


@dataclass(frozen=True)
class Enrichment:
    document_date: date | None
    language: str | None
    access_level: AccessLevel
    retention_rule: str
    disposition_date: date | None
    metadata: dict[str, str] = field(default_factory=dict)


def enrich(text: str, prediction: Prediction, file_plan: FilePlan, received: date, date_order: str,
           inbox: InboxSettings | None = None) -> Enrichment:
    record_class = file_plan.get(prediction.code)
    access = record_class.access
    if inbox is not None and inbox.access is not None:
        # An inbox can only raise the level (an HR scanner's output is never less than confidential).
        access = max(access, AccessLevel[inbox.access])
    document_date = find_document_date(text, date_order, today=received)
    # Retention runs from the document's own date; a record without one runs from its receipt.
    triggers = {"document_date": document_date or received}
    return Enrichment(
        document_date=document_date,
        language=detect_language(text),
        access_level=access,
        retention_rule=record_class.retention.text,
        disposition_date=record_class.retention.disposition_date(triggers),
        metadata=dict(inbox.metadata) if inbox is not None else {},
    )


def find_document_date(text: str, date_order: str, today: date) -> date | None:
    head = text[:_DATE_SEARCH_CHARS]
    candidates: list[tuple[int, bool, date]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(head):
            # Labels ("Date:", "Date of birth:") belong to the same line as the date they name.
            line_start = head.rfind("\n", 0, match.start()) + 1
            before = head[max(line_start, match.start() - 40) : match.start()]
            if _BIRTH_LABEL.search(before):
                continue
            parsed = _parse_date(match.group(0), date_order)
            if parsed is None or not (date(1900, 1, 1) <= parsed <= date(today.year + 1, 12, 31)):
                continue
            labelled = bool(_DATE_LABEL.search(before))
            candidates.append((match.start(), labelled, parsed))
    if not candidates:
        return None
    labelled = [c for c in candidates if c[1]]
    return min(labelled or candidates)[2]


def _parse_date(value: str, date_order: str) -> date | None:
    parsed: datetime | None = dateparser.parse(
        value,
        languages=["en"],
        settings={"DATE_ORDER": date_order, "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return parsed.date() if parsed else None


def detect_language(text: str) -> str | None:
    sample = text[:_LANGUAGE_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < 20:
        return None
    import py3langid

    language, _score = py3langid.classify(sample)
    return language
