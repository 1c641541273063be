"""Held-out split, metrics, model storage and the combined classifier."""

from __future__ import annotations

import json

import pytest

from classifiers.base import ClassifiableDocument
from classifiers.combined import CombinedClassifier
from classifiers.model_store import ModelStore
from classifiers.rules import RulesClassifier
from classifiers.textcat import TextcatClassifier, train_pipeline
from classifiers.training import LabelledText, evaluate, sample_texts, split_held_out
from pipeline.file_plan import load_file_plan
from tests.conftest import REPO, SAMPLES

PLAN = load_file_plan(REPO / "config" / "file_plan.toml")
LABELS = [code for code in PLAN.codes if code != "REV"]


def test_split_is_stable_stratified_and_disjoint():
    items = sample_texts(SAMPLES)
    train, held_out = split_held_out(items, 0.2)
    _, again_held_out = split_held_out(list(reversed(items)), 0.2)
    assert {i.id for i in held_out} == {i.id for i in again_held_out}
    assert not {i.id for i in train} & {i.id for i in held_out}
    assert {i.class_code for i in held_out} == set(LABELS)


def test_metrics_on_a_known_confusion():
    items = [LabelledText(str(n), "", code, "sample") for n, code in enumerate(["A", "A", "B", "B"])]
    result = evaluate(lambda texts: ["A", "A", "A", "B"], items, ["A", "B"])
    assert result.accuracy == 0.75
    assert result.per_class["A"] == {"precision": 0.667, "recall": 1.0, "f1": 0.8, "support": 2}
    assert result.per_class["B"]["recall"] == 0.5
    assert result.macro_f1 == round((0.8 + 0.667) / 2, 3)
    assert result.confusion["B"] == {"A": 1, "B": 1}


@pytest.fixture(scope="module")
def small_model():
    items = [i for i in sample_texts(SAMPLES) if i.source == "sample"]
    return train_pipeline([(i.text, i.class_code) for i in items], LABELS, epochs=10)


def test_saved_model_round_trips_and_a_tampered_one_is_ignored(tmp_path, small_model):
    store = ModelStore(tmp_path / "models")
    info = store.save(small_model, LABELS, 58, {"note": "test"})
    assert store.active_version() is None
    store.activate(info.version)
    loaded = store.load_active()
    assert loaded.version == info.version
    text = "Purchase order PO-12345. Ship to: receiving dock. Quantity 4, unit price $20."
    assert loaded.scores([text]) == TextcatClassifier(small_model, "x").scores([text])
    assert not list(store.versions.glob(".partial-*"))
    weights = next(p for p in (store.versions / info.version / "pipeline").rglob("model") if p.is_file())
    weights.write_bytes(weights.read_bytes()[:-10] + b"0123456789")
    assert store.load_active() is None  # falls back to rules rather than classify with a corrupt model
    assert json.loads((store.versions / info.version / "model.json").read_text())["format_version"] == 1


def test_combined_classifier_explains_and_lets_the_model_decide_when_rules_abstain(small_model):
    combined = CombinedClassifier(RulesClassifier(PLAN), TextcatClassifier(small_model, "tc-test"), 0.7)
    clear = combined.predict(ClassifiableDocument("Purchase order PO-55555\nShip to: Dock 2\nQuantity 10"))
    assert clear.code == "FIN-PO" and clear.model_version == "tc-test"
    assert "model tc-test" in clear.explanation and "agrees with rules" in clear.explanation
    silent = combined.predict(ClassifiableDocument("Zebra quokka"))
    assert "no rule matched" in silent.explanation and silent.code in LABELS


def test_trained_model_beats_the_rules_on_held_out_samples():
    train, held_out = split_held_out(sample_texts(SAMPLES), 0.2)
    model = TextcatClassifier(train_pipeline([(i.text, i.class_code) for i in train], LABELS), "t")
    rules = RulesClassifier(PLAN)
    by_model = evaluate(lambda texts: [max(s, key=s.get) for s in model.scores(texts)], held_out, LABELS)
    by_rules = evaluate(lambda texts: [rules.predict(ClassifiableDocument(t)).code for t in texts], held_out, LABELS)
    assert len(held_out) >= 60
    assert by_model.macro_f1 >= 0.90
    assert by_rules.macro_f1 <= by_model.macro_f1 - 0.05
