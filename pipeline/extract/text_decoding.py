"""Text in any common encoding: UTF-8 first (exact when it decodes), else charset-normalizer's best guess.

The encoding found is recorded on the record, so a reader who doubts a character can see how the bytes
were read.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import charset_normalizer

# Share of printable characters below which a "text" is taken for binary data.
_PRINTABLE_SHARE = 0.95
_BOMS = ((codecs.BOM_UTF32_LE, "utf_32"), (codecs.BOM_UTF32_BE, "utf_32"), (codecs.BOM_UTF8, "utf_8_sig"),
         (codecs.BOM_UTF16_LE, "utf_16"), (codecs.BOM_UTF16_BE, "utf_16"))


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # Python's codec name, e.g. "utf_8", "cp1252"


def decode_sample(head: bytes) -> DecodedText | None:
    """Decode the first bytes of a file as text, or None when they are not text in any known encoding."""
    decoded = _decode(head, sample=True)
    if decoded is None:
        return None
    text = decoded.text
    printable = sum(ch.isprintable() or ch in "\r\n\t\f" for ch in text)
    return decoded if printable / max(len(text), 1) > _PRINTABLE_SHARE else None


def decode_text(raw: bytes) -> DecodedText | None:
    """Decode a whole text file; None when it is not text in any known encoding."""
    return _decode(raw, sample=False)


def _decode(raw: bytes, sample: bool) -> DecodedText | None:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return DecodedText(raw.decode(encoding, errors="replace"), encoding)
    if b"\x00" in raw:
        return None  # text in UTF-16/32 without a byte-order mark is too rare to risk reading binaries as it
    try:
        return DecodedText(raw.decode("utf-8"), "utf_8")
    except UnicodeDecodeError as exc:
        # A sample may cut a multi-byte character at its end.
        if sample and exc.start >= len(raw) - 4 and exc.reason.startswith("unexpected end"):
            return DecodedText(raw[: exc.start].decode("utf-8"), "utf_8")
    best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        return None
    # Short Western texts fit several single-byte code pages equally well ("Pantothensäure" reads as clean
    # Baltic cp775 too); Windows-1252 is by far the likeliest of them, so it wins a tie.
    western = charset_normalizer.from_bytes(raw, cp_isolation=["cp1252"]).best()
    if western is not None and western.chaos <= best.chaos:
        best = western
    return DecodedText(str(best), best.encoding)
