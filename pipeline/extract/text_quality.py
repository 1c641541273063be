"""Is a PDF page's text layer worth keeping, or should the page be OCR'd?

A layer is judged by the scripts its letters are written in. Letters of a known script (Latin, Han,
Arabic, Hebrew, Cyrillic, Greek, Devanagari and the other scripts below) read as text; mojibake does not
(replacement or private-use characters, symbols where words should be). Only Latin-script words are
checked for their shape (vowels, no long consonant runs, no stray capitals: the invisible layer of a bad
earlier OCR run reads 'Tbe qnlck l1rown'), and only when the layer is in a language that check knows;
a Chinese, Arabic or Czech layer is never judged by English word shapes.

A doubtful layer (too short, garbled, odd word shapes) is not thrown away: the page is OCR'd and the
reading with more readable letters is kept (`better_reading`), so OCR never replaces a layer it reads
worse, and a short true layer ("Dummy PDF file") survives a page OCR finds nothing on.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_WORD = re.compile(r"[^\W\d_]{2,}")
_MIN_WORDLIKE_SHARE = 0.75
_MAX_ODD_CHAR_SHARE = 0.05
# Languages whose words have the vowel shape the check looks for (langid codes); in others (Czech
# 'zmrzlina', Vietnamese, Turkish, Welsh ...) the check would reject true text.
_WORD_SHAPE_LANGUAGES = frozenset({"en", "fr", "de", "es", "it", "pt", "nl", "da", "sv", "no", "nb", "ca"})
# The first word of a letter's Unicode name, for the scripts a records office meets, and the script name
# used in notes and OCR language choice.
_SCRIPTS = {"LATIN": "Latin", "CJK": "Han", "HIRAGANA": "Japanese", "KATAKANA": "Japanese",
            "HANGUL": "Hangul", "ARABIC": "Arabic", "HEBREW": "Hebrew", "CYRILLIC": "Cyrillic",
            "GREEK": "Greek", "DEVANAGARI": "Devanagari", "THAI": "Thai", "BENGALI": "Bengali",
            "TAMIL": "Tamil", "ARMENIAN": "Armenian", "GEORGIAN": "Georgian", "ETHIOPIC": "Ethiopic",
            "GUJARATI": "Gujarati", "GURMUKHI": "Gurmukhi", "SYRIAC": "Syriac", "THAANA": "Thaana",
            "KANNADA": "Kannada", "MALAYALAM": "Malayalam", "TELUGU": "Telugu", "SINHALA": "Sinhala",
            "KHMER": "Khmer", "LAO": "Lao", "MYANMAR": "Myanmar", "TIBETAN": "Tibetan"}


@dataclass(frozen=True)
class LayerJudgement:
    problem: str | None  # None: keep the layer as it is; else why it is doubtful (recorded on the page)
    script: str | None  # the script most of its letters are in ("Latin", "Han", "Arabic" ...), None if none
    readable_letters: int  # letters of known scripts, in words that read as words


def judge_layer(text: str, min_letters: int) -> LayerJudgement:
    script, readable, problem = main_script(text), 0, None
    letters = sum(ch.isalpha() for ch in text)
    visible = [ch for ch in text if not ch.isspace()]
    odd = sum(ch == "\ufffd" or unicodedata.category(ch) in ("Co", "Cn", "Cc", "So") for ch in visible)
    if letters == 0 or letters < min_letters:
        problem = "no usable text layer" if letters == 0 else f"short text layer ({letters} letters)"
    elif odd / max(len(visible), 1) > _MAX_ODD_CHAR_SHARE:
        problem = "text layer is garbled (mojibake)"
    readable, wordlike_share = _readable(text)
    if problem is None and wordlike_share < _MIN_WORDLIKE_SHARE:
        problem = "text layer does not read as words (a bad earlier OCR?)"
    return LayerJudgement(problem, script, readable)


def text_layer_problem(text: str, min_letters: int) -> str | None:
    """None if the layer is kept without OCR, else a short reason."""
    return judge_layer(text, min_letters).problem


def readable_letters(text: str) -> int:
    """Letters of known scripts, counting Latin words only when they read as words."""
    return _readable(text)[0]


def better_reading(layer: LayerJudgement, ocr_text: str, ocr_confidence: float | None) -> str | None:
    """None when the layer reads at least as well as the OCR, else why the OCR is kept. The OCR's
    readable letters are weighed by its confidence: 'Dummy PDF file' read back at 90 % does not win."""
    if not ocr_text.strip() or ocr_confidence is None:
        return None
    ocr_value = readable_letters(ocr_text) * ocr_confidence / 100
    if ocr_value <= layer.readable_letters:
        return None
    return (f"OCR kept: it reads {ocr_value:.0f} letters' worth at {ocr_confidence:.0f}% confidence, "
            f"the text layer {layer.readable_letters}")


def main_script(text: str) -> str | None:
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            script = _script(ch)
            if script:
                counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.get) if counts else None


@lru_cache(maxsize=4096)
def _script(ch: str) -> str | None:
    return _SCRIPTS.get(unicodedata.name(ch, "").split(" ", 1)[0])


def _readable(text: str) -> tuple[int, float]:
    """Readable letters, and the share of Latin words that look like words (1.0 when none are checked)."""
    readable = sum(1 for ch in text if ch.isalpha() and _script(ch) not in (None, "Latin"))
    latin = [word for word in _WORD.findall(text) if all(_script(ch) == "Latin" for ch in word)]
    if not latin:
        return readable, 1.0
    if not _word_shape_applies(latin):
        return readable + sum(map(len, latin)), 1.0
    wordlike = [word for word in latin if _looks_like_word(word)]
    return readable + sum(map(len, wordlike)), len(wordlike) / len(latin)


def _word_shape_applies(words: list[str]) -> bool:
    """True unless the language identifier is sure the words are in a language the check does not know.
    Garbage is mostly told apart from English by the identifier too, so only a clear other language
    (accented letters that only it uses) turns the check off."""
    import py3langid

    sample = " ".join(words[:400])
    language, _ = py3langid.classify(sample)
    if language in _WORD_SHAPE_LANGUAGES:
        return True
    # Plain ASCII words are where bad OCR lives; letters with marks are what other languages show.
    marked = sum(1 for ch in sample if ch.isalpha() and not ch.isascii())
    return marked < 0.03 * len(sample)


def _looks_like_word(word: str) -> bool:
    base = _base_letters(word)
    if not any(ch in "aeiouyAEIOUY" for ch in base):
        return len(word) <= 3 and word.isupper()  # abbreviations: ST, NW, PDF
    longest_run = max((len(run) for run in re.split(r"[aeiouyAEIOUY]", base)), default=0)
    mixed_case = any(ch.isupper() for ch in word[1:]) and any(ch.islower() for ch in word)
    return longest_run <= 4 and not mixed_case


def _base_letters(word: str) -> str:
    """The letters without their accents: 'Việt' has a vowel."""
    return "".join(ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch))
