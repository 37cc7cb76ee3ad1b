"""Coherence-check speed on the largest trade agreement of the development set, as ratios to
baselines measured in the same run on the same file.

- text checks (in process)      vs  review's own structure parse of the file (what every
                                    check starts from);
- `treatykit check` (a process, with the library's declared conflicts, which need the
  review engine)                vs  `treatykit review -p unctad-iia` of the same file;
- `treatykit check --no-conflicts` (a process) vs `treatykit --help` (start-up).

    python bench/check.py                 # 3 runs of each, on ../shared/eval/texts
    python bench/check.py --repeat 5 --file some-treaty.txt
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))

from speed import TREATYKIT, timed  # noqa: E402

TEXTS = ROOT.parent / "shared" / "eval" / "texts"


def median_seconds(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--file", type=Path, help="default: the largest file of " + str(TEXTS))
    args = parser.parse_args()
    path = args.file or max(TEXTS.glob("*.txt"), key=lambda p: p.stat().st_size)
    from treatykit.review.coherence import check_structure
    from treatykit.review.readers import read_document
    from treatykit.review.structure import parse_structure

    text = read_document(path)
    parse = median_seconds(lambda: parse_structure(text, source=str(path)), args.repeat)
    checks = median_seconds(lambda: check_structure(parse_structure(text, source=str(path))),
                            args.repeat)
    found = len(check_structure(parse_structure(text, source=str(path))))
    env = dict(os.environ)
    start = timed([*TREATYKIT, "--help"], env=env, repeat=args.repeat)
    fast = timed([*TREATYKIT, "check", str(path), "--no-conflicts"], env=env,
                 repeat=args.repeat)
    full = timed([*TREATYKIT, "check", str(path)], env=env, repeat=args.repeat)
    review = timed([*TREATYKIT, "review", str(path), "-p", "unctad-iia"], env=env,
                   repeat=args.repeat)
    print(f"{path.name}: {len(text) // 1000} kB, {found} text finding(s); median of "
          f"{args.repeat}; CPUs: {os.cpu_count()}\n")
    print("| job | time | vs baseline |\n|---|---|---|")
    rows = [("text checks, in process", checks, "structure parse", parse),
            ("`check --no-conflicts`", fast["seconds"], "start-up", start["seconds"]),
            ("`check` (with declared conflicts)", full["seconds"], "`review -p unctad-iia`",
             review["seconds"])]
    for name, seconds, base_name, base in rows:
        print(f"| {name} | {seconds:.2f} s | {seconds / base:.1f}x of {base_name} "
              f"({base:.2f} s) |")


if __name__ == "__main__":
    main()
