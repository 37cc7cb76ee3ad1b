"""Attack suite: hostile inputs to every reader of treatykit, each run as a user runs it.

Every case is generated into a fresh temporary folder (our own minimal deal, playbook,
clause, draft, Word and PDF files and their malformed variants) and run as
`python -m treatykit ...` in a new process under GNU time, with a 60-second wall limit and a
memory watchdog (2.5 GiB of resident memory for the whole process group, so the machine is
never at risk). For each case it records the exit code, the first line of the error, whether
a traceback or "internal error" appeared, peak RSS, wall time and any file left behind.

A case passes when the exit code is the one expected (2 for bad input unless the case says
otherwise), no traceback or internal error is printed, an exit-2 error is one line starting
"treatykit: error:" (naming what the case says it must name), peak memory is at most
1.5 GiB, wall time at most 60 s, and nothing is left half-written (no output file after a
failure, no temporary files).

    python bench/attack/run.py                 # every case
    python bench/attack/run.py -k yaml pdf     # cases whose name or class contains a word
    python bench/attack/run.py --list
    python bench/attack/run.py --json results.json
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
#: The treatykit sources under attack (ATTACK_SRC: a copy, to keep a "before" run steady).
SRC = os.environ.get("ATTACK_SRC") or str(ROOT / "src")
MEM_LIMIT_KB = int(1.5 * 1024 * 1024)
WATCHDOG_KB = int(2.5 * 1024 * 1024)
TIME_LIMIT = 60.0
TIMEOUT = 90.0


@dataclass
class Case:
    name: str
    cls: str
    args: list[str]
    files: dict[str, bytes | str | Callable[[Path], None]] = field(default_factory=dict)
    stdin: bytes | str | None = None  # "closed" closes it; None gives /dev/null
    expect: tuple[int, ...] = (2,)
    mention: str | None = None  # text the error line must contain
    env: dict[str, str] = field(default_factory=dict)
    outputs: tuple[str, ...] = ()  # must not exist after a failed run
    runner: Callable[[Case, Path], dict[str, Any]] | None = None
    note: str = ""
    record_only: bool = False  # figures recorded, speed not judged (50 MB text)


CASES: list[Case] = []


def case(*args: Any, **kwargs: Any) -> None:
    CASES.append(Case(*args, **kwargs))


# --- running ----------------------------------------------------------------------------------

def base_env(folder: Path) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "PYTHONPATH": SRC, "HOME": str(folder),
            "XDG_DATA_HOME": str(folder / ".data"), "XDG_CACHE_HOME": str(folder / ".cache"),
            "TREATYKIT_DB": str(folder / "tk.db"),
            "TREATYKIT_CORPUS_DB": str(folder / "corpus.db"), "LANG": "C.UTF-8",
            "PYTHONDONTWRITEBYTECODE": "1"}


def setup(c: Case, folder: Path, store: Path) -> None:
    shutil.copy(store, folder / "tk.db")
    for rel, content in c.files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(content):
            content(path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def spawn(args: list[str], folder: Path, env: dict[str, str], stdin: Any,
          timefile: Path) -> subprocess.Popen[bytes]:
    command = ["/usr/bin/time", "-f", "%M %e", "-o", str(timefile), PYTHON, "-m", "treatykit",
               *args]
    return subprocess.Popen(command, cwd=folder, env=env, stdin=stdin, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)


def group_rss_kb(pgid: int) -> int:
    total = 0
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid:  # field 5 (pgrp), after pid and comm
                total += int(fields[21]) * 4  # rss pages
        except (OSError, IndexError, ValueError):
            continue
    return total


def watch(proc: subprocess.Popen[bytes], limit: float) -> dict[str, Any]:
    """Kill the group past the watchdog memory or the timeout; report what happened."""
    state = {"killed": None}

    def guard() -> None:
        started = time.monotonic()
        while proc.poll() is None:
            if time.monotonic() - started > limit:
                state["killed"] = "timeout"
            elif group_rss_kb(proc.pid) > WATCHDOG_KB:
                state["killed"] = "memory"
            if state["killed"]:
                os.killpg(proc.pid, signal.SIGKILL)
                return
            time.sleep(0.25)

    thread = threading.Thread(target=guard, daemon=True)
    thread.start()
    return state


def run_process(c: Case, folder: Path, args: list[str] | None = None,
                env_extra: dict[str, str] | None = None) -> dict[str, Any]:
    env = base_env(folder) | c.env | (env_extra or {})
    timefile = folder / ".time"
    stdin: Any = subprocess.DEVNULL
    if isinstance(c.stdin, (bytes, str)) and c.stdin != "closed":
        stdin = subprocess.PIPE
    started = time.monotonic()
    if c.stdin == "closed":
        proc = _spawn_closed_stdin(args or c.args, folder, env, timefile)
    else:
        proc = spawn(args or c.args, folder, env, stdin, timefile)
    state = watch(proc, TIMEOUT)
    data = c.stdin if isinstance(c.stdin, bytes) else (
        c.stdin.encode() if isinstance(c.stdin, str) and c.stdin != "closed" else None)
    try:
        out, err = proc.communicate(input=data, timeout=TIMEOUT + 10)
    except (BrokenPipeError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
    wall = time.monotonic() - started
    return finish(proc.returncode, out, err, timefile, wall, state["killed"])


def _spawn_closed_stdin(args: list[str], folder: Path, env: dict[str, str],
                        timefile: Path) -> subprocess.Popen[bytes]:
    command = ["/bin/sh", "-c", 'exec "$@" <&-', "sh", "/usr/bin/time", "-f", "%M %e", "-o",
               str(timefile), PYTHON, "-m", "treatykit", *args]
    return subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)


def finish(code: int, out: bytes, err: bytes, timefile: Path, wall: float,
           killed: str | None) -> dict[str, Any]:
    rss = 0
    try:
        text = timefile.read_text().strip().splitlines()
        rss = int(text[-1].split()[0])
        if text[0].startswith("Command"):
            pass
    except (OSError, IndexError, ValueError):
        pass
    timefile.unlink(missing_ok=True)
    stderr = err.decode("utf-8", "replace")
    if code is not None and code < 0:
        code = 128 - code
    # GNU time reports a child killed by a signal as "Command terminated by signal N"
    lines = [line for line in stderr.splitlines() if line.strip()
             and not line.startswith(("Command exited", "Command terminated"))]
    return {"code": code, "stdout": out.decode("utf-8", "replace")[:2000], "stderr": stderr,
            "lines": lines, "rss_kb": rss, "wall": round(wall, 2), "killed": killed}


def leftovers(folder: Path, before: set[str]) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        rel = str(path.relative_to(folder))
        if rel in before or rel.startswith((".data", ".cache", ".time")):
            continue
        name = path.name
        if name.endswith(("-wal", "-shm")) and path.with_name(name[:-4]).exists():
            continue  # a WAL database's own files: SQLite recovers them on the next open
        if ".tmp" in name or name.endswith(("-journal", "-wal", "-shm")):
            found.append(rel)
    return found


def judge(c: Case, result: dict[str, Any], folder: Path, before: set[str]) -> list[str]:
    problems = []
    code, lines, stderr = result["code"], result["lines"], result["stderr"]
    if result["killed"]:
        problems.append(f"killed by watchdog ({result['killed']})")
    if code not in c.expect:
        problems.append(f"exit {code}, expected {'/'.join(map(str, c.expect))}")
    if "Traceback" in stderr or "Traceback" in result["stdout"]:
        problems.append("traceback")
    if "internal error" in stderr:
        problems.append("internal error")
    if code == 2:
        errors = [line for line in lines if line.startswith("treatykit: error:")]
        if len(errors) != 1:
            problems.append(f"{len(errors)} error lines")
        elif lines[-1] != errors[0]:
            problems.append("error is not the last line")
        if c.mention and not any(c.mention in line for line in errors):
            problems.append(f"error does not name {c.mention!r}")
    if result["rss_kb"] > MEM_LIMIT_KB:
        problems.append(f"peak memory {result['rss_kb'] // 1024} MiB")
    if result["wall"] > TIME_LIMIT and not c.record_only:
        problems.append(f"took {result['wall']:.0f} s")
    if code != 0:
        for output in c.outputs:
            if (folder / output).exists():
                problems.append(f"left {output}")
    left = leftovers(folder, before)
    if left:
        problems.append("left " + ", ".join(left[:3]))
    return problems


def run_case(c: Case, store: Path, keep: bool) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix=f"tk-attack-{c.name[:30]}-"))
    try:
        setup(c, folder, store)
        before = {str(p.relative_to(folder)) for p in folder.rglob("*")}
        result = (c.runner or run_process)(c, folder)
        problems = judge(c, result, folder, before)
    except Exception as exc:  # noqa: BLE001 - a broken case is reported, not fatal
        result = {"code": None, "lines": [], "rss_kb": 0, "wall": 0, "stderr": ""}
        problems = [f"case failed to run: {type(exc).__name__}: {exc}"]
    finally:
        if not keep:
            _remove(folder)
    first = next((line for line in result.get("lines", [])
                  if line.startswith("treatykit: error") or "internal" in line), None)
    first = first or (result.get("lines") or [""])[0]
    return {"name": c.name, "class": c.cls, "code": result.get("code"),
            "error": first[:300], "rss_mb": round(result.get("rss_kb", 0) / 1024),
            "wall": result.get("wall"), "ok": not problems, "problems": problems,
            "record_only": c.record_only}


def _remove(folder: Path) -> None:
    for path in folder.rglob("*"):
        try:
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        except OSError:
            pass
    shutil.rmtree(folder, ignore_errors=True)


def build_store(root: Path) -> Path:
    store = root / "store.db"
    env = base_env(root)
    subprocess.run([PYTHON, "-m", "treatykit", "build", "--db", str(store)], env=env,
                   check=True, capture_output=True)
    return store


# --- case helpers -----------------------------------------------------------------------------

def text(value: str) -> str:
    return value


def sparse(size: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with path.open("wb") as handle:
            handle.truncate(size)
    return make


def fifo(path: Path) -> None:
    os.mkfifo(path)


def symlink_to(target: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.symlink_to(target)
    return make


def folder_of(path: Path) -> None:
    path.mkdir()


def tpl_files(expr: str) -> dict[str, Any]:
    return {"tpl/evil/template.yaml": gen.TEMPLATE_META,
            "tpl/evil/document.md.j2": gen.TEMPLATE_DOC.format(expr=expr),
            "deal.yaml": gen.DEAL.replace("template: bit", "template: evil")}


def clause_files(expr: str) -> dict[str, Any]:
    return {"lib/attack.yaml": gen.CLAUSE.format(text=expr)}


import attacks  # noqa: E402  (the case table; uses the helpers above)

attacks.register(sys.modules[__name__])


# --- main -------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-k", nargs="*", default=[], help="only cases whose name/class has a word")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--json", type=Path, help="write every result here")
    parser.add_argument("--keep", action="store_true", help="keep each case's folder")
    options = parser.parse_args()
    chosen = [c for c in CASES if not options.k
              or any(k in c.name or k in c.cls for k in options.k)]
    if options.list:
        for c in chosen:
            print(f"{c.cls:10} {c.name}")
        print(f"{len(chosen)} cases")
        return 0
    root = Path(tempfile.mkdtemp(prefix="tk-attack-store-"))
    results = []
    try:
        store = build_store(root)
        for number, c in enumerate(chosen, start=1):
            result = run_case(c, store, options.keep)
            results.append(result)
            mark = "ok  " if result["ok"] else "FAIL"
            print(f"{number:3} {mark} {c.cls:9} {c.name:42} exit={result['code']} "
                  f"{result['rss_mb']:5} MiB {result['wall']:6} s  "
                  f"{'; '.join(result['problems']) or result['error'][:90]}", flush=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    failed = [r for r in results if not r["ok"]]
    print(f"\n{len(results)} cases, {len(results) - len(failed)} passed, {len(failed)} failed")
    by_class: dict[str, int] = {}
    for r in failed:
        by_class[r["class"]] = by_class.get(r["class"], 0) + 1
    for cls, n in sorted(by_class.items()):
        print(f"  {cls}: {n} failed")
    peak = max(results, key=lambda r: r["rss_mb"], default=None)
    slow = max(results, key=lambda r: r["wall"] or 0, default=None)
    if peak and slow:
        print(f"peak memory {peak['rss_mb']} MiB ({peak['name']}); "
              f"longest {slow['wall']} s ({slow['name']})")
    if options.json:
        options.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 1 if failed else 0


def sqlite_ok(path: Path) -> bool:
    try:
        with sqlite3.connect(path) as db:
            return db.execute("pragma integrity_check").fetchone()[0] == "ok"
    except sqlite3.Error:
        return False


if __name__ == "__main__":
    sys.exit(main())
