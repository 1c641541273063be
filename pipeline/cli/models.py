"""Commands for the trained classifier: teach it the file plan, and evaluate it on held-out records."""

from __future__ import annotations

import json
import logging
from collections import Counter
from math import ceil
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from classifiers.calibration import Evaluation
from pipeline.errors import ConfigError
from pipeline.lifecycle.teaching import (
    TeachingReport,
    active_model_info,
    default_samples_dir,
    evaluate_labels,
    gather_labels,
    import_labelled,
    teach,
)
from pipeline.workspace import Workspace

out = Console()
SamplesOption = Annotated[Path | None, typer.Option(
    "--samples", help="Bundled labelled samples (manifest.csv, corpus.jsonl); only the active file plan's "
                      "classes are used. Default: sample_docs/.")]
NoSamplesOption = Annotated[bool, typer.Option(
    "--no-samples", help="Learn from your own labelled records only.")]


def register(app: typer.Typer) -> None:
    app.command()(train)
    app.command(name="evaluate")(evaluate_command)


def train(ctx: typer.Context,
          labelled: Annotated[Path | None, typer.Option(
              "--labelled", help="A folder of labelled records: one sub-folder per class code "
                                 "(e.g. labelled/FIN-AP/*.pdf). Kept for every later training.")] = None,
          samples: SamplesOption = None, no_samples: NoSamplesOption = False,
          force: Annotated[bool, typer.Option("--force", help="Activate even if it files worse than the rules.")]
          = False,
          from_corrections: Annotated[bool, typer.Option(
              "--from-corrections", hidden=True, help="Kept for old scripts: corrections are always used.")]
          = False,
          as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Teach the classifier your file plan from your labelled records, evaluate it, activate it if it helps.

    It learns from every record a technician reclassified or accepted, from records imported with
    --labelled, and from bundled samples of your plan's classes. It is judged by cross-validation on
    records it was not taught, and files by the bar \\[review] max_auto_error sets.
    """
    logging.getLogger("spacy").setLevel(logging.WARNING)
    with Workspace.open(ctx.obj, create=True) as workspace:
        if labelled is not None:
            _import_labelled(workspace, labelled, quiet=as_json)
        labels = gather_labels(workspace, _samples_dir(samples, no_samples))
        with out.status(f"Training on {len(labels.items)} labelled records ({labels.office} yours) and "
                        f"cross-validating…"):
            report = teach(workspace, labels, force=force)
    if as_json:
        print(json.dumps(_report_json(report), indent=2))
    else:
        print_report(report, target=workspace.settings.review.max_auto_error)
        out.print(report.verdict)
    if report.version is None:
        raise typer.Exit(2)


def evaluate_command(ctx: typer.Context, samples: SamplesOption = None, no_samples: NoSamplesOption = False,
                     as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Accuracy, macro-F1, per class, confusion, auto-filed error and review rate — on held-out folds of your
    own labelled records (cross-validation), for the rules alone and for rules + model."""
    with Workspace.open(ctx.obj) as workspace:
        labels = gather_labels(workspace, _samples_dir(samples, no_samples))
        if not labels.items:
            raise ConfigError("nothing to evaluate: there are no labelled records yet",
                              "Accept or reclassify records from the review queue, or run "
                              "'recordkeeper train --labelled FOLDER'")
        report = evaluate_labels(labels, workspace.file_plan, workspace.settings)
        info = active_model_info(workspace.settings)
    if as_json:
        print(json.dumps(_report_json(report) | {"active_model": info.version if info else None,
                                                 "active_thresholds": info.thresholds if info else None}, indent=2))
        return
    print_report(report, bars_title="A model trained now would file",
                 target=workspace.settings.review.max_auto_error)
    if info is None:
        out.print("No trained model is active: run 'recordkeeper train'.")
    else:
        out.print(f"Active model {info.version} files " + describe_bars(info.thresholds, _plan_codes(report)))


def print_report(report: TeachingReport, bars_title: str = "Files", target: float | None = None) -> None:
    labels = report.labels
    out.print(f"Labelled records: {labels.office} yours, {labels.bundled} bundled samples of your plan's classes.")
    if not report.results:
        return
    chosen = report.results["rules + model"]
    judged = f"{chosen.records} records"
    if _judgements_per_record(chosen) > 1:
        judged += f", each judged by {_judgements_per_record(chosen)} models it was not taught"
    summary = Table("classifier", "records", "accuracy", "macro-F1", "review rate", "auto-filed wrong",
                    title=f"Cross-validated on {report.evaluated_on}: {judged}")
    for name, result in report.results.items():
        summary.add_row(name, str(result.records or result.size), f"{result.accuracy:.3f}",
                        f"{result.macro_f1:.3f}", f"{result.review_rate:.0%}", f"{result.auto_filed_error:.1%}")
    out.print(summary)
    if chosen.note:
        out.print(f"[yellow]Note:[/yellow] {chosen.note}.")
    elif target and chosen.records and 1 / chosen.records > target:
        # One out-of-fold mistake moves the estimate by 1/records: coarser than the target, the estimate
        # can say "no mistake seen", not "under 2 %".
        out.print(f"[yellow]Note:[/yellow] with {chosen.records} labelled records one mistake is "
                  f"{1 / chosen.records:.1%} of them, more than your {target:.0%} target "
                  f"(\\[review] max_auto_error): the auto-filed error is estimated finely only from "
                  f"{ceil(1 / target)} labelled records on. Teach more where it matters.")
    taught = Counter(item.class_code for item in labels.items)
    untaught = [code for code in _plan_codes(report) if not taught[code]]
    if untaught:
        out.print(f"[yellow]No labelled records for {', '.join(untaught)}:[/yellow] the model cannot file "
                  "there; only a class's keywords can, and without keywords its records go to review.")
    if report.thresholds is not None:
        out.print(f"{bars_title} " + describe_bars(vars(report.thresholds), _plan_codes(report)))
    _print_detail(chosen)


def _plan_codes(report: TeachingReport) -> list[str]:
    return list(report.results["rules + model"].per_class) if report.results else []


def _judgements_per_record(result: Evaluation) -> int:
    return round(result.size / result.records) if result.records else 1


def describe_bars(thresholds: dict, plan_codes: list[str]) -> str:
    bars = thresholds.get("per_class", {})
    per_class = ", ".join(f"{code} {bar:.2f}" for code, bar in bars.items())
    # A class the folds never filed into has no bar of its own and uses the overall one.
    rest = [code for code in plan_codes if code not in bars]
    others = f" ({', '.join(rest)}: {thresholds.get('auto_file_margin', 1.0):.2f})" if rest else ""
    weight = thresholds.get("model_weight")
    return (f"without review when the best class leads the next by at least: {per_class or '-'}{others}; "
            f"documents less like every taught record than {thresholds.get('open_set_similarity', 0):.2f} go to "
            "review unfiled"
            + (f"; the model counts {weight:.0%} against the rules." if weight is not None else "."))


def _print_detail(chosen: Evaluation) -> None:
    repeated = (f" (each record counted {_judgements_per_record(chosen)} times, once per model that judged it)"
                if _judgements_per_record(chosen) > 1 else "")
    per_class = Table("class", "precision", "recall", "F1", "support", title="Per class: rules + model" + repeated)
    for code, row in chosen.per_class.items():
        per_class.add_row(code, f"{row['precision']:.2f}", f"{row['recall']:.2f}", f"{row['f1']:.2f}",
                          str(row["support"]))
    out.print(per_class)
    columns = list(next(iter(chosen.confusion.values()), {}))
    matrix = Table("true \\ filed as", *[code.split("-")[-1] for code in columns], title="Confusion matrix" + repeated)
    for truth, row in chosen.confusion.items():
        if sum(row.values()):
            matrix.add_row(truth, *[str(row.get(code, 0) or ".") for code in columns])
    out.print(matrix)


def _report_json(report: TeachingReport) -> dict:
    office = [i for i in report.labels.items if i.is_office_label]
    return {
        "version": report.version, "activated": report.activated, "verdict": report.verdict,
        "training_texts": len(report.labels.items), "office_labels": report.labels.office,
        "corrections": sum(1 for i in office if i.source == "correction"),
        "bundled_samples": report.labels.bundled, "evaluated_on": report.evaluated_on,
        "bundled_by_class": dict(Counter(i.class_code for i in report.labels.items if not i.is_office_label)),
        "thresholds": None if report.thresholds is None else vars(report.thresholds),
        "results": {name: e.to_json() for name, e in report.results.items()},
    }


def _import_labelled(workspace: Workspace, folder: Path, quiet: bool) -> None:
    files = [p for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []
    with Progress(TextColumn("Reading labelled records"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.description}"), console=out, disable=quiet, transient=True) as bar:
        task = bar.add_task("", total=len(files))
        new, problems = import_labelled(workspace.settings, workspace.file_plan, folder,
                                        lambda path: bar.update(task, advance=1, description=path.name))
    if not quiet:
        out.print(f"{new} new labelled record(s) from {folder}.")
        for problem in problems:
            out.print(f"[yellow]skipped[/yellow] {problem}")


def _samples_dir(samples: Path | None, no_samples: bool) -> Path | None:
    if no_samples:
        return None
    return samples or default_samples_dir()
