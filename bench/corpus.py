"""Corpus benchmark: ingest, search and map speed and peak memory, as ratios to baselines.

Each figure is measured against a baseline run in the same process tree on the same files,
so the ratios mean something on any machine:

- ingest   vs reading the same files and regex-splitting them into articles;
- search   vs a plain `LIKE '%word%'` scan of the same articles table;
- map      vs one regular expression per column over the same treaties (what grep does),
  and map with N workers vs map with one.

Every stage runs in its own Python process so its peak memory (max RSS) is its own.

    python bench/corpus.py                       # ../shared/corpus/tota/xml, all files
    python bench/corpus.py --sample 100 --map-sample 20 --workers 2
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "tota" / "xml"
QUERIES = ("most-favoured-nation", "repatriation", "national treatment", "rules of origin",
           "investor-state dispute", "sanitary", "safeguard", "expropriation", "transparency",
           "anti-dumping")
#: One pattern per feature, the way a user with grep would map a treaty.
GREP_FEATURES = {
    "transfers": r"transfer", "national_treatment": r"national treatment",
    "mfn": r"most[- ]favou?red[- ]nation", "fet": r"fair and equitable",
    "expropriation": r"expropriat", "isds": r"investor[- ]state",
    "term": r"remain in force for (?:a period of )?\w+ (?:\(\d+\) )?years",
}
FIXTURE_PLAYBOOK = ROOT / "tests" / "fixtures" / "playbooks" / "corpus-map.yaml"
FIXTURE_LIBRARY = ROOT / "tests" / "fixtures" / "corpus" / "library"


def main() -> None:
    args = _arguments()
    if args.stage:
        result = STAGES[args.stage](args)
        usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(json.dumps({**result, "peak_mb": round(max(usage, children) / 1024, 1)}))
        return
    _run_all(args)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="folder of ToTA XML files (default: ../shared/corpus/tota/xml)")
    parser.add_argument("--sample", type=int, default=0, help="ingest only the first N files")
    parser.add_argument("--map-sample", type=int, default=20,
                        help="treaties to map (map is the slow part)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--playbook", default="unctad-iia",
                        help="falls back to the test playbook if this one does not load")
    parser.add_argument("--stage", choices=sorted(STAGES), help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--map-workers", type=int, default=1, help=argparse.SUPPRESS)
    return parser.parse_args()


def _files(args: argparse.Namespace) -> list[Path]:
    files = sorted(args.corpus.glob("*.xml"), key=lambda p: int(re.sub(r"\D", "", p.stem) or 0))
    return files[:args.sample] if args.sample else files


# --- stages (each runs in its own process) ------------------------------------------

def baseline_ingest(args: argparse.Namespace) -> dict:
    started, articles = time.perf_counter(), 0
    for path in _files(args):
        text = path.read_text(encoding="utf-8")
        articles += len(re.findall(r"<article\b[^>]*>(.*?)</article>", text, re.S))
    return {"seconds": time.perf_counter() - started, "articles": articles}


def ingest(args: argparse.Namespace) -> dict:
    from treatykit.ingest.service import ingest_paths

    report = ingest_paths(_files(args), args.db)
    return {"seconds": report.seconds, "treaties": report.treaties, "articles": report.articles,
            "added": len(report.added), "unchanged": len(report.unchanged),
            "skipped": len(report.skipped)}


def baseline_search(args: argparse.Namespace) -> dict:
    conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    started = time.perf_counter()
    for query in QUERIES:
        word = query.split()[0].split("-")[0]
        conn.execute("select treaty, label from articles where text like ? limit 10",
                     (f"%{word}%",)).fetchall()
        conn.execute("select count(*) from articles where text like ?", (f"%{word}%",)).fetchone()
    return {"seconds": time.perf_counter() - started, "queries": len(QUERIES)}


def search(args: argparse.Namespace) -> dict:
    from treatykit.store import search_treaties

    started, hits = time.perf_counter(), 0
    for query in QUERIES:
        hits += len(search_treaties(args.db, query, limit=10))
    return {"seconds": time.perf_counter() - started, "queries": len(QUERIES), "hits": hits}


def _map_refs(args: argparse.Namespace) -> list:
    from treatykit.store import treaty_refs

    refs = sorted(treaty_refs(args.db), key=lambda r: r.id)
    step = max(1, len(refs) // args.map_sample)
    return refs[::step][:args.map_sample]


def baseline_map(args: argparse.Namespace) -> dict:
    from treatykit.ingest.mapping import review_text_of
    from treatykit.store import load_treaty

    patterns = {k: re.compile(p, re.I) for k, p in GREP_FEATURES.items()}
    started = time.perf_counter()
    rows = [{k: bool(p.search(review_text_of(load_treaty(args.db, ref.id))))
             for k, p in patterns.items()} for ref in _map_refs(args)]
    return {"seconds": time.perf_counter() - started, "treaties": len(rows)}


def map_(args: argparse.Namespace) -> dict:
    from treatykit.errors import TreatykitError
    from treatykit.ingest.mapping import map_corpus

    refs = _map_refs(args)
    try:
        result = map_corpus(refs, playbook=args.playbook, workers=args.map_workers)
    except TreatykitError:
        result = map_corpus(refs, playbook=str(FIXTURE_PLAYBOOK), libraries=[FIXTURE_LIBRARY],
                            workers=args.map_workers)
    return {"seconds": result.seconds, "treaties": len(result.rows), "failed": len(result.failed),
            "playbook": result.playbook, "workers": result.workers,
            "words": sum(r.size for r in refs)}


STAGES = {"baseline-ingest": baseline_ingest, "ingest": ingest, "baseline-search": baseline_search,
          "search": search, "baseline-map": baseline_map, "map": map_}


# --- driver ---------------------------------------------------------------------------

def _stage(name: str, args: argparse.Namespace, db: Path, *extra: str) -> dict:
    command = [sys.executable, __file__, "--stage", name, "--corpus", str(args.corpus),
               "--sample", str(args.sample), "--map-sample", str(args.map_sample),
               "--playbook", args.playbook, "--db", str(db), *extra]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"stage {name} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _run_all(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "corpus.db"
        base_ingest = _stage("baseline-ingest", args, db)
        first = _stage("ingest", args, db)
        again = _stage("ingest", args, db)
        size_mb = db.stat().st_size / 2**20
        base_search = _stage("baseline-search", args, db)
        fts = _stage("search", args, db)
        base_map = _stage("baseline-map", args, db)
        one = _stage("map", args, db, "--map-workers", "1")
        many = _stage("map", args, db, "--map-workers", str(args.workers))
    _print(args, base_ingest, first, again, size_mb, base_search, fts, base_map, one, many)


def _print(args: argparse.Namespace, base_ingest: dict, first: dict, again: dict, size_mb: float,
           base_search: dict, fts: dict, base_map: dict, one: dict, many: dict) -> None:
    ratio = lambda a, b: f"{a / b:.1f}x" if b else "n/a"  # noqa: E731
    lines = [
        f"corpus: {args.corpus} ({first['treaties']} treaties, {first['articles']} articles, "
        f"database {size_mb:.0f} MB); CPUs: {os.cpu_count()}",
        "",
        "| stage | time | vs baseline | peak memory | vs baseline |",
        "|---|---|---|---|---|",
        f"| ingest (first run) | {first['seconds']:.1f} s | "
        f"{ratio(first['seconds'], base_ingest['seconds'])} of read + regex split "
        f"({base_ingest['seconds']:.2f} s) | {first['peak_mb']:.0f} MB | "
        f"{ratio(first['peak_mb'], base_ingest['peak_mb'])} |",
        f"| ingest again (unchanged: {again['unchanged']}) | {again['seconds']:.1f} s | "
        f"{ratio(again['seconds'], base_ingest['seconds'])} | {again['peak_mb']:.0f} MB | "
        f"{ratio(again['peak_mb'], base_ingest['peak_mb'])} |",
        f"| search, {fts['queries']} queries | "
        f"{1000 * fts['seconds'] / fts['queries']:.1f} ms/query | "
        f"{ratio(fts['seconds'], base_search['seconds'])} of a LIKE scan "
        f"({1000 * base_search['seconds'] / base_search['queries']:.1f} ms/query) | "
        f"{fts['peak_mb']:.0f} MB | {ratio(fts['peak_mb'], base_search['peak_mb'])} |",
        f"| map {one['treaties']} treaties ({one['playbook']}), 1 worker | {one['seconds']:.1f} s "
        f"({one['words'] / max(one['seconds'], 1e-9):.0f} words/s) | "
        f"{ratio(one['seconds'], base_map['seconds'])} of one regex per feature "
        f"({base_map['seconds']:.2f} s) | {one['peak_mb']:.0f} MB | "
        f"{ratio(one['peak_mb'], base_map['peak_mb'])} |",
        f"| map, {many['workers']} workers | {many['seconds']:.1f} s | "
        f"{ratio(one['seconds'], many['seconds'])} faster than 1 worker | "
        f"{many['peak_mb']:.0f} MB (largest process) | {ratio(many['peak_mb'], one['peak_mb'])} "
        f"of 1 worker |",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
