"""The contract on any input, held by property-based tests: random and mutated deal files,
playbooks, clause files and documents, fed to the commands that read them, give exit 0, 1
or 2, never a traceback or an internal error, and leave no output file behind on failure.

Kept to seconds: few examples each, small inputs; the property is the contract, not coverage
of every value.
"""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT

DEAL = ROOT / "corpus" / "deals" / "zambia-uk-investor-protective-bit.yaml"
PLAYBOOK = ROOT / "playbooks" / "us-investor.yaml"
DRAFT = ROOT / "corpus" / "drafts" / "pk-us-bit-investor-weak.txt"
CLAUSE = ROOT / "clauses" / "treatment.fair_equitable.yaml"

#: Values a careless or hostile author puts where a scalar belongs.
ODD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40),
    st.lists(st.lists(st.text(max_size=5), max_size=2), max_size=2),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.sampled_from(["{{ 9 ** 9 ** 9 }}", "{% for i in range(10) %}", "../../etc/passwd",
                     "\x00\x01", "-" * 300, "Article 99(9)(z)", "{{ host.__class__ }}"]),
)
SETTINGS = settings(max_examples=12, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


def _mutated(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    data = copy.deepcopy(data)
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


def _dump(data: Any) -> str:
    try:
        return yaml.safe_dump(data, allow_unicode=True)
    except (yaml.YAMLError, ValueError):
        return "{}"


def _assert_contract(code: int, out: str, err: str, output: Path | None = None) -> None:
    assert code in (0, 1, 2), (code, err)
    assert "Traceback" not in out + err and "internal error" not in err, err
    if code == 2:
        assert err.count("\n") <= 2, err  # one line (and at most a note before it)
        if output is not None:
            assert not output.exists(), "a failed command left its output file"


def _mutation_strategy(source: Path) -> st.SearchStrategy[tuple[str, Any]]:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    paths = _paths(data)
    return st.tuples(st.sampled_from(paths), ODD_VALUES).map(
        lambda pv: _dump(_mutated(data, pv[0], pv[1])))


@SETTINGS
@given(text=_mutation_strategy(DEAL))
def test_a_mutated_deal_file_keeps_the_contract(invoke, tmp_path, text):
    deal = tmp_path / "deal.yaml"
    deal.write_text(text, encoding="utf-8")
    output = tmp_path / "draft.md"
    output.unlink(missing_ok=True)
    code, out, err = invoke("draft", str(deal), "-o", str(output))
    _assert_contract(code, out, err, output)


@SETTINGS
@given(text=_mutation_strategy(PLAYBOOK))
def test_a_mutated_playbook_keeps_the_contract(invoke, tmp_path, text):
    playbook = tmp_path / "playbook.yaml"
    playbook.write_text(text, encoding="utf-8")
    report = tmp_path / "report.json"
    report.unlink(missing_ok=True)
    code, out, err = invoke("review", str(DRAFT), "--playbook", str(playbook), "-o",
                            str(report))
    _assert_contract(code, out, err, report)


@settings(SETTINGS, max_examples=5)  # each run validates the whole built-in library
@given(text=_mutation_strategy(CLAUSE))
def test_a_mutated_clause_file_keeps_the_contract(invoke, tmp_path, text):
    library = tmp_path / "library"
    library.mkdir(exist_ok=True)
    (library / "clause.yaml").write_text(text, encoding="utf-8")
    code, out, err = invoke("validate", str(library))
    _assert_contract(code, out, err)


def _docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@st.composite
def _damaged_documents(draw: st.DrawFn) -> tuple[str, bytes]:
    text = DRAFT.read_text(encoding="utf-8")[:3000]
    kind = draw(st.sampled_from(["txt", "docx", "truncated-docx", "pdf", "bytes"]))
    if kind == "txt":
        cut = draw(st.integers(0, len(text)))
        noise = draw(st.text(max_size=200))
        return ".txt", (text[:cut] + noise + text[cut:]).encode("utf-8", "surrogatepass")
    if kind == "docx":
        return ".docx", _docx_bytes(text[: draw(st.integers(0, len(text)))])
    if kind == "truncated-docx":
        data = _docx_bytes(text)
        return ".docx", data[: draw(st.integers(0, len(data)))]
    if kind == "pdf":
        return ".pdf", b"%PDF-1.4\n" + draw(st.binary(max_size=300))
    return draw(st.sampled_from([".txt", ".md", ".docx"])), draw(st.binary(max_size=400))


@SETTINGS
@given(document=_damaged_documents())
def test_a_damaged_document_keeps_the_contract(invoke, tmp_path, document):
    suffix, data = document
    path = tmp_path / f"draft{suffix}"
    path.write_bytes(data)
    code, out, err = invoke("review", str(path), "--playbook", str(PLAYBOOK))
    _assert_contract(code, out, err)


def test_a_zip_bomb_word_file_is_refused_before_it_is_unpacked(invoke, tmp_path):
    path = tmp_path / "bomb.docx"
    source = zipfile.ZipFile(io.BytesIO(_docx_bytes("Article 1\nThe Parties agree.")))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body><w:p><w:r><w:t>"
                                    + b"a" * (20 * 1024 * 1024) + b"</w:t></w:r></w:p>")
            bomb.writestr(info.filename, data)
    assert path.stat().st_size < 200_000
    code, _, err = invoke("review", str(path), "--playbook", str(PLAYBOOK))
    assert code == 2
    assert err.startswith(f"treatykit: error: {path} (word/document.xml): the compression "
                          "ratio of a part of the Word file is ")
    assert "TREATYKIT_MAX_ZIP_RATIO" in err


def test_the_unpacked_size_limit_holds_at_its_bound(invoke, tmp_path, monkeypatch):
    path = tmp_path / "draft.docx"
    path.write_bytes(_docx_bytes("Article 1\nThe Parties shall cooperate in good faith."))
    unpacked = sum(i.file_size for i in zipfile.ZipFile(path).infolist())
    monkeypatch.setenv("TREATYKIT_MAX_UNZIPPED_BYTES", str(unpacked))
    code, _, err = invoke("review", str(path), "--playbook", str(PLAYBOOK))
    assert code in (0, 1), err
    monkeypatch.setenv("TREATYKIT_MAX_UNZIPPED_BYTES", str(unpacked - 1))
    code, _, err = invoke("review", str(path), "--playbook", str(PLAYBOOK))
    assert code == 2 and f"the unpacked size of the Word file is {unpacked:,}" in err


def test_review_with_standard_input_closed_says_so(invoke, monkeypatch):
    import sys

    monkeypatch.setattr(sys, "stdin", None)
    from treatykit.errors import InputError
    from treatykit.review.readers import read_draft

    with pytest.raises(InputError, match="<stdin>: standard input is closed"):
        read_draft("-")


def test_tota_xml_with_entity_declarations_is_skipped(invoke, tmp_path):
    laughs = ('<?xml version="1.0"?><!DOCTYPE treaty [<!ENTITY a "aaaaaaaaaa">'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
              "<treaty><meta></meta><body><article>&b;</article></body></treaty>")
    (tmp_path / "laughs.xml").write_text(laughs, encoding="utf-8")
    code, out, err = invoke("ingest", str(tmp_path), "--corpus-db", str(tmp_path / "c.db"))
    assert code in (1, 2), err  # skipped files make exit 1; nothing ingested at all, 2
    assert "declares entities" in out + err and "Traceback" not in err
