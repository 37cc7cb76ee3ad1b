"""Shared fixtures for the whole suite (keep them here, not in test modules)."""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(os.environ.get("TREATYKIT_SHARED", ROOT.parent / "shared"))


def load_bench(name: str) -> ModuleType:
    """A script of bench/ as a module (bench/ is not a package), e.g. load_bench("accuracy")."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the user's database, library or template settings."""
    for name in ("TREATYKIT_LIBRARY", "TREATYKIT_TEMPLATES", "TREATYKIT_DEBUG",
                 "TREATYKIT_CORPUS_DB"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TREATYKIT_DB", str(tmp_path_factory.mktemp("db") / "treatykit.db"))
    monkeypatch.setenv("TREATYKIT_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.setenv("TREATYKIT_CORPUS_DB",
                       str(tmp_path_factory.mktemp("corpus") / "corpus.db"))


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built once per session from the built-in library, for read-only tests."""
    from treatykit.catalog import open_catalog

    path = tmp_path_factory.mktemp("built") / "treatykit.db"
    open_catalog(db=path, force=True)
    return path


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def invoke(runner: CliRunner):  # type: ignore[no-untyped-def]
    """Run `treatykit ARGS` through the real entry point; returns (exit code, stdout, stderr)."""
    return lambda *args, input=None: run_cli(*args, input=input, runner=runner)


def run_cli(*args: str, input: str | bytes | None = None,
            runner: CliRunner | None = None) -> tuple[int, str, str]:
    """`invoke` for module-scoped fixtures, which cannot take a function-scoped one."""
    from treatykit.cli import main

    with (runner or CliRunner()).isolation(input=input) as (out, err, _):
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        return code, out.getvalue().decode(), err.getvalue().decode()


CORPUS_FIXTURES = FIXTURES / "corpus"
#: Small real ToTA treaties (a few kB to ~100 kB) that the corpus tests ingest and map.
TOTA_SAMPLE = ("pta_1", "pta_19", "pta_69", "pta_161", "pta_208", "pta_310", "pta_335",
               "pta_390")


@pytest.fixture(scope="session")
def fixture_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus database with the fixture treaties (tests/fixtures/corpus), ingested once."""
    from treatykit.ingest.service import ingest_paths

    path = tmp_path_factory.mktemp("fixture-corpus") / "corpus.db"
    ingest_paths([CORPUS_FIXTURES / "tota", CORPUS_FIXTURES / "plain"], path)
    return path


@pytest.fixture(scope="session")
def tota_sample_files(shared: Path) -> list[Path]:
    """TOTA_SAMPLE's files in ../shared/corpus/tota/xml."""
    return [shared / "corpus" / "tota" / "xml" / f"{name}.xml" for name in TOTA_SAMPLE]


@pytest.fixture(scope="session")
def tota_sample(tota_sample_files: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus database with TOTA_SAMPLE from ../shared, ingested once per session."""
    from treatykit.ingest.service import ingest_paths

    path = tmp_path_factory.mktemp("tota-sample") / "corpus.db"
    ingest_paths(tota_sample_files, path)
    return path


@pytest.fixture(scope="session")
def shared() -> Iterator[Path]:
    """The ../shared folder of real corpora; tests using it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (real corpora are not part of the project)")
    yield SHARED


DEALS = ROOT / "corpus" / "deals"
PAKISTAN_DEAL = DEALS / "pakistan-us-critical-minerals.yaml"


@pytest.fixture()
def write_deal(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a deal file (YAML text) into a temporary folder and return its path."""

    def write(text: str, name: str = "deal.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def pakistan_draft():  # type: ignore[no-untyped-def]
    """The Pakistan-US draft made once per session (a drafting.api.Draft)."""
    from treatykit.drafting.api import make_draft

    with pytest.MonkeyPatch.context() as patch:
        for name in ("TREATYKIT_LIBRARY", "TREATYKIT_TEMPLATES"):
            patch.delenv(name, raising=False)
        return make_draft(PAKISTAN_DEAL)


_W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_LABEL = re.compile(r"^\((?P<n>\d+)\)\s+|^\((?P<s>[a-z])\)\s+")


@pytest.fixture(scope="session")
def word_docx():  # type: ignore[no-untyped-def]
    """`word_docx(text, word_numbering=False)`: the text as .docx bytes, one paragraph per line.

    With `word_numbering`, "(1)" and "(a)" labels are taken out of the text and drawn by Word's
    list numbering instead (a two-level list restarted at each "Article" line), as in a draft
    typed in Word: python-docx's paragraph.text then omits them.
    """
    import io

    import docx
    from docx.oxml import parse_xml

    def numbered(paragraph, num_id: int, level: int) -> None:  # type: ignore[no-untyped-def]
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {_W_NS}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))

    def make(text: str, *, word_numbering: bool = False) -> bytes:
        document = docx.Document()
        numbering = document.part.numbering_part.element
        if word_numbering:
            numbering.insert(0, parse_xml(
                f'<w:abstractNum {_W_NS} w:abstractNumId="90">'
                '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
                '<w:lvlText w:val="(%1)"/></w:lvl>'
                '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
                '<w:lvlText w:val="(%2)"/></w:lvl></w:abstractNum>'))
        num_id = 100
        for line in text.splitlines():
            match = _LABEL.match(line) if word_numbering else None
            if match is None:
                document.add_paragraph(line)
                if word_numbering and line.lstrip("#").strip().upper().startswith("ARTICLE"):
                    num_id += 1  # a new list instance that starts again at (1)
                    numbering.append(parse_xml(
                        f'<w:num {_W_NS} w:numId="{num_id}"><w:abstractNumId w:val="90"/>'
                        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
                        '</w:num>'))
                continue
            paragraph = document.add_paragraph(line[match.end():])
            numbered(paragraph, num_id, 0 if match.group("n") else 1)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    return make


# Raw WordprocessingML for tests that need what python-docx cannot write (tracked
# changes, content controls, footnotes).
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_with(*paragraph_xml: str) -> bytes:
    """A Word document whose body holds these raw paragraphs (or content controls)."""
    import io

    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    body = document.element.body
    for xml in paragraph_xml:
        body.insert(len(body) - 1, parse_xml(xml))  # before the section properties
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def word_run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def with_footnote(document_bytes: bytes, note_text: str) -> bytes:
    """Add a footnotes part holding one footnote (id 1) to a saved document."""
    import io
    import zipfile

    notes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {W_NS}>'
             '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
             f'</w:footnote><w:footnote w:id="1"><w:p>{word_run(note_text)}</w:p></w:footnote>'
             '</w:footnotes>')
    source, out = zipfile.ZipFile(io.BytesIO(document_bytes)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", (
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
                    b"</Types>"))
            elif item.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", (
                    b'<Relationship Id="rIdNotes" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                    b"</Relationships>"))
            target.writestr(copy.copy(item), data)
        target.writestr("word/footnotes.xml", notes)
    return out.getvalue()


#: What a page tells the headless browser test after loading: its width and its text.
_PROBE = ('<script>window.addEventListener("load", () => {'
          'const d = document.documentElement; document.body.setAttribute("data-probe", '
          'JSON.stringify({scroll: d.scrollWidth, inner: window.innerWidth, '
          'text: document.body.innerText, title: document.title}));});</script>')


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """`browser(html_path, click=JS)` -> (probe, screenshot): the page loaded at 1280 x 900 in
    headless Chromium, its scroll width, window width and rendered text; skipped when no
    Chromium is installed. `click` is JavaScript run before the probe (e.g. a cell click)."""
    import html
    import shutil
    import subprocess

    exe = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                if shutil.which(n)), None)
    if exe is None:
        pytest.skip("no Chromium on this machine")

    def run(page: Path, click: str = "") -> tuple[dict, Path]:
        folder = tmp_path_factory.mktemp("browser")
        probed = folder / page.name
        script = _PROBE if not click else _PROBE.replace("() => {", "() => {" + click + ";", 1)
        probed.write_text(page.read_text(encoding="utf-8").replace("</body>", script + "</body>"),
                          encoding="utf-8")
        shot = folder / "page.png"
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                 f"--user-data-dir={folder / 'profile'}"]
        dom = subprocess.run([exe, *flags, "--dump-dom", probed.as_uri()], capture_output=True,
                             text=True, timeout=90).stdout
        subprocess.run([exe, *flags, f"--screenshot={shot}", page.as_uri()],
                       capture_output=True, timeout=90)
        found = re.search(r'data-probe="([^"]*)"', dom)
        assert found, "the page did not finish loading in Chromium"
        return json.loads(html.unescape(found.group(1))), shot

    return run
