"""Draft and review speed and peak memory, as ratios to baselines measured in the same run.

The three everyday jobs are timed against what a user would otherwise wait for on the same
machine at the same moment, so the ratios mean something anywhere:

- command start-up (`treatykit --help`)  vs  starting Python itself (`python -c pass`);
- search (`treatykit search ...`)        vs  start-up;
- draft (the Pakistan-US deal to .md)    vs  reading and YAML-parsing the clause files;
- review (that draft, pakistan-minerals) vs  one regular expression per requirement over it,
  and vs a process that imports spaCy and tokenizes the same file (the least any spaCy-based
  review pays: interpreter, spaCy import, a blank English pipeline, one pass of its tokenizer);
- review of a draft LONG times as long   vs  review of the draft: linear work keeps the ratio
  under LONG (start-up is paid once); a step that is quadratic in the number of articles
  shows as a ratio far above it.

Every job runs as a fresh process, as a user runs it; each figure is the median of --repeat
runs, and peak memory is the process's max RSS.

    python bench/speed.py               # 5 runs of each
    python bench/speed.py --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEAL = ROOT / "corpus" / "deals" / "pakistan-us-critical-minerals.yaml"
TREATYKIT = [sys.executable, "-m", "treatykit"]
#: How many copies of the draft make the long document (about 400 articles).
LONG = 8

#: The baseline for review: one pattern per Pakistan requirement, the way grep would check.
GREP = {"equity": r"equity", "processing": r"process\w* and refin", "technology":
        r"technology", "training": r"training", "infrastructure": r"infrastructure",
        "labour": r"labou?r", "environment": r"environment", "community": r"communit",
        "security": r"security", "arbitration": r"arbitration", "transfers": r"transfer",
        "transparency": r"transparen", "one_window": r"single window|one-window"}

BASELINE_PARSE = """
import sys, yaml, pathlib
loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
"""
BASELINE_SPACY = """
import sys, spacy
nlp = spacy.blank("en")
doc = nlp(open(sys.argv[1], encoding="utf-8").read())
"""
BASELINE_GREP = """
import json, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
found = {k: bool(re.search(p, text, re.I)) for k, p in json.loads(sys.argv[2]).items()}
"""


def timed(command: list[str], *, env: dict[str, str], repeat: int) -> dict[str, float]:
    """Median wall time (s) and largest peak memory (MB) of `command` run `repeat` times."""
    times, peaks = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage
        times.append(time.perf_counter() - start)
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            raise SystemExit(f"failed ({code}): {' '.join(command)}\n"
                             f"{child.stderr.read().decode() if child.stderr else ''}")
        peaks.append(usage.ru_maxrss / 1024)
    return {"seconds": statistics.median(times), "peak_mb": max(peaks)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "TREATYKIT_DB": str(Path(tmp) / "tk.db")}
        draft = Path(tmp) / "draft.md"
        subprocess.run([*TREATYKIT, "build"], env=env, capture_output=True, check=True)
        subprocess.run([*TREATYKIT, "draft", str(DEAL), "-o", str(draft)], env=env,
                       capture_output=True, check=True)
        subprocess.run([*TREATYKIT, "review", str(draft), "--playbook", "pakistan-minerals"],
                       env=env, capture_output=True, check=False)  # warm caches once
        rows = _measure(env, draft, tmp, args.repeat)
    _print(rows, args.repeat)


def _measure(env: dict[str, str], draft: Path, tmp: str, repeat: int) -> list[tuple]:
    python = timed([sys.executable, "-c", "pass"], env=env, repeat=repeat)
    start = timed([*TREATYKIT, "--help"], env=env, repeat=repeat)
    search = timed([*TREATYKIT, "search", "repatriation of profits"], env=env, repeat=repeat)
    parse = timed([sys.executable, "-c", BASELINE_PARSE, str(ROOT / "clauses")], env=env,
                  repeat=repeat)
    out = str(Path(tmp) / "again.md")
    make = timed([*TREATYKIT, "draft", str(DEAL), "-o", out], env=env, repeat=repeat)
    grep = timed([sys.executable, "-c", BASELINE_GREP, str(draft), json.dumps(GREP)], env=env,
                 repeat=repeat)
    review = timed([*TREATYKIT, "review", str(draft), "--playbook", "pakistan-minerals"],
                   env=env, repeat=repeat)
    tokenize = timed([sys.executable, "-c", BASELINE_SPACY, str(draft)], env=env,
                     repeat=repeat)
    long_draft = Path(tmp) / "long.md"
    long_draft.write_text(draft.read_text(encoding="utf-8") * LONG, encoding="utf-8")
    long_review = timed([*TREATYKIT, "review", str(long_draft), "--playbook",
                         "pakistan-minerals"], env=env, repeat=max(1, repeat // 2))
    return [("start-up (--help)", start, "python -c pass", python),
            ("search", search, "start-up", start),
            ("draft (Pakistan-US, .md)", make, "YAML-parse the clause files", parse),
            ("review (pakistan-minerals)", review, "one regex per requirement", grep),
            ("review (pakistan-minerals)", review, "import spaCy + tokenize the draft",
             tokenize),
            (f"review of a draft {LONG}x as long", long_review, "review of the draft", review)]


def _print(rows: list[tuple], repeat: int) -> None:
    print(f"median of {repeat} runs; CPUs: {os.cpu_count()}\n")
    print("| job | time | vs baseline | peak memory |")
    print("|---|---|---|---|")
    for name, result, base_name, base in rows:
        ratio = result["seconds"] / base["seconds"] if base["seconds"] else float("nan")
        print(f"| {name} | {result['seconds']:.2f} s | {ratio:.1f}x of {base_name} "
              f"({base['seconds']:.2f} s) | {result['peak_mb']:.0f} MB |")


if __name__ == "__main__":
    main()
