"""Personal-information detection: what kinds of PII a record holds, as counts, never as values.

Numbers that carry a check digit are only counted when the check passes (a random 9-digit reference is
not a SIN). The values found are never returned, logged or stored: only the kind and how many.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_SIN = re.compile(r"(?<![\d-])(\d{3})[- ]?(\d{3})[- ]?(\d{3})(?![\d-])")
_SSN = re.compile(r"(?<![\d-])(\d{3})-(\d{2})-(\d{4})(?![\d-])")
_CARD = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")
_EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
_PHONE = re.compile(r"(?<!\d)(?:\+?1[ .-]?)?\(?[2-9]\d{2}\)?[ .-]\d{3}[ .-]\d{4}(?!\d)")
_DOB = re.compile(
    r"(?:date\s+of\s+birth|\bd\.?o\.?b\.?|\bborn(?:\s+on)?)\s*[:\-]?\s*"
    r"(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4})",
    re.IGNORECASE,
)
_SIN_LABEL = re.compile(r"(?:\bSIN\b|social\s+insurance|\bSSN\b|social\s+security)", re.IGNORECASE)


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _sins(text: str) -> Iterable[str]:
    for match in _SIN.finditer(text):
        digits = "".join(match.groups())
        # Canadian SINs never start with 0 or 8 and pass Luhn.
        if digits[0] not in "08" and luhn_valid(digits):
            yield digits


def _ssns(text: str) -> Iterable[str]:
    for match in _SSN.finditer(text):
        area, group, serial = match.groups()
        if area not in ("000", "666") and not area.startswith("9") and group != "00" and serial != "0000":
            # A US SSN has no check digit: require a label nearby so a part number is not taken for one.
            if _SIN_LABEL.search(text[max(0, match.start() - 40) : match.start()]):
                yield area + group + serial


def _cards(text: str) -> Iterable[str]:
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if 13 <= len(digits) <= 19 and digits[0] in "3456" and luhn_valid(digits):
            yield digits


def detect_pii(text: str, health_card_patterns: Iterable[re.Pattern[str]] = ()) -> dict[str, int]:
    """Kinds of PII found in `text` with their counts (distinct values)."""
    found: dict[str, set[str]] = {
        "sin": set(_sins(text)),
        "ssn": set(_ssns(text)),
        "credit_card": set(_cards(text)),
        "email": {m.group(0).lower() for m in _EMAIL.finditer(text)},
        "phone": {re.sub(r"\D", "", m.group(0))[-10:] for m in _PHONE.finditer(text)},
        "date_of_birth": {m.group(0) for m in _DOB.finditer(text)},
        "health_card": {m.group(0) for pattern in health_card_patterns for m in pattern.finditer(text)},
    }
    # A card number is not also a SIN, whatever its first nine digits say.
    found["sin"] -= {digits for digits in found["sin"] if any(digits in card for card in found["credit_card"])}
    return dict(Counter({kind: len(values) for kind, values in found.items() if values}))
