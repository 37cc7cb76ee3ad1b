"""Ctrl-C stops a command at once, cancels queued work, writes nothing, exits 130."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT


def _as_from_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.shared
@pytest.mark.slow
def test_ctrl_c_during_a_parallel_map_exits_130_within_3_seconds(shared, tmp_path):
    texts = shared / "eval" / "texts"
    if len(list(texts.glob("*.txt"))) < 10:
        pytest.skip(f"{texts}: too few treaties to keep two workers busy for 5 s")
    out = tmp_path / "map.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    # A terminal sends Ctrl-C to the whole foreground process group: workers included. The
    # command starts as from a terminal, with Ctrl-C's default action, even when the test
    # runs as a background job (which starts with SIGINT ignored, and Python keeps it so).
    process = subprocess.Popen(
        [sys.executable, "-m", "treatykit", "map", str(texts), "--workers", "2", "-o", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True,
        preexec_fn=_as_from_a_terminal)
    time.sleep(5)
    assert process.poll() is None, "the map ended before it could be interrupted"
    os.killpg(process.pid, signal.SIGINT)
    started = time.monotonic()
    try:
        _, err = process.communicate(timeout=3)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("still running 3 s after Ctrl-C")
    assert time.monotonic() - started < 3
    assert process.returncode == 130, err
    assert err.decode().strip().endswith("treatykit: interrupted")
    assert not out.exists() and list(tmp_path.iterdir()) == []
