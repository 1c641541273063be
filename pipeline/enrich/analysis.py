"""The CPU-heavy stages for one file, run inside a worker process: detect, extract, classify, enrich.

A worker builds its tools (OCR engine, file plan, classifier) once and reuses them for every file. It
only reads the file: archiving and cataloguing happen in the parent, so the catalog has one writer.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from classifiers.base import ClassifiableDocument, Prediction
from classifiers.combined import CombinedClassifier
from classifiers.model_store import ModelStore
from classifiers.rules import RulesClassifier
from pipeline.enrich.metadata import Enricher, Enrichment
from pipeline.errors import ConfigError, DocumentError, InternalError, RecordkeeperError
from pipeline.extract import searchable_pdf
from pipeline.extract.detect import detect_type
from pipeline.extract.dispatch import extract
from pipeline.extract.ocr import OcrEngine, TesseractEngine
from pipeline.file_plan import FilePlan, load_file_plan
from pipeline.pages import Extraction
from pipeline.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Analysis:
    extraction: Extraction
    prediction: Prediction
    enrichment: Enrichment
    searchable_pdf: Path | None = None  # in the work folder, for the registrar to archive


class Analyser:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.file_plan = load_file_plan(settings.file_plan)
        self.model_store = ModelStore(settings.model_dir)
        self.classifier = build_classifier(settings, self.file_plan, self.model_store)
        self.enricher = Enricher(settings, self.file_plan)
        self._ocr: OcrEngine | None = None
        for inbox in settings.inbox:
            if inbox.default_class and inbox.default_class not in self.file_plan.codes:
                raise ConfigError(
                    f"inbox '{inbox.station}': default_class '{inbox.default_class}' is not in the file plan"
                )

    def refresh_classifier(self) -> None:
        """Pick up a model activated since this worker started (a cheap read of one small file)."""
        if self.model_store.active_version() != self.classifier.model_version:
            self.classifier = build_classifier(self.settings, self.file_plan, self.model_store)

    def warm_up(self) -> None:
        """Load the models a long-running worker will need, so the first record does not wait for them."""
        self.enricher.enrich("Warm-up letter from Acme Ltd in Ottawa, dated 2025-01-01.",
                             Prediction(self.file_plan.unfiled_class, 0.0, "rule", ""), date.today(), None)
        _ = self.ocr

    @property
    def ocr(self) -> OcrEngine:
        # Started on first use: a batch of born-digital files never pays for Tesseract.
        if self._ocr is None:
            self._ocr = TesseractEngine(self.settings.ocr)
        return self._ocr

    def analyse(self, path: Path, station: str | None, received: date) -> Analysis:
        detected = detect_type(path)
        extraction = extract(path, detected, _LazyOcr(self), self.settings)
        if not extraction.text.strip():
            log.info("no text found in %s", path.name)
        document = ClassifiableDocument(text=extraction.text, filename=path.name, station=station)
        inbox = self.settings.inbox_for(station)
        if inbox is not None and inbox.default_class:
            prediction = Prediction(inbox.default_class, 1.0, "rule",
                                    f"inbox '{inbox.station}' files everything as {inbox.default_class}")
        else:
            prediction = self.classifier.predict(document)
        enrichment = self.enricher.enrich(extraction.text, prediction, received, station, stated=extraction)
        return Analysis(extraction=extraction, prediction=prediction, enrichment=enrichment,
                        searchable_pdf=self._searchable_pdf(path, extraction))

    def _searchable_pdf(self, path: Path, extraction: Extraction) -> Path | None:
        if not searchable_pdf.wanted(extraction, self.settings):
            return None
        try:
            return searchable_pdf.make_searchable_pdf(path, extraction, self.ocr, self.settings)
        except (DocumentError, OSError) as exc:
            # The archival copy is optional: the record is filed with its original and text regardless.
            log.warning("no searchable PDF for %s: %s", path.name, exc)
            return None


class _LazyOcr:
    """Defers starting the OCR engine until a page actually needs it."""

    def __init__(self, analyser: Analyser) -> None:
        self._analyser = analyser

    def orientation(self, image, dpi):
        return self._analyser.ocr.orientation(image, dpi)

    def recognize(self, image, dpi, single_column=False):
        return self._analyser.ocr.recognize(image, dpi, single_column)

    def for_script(self, script):
        return self._analyser.ocr.for_script(script)


def build_classifier(settings: Settings, file_plan: FilePlan, store: ModelStore) -> CombinedClassifier:
    return CombinedClassifier(RulesClassifier(file_plan), store.load_active(), settings.nlp.model_weight,
                              settings.review_threshold, file_plan.unfiled_class)


# One analyser per worker process, set by the pool initializer; the pool calls module functions only.
_worker_analyser: Analyser | None = None


def init_worker(settings: Settings) -> None:
    global _worker_analyser
    _worker_analyser = Analyser(settings)


def analyse_in_worker(path: Path, station: str | None, received: date) -> Analysis:
    """Pool entry point: every failure leaves as a DocumentError the parent can quarantine."""
    if _worker_analyser is None:
        raise InternalError("worker used before it was initialised")
    try:
        return _worker_analyser.analyse(path, station, received)
    except DocumentError:
        raise
    except RecordkeeperError as exc:
        raise DocumentError(exc.reason, exc.action) from None
    except Exception as exc:
        log.exception("unexpected failure analysing %s", path)
        raise InternalError(f"unexpected {type(exc).__name__} while reading '{path.name}': {exc}") from None
