"""Ingest: ToTA XML and text treaties into the corpus database, re-ingest, bad files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CORPUS_FIXTURES = Path(__file__).parent / "fixtures" / "corpus"
TOTA = CORPUS_FIXTURES / "tota"
PLAIN = CORPUS_FIXTURES / "plain"
BAD = CORPUS_FIXTURES / "bad"


def _treaties(invoke, *args: str) -> list[dict]:
    code, out, err = invoke("treaties", "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)["treaties"]


def test_ingest_reports_counts_and_lists_one_entry_per_treaty(invoke):
    code, out, err = invoke("ingest", str(TOTA), str(PLAIN), "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert len(report["added"]) == 4
    assert tuple(report["counts"].values()) == (4, 20)
    assert sorted(t["id"] for t in _treaties(invoke))[-2:] == ["tota-9001", "tota-9002"]


def test_reingesting_the_same_files_changes_no_count(invoke):
    invoke("ingest", str(TOTA), str(PLAIN))
    code, out, _ = invoke("ingest", str(TOTA), str(PLAIN), "--format", "json")
    report = json.loads(out)
    assert code == 0
    assert (report["added"], report["updated"], len(report["unchanged"])) == ([], [], 4)
    assert tuple(report["counts"].values()) == (4, 20)


def test_a_changed_file_updates_its_treaty_and_never_duplicates_it(invoke, tmp_path):
    copy = tmp_path / "pta_9001.xml"
    shutil.copy(TOTA / "pta_9001.xml", copy)
    invoke("ingest", str(copy))
    copy.write_text(copy.read_text().replace("thirty days", "ninety days"), encoding="utf-8")
    code, out, _ = invoke("ingest", str(copy), "--format", "json")
    assert json.loads(out)["updated"] == ["tota-9001"]
    assert [t["id"] for t in _treaties(invoke)] == ["tota-9001"]
    _, out, _ = invoke("search", "ninety", "--in", "treaties", "--format", "json")
    assert [h["article"]["label"] for h in json.loads(out)["hits"]] == ["Article 2.3"]
    _, out, _ = invoke("search", "thirty", "--in", "treaties", "--format", "json")
    assert json.loads(out)["hits"] == []


def test_the_same_tota_treaty_from_another_folder_is_the_same_treaty(invoke, tmp_path):
    shutil.copy(TOTA / "pta_9001.xml", tmp_path / "copy.xml")
    invoke("ingest", str(TOTA / "pta_9001.xml"))
    code, out, _ = invoke("ingest", str(tmp_path / "copy.xml"), "--format", "json")
    assert json.loads(out)["unchanged"] == ["tota-9001"]
    assert len(_treaties(invoke)) == 1


def test_the_same_text_from_two_folders_is_one_treaty_and_an_edit_updates_it(invoke,
                                                                            tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(PLAIN / sorted(p.name for p in PLAIN.iterdir())[0], tmp_path / folder)
    code, out, _ = invoke("ingest", str(tmp_path / "a"), str(tmp_path / "b"), "--format", "json")
    report = json.loads(out)
    assert (len(report["added"]), len(report["unchanged"])) == (1, 1)
    assert report["added"] == report["unchanged"]
    edited = next((tmp_path / "a").iterdir())
    edited.write_text(edited.read_text(encoding="utf-8") + "\nArticle 99\n\nAn added article.\n",
                      encoding="utf-8")
    code, out, _ = invoke("ingest", str(edited), "--format", "json")
    assert len(json.loads(out)["updated"]) == 1
    assert len(_treaties(invoke)) == 1  # the edited text replaced the one both files held
    code, out, _ = invoke("ingest", str(tmp_path / "b"), "--format", "json")
    assert len(json.loads(out)["added"]) == 1 and len(_treaties(invoke)) == 2


def test_every_skipped_file_in_a_folder_is_listed_with_why(invoke, tmp_path):
    shutil.copy(TOTA / "pta_9001.xml", tmp_path)
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "memo.rtf").write_text("{\\rtf1 x}")
    code, out, err = invoke("ingest", str(tmp_path), "--format", "json")
    assert code == 1
    skipped = {Path(s["path"]).name: s["reason"] for s in json.loads(out)["skipped"]}
    assert skipped == {"memo.rtf": "unsupported file type (.rtf): save it as .docx or .pdf",
                       "old.doc": "unsupported file type (.doc): save it as .docx or .pdf"}
    assert "old.doc: skipped: unsupported file type (.doc)" in err


@pytest.mark.parametrize(("name", "reason"), [
    ("bad-not-well-formed.xml", "not well-formed XML"),
    ("bad-not-a-treaty.xml", "not a ToTA treaty file"),
    ("bad-empty.txt", "the document is empty or has no readable text"),
    ("bad-corrupt.pdf", "not a readable PDF"),
])
def test_a_bad_file_is_named_with_its_reason_and_skipped(invoke, name, reason):
    code, out, err = invoke("ingest", str(BAD / name), str(TOTA / "pta_9001.xml"))
    assert code == 1
    lines = [ln for ln in err.splitlines() if "skipped:" in ln]
    assert len(lines) == 1
    assert f"{BAD / name}: skipped: {reason}" in lines[0]
    assert [t["id"] for t in _treaties(invoke)] == ["tota-9001"]


def test_exit_code_2_when_no_file_goes_in(invoke):
    code, out, err = invoke("ingest", str(BAD))
    assert code == 2
    assert err.count("skipped:") == 4


def test_a_folder_without_treaty_files_is_a_one_line_error(invoke, tmp_path):
    (tmp_path / "notes.csv").write_text("a,b\n")
    code, out, err = invoke("ingest", str(tmp_path))
    assert code == 2
    assert out == ""
    assert err.strip() == (f"treatykit: error: {tmp_path}: no treaty files found (give files "
                           "or folders with .xml, .txt, .text, .md, .markdown, .docx, .pdf "
                           "files)")


def test_a_missing_path_is_reported(invoke, tmp_path):
    code, _, err = invoke("ingest", str(tmp_path / "nowhere"), str(TOTA))
    assert code == 1
    assert f"{tmp_path / 'nowhere'}: skipped: no such file or folder" in err


def test_an_unsupported_file_named_explicitly_is_reported(invoke, tmp_path):
    rtf = tmp_path / "treaty.rtf"
    rtf.write_text("{\\rtf1 Agreement}")
    code, _, err = invoke("ingest", str(rtf), str(TOTA))
    assert code == 1
    assert "treaty.rtf: skipped: unsupported file type (.rtf): save it as .docx or .pdf" in err


def test_readme_and_licence_files_in_a_folder_are_not_treaties(tmp_path):
    from treatykit.ingest.service import find_treaty_files

    shutil.copy(TOTA / "pta_9001.xml", tmp_path)
    for name in ("README.md", "LICENSE.txt", ".hidden.txt"):
        (tmp_path / name).write_text("Not a treaty at all, just notes about the corpus.")
    files, missing = find_treaty_files([tmp_path])
    assert [p.name for p in files] == ["pta_9001.xml"]
    assert missing == []


def test_an_interrupted_ingest_keeps_the_treaties_already_saved(tmp_path):
    from treatykit.ingest.service import ingest_paths
    from treatykit.store import corpus_counts

    def interrupt_after_first(items, total):
        for index, item in enumerate(items):
            if index == 1:
                raise KeyboardInterrupt
            yield item

    db = tmp_path / "corpus.db"
    with pytest.raises(KeyboardInterrupt):
        ingest_paths([TOTA], db, progress=interrupt_after_first)
    assert corpus_counts(db) == {"treaties": 1, "articles": 7}


def test_tota_metadata_and_articles_are_kept(fixture_corpus):
    from treatykit.store import list_treaties, load_treaty

    row = next(t for t in list_treaties(fixture_corpus) if t["id"] == "tota-9001")
    assert row["parties"] == ["CHL", "NZL"]
    assert (row["date_signed"], row["date_in_force"], row["year"]) == \
        ("2011-03-14", "2012-01-01", 2011)
    assert row["licence"].endswith("CC BY-NC 4.0")
    assert row["source"] == str(TOTA.resolve() / "pta_9001.xml")
    treaty = load_treaty(fixture_corpus, "tota-9001")
    assert [(a.kind, a.label, a.heading, a.chapter) for a in treaty.articles][::3] == [
        ("preamble", "Preamble", "", "Preamble"),
        ("article", "Article 2.1", "National Treatment", "Chapter 2 Investment"),
        ("final", "Final provisions", "", "Conclusion")]
    assert treaty.articles[4].text.splitlines()[1] == "2. Paragraph 1 does not apply to " \
                                                      "customs unions."


def test_tota_numbers_roman_lettered_and_unnamed_chapters(fixture_corpus):
    from treatykit.store import load_treaty

    treaty = load_treaty(fixture_corpus, "tota-9002")
    assert [(a.kind, a.label, a.number) for a in treaty.articles] == [
        ("preamble", "Preamble", ""), ("article", "Article I", "I"),
        ("article", "Article II", "II"), ("article", "Article G-3", "G-3"),
        ("final", "Final provisions", "")]


def test_markdown_treaty_gets_title_parties_date_and_articles(fixture_corpus):
    from treatykit.store import list_treaties, load_treaty

    row = next(t for t in list_treaties(fixture_corpus) if t["format"] == "md")
    assert row["id"].startswith("canada-korea-bit-")
    assert row["parties"] == ["CAN", "KOR"]
    assert row["date_signed"] == "2015-05-03"
    treaty = load_treaty(fixture_corpus, row["id"])
    assert [(a.label, a.heading) for a in treaty.articles[1:]] == [
        ("Article 1", "Definitions"), ("Article 2", "Treatment of Investors"),
        ("Article 3", "Free Transfers"), ("Article 4", "Duration")]
    assert treaty.articles[3].text.startswith("1. Each Party shall guarantee")


def test_word_document_is_ingested(invoke, tmp_path):
    import docx

    document = docx.Document()
    for line in ("Agreement between Ghana and Kenya on Investment", "Article 1 Scope",
                 "This Agreement applies to investments made after its entry into force.",
                 "Article 2 Transfers", "Each Party shall allow the repatriation of capital."):
        document.add_paragraph(line)
    document.save(tmp_path / "ghana-kenya.docx")
    code, out, err = invoke("ingest", str(tmp_path), "--format", "json")
    assert code == 0, err
    [treaty] = _treaties(invoke)
    assert (treaty["format"], treaty["parties"], treaty["articles"]) == ("docx", ["GHA", "KEN"], 2)


def test_corpus_db_option_beats_the_environment(invoke, tmp_path):
    chosen = tmp_path / "mine.db"
    code, out, _ = invoke("ingest", str(TOTA), "--corpus-db", str(chosen), "--format", "json")
    assert json.loads(out)["db"] == str(chosen)
    assert len(_treaties(invoke, "--corpus-db", str(chosen))) == 2
    code, _, err = invoke("treaties")
    assert code == 2
    assert "no corpus database here" in err


def test_treaty_filters_by_party_code_or_name_and_year(invoke):
    invoke("ingest", str(TOTA), str(PLAIN))
    for party in ("JPN", "jp", "Japan"):
        assert [t["id"] for t in _treaties(invoke, "--party", party)] == ["tota-9002"]
    assert {t["id"] for t in _treaties(invoke, "--party", "Chile")} >= {"tota-9001"}
    assert [t["year"] for t in _treaties(invoke, "--year-from", "2000", "--year-to", "2012")] \
        == [2011]


@pytest.mark.parametrize(("args", "message"), [
    (("--party", "Atlantis"), "treatykit: error: unknown party 'Atlantis'"),
    (("--year-from", "2010", "--year-to", "2000"), "--year-from 2010 is after --year-to 2000"),
])
def test_bad_treaty_filters_are_usage_errors(invoke, args, message):
    invoke("ingest", str(TOTA))
    code, out, err = invoke("treaties", *args)
    assert code == 2
    assert out == ""
    assert message in err


def test_ingest_and_treaties_do_not_import_spacy(tmp_path):
    script = ("import sys\nfrom treatykit.cli import cli\n"
              f"cli.main(['ingest', r'{TOTA}', r'{PLAIN}', '--corpus-db', r'{tmp_path / 'c.db'}'],"
              " standalone_mode=False)\n"
              f"cli.main(['treaties', '--corpus-db', r'{tmp_path / 'c.db'}'],"
              " standalone_mode=False)\n"
              "print('spacy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False)
    assert done.stdout.strip().splitlines()[-1] == "False", done.stderr


@pytest.mark.shared
def test_real_tota_sample_ingests_one_treaty_per_file_and_reingests_unchanged(
        invoke, tota_sample_files):
    files = [str(p) for p in tota_sample_files]
    code, out, err = invoke("ingest", *files, "--format", "json")
    assert code == 0, err
    first = json.loads(out)
    assert len(first["added"]) == len(files)
    _, out, _ = invoke("ingest", *files, "--format", "json")
    second = json.loads(out)
    assert second["counts"] == first["counts"]
    assert len(second["unchanged"]) == len(files)
    listed = _treaties(invoke)
    assert sorted(t["id"] for t in listed) == sorted(f"tota-{p.stem[4:]}"
                                                     for p in tota_sample_files)
    assert all(t["articles"] > 0 and t["parties"] for t in listed)


@pytest.mark.parametrize(("tail", "expected"), [
    ("complements the Agreement signed on 25 June 2003.\n\nDone at Islamabad on [date], in "
     "duplicate.", None),
    ("complements the Agreement signed on 25 June 2003.\n\nDone at Accra, this 3rd day of May, "
     "2015, in duplicate.", "2015-05-03"),
    ("IN WITNESS WHEREOF the undersigned have signed this Agreement on 14 March 2011.",
     "2011-03-14"),
])
def test_signature_date_is_not_taken_from_another_agreement_named_before_done_at(
        tail: str, expected: str | None) -> None:
    from treatykit.ingest.plain import signature_date

    assert signature_date("Article 40 Relation to Other Agreements\n\n1. This Agreement "
                          + tail) == expected
