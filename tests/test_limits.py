"""Every limit on input is enforced at its bound: one value under passes, one over fails with
the usual one-line error naming the file, the limit and the variable that raises it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import CORPUS_FIXTURES, ROOT
from treatykit import limits
from treatykit.errors import InputError
from treatykit.yamlfile import parse_yaml


def _alias_bomb(levels: int, width: int = 10) -> str:
    lines = ["a0: &a0 [" + ", ".join(['"x"'] * width) + "]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_in_linear_time():
    with pytest.raises(InputError, match=r"deal.yaml:\d+: the number of values with YAML "
                                         r"aliases expanded exceeds the limit of 200,000.*"
                                         r"TREATYKIT_MAX_YAML_NODES"):
        parse_yaml(_alias_bomb(9), source="deal.yaml")  # 10**9 values if expanded


def test_aliases_that_expand_to_just_under_the_limit_load(monkeypatch):
    # the root, three keys, and the lists: 11 + 111 + 1111 values once expanded
    monkeypatch.setenv("TREATYKIT_MAX_YAML_NODES", "1237")
    data = parse_yaml(_alias_bomb(3), source="deal.yaml")
    assert data["a2"][9][9] == ["x"] * 10
    monkeypatch.setenv("TREATYKIT_MAX_YAML_NODES", "1236")
    with pytest.raises(InputError, match="exceeds the limit of 1,236 values"):
        parse_yaml(_alias_bomb(3), source="deal.yaml")


def test_a_shared_anchor_used_many_times_is_counted_once_per_use():
    text = "base: &b {x: 1}\n" + "".join(f"k{i}: *b\n" for i in range(100))
    assert parse_yaml(text, source="deal.yaml")["k99"] == {"x": 1}


def test_a_recursive_alias_is_refused():
    with pytest.raises(InputError, match=r"deal.yaml:1: a YAML alias refers to itself"):
        parse_yaml("a: &a [1, *a]\n", source="deal.yaml")


def test_nesting_past_the_depth_limit_is_refused():
    ok = "v: " + "[" * 62 + "1" + "]" * 62 + "\n"
    assert parse_yaml(ok, source="p.yaml") is not None
    deep = "v: " + "[" * 64 + "1" + "]" * 64 + "\n"
    with pytest.raises(InputError, match=r"p.yaml:1: the YAML nesting depth is 65, over the "
                                         r"limit of 64 levels"):
        parse_yaml(deep, source="p.yaml")


def test_whole_numbers_are_bounded_in_digits():
    assert parse_yaml("n: " + "9" * 30 + "\n", source="d.yaml")["n"] == int("9" * 30)
    with pytest.raises(InputError, match=r"d.yaml:2: the number of digits in a whole number "
                                         r"is 5,000, over the limit of 30 digits"):
        parse_yaml("a: 1\nn: " + "9" * 5000 + "\n", source="d.yaml")


def test_a_long_string_of_digits_in_quotes_is_text_not_a_number():
    assert parse_yaml("n: '" + "9" * 100 + "'\n", source="d.yaml")["n"] == "9" * 100


def test_a_value_past_the_length_limit_is_refused(monkeypatch):
    monkeypatch.setenv("TREATYKIT_MAX_YAML_VALUE", "100")
    assert parse_yaml("t: " + "a" * 100 + "\n", source="c.yaml")["t"] == "a" * 100
    with pytest.raises(InputError, match=r"c.yaml:1: the length of a YAML value is 101"):
        parse_yaml("t: " + "a" * 101 + "\n", source="c.yaml")


def test_a_limit_variable_that_is_not_a_number_is_named():
    import os

    os.environ["TREATYKIT_MAX_YAML_DEPTH"] = "lots"
    try:
        with pytest.raises(InputError, match=r"TREATYKIT_MAX_YAML_DEPTH='lots': not a positive"):
            _ = limits.YAML_DEPTH.value
    finally:
        del os.environ["TREATYKIT_MAX_YAML_DEPTH"]


@pytest.mark.parametrize("command", [["draft"], ["validate"], ["review", "-", "--playbook"]])
def test_every_yaml_reader_refuses_an_alias_bomb_with_exit_2(invoke, tmp_path, command):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(_alias_bomb(8), encoding="utf-8")
    if command == ["validate"]:
        args = ["validate", str(tmp_path)]
        (tmp_path / "bomb.yaml").rename(tmp_path / "bomb-clauses.yaml")
        bomb = tmp_path / "bomb-clauses.yaml"
    elif command[0] == "review":
        args = [*command, str(bomb)]
    else:
        args = [*command, str(bomb)]
    code, out, err = invoke(*args, input="Article 1\nThe Parties shall cooperate.\n")
    # validate lists the file among the library's problems (exit 1); the others stop (exit 2)
    assert code == (1 if command == ["validate"] else 2), err
    assert "exceeds the limit" in out + err and "TREATYKIT_MAX_YAML_NODES" in out + err
    assert "Traceback" not in out + err


def test_a_yaml_file_past_the_size_limit_is_refused_before_reading(invoke, tmp_path,
                                                                  monkeypatch):
    monkeypatch.setenv("TREATYKIT_MAX_YAML_BYTES", "100000")  # the library's files are smaller
    deal = tmp_path / "deal.yaml"
    deal.write_text("template: bit\n# " + "x" * 100_000 + "\n", encoding="utf-8")
    code, _, err = invoke("draft", str(deal))
    assert code == 2
    assert f"{deal}: the YAML file size is 100,017, over the limit of 100,000 bytes" in err


# --- search ---------------------------------------------------------------------------------

def test_search_collapses_repeated_words(invoke):
    one_code, one, _ = invoke("search", "transfer", "--format", "json")
    many_code, many, _ = invoke("search", " ".join(["transfer"] * 400), "--format", "json")
    assert one_code == many_code == 0
    assert _ids(one) == _ids(many)


def _ids(payload: str) -> list[str]:
    import json

    data = json.loads(payload)
    items = data if isinstance(data, list) else next(
        v for v in data.values() if isinstance(v, list))
    return [item["id"] for item in items]


def test_search_refuses_a_query_past_the_length_and_term_limits(invoke):
    code, _, err = invoke("search", "x" * 4001)
    assert code == 2 and "the length of the search query is 4,001, over the limit" in err
    code, _, err = invoke("search", " ".join(f"w{i}" for i in range(65)))
    assert code == 2 and "the number of distinct words in the search query is 65" in err
    code, _, _ = invoke("search", " ".join(f"w{i}" for i in range(64)))
    assert code == 0


# --- the store and the corpus under concurrent use -----------------------------------------

def test_a_killed_build_leaves_nothing_the_next_build_keeps(invoke, tmp_path):
    db = tmp_path / "store.db"
    dead = 2**22 + 12345  # above the default pid_max of most systems; never running
    leftovers = [tmp_path / f".store.db.{dead}.tmp", tmp_path / f".store.db.{dead}.tmp-journal"]
    for path in leftovers:
        path.write_bytes(b"half a database")
    code, _, err = invoke("build", "--db", str(db))
    assert code == 0, err
    assert not any(path.exists() for path in leftovers)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store.db"]


def test_concurrent_first_ingests_into_a_new_corpus_all_succeed(tmp_path):
    corpus = tmp_path / "corpus.db"
    script = ("import sys; from treatykit.ingest.service import ingest_paths; "
              "from pathlib import Path; ingest_paths([Path(sys.argv[1])], Path(sys.argv[2]))")
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
    for _ in range(3):
        corpus.unlink(missing_ok=True)
        procs = [subprocess.Popen([sys.executable, "-c", script, str(CORPUS_FIXTURES / "plain"),
                                   str(corpus)], env=env, stderr=subprocess.PIPE, text=True)
                 for _ in range(4)]
        errors = [p.communicate(timeout=120)[1] for p in procs]
        assert [p.returncode for p in procs] == [0, 0, 0, 0], errors


# --- templates and clause texts -------------------------------------------------------------

@pytest.mark.parametrize("expression, what", [
    ("{{ 9 ** (9 ** 9) }}", "a power"),
    ("{{ 'ab' * 500000000 }}", "a repetition"),
    ("{{ [0] * 2000000 }}", "a repetition"),
    ("{{ 'x'.ljust(1000000000) }}", "a value asked of a function"),
    ("{{ 'x' | center(1000000000) }}", "a value asked of a function"),
    ("{{ '%0999999999d' | format(1) }}", "a formatted value"),
    ("{{ '%0999999999d' % 1 }}", "a formatted value"),
])
def test_a_clause_cannot_compute_a_huge_value(expression, what):
    from treatykit.drafting.environment import render_snippet
    from treatykit.errors import TemplateError

    with pytest.raises(TemplateError, match=f"{what} in the template would be larger than "
                                            "1,000,000"):
        render_snippet("1. The Parties shall cooperate. " + expression, {}, name="c.yaml")


def test_ordinary_arithmetic_and_repetition_still_render():
    from treatykit.drafting.environment import render_snippet

    text = "{{ 2 ** 10 }} {{ 3 * 4 }} {{ '-' * 3 }} {{ '%05d' % 42 }} {{ 'a' | center(5) }}"
    assert render_snippet(text, {}, name="c.yaml") == "1024 12 --- 00042   a  "


def test_a_silent_loop_stops_at_the_cpu_budget(monkeypatch):
    from treatykit.drafting.environment import render_snippet
    from treatykit.errors import TemplateError

    monkeypatch.setenv("TREATYKIT_MAX_RENDER_SECONDS", "1")
    loop = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    with pytest.raises(TemplateError, match=r"c.yaml: rendering took more than 1 seconds of "
                                            r"CPU time"):
        render_snippet(loop, {}, name="c.yaml")


def test_a_user_template_that_spins_stops_with_one_line(invoke, write_deal, monkeypatch):
    from conftest import FIXTURES

    monkeypatch.setenv("TREATYKIT_MAX_RENDER_SECONDS", "2")
    folder = FIXTURES / "bad-templates" / "silent-loop"
    deal = write_deal("template: silent-loop\nparties:\n"
                      "  - {role: host, name: the Republic of Ghana, short: Ghana}\n"
                      "  - {role: partner, name: the Kingdom of Spain, short: Spain}\n")
    code, out, err = invoke("draft", str(deal), "--templates", str(folder))
    assert code == 2 and out == ""
    assert err.startswith(f"treatykit: error: {folder}/document.md.j2: rendering took more "
                          "than 2 seconds of CPU time")
    assert err.count("\n") == 1
