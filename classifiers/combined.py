"""The classifier the pipeline uses: file-plan rules and the trained model, combined, explained and
told when to ask for review.

Both give a distribution over classes; the combination weights the model by `nlp.model_weight`. When
the rules match nothing they abstain and the model decides alone; with no trained model the rules decide
and `review_threshold` sends unsure records to review. A trained model carries two bars estimated on
the office's own labelled records (classifiers/calibration.py): a document less like every taught
record than the open-set bar is sent to review unfiled, never into the nearest class; a document whose
best class leads the next by less than the auto-file margin is sent to review in its best class.
A class with rules but no taught examples is decided by its rules alone. The model's share against the
rules is chosen on the same folds when the model was trained (`nlp.model_weight` until then).
"""

from __future__ import annotations

from dataclasses import dataclass

from classifiers.base import ClassifiableDocument, Classifier, Prediction
from classifiers.calibration import Thresholds
from classifiers.ngram_model import NgramModel


@dataclass(frozen=True)
class TrainedModel:
    version: str
    model: NgramModel
    thresholds: Thresholds


class CombinedClassifier:
    def __init__(self, rules: Classifier, model: TrainedModel | None, model_weight: float,
                 review_threshold: float = 0.5, unfiled_class: str = "REV") -> None:
        self.rules = rules
        self.model = model
        self.model_weight = model_weight
        self.review_threshold = review_threshold
        self.unfiled_class = unfiled_class

    @property
    def model_version(self) -> str | None:
        return self.model.version if self.model else None

    def predict(self, document: ClassifiableDocument) -> Prediction:
        return self.predict_many([document])[0]

    def predict_many(self, documents: list[ClassifiableDocument]) -> list[Prediction]:
        by_rules = [self.rules.predict(document) for document in documents]
        if self.model is None:
            return [self._by_rules_alone(prediction) for prediction in by_rules]
        scored = self.model.model.score([document.text for document in documents])
        return [self._combine(rules, scores) for rules, scores in zip(by_rules, scored, strict=True)]

    def _by_rules_alone(self, by_rules: Prediction, why: str = "") -> Prediction:
        if by_rules.code == self.unfiled_class:
            reason = "no file-plan rule matched" + why
        elif by_rules.confidence < self.review_threshold:
            reason = f"rule confidence {by_rules.confidence:.2f} is below review_threshold {self.review_threshold:g}"
        else:
            reason = None
        return Prediction(by_rules.code, by_rules.confidence, "rule", by_rules.explanation, by_rules.scores,
                          review_reason=reason)

    def _combine(self, by_rules: Prediction, scores) -> Prediction:
        version, bars = self.model.version, self.model.thresholds
        rule_total = sum(by_rules.scores.values())
        taught = set(scores.probabilities)
        if rule_total and by_rules.code != self.unfiled_class and by_rules.code not in taught:
            # No record of this class was ever taught: the model cannot vote for it, the rules can.
            return self._by_rules_alone(by_rules)
        chosen = bars.model_weight if bars.model_weight is not None else self.model_weight
        weight = chosen if rule_total else 1.0
        combined = {code: weight * scores.probabilities.get(code, 0.0)
                    + (1 - weight) * (by_rules.scores.get(code, 0.0) / rule_total if rule_total else 0.0)
                    for code in taught | {c for c, s in by_rules.scores.items() if s}}
        ranked = sorted(combined.items(), key=lambda item: item[1], reverse=True)
        (code, best), runner_up = ranked[0], ranked[1] if len(ranked) > 1 else ("", 0.0)
        margin = round(best - runner_up[1], 4)
        if not rule_total:
            opinion = "no rule matched"
        elif by_rules.code == code:
            opinion = f"agrees with {by_rules.explanation}"
        else:
            opinion = f"rules suggested {by_rules.code}"
        explanation = (f"model {version} {scores.probabilities.get(code, 0.0):.2f} for {code}, "
                       f"lead {margin:.2f} over {runner_up[0] or 'nothing'}; {opinion}")
        if scores.similarity < bars.open_set_similarity:
            reason = (f"unlike every record the classifier was taught (similarity {scores.similarity:.2f}, "
                      f"filing needs {bars.open_set_similarity:.2f}); nearest class {code}")
            return Prediction(self.unfiled_class, 0.0, "model", explanation, combined, model_version=version,
                              review_reason=reason, margin=margin, similarity=round(scores.similarity, 4))
        reason = None
        if margin < bars.margin_for(code):
            reason = (f"lead {margin:.2f} over {runner_up[0]} is below the {bars.margin_for(code):.2f} "
                      f"needed to file in {code} without review")
        return Prediction(code, round(best, 3), "model", explanation, combined, model_version=version,
                          review_reason=reason, margin=margin, similarity=round(scores.similarity, 4))
