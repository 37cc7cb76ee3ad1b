"""`review THEIRS.docx -o reviewed.docx`: findings as Word comments on the other side's draft,
which is otherwise left exactly as it was (formatting, tracked changes, footnotes)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import W_NS, docx_with, with_footnote, word_run
from treatykit.errors import InputError
from treatykit.wordcomments import annotate_docx, annotated

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Parts the comments may change; every other part must come back byte for byte.
TOUCHED = {"word/document.xml", "word/comments.xml", "[Content_Types].xml",
           "word/_rels/document.xml.rels"}
EQUITY = "1. Each mining company shall ensure that nationals of Pakistan hold not less than "


def _p(text: str) -> str:
    return f"<w:p {W_NS}>{word_run(text)}</w:p>"


def _counter_draft() -> bytes:
    """The other side's redline: 30 % struck for 20 %, with a footnote; seven paragraphs."""
    return with_footnote(docx_with(
        _p("Agreement between Pakistan and the United States on Critical Minerals"),
        _p("Article 1 Local Equity"),
        f'<w:p {W_NS}>{word_run(EQUITY)}<w:del w:id="1" w:author="US"><w:r><w:delText>'
        f'thirty (30)</w:delText></w:r></w:del><w:ins w:id="2" w:author="US">'
        f'{word_run("twenty (20)")}</w:ins>{word_run(" per cent of its issued share capital.")}'
        '<w:r><w:footnoteReference w:id="1"/></w:r></w:p>',
        _p("Article 2 Transfers"),
        _p("1. Each Party shall permit all transfers relating to a covered investment to be "
           "made freely and without delay into and out of its territory."),
        _p("Article 3 Investor-State Dispute Settlement"),
        _p("1. A dispute between a Party and an investor of the other Party shall be settled "
           "by the courts of the host State."),
    ), "For greater certainty, shares held through a trust count.")


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """(their draft, the commented copy, the review report)."""
    from treatykit.review.service import review_document

    folder = tmp_path_factory.mktemp("comments")
    theirs, copy = folder / "theirs.docx", folder / "reviewed.docx"
    theirs.write_bytes(_counter_draft())
    report = review_document(theirs, "pakistan-minerals", word_copy=copy)
    return theirs, copy, report


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def _paragraphs(path: Path) -> list[etree._Element]:
    return list(etree.fromstring(_parts(path)["word/document.xml"]).iter(W + "p"))


def _comments(path: Path) -> dict[str, str]:
    """Comment id -> its text (paragraphs joined by newlines)."""
    root = etree.fromstring(_parts(path)["word/comments.xml"])
    return {c.get(W + "id"): "\n".join("".join(t.text or "" for t in p.iter(W + "t"))
                                       for p in c.iter(W + "p"))
            for c in root.iter(W + "comment")}


def _anchored(path: Path) -> dict[str, int]:
    """Comment id -> index of the paragraph holding its range and reference."""
    where = {}
    for index, paragraph in enumerate(_paragraphs(path)):
        starts = [e.get(W + "id") for e in paragraph.iter(W + "commentRangeStart")]
        refs = [e.get(W + "id") for e in paragraph.iter(W + "commentReference")]
        assert starts == refs
        where.update(dict.fromkeys(starts, index))
    return where


def test_one_comment_per_finding_that_is_not_present(reviewed):
    _, copy, report = reviewed
    open_findings = [f for f in report.findings if f.status != "present"]
    assert open_findings and len(open_findings) < len(report.findings) + 1
    comments = _comments(copy)
    assert len(comments) == len(open_findings) == len(_anchored(copy))
    assert [c.split(":")[0] for c in comments.values()] == [
        f"{f.status.upper()}, {f.severity} ({report.playbook_title})" for f in open_findings]


def test_a_finding_sits_on_the_paragraph_that_decided_it(reviewed):
    _, copy, report = reviewed
    comments, anchored = _comments(copy), _anchored(copy)
    equity = next(i for i, text in comments.items()
                  if text.startswith("VIOLATES") and "equity" in text.lower())
    assert anchored[equity] == 2  # the struck-through 30 % paragraph
    assert "Why: " in comments[equity] and "Suggested text (" in comments[equity]
    decided = [f for f in report.findings if f.status != "present" and f.evidence]
    for finding, (ident, text) in zip(
            [f for f in report.findings if f.status != "present"], comments.items(),
            strict=True):
        if finding in decided:
            paragraph = _paragraphs(copy)[anchored[ident]]
            said = re.sub(r"\W", "", "".join(t.text or "" for t in paragraph.iter(W + "t")))
            assert re.sub(r"\W", "", finding.evidence)[:40] in said, text


