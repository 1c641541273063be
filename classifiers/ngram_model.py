"""The trained text classifier: word and character n-grams (TF-IDF) with a linear model (scikit-learn).

Word uni- and bigrams carry a record's vocabulary; character 3–5-grams within words survive OCR noise,
inflections and hyphenation. A logistic regression over both learns from a handful of records per class
(five is enough for classes whose vocabulary differs) and gives a probability per class. The model also
keeps its training records' word vectors, so it can say how like the nearest record it was taught a new
document is: a document unlike all of them is of a kind it was never shown, whatever its probabilities
say. (Words only: character n-grams make any two English texts look alike.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Classes show in a record's opening pages; reading a 300-page contract in full adds time, not signal.
MAX_CHARS = 20_000
ARCHITECTURE = "tfidf-word12-char35-logreg.v1"
_HEADING_CHARS = 300
# Regularisation chosen on the real development corpus (see benchmarks/classification.py): weaker values
# blur classes taught with five records, stronger ones overfit the longest document of a class.
_C = 10.0


@dataclass(frozen=True)
class ModelScores:
    """What the model says of one document."""

    probabilities: dict[str, float]  # per class taught, summing to 1
    similarity: float  # cosine similarity to the nearest record taught, 0..1

    @property
    def ranked(self) -> list[tuple[str, float]]:
        return sorted(self.probabilities.items(), key=lambda item: item[1], reverse=True)

    @property
    def margin(self) -> float:
        """Lead of the most probable class over the next one: small when the model hesitates."""
        ranked = self.ranked
        return ranked[0][1] - (ranked[1][1] if len(ranked) > 1 else 0.0)


class NgramModel:
    """Fit on (text, class code) pairs; score documents. Needs at least two classes."""

    def __init__(self) -> None:
        self._features = None
        self._classifier = None
        self._taught = None  # the training records' word vectors, L2-normalised rows
        self._word_columns = 0
        self.labels: list[str] = []

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> NgramModel:
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import normalize

        if len(set(labels)) < 2:
            raise ValueError("a text classifier needs examples of at least two classes")
        self._features = _feature_extractor()
        vectors = self._features.fit_transform([_head(text) for text in texts])
        self._classifier = LogisticRegression(C=_C, max_iter=5000, class_weight="balanced")
        self._classifier.fit(vectors, list(labels))
        self._word_columns = len(self._features.transformer_list[0][1].vocabulary_)
        self._taught = normalize(vectors[:, :self._word_columns])
        self.labels = [str(label) for label in self._classifier.classes_]
        return self

    def score(self, texts: Sequence[str]) -> list[ModelScores]:
        from sklearn.preprocessing import normalize

        if not texts:
            return []
        vectors = self._features.transform([_head(text) for text in texts])
        probabilities = self._classifier.predict_proba(vectors)
        words = normalize(vectors[:, :self._word_columns])
        similarity = (words @ self._taught.T).max(axis=1).toarray().ravel()
        return [ModelScores({label: float(p) for label, p in zip(self.labels, row, strict=True)}, float(s))
                for row, s in zip(probabilities, similarity, strict=True)]


def _feature_extractor():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    return FeatureUnion([
        ("words", TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), stop_words="english",
                                  max_features=100_000)),
        ("characters", TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(3, 5),
                                       max_features=100_000)),
    ])


def _head(text: str) -> str:
    # A record's heading names its kind ("Services Agreement", "Privacy Policy", "Minutes of ..."): its
    # opening words count three times, so a long body in a shared house style does not drown them.
    return (text[:_HEADING_CHARS] + "\n") * 2 + text[:MAX_CHARS]
