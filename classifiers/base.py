"""The classifier protocol: a document in, a prediction with its reasons out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class ClassifiableDocument:
    text: str
    filename: str = ""
    station: str | None = None


@dataclass(frozen=True)
class Prediction:
    code: str
    confidence: float  # 0..1
    source: str  # "rule", "model" or "human"
    explanation: str
    scores: dict[str, float] = field(default_factory=dict)
    model_version: str | None = None  # the trained model that took part, if any


class Classifier(Protocol):
    def predict(self, document: ClassifiableDocument) -> Prediction: ...
