"""Commands for the trained classifier: train a new model, evaluate the active one."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from classifiers.base import ClassifiableDocument
from classifiers.combined import CombinedClassifier
from classifiers.model_store import ModelStore
from classifiers.rules import RulesClassifier
from classifiers.textcat import TextcatClassifier, train_pipeline
from classifiers.training import Evaluation, LabelledText, evaluate, sample_texts, split_held_out
from pipeline.errors import ConfigError
from pipeline.settings import REPO_CONFIG_DIR
from pipeline.workspace import Workspace

out = Console()
# Each correction counts as several samples: it is rare, recent and made by a person.
CORRECTION_WEIGHT = 3
SamplesOption = Annotated[Path | None, typer.Option(
    "--samples", help="Labelled samples (manifest.csv, corpus.jsonl). Default: sample_docs/.")]
SplitOption = Annotated[float, typer.Option("--eval-split", min=0.05, max=0.5,
                                            help="Share of the samples held out for evaluation.")]


def register(app: typer.Typer) -> None:
    app.command()(train)
    app.command(name="evaluate")(evaluate_command)


def train(ctx: typer.Context,
          from_corrections: Annotated[bool, typer.Option(
              "--from-corrections", help="Also learn from every record a technician classified.")] = False,
          eval_split: SplitOption = 0.2, samples: SamplesOption = None,
          epochs: Annotated[int, typer.Option(min=1, max=200)] = 20,
          force: Annotated[bool, typer.Option("--force", help="Activate even if it scores worse.")] = False,
          as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Train the text classifier; it becomes active only if it scores at least as well as the current one."""
    logging.getLogger("spacy").setLevel(logging.WARNING)  # its progress lines would bury the report
    with Workspace.open(ctx.obj, create=True) as workspace:
        plan, store = workspace.file_plan, ModelStore(workspace.settings.model_dir)
        labels = [code for code in plan.codes if code != plan.unfiled_class]
        training, held_out = split_held_out(_samples(samples), eval_split)
        corrections = [LabelledText(rid, text, code, "correction")
                       for rid, code, text in workspace.catalog.human_decisions()] if from_corrections else []
        training += corrections * CORRECTION_WEIGHT
        # Candidate and current model are judged on the same set: the held-out samples plus every record a
        # person classified, so a model that has learnt the corrections is not rejected for knowing them.
        judged = held_out + corrections
        with out.status(f"Training on {len(training)} texts ({len(corrections)} corrections)…"):
            nlp = train_pipeline([(item.text, item.class_code) for item in training], labels, epochs)
        rules = RulesClassifier(plan)
        current = store.load_active()
        results = {"rules": evaluate(_rules_predict(rules), judged, labels),
                   "new model": evaluate(_model_predict(TextcatClassifier(nlp, "new")), judged, labels)}
        if current is not None:
            results["current model"] = evaluate(_model_predict(current), judged, labels)
        info = store.save(nlp, labels, len(training), {name: e.to_json() for name, e in results.items()})
        better = current is None or results["new model"].macro_f1 >= results["current model"].macro_f1
        if better or force:
            store.activate(info.version)
    verdict = (f"activated {info.version}" if better or force else
               f"NOT activated: {info.version} scores lower than {current.version} (use --force to activate)")
    if as_json:
        print(json.dumps({"version": info.version, "activated": better or force, "held_out": len(held_out),
                          "evaluated_on": len(judged),
                          "training_texts": len(training), "corrections": len(corrections),
                          "results": {name: e.to_json() for name, e in results.items()}}, indent=2))
        return
    print_results(results, detail="new model")
    out.print(verdict)


def evaluate_command(ctx: typer.Context, eval_split: SplitOption = 0.2, samples: SamplesOption = None,
                     as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Accuracy, macro-F1, per-class precision/recall and confusion matrix on the held-out samples."""
    with Workspace.open(ctx.obj) as workspace:
        plan, settings = workspace.file_plan, workspace.settings
        model = ModelStore(settings.model_dir).load_active()
    labels = [code for code in plan.codes if code != plan.unfiled_class]
    _, held_out = split_held_out(_samples(samples), eval_split)
    rules = RulesClassifier(plan)
    results = {"rules": evaluate(_rules_predict(rules), held_out, labels)}
    if model is not None:
        results[f"model {model.version}"] = evaluate(_model_predict(model), held_out, labels)
        combined = CombinedClassifier(rules, model, settings.nlp.model_weight)
        results["rules + model (as filed)"] = evaluate(_rules_predict(combined), held_out, labels)
    if as_json:
        print(json.dumps({name: e.to_json() for name, e in results.items()}, indent=2))
        return
    print_results(results, detail=list(results)[-1])
    if model is None:
        out.print("No trained model yet: run 'recordkeeper train'.")


def print_results(results: dict[str, Evaluation], detail: str) -> None:
    summary = Table("classifier", "held-out records", "accuracy", "macro-F1", title="Evaluation")
    for name, result in results.items():
        summary.add_row(name, str(result.size), f"{result.accuracy:.3f}", f"{result.macro_f1:.3f}")
    out.print(summary)
    chosen = results[detail]
    per_class = Table("class", "precision", "recall", "F1", "support", title=f"Per class: {detail}")
    for code, row in chosen.per_class.items():
        per_class.add_row(code, f"{row['precision']:.2f}", f"{row['recall']:.2f}", f"{row['f1']:.2f}",
                          str(row["support"]))
    out.print(per_class)
    labels = list(chosen.per_class)
    matrix = Table("true \\ predicted", *[label.split("-")[-1] for label in labels], title="Confusion matrix")
    for truth in labels:
        matrix.add_row(truth, *[str(chosen.confusion.get(truth, {}).get(guess, 0) or ".") for guess in labels])
    out.print(matrix)


def _samples(samples: Path | None) -> list[LabelledText]:
    folder = samples or next((p for p in (Path("sample_docs"), REPO_CONFIG_DIR.parent / "sample_docs")
                              if (p / "manifest.csv").exists()), Path("sample_docs"))
    items = sample_texts(folder)
    if not items:
        raise ConfigError(f"no labelled samples in {folder} (manifest.csv or corpus.jsonl)",
                          "Point --samples at a folder with them")
    return items


def _rules_predict(classifier):
    return lambda texts: [classifier.predict(ClassifiableDocument(text)).code for text in texts]


def _model_predict(model: TextcatClassifier):
    return lambda texts: [max(scores, key=scores.get) for scores in model.scores(texts)]
