"""File-plan rules: keywords and patterns declared per class in config/file_plan.toml.

Each keyword found counts once, each pattern match twice (patterns are specific, such as an invoice
number format). Confidence grows with the winner's lead over the runner-up, so a document that matches
two classes equally is sent to review rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from classifiers.base import ClassifiableDocument, Prediction
from pipeline.file_plan import FilePlan

_PATTERN_WEIGHT = 2.0
# Text beyond this is not read for rules: headings and opening paragraphs carry the class.
_MAX_CHARS = 20_000


@dataclass(frozen=True)
class _ClassRules:
    code: str
    keywords: list[tuple[str, re.Pattern[str]]]
    patterns: list[re.Pattern[str]]
    filename_patterns: list[re.Pattern[str]]


class RulesClassifier:
    def __init__(self, file_plan: FilePlan) -> None:
        self._unfiled = file_plan.unfiled_class
        self._rules = [
            _ClassRules(
                code=record_class.code,
                keywords=[(kw, _keyword_regex(kw)) for kw in record_class.keywords],
                patterns=[re.compile(p, re.MULTILINE) for p in record_class.patterns],
                filename_patterns=[re.compile(p) for p in record_class.filename_patterns],
            )
            for record_class in file_plan.classes
            if record_class.keywords or record_class.patterns or record_class.filename_patterns
        ]

    def predict(self, document: ClassifiableDocument) -> Prediction:
        text = document.text[:_MAX_CHARS]
        scores: dict[str, float] = {}
        reasons: dict[str, list[str]] = {}
        for rules in self._rules:
            hits = [kw for kw, regex in rules.keywords if regex.search(text)]
            pattern_hits = [p.pattern for p in rules.patterns if p.search(text)]
            pattern_hits += [f"file name {p.pattern}" for p in rules.filename_patterns if p.search(document.filename)]
            scores[rules.code] = len(hits) + _PATTERN_WEIGHT * len(pattern_hits)
            reasons[rules.code] = [f"'{kw}'" for kw in hits] + [f"pattern {p}" for p in pattern_hits]
        ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
        if not ranked or ranked[0][1] == 0:
            return Prediction(self._unfiled, 0.0, "rule", "no file-plan rule matched", scores)
        (best, top), runner_up = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0.0)
        confidence = round((top - runner_up + 1) / (top + 2) * min(1.0, top / 3), 3)
        explanation = f"rules for {best} matched: {', '.join(reasons[best][:6])}"
        return Prediction(best, confidence, "rule", explanation, scores)


def _keyword_regex(keyword: str) -> re.Pattern[str]:
    # Whole-word at the start; a keyword ending in a letter also matches inflections ("indemnif").
    return re.compile(r"(?<!\w)" + re.escape(keyword).replace(r"\ ", r"\s+"), re.IGNORECASE)
