"""Metadata enrichment stage: the date the document bears, its language, retention and access.

The document date is the date written on the document (a letter's date, an invoice date), not the
scan date: a date next to a "Date:" label wins, then the first plausible date near the top. Dates of
birth are never taken as the document date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime

import dateparser

from classifiers.base import Prediction
from pipeline.enrich.entities import Entities, EntityRecogniser
from pipeline.enrich.pii import detect_pii
from pipeline.file_plan import AccessLevel, FilePlan, RecordClass
from pipeline.pages import Extraction
from pipeline.settings import PiiSettings, Settings

_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE_PATTERNS = [
    re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b"),
    re.compile(rf"\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b", re.IGNORECASE),
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?{_MONTHS},?\s+\d{{4}}\b", re.IGNORECASE),
    re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{4}\b"),
]
# Dates written in Chinese and Japanese (2018年4月27日) and Korean (2018년 4월 27일), in any language.
_CJK_DATE = re.compile(r"\d{4}\s*[年년]\s*\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일]")
# Day, month name, year in the record's own language (12 марта 2024, 15 مارس 2024, 3. März 2025); tried
# only for records not in English, whose month names the patterns above already know.
_WORDED_DATE = re.compile(r"(?<!\w)\d{1,2}\.?\s+[^\W\d_]{3,12}\.?,?\s+\d{4}(?!\w)")
_DATE_LABEL = re.compile(r"(?:\bdate[d]?\b|\bissued\b|\bon\b|日期|التاريخ|تاريخ|\bдата\b|\bdatum\b|\bfecha\b)"
                         r"\s*[:：]?\s*$", re.IGNORECASE)
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
    entities: Entities = field(default_factory=Entities)
    pii: dict[str, int] = field(default_factory=dict)


class Enricher:
    """Everything enrichment needs, built once per worker: patterns compiled, NER model loaded lazily."""

    def __init__(self, settings: Settings, file_plan: FilePlan) -> None:
        self.settings = settings
        self.file_plan = file_plan
        self.recogniser = EntityRecogniser(settings.nlp)
        self.health_cards = [re.compile(p) for p in settings.pii.health_card_patterns]

    def enrich(self, text: str, prediction: Prediction, received: date, station: str | None,
               stated: Extraction | None = None) -> Enrichment:
        """`stated` is what the file says of itself (an e-mail's sent date, sender and recipients): it wins
        over what is found in the text."""
        record_class = self.file_plan.get(prediction.code)
        inbox = self.settings.inbox_for(station)
        metadata = {**(stated.metadata if stated else {}), **(inbox.metadata if inbox is not None else {})}
        language = detect_language(text)
        document_date = (stated.document_date if stated else None) or find_document_date(
            text, self.settings.date_order, today=received, language=language)
        pii = detect_pii(text, self.health_cards)
        entities = self.recogniser.recognise(text, record_class)
        if stated and stated.parties:
            entities = replace(entities, people=list(dict.fromkeys([*stated.parties, *entities.people])))
        return Enrichment(
            document_date=document_date,
            language=language,
            access_level=derive_access(record_class, pii, inbox.access if inbox else None, self.settings.pii),
            retention_rule=record_class.retention.text,
            disposition_date=derive_disposition(record_class, document_date, metadata, received),
            metadata=metadata,
            entities=entities,
            pii=pii,
        )


def derive_access(record_class: RecordClass, pii: dict[str, int], inbox_access: str | None,
                  pii_settings: PiiSettings) -> AccessLevel:
    """The class's level, raised (never lowered) by the inbox and by the kinds of PII found."""
    levels = [record_class.access]
    if inbox_access:
        levels.append(AccessLevel[inbox_access])
    levels += [AccessLevel[pii_settings.raise_access[kind]] for kind in pii if kind in pii_settings.raise_access]
    return max(levels)


def derive_disposition(record_class: RecordClass, document_date: date | None, metadata: dict[str, str],
                       received: date) -> date | None:
    """Retention runs from its trigger: the document's date (or its receipt, lacking one) or a metadata
    date such as end_of_employment, which is unknown until someone records it."""
    triggers = {"document_date": document_date or received}
    for key, value in metadata.items():
        try:
            triggers[key] = date.fromisoformat(value)
        except (TypeError, ValueError):
            continue
    return record_class.retention.disposition_date(triggers)


def find_document_date(text: str, date_order: str, today: date, language: str | None = None) -> date | None:
    """The date the document bears. `language` (detected) lets month names of that language be read."""
    head = text[:_DATE_SEARCH_CHARS]
    candidates: list[tuple[int, bool, date]] = []
    patterns = [*_DATE_PATTERNS, _CJK_DATE] + ([_WORDED_DATE] if language not in (None, "en") else [])
    for pattern in patterns:
        for match in pattern.finditer(head):
            # Labels ("Date:", "Date of birth:") belong to the same line as the date they name.
            line_start = head.rfind("\n", 0, match.start()) + 1
            before = head[max(line_start, match.start() - 40) : match.start()]
            if _BIRTH_LABEL.search(before):
                continue
            parsed = _parse_date(match.group(0), date_order, language)
            if parsed is None or not (date(1900, 1, 1) <= parsed <= date(today.year + 1, 12, 31)):
                continue
            labelled = bool(_DATE_LABEL.search(before))
            candidates.append((match.start(), labelled, parsed))
    if not candidates:
        return None
    labelled = [c for c in candidates if c[1]]
    return min(labelled or candidates)[2]


def _parse_date(value: str, date_order: str, language: str | None = None) -> date | None:
    cjk = _CJK_DATE.fullmatch(value)
    if cjk:
        year, month, day = (int(number) for number in re.findall(r"\d+", value))
        try:
            return date(year, month, day)
        except ValueError:
            return None
    languages = ["en"] if language in (None, "en") else [language, "en"]
    settings = {"DATE_ORDER": date_order, "REQUIRE_PARTS": ["day", "month", "year"]}
    try:
        parsed: datetime | None = dateparser.parse(value, languages=languages, settings=settings)
    except ValueError:  # a language dateparser does not know
        parsed = dateparser.parse(value, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


def detect_language(text: str) -> str | None:
    sample = text[:_LANGUAGE_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < 20:
        return None
    import py3langid

    language, _score = py3langid.classify(sample)
    return language
