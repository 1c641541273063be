"""How much the teaching figures depend on which five records per class were taught.

    .venv/bin/python -m benchmarks.teaching_splits [--splits 8]

`benchmarks.teaching` runs the loop once, through the CLI, on one fixed choice of taught records. With
five records per class one unlucky choice moves every figure, so this runs the same loop in one process
(the text `ingest` reads, the cross-validation and model `train` builds, the classifier `ingest` files
with) on other random choices, and prints each split with the mean and the worst. It also offers each
model documents of kinds the file plan does not hold (the receipts and article pages of
../shared/ocr-dev, by their ground-truth text) and counts how many were sent to review, as they should be.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from collections import defaultdict
from pathlib import Path

from benchmarks.teaching import _SAME_FORM, CLASSES, DEV, PER_CLASS, available, write_config
from classifiers.base import ClassifiableDocument
from classifiers.combined import CombinedClassifier, TrainedModel
from classifiers.ngram_model import NgramModel
from classifiers.rules import RulesClassifier
from classifiers.training import LabelledText
from pipeline.errors import DocumentError
from pipeline.extract.detect import detect_type
from pipeline.extract.dispatch import extract
from pipeline.extract.ocr import TesseractEngine
from pipeline.file_plan import load_file_plan
from pipeline.lifecycle.teaching import Labels, evaluate_labels
from pipeline.settings import load_settings
from tests.conftest import REPO

OUT_OF_PLAN = REPO.parent / "shared" / "ocr-dev"
SPLITS = 8


def read_corpus(settings) -> list[LabelledText]:
    """Every classify-dev file read as `ingest` reads it; near-duplicate form revisions share a group."""
    engine, items = TesseractEngine(settings.ocr), []
    for folder, (code, _) in CLASSES.items():
        for path in sorted((DEV / folder).iterdir()):
            try:
                text = extract(path, detect_type(path), engine, settings).text
            except DocumentError:
                continue  # quarantined by ingest as well: never taught, never filed
            same = _SAME_FORM.search(path.name)
            if text.strip():
                items.append(LabelledText(f"{folder}/{path.name}", text, code, "labelled",
                                          group=same.group(1) if same else None))
    return items


def choose(items: list[LabelledText], seed: int, per_class: int = PER_CLASS) -> tuple[list[LabelledText],
                                                                                     list[LabelledText]]:
    by_class: dict[str, dict[str, list[LabelledText]]] = defaultdict(lambda: defaultdict(list))
    for item in items:
        by_class[item.class_code][item.group or item.id].append(item)
    shuffler, taught, filed = random.Random(seed), [], []
    for code in sorted(by_class):
        groups = list(by_class[code].values())
        shuffler.shuffle(groups)
        count = 0
        for group in groups:
            (taught if count < per_class else filed).extend(group)
            count += len(group) if count < per_class else 0
    return taught, filed


def run_split(taught, filed, foreign: list[str], plan, settings) -> dict:
    report = evaluate_labels(Labels(taught, len(taught), 0), plan, settings)
    model = NgramModel().fit([item.text for item in taught], [item.class_code for item in taught])
    classifier = CombinedClassifier(RulesClassifier(plan), TrainedModel("split", model, report.thresholds),
                                    settings.nlp.model_weight, settings.review_threshold, plan.unfiled_class)
    filed_as = classifier.predict_many([ClassifiableDocument(item.text) for item in filed])
    auto = [p.code == item.class_code for p, item in zip(filed_as, filed, strict=True) if p.review_reason is None]
    offered = classifier.predict_many([ClassifiableDocument(text) for text in foreign])
    return {
        "accuracy": sum(p.code == item.class_code for p, item in zip(filed_as, filed, strict=True)) / len(filed),
        "review_rate": sum(p.review_reason is not None for p in filed_as) / len(filed),
        "auto_filed_error": (len(auto) - sum(auto)) / len(auto) if auto else 0.0,
        "out_of_plan_reviewed": (sum(p.review_reason is not None for p in offered) / len(offered)
                                 if offered else None),
    }


def measure(splits: int = SPLITS, per_class: int = PER_CLASS) -> dict:
    missing = available()
    if missing:
        return {"skipped": missing}
    with tempfile.TemporaryDirectory() as tmp:
        config = write_config(Path(tmp), keywords=False)
        settings = load_settings(config, home=Path(tmp) / "home")
        plan = load_file_plan(settings.file_plan)
        items = read_corpus(settings)
        foreign = ([path.read_text("utf-8") for path in sorted(OUT_OF_PLAN.glob("*.gt.txt"))]
                   if OUT_OF_PLAN.is_dir() else [])
        rows = [{"seed": seed, **run_split(*choose(items, seed, per_class), foreign, plan, settings)}
                for seed in range(1, splits + 1)]
    keys = ("accuracy", "review_rate", "auto_filed_error", "out_of_plan_reviewed")
    known = {key: [row[key] for row in rows if row[key] is not None] for key in keys}
    return {"splits": rows,
            "mean": {key: sum(v) / len(v) if v else None for key, v in known.items()},
            "worst": {"accuracy": min(known["accuracy"]), "review_rate": max(known["review_rate"]),
                      "auto_filed_error": max(known["auto_filed_error"]),
                      "out_of_plan_reviewed": min(known["out_of_plan_reviewed"], default=None)}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--splits", type=int, default=SPLITS, help="random choices of the taught records")
    parser.add_argument("--per-class", type=int, default=PER_CLASS, help="records taught per class")
    arguments = parser.parse_args()
    figures = measure(arguments.splits, arguments.per_class)
    if "skipped" in figures:
        print(figures["skipped"])
        return
    print(f"{'split':>7s} {'accuracy':>8s} {'review':>7s} {'auto-filed wrong':>16s} {'out-of-plan reviewed':>20s}")
    for name, row in [*((f"{r['seed']}", r) for r in figures["splits"]), ("mean", figures["mean"]),
                      ("worst", figures["worst"])]:
        foreign = "-" if row["out_of_plan_reviewed"] is None else f"{row['out_of_plan_reviewed']:.0%}"
        print(f"{name:>7s} {row['accuracy']:8.3f} {row['review_rate']:7.0%} {row['auto_filed_error']:16.1%} "
              f"{foreign:>20s}")


if __name__ == "__main__":
    main()
