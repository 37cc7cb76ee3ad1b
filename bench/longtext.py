"""Review of very long texts: time as a ratio to a text a tenth as long, and peak memory.

The long treaty is synthetic and made of our own sentences: the Pakistan-US draft
(`treatykit draft corpus/deals/pakistan-us-critical-minerals.yaml`), its title and preamble
once, then its articles repeated with the article numbers running on (Article 49, 50, ...),
until the text reaches the wanted size. Each size is reviewed by `treatykit review` in a fresh
process, as a user runs it; time is that process's CPU time (user + system, wait4: on a shared
machine wall time mostly measures the other jobs), wall time is shown beside it, and peak
memory is its max RSS.

    python bench/longtext.py                       # 5 MB and 50 MB, pakistan-minerals
    python bench/longtext.py --sizes 1 10 --playbook unctad-iia

Linear work keeps the time ratio near the size ratio (a little under it: start-up, loading
the library and grading are paid once); memory that grows with the largest article rather
than the file stays near the small text's.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEAL = ROOT / "corpus" / "deals" / "pakistan-us-critical-minerals.yaml"
TREATYKIT = [sys.executable, "-m", "treatykit"]
MB = 1_000_000

_ARTICLE = re.compile(r"^(#+ Article )(\d+)", re.M)


def synthetic_treaty(draft: str, size: int) -> str:
    """`draft`'s title and preamble, then its articles repeated, renumbered, to `size` chars."""
    first = _ARTICLE.search(draft)
    if first is None:
        raise ValueError("the draft has no '### Article N' heading")
    head, body = draft[:first.start()], draft[first.start():]
    per_copy = len(_ARTICLE.findall(body))
    parts, length = [head], len(head)
    for copy in range(max(1, round((size - length) / len(body)))):
        text = _ARTICLE.sub(lambda m, c=copy: f"{m.group(1)}{int(m.group(2)) + c * per_copy}",
                            body)
        parts.append(text)
        length += len(text)
    return "".join(parts)


def review(path: Path, playbook: str, env: dict[str, str]) -> dict[str, float]:
    """CPU and wall time (s) and peak memory (MB) of `treatykit review path`, fresh process."""
    command = [*TREATYKIT, "review", str(path), "--playbook", playbook, "--format", "json"]
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        error = child.stderr.read().decode() if child.stderr else ""
        raise SystemExit(f"failed ({code}): {' '.join(command)}\n{error}")
    return {"cpu": usage.ru_utime + usage.ru_stime, "seconds": seconds,
            "peak_mb": usage.ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[5, 50],
                        help="text sizes in MB (10^6 characters), smallest first")
    parser.add_argument("--playbook", default="pakistan-minerals")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "TREATYKIT_DB": str(Path(tmp) / "tk.db")}
        draft = Path(tmp) / "draft.md"
        subprocess.run([*TREATYKIT, "draft", str(DEAL), "-o", str(draft)], env=env,
                       capture_output=True, check=True)
        print(f"treatykit review --playbook {args.playbook}; CPUs: {os.cpu_count()}\n")
        print("| text | CPU time | CPU time vs first | size vs first | wall time | peak memory |")
        print("|---|---|---|---|---|---|", flush=True)
        first: tuple[int, dict[str, float]] | None = None
        for size in args.sizes:
            path = Path(tmp) / f"long-{size:g}MB.md"
            path.write_text(synthetic_treaty(draft.read_text(encoding="utf-8"),
                                             int(size * MB)), encoding="utf-8")
            length, result = path.stat().st_size, review(path, args.playbook, env)
            path.unlink()
            first = first or (length, result)
            _print_row(size, length, result, first)


def _print_row(size: float, length: int, result: dict[str, float],
               first: tuple[int, dict[str, float]]) -> None:
    base_length, base = first
    print(f"| {size:g} MB ({length / MB:.1f} MB on disk) | {result['cpu']:.1f} s | "
          f"{result['cpu'] / base['cpu']:.1f}x | {length / base_length:.1f}x | "
          f"{result['seconds']:.0f} s | {result['peak_mb']:.0f} MB |", flush=True)


if __name__ == "__main__":
    main()
