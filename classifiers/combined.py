"""The classifier the pipeline uses: file-plan rules and the trained model, combined and explained.

Both give a distribution over classes; the combination weights the model by `nlp.model_weight`. When
the rules match nothing they abstain and the model decides alone; with no trained model the rules decide.
"""

from __future__ import annotations

from classifiers.base import ClassifiableDocument, Classifier, Prediction
from classifiers.textcat import TextcatClassifier


class CombinedClassifier:
    def __init__(self, rules: Classifier, model: TextcatClassifier | None, model_weight: float) -> None:
        self.rules = rules
        self.model = model
        self.model_weight = model_weight

    @property
    def model_version(self) -> str | None:
        return self.model.version if self.model else None

    def predict(self, document: ClassifiableDocument) -> Prediction:
        by_rules = self.rules.predict(document)
        if self.model is None:
            return by_rules
        by_model = self.model.predict(document)
        rule_total = sum(by_rules.scores.values())
        weight = self.model_weight if rule_total else 1.0
        combined = {
            code: weight * score + (1 - weight) * (by_rules.scores.get(code, 0.0) / rule_total if rule_total else 0)
            for code, score in by_model.scores.items()
        }
        code = max(combined, key=combined.get)
        if not rule_total:
            opinion = "no rule matched"
        elif by_rules.code == code:
            opinion = f"agrees with {by_rules.explanation}"
        else:
            opinion = f"rules suggested {by_rules.code}"
        explanation = f"model {self.model.version} {by_model.scores[code]:.2f} for {code}; {opinion}"
        return Prediction(code, round(combined[code], 3), "model", explanation, combined,
                          model_version=self.model.version)
