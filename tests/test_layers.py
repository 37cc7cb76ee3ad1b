"""The layering of STYLE.md, read from the source: who may import whom.

Heavy libraries stay in their layer so that `treatykit --help` and `search` start fast and a
change to one engine cannot leak into another: spaCy and PDF reading only under `review`,
Jinja only under `drafting` (which also renders the pages people circulate, the review
report and the map heat-map, from `drafting/pages/`: review and ingest hand it plain data),
sqlite-utils only under `store`, click and rich only under `cli`, PyYAML only in `yamlfile`.
"""

from __future__ import annotations

import ast

import pytest

from conftest import ROOT

SRC = ROOT / "src" / "treatykit"

#: Third-party packages and the only layers that may import them.
HEAVY = {
    "spacy": {"review"}, "pypdf": {"review"}, "jinja2": {"drafting"},
    "sqlite_utils": {"store"}, "click": {"cli"}, "rich": {"cli"}, "yaml": {"yamlfile"},
}
#: The foundation: these modules import nothing of treatykit above them.
FOUNDATION = {"errors", "limits", "models", "yamlfile", "outfiles", "textblocks", "library"}
ENGINES = {"cli", "drafting", "review", "store", "ingest", "catalog", "validation"}


def _imports() -> list[tuple[str, str, str]]:
    """(importing layer, imported module, file) for every import, also inside functions."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        layer = parts[0] if parts[0] != "__init__" else "treatykit"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            else:
                continue
            found += [(layer, name, str(path.relative_to(ROOT))) for name in names]
    return found


IMPORTS = _imports()


def test_the_import_scan_sees_the_source():
    layers = {layer for layer, _, _ in IMPORTS}
    assert {"cli", "drafting", "review", "store", "ingest"} <= layers
    assert any(name == "spacy" for _, name, _ in IMPORTS)


@pytest.mark.parametrize("package", sorted(HEAVY))
def test_a_heavy_library_is_imported_only_in_its_layer(package):
    wrong = [f"{file} imports {name}" for layer, name, file in IMPORTS
             if name.split(".")[0] == package and layer not in HEAVY[package]]
    assert wrong == []


def test_the_foundation_imports_no_engine():
    wrong = [f"{file} imports {name}" for layer, name, file in IMPORTS
             if layer in FOUNDATION and name.startswith("treatykit.")
             and name.split(".")[1] in ENGINES]
    assert wrong == []


def test_only_the_entry_points_import_the_cli():
    wrong = [f"{file} imports {name}" for layer, name, file in IMPORTS
             if name.startswith("treatykit.cli") and layer not in ("cli", "__main__")]
    assert wrong == []