def test_a_missing_provision_sits_on_its_articles_heading_or_the_title(reviewed):
    _, copy, report = reviewed
    missing = [f for f in report.findings if f.status == "missing"]
    anchored, comments = _anchored(copy), _comments(copy)
    places = {anchored[i] for i, text in comments.items() if text.startswith("MISSING")}
    assert places <= {0, 1, 3, 5}  # the title and the three article headings
    transfers = next(i for i, text in comments.items()
                     if text.startswith("MISSING") and "transfers." in text)
    assert anchored[transfers] == 3, "a missing transfers safeguard goes to Article 2"
    assert len(missing) > 1


def _texts(data: bytes) -> list[tuple[str, str]]:
    root = etree.fromstring(data)
    return [(e.tag, e.text or "") for e in root.iter(W + "t", W + "delText", W + "instrText")]


def test_their_text_tracked_changes_and_notes_are_unchanged(reviewed):
    theirs, copy, _ = reviewed
    before, after = _parts(theirs), _parts(copy)
    assert _texts(before["word/document.xml"]) == _texts(after["word/document.xml"])
    assert {n: d for n, d in before.items() if n not in TOUCHED} == \
        {n: d for n, d in after.items() if n not in TOUCHED}
    document = after["word/document.xml"].decode()
    assert '<w:del w:id="1" w:author="US">' in document
    assert '<w:footnoteReference w:id="1"/>' in document
    assert set(after) - set(before) == {"word/comments.xml"}


def test_the_copy_reads_back_as_the_same_draft(reviewed):
    from treatykit.review.readers import read_draft

    theirs, copy, _ = reviewed
    assert read_draft(copy).text == read_draft(theirs).text


def test_existing_comments_are_kept_and_new_ones_numbered_after_them(tmp_path):
    first = annotated(_counter_draft(), [(1, "Counsel", "Their note")])
    second = annotated(first, [(2, "treatykit review", "Ours\non two lines")])
    (tmp_path / "two.docx").write_bytes(second)
    assert _comments(tmp_path / "two.docx") == {"0": "Their note", "1": "Ours\non two lines"}
    assert _anchored(tmp_path / "two.docx") == {"0": 1, "1": 2}
    parts = _parts(tmp_path / "two.docx")
    assert parts["[Content_Types].xml"].count(b"/word/comments.xml") == 1
    assert parts["word/_rels/document.xml.rels"].count(b"comments.xml") == 1


def test_no_comments_leave_the_file_byte_for_byte():
    data = _counter_draft()
    assert annotated(data, []) == data


def test_a_corrupt_document_is_an_input_error_not_a_traceback():
    source, out = zipfile.ZipFile(io.BytesIO(_counter_draft())), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, b"<w:document" if name == "word/document.xml" else data)
    with pytest.raises(InputError, match=r"^x.docx: corrupt Word document \(XMLSyntaxError\)"):
        annotated(out.getvalue(), [(0, "me", "x")], name="x.docx")


def test_annotate_refuses_a_paragraph_that_is_not_there(tmp_path):
    with pytest.raises(InputError, match=r"no paragraph 99 to comment on \(the document has 7\)"):
        annotate_docx(_counter_draft(), tmp_path / "out.docx", [(99, "me", "x")])
    assert not (tmp_path / "out.docx").exists()


def test_cli_writes_the_commented_copy_and_prints_the_report(invoke, tmp_path):
    theirs, copy = tmp_path / "theirs.docx", tmp_path / "reviewed.docx"
    theirs.write_bytes(_counter_draft())
    code, out, err = invoke("review", str(theirs), "-p", "pakistan-minerals", "-o", str(copy))
    assert code == 1  # blocking findings, as without -o
    assert re.search(rf"treatykit: wrote {re.escape(str(copy))} \(\d+ comment\(s\)\)", err)
    assert "violate" in out
    assert len(_comments(copy)) > 1


