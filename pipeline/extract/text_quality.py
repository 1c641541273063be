"""Is a PDF page's text layer worth keeping, or should the page be OCR'd?

A layer is rejected when it has almost no letters (a scan with an empty or stray layer), when it is
mojibake (replacement or private-use characters, symbols where words should be), or when its "words"
do not look like words (the invisible layer of a bad earlier OCR run: 'Tbe qnlck l1rown').
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W\d_]{2,}")
_VOWELS = set("aeiouyAEIOUYàâäéèêëîïôöùûüÿæœáíóúñåøÀÂÄÉÈÊËÎÏÔÖÙÛÜÁÍÓÚÑÅØ")
_MIN_WORDLIKE_SHARE = 0.75
_MAX_ODD_CHAR_SHARE = 0.05


def text_layer_problem(text: str, min_letters: int) -> str | None:
    """None if the layer is usable, else a short reason (recorded on the page)."""
    letters = sum(ch.isalpha() for ch in text)
    if letters < min_letters:
        return "no usable text layer"
    visible = [ch for ch in text if not ch.isspace()]
    odd = sum(ch == "\ufffd" or unicodedata.category(ch) in ("Co", "Cn", "Cc", "So") for ch in visible)
    if odd / max(len(visible), 1) > _MAX_ODD_CHAR_SHARE:
        return "text layer is garbled (mojibake)"
    words = _WORD.findall(text)
    if words:
        wordlike = sum(_looks_like_word(word) for word in words)
        if wordlike / len(words) < _MIN_WORDLIKE_SHARE:
            return "text layer does not read as words (a bad earlier OCR?)"
    return None


def _looks_like_word(word: str) -> bool:
    if not any(ch in _VOWELS for ch in word):
        return len(word) <= 3 and word.isupper()  # abbreviations: ST, NW, PDF
    longest_run = max((len(run) for run in re.split(r"[aeiouyAEIOUY]", word)), default=0)
    mixed_case = any(ch.isupper() for ch in word[1:]) and any(ch.islower() for ch in word)
    return longest_run <= 4 and not mixed_case
