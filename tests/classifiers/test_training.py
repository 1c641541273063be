"""Labelled data, cross-validation, the bars the classifier files by, model storage, the combined classifier."""

from __future__ import annotations

import csv
import json
import random

import pytest

from classifiers.base import ClassifiableDocument
from classifiers.calibration import Outcome, Thresholds, choose_thresholds, cross_validate, summarise
from classifiers.combined import CombinedClassifier, TrainedModel
from classifiers.model_store import ModelStore
from classifiers.ngram_model import NgramModel
from classifiers.rules import RulesClassifier
from classifiers.training import LabelledStore, LabelledText, sample_texts
from pipeline.file_plan import load_file_plan
from tests.conftest import REPO, SAMPLES

PLAN = load_file_plan(REPO / "config" / "file_plan.toml")
VOCABULARY = {
    "FIN-AP": "invoice amount due remit payment terms subtotal supplier tax total balance account".split(),
    "HR-PER": "employee hired position salary manager performance review department leave benefits".split(),
    "GOV-MIN": "minutes meeting agenda motion carried chair quorum adjourned attendees resolved item".split(),
}


def synthetic(code: str, n: int, seed: int) -> LabelledText:
    words = random.Random(f"{code}{n}{seed}").choices(VOCABULARY[code] + "the of and a to in for".split(), k=120)
    return LabelledText(f"{code}-{n}-{seed}", " ".join(words), code, "labelled")


def taught(n: int = 6, seed: int = 0) -> list[LabelledText]:
    return [synthetic(code, i, seed) for code in VOCABULARY for i in range(n)]


def test_bundled_samples_of_classes_not_in_the_plan_are_never_used():
    only = sample_texts(SAMPLES, {"FIN-AP", "GOV-MIN"})
    assert only and {item.class_code for item in only} == {"FIN-AP", "GOV-MIN"}
    assert sample_texts(SAMPLES, set()) == []


def test_a_sample_text_longer_than_csvs_default_field_limit_is_read(tmp_path):
    long_text = "Invoice amount due " * 10_000  # 190,000 characters, over csv's 131,072 default
    with (tmp_path / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, ["file", "class_code", "text"])
        writer.writeheader()
        writer.writerow({"file": "long.pdf", "class_code": "FIN-AP", "text": long_text})
    assert sample_texts(tmp_path)[0].text == long_text


def test_cross_validation_never_tests_a_record_it_was_taught():
    items = taught(6)
    items += [LabelledText("w9-2018", "form w9", "FIN-AP", "labelled", group="w9"),
              LabelledText("w9-2024", "form w9 rev", "FIN-AP", "labelled", group="w9")]
    seen_tested: list[str] = []

    def classify(taught_items, tested):
        assert not {i.id for i in taught_items} & {i.id for i in tested}
        tested_ids = {i.id for i in tested}
        assert ("w9-2018" in tested_ids) == ("w9-2024" in tested_ids)  # a group stays on one side
        seen_tested.extend(tested_ids)
        return [Outcome(i.id, i.class_code, i.class_code, 1.0, 1.0) for i in tested]

    outcomes = cross_validate(items, classify, 5)
    assert sorted(seen_tested) == sorted(i.id for i in items)  # each record tested exactly once
    assert len(outcomes) == len(items)


def test_the_auto_file_bar_keeps_the_error_among_filed_records_under_the_target():
    outcomes = [Outcome(str(n), "A", "A", 0.5 + n / 100, 0.5) for n in range(40)]
    outcomes += [Outcome("wrong-confident", "A", "B", 0.62, 0.5), Outcome("wrong-unsure", "A", "B", 0.1, 0.5)]
    bars = choose_thresholds(outcomes, max_auto_error=0.02)
    filed = [o for o in outcomes if o.margin >= bars.auto_file_margin]
    assert sum(o.truth != o.predicted for o in filed) / len(filed) <= 0.02
    assert bars.auto_file_margin > 0.62
    assert choose_thresholds(outcomes, max_auto_error=0.5).auto_file_margin <= 0.1


def test_a_confused_pair_of_classes_pays_with_review_and_the_others_do_not():
    clear = [Outcome(f"m{n}", "GOV-MIN", "GOV-MIN", 0.3 + n / 100, 0.5) for n in range(60)]
    confused = [Outcome(f"c{n}", "LEG-CON", "LEG-CON", 0.3 + n / 100, 0.5) for n in range(10)]
    confused += [Outcome("policy-as-contract", "ADM-POL", "LEG-CON", 0.5, 0.5),
                 Outcome("another", "ADM-POL", "LEG-CON", 0.45, 0.5)]
    bars = choose_thresholds(clear + confused, max_auto_error=0.02)
    assert bars.margin_for("GOV-MIN") <= 0.3  # every minutes record filed
    assert bars.margin_for("LEG-CON") > 0.45  # the confused class files only above its mistakes
    filed = [o for o in clear + confused if o.margin >= bars.margin_for(o.predicted)]
    assert sum(o.truth != o.predicted for o in filed) / len(filed) <= 0.02


