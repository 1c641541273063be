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
    # Why a person should look at this record before it counts as filed; None when it may be filed as is.
    review_reason: str | None = None
    margin: float | None = None  # lead of the chosen class over the next, where a model took part
    similarity: float | None = None  # to the nearest record the model was taught, where a model took part

    @property
    def explained(self) -> str:
        """The explanation a record keeps: why this class, and why it waits for review if it does."""
        if not self.review_reason:
            return self.explanation
        if self.review_reason.startswith(self.explanation):
            # When nothing matched, the explanation is also the reason to review: saying it twice reads as
            # two problems.
            return f"to review: {self.review_reason}"
        return f"{self.explanation}; to review: {self.review_reason}"


class Classifier(Protocol):
    def predict(self, document: ClassifiableDocument) -> Prediction: ...
