"""`treatykit review` and `treatykit playbooks`: formats, exit codes, one-line errors."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import docx
import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "review.md"

PLAYBOOK = """\
playbook:
  id: small-mandate
  title: A small mandate for tests
  stance: balanced
  parties: {host: [Pakistan], partner: [the United States]}
requirements:
  - id: local_equity
    provision: equity.local_participation
    constraints:
      - {param: local_equity_pct, op: ">=", value: 30}
  - id: one_window
    provision: facilitation.one_window
    report: permit_decision_deadline_days
  - id: eiti
    provision: transparency.publication
    aspect: eiti
    severity: should
"""

GOOD = """\
Agreement between Pakistan and the United States

Article 1 Local Equity

1. Each mining company shall ensure that nationals of Pakistan hold not less than thirty \
(30) per cent of its issued share capital.

Article 2 Single Window

1. Pakistan shall establish a single window for mining permits and shall decide each \
complete application within ninety (90) days.
"""


@pytest.fixture()
def book(tmp_path: Path) -> Path:
    path = tmp_path / "small-mandate.yaml"
    path.write_text(PLAYBOOK, encoding="utf-8")
    return path


@pytest.fixture()
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.md"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_table_is_the_default_and_exit_0_when_every_must_is_present(invoke, book: Path,
                                                                    good: Path) -> None:
    code, out, err = invoke("review", str(good), "--playbook", str(book))
    assert code == 0, err
    assert "local_equity" in out and "present" in out
    assert "Every mandatory requirement is met" in out


def test_exit_1_when_a_must_is_not_present(invoke, book: Path, tmp_path: Path) -> None:
    draft = tmp_path / "low.md"
    draft.write_text(GOOD.replace("thirty\n(30)", "twenty (20)").replace(
        "thirty (30)", "twenty (20)"), encoding="utf-8")
    code, out, _ = invoke("review", str(draft), "-p", str(book), "--format", "json")
    assert code == 1
    finding = json.loads(out)["findings"][0]
    assert (finding["status"], finding["value"]) == ("violates", 20)
    assert finding["suggestion"][0] == "equity.local_participation.balanced"


def test_json_output(invoke, book: Path, good: Path) -> None:
    code, out, _ = invoke("review", str(good), "-p", str(book), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["document"] == str(good) and data["playbook"] == "small-mandate"
    assert data["summary"] == {"articles": 2, "requirements": 3, "present": 2, "weak": 0,
                               "violates": 0, "missing": 1, "blocking": 0}
    equity, window, eiti = data["findings"]
    assert equity["location"] == "Article 1(1)" and equity["value"] == 30
    assert equity["cue"]["pattern"].startswith("equity.local_participation:")
    assert equity["cue"]["modal"] == "shall ensure"
    assert window["value"] == 90
    assert eiti["status"] == "missing" and eiti["severity"] == "should"
    assert eiti["suggestion"]  # the library has a clause with an EITI commitment


def _doc_example() -> dict:
    match = re.search(r"`--format json` prints:\s*```json\n(.*?)```", DOCS.read_text(), re.S)
    assert match, "docs/review.md lost its JSON example"
    return json.loads(match.group(1))


def test_docs_describe_the_json_the_command_prints(invoke, book: Path, good: Path) -> None:
    documented = _doc_example()
    _, out, _ = invoke("review", str(good), "-p", str(book), "--format", "json")
    data = json.loads(out)
    assert set(documented) == set(data)
    assert set(documented["summary"]) == set(data["summary"])
    assert set(documented["findings"][0]) == set(data["findings"][0])
    assert set(documented["conflicts"][0]) == {"kind", "a", "b", "why", "resolve",
                                               "declared_by"}
    assert set(documented["conflicts"][0]["a"]) == {"provision", "clause", "location"}
    assert set(documented["insert"][0]) == set(data["insert"][0])


def test_a_finding_not_present_comes_with_the_text_to_insert(invoke, book: Path,
                                                             good: Path) -> None:
    _, out, _ = invoke("review", str(good), "-p", str(book), "--format", "json")
    data = json.loads(out)
    eiti = data["findings"][2]
    assert eiti["status"] == "missing"
    (entry,) = data["insert"]  # the two present findings need no text
    assert entry["clause"] == eiti["suggestion"][0]
    assert entry["requirements"] == ["eiti"]
    assert "EITI Standard" in entry["text"]
    assert "{{" not in entry["text"] and "{%" not in entry["text"]


def test_one_clause_answering_several_requirements_is_suggested_once(invoke, book: Path,
                                                                     tmp_path: Path) -> None:
    draft = tmp_path / "empty-articles.md"
    draft.write_text("Article 1 Scope\n\n1. This Agreement applies to investments.\n",
                     encoding="utf-8")
    code, out, _ = invoke("review", str(draft), "-p", str(book), "--format", "md")
    assert code == 1
    suggested = out.split("## Text to insert", 1)[1]
    headings = re.findall(r"^### .*\(([\w.]+)\)$", suggested, re.M)
    assert len(headings) == len(set(headings)) == 3
    assert "> 1. " in suggested and "[Host State]" in suggested


def test_a_review_with_everything_present_suggests_no_text(invoke, book: Path,
                                                           tmp_path: Path) -> None:
    draft = tmp_path / "full.md"
    draft.write_text(GOOD + "\nArticle 3 Transparency\n\n1. Pakistan shall implement the "
                     "Extractive Industries Transparency Initiative Standard.\n",
                     encoding="utf-8")
    code, out, _ = invoke("review", str(draft), "-p", str(book), "--format", "md")
    assert code == 0
    assert "## Text to insert" not in out


@pytest.mark.parametrize(("fmt", "marker"), [("md", "# Review of"),
                                             ("html", "<!DOCTYPE html>")])
def test_md_and_html_reports(invoke, book: Path, good: Path, fmt: str, marker: str) -> None:
    code, out, _ = invoke("review", str(good), "-p", str(book), "--format", fmt)
    assert code == 0 and out.startswith(marker)
    assert "local_equity" in out


def test_output_file_format_follows_its_suffix(invoke, book: Path, good: Path,
                                               tmp_path: Path) -> None:
    report = tmp_path / "review.html"
    code, out, err = invoke("review", str(good), "-p", str(book), "-o", str(report))
    assert code == 0 and out == ""
    assert f"wrote {report}" in err
    text = report.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "&lt;" not in text.split("<body>")[0]
    assert not list(tmp_path.glob(".review.html.*"))  # no temporary file left behind


def test_output_file_with_an_unknown_suffix_is_a_usage_error(invoke, book: Path, good: Path,
                                                            tmp_path: Path) -> None:
    code, _, err = invoke("review", str(good), "-p", str(book), "-o", str(tmp_path / "r.rtf"))
    assert code == 2 and "name it .html, .md, .txt or .json" in err


def test_report_never_overwrites_the_draft(invoke, book: Path, tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(GOOD, encoding="utf-8")
    code, _, err = invoke("review", str(draft), "-p", str(book), "--format", "md",
                          "-o", str(draft))
    assert code == 2 and "refusing to overwrite" in err
    assert draft.read_text(encoding="utf-8") == GOOD


def test_standard_input(invoke, book: Path) -> None:
    code, out, _ = invoke("review", "-", "-p", str(book), "--format", "json",
                          input=GOOD.encode("utf-16"))
    assert code == 0 and json.loads(out)["document"] == "-"


def _corrupt_docx() -> bytes:
    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Article 1")
    document.save(out)
    data = bytearray(out.getvalue())
    data[len(data) // 2:len(data) // 2 + 400] = b"\x00" * 400
    return bytes(data)


@pytest.mark.parametrize(("name", "data", "message"), [
    ("empty.md", b"", "the document is empty or has no readable text"),
    ("noise.txt", bytes(range(256)) * 16, "binary data, not text"),
    ("broken.docx", _corrupt_docx(), "Word document"),
    ("absent.md", None, "no such file"),
    ("folder", "dir", "is a folder, not a file"),
])
def test_unreadable_drafts_exit_2_with_one_line(invoke, book: Path, tmp_path: Path, name: str,
                                                data: bytes | None, message: str) -> None:
    path = tmp_path / name
    if data == "dir":
        path.mkdir()
    elif data is not None:
        path.write_bytes(data)
    code, out, err = invoke("review", str(path), "-p", str(book))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("treatykit: error: ") and message in err
    assert "Traceback" not in err


def test_damaged_pdf_gives_one_line_without_pypdf_warnings(tmp_path: Path) -> None:
    # pytest installs logging handlers, so only a real process shows what a user sees.
    import subprocess
    import sys

    path = tmp_path / "damaged.pdf"
    path.write_bytes(b"hello, not a PDF")
    run = subprocess.run([sys.executable, "-m", "treatykit", "review", str(path), "-p",
                          "pakistan-minerals"], capture_output=True, text=True, check=False)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr == (f"treatykit: error: {path}: not a readable PDF (PdfStreamError) "
                          "(export the draft again as PDF, or give .docx or .txt)\n")


def test_missing_playbook_file_is_called_a_missing_file_not_an_unknown_id(
        invoke, good: Path, tmp_path: Path) -> None:
    path = tmp_path / "my-mandate.yaml"
    code, out, err = invoke("review", str(good), "-p", str(path))
    assert (code, out) == (2, "")
    assert err == (f"treatykit: error: {path}: no such playbook file (check the path, or give "
                   "a playbook id from 'treatykit playbooks')\n")


def test_unknown_playbook_suggests_close_names(invoke, good: Path) -> None:
    code, _, err = invoke("review", str(good), "-p", "pakistan-mineral")
    assert code == 2 and "did you mean pakistan-minerals" in err


def test_playbook_with_an_unknown_provision_names_file_and_line(invoke, good: Path,
                                                                tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(PLAYBOOK.replace("facilitation.one_window", "facilitation.one_windo"),
                    encoding="utf-8")
    code, _, err = invoke("review", str(good), "-p", str(path))
    assert code == 2
    assert f"{path}:12: requirement 'one_window': unknown provision" in err
    assert "did you mean facilitation.one_window" in err


def test_playbooks_lists_shipped_mandates(invoke) -> None:
    code, out, _ = invoke("playbooks", "--format", "json")
    books = {b["id"]: b for b in json.loads(out)["playbooks"]}
    assert {"pakistan-minerals", "us-investor"} <= set(books)
    equity = books["pakistan-minerals"]["requirements"][0]
    assert equity == {"id": "local_equity", "provision": "equity.local_participation",
                      "aspect": None, "severity": "must", "bears": "any",
                      "polarity": "obligation", "match": "operative",
                      "title": "Guaranteed minimum local equity of 30 per cent",
                      "constraints": ["local_equity_pct >= 30"], "elements": []}
    security = next(r for r in books["pakistan-minerals"]["requirements"]
                    if r["id"] == "demilitarised_security")
    assert security["elements"] == ["civilian_led"]
    assert code in (0, 1)


def test_playbooks_reports_a_broken_playbook_and_exits_1(invoke, tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("playbook: {id: broken}\nrequirements: []\n",
                                          encoding="utf-8")
    code, out, _ = invoke("playbooks", "--playbooks", str(tmp_path), "--format", "json")
    broken = next(b for b in json.loads(out)["playbooks"] if b["id"] == "broken")
    assert code == 1 and "no requirements" in broken["problem"]


def test_own_playbook_named_like_a_built_in_one_is_an_error_not_silently_ignored(
        invoke, good: Path, tmp_path: Path) -> None:
    from treatykit.library import builtin_dir

    builtin = builtin_dir("playbooks") / "pakistan-minerals.yaml"  # site-packages when installed
    mine = tmp_path / "pakistan-minerals.yaml"
    mine.write_text(builtin.read_text(encoding="utf-8").replace("value: 30", "value: 40"),
                    encoding="utf-8")
    code, out, err = invoke("review", str(good), "-p", "pakistan-minerals",
                            "--playbooks", str(tmp_path))
    assert code == 2 and out == ""
    assert err == (f"treatykit: error: {mine}: playbook 'pakistan-minerals' is already defined "
                   f"by {builtin} (rename your file: a playbook's id is its file name)\n")


@pytest.mark.parametrize("command", ["review", "playbooks"])
def test_playbooks_folder_that_does_not_exist_is_an_error(invoke, good: Path, tmp_path: Path,
                                                          command: str) -> None:
    args = ("review", str(good), "-p", "pakistan-minerals") if command == "review" else \
        ("playbooks",)
    code, out, err = invoke(*args, "--playbooks", str(tmp_path / "absent"))
    assert code == 2 and out == ""
    assert err == (f"treatykit: error: --playbooks: '{tmp_path / 'absent'}' is not a folder "
                   "(point it at a folder of playbook YAML files)\n")


def test_html_report_escapes_the_draft(invoke, book: Path, tmp_path: Path) -> None:
    draft = tmp_path / "hostile.md"
    draft.write_text(GOOD.replace("Each mining company", "<script>alert(1)</script> Each "
                                  "mining company"), encoding="utf-8")
    _, out, _ = invoke("review", str(draft), "-p", str(book), "--format", "html")
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_host_option_names_the_host_state(invoke, tmp_path: Path) -> None:
    book = tmp_path / "tech.yaml"
    book.write_text("playbook: {id: tech, title: Tech, stance: balanced}\nrequirements:\n"
                    "  - {id: technology_transfer, provision: technology.transfer, "
                    "bears: investor}\n", encoding="utf-8")
    draft = tmp_path / "d.md"
    draft.write_text("Agreement\n\nArticle 1 Technology\n\n1. Ruritania shall transfer to the "
                     "investor the technology of its public institutes.\n", encoding="utf-8")
    _, out, _ = invoke("review", str(draft), "-p", str(book), "--format", "json")
    assert json.loads(out)["findings"][0]["status"] == "present"  # Ruritania: nobody known
    _, out, _ = invoke("review", str(draft), "-p", str(book), "--format", "json",
                       "--host", "Ruritania")
    finding = json.loads(out)["findings"][0]
    assert (finding["status"], finding["cue"]["bearer"]) == ("weak", "host_state")
