"""Teaching the classifier the office's file plan: gather labels, train, evaluate honestly, activate.

Labels are the office's own — every record a person reclassified or accepted, and records imported as
labelled — plus bundled samples of the active plan's classes only. Every model is judged by k-fold
cross-validation on records it was not taught: the office's own labels when there are enough of them,
otherwise the bundled samples, said as such. The same folds give the bars it files by (classifiers/
calibration.py). A new model becomes active when, on those folds, it files at least as well as the
file-plan rules alone.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from classifiers.base import ClassifiableDocument
from classifiers.calibration import (
    Evaluation,
    Outcome,
    Thresholds,
    choose_thresholds,
    cross_validate,
    folds_for,
    summarise,
    too_few_labels,
)
from classifiers.combined import CombinedClassifier, TrainedModel
from classifiers.model_store import ModelInfo, ModelStore
from classifiers.ngram_model import NgramModel
from classifiers.rules import RulesClassifier
from classifiers.training import LabelledStore, LabelledText, sample_texts
from pipeline.errors import ConfigError, DocumentError
from pipeline.extract.detect import detect_type
from pipeline.extract.dispatch import extract
from pipeline.extract.ocr import TesseractEngine
from pipeline.file_plan import FilePlan
from pipeline.settings import REPO_CONFIG_DIR, Settings
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)
# Office labels of a class from which its bundled samples are left out (the five a class needs to be taught).
OWN_LABELS_ENOUGH = 5
_REPEAT_BELOW = 150  # office labels under which cross-validation is repeated with other folds
# The model's share against the file-plan rules, tried on the folds: generic keywords can help or hurt.
_WEIGHTS = (0.5, 0.7, 0.85, 1.0)


@dataclass(frozen=True)
class Labels:
    items: list[LabelledText]
    office: int  # how many are the office's own
    bundled: int


@dataclass
class TeachingReport:
    version: str | None
    activated: bool
    verdict: str
    labels: Labels
    evaluated_on: str  # "your labelled records" or "bundled samples"
    results: dict[str, Evaluation] = field(default_factory=dict)
    thresholds: Thresholds | None = None


def labelled_store(settings: Settings) -> LabelledStore:
    return LabelledStore(settings.model_dir / "labelled.jsonl")


def default_samples_dir() -> Path | None:
    """The bundled samples: ./sample_docs where the command runs, else the installation's own."""
    return next((p for p in (Path("sample_docs"), REPO_CONFIG_DIR.parent / "sample_docs")
                 if (p / "manifest.csv").exists()), None)


def gather_labels(workspace: Workspace, samples_dir: Path | None) -> Labels:
    plan = workspace.file_plan
    codes = {code for code in plan.codes if code != plan.unfiled_class}
    office = [LabelledText(record_id, text, code, "correction")
              for record_id, code, text in workspace.catalog.human_decisions() if code in codes and text.strip()]
    office += [item for item in labelled_store(workspace.settings).all() if item.class_code in codes]
    # Samples stand in for a class until the office has taught enough of its own: an office's "GOV-MIN"
    # may not be the generated minutes, and its own records say what it files there.
    own = Counter(item.class_code for item in office)
    wanted = {code for code in codes if own[code] < OWN_LABELS_ENOUGH}
    bundled = sample_texts(samples_dir, wanted) if samples_dir is not None and wanted else []
    return Labels(office + bundled, office=len(office), bundled=len(bundled))


