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


# The baseline: one regular expression per feature, as a user with grep would write it, over
# the same files (trade agreements split the same way). A number is the first one the
# expression captures; no match means false, no survival clause (0) and no value otherwise.
GREP = {
    "transfer_of_funds": r"transfer",
    "transfer_bop_exception": r"balance[- ]of[- ]payments",
    "isds": r"investor[- ]state|between (?:a|one|either) (?:contracting )?party and an? "
            r"(?:investor|national)|settlement of investment disputes",
    "isds_icsid": r"ICSID|Cent(?:re|er) for (?:the )?Settlement of Investment|Washington",
    "isds_uncitral": r"UNCITRAL|United Nations Commission on International Trade Law",
    "ssds": r"between the (?:contracting )?parties",
    "umbrella_clause": r"observe any obligation",
    "full_protection_security": r"protection and security|security and protection",
    "denial_of_benefits": r"deny (?:the )?benefits|denial of benefits",
    "essential_security_exception": r"essential security",
    "subrogation": r"subrogat",
    "performance_requirements_prohibition": r"performance requirement",
    "labour_mention": r"labou?r",
    "health_environment_mention": r"health|environment",
    "right_to_regulate_mention": r"right to regulate",
    "csr_mention": r"corporate social responsibility",
    "corruption_mention": r"corrupt",
    "national_treatment": r"national treatment|its own (?:investors|nationals)",
    "mfn": r"most[- ]favou?red[- ]nation|third (?:state|countr)",
    "fet": r"fair and equitable",
    "expropriation_indirect_mentioned": r"indirectly|equivalent to (?:nationali[sz]ation or )?"
                                        r"expropriation|tantamount",
    "expropriation_indirect_defined": r"case[- ]by[- ]case|investment[- ]backed",
    "unreasonable_discriminatory_measures": r"(?:unreasonable|arbitrary|unjustified) or "
                                            r"discriminatory",
    "non_derogation": r"more favou?rable",
    "entry_sojourn_personnel": r"entry and (?:sojourn|stay)|key personnel|temporary entry",
    "preamble_sustainable_development": r"sustainable development",
    "general_exception_health_environment": r"human, animal or plant life",
    "prudential_carveout": r"prudential",
    "provisional_measures": r"interim measure|provisional measure",
    "limitation_period": r"years have elapsed|limitation period",
    "initial_term_years": r"in force for (?:a period of )?(\w+)(?: \(\d+\))? years",
    "termination_notice_months": r"(\w+) months'? (?:prior |written |advance )*notice",
    "survival_years": r"further period of (\w+)(?: \(\d+\))? years",
}


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
    if args.baseline:
        grep_out = out.with_suffix(".grep.json")
        grep_rows = {t: grep_treaty(t, labels[t], Path(args.texts)) for t in ids}
        grep_out.write_text(json.dumps(grep_rows, indent=1, sort_keys=True) + "\n",
                            encoding="utf-8")
        baseline = {subset or "all": run_score(grep_out, args.labels, args.score, subset,
                                               quiet=True) for subset in subsets}
        print_comparison(metrics, baseline)
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
    parser.add_argument("--baseline", action="store_true",
                        help="also score one regular expression per feature (grep) on the same "
                             "files and print both")
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


def grep_treaty(treaty: str, label: dict[str, Any], texts: Path) -> dict[str, Any]:
    """The grep baseline's row for one treaty (files split as for the review)."""
    import re

    from treatykit.review.numbers import word_value

    whole = (texts / f"{treaty}.txt").read_text(encoding="utf-8")
    chapter_file = texts / Path(label.get("investment_chapter_file")
                                or f"{treaty}.invest.txt").name
    chapter = chapter_file.read_text(encoding="utf-8") \
        if label.get("subset") == "tip" and chapter_file.is_file() else whole
    row: dict[str, Any] = {}
    for feature, pattern in GREP.items():
        text = whole if feature in WHOLE_AGREEMENT else chapter
        match = re.search(pattern, text, re.I)
        if feature in ("initial_term_years", "termination_notice_months", "survival_years"):
            raw = match.group(1) if match else None
            number = (int(raw) if raw and raw.isdigit() else word_value(raw)) if raw else None
            row[feature] = 0 if feature == "survival_years" and number is None else number
        else:
            row[feature] = bool(match)
    return row


def print_comparison(ours: dict[str, Any], grep: dict[str, Any]) -> None:
    """Macro-F1 and numeric exact match of the review next to the grep baseline."""
    print("| treaties | treatykit macro-F1 | grep macro-F1 | treatykit numeric exact | "
          "grep numeric exact |")
    print("|---|---|---|---|---|")
    for subset in ours:
        print(f"| {subset} | {ours[subset]['macro_f1']:.3f} | {grep[subset]['macro_f1']:.3f} | "
              f"{_numeric(ours[subset]):.3f} | {_numeric(grep[subset]):.3f} |")


def _numeric(metrics: dict[str, Any]) -> float:
    values = [f["exact_match"] for f in metrics["features"].values()
              if f.get("kind") == "numeric" and f.get("exact_match") is not None]
    return sum(values) / len(values) if values else 0.0


def run_score(predictions: Path, labels: str, score: str | None, subset: str | None, *,
              quiet: bool = False) -> Any:
    """Run score.py on the predictions; print its table (unless quiet); return its metrics."""
    script = Path(score) if score else Path(labels).with_name("score.py")
    out = predictions.with_suffix(f".{subset or 'all'}.metrics.json")
    command = [sys.executable, str(script), str(predictions), "--labels", labels,
               "--json", str(out)]
    if subset:
        command += ["--subset", subset]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if not quiet:
        print(f"== {subset or 'all treaties'}: {' '.join(command[1:])}")
        print(result.stdout + result.stderr)
    if result.returncode != 0 or not out.is_file():
        raise SystemExit(f"score.py failed ({result.returncode})")
    metrics = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return metrics


if __name__ == "__main__":
    sys.exit(main())