def test_the_bar_sits_between_the_least_sure_record_kept_and_the_surest_mistake():
    # Out of fold, every correct contract led by 0.30 or more and the mistakes by 0.10 at most. A new
    # record led by 0.25 is nearer the successes than the mistakes: it is filed, not reviewed.
    outcomes = [Outcome(f"c{n}", "LEG-CON", "LEG-CON", 0.3 + n / 10, 0.5) for n in range(5)]
    outcomes += [Outcome(f"m{n}", "GOV-MIN", "GOV-MIN", 0.4 + n / 10, 0.5) for n in range(45)]
    outcomes += [Outcome("minutes-as-contract", "GOV-MIN", "LEG-CON", 0.1, 0.5),
                 Outcome("other-minutes-as-contract", "GOV-MIN", "LEG-CON", 0.1, 0.5)]
    bars = choose_thresholds(outcomes, max_auto_error=0.02)
    assert 0.1 < bars.margin_for("LEG-CON") <= 0.25
    # A class with no mistake at all keeps a bar: below its least sure record there is no evidence.
    assert 0 < bars.margin_for("GOV-MIN") < 0.4


def test_metrics_on_a_known_confusion():
    outcomes = [Outcome("1", "A", "A", 1, None, False), Outcome("2", "A", "A", 1, None, False),
                Outcome("3", "B", "A", 1, None, False), Outcome("4", "B", "B", 1, None, True)]
    result = summarise(outcomes, ["A", "B"], None, "REV")
    assert result.accuracy == 0.75
    assert result.per_class["A"] == {"precision": 0.667, "recall": 1.0, "f1": 0.8, "support": 2}
    assert result.per_class["B"]["recall"] == 0.5
    assert result.confusion["B"]["A"] == 1
    assert result.review_rate == 0.25 and result.auto_filed_error == round(1 / 3, 3)


@pytest.fixture(scope="module")
def small_model() -> NgramModel:
    items = taught(6)
    return NgramModel().fit([i.text for i in items], [i.class_code for i in items])


def test_saved_model_round_trips_and_a_tampered_one_is_ignored(tmp_path, small_model):
    store = ModelStore(tmp_path / "models")
    info = store.save(small_model, Thresholds(0.2, 0.1), 18, 18, {"note": "test"})
    assert store.active_version() is None
    store.activate(info.version)
    loaded = store.load_active()
    assert loaded.version == info.version and loaded.thresholds == Thresholds(0.2, 0.1)
    text = synthetic("HR-PER", 99, 1).text
    assert loaded.model.score([text]) == small_model.score([text])
    assert not list(store.versions.glob(".partial-*"))
    weights = store.versions / info.version / "pipeline" / "model.pickle"
    weights.write_bytes(weights.read_bytes()[:-10] + b"0123456789")
    assert store.load_active() is None  # falls back to rules rather than classify with a corrupt model
    assert json.loads((store.versions / info.version / "model.json").read_text())["format_version"] == 2


OPEN_SET_ONLY = Thresholds(auto_file_margin=0.0, open_set_similarity=0.05)


def combined(model: NgramModel, bars: Thresholds = OPEN_SET_ONLY) -> CombinedClassifier:
    return CombinedClassifier(RulesClassifier(PLAN), TrainedModel("ng-test", model, bars), 0.7, 0.5, "REV")


def test_the_model_decides_when_rules_abstain_and_explains(small_model):
    prediction = combined(small_model).predict(ClassifiableDocument(synthetic("GOV-MIN", 50, 3).text))
    assert prediction.code == "GOV-MIN" and prediction.model_version == "ng-test"
    assert "model ng-test" in prediction.explanation and prediction.review_reason is None


def test_a_document_unlike_every_taught_record_goes_to_review_unfiled(small_model):
    recipe = "Whisk two eggs with flour and milk; fry the pancakes in butter until golden, serve with jam."
    prediction = combined(small_model).predict(ClassifiableDocument(recipe))
    assert prediction.code == "REV"
    assert "unlike every record" in prediction.review_reason


def test_a_class_with_rules_but_no_taught_records_is_filed_by_its_rules(small_model):
    purchase_order = ("PURCHASE ORDER PO-55555\nShip to: Dock 2\nQuantity 10, unit price $4\nOrder date 2025-01-02\n"
                      "Authorized by: J. Smith, requisition REQ-25-0001")
    prediction = combined(small_model).predict(ClassifiableDocument(purchase_order))
    assert prediction.code == "FIN-PO" and prediction.source == "rule"


def test_a_hesitant_model_sends_the_record_to_review_in_its_best_class(small_model):
    mixed = synthetic("HR-PER", 70, 4).text + " " + synthetic("GOV-MIN", 70, 4).text
    prediction = combined(small_model, Thresholds(auto_file_margin=0.9, open_set_similarity=0.0)).predict(
        ClassifiableDocument(mixed))
    assert prediction.code in ("HR-PER", "GOV-MIN")
    assert "without review" in prediction.review_reason and "below the 0.90" in prediction.review_reason


def test_labelled_store_keeps_one_entry_per_checksum_and_relabels(tmp_path):
    store = LabelledStore(tmp_path / "labelled.jsonl")
    assert store.add([LabelledText("abc", "text", "FIN-AP", "labelled")]) == 1
    assert store.add([LabelledText("abc", "text", "HR-PER", "labelled")]) == 0
    assert [(i.id, i.class_code) for i in store.all()] == [("abc", "HR-PER")]
