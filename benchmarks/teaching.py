"""The teaching loop on real documents, through the CLI, as a records office runs it.

    .venv/bin/python -m benchmarks.teaching

Uses ../shared/classify-dev (real documents in six classes; never copied here). For each file plan
variant: `ingest` five records per class, `reclassify`/`accept` each as a technician would, `train`,
then `ingest` the rest and compare the filed class with the truth. Prints accuracy, macro-F1, review
rate and the error among records filed without review, beside the file-plan rules alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from tests.conftest import REPO

DEV = REPO.parent / "shared" / "classify-dev"
PER_CLASS = 5
CLASSES = {  # folder in classify-dev: (class code, keywords for the variant with keywords)
    "contract": ("LEG-CON", ["agreement", "hereby", "indemnif", "governing law"]),
    "court_opinion": ("LEG-OPN", ["court", "appellant", "affirmed", "opinion"]),
    "form": ("ADM-FRM", ["form", "omb no", "instructions"]),
    "meeting_minutes": ("GOV-MIN", ["minutes", "attendees", "agenda"]),
    "policy": ("ADM-POL", ["policy", "we may", "personal data"]),
    "resume": ("HR-CV", ["experience", "education", "skills"]),
}
# Revisions of one form are near-duplicates: they stay on the same side of the teaching split.
_SAME_FORM = re.compile(r"(fw9|fw4|fw2)")


def available() -> str | None:
    return None if DEV.is_dir() else f"{DEV} is absent: the teaching benchmark needs the real development corpus"


def split() -> tuple[list[tuple[Path, str]], list[tuple[Path, str]]]:
    """Five records per class to teach (chosen by a fixed hash of the name), the rest to file."""
    taught, filed = [], []
    for folder, (code, _) in CLASSES.items():
        groups: dict[str, list[Path]] = defaultdict(list)
        for path in sorted((DEV / folder).iterdir()):
            match = _SAME_FORM.search(path.name)
            groups[match.group(1) if match else path.name].append(path)
        ordered = sorted(groups.values(), key=lambda g: hashlib.sha256(("teach-v1" + g[0].name).encode()).hexdigest())
        count = 0
        for group in ordered:
            target = taught if count < PER_CLASS else filed
            target += [(path, code) for path in group]
            count += len(group) if target is taught else 0
    return taught, filed


def write_config(folder: Path, keywords: bool) -> Path:
    lines = ["version = 1", 'unfiled_class = "REV"', ""]
    for name, (code, words) in CLASSES.items():
        lines += ["[[class]]", f'code = "{code}"', f'title = "{name.replace("_", " ")}"',
                  f'description = "{name}"', 'retention = "permanent"', 'retention_action = "review"',
                  'retention_authority = "benchmark"', 'access = "internal"']
        if keywords:
            lines.append("keywords = [" + ", ".join(f'"{w}"' for w in words) + "]")
        lines.append("")
    lines += ["[[class]]", 'code = "REV"', 'title = "To review"', 'description = "unfiled"',
              'retention = "permanent"', 'retention_action = "review"', 'retention_authority = "-"',
              'access = "internal"']
    (folder / "file_plan.toml").write_text("\n".join(lines) + "\n")
    config = folder / "recordkeeper.toml"
    config.write_text((REPO / "config" / "recordkeeper.toml").read_text())
    return config


def rk(config: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "RECORDKEEPER_CONFIG": str(config)}
    return subprocess.run([sys.executable, "-m", "pipeline", "--home", str(home), *args], capture_output=True,
                          text=True, env=env, cwd=REPO, check=False, timeout=3600)


def ingest(config: Path, home: Path, files: list[tuple[Path, str]]) -> dict[str, tuple[str, str]]:
    """{record id: (filed class, true class)} for every file that was filed."""
    result = rk(config, home, "ingest", *[str(p) for p, _ in files], "--json")
    truth = {str(path): code for path, code in files}
    return {entry["record_id"]: (entry["class_code"], truth[entry["source"]])
            for entry in json.loads(result.stdout)["files"] if entry["status"] == "indexed"}


def run_variant(keywords: bool, teach: bool) -> dict:
    taught, filed = split()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        config, home = write_config(folder, keywords), folder / "home"
        rk(config, home, "init")
        if teach:
            for record_id, (got, truth) in ingest(config, home, taught).items():
                command = (["accept", record_id] if got == truth else
                           ["reclassify", record_id, truth, "--reason", "teaching"])
                done = rk(config, home, *command, "--by", "bench")
                if done.returncode != 0:
                    raise RuntimeError(f"{' '.join(command)} failed: {done.stderr}")
            trained = rk(config, home, "train", "--json", "--no-samples")
            report = json.loads(trained.stdout) if trained.returncode == 0 else {"error": trained.stderr}
        else:
            report = {}
        outcome = ingest(config, home, filed)
        review = {entry["record_id"] for entry in json.loads(rk(config, home, "review", "--json", "--limit",
                                                                 "100000").stdout)}
    return {"taught": len(taught) if teach else 0, "filed": len(outcome), "training": report,
            **score(outcome, review)}


def score(outcome: dict[str, tuple[str, str]], review: set[str]) -> dict:
    codes = sorted({truth for _, truth in outcome.values()})
    right = sum(got == truth for got, truth in outcome.values())
    auto = [(got, truth) for record_id, (got, truth) in outcome.items() if record_id not in review]
    f1s = []
    for code in codes:
        tp = sum(got == truth == code for got, truth in outcome.values())
        predicted = sum(got == code for got, _ in outcome.values())
        actual = sum(truth == code for _, truth in outcome.values())
        precision, recall = (tp / predicted if predicted else 0.0), (tp / actual if actual else 0.0)
        f1s.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return {
        "accuracy": right / len(outcome) if outcome else 0.0,
        "macro_f1": sum(f1s) / len(f1s) if f1s else 0.0,
        "review_rate": len(review & set(outcome)) / len(outcome) if outcome else 0.0,
        "auto_filed_error": sum(got != truth for got, truth in auto) / len(auto) if auto else 0.0,
        "auto_filed": len(auto),
    }


VARIANTS = {
    "own plan, no keywords, 5 taught per class": (False, True),
    "2-4 keywords per class, rules alone": (True, False),
    "2-4 keywords per class, 5 taught per class": (True, True),
}


def measure() -> dict:
    missing = available()
    if missing:
        return {"skipped": missing}
    return {name: run_variant(keywords, teach) for name, (keywords, teach) in VARIANTS.items()}


def main() -> None:
    results = measure()
    if "skipped" in results:
        print(results["skipped"])
        return
    print(f"{'variant':46s} {'accuracy':>8s} {'macro-F1':>8s} {'review':>7s} {'auto-filed wrong':>16s}")
    for name, row in results.items():
        print(f"{name:46s} {row['accuracy']:8.3f} {row['macro_f1']:8.3f} {row['review_rate']:7.0%} "
              f"{row['auto_filed_error']:16.1%}")


if __name__ == "__main__":
    main()
