"""How both search backends compare letters: case, accents and letter variants folded to plain ASCII.

Elasticsearch's `asciifolding` filter (in the index mapping) folds every Latin letter to its ASCII form:
ß → ss, æ → ae, ø → o, ł → l, the ligature ﬁ → fi, full-width Ａ → A. SQLite's `unicode61` tokenizer
folds case and removes accents but leaves those letters as they are, so the embedded index passes its
text and queries through `fold` first: `strasse` then finds *Straße* on either backend, and `Straße`
finds *Strasse*. Compatibility forms (ligatures, full-width and other width variants, superscripts) are
normalised by NFKC; the letters NFKC keeps are mapped by hand, as ASCIIFoldingFilter maps them.

Scripts written without spaces (Chinese, Japanese kana) are searched character by character: every Han
ideograph and kana becomes a word of its own at index and query time, and a query word written in them
is searched as a phrase, so "东北电气" finds the four characters side by side anywhere in a line of
Chinese. Elasticsearch's mapping does the same with a character filter (see `elasticsearch/mapping.py`),
so both backends find the same records. Arabic is compared without its short-vowel marks and tatweel,
with the letter variants Lucene's Arabic normaliser folds (أ إ آ → ا, ى → ي, ة → ه).
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.search.port import HIGHLIGHT_END, HIGHLIGHT_START

_LETTERS = str.maketrans({
    "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
    "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ħ": "h", "Ħ": "H", "ı": "i", "ŀ": "l",
    "Ŀ": "L", "ŋ": "n", "Ŋ": "N", "ŧ": "t", "Ŧ": "T", "ĸ": "q", "ſ": "s",
})


# Han (with extension A and compatibility ideographs), hiragana and katakana: one character, one word.
# The same ranges as `elasticsearch/mapping.py`'s character filter.
CHARACTER_WORDS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CHARACTER_WORD = re.compile(f"[{CHARACTER_WORDS}]")
# Arabic short vowels (fathatan to sukun) and tatweel, as Lucene's Arabic normaliser removes them.
ARABIC_MARKS = "\u064b-\u0652\u0640"
_ARABIC_MARK = re.compile(f"[{ARABIC_MARKS}]")
# Letter variants folded as Lucene's ArabicNormalizer does: alef with hamza or madda, alef maksura, teh marbuta.
ARABIC_LETTER_VARIANTS = {"\u0622": "\u0627", "\u0623": "\u0627", "\u0625": "\u0627", "\u0649": "\u064a",
                          "\u0629": "\u0647"}
_ARABIC_LETTERS = str.maketrans(ARABIC_LETTER_VARIANTS)
_SPACES = re.compile(" {2,}")
_SPACE_BETWEEN_CHARACTER_WORDS = re.compile(
    f"([{CHARACTER_WORDS}](?:{re.escape(HIGHLIGHT_END)})?) +((?:{re.escape(HIGHLIGHT_START)})?[{CHARACTER_WORDS}])")


def fold(text: str) -> str:
    """The text with letter variants replaced by their ASCII letters (accents are left to the tokenizer),
    Arabic marks removed and each Chinese or Japanese character set apart as a word."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text).translate(_LETTERS)
    text = _ARABIC_MARK.sub("", text).translate(_ARABIC_LETTERS)
    return _CHARACTER_WORD.sub(r" \g<0> ", text)


def has_character_words(text: str) -> bool:
    """True when the text holds characters searched one by one (a query word in them is a phrase)."""
    return _CHARACTER_WORD.search(text) is not None


def unfold_spacing(snippet: str) -> str:
    """A snippet of folded text as it was written: no spaces between Chinese or Japanese characters,
    also where a highlight mark stands between them, and one highlight over characters matched together."""
    previous = None
    while previous != snippet:
        previous, snippet = snippet, _SPACE_BETWEEN_CHARACTER_WORDS.sub(r"\1\2", snippet)
    # Characters matched side by side read as one highlight, as a phrase of words does.
    return _SPACES.sub(" ", snippet).replace(HIGHLIGHT_END + HIGHLIGHT_START, "").strip(" ")
