"""One budget of extracted text per document, spent while the text is built.

A few kilobytes of markup can say "a million spaces" or "this row, a million times"; checking the length
of the text after building it is too late, the memory is already spent. Each reader charges what it is
about to add, and the first charge over the budget stops the reading with the limit and its setting named.
"""

from __future__ import annotations

from pipeline.errors import DocumentTooLarge
from pipeline.settings import LimitSettings


class TextBudget:
    def __init__(self, name: str, limits: LimitSettings) -> None:
        self.name = name
        self.limit_mb = limits.max_text_mb
        self.left = int(limits.max_text_mb * 1_000_000)

    def charge(self, characters: int) -> None:
        self.left -= characters
        if self.left < 0:
            raise DocumentTooLarge(
                f"'{self.name}' holds more than {self.limit_mb:g} million characters of text, over the limit "
                "(limits.max_text_mb); refused as a possible expansion bomb")

    def text(self, value: str) -> str:
        """Charge `value` and hand it back, for readers that build their text piece by piece."""
        self.charge(len(value))
        return value
