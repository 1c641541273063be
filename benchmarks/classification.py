"""Classification and enrichment throughput on the labelled sample texts.

    .venv/bin/python -m benchmarks.classification

Rules, the trained textcat model through our wrapper and raw `nlp.pipe` (the baseline), the combined
classifier as the pipeline files records, and entity extraction (spaCy NER on lines plus patterns).
"""

from __future__ import annotations

import statistics
import time

from classifiers.base import ClassifiableDocument
from classifiers.combined import CombinedClassifier
from classifiers.rules import RulesClassifier
from classifiers.textcat import MAX_CHARS, TextcatClassifier, train_pipeline
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
    labels = [code for code in plan.codes if code != plan.unfiled_class]
    items = sample_texts(SAMPLES)
    texts = [item.text for item in items]
    nlp = train_pipeline([(item.text, item.class_code) for item in items], labels, epochs=5)
    model = TextcatClassifier(nlp, "bench")
    rules = RulesClassifier(plan)
    combined = CombinedClassifier(rules, model, 0.7)
    recogniser = EntityRecogniser(NlpSettings())
    recogniser.warm_up()
    runs = {
        "rules": lambda: [rules.predict(ClassifiableDocument(t)) for t in texts],
        "raw spaCy textcat (nlp.pipe)": lambda: list(nlp.pipe(t[:MAX_CHARS] for t in texts)),
        "textcat via classifier": lambda: model.scores(texts),
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
