"""Measure treatykit's review against expert labels (the UNCTAD IIA Mapping Project).

Runs the `unctad-iia` playbook over every treaty of an evaluation set, writes predictions in
the format of the set's `score.py`, runs `score.py` overall and per subset (bilateral
investment treaties, trade agreements with investment provisions) and prints its tables and
the macro-F1.

    python bench/accuracy.py                       # ../shared/eval, all treaties
    python bench/accuracy.py --subset tip --json metrics.json

For a trade agreement (`tip-*`) the set gives the whole agreement (`<id>.txt`) and its
investment chapter(s) (`<id>.invest.txt`). Features about the investment chapter are read
from the chapter; exceptions, the balance-of-payments safeguard, state-state dispute
settlement, the preamble and the final clauses from the whole agreement (see WHOLE_AGREEMENT
and bench/README.md).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = ROOT.parent / "shared" / "eval"
PLAYBOOK = "unctad-iia"

# Features UNCTAD maps from the whole agreement: cross-cutting exceptions (they reach the
# investment chapter when their scope says so, which the engine checks), the balance-of-
# payments safeguard, state-state dispute settlement (its own chapter), the preamble and the
# final provisions. Every other feature is read from the investment chapter alone, so that
# national treatment of goods or a services MFN clause is never taken for the investment one.
WHOLE_AGREEMENT = frozenset({
    "transfer_bop_exception", "essential_security_exception",
    "general_exception_health_environment", "prudential_carveout", "ssds",
    "preamble_sustainable_development", "initial_term_years", "termination_notice_months",
    "survival_years",
})


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    labels = json.loads(Path(args.labels).read_text(encoding="utf-8"))
    ids = [i for i in sorted(labels) if not args.subset or labels[i].get("subset") == args.subset]
    started = time.perf_counter()
    predictions, timings = predict_all(ids, labels, Path(args.texts), args.library,
                                       whole_text=args.whole_text)
    elapsed = time.perf_counter() - started
    out = Path(args.predictions)
    out.write_text(json.dumps(predictions, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"reviewed {len(ids)} treaties in {elapsed:.1f} s "
          f"(slowest: {max(timings, key=timings.get)} {max(timings.values()):.2f} s); "
          f"predictions in {out}\n")
    subsets = [args.subset] if args.subset else [None, "bit", "tip"]
    metrics = {}
    for subset in subsets:
        metrics[subset or "all"] = run_score(out, args.labels, args.score, subset)
    if args.json:
        Path(args.json).write_text(json.dumps(metrics, indent=1) + "\n", encoding="utf-8")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subset", choices=["bit", "tip"], help="score one subset only")
    parser.add_argument("--texts", default=str(DEFAULT_EVAL / "texts"), help="folder of texts")
    parser.add_argument("--labels", default=str(DEFAULT_EVAL / "labels.json"))
    parser.add_argument("--score", default=None, help="score.py (default: next to the labels)")
    parser.add_argument("--json", help="write score.py's metrics (per subset) to this file")
    parser.add_argument("--predictions", default="accuracy-predictions.json",
                        help="where to write the predictions (default: %(default)s)")
    parser.add_argument("--whole-text", action="store_true",
                        help="read every feature of a trade agreement from the whole agreement "
                             "(the engine finds the investment chapter itself)")
    parser.add_argument("--library", action="append", default=[],
                        help="extra clause folder (recognisers), as for treatykit --library")
    return parser


def predict_all(ids: list[str], labels: dict[str, Any], texts: Path, libraries: list[str], *,
                whole_text: bool = False) -> tuple[dict[str, Any], dict[str, float]]:
    """Treaty id -> feature row, and the seconds each treaty took."""
    from treatykit.review.service import load_reviewer, resolve_playbook

    library, compiled = load_reviewer(libraries)
    playbook = resolve_playbook(PLAYBOOK, library)
    predictions, timings = {}, {}
    for treaty in ids:
        started = time.perf_counter()
        predictions[treaty] = predict_treaty(treaty, labels[treaty], texts, playbook, library,
                                             compiled, whole_text=whole_text)
        timings[treaty] = time.perf_counter() - started
    return predictions, timings


def predict_treaty(treaty: str, label: dict[str, Any], texts: Path, playbook: Any,
                   library: Any, compiled: Any, *, whole_text: bool = False) -> dict[str, Any]:
    """The feature row of one treaty; a trade agreement is read as described above."""
    whole = texts / f"{treaty}.txt"
    chapter = texts / Path(label.get("investment_chapter_file") or f"{treaty}.invest.txt").name
    row = predict_file(whole, playbook, library, compiled)
    if label.get("subset") == "tip" and chapter.is_file() and not whole_text:
        chapter_row = predict_file(chapter, playbook, library, compiled)
        row.update({k: v for k, v in chapter_row.items() if k not in WHOLE_AGREEMENT})
    return row


def predict_file(path: Path, playbook: Any, library: Any, compiled: Any) -> dict[str, Any]:
    """Feature row of one text: the findings `treatykit review` gives, without suggestions."""
    from dataclasses import asdict

    from treatykit.review.engine import analyse
    from treatykit.review.findings import evaluate
    from treatykit.review.mapping import feature_row, reported_parameters
    from treatykit.review.readers import read_document

    analysis = analyse(read_document(path), compiled, source=str(path))
    findings = evaluate(playbook, analysis, library, suggestions=False)
    report = {"findings": [asdict(f) for f in findings]}
    return feature_row(report, reported_parameters(playbook))


def run_score(predictions: Path, labels: str, score: str | None, subset: str | None) -> Any:
    """Run score.py on the predictions; print its table; return its metrics."""
    script = Path(score) if score else Path(labels).with_name("score.py")
    out = predictions.with_suffix(f".{subset or 'all'}.metrics.json")
    command = [sys.executable, str(script), str(predictions), "--labels", labels,
               "--json", str(out)]
    if subset:
        command += ["--subset", subset]
    print(f"== {subset or 'all treaties'}: {' '.join(command[1:])}")
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    print(result.stdout + result.stderr)
    if result.returncode != 0 or not out.is_file():
        raise SystemExit(f"score.py failed ({result.returncode})")
    metrics = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return metrics


if __name__ == "__main__":
    sys.exit(main())
