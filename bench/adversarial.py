"""Adversarial bench: does `review` notice edits that change a treaty's meaning, and ignore
edits that do not?

    python bench/adversarial.py                     # tables per class and totals
    python bench/adversarial.py --json              # machine-readable
    python bench/adversarial.py --only number-equity-up-to keep-digits-for-words
    python bench/adversarial.py --docx              # also a few preserving edits as .docx
    python bench/adversarial.py --fresh             # re-draft the base instead of the stored copy

The base text is the shipped Pakistan-United States draft (`treatykit draft
corpus/deals/pakistan-us-critical-minerals.yaml`), stored in bench/adversarial/ so that every
engine is measured on the same words; `--fresh` drafts it again with the installed package.
Each edit in bench/adversarial/edits.yaml is applied to that text (an absent find string is an
error, never a silent skip), and the original and every edited text are graded against the
playbook in one process.

Scoring:
  caught     a meaning-changing edit whose every target requirement is no longer `present`
             (or, for `expect: value_changed`, whose reported value changed);
  preserved  a meaning-preserving edit after which every requirement keeps its status.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import OrderedDict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SET = HERE / "adversarial"
EDITS = SET / "edits.yaml"
BASE = SET / "pakistan-us.md"
DEAL = "corpus/deals/pakistan-us-critical-minerals.yaml"


class EditError(Exception):
    pass


# ---------------------------------------------------------------------------- applying edits

def _once(text: str, needle: str, what: str, count: int = 1) -> None:
    n = text.count(needle)
    if n != count:
        raise EditError(f"{what}: expected {count} occurrence(s), found {n}: {needle[:90]!r}")


def _article_span(text: str, number: int) -> tuple[int, int]:
    m = re.search(rf"^### Article {number}:[^\n]*\n", text, re.M)
    if not m:
        raise EditError(f"no heading '### Article {number}:'")
    nxt = re.compile(r"^#{2,3} ", re.M).search(text, m.end())
    return m.start(), (nxt.start() if nxt else len(text))


def apply_op(text: str, op: dict) -> str:
    kind = op["op"]
    if kind == "replace":
        count = op.get("count", 1)
        _once(text, op["find"], "replace", count)
        return text.replace(op["find"], op["replace"])
    if kind == "regex":
        new, n = re.subn(op["pattern"], op["replace"], text)
        if n < op.get("min", 1):
            raise EditError(f"regex {op['pattern']!r}: {n} hit(s), needs {op.get('min', 1)}")
        return new
    if kind in ("insert_after", "insert_before"):
        _once(text, op["anchor"], kind)
        i = text.index(op["anchor"])
        at = i + len(op["anchor"]) if kind == "insert_after" else i
        return text[:at] + op["text"] + text[at:]
    if kind == "delete_article":
        a, b = _article_span(text, op["article"])
        return text[:a] + text[b:]
    if kind == "move_article":
        a, b = _article_span(text, op["article"])
        block = text[a:b]
        body = block.split("\n", 1)[1].strip("\n")
        text = text[:a] + text[b:]
        _once(text, op["before"], "move_article anchor")
        i = text.index(op["before"])
        insert = f"{op['heading']}\n\n{op['preface']}\n\n{body}\n\n"
        return text[:i] + insert + text[i:]
    if kind == "swap":
        _once(text, op["a"], "swap a")
        _once(text, op["b"], "swap b")
        marker = "\x00SWAP\x00"
        return text.replace(op["a"], marker).replace(op["b"], op["a"]).replace(marker, op["b"])
    if kind == "renumber_articles":
        off = int(op["offset"])
        new, n = re.subn(r"\bArticle (\d+)\b", lambda m: f"Article {int(m.group(1)) + off}", text)
        if n < 10:
            raise EditError("renumber_articles: fewer than 10 article numbers found")
        return new
    raise EditError(f"unknown op {kind!r}")


def apply_edit(text: str, edit: dict) -> str:
    for i, op in enumerate(edit["ops"]):
        try:
            text = apply_op(text, op)
        except EditError as exc:
            raise EditError(f"edit {edit['id']}, op {i + 1}: {exc}") from None
    return text


def load_set(path: Path = EDITS) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_edits(path: Path = EDITS) -> list[dict]:
    edits = load_set(path)["edits"]
    seen = set()
    for e in edits:
        if e["id"] in seen:
            raise EditError(f"duplicate id {e['id']}")
        seen.add(e["id"])
        if e["kind"] not in ("change", "preserve"):
            raise EditError(f"{e['id']}: kind must be change or preserve")
        if e["kind"] == "change" and not e.get("targets"):
            raise EditError(f"{e['id']}: a meaning-changing edit needs targets")
    return edits


# ---------------------------------------------------------------------------- reviewing

class Grader:
    def __init__(self, playbook: str):
        from treatykit.review.service import grade_text, load_reviewer, resolve_playbook

        self._grade = grade_text
        self.library, self.compiled = load_reviewer()
        self.playbook = resolve_playbook(playbook, self.library)

    def __call__(self, text: str) -> dict[str, dict]:
        findings = self._grade(text, self.playbook, self.library, self.compiled)
        return OrderedDict(
            (f.requirement, {"status": f.status, "value": _jsonable(f.value),
                             "location": getattr(f, "location", None)})
            for f in findings
        )


def _jsonable(v):
    if isinstance(v, (list, tuple, set)):
        return sorted(str(x) for x in v)
    return v


def score(edit: dict, base: dict, after: dict) -> dict:
    out = {"id": edit["id"], "kind": edit["kind"], "class": edit["class"]}
    if edit["kind"] == "change":
        expect = edit.get("expect", "not_present")
        detail = {}
        ok = True
        for req in edit["targets"]:
            if req not in after:
                raise EditError(f"{edit['id']}: unknown requirement {req}")
            b, a = base[req], after[req]
            detail[req] = {"before": b["status"], "after": a["status"],
                           "value_before": b["value"], "value_after": a["value"]}
            if expect == "value_changed":
                hit = a["status"] != "present" or a["value"] != b["value"]
            else:
                hit = a["status"] != "present"
            ok = ok and hit
        out.update(ok=ok, targets=detail, expect=expect)
    else:
        changed = {r: {"before": base[r]["status"], "after": after[r]["status"]}
                   for r in base if after.get(r, {}).get("status") != base[r]["status"]}
        out.update(ok=not changed, changed=changed)
    return out


# ---------------------------------------------------------------------------- .docx variant

DOCX_EDITS = ("keep-digits-for-words", "keep-contracting-party", "keep-passive-equity",
              "keep-split-security-article", "keep-american-spelling")


def md_to_docx(text: str, path: Path) -> None:
    import docx

    doc = docx.Document()
    for block in re.split(r"\n\s*\n", text):
        block = block.strip("\n")
        if not block.strip() or block.strip() == "---":
            continue
        m = re.match(r"^(#{1,4}) (.*)$", block)
        if m and "\n" not in block:
            doc.add_heading(m.group(2), level=min(len(m.group(1)), 4))
            continue
        doc.add_paragraph(block.strip().replace("**", ""))
    doc.save(str(path))


def docx_round(edits: list[dict], base_text: str, playbook: str) -> list[dict]:
    from treatykit.review.service import review_document

    def statuses(p: Path) -> dict:
        rep = review_document(str(p), playbook)
        return {f.requirement: f.status for f in rep.findings}

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        orig = Path(tmp) / "original.docx"
        md_to_docx(base_text, orig)
        base = statuses(orig)
        for e in edits:
            if e["id"] not in DOCX_EDITS:
                continue
            p = Path(tmp) / f"{e['id']}.docx"
            md_to_docx(apply_edit(base_text, e), p)
            after = statuses(p)
            changed = {r: {"before": base[r], "after": after.get(r)}
                       for r in base if after.get(r) != base[r]}
            rows.append({"id": e["id"] + " (.docx)", "kind": "preserve", "class": e["class"],
                         "ok": not changed, "changed": changed})
        rows.insert(0, {"docx_base": base})
    return rows


# ---------------------------------------------------------------------------- report

def tables(results: list[dict]) -> str:
    lines = []
    for kind, label, word in (("change", "Meaning-changing edits", "caught"),
                              ("preserve", "Meaning-preserving edits", "preserved")):
        rows = [r for r in results if r["kind"] == kind]
        if not rows:
            continue
        lines.append(f"\n{label}")
        lines.append(f"| class | edits | {word} | rate |")
        lines.append("|---|---|---|---|")
        classes = OrderedDict()
        for r in rows:
            classes.setdefault(r["class"], []).append(r)
        for c, rs in classes.items():
            k = sum(r["ok"] for r in rs)
            lines.append(f"| {c} | {len(rs)} | {k} | {k / len(rs):.0%} |")
        k = sum(r["ok"] for r in rows)
        lines.append(f"| **total** | {len(rows)} | {k} | {k / len(rows):.0%} |")
        misses = [r for r in rows if not r["ok"]]
        if misses:
            lines.append(f"\nNot {word}:")
            for r in misses:
                if kind == "change":
                    why = ", ".join(f"{q} {d['before']}->{d['after']}"
                                    + (f" (value {d['value_before']}->{d['value_after']})"
                                       if r.get("expect") == "value_changed" else "")
                                    for q, d in r["targets"].items())
                else:
                    why = ", ".join(f"{q} {d['before']}->{d['after']}"
                                    for q, d in r["changed"].items())
                lines.append(f"  - [{r['class']}] {r['id']}: {why}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--edits", type=Path, default=EDITS)
    ap.add_argument("--base", type=Path, default=BASE)
    ap.add_argument("--playbook", help="playbook id (default: the edits file's `playbook`, "
                    "else pakistan-minerals)")
    ap.add_argument("--fresh", action="store_true", help="re-draft the base text")
    ap.add_argument("--only", nargs="*", help="edit ids to run")
    ap.add_argument("--check", action="store_true", help="only check that every edit applies")
    ap.add_argument("--docx", action="store_true", help="also a .docx round for a few preserving edits")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    if args.fresh:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "draft.md"
            subprocess.run([sys.executable, "-m", "treatykit", "draft", DEAL, "-o", str(out)],
                           check=True, cwd=HERE.parent, stderr=subprocess.DEVNULL)
            base_text = out.read_text(encoding="utf-8")
    else:
        base_text = args.base.read_text(encoding="utf-8")

    edits = load_edits(args.edits)
    if not args.playbook:
        args.playbook = load_set(args.edits).get("playbook", "pakistan-minerals")
    if args.only:
        unknown = set(args.only) - {e["id"] for e in edits}
        if unknown:
            ap.error(f"unknown edit id(s): {', '.join(sorted(unknown))}")
        edits = [e for e in edits if e["id"] in args.only]
    edited = [(e, apply_edit(base_text, e)) for e in edits]  # fails loudly before any review
    for e, t in edited:
        if t == base_text:
            raise EditError(f"edit {e['id']} left the text unchanged")
    if args.check:
        print(f"{len(edited)} edits apply cleanly")
        return 0

    t0 = time.time()
    grade = Grader(args.playbook)
    base = grade(base_text)
    not_present = [r for r, f in base.items() if f["status"] != "present"]
    results = []
    for e, text in edited:
        results.append(score(e, base, grade(text)))
        if not args.json:
            print(f"  {results[-1]['id']}: {'ok' if results[-1]['ok'] else 'MISS'}",
                  file=sys.stderr, flush=True)
    docx_rows = docx_round(edits, base_text, args.playbook) if args.docx else []
    elapsed = time.time() - t0

    ch = [r for r in results if r["kind"] == "change"]
    pr = [r for r in results if r["kind"] == "preserve"]
    summary = {
        "playbook": args.playbook,
        "baseline_not_present": not_present,
        "changing": len(ch), "caught": sum(r["ok"] for r in ch),
        "preserving": len(pr), "preserved": sum(r["ok"] for r in pr),
        "seconds": round(elapsed, 1),
    }
    if docx_rows:
        d = [r for r in docx_rows if "id" in r]
        summary.update(docx_preserving=len(d), docx_preserved=sum(r["ok"] for r in d))
    if args.json:
        print(json.dumps({"summary": summary, "baseline": base, "results": results,
                          "docx": docx_rows}, indent=1, default=str))
        return 0
    if not_present:
        print(f"Baseline: not present before any edit: {', '.join(not_present)}")
    print(tables(results))
    if docx_rows:
        print(tables([r for r in docx_rows if "id" in r]).replace(
            "Meaning-preserving edits", "Meaning-preserving edits, as .docx"))
    print(f"\ncaught {summary['caught']}/{summary['changing']}, "
          f"preserved {summary['preserved']}/{summary['preserving']} ({elapsed:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
