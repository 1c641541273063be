"""A synthetic, deterministic corpus of search documents for the search benchmark.

Records look like a records office's: a class from the file plan, a dated title, one to three pages of
text whose words follow a Zipf-like distribution over a large vocabulary (so frequent and rare terms both
exist), identifiers, parties, stations and access levels. The same seed gives the same corpus, streamed
one document at a time so memory does not grow with its size.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import accumulate

from pipeline.file_plan import AccessLevel
from pipeline.search.port import SearchDocument

CLASSES = {"FIN-AP": 30, "FIN-PO": 15, "COR-GEN": 20, "HR-PER": 8, "LEG-CON": 6, "LEG-CRT": 4, "MED-HF": 5,
           "GOV-MIN": 6, "ADM-RPT": 6}
TITLES = {
    "FIN-AP": "Invoice", "FIN-PO": "Purchase order", "COR-GEN": "Letter", "HR-PER": "Personnel file",
    "LEG-CON": "Service agreement", "LEG-CRT": "Court notice", "MED-HF": "Health form", "GOV-MIN": "Minutes",
    "ADM-RPT": "Annual report",
}
OFFICE_WORDS = (
    "invoice amount due payment terms net total balance account purchase order delivery warehouse shipment "
    "supplier customer contract agreement party clause signature employee salary position offer review "
    "meeting minutes motion council resolution report annual budget expense approval department manager "
    "court hearing notice claim plaintiff defendant patient clinic health form consent insurance policy "
    "renewal request reference letter dear sincerely regarding attached enclosed schedule service repair "
    "maintenance equipment vehicle parking heating building lease tenant property tax receipt refund credit"
).split()
STATIONS = ["front-desk", "finance-scanner", "hr-scanner", "mailroom"]
ACCESS = [AccessLevel.public, AccessLevel.internal, AccessLevel.confidential, AccessLevel.restricted]
ACCESS_WEIGHTS = [10, 60, 25, 5]
VOCABULARY_SIZE = 30_000
_SYLLABLES = ["ka", "lo", "mi", "ner", "tas", "vor", "pel", "dun", "ri", "son", "bra", "quel", "ti", "man", "est"]


def vocabulary(rng: random.Random) -> list[str]:
    """Office words first (the most frequent), then made-up words for the long tail."""
    words = list(OFFICE_WORDS)
    seen = set(words)
    while len(words) < VOCABULARY_SIZE:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def parties(rng: random.Random) -> list[str]:
    organisations = [f"{a} {b}" for a in ("Northwind", "Acme", "Harbour", "Maple", "Summit", "Riverside",
                                          "Beacon", "Cedar") for b in ("Supply Ltd", "Corp", "Clinic", "Holdings")]
    people = [f"{first} {last}" for first in ("Maria", "James", "Aisha", "Chen", "Olga", "Pierre")
              for last in ("Chen", "Okafor", "Lee", "Martin", "Singh")]
    return organisations + people


def documents(count: int, seed: int = 2026) -> Iterator[SearchDocument]:
    rng = random.Random(seed)
    words = vocabulary(rng)
    # Zipf-like: the k-th word is drawn with weight 1/k.
    cumulative = list(accumulate(1.0 / rank for rank in range(1, len(words) + 1)))
    names = parties(rng)
    codes, code_weights = list(CLASSES), list(CLASSES.values())
    start = date(2015, 1, 1)
    for number in range(1, count + 1):
        code = rng.choices(codes, code_weights)[0]
        when = start + timedelta(days=rng.randrange(11 * 365)) if rng.random() > 0.1 else None
        year = when.year if when else 2026
        identifier = f"{code.split('-')[-1]}-{year}-{number:06d}"
        pages = []
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
            body = rng.choices(words, cum_weights=cumulative, k=rng.randint(120, 280))
            pages.append(" ".join(body))
        pages[0] = f"{TITLES[code]} {identifier}. {pages[0]}"
        yield SearchDocument(
            record_id=f"{code}-{year}-{number:06d}", title=f"{TITLES[code]} {identifier} {rng.choice(words[:200])}",
            body="\f".join(pages), class_code=code, access_level=rng.choices(ACCESS, ACCESS_WEIGHTS)[0],
            document_date=when, station=rng.choice(STATIONS), language="en",
            parties=tuple(rng.sample(names, rng.randint(0, 3))),
        )
