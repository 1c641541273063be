"""Labelled records the classifier learns from, and where they come from.

The office's own labels come first: every record a technician reclassified or accepted, and records
imported as labelled (`train --labelled FOLDER`, kept in the data home). Bundled samples are used only
for the classes of the active file plan, so the default plan works out of the box and an office's own
plan is never taught classes it does not have.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

# Sample texts can be whole documents; csv's default field limit (128 KiB) would refuse long ones.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass(frozen=True)
class LabelledText:
    id: str
    text: str
    class_code: str
    source: str  # sample, corpus, correction or labelled
    group: str | None = None  # near-duplicates share a group and are never split between train and test

    @property
    def is_office_label(self) -> bool:
        return self.source in ("correction", "labelled")


def sample_texts(samples_dir: Path, classes: Iterable[str] | None = None) -> list[LabelledText]:
    """Bundled labelled samples (manifest.csv, corpus.jsonl), only of `classes` when given."""
    wanted = set(classes) if classes is not None else None
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
    return [item for item in items if wanted is None or item.class_code in wanted]


class LabelledStore:
    """Records imported as labelled, kept beside the models (`models/labelled.jsonl`), one per checksum."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def all(self) -> list[LabelledText]:
        if not self.path.exists():
            return []
        with self.path.open(encoding="utf-8") as handle:
            return [LabelledText(**json.loads(line)) for line in handle if line.strip()]

    def add(self, items: Iterable[LabelledText]) -> int:
        """Adds or relabels items by id; returns how many were new. Written atomically."""
        kept = {item.id: item for item in self.all()}
        before = len(kept)
        kept.update((item.id, item) for item in items)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            for item in kept.values():
                out.write(json.dumps(asdict(item), ensure_ascii=False) + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, self.path)
        return len(kept) - before
