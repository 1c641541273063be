"""Unusual and hostile files the tests make themselves, shared by the tests and `benchmarks/robustness.py`.

Each `*_cases.py` module in this package exposes `cases(folder: Path) -> list[Case]`: it writes its files
into `folder` and says what must become of each one. Nothing here is copied from elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Outcome(StrEnum):
    indexed = "indexed"
    quarantined = "quarantined"


@dataclass(frozen=True)
class Case:
    path: Path
    # What a records office must see: the file filed as a record, or held in quarantine with a reason.
    expected: Outcome
    # What the file is, in a few words, for benchmark tables and test ids.
    kind: str
    # A phrase that must appear in the record's text (indexed) or in the quarantine reason (quarantined).
    must_contain: str = ""
