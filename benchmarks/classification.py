"""Classification and enrichment throughput on the labelled sample texts.

    .venv/bin/python -m benchmarks.classification

Rules, the trained n-gram model through our wrapper and raw scikit-learn (vectorise + predict_proba, the
baseline), the combined classifier as the pipeline files records, and entity extraction (spaCy NER on lines
plus patterns). Accuracy on real documents is in benchmarks/teaching.py.
"""

from __future__ import annotations

import statistics
import time

from classifiers.base import ClassifiableDocument
from classifiers.calibration import Thresholds
from classifiers.combined import CombinedClassifier, TrainedModel
from classifiers.ngram_model import MAX_CHARS, NgramModel
from classifiers.rules import RulesClassifier
from classifiers.training import sample_texts
from pipeline.enrich.entities import EntityRecogniser
from pipeline.file_plan import load_file_plan
from pipeline.settings import NlpSettings
from tests.conftest import REPO, SAMPLES


def docs_per_second(run, count: int, repeats: int) -> dict:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return {"docs_per_s": count / statistics.median(times), "min_s": min(times), "max_s": max(times)}


def measure(repeats: int = 3) -> dict:
    plan = load_file_plan(REPO / "config" / "file_plan.toml")
    items = sample_texts(SAMPLES)
    texts = [item.text for item in items]
    model = NgramModel().fit([item.text for item in items], [item.class_code for item in items])
    rules = RulesClassifier(plan)
    combined = CombinedClassifier(rules, TrainedModel("bench", model, Thresholds(0.1, 0.05)), 0.7)
    recogniser = EntityRecogniser(NlpSettings())
    recogniser.warm_up()
    runs = {
        "rules": lambda: [rules.predict(ClassifiableDocument(t)) for t in texts],
        "raw scikit-learn (vectorise + predict_proba)": lambda: model._classifier.predict_proba(
            model._features.transform([t[:MAX_CHARS] for t in texts])),
        "n-gram model via classifier": lambda: model.score(texts),
        "combined, one record at a time": lambda: [combined.predict(ClassifiableDocument(t)) for t in texts],
        "entities (NER + patterns)": lambda: [recogniser.recognise(t, plan.get(item.class_code))
                                              for t, item in zip(texts, items, strict=True)],
    }
    return {"documents": len(texts), "results": {name: docs_per_second(run, len(texts), repeats)
                                                 for name, run in runs.items()}}


def main() -> None:
    result = measure()
    for name, row in result["results"].items():
        print(f"{name:34s} {row['docs_per_s']:8.0f} docs/s  ({row['min_s']:.2f}–{row['max_s']:.2f} s)")


if __name__ == "__main__":
    main()
