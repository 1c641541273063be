"""How far the classifier can be trusted, estimated on records it was not taught (k-fold cross-validation).

Every labelled record is classified once by a model trained without it (out of fold). From those
answers come the figures a records manager reads — accuracy, macro-F1, per-class precision and recall,
the confusion matrix — and the two bars the classifier files by:

- the **auto-file margin**, per class filed in: how far the best class must lead the next for a record
  to be filed without review. The bars are chosen together so that, over all classes, at most
  `max_auto_error` of the records filed without review were wrong, with as few records as possible sent
  to review. Each bar sits halfway between the least sure record its class keeps and the surest mistake
  it leaves out, so a new record a shade less sure than every taught one is not reviewed for that alone.
  Per class (as in Mondrian conformal prediction), so a pair of look-alike classes pays with
  review for its own confusion and the other classes do not;
- the **open-set similarity**: how like its nearest taught record a document must be to be filed at all;
  a document less like every taught record than almost every labelled one was goes to review unfiled.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

from classifiers.training import LabelledText

# Fewer labelled records than this (or fewer than two per class in two classes) cannot be evaluated.
MIN_LABELLED = 10
# The open-set bar sits below all but this share of the labelled records' own similarity...
_OPEN_SET_QUANTILE = 0.05
# ...and this far below it, so a record a little unlike the others of its class is still filed. The model
# that files is taught more records than each fold's, so new records of a taught kind find a nearer
# neighbour than out of fold. On eight random five-per-class choices of real records
# (benchmarks.teaching_splits), 0.8 sent 96 % of pages of kinds the plan lacks to review (0.6: 82 %) at
# the same accuracy and review rate on in-plan records (0.955 and 10 %; 0.6: 0.957 and 9 %); 1.0 sent
# every such page to review but also in-plan records of rare layouts, unfiled (accuracy 0.922).
_OPEN_SET_SLACK = 0.8


@dataclass(frozen=True)
class Outcome:
    """One labelled record classified by a model that was not taught it."""

    id: str
    truth: str
    predicted: str
    margin: float
    similarity: float | None  # None when no model took part (rules only)
    reviewed_by_rules: bool | None = None  # set when the rules alone decided, by their own review bar
    model_weight: float | None = None  # the model's share in the combination that gave this outcome


@dataclass(frozen=True)
class Thresholds:
    auto_file_margin: float  # for a class with no out-of-fold evidence of its own
    open_set_similarity: float
    per_class: dict[str, float] = field(default_factory=dict)
    model_weight: float | None = None  # the model's share against the rules, chosen on the folds

    def margin_for(self, code: str) -> float:
        return self.per_class.get(code, self.auto_file_margin)


@dataclass(frozen=True)
class Evaluation:
    size: int
    accuracy: float
    macro_f1: float
    per_class: dict[str, dict[str, float]]
    confusion: dict[str, dict[str, int]]
    review_rate: float = 0.0
    auto_filed_error: float = 0.0
    folds: int = 0
    note: str = ""
    extra: dict = field(default_factory=dict)
    records: int = 0  # distinct records judged; `size` counts judgements, several per record when repeated

    def to_json(self) -> dict:
        return asdict(self)


def folds_for(items: Sequence[LabelledText], wanted: int = 5, seed: int = 0) -> list[list[int]]:
    """Stratified folds over the items of classes with at least two records (a class with one record
    is always taught, never tested). Items sharing a `group` (near-duplicates) stay in one fold."""
    by_class: dict[str, list[list[int]]] = defaultdict(list)
    groups: dict[tuple[str, str], list[int]] = {}
    for index, item in enumerate(items):
        key = (item.class_code, item.group or item.id)
        if key not in groups:
            groups[key] = []
            by_class[item.class_code].append(groups[key])
        groups[key].append(index)
    testable = {code: members for code, members in by_class.items() if len(members) >= 2}
    if not testable:
        return []
    count = max(2, min(wanted, min(len(members) for members in testable.values())))
    folds: list[list[int]] = [[] for _ in range(count)]
    shuffler = random.Random(seed)
    for code in sorted(testable):
        members = list(testable[code])
        shuffler.shuffle(members)
        for position, group in enumerate(members):
            folds[position % count].extend(group)
    return [sorted(fold) for fold in folds if fold]


def cross_validate(items: Sequence[LabelledText], classify_fold: Callable[[list[LabelledText], list[LabelledText]],
                   list[Outcome]], wanted_folds: int = 5, repeats: int = 1) -> list[Outcome]:
    """Out-of-fold outcomes: `classify_fold(taught, tested)` is called once per fold. With `repeats` > 1 the
    folds are drawn again with other seeds, so each record is judged by several models — a steadier
    estimate when an office has taught only a few records per class."""
    outcomes: list[Outcome] = []
    for seed in range(repeats):
        for fold in folds_for(items, wanted_folds, seed):
            tested = set(fold)
            taught = [item for index, item in enumerate(items) if index not in tested]
            outcomes += classify_fold(taught, [items[index] for index in fold])
    return outcomes


def choose_thresholds(outcomes: Sequence[Outcome], max_auto_error: float) -> Thresholds:
    outcomes = [o for o in outcomes if o.reviewed_by_rules is None]
    similarities = sorted(o.similarity for o in outcomes if o.similarity is not None and o.truth == o.predicted)
    if similarities:
        floor = similarities[int(_OPEN_SET_QUANTILE * (len(similarities) - 1))]
        open_set = round(floor * _OPEN_SET_SLACK, 4)
    else:
        open_set = 0.0
    considered = [o for o in outcomes if o.similarity is None or o.similarity >= open_set]
    return Thresholds(auto_file_margin=_lowest_safe_margin(considered, max_auto_error), open_set_similarity=open_set,
                      per_class=_class_margins(considered, max_auto_error))


def _class_margins(outcomes: Sequence[Outcome], max_auto_error: float) -> dict[str, float]:
    """Per-class bars filing the most records while, over all classes, at most `max_auto_error` of the
    records filed were wrong. Each class starts at the bar above its most confident mistake; then the
    class whose next step files the most records per mistake it lets through steps down, while the
    overall error stays within the target."""
    steps: dict[str, list[tuple[float, int, int]]] = {}  # class: [(bar, filed, wrong)] from the top down
    for code in sorted({o.predicted for o in outcomes}):
        ranked = sorted((o for o in outcomes if o.predicted == code), key=lambda o: o.margin, reverse=True)
        cuts, wrong = [], 0
        for count, outcome in enumerate(ranked, start=1):
            wrong += outcome.truth != outcome.predicted
            if count == len(ranked) or ranked[count].margin != outcome.margin:
                cuts.append((outcome.margin, count, wrong))
        steps[code] = cuts
    # Start: every class files what it got right above its first mistake.
    position = {code: max((i for i, cut in enumerate(cuts) if cut[2] == 0), default=-1)
                for code, cuts in steps.items()}

    def totals() -> tuple[int, int]:
        chosen = [steps[code][i] for code, i in position.items() if i >= 0]
        return sum(c[1] for c in chosen), sum(c[2] for c in chosen)

    while True:
        filed, wrong = totals()
        best = None
        for code, cuts in steps.items():
            for j in range(position[code] + 1, len(cuts)):
                before = cuts[position[code]] if position[code] >= 0 else (1.0, 0, 0)
                more_filed, more_wrong = cuts[j][1] - before[1], cuts[j][2] - before[2]
                if (wrong + more_wrong) > max_auto_error * (filed + more_filed):
                    continue
                value = (more_filed / max(more_wrong, 0.5), more_filed)
                if best is None or value > best[0]:
                    best = (value, code, j)
        if best is None:
            break
        position[best[1]] = best[2]
    return {code: (round(_bar_below(steps[code], i), 4) if i >= 0 else 1.0) for code, i in position.items()}


def _bar_below(cuts: list[tuple[float, int, int]], chosen: int) -> float:
    """The bar halfway between the least sure record kept and the most sure mistake left out (or zero when
    none was left out): set at the last record kept, any new record a shade less sure than every taught
    one would go to review, however far it is from a mistake."""
    kept = cuts[chosen][0]
    below = cuts[chosen + 1][0] if chosen + 1 < len(cuts) else 0.0
    return (kept + below) / 2


def _lowest_safe_margin(outcomes: Sequence[Outcome], max_auto_error: float) -> float:
    """The lowest margin m such that records with margin >= m were wrong at most `max_auto_error` of the time.

    With no out-of-fold evidence at all the bar is 1.0 (nothing filed without review)."""
    if not outcomes:
        return 1.0
    ranked = sorted(outcomes, key=lambda o: o.margin, reverse=True)
    bar, wrong = 1.0, 0
    for count, outcome in enumerate(ranked, start=1):
        wrong += outcome.truth != outcome.predicted
        ties_follow = count < len(ranked) and ranked[count].margin == outcome.margin
        if wrong / count <= max_auto_error and not ties_follow:
            bar = outcome.margin
    return round(bar, 4)


def summarise(outcomes: Sequence[Outcome], labels: Sequence[str], thresholds: Thresholds | None,
              unfiled: str, folds: int = 0, note: str = "") -> Evaluation:
    """Accuracy and the rest over out-of-fold outcomes; review figures at `thresholds` when given."""
    labels = list(labels)
    confusion = {truth: dict.fromkeys([*labels, unfiled], 0) for truth in labels}
    reviewed = 0
    auto_wrong = auto_total = 0
    for outcome in outcomes:
        predicted = outcome.predicted
        if outcome.reviewed_by_rules is not None or thresholds is None:
            goes_to_review = bool(outcome.reviewed_by_rules)
        else:
            unlike = outcome.similarity is not None and outcome.similarity < thresholds.open_set_similarity
            goes_to_review = unlike or outcome.margin < thresholds.margin_for(outcome.predicted)
            predicted = unfiled if unlike else predicted
        row = confusion.setdefault(outcome.truth, dict.fromkeys([*labels, unfiled], 0))
        row[predicted] = row.get(predicted, 0) + 1
        if goes_to_review:
            reviewed += 1
        else:
            auto_total += 1
            auto_wrong += predicted != outcome.truth
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
    size = len(outcomes)
    return Evaluation(
        size=size, accuracy=round(correct / size, 3) if size else 0.0,
        macro_f1=round(sum(per_class[label]["f1"] for label in scored) / len(scored), 3) if scored else 0.0,
        per_class=per_class, confusion=confusion,
        review_rate=round(reviewed / size, 3) if size else 0.0,
        auto_filed_error=round(auto_wrong / auto_total, 3) if auto_total else 0.0,
        folds=folds, note=note, records=len({outcome.id for outcome in outcomes}))


def too_few_labels(items: Sequence[LabelledText]) -> str | None:
    """Why these labelled records cannot give an honest estimate, or None when they can."""
    counts = Counter(item.class_code for item in items)
    testable = [code for code, count in counts.items() if count >= 2]
    if len(items) < MIN_LABELLED or len(testable) < 2:
        return (f"too few labelled records to estimate accuracy: {len(items)} in {len(counts)} class(es); "
                f"need at least {MIN_LABELLED}, with two or more in at least two classes")
    return None
