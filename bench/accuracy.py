"""Measure treatykit's review against expert labels (the UNCTAD IIA Mapping Project).

Runs the `unctad-iia` playbook over every treaty of an evaluation set, writes predictions in
the format of the set's `score.py`, runs `score.py` overall and per subset (bilateral
investment treaties, trade agreements with investment provisions) and prints its tables and
the macro-F1.

    python bench/accuracy.py                       # ../shared/eval, all treaties
    python bench/accuracy.py --subset tip --json metrics.json
    python bench/accuracy.py --labels bench/audit/labels.json   # the audit set (ToTA XML)

For a trade agreement (`tip-*`) the set gives the whole agreement (`<id>.txt`) and its
investment chapter(s) (`<id>.invest.txt`). Features about the investment chapter are read
from the chapter; exceptions, the balance-of-payments safeguard, state-state dispute
settlement, the preamble, non-derogation and the final clauses from the whole agreement (see
WHOLE_AGREEMENT and bench/README.md).

A treaty whose text is not in `--texts` but whose label names a ToTA file (`source:
".../tota:xml/pta_N.xml"`) is read from `--tota`: the whole agreement, and the chapters
listed under `investment_chapters` (else those headed investment, establishment or capital)
as its investment chapter, both written to a temporary folder in the layout of the
evaluation set's trade agreements (chapter and article lines as ToTA numbers and names them).
Scores are printed for all treaties, per subset and per split (`split` in the labels, such
as tune and holdout) where the set has more than one.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = ROOT.parent / "shared" / "eval"
DEFAULT_TOTA = ROOT.parent / "shared" / "corpus" / "tota" / "xml"
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
    "survival_years", "non_derogation",
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
    ids = [i for i in sorted(labels) if (not args.subset or labels[i].get("subset") == args.subset)
           and (not args.split or labels[i].get("split") == args.split)]
    if not ids:
        raise SystemExit(f"{args.labels}: no treaty with subset {args.subset} / split {args.split}")
    with tempfile.TemporaryDirectory(prefix="treatykit-accuracy-") as tmp:
        folders = text_folders(ids, labels, Path(args.texts), Path(args.tota), Path(tmp))
        started = time.perf_counter()
        predictions, timings = predict_all(ids, labels, folders, args.library,
                                           whole_text=args.whole_text)
        elapsed = time.perf_counter() - started
        out = Path(args.predictions)
        out.write_text(json.dumps(predictions, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"reviewed {len(ids)} treaties in {elapsed:.1f} s "
              f"(slowest: {max(timings, key=timings.get)} {max(timings.values()):.2f} s); "
              f"predictions in {out}\n")
        groups = score_groups(ids, labels, name=args.split or args.subset)
        metrics = {name: run_score(out, args.labels, args.score, members,
                                   scoped=args.include_scoped)
                   for name, members in groups.items()}
        if args.baseline:
            grep_out = out.with_suffix(".grep.json")
            grep_rows = {t: grep_treaty(t, labels[t], folders[t]) for t in ids}
            grep_out.write_text(json.dumps(grep_rows, indent=1, sort_keys=True) + "\n",
                                encoding="utf-8")
            baseline = {name: run_score(grep_out, args.labels, args.score, members, quiet=True,
                                        scoped=args.include_scoped)
                        for name, members in groups.items()}
            print_comparison(metrics, baseline)
        else:
            print_summary(metrics, groups)
    if args.json:
        Path(args.json).write_text(json.dumps(metrics, indent=1) + "\n", encoding="utf-8")
    return 0


def score_groups(ids: list[str], labels: dict[str, Any], *,
                 name: str | None = None) -> dict[str, list[str]]:
    """The treaties to score together: all of them (named after the filter, if any), then
    each subset and each split, where the selection holds more than one."""
    groups = {name or "all": ids}
    for key in ("subset", "split"):
        values = sorted({labels[i][key] for i in ids if labels[i].get(key)})
        if len(values) > 1:
            groups.update({v: [i for i in ids if labels[i].get(key) == v] for v in values})
    return groups


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subset", choices=["bit", "tip"], help="score one subset only")
    parser.add_argument("--split", help="score only the treaties of this split (e.g. tune, "
                                        "holdout: `split` in the labels)")
    parser.add_argument("--texts", default=str(DEFAULT_EVAL / "texts"), help="folder of texts")
    parser.add_argument("--tota", default=str(DEFAULT_TOTA),
                        help="folder of ToTA XML files, for treaties whose label names one and "
                             "whose text is not in --texts (default: %(default)s)")
    parser.add_argument("--labels", default=str(DEFAULT_EVAL / "labels.json"))
    parser.add_argument("--score", default=None,
                        help="score.py (default: next to the labels, else the dev set's)")
    parser.add_argument("--include-scoped", action="store_true",
                        help="also score the chapter-scoped mention features of trade agreements")
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


def predict_all(ids: list[str], labels: dict[str, Any], folders: dict[str, Path],
                libraries: list[str], *,
                whole_text: bool = False) -> tuple[dict[str, Any], dict[str, float]]:
    """Treaty id -> feature row, and the seconds each treaty took."""
    from treatykit.review.service import load_reviewer, resolve_playbook

    library, compiled = load_reviewer(libraries)
    playbook = resolve_playbook(PLAYBOOK, library)
    predictions, timings = {}, {}
    for treaty in ids:
        started = time.perf_counter()
        predictions[treaty] = predict_treaty(treaty, labels[treaty], folders[treaty], playbook,
                                             library, compiled, whole_text=whole_text)
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


# --- texts from ToTA XML --------------------------------------------------------------

_TOTA_SOURCE = re.compile(r"tota:xml/(?P<file>[\w.-]+\.xml)$")
_INVESTMENT_CHAPTER = re.compile(r"\b(investments?|investors?|establishment(?! of (?:a|the) free)|"
                                 r"capital)\b", re.I)


def text_folders(ids: list[str], labels: dict[str, Any], texts: Path, tota: Path,
                 scratch: Path) -> dict[str, Path]:
    """Treaty id -> the folder holding its texts: `texts`, or `scratch` after writing them there
    from the ToTA file its label names."""
    folders = {}
    for treaty in ids:
        if (texts / f"{treaty}.txt").is_file():
            folders[treaty] = texts
            continue
        match = _TOTA_SOURCE.search(labels[treaty].get("source") or "")
        if not match or not (tota / match["file"]).is_file():
            raise SystemExit(f"{treaty}: no {texts / (treaty + '.txt')} and no ToTA file "
                             f"in {tota} for source {labels[treaty].get('source')!r}")
        write_tota_texts(treaty, tota / match["file"], scratch,
                         chapters=labels[treaty].get("investment_chapters"))
        folders[treaty] = scratch
    return folders


def write_tota_texts(treaty: str, path: Path, out: Path, *,
                     chapters: list[str] | None = None) -> None:
    """`<treaty>.txt` (the whole agreement) and `<treaty>.invest.txt` (its investment chapters)
    from a ToTA XML file, laid out as the evaluation set lays out its trade agreements: the
    chapter and article lines as ToTA numbers and names them ("CHAPTER TEN Investment",
    "ARTICLE 1113 Denial Of Benefits"), then the paragraphs."""
    import xml.etree.ElementTree as ET

    body = ET.parse(path).getroot().find("body")
    if body is None:
        raise SystemExit(f"{treaty}: {path} is no ToTA treaty file")
    wanted = {_squash(c) for c in chapters or ()}
    whole, invest = [], []
    for chapter in body.findall("chapter"):
        heading = _heading(chapter)
        lines = [heading, ""] if heading.lower() not in ("", "preamble", "conclusion") else []
        for article in chapter.findall("article"):
            lines += [_heading(article), ""] if article.get("number") else []
            lines += _paragraphs(article)
        whole += lines
        if _squash(heading) in wanted if wanted else \
                chapter.get("number") and _INVESTMENT_CHAPTER.search(heading):
            invest += lines
    if not invest:
        raise SystemExit(f"{treaty}: {path} has no chapter {chapters or 'about investment'}")
    (out / f"{treaty}.txt").write_text("\n".join(whole) + "\n", encoding="utf-8")
    (out / f"{treaty}.invest.txt").write_text("\n".join(invest) + "\n", encoding="utf-8")


def _heading(element: Any) -> str:
    return " ".join(f"{element.get('number') or ''} {element.get('name') or ''}".split())


def _paragraphs(article: Any) -> list[str]:
    """The article's text, one line per paragraph, blank lines between: whitespace inside a line
    collapsed, and a line that stops mid-sentence (no final . : or ;) joined to the next unless
    that one starts a numbered paragraph or item, as the evaluation set's texts have them."""
    lines = [" ".join(line.split()) for line in "".join(article.itertext()).splitlines()]
    paragraphs: list[str] = []
    for line in filter(None, lines):
        if paragraphs and (_LABEL.fullmatch(paragraphs[-1]) or not _LABEL.match(line)
                           and not paragraphs[-1].endswith((".", ":", ";"))):
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
    return [x for paragraph in paragraphs for x in (paragraph, "")]


