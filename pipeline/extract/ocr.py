"""The OCR engine port and its Tesseract adapter (in-process through tesserocr).

One engine lives per worker process and is reused for every page: starting Tesseract costs more than
a small page takes to read. Images are handed over as raw 8-bit pixels, not re-encoded files.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from PIL import Image

from pipeline.errors import ConfigError, OcrFailed
from pipeline.settings import OcrSettings

# Below this orientation confidence Tesseract's guess is noise; leave the page as it is.
_MIN_ORIENTATION_CONFIDENCE = 2.0
_LOW_WORD_CONFIDENCE = 60
_MAX_DOUBTFUL_WORDS = 50
# Tesseract's language data for each script a text layer can be in (`text_quality.main_script`), best
# first; the first one installed is read together with the configured languages (numbers, Latin names).
_SCRIPT_LANGUAGES = {"Han": ("chi_sim", "chi_tra"), "Japanese": ("jpn",), "Hangul": ("kor",),
                     "Arabic": ("ara", "fas", "urd"), "Hebrew": ("heb",), "Cyrillic": ("rus", "ukr", "bul", "srp"),
                     "Greek": ("ell",), "Devanagari": ("hin", "mar", "nep"), "Thai": ("tha",),
                     "Bengali": ("ben",), "Tamil": ("tam",), "Armenian": ("hye",), "Georgian": ("kat",)}


@dataclass(frozen=True)
class OcrLine:
    """One text line as the engine found it: its box (left, top, right, bottom in page pixels) and text."""

    box: tuple[int, int, int, int]
    text: str
    confidence: float = 100.0  # 0-100, the engine's mean over the line's words


@dataclass(frozen=True)
class OcrResult:
    text: str  # in the engine's own block order
    mean_confidence: float | None  # 0-100 over recognised words; None when no words
    word_count: int
    low_confidence_words: list[tuple[str, float]] = field(default_factory=list)
    lines: list[OcrLine] = field(default_factory=list)  # for reading order; empty if the engine gives none


class OcrEngine(Protocol):
    def orientation(self, image: Image.Image, dpi: int) -> int:
        """Degrees to turn the page counter-clockwise to make it upright (0, 90, 180, 270)."""
        ...

    def recognize(self, image: Image.Image, dpi: int, single_column: bool = False) -> OcrResult:
        """The page's text. `single_column`: the page has no columns side by side (a receipt, a letter),
        so the engine's search for columns and blocks is skipped; found lines still keep their boxes."""
        ...

    def for_script(self, script: str | None) -> tuple[OcrEngine, str | None]:
        """The engine that reads text in `script`, and a note when its language data is not installed."""
        ...


