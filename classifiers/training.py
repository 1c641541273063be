"""Training data, held-out split and evaluation for the text classifier.

Training takes its data as arguments: labelled sample texts (the manifest and the text corpus under
sample_docs/) and, when asked, the records technicians corrected. The held-out split is a fixed
function of each sample's id, so every model is judged on the same records.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

_SPLIT_SALT = "recordkeeper-held-out-v1"


@dataclass(frozen=True)
class LabelledText:
    id: str
    text: str
    class_code: str
    source: str  # sample, corpus or correction


def sample_texts(samples_dir: Path) -> list[LabelledText]:
    items = []
    manifest = samples_dir / "manifest.csv"
    if manifest.exists():
        with manifest.open(newline="", encoding="utf-8") as handle:
            items += [LabelledText(row["file"], row["text"], row["class_code"], "sample")
                      for row in csv.DictReader(handle)]
    corpus = samples_dir / "corpus.jsonl"
    if corpus.exists():
        with corpus.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    row = json.loads(line)
                    items.append(LabelledText(row["id"], row["text"], row["class_code"], "corpus"))
    return items


def split_held_out(items: Sequence[LabelledText], fraction: float) -> tuple[list[LabelledText], list[LabelledText]]:
    """Per class, the `fraction` of items whose salted id hashes lowest is held out (at least one)."""
    by_class: dict[str, list[LabelledText]] = defaultdict(list)
    for item in items:
        by_class[item.class_code].append(item)
    train, held_out = [], []
    for members in by_class.values():
        members.sort(key=lambda item: hashlib.sha256((_SPLIT_SALT + item.id).encode()).hexdigest())
        cut = max(1, round(len(members) * fraction)) if fraction > 0 and len(members) > 1 else 0
        held_out += members[:cut]
        train += members[cut:]
    return train, held_out


@dataclass(frozen=True)
class Evaluation:
    size: int
    accuracy: float
    macro_f1: float
    per_class: dict[str, dict[str, float]]
    confusion: dict[str, dict[str, int]]

    def to_json(self) -> dict:
        return asdict(self)


def evaluate(predict: Callable[[list[str]], list[str]], items: Sequence[LabelledText],
             labels: Iterable[str]) -> Evaluation:
    labels = list(labels)
    predicted = predict([item.text for item in items])
    confusion = {truth: dict.fromkeys(labels, 0) for truth in labels}
    for item, guess in zip(items, predicted, strict=True):
        confusion.setdefault(item.class_code, dict.fromkeys(labels, 0))
        confusion[item.class_code][guess] = confusion[item.class_code].get(guess, 0) + 1
    per_class = {}
    for label in labels:
        true_positive = confusion.get(label, {}).get(label, 0)
        predicted_as = sum(row.get(label, 0) for row in confusion.values())
        support = sum(confusion.get(label, {}).values())
        precision = true_positive / predicted_as if predicted_as else 0.0
        recall = true_positive / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
                            "support": support}
    scored = [label for label in labels if per_class[label]["support"]]
    correct = sum(confusion.get(label, {}).get(label, 0) for label in labels)
    return Evaluation(
        size=len(items),
        accuracy=round(correct / len(items), 3) if items else 0.0,
        macro_f1=round(sum(per_class[label]["f1"] for label in scored) / len(scored), 3) if scored else 0.0,
        per_class=per_class,
        confusion=confusion,
    )
