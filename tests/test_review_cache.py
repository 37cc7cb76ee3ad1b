"""The clause-signature cache speeds up conflict detection without changing any finding."""

from __future__ import annotations

import json


def _review(invoke, draft, folder) -> dict:
    path = folder / "draft.md"
    path.write_text(draft.markdown, encoding="utf-8")
    code, out, err = invoke("review", str(path), "--playbook", "pakistan-minerals",
                            "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_a_cached_review_gives_the_same_report(invoke, pakistan_draft, tmp_path, monkeypatch):
    from treatykit.review import conflicts

    monkeypatch.setenv("TREATYKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(conflicts, "_SIGNATURES", {})
    first = _review(invoke, pakistan_draft, tmp_path)
    files = list((tmp_path / "cache").glob("signatures-*.json"))
    assert len(files) == 1 and json.loads(files[0].read_text())
    monkeypatch.setattr(conflicts, "_SIGNATURES", {})  # a new process: read from disk
    assert _review(invoke, pakistan_draft, tmp_path) == first


def test_a_corrupt_cache_is_ignored(invoke, pakistan_draft, tmp_path, monkeypatch):
    from treatykit.review import conflicts

    cache = tmp_path / "cache"
    monkeypatch.setenv("TREATYKIT_CACHE", str(cache))
    monkeypatch.setattr(conflicts, "_SIGNATURES", {})
    expected = _review(invoke, pakistan_draft, tmp_path)
    for path in cache.glob("signatures-*.json"):
        path.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(conflicts, "_SIGNATURES", {})
    assert _review(invoke, pakistan_draft, tmp_path) == expected