def test_cli_refuses_comments_on_a_draft_that_is_not_word(invoke, tmp_path):
    draft = tmp_path / "theirs.md"
    draft.write_text("Article 1 Transfers\n1. Each Party shall permit transfers.\n",
                     encoding="utf-8")
    code, out, err = invoke("review", str(draft), "-p", "pakistan-minerals", "-o",
                            str(tmp_path / "x.docx"))
    assert (code, out) == (2, "")
    assert err == (f"treatykit: error: -o {tmp_path / 'x.docx'}: comments can only be added "
                   "to a Word draft, not to theirs.md (review the .docx, or write the report "
                   "as .md, .html or .json)\n")


@pytest.mark.slow
def test_libreoffice_opens_the_copy_and_keeps_every_comment(reviewed, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    _, copy, _ = reviewed
    for target in ("pdf", "docx"):
        done = subprocess.run([soffice, "--headless", "--convert-to", target, "--outdir",
                               str(tmp_path), str(copy)], capture_output=True, text=True,
                              timeout=180, check=False)
        assert done.returncode == 0 and (tmp_path / f"reviewed.{target}").is_file(), \
            done.stderr
    from pypdf import PdfReader

    assert "Article 1 Local Equity" in PdfReader(str(tmp_path / "reviewed.pdf")).pages[0] \
        .extract_text()
    round_trip = _comments(tmp_path / "reviewed.docx")
    assert sorted(round_trip.values()) == sorted(_comments(copy).values())


def test_the_copy_opens_in_python_docx(reviewed):
    import docx

    _, copy, _ = reviewed
    word = docx.Document(io.BytesIO(copy.read_bytes()))
    assert len(word.comments) == len(_comments(copy))


def test_a_heading_is_found_as_a_whole_line_not_a_cross_reference():
    from treatykit.review.comments import ParagraphFinder
    from treatykit.review.readers import Draft

    draft = Draft("Title\nAs Article 2 Transfers provides, x.\nArticle 2 Transfers\n"
                  "1. Each Party shall permit transfers.\n", paragraphs=(0, 3, 4, 6))
    finder = ParagraphFinder(draft)
    assert finder.heading("ARTICLE 2  TRANSFERS") == 4
    assert finder.find("each Party shall permit  transfers") == 6
    assert finder.find("Transfers", after="Article 2 Transfers") == 4
    assert (finder.first(), finder.find("not there")) == (0, None)
    assert finder.at(draft.text.index("Each Party")) == 6


def test_comments_at_offsets_of_the_read_text(tmp_path):
    from treatykit.review.comments import write_offset_comments
    from treatykit.review.readers import read_draft

    theirs, copy = tmp_path / "theirs.docx", tmp_path / "checked.docx"
    theirs.write_bytes(_counter_draft())
    text = read_draft(theirs).text
    notes = [(text.index("Article 2 Transfers"), "Reference to a part that does not exist"),
             (text.index("shares held through"), "Footnote: defined term never used")]
    assert write_offset_comments(theirs, copy, notes, author="treatykit check") == 2
    assert _anchored(copy) == {"0": 3, "1": 2}  # the footnote's citing paragraph
    assert list(_comments(copy).values()) == [n for _, n in notes]


def test_check_writes_one_comment_per_finding_on_its_paragraph(invoke, tmp_path):
    theirs, copy = tmp_path / "theirs.docx", tmp_path / "checked.docx"
    theirs.write_bytes(docx_with(
        _p("Agreement on Things"), _p("Article 1 Definitions"), _p('1. "Widget" means a thing.'),
        _p("Article 2 Obligations"),
        _p("1. Each Party shall comply with Article 9 within thirty (31) days.")))
    code, out, err = invoke("check", str(theirs), "--no-conflicts", "-o", str(copy))
    assert code == 1, err
    assert f"treatykit: wrote {copy} (a comment per finding in {theirs})" in err
    comments, anchored = _comments(copy), _anchored(copy)
    assert len(comments) == 3 and "3 finding(s)" in out
    where = {text.split(":")[0]: anchored[i] for i, text in comments.items()}
    assert where == {"Reference to a part that does not exist": 4,
                     "Defined term never used": 2, "Number in words and digits disagree": 4}
    assert _texts(_parts(theirs)["word/document.xml"]) == \
        _texts(_parts(copy)["word/document.xml"])