_LABEL = re.compile(r"(?:\(?[a-z]{1,2}\)|\(?[ivxl]{1,5}\)|\(?\d{1,2}[.)]|\d{1,2}\.\d)(?=\s|$)",
                    re.I)


def _squash(text: str) -> str:
    return " ".join(text.lower().split())


def predict_file(path: Path, playbook: Any, library: Any, compiled: Any) -> dict[str, Any]:
    """Feature row of one file: the text `treatykit review` reads, reviewed and converted
    by the function `treatykit map` uses for its cells (one engine for all three)."""
    from treatykit.ingest.mapping import feature_cells, read_review_draft

    return feature_cells(read_review_draft(path).text, playbook, library, compiled,
                         source=str(path))


def grep_treaty(treaty: str, label: dict[str, Any], texts: Path) -> dict[str, Any]:
    """The grep baseline's row for one treaty (files split as for the review)."""
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


def print_summary(metrics: dict[str, Any], groups: dict[str, list[str]]) -> None:
    """One line per group of treaties: macro-F1 and numeric exact match."""
    print("| treaties | n | macro-F1 | numeric exact |")
    print("|---|---|---|---|")
    for name, group in metrics.items():
        print(f"| {name} | {len(groups[name])} | {group['macro_f1']:.3f} "
              f"({group['macro_f1_features']} features) | {_numeric(group):.3f} |")


def run_score(predictions: Path, labels: str, score: str | None, ids: list[str], *,
              quiet: bool = False, scoped: bool = False) -> Any:
    """Run score.py on the predictions of `ids`; print its table (unless quiet); return its
    metrics."""
    script = Path(score) if score else Path(labels).with_name("score.py")
    if not script.is_file():
        script = DEFAULT_EVAL / "score.py"
    out = predictions.with_suffix(".metrics.json")
    ids_file = predictions.with_suffix(".ids.txt")
    ids_file.write_text("\n".join(ids) + "\n", encoding="utf-8")
    command = [sys.executable, str(script), str(predictions), "--labels", labels,
               "--ids-file", str(ids_file), "--json", str(out)]
    if scoped:
        command.append("--include-scoped")
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    ids_file.unlink()
    if not quiet:
        print(f"== {len(ids)} treaties: {' '.join(command[1:])}")
        print(result.stdout + result.stderr)
    if result.returncode != 0 or not out.is_file():
        raise SystemExit(f"score.py failed ({result.returncode}): {result.stderr.strip()}")
    metrics = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return metrics


if __name__ == "__main__":
    sys.exit(main())