def import_labelled(settings: Settings, plan: FilePlan, folder: Path,
                    progress: Callable[[Path], None] = lambda path: None) -> tuple[int, list[str]]:
    """Read `folder/<CLASS CODE>/<files>` into the labelled store; returns (new, problems)."""
    codes = {code for code in plan.codes if code != plan.unfiled_class}
    if not folder.is_dir():
        raise ConfigError(f"{folder} does not exist or is not a folder",
                          "Give the folder that holds one sub-folder per class code")
    folders = sorted(p for p in folder.iterdir() if p.is_dir())
    unknown = [p.name for p in folders if p.name not in codes and p.name.upper() not in codes]
    if not folders or unknown:
        raise ConfigError(
            f"{folder}: " + (_not_classes(unknown) if unknown else "no sub-folders named by class code"),
            f"Name each sub-folder by a class code of the file plan: {', '.join(sorted(codes))}")
    items = []
    problems = [f"{path}: not in a sub-folder named by class code" for path in sorted(folder.iterdir())
                if path.is_file() and not path.name.startswith(".")]
    engine = TesseractEngine(settings.ocr)
    for class_folder in folders:
        for path in sorted(p for p in class_folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
            progress(path)
            try:
                text = extract(path, detect_type(path), engine, settings).text
            except DocumentError as exc:
                problems.append(f"{path}: {exc.reason}")
                continue
            if not text.strip():
                problems.append(f"{path}: no text found")
                continue
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            items.append(LabelledText(digest, text, class_folder.name.upper(), "labelled"))
    return labelled_store(settings).add(items), problems


def _not_classes(names: list[str]) -> str:
    if len(names) == 1:
        return f"sub-folder {names[0]} is not a class of the file plan"
    return f"sub-folders {', '.join(names)} are not classes of the file plan"


def teach(workspace: Workspace, labels: Labels, force: bool = False) -> TeachingReport:
    settings, plan = workspace.settings, workspace.file_plan
    store = ModelStore(settings.model_dir)
    classes = {item.class_code for item in labels.items}
    if len(classes) < 2:
        return TeachingReport(None, False, "nothing trained: labelled records of at least two classes are "
                              "needed (reclassify or accept records, or train --labelled FOLDER)", labels, "")
    evaluated = evaluate_labels(labels, plan, settings)
    model = NgramModel().fit([item.text for item in labels.items], [item.class_code for item in labels.items])
    thresholds = evaluated.thresholds
    info = store.save(model, thresholds, len(labels.items), labels.office,
                      {name: e.to_json() for name, e in evaluated.results.items()}
                      | {"evaluated_on": evaluated.evaluated_on})
    by_model, by_rules = evaluated.results["rules + model"], evaluated.results["rules alone"]
    better = by_model.macro_f1 >= by_rules.macro_f1
    if better or force:
        store.activate(info.version)
    verdict = (f"activated {info.version}" if better or force else
               f"NOT activated: {info.version} files worse than the rules alone on held-out records "
               f"(macro-F1 {by_model.macro_f1:.3f} < {by_rules.macro_f1:.3f}; use --force to activate)")
    evaluated.version, evaluated.activated, evaluated.verdict = info.version, better or force, verdict
    return evaluated


def evaluate_labels(labels: Labels, plan: FilePlan, settings: Settings) -> TeachingReport:
    """Cross-validated figures for rules alone and rules + model, and the bars a model would file by."""
    office = [item for item in labels.items if item.is_office_label]
    shortfall = too_few_labels(office)
    judged_ids = {item.id for item in (labels.items if shortfall else office)}
    evaluated_on = ("your labelled records" if not shortfall else
                    f"bundled samples and your {len(office)} labelled records" if office else "bundled samples")
    note = (f"{shortfall}; figures are on bundled samples and say little about your records" if shortfall
            else "")
    rules = RulesClassifier(plan)
    # A few dozen labels give a jumpy estimate from one set of folds; drawing the folds three times
    # judges each record by three models at three times the (small) cost.
    repeats = 1 if shortfall or len(office) > _REPEAT_BELOW else 3
    every_weight = [o for o in cross_validate(labels.items, _fold_classifier(rules, plan, settings),
                                              settings.review.folds, repeats) if o.id in judged_ids]
    weight = _best_weight(every_weight)
    outcomes = [o for o in every_weight if o.model_weight in (weight, None)]
    thresholds = dataclasses.replace(choose_thresholds(outcomes, settings.review.max_auto_error),
                                     model_weight=weight)
    labels_in_plan = [code for code in plan.codes if code != plan.unfiled_class]
    folds = len(folds_for(labels.items, settings.review.folds))
    judged = [item for item in labels.items if item.id in judged_ids]
    results = {
        "rules alone": summarise(_rules_outcomes(rules, judged, settings.review_threshold, plan.unfiled_class),
                                 labels_in_plan, None, plan.unfiled_class, folds, note),
        "rules + model": summarise(outcomes, labels_in_plan, thresholds, plan.unfiled_class, folds, note),
    }
    return TeachingReport(None, False, "", labels, evaluated_on, results, thresholds)


def _fold_classifier(rules: RulesClassifier, plan: FilePlan, settings: Settings):
    """Classifies a fold once per candidate model weight (the fit, the costly part, is shared)."""
    weights = sorted({*_WEIGHTS, settings.nlp.model_weight})

    def classify(taught: list[LabelledText], tested: list[LabelledText]) -> list[Outcome]:
        fitted = None
        if len({item.class_code for item in taught}) >= 2:
            fitted = NgramModel().fit([item.text for item in taught], [item.class_code for item in taught])
        documents = [ClassifiableDocument(item.text) for item in tested]
        outcomes = []
        for weight in weights if fitted is not None else [None]:
            model = None if fitted is None else TrainedModel(
                "fold", fitted, Thresholds(auto_file_margin=0.0, open_set_similarity=0.0, model_weight=weight))
            combined = CombinedClassifier(rules, model, settings.nlp.model_weight, settings.review_threshold,
                                          plan.unfiled_class)
            for item, p in zip(tested, combined.predict_many(documents), strict=True):
                if p.margin is not None:
                    outcomes.append(Outcome(item.id, item.class_code, p.code, p.margin, p.similarity,
                                            model_weight=weight))
                elif weight in (weights[0], None):  # decided by rules alone: the same for every weight
                    outcomes.append(Outcome(item.id, item.class_code, p.code, p.confidence, None,
                                            reviewed_by_rules=p.review_reason is not None))
        return outcomes
    return classify


def _best_weight(outcomes: list[Outcome]) -> float | None:
    """The model weight whose out-of-fold outcomes were most often right (the larger weight on a tie)."""
    right: dict[float, int] = {}
    for outcome in outcomes:
        if outcome.model_weight is not None:
            right[outcome.model_weight] = right.get(outcome.model_weight, 0) + (outcome.truth == outcome.predicted)
    return max(right, key=lambda weight: (right[weight], weight)) if right else None


def _rules_outcomes(rules: RulesClassifier, items: list[LabelledText], review_threshold: float,
                    unfiled: str) -> list[Outcome]:
    outcomes = []
    for item in items:
        p = rules.predict(ClassifiableDocument(item.text))
        outcomes.append(Outcome(item.id, item.class_code, p.code, p.confidence, None,
                                reviewed_by_rules=p.confidence < review_threshold or p.code == unfiled))
    return outcomes


def active_model_info(settings: Settings) -> ModelInfo | None:
    store = ModelStore(settings.model_dir)
    version = store.active_version()
    return store.info(version) if version else None


def classifier_status(workspace: Workspace) -> dict:
    """What `status` says of the classifier: the active model and what its bars are estimated to cost."""
    settings = workspace.settings
    info = active_model_info(settings)
    if info is None:
        return {"model": None, "max_auto_error": settings.review.max_auto_error}
    estimate = info.metrics.get("rules + model", {})
    return {
        "model": info.version, "trained_at": info.trained_at, "training_records": info.training_records,
        "office_labels": info.office_labels, "evaluated_on": info.metrics.get("evaluated_on", ""),
        "max_auto_error": settings.review.max_auto_error,
        "estimated_auto_filed_error": estimate.get("auto_filed_error"),
        "estimated_review_rate": estimate.get("review_rate"), "estimated_accuracy": estimate.get("accuracy"),
        "thresholds": info.thresholds,
        "decisions_since_training": workspace.catalog.decisions_since(info.trained_at),
        "retrain_after_corrections": settings.review.retrain_after_corrections,
    }


class BackgroundRetraining:
    """Retrains in a separate process once `review.retrain_after_corrections` decisions were made since the
    active model was trained; intake goes on meanwhile and workers pick the new model up on their next job."""

    def __init__(self, settings: Settings, report=print) -> None:
        self.settings = settings
        self.report = report
        self._process = None
        self._last_attempt = ""  # a model that was not activated must not be retrained at every rescan

    def when_due(self, workspace: Workspace) -> None:
        wanted = self.settings.review.retrain_after_corrections
        if not wanted or (self._process is not None and self._process.is_alive()):
            return
        info = active_model_info(self.settings)
        decisions = workspace.catalog.decisions_since(max(info.trained_at if info else "", self._last_attempt))
        if decisions < wanted:
            return
        import multiprocessing
        from datetime import UTC, datetime

        self._last_attempt = datetime.now(UTC).isoformat(timespec="seconds")
        self.report(f"Retraining the classifier in the background: {decisions} decision(s) since the last training")
        self._process = multiprocessing.get_context("spawn").Process(
            target=retrain, args=(self.settings,), name="recordkeeper-retrain", daemon=True)
        self._process.start()


def retrain(settings: Settings) -> None:
    """Process entry point: one training run, as `recordkeeper train` does it."""
    with Workspace.open(settings) as workspace:
        report = teach(workspace, gather_labels(workspace, default_samples_dir()))
    log.info("background retraining: %s", report.verdict)