class TesseractEngine:
    """Tesseract through tesserocr's C API binding, one thread, reused across pages."""

    def __init__(self, settings: OcrSettings) -> None:
        import tesserocr

        tessdata = settings.tessdata_path
        if tessdata is None or not Path(tessdata).is_dir():
            raise ConfigError(
                "Tesseract language data not found",
                "Install it (apt-get install tesseract-ocr tesseract-ocr-eng) or set ocr.tessdata_path",
            )
        installed = set(tesserocr.get_languages(str(tessdata))[1])
        missing = [lang for lang in settings.languages if lang not in installed]
        if missing:
            raise ConfigError(
                f"OCR language(s) {', '.join(missing)} not installed in {tessdata}",
                "Install them (apt-get install " + " ".join(f"tesseract-ocr-{m}" for m in missing) + ")",
            )
        self._settings = settings
        self._installed = installed
        self._script_engines: dict[str, TesseractEngine] = {}
        self._timeout_ms = int(settings.page_timeout_seconds * 1000)
        self._api = tesserocr.PyTessBaseAPI(path=str(tessdata), lang="+".join(settings.languages))
        self._osd = None
        if settings.detect_orientation and "osd" in installed:
            self._osd = tesserocr.PyTessBaseAPI(
                path=str(tessdata), lang="osd", psm=tesserocr.PSM.OSD_ONLY
            )

    @property
    def installed_languages(self) -> frozenset[str]:
        """The languages whose data is in the tessdata folder (asked once, when the engine starts)."""
        return frozenset(self._installed)

    def for_script(self, script: str | None) -> tuple[OcrEngine, str | None]:
        wanted = _SCRIPT_LANGUAGES.get(script or "", ())
        if not wanted or any(language in self._settings.languages for language in wanted):
            return self, None
        present = [language for language in wanted if language in self._installed]
        configured = "+".join(self._settings.languages)
        if not present:
            package = "tesseract-ocr-" + wanted[0].replace("_", "-")
            return self, f"{script} text read with {configured}: no {script} OCR language is installed ({package})"
        if script not in self._script_engines:
            # Started on first need and kept: a worker meets the same scripts again.
            languages = [present[0], *self._settings.languages]
            self._script_engines[script] = TesseractEngine(self._settings.model_copy(update={"languages": languages}))
        return self._script_engines[script], f"read as {script} ({present[0]}+{configured})"

    def recognize(self, image: Image.Image, dpi: int, single_column: bool = False) -> OcrResult:
        import tesserocr

        gray = image if image.mode == "L" else image.convert("L")
        # Tesseract's block layout splits a receipt's items from their prices and drops faint lines it
        # takes for pictures; one column of text of varying size reads such pages whole.
        self._api.SetPageSegMode(tesserocr.PSM.SINGLE_COLUMN if single_column else tesserocr.PSM.AUTO)
        self._set_image(self._api, gray, dpi)
        started = time.monotonic()
        if not self._api.Recognize(timeout=self._timeout_ms):
            raise OcrFailed(_failure_reason(time.monotonic() - started, self._timeout_ms / 1000, gray.size))
        try:
            text = self._api.GetUTF8Text()
            if not text.strip():
                return OcrResult(text="", mean_confidence=None, word_count=0)  # a blank page is no failure
            words = self._api.MapWordConfidences()
            lines = self._lines()
        except RuntimeError as exc:
            raise OcrFailed(f"Tesseract could not read the page: {exc}") from None
        # Tesseract reports empty "words" (at 95 %) on a blank page: only words with letters count.
        words = [(word, confidence) for word, confidence in words if word.strip()]
        confidences = [confidence for _, confidence in words]
        mean = sum(confidences) / len(confidences) if confidences else None
        doubtful = [(word, float(conf)) for word, conf in words if conf < _LOW_WORD_CONFIDENCE][:_MAX_DOUBTFUL_WORDS]
        return OcrResult(text=text, mean_confidence=mean, word_count=len(confidences), low_confidence_words=doubtful,
                         lines=lines)

    def _lines(self) -> list[OcrLine]:
        import tesserocr

        level = tesserocr.RIL.TEXTLINE
        upright = (tesserocr.Orientation.PAGE_UP, tesserocr.WritingDirection.LEFT_TO_RIGHT,
                   tesserocr.TextlineOrder.TOP_TO_BOTTOM)
        found = []
        for line in tesserocr.iterate_level(self._api.GetIterator(), level):
            if tuple(line.Orientation()[:3]) != upright:
                # Tesseract read a turned page as it lies; its boxes are sideways, its own order is right.
                return []
            text = line.GetUTF8Text(level)
            box = line.BoundingBox(level)
            if text and text.strip() and box:
                found.append(OcrLine(box=tuple(box), text=" ".join(text.split()), confidence=line.Confidence(level)))
        return found

    def orientation(self, image: Image.Image, dpi: int) -> int:
        if self._osd is None:
            return 0
        gray = image if image.mode == "L" else image.convert("L")
        self._set_image(self._osd, gray, dpi)
        try:
            found = self._osd.DetectOrientationScript()
        except RuntimeError:
            return 0  # too little text to tell; recognise as it is
        if not found or found.get("orient_conf", 0.0) < _MIN_ORIENTATION_CONFIDENCE:
            return 0
        return int(found["orient_deg"]) % 360

    @staticmethod
    def _set_image(api, gray: Image.Image, dpi: int) -> None:
        width, height = gray.size
        api.SetImageBytes(gray.tobytes(), width, height, 1, width)
        api.SetSourceResolution(dpi)

    def render_searchable_pdf(self, page_images: list[Path], output_base: Path) -> Path:
        """Tesseract's own PDF renderer: each image with its recognised text as an invisible layer."""
        listing = output_base.with_suffix(".pages.txt")
        listing.write_text("\n".join(str(path) for path in page_images) + "\n", encoding="utf-8")
        import tesserocr

        self._api.SetPageSegMode(tesserocr.PSM.AUTO)
        self._api.SetVariable("tessedit_create_pdf", "1")
        try:
            ok = self._api.ProcessPages(str(output_base), str(listing), timeout=self._timeout_ms * len(page_images))
        finally:
            self._api.SetVariable("tessedit_create_pdf", "0")
            listing.unlink(missing_ok=True)
        pdf = output_base.with_suffix(".pdf")
        if not ok or not pdf.exists():
            raise OcrFailed("Tesseract could not write the searchable PDF")
        return pdf

    def close(self) -> None:
        for engine in self._script_engines.values():
            engine.close()
        self._api.End()
        if self._osd is not None:
            self._osd.End()


def _failure_reason(seconds: float, timeout: float, size: tuple[int, int]) -> str:
    """Why Recognize returned false: cancelled at the time limit, or stopped early by an error of its own
    (on a huge page, most often an allocation that failed)."""
    if seconds >= timeout * 0.95:
        return f"Tesseract was stopped after {timeout:g} s on one page (ocr.page_timeout_seconds)"
    return (f"Tesseract stopped after {seconds:.0f} s, before its {timeout:g} s limit, on a page of "
            f"{size[0]}x{size[1]} px: it could not read the page (out of memory, or an image it cannot handle)")
