"""How both search backends compare letters: case, accents and letter variants folded to plain ASCII.

Elasticsearch's `asciifolding` filter (in the index mapping) folds every Latin letter to its ASCII form:
ß → ss, æ → ae, ø → o, ł → l, the ligature ﬁ → fi, full-width Ａ → A. SQLite's `unicode61` tokenizer
folds case and removes accents but leaves those letters as they are, so the embedded index passes its
text and queries through `fold` first: `strasse` then finds *Straße* on either backend, and `Straße`
finds *Strasse*. Compatibility forms (ligatures, full-width and other width variants, superscripts) are
normalised by NFKC; the letters NFKC keeps are mapped by hand, as ASCIIFoldingFilter maps them.
"""

from __future__ import annotations

import unicodedata

_LETTERS = str.maketrans({
    "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
    "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ħ": "h", "Ħ": "H", "ı": "i", "ŀ": "l",
    "Ŀ": "L", "ŋ": "n", "Ŋ": "N", "ŧ": "t", "Ŧ": "T", "ĸ": "q", "ſ": "s",
})


def fold(text: str) -> str:
    """The text with letter variants replaced by their ASCII letters (accents are left to the tokenizer)."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKC", text).translate(_LETTERS)
