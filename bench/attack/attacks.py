"""The attack cases, by class. Each is a Case of run.py: command line, files to generate,
standard input, expected exit codes and what the error must name."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import gen

DRAFT = gen.draft_text()
PB = ["-p", "pb.yaml"]


def register(m: ModuleType) -> None:  # noqa: C901 - a table of cases
    global M
    M = m
    case = m.case

    # ---------------------------------------------------------------- YAML: deal files
    bomb = _alias_bomb(9)
    yaml_bombs = {
        "alias-lists": bomb,
        "alias-keys": "a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
            f"b{i}: &b{i} {{? *{'a' if i == 0 else f'b{i-1}'} : 1, k: [*{'a' if i == 0 else f'b{i-1}'}, *{'a' if i == 0 else f'b{i-1}'}, *{'a' if i == 0 else f'b{i-1}'}, *{'a' if i == 0 else f'b{i-1}'}, *{'a' if i == 0 else f'b{i-1}'}, *{'a' if i == 0 else f'b{i-1}'}, *{'a' if i == 0 else f'b{i-1}'}, *{'a' if i == 0 else f'b{i-1}'}, *{'a' if i == 0 else f'b{i-1}'}]}}\n"
            for i in range(9)),
        "merge-keys": "m0: &m0 {" + ", ".join(f"k{i}: v" for i in range(10)) + "}\n" + "".join(
            f"m{i}: &m{i} {{<<: [" + ", ".join([f"*m{i-1}"] * 10) + f"], z{i}: 1}}\n"
            for i in range(1, 9)),
        "merge-chain": "a0: &a0 {x: 1}\n" + "".join(
            f"a{i}: &a{i}\n  <<: *a{i-1}\n  l{i}: [" + ", ".join([f"*a{i-1}"] * 10) + "]\n"
            for i in range(1, 9)),
        "flow-anchors": "x: {a: &a [1,2,3,4,5,6,7,8,9,0], b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a], "
                        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b], d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c], "
                        "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d], f: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]}\n",
        "recursive-alias": "a: &a {b: *a}\n",
        "recursive-merge": "a: &a\n  <<: *a\n  x: 1\n",
    }
    for label, body in yaml_bombs.items():
        case(f"deal-{label}", "yaml", ["draft", "deal.yaml"],
             files={"deal.yaml": gen.DEAL + body}, mention="deal.yaml")
        case(f"playbook-{label}", "yaml", ["review", "d.txt", *PB],
             files={"d.txt": DRAFT, "pb.yaml": gen.PLAYBOOK + body}, mention="pb.yaml")
        case(f"clause-{label}", "yaml", ["validate", "lib"],
             files={"lib/c.yaml": gen.CLAUSE.format(text="") + body}, expect=(1, 2))
    case("template-meta-alias-bomb", "yaml", ["draft", "deal.yaml", "--templates", "tpl"],
         files={**m.tpl_files("x"), "tpl/evil/template.yaml": gen.TEMPLATE_META + bomb},
         mention="template.yaml")
    case("build-library-alias-bomb", "yaml", ["build", "--library", "lib", "--db", "new.db"],
         files={"lib/c.yaml": bomb}, expect=(0, 1, 2), outputs=())

    # huge scalars and numbers
    big = {
        "hex-int": "0x" + "f" * 200_000,
        "octal-int": "0o" + "7" * 200_000,
        "binary-int": "0b" + "1" * 400_000,
        "sexagesimal-int": ":".join(["59"] * 60_000),
        "underscore-int": "1" + "_0" * 100_000,
        "huge-float": "1" + "0" * 500_000 + ".5",
        "float-exp": "1.0e999999999",
        "neg-float-exp": "-.inf",
        "nan": ".nan",
        "long-string": "'" + "x" * 1_000_000 + "'",
    }
    for label, value in big.items():
        case(f"deal-param-{label}", "yaml",
             ["draft", "deal.yaml", "-o", "out.md"],
             files={"deal.yaml": gen.DEAL + "provisions:\n  transfers.free_transfer:\n"
                    f"    params:\n      max_delay_days: {value}\n"},
             expect=(2,), outputs=("out.md",), mention="deal.yaml")
    case("deal-name-hex-int", "yaml", ["draft", "deal.yaml", "-o", "out.md"],
         files={"deal.yaml": gen.DEAL.replace("short: Testland", "short: 0x" + "f" * 100_000)},
         expect=(0, 2), outputs=("out.md",))
    case("deal-set-huge-int", "yaml",
         ["draft", "deal.yaml", "--set", "transfers.free_transfer.max_delay_days=" + "9" * 100_000],
         files={"deal.yaml": gen.DEAL}, expect=(2,))
    case("deal-set-hex-int", "yaml",
         ["draft", "deal.yaml", "--set", "transfers.free_transfer.max_delay_days=0x" + "f" * 50_000],
         files={"deal.yaml": gen.DEAL}, expect=(2,))
    case("playbook-huge-int-severity", "yaml", ["review", "d.txt", *PB],
         files={"d.txt": DRAFT, "pb.yaml": gen.PLAYBOOK.replace("severity: must",
                                                                "severity: 0x" + "f" * 50_000)},
         mention="pb.yaml")
    case("clause-hex-default", "yaml", ["validate", "lib"],
         files={"lib/c.yaml": gen.CLAUSE.format(text="").replace("default: 15",
                                                                 "default: 0x" + "f" * 50_000)},
         expect=(1, 2))
    case("clause-hex-default-draft", "yaml",
         ["draft", "deal.yaml", "--library", "lib", "-o", "out.md"],
         files={"lib/c.yaml": gen.CLAUSE.format(text="").replace(
             "default: 15", "default: 0x" + "f" * 50_000).replace("max: 60", "max: 0x" + "f" * 60_000),
             "deal.yaml": gen.DEAL + "provisions:\n  transfers.free_transfer: "
                          "transfers.free_transfer.attack\n"}, outputs=("out.md",))

    # deep nesting
    for label, body in {
        "flow-100k": "x: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "flow-map-100k": "x: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n",
        "block-5k": "".join("  " * i + f"k{i}:\n" for i in range(5000)) + "  " * 5000 + "v\n",
        "flow-1m": "x: " + "[" * 1_000_000 + "]" * 1_000_000 + "\n",
    }.items():
        case(f"deal-deep-{label}", "yaml", ["draft", "deal.yaml"],
             files={"deal.yaml": gen.DEAL + body}, mention="deal.yaml")
    case("playbook-deep-flow", "yaml", ["review", "d.txt", *PB],
         files={"d.txt": DRAFT, "pb.yaml": gen.PLAYBOOK + "x: " + "[" * 200_000 + "]" * 200_000},
         mention="pb.yaml")

    # odd YAML documents
    odd_docs = {
        "empty": "",
        "only-comment": "# nothing\n",
        "scalar": "just text\n",
        "list": "- a\n- b\n",
        "multi-doc": gen.DEAL + "---\n" + gen.DEAL,
        "python-tag": gen.DEAL + "x: !!python/object/apply:os.system ['echo pwned']\n",
        "binary-tag": gen.DEAL + "x: !!binary " + "QUFB" * 1000 + "\n",
        "set-tag": gen.DEAL + "x: !!set {a, b}\n",
        "custom-tag": gen.DEAL + "x: !evil 1\n",
        "bad-date": gen.DEAL.replace("place: Testville", "date: 2026-02-31"),
        "date-obj": gen.DEAL.replace("place: Testville", "place: 2026-01-01"),
        "nul-bytes": gen.DEAL + "x: a\x00b\n",
        "tab-indent": gen.DEAL + "provisions:\n\ttransfers.free_transfer: omit\n",
        "dup-keys": gen.DEAL + "template: bit\n",
        "int-keys": gen.DEAL + "provisions:\n  1: omit\n  2.5: balanced\n",
        "null-key": gen.DEAL + "provisions:\n  ~: omit\n",
        "bool-key": gen.DEAL + "provisions:\n  yes: omit\n",
        "complex-key": gen.DEAL + "provisions:\n  ? [a, b]\n  : omit\n",
        "control-chars": gen.DEAL + "title: \"\\x01\\x02\\x1b[31m\"\n",
        "bidi": gen.DEAL + "title: \"\u202eevil\u202c\"\n",
        "long-line": gen.DEAL + "title: " + "word " * 1_500_000 + "\n",
    }
    for label, body in odd_docs.items():
        case(f"deal-doc-{label}", "yaml", ["draft", "deal.yaml", "-o", "out.md"],
             files={"deal.yaml": body}, expect=(0, 2), outputs=("out.md",))
    case("deal-utf16", "encoding", ["draft", "deal.yaml"],
         files={"deal.yaml": gen.DEAL.encode("utf-16")}, mention="deal.yaml")
    case("deal-latin1", "encoding", ["draft", "deal.yaml"],
         files={"deal.yaml": (gen.DEAL + "title: Sécurité\n").encode("latin-1")},
         mention="deal.yaml")
    case("playbook-utf16", "encoding", ["review", "d.txt", *PB],
         files={"d.txt": DRAFT, "pb.yaml": gen.PLAYBOOK.encode("utf-16")}, mention="pb.yaml")

    # wrong types in deal fields
    wrong = {"list": "[a, b]", "map": "{a: 1}", "null": "null", "bool": "true", "int": "7",
             "float": "1.5e300"}
    for fieldname in ("template", "stance", "parties", "place", "languages", "title", "date",
                      "provisions", "shared", "annexes", "document"):
        for label, value in wrong.items():
            if fieldname in ("template", "stance", "parties", "place") or label in ("map", "list", "null", "int"):
                body = _set_top(gen.DEAL, fieldname, value)
                case(f"deal-type-{fieldname}-{label}", "types", ["draft", "deal.yaml", "-o", "out.md"],
                     files={"deal.yaml": body}, expect=(0, 2), outputs=("out.md",))
    for fieldname, value in {"role": "[host]", "name": "{a: 1}", "short": "null",
                             "label": "[1, 2]"}.items():
        body = gen.DEAL.replace("  - role: partner", f"  - {fieldname}: {value}\n    role: partner"
                                ) if fieldname != "role" else gen.DEAL.replace(
            "role: partner", f"role: {value}")
        case(f"deal-type-party-{fieldname}", "types", ["draft", "deal.yaml", "-o", "out.md"],
             files={"deal.yaml": body}, expect=(0, 2), outputs=("out.md",))
    for label, value in {"params-list": "\n    params: [1, 2]", "params-null": "\n    params: null",
                         "param-map": "\n    params:\n      max_delay_days: {a: 1}",
                         "param-list": "\n    params:\n      max_delay_days: [1, 2]",
                         "param-bool": "\n    params:\n      max_delay_days: true",
                         "param-neg": "\n    params:\n      max_delay_days: -99999999",
                         "param-nan": "\n    params:\n      max_delay_days: .nan",
                         "param-inf": "\n    params:\n      max_delay_days: .inf",
                         "choice-int": " 5", "choice-list": " [omit]",
                         "clause-map": "\n    clause: {a: 1}"}.items():
        case(f"deal-type-provision-{label}", "types", ["draft", "deal.yaml", "-o", "out.md"],
             files={"deal.yaml": gen.DEAL + "provisions:\n  transfers.free_transfer:" + value + "\n"},
             expect=(0, 2), outputs=("out.md",))
    for label, repl in {"requirements-map": ("requirements:\n", "requirements: {a: 1}\nx:\n"),
                        "severity-list": ("severity: must", "severity: [must]"),
                        "provision-int": ("provision: transfers.free_transfer", "provision: 12"),
                        "id-null": ("id: transfers", "id: null"),
                        "playbook-list": ("playbook:\n", "playbook: [1]\nxx:\n"),
                        "title-map": ("title: Free transfers", "title: {a: b}"),
                        "stance-bool": ("stance: balanced", "stance: no"),
                        "parties-str": ("  description:", "  parties: Pakistan\n  description:"),
                        "parties-deep": ("  description:", "  parties: {host: [[[1]]]}\n  description:"),
                        "req-scalar": ("  - id: national_treatment", "  - 5\n  - id: national_treatment")}.items():
        case(f"playbook-type-{label}", "types", ["review", "d.txt", *PB, "-o", "r.json"],
             files={"d.txt": DRAFT, "pb.yaml": gen.PLAYBOOK.replace(*repl)},
             expect=(2,), outputs=("r.json",), mention="pb.yaml")
    for label, repl in {"clauses-map": ("clauses:\n", "clauses: {a: 1}\nxx:\n"),
                        "text-list": ("text: |", "text: [1, 2]\n    old: |"),
                        "text-int": ("text: |", "text: 5\n    old: |"),
                        "params-list": ("parameters:", "parameters: [1]\n    old:"),
                        "param-type-map": ("type: days", "type: {a: 1}"),
                        "min-str": ("min: 0", "min: zero"),
                        "max-huge": ("max: 60", "max: 1e400"),
                        "provenance-str": ("provenance:\n      - cite: \"Attack suite (2026), Art. 1\"",
                                           "provenance: none"),
                        "stance-int": ("stance: balanced", "stance: 3"),
                        "id-list": ("id: transfers.free_transfer.attack", "id: [a]"),
                        "provision-map": ("provision: transfers.free_transfer", "provision: {id: 1}")}.items():
        body = gen.CLAUSE.format(text="").replace(*repl)
        case(f"clause-type-{label}", "types", ["validate", "lib"],
             files={"lib/c.yaml": body}, expect=(1,), mention=None)
        if label in ("text-list", "param-type-map", "max-huge", "id-list", "provision-map"):
            case(f"clause-type-{label}-draft", "types",
                 ["draft", "deal.yaml", "--library", "lib", "-o", "out.md"],
                 files={"lib/c.yaml": body, "deal.yaml": gen.DEAL}, expect=(0, 2),
                 outputs=("out.md",))
    for label, repl in {"parts-map": ("parts:\n", "parts: {a: 1}\nxx:\n"),
                        "articles-int": ("    articles:\n      - definitions.investment",
                                         "    articles: 5"),
                        "title-list": ("title: Agreement", "title: [1]\nold: Agreement"),
                        "id-int": ("id: evil", "id: 7")}.items():
        case(f"template-type-{label}", "types", ["draft", "deal.yaml", "--templates", "tpl"],
             files={**m.tpl_files("x"), "tpl/evil/template.yaml": gen.TEMPLATE_META.replace(*repl)},
             expect=(2,))

    # ---------------------------------------------------------------- templates (user folder)
    template_bombs = {
        "range-huge": "{% for i in range(10**9) %}{% endfor %}",
        "range-list": "{{ range(10**7) | list | length }}",
        "pow-float": "{{ 10.0 ** 400 }}",
        "pow-big-print": "{{ 2 ** 20000 }}",
        "pow-neg": "{{ 2 ** -100000 }}",
        "pow-float-int": "{{ 1.0000001 ** 999999999999 }}",
        "mul-chain": "{{ 'x' * 999999 * 999999 }}",
        "concat-doubling": "{% set ns = namespace(v='x' * 999999) %}{% for i in range(40) %}"
                           "{% set ns.v = ns.v ~ ns.v %}{% endfor %}{{ ns.v | length }}",
        "plus-doubling": "{% set ns = namespace(v='x' * 999999) %}{% for i in range(40) %}"
                         "{% set ns.v = ns.v + ns.v %}{% endfor %}{{ ns.v | length }}",
        "list-doubling": "{% set ns = namespace(v=[0] * 999999) %}{% for i in range(40) %}"
                         "{% set ns.v = ns.v + ns.v %}{% endfor %}{{ ns.v | length }}",
        "format-precision": "{{ '%.999999999f' % 1.5 }}",
        "format-star-width": "{{ '%*d' % (900000000, 1) }}",
        "format-star-small": "{{ '%*d' % (90000000, 1) }}",
        "format-method-width": "{{ '{:>999999999}'.format(1) }}",
        "format-method-width-small": "{{ '{:>90000000}'.format(1) }}",
        "format-method-attr": "{{ '{0.__class__.__mro__}'.format(1) }}",
        "format-filter-width": "{{ '%-999999999s' | format('x') }}",
        "percent-c": "{{ '%c' % 99999999 }}",
        "div-zero": "{{ 1 / 0 }}",
        "mod-zero": "{{ 1 % 0 }}",
        "floordiv-zero": "{{ 1 // 0 }}",
        "macro-recursion": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}",
        "macro-exponential": "{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% else %}ab"
                             "{% endif %}{% endmacro %}{{ f(60) }}",
        "loop-recursive": "{% for i in [1] recursive %}{{ loop([1]) }}{% endfor %}",
        "cycler-huge": "{% set c = cycler(*range(99999)) %}{% for i in range(99999) %}"
                       "{% for j in range(9999) %}{{ c.next() }}{% endfor %}{% endfor %}",
        "joiner-huge": "{% set j = joiner('x' * 999999) %}{% for i in range(99999) %}{{ j() }}"
                       "{% endfor %}",
        "namespace-huge": "{% set ns = namespace() %}{% for i in range(99999) %}"
                          "{% set ns.x = (ns.x or '') ~ ('y' * 99999) %}{% endfor %}",
        "join-range": "{{ range(99999) | join('x' * 99999) | length }}",
        "join-nested": "{% for i in range(99999) %}{{ range(99999) | join(',') | length }}"
                       "{% endfor %}",
        "replace-bomb": "{{ ('a' * 999999) | replace('a', 'b' * 999) | length }}",
        "replace-bomb-2": "{{ (('a' * 999999) | replace('a', 'b' * 999)) | replace('b', 'cc' * 999) }}",
        "wordwrap-neg": "{{ 'x y z' | wordwrap(-1) }}",
        "wordwrap-zero": "{{ 'x y z' | wordwrap(0) }}",
        "slice-zero": "{{ [1, 2, 3] | slice(0) | list }}",
        "batch-zero": "{{ [1, 2, 3] | batch(0) | list }}",
        "batch-huge": "{{ [1] | batch(999999, 'x' * 999999) | list | length }}",
        "round-huge": "{{ 1.5 | round(999999999) }}",
        "int-filter": "{{ ('9' * 5000) | int }}",
        "filesizeformat": "{{ (10 ** 4000) | filesizeformat }}",
        "lipsum": "{{ lipsum(999999) | length }}",
        "indent-huge": "{{ ('x\n' * 999999) | indent(999999) | length }}",
        "dict-items": "{% for k, v in dict(a=1).items() %}{{ k.__class__ }}{% endfor %}",
        "mro-escape": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "globals-escape": "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "self-escape": "{{ self._TemplateReference__context }}",
        "attr-escape": "{{ 'a' | attr('__class__') }}",
        "str-format-map": "{{ '{a.__class__}'.format_map({'a': 1}) }}",
        "include-abs": "{% include '/etc/passwd' %}",
        "include-dotdot": "{% include '../../../../etc/passwd' %}",
        "include-self": "{% include 'evil/document.md.j2' %}",
        "extends-dotdot": "{% extends '../../etc/hostname' %}",
        "import-missing": "{% import 'nope.j2' as x %}",
        "syntax-unclosed": "{% for i in x %}",
        "undefined-call": "{{ nothing() }}",
        "sort-mixed": "{{ [1, 'a', none] | sort }}",
        "sum-strings": "{{ ['a', 'b'] | sum }}",
        "unique-unhashable": "{{ [[1], [1]] | unique | list }}",
        "map-attr": "{{ [1, 2] | map(attribute='__class__') | list }}",
        "tojson-deep": "{% set ns = namespace(v=[]) %}{% for i in range(5000) %}{% set ns.v = [ns.v] %}"
                       "{% endfor %}{{ ns.v | tojson }}",
        "string-deep": "{% set ns = namespace(v=[]) %}{% for i in range(5000) %}{% set ns.v = [ns.v] %}"
                       "{% endfor %}{{ ns.v }}",
        "list-append-self": "{% set x = [] %}{{ x.append(x) }}{{ x }}",
        "dict-update-bomb": "{% set d = {} %}{% for i in range(99999) %}{{ d.update({i: 'x' * 99999}) }}"
                            "{% endfor %}",
        "extend-bomb": "{% set x = [] %}{% for i in range(99999) %}{{ x.extend(range(99999)) }}"
                       "{% endfor %}",
    }
    harmless = {"pow-neg", "join-range", "batch-zero", "batch-huge", "round-huge", "int-filter",
                "replace-bomb", "list-append-self"}  # odd but bounded: exit 0 is right
    for label, expr in template_bombs.items():
        case(f"tpl-{label}", "template",
             ["draft", "deal.yaml", "--templates", "tpl", "-o", "out.md"],
             files=m.tpl_files(expr), expect=(0, 2) if label in harmless else (2,),
             outputs=("out.md",), mention="document.md.j2" if label not in harmless else None)
    spinning = "".join(gen.CLAUSE.format(text="{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}").split(
        "clauses:\n")[1].replace(".attack", f".attack{i}") for i in range(12))
    case("validate-twelve-spinning-clauses", "template", ["validate", "lib"],
         files={"lib/c.yaml": "provision: transfers.free_transfer\nclauses:\n" + spinning},
         expect=(1, 2))
    for label in ("range-huge", "pow-float", "pow-big-print", "format-precision",
                  "format-star-width", "format-method-width-small", "percent-c", "div-zero",
                  "macro-recursion", "loop-recursive", "wordwrap-neg", "slice-zero",
                  "replace-bomb-2", "string-deep", "list-append-self", "mro-escape",
                  "include-dotdot", "concat-doubling"):
        expr = template_bombs[label]
        case(f"clause-{label}", "template", ["validate", "lib"], files=m.clause_files(expr),
             expect=(1, 2))
    for label in ("pow-big-print", "format-star-small", "div-zero", "macro-recursion",
                  "wordwrap-neg", "string-deep"):
        expr = template_bombs[label]
        case(f"clause-draft-{label}", "template",
             ["draft", "deal.yaml", "--library", "lib", "-o", "out.md"],
             files={**m.clause_files(expr), "deal.yaml": gen.DEAL + "provisions:\n  "
                    "transfers.free_transfer: transfers.free_transfer.attack\n"},
             expect=(2,), outputs=("out.md",), mention="lib/attack.yaml")
    # the same bombs where spaCy is loaded first (review, negotiate): memory on top of it
    deal_attack = gen.DEAL + "provisions:\n  transfers.free_transfer: transfers.free_transfer.attack\n"
    for label in ("format-method-width", "format-precision", "pow-big-print", "macro-recursion",
                  "replace-bomb-2", "concat-doubling"):
        expr = template_bombs[label]
        case(f"negotiate-tpl-{label}", "template",
             ["negotiate", "deal.yaml", "--ours", "pb.yaml", "--theirs", "pb.yaml",
              "--templates", "tpl", "-o", "j.md"],
             files={**m.tpl_files(expr), "pb.yaml": gen.PLAYBOOK}, outputs=("j.md",),
             mention="document.md.j2")
        case(f"negotiate-clause-{label}", "template",
             ["negotiate", "deal.yaml", "--ours", "pb.yaml", "--theirs", "pb.yaml",
              "--library", "lib", "-o", "j.docx"],
             files={**m.clause_files(expr), "pb.yaml": gen.PLAYBOOK, "deal.yaml": deal_attack},
             outputs=("j.docx",), mention="lib/attack.yaml")
        case(f"review-clause-{label}", "template",
             ["review", "d.txt", "-p", "pb.yaml", "--library", "lib", "-o", "r.html"],
             files={**m.clause_files(expr), "pb.yaml": gen.PLAYBOOK, "d.txt": DRAFT},
             expect=(0, 1, 2), outputs=())
    case("negotiate-playbook-alias-bomb", "yaml",
         ["negotiate", "deal.yaml", "--ours", "pb.yaml", "--theirs", "us-investor"],
         files={"deal.yaml": gen.DEAL, "pb.yaml": gen.PLAYBOOK + bomb}, mention="pb.yaml")
    case("compare-playbook-alias-bomb", "yaml",
         ["compare", "a.txt", "b.txt", "--playbook", "pb.yaml"],
         files={"a.txt": DRAFT, "b.txt": DRAFT.replace("Article 3", "Article 3\nA new rule."),
                "pb.yaml": gen.PLAYBOOK + bomb}, mention="pb.yaml")
    case("map-playbook-alias-bomb", "yaml", ["map", "dir", "--playbook", "pb.yaml"],
         files={"dir/a.txt": DRAFT, "pb.yaml": gen.PLAYBOOK + bomb}, mention="pb.yaml")
    case("map-workers-64", "concurrency", ["map", "dir", "--workers", "64", "-o", "m.json"],
         files={f"dir/t{i}.txt": DRAFT.replace("TESTLAND", f"TESTLAND {i}") for i in range(12)},
         expect=(0, 1))
    case("deal-value-template", "template", ["draft", "deal.yaml", "-o", "out.md"],
         files={"deal.yaml": gen.DEAL.replace("short: Testland",
                                              "short: \"{{ 9 ** 9 ** 9 }}{{ ''.__class__ }}\"")},
         expect=(0, 2), outputs=("out.md",))
    case("deal-title-template", "template", ["draft", "deal.yaml", "-o", "out.md"],
         files={"deal.yaml": gen.DEAL + "title: \"{% for i in range(10**9) %}x{% endfor %}\"\n"},
         expect=(0, 2), outputs=("out.md",))

    # ---------------------------------------------------------------- Word files
    def rv(name: str, data: bytes, **kw: Any) -> None:
        kw.setdefault("mention", "t.docx")
        case(name, "docx", ["review", "t.docx", *PB], files={"t.docx": data,
                                                               "pb.yaml": gen.PLAYBOOK}, **kw)

    rv("docx-bomb-document", Lazy(lambda: gen.deflate_bomb_zip("word/document.xml", 300 * 2**20)))
    rv("docx-lying-size", Lazy(lambda: gen.deflate_bomb_zip("word/document.xml", 200 * 2**20, declared=1000)))
    rv("docx-bomb-styles", Lazy(lambda: gen.docx(parts={"styles": f'<w:styles xmlns:w="{gen.W}">' + "<w:style/>" * 30_000_000 + "</w:styles>"})))
    rv("docx-bomb-footnotes", Lazy(lambda: gen.docx(parts={"footnotes": gen.notes_xml("footnotes", "<w:p/>" * 40_000_000)})))
    rv("docx-many-parts", Lazy(lambda: gen.docx(extra={f"word/media/x{i}.xml": b"<a/>" for i in range(9_990)})),
       expect=(0, 1, 2))
    rv("docx-too-many-parts", Lazy(lambda: gen.docx(extra={f"word/m/x{i}.xml": b"" for i in range(10_050)})))
    rv("docx-many-parts-sum", Lazy(lambda: gen.docx(extra={f"word/media/big{i}.bin": os.urandom(64) + b"\0" * (1024 * 1000) for i in range(300)})), expect=(0, 1, 2))
    rv("docx-nested-zip", Lazy(lambda: gen.docx(extra={"word/embeddings/inner.docx": gen.deflate_bomb_zip(
        "word/document.xml", 50 * 2**20)})), expect=(0, 1, 2))
    rv("docx-big-document-under-ratio",
       Lazy(lambda: _big_words_docx(6_000_000)),
       expect=(0, 1, 2), note="~40 MB of text in 200k paragraphs, ratio under the limit")
    rv("docx-million-paragraphs",
       Lazy(lambda: gen.docx(gen.document_xml("<w:p><w:r><w:t>a</w:t></w:r></w:p>" * 2_000_000))),
       expect=(0, 1, 2))
    prolog, ref = gen.billion_laughs("w:document")
    rv("docx-billion-laughs-document", gen.docx(gen.document_xml(
        gen.paragraphs_xml([ref]), prolog)), expect=(0, 1, 2))
    prolog, ref = gen.billion_laughs("w:footnotes")
    rv("docx-billion-laughs-footnotes", gen.docx(
        gen.document_xml(gen.paragraphs_xml(DRAFT.split("\n")) + '<w:p><w:r><w:footnoteReference w:id="1"/></w:r></w:p>'),
        parts={"footnotes": gen.notes_xml("footnotes", f"<w:p><w:r><w:t>{ref}</w:t></w:r></w:p>", prolog)}),
        expect=(0, 1, 2))
    xxe = '<!DOCTYPE w:footnotes [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    case("docx-xxe-footnotes", "docx", ["review", "t.docx", *PB, "--format", "json"],
         files={"t.docx": gen.docx(
             gen.document_xml(gen.paragraphs_xml(DRAFT.split("\n")) + '<w:p><w:r><w:footnoteReference w:id="1"/></w:r></w:p>'),
             parts={"footnotes": gen.notes_xml("footnotes", "<w:p><w:r><w:t>&x;</w:t></w:r></w:p>", xxe)}),
             "pb.yaml": gen.PLAYBOOK}, expect=(0, 1, 2), runner=_no_passwd)
    xxe_doc = '<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    case("docx-xxe-document", "docx", ["check", "t.docx", "--format", "json", "--no-conflicts"],
         files={"t.docx": gen.docx(gen.document_xml(gen.paragraphs_xml(DRAFT.split("\n") + ["&x;"]), xxe_doc))},
         expect=(0, 1, 2), runner=_no_passwd)
    prolog, ref = gen.billion_laughs("w:comments")
    case("docx-billion-laughs-comments-out", "docx",
         ["review", "t.docx", *PB, "-o", "out.docx"],
         files={"t.docx": gen.docx(parts={"comments": f'{prolog}<w:comments xmlns:w="{gen.W}"><w:comment w:id="0"><w:p><w:r><w:t>{ref}</w:t></w:r></w:p></w:comment></w:comments>'}),
                "pb.yaml": gen.PLAYBOOK}, expect=(0, 1, 2))
    rv("docx-deep-sdt", gen.docx(gen.document_xml(
        "<w:sdt><w:sdtContent>" * 100_000 + gen.paragraphs_xml(DRAFT.split("\n"))
        + "</w:sdtContent></w:sdt>" * 100_000)), expect=(0, 1, 2))
    rv("docx-deep-sdt-250", gen.docx(gen.document_xml(
        "<w:sdt><w:sdtContent>" * 120 + gen.paragraphs_xml(DRAFT.split("\n"))
        + "</w:sdtContent></w:sdt>" * 120)), expect=(0, 1, 2))
    rv("docx-deep-runs", gen.docx(gen.document_xml(
        "<w:p>" + "<w:ins>" * 200 + "<w:r><w:t>x</w:t></w:r>" * 200_000 + "</w:ins>" * 200 + "</w:p>"
        + gen.paragraphs_xml(DRAFT.split("\n")))), expect=(0, 1, 2))
    rv("docx-numbering-garbage", gen.docx(parts={"numbering": b"\xff\xfe garbage <w:numbering"}))
    numbering_loop = (f'<w:numbering xmlns:w="{gen.W}">'
                      '<w:abstractNum w:abstractNumId="0"><w:numStyleLink w:val="S"/></w:abstractNum>'
                      '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
    styles_loop = (f'<w:styles xmlns:w="{gen.W}"><w:style w:type="numbering" w:styleId="S">'
                   '<w:name w:val="S"/><w:basedOn w:val="S"/><w:pPr><w:numPr><w:numId w:val="1"/>'
                   '</w:numPr></w:pPr></w:style></w:styles>')
    numbered = "".join(f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{i % 12}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
                       f'<w:r><w:t>{s}</w:t></w:r></w:p>' for i, s in enumerate(DRAFT.split("\n")))
    rv("docx-numbering-style-loop", gen.docx(gen.document_xml(numbered),
                                             parts={"numbering": numbering_loop, "styles": styles_loop}),
       expect=(0, 1, 2))
    numbering_huge = (f'<w:numbering xmlns:w="{gen.W}"><w:abstractNum w:abstractNumId="0">'
                      '<w:lvl w:ilvl="0"><w:start w:val="99999999999999999999999"/><w:numFmt w:val="upperRoman"/>'
                      '<w:lvlText w:val="%1%1%1%1%1%1%1%1%1%1"/></w:lvl></w:abstractNum>'
                      '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
    rv("docx-numbering-huge-start", gen.docx(gen.document_xml(numbered.replace(
        'w:ilvl w:val="', 'w:ilvl w:val="0" x="')), parts={"numbering": numbering_huge}),
       expect=(0, 1, 2))
    numbering_neg = numbering_huge.replace("99999999999999999999999", "-5").replace("upperRoman", "decimalZero")
    rv("docx-numbering-negative", gen.docx(gen.document_xml(numbered.replace(
        'w:ilvl w:val="', 'w:ilvl w:val="0" x="')), parts={"numbering": numbering_neg}),
       expect=(0, 1, 2))
    rv("docx-styles-missing-name", gen.docx(parts={"styles": f'<w:styles xmlns:w="{gen.W}"><w:style/><w:style w:styleId="x"><w:name/></w:style></w:styles>'}),
       expect=(0, 1, 2))
    rv("docx-comments-garbage", gen.docx(parts={"comments": "<not-xml"}), expect=(0, 1, 2))
    rv("docx-document-not-xml", gen.docx(b"\x00\x01\x02 not xml"))
    rv("docx-empty-zip", _zip_of({}))
    rv("docx-no-content-types", _zip_of({"word/document.xml": gen.document_xml("")}))
    rv("docx-zero-bytes", b"")
    rv("docx-is-pdf", gen.pdf([gen.text_page(DRAFT)]))
    rv("docx-ole-encrypted", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000)
    rv("docx-truncated", gen.docx()[:-200])
    rv("docx-crc-corrupt", _corrupt_crc(gen.docx()))
    rv("docx-utf16-xml", gen.docx(gen.document_xml(gen.paragraphs_xml(DRAFT.split("\n"))).replace(
        'encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")), expect=(0, 1, 2))
    rv("docx-unknown-encoding", gen.docx(gen.document_xml("").replace('encoding="UTF-8"', 'encoding="klingon"')))
    rv("docx-external-rel", gen.docx(extra={"word/_rels/x.rels": "<Relationships/>"}), expect=(0, 1, 2))
    rv("docx-long-paragraph", Lazy(lambda: gen.docx(gen.document_xml(gen.paragraphs_xml(
        DRAFT.split("\n") + [gen.random_words(2_000_000)])))), expect=(0, 1, 2))
    case("check-docx-bomb-footnotes-out", "docx", ["check", "t.docx", "-o", "out.docx",
                                                    "--no-conflicts"],
         files={"t.docx": Lazy(lambda: gen.docx(parts={"footnotes": gen.notes_xml("footnotes", "<w:p/>" * 40_000_000)}))},
         outputs=("out.docx",), mention="t.docx")
    case("compare-docx-bombs", "docx", ["compare", "a.docx", "b.docx", "-o", "out.docx"],
         files={"a.docx": gen.docx(), "b.docx": Lazy(lambda: gen.deflate_bomb_zip("word/document.xml", 300 * 2**20))},
         outputs=("out.docx",), mention="b.docx")
    case("compare-out-is-input", "paths", ["compare", "a.txt", "b.txt", "-o", "b.txt"],
         files={"a.txt": DRAFT, "b.txt": DRAFT + "\nArticle 9\nNew text here for the test.\n"},
         mention="b.txt")

    # ---------------------------------------------------------------- XML (ingest, review)
    laughs_prolog, laughs_ref = gen.billion_laughs("treaty", 12)
    tota = ('<?xml version="1.0" encoding="UTF-8"?>{prolog}<treaty><meta><name>X</name></meta>'
            '<body><chapter><article><name>Article 1</name><text>{body}</text></article>'
            '</chapter></body></treaty>')
    pad = "<!--" + " " * 70_000 + "-->"
    xml_cases = {
        "billion-laughs": tota.format(prolog=laughs_prolog, body=laughs_ref),
        "billion-laughs-padded": tota.format(prolog=pad + laughs_prolog, body=laughs_ref).replace(
            '<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="UTF-8"?>'),
        "quadratic-blowup": tota.format(prolog=pad + '<!DOCTYPE treaty [<!ENTITY a "' + "x" * 50_000 + '">]>',
                                        body="&a;" * 50_000),
        "external-entity": tota.format(prolog=pad + '<!DOCTYPE treaty [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
                                       body="&x; " + SENTENCE * 3),
        "parameter-entity": tota.format(prolog=pad + '<!DOCTYPE treaty [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x"> %p;]>',
                                        body=SENTENCE),
        "deep-nesting": tota.format(prolog="", body=SENTENCE + "<i>" * 200_000 + "x" + "</i>" * 200_000),
        "deep-articles": tota.format(prolog="", body=SENTENCE).replace(
            "<chapter>", "<chapter>" * 100_000).replace("</chapter>", "</chapter>" * 100_000),
        "not-well-formed": tota.format(prolog="", body="<unclosed>"),
        "utf16": tota.format(prolog="", body=SENTENCE).replace('encoding="UTF-8"', 'encoding="UTF-16"'),
        "unknown-encoding": tota.format(prolog="", body=SENTENCE).replace("UTF-8", "klingon"),
        "nul-bytes": tota.format(prolog="", body=SENTENCE + "\x00"),
        "huge-attribute": tota.format(prolog="", body=SENTENCE).replace("<meta>", '<meta a="' + "x" * 30_000_000 + '">'),
        "many-articles": tota.format(prolog="", body=SENTENCE).replace(
            "<chapter>", "<chapter>" + "<article><name>A</name><text>t</text></article>" * 300_000),
    }
    for label, body in xml_cases.items():
        data = body.encode("utf-16") if label == "utf16" else body.encode("utf-8")
        case(f"ingest-xml-{label}", "xml", ["ingest", "t.xml", "--format", "json"],
             files={"t.xml": data}, expect=(0, 1, 2), runner=_no_passwd)
    case("review-xml-billion-laughs", "xml", ["review", "t.xml", *PB],
         files={"t.xml": xml_cases["billion-laughs"], "pb.yaml": gen.PLAYBOOK}, expect=(0, 1, 2))
    case("review-xml-external", "xml", ["review", "t.xml", *PB, "--format", "json"],
         files={"t.xml": xml_cases["external-entity"], "pb.yaml": gen.PLAYBOOK}, expect=(0, 1, 2),
         runner=_no_passwd)
    case("map-xml-bombs", "xml", ["map", "dir", "-o", "map.json", "--playbook", "pb.yaml"],
         files={"dir/a.xml": xml_cases["billion-laughs-padded"], "dir/b.xml": xml_cases["deep-nesting"],
                "dir/c.txt": DRAFT, "pb.yaml": gen.PLAYBOOK}, expect=(0, 1, 2))

    # ---------------------------------------------------------------- PDF
    def rp(name: str, data: bytes, **kw: Any) -> None:
        kw.setdefault("mention", "t.pdf")
        case(name, "pdf", ["review", "t.pdf", *PB],
             files={"t.pdf": data, "pb.yaml": gen.PLAYBOOK}, **kw)

    page = gen.text_page(DRAFT)
    rp("pdf-ok", gen.pdf([page]), expect=(0, 1))
    rp("pdf-count-lie-huge", gen.pdf([page], count=10**9), expect=(0, 1, 2))
    rp("pdf-count-lie-neg", gen.pdf([page], count=-5), expect=(0, 1, 2))
    rp("pdf-kids-loop", gen.pdf([page], kids_loop=True), expect=(0, 1, 2))
    rp("pdf-shared-content-4999", gen.pdf(shared_content=page, page_total=4999), expect=(0, 1, 2))
    rp("pdf-over-page-limit", gen.pdf(shared_content=page, page_total=5001))
    rp("pdf-shared-heavy-content", Lazy(lambda: gen.pdf(shared_content=b"BT /F1 10 Tf 50 750 Td " + b"(Each Party shall permit transfers freely.) Tj " * 500_000 + b"ET", page_total=4000, compress=True)))
    rp("pdf-flate-bomb", Lazy(lambda: gen.pdf([b"BT " + b"0" * 400_000_000 + b" ET"], compress=True)))
    rp("pdf-corrupt-stream", gen.pdf([page]).replace(b"stream\nBT", b"stream\n\xff\xfe\x00BT"), expect=(0, 1, 2))
    rp("pdf-bad-flate", gen.pdf([page], compress=True).replace(b"x\xda", b"x\xda\xff\xff\xff"), expect=(0, 1, 2))
    rp("pdf-truncated", gen.pdf([page])[:300])
    rp("pdf-no-xref", gen.pdf([page]).split(b"xref")[0], expect=(0, 1, 2))
    rp("pdf-garbage", os.urandom(100_000))
    rp("pdf-zero-bytes", b"")
    rp("pdf-deep-arrays", gen.pdf([page], raw_objects={9: b"[" * 100_000 + b"]" * 100_000}), expect=(0, 1, 2))
    rp("pdf-deep-dicts-in-page", gen.pdf([page]).replace(
        b"/Type /Catalog", b"/X " + b"<< /A " * 50_000 + b"1" + b" >>" * 50_000 + b" /Type /Catalog"),
       expect=(0, 1, 2))
    rp("pdf-encrypted", _encrypted_pdf(page), expect=(2,))
    rp("pdf-scan-no-text", gen.pdf([b"q 100 0 0 100 0 0 cm Q"]))
    rp("pdf-long-line", Lazy(lambda: gen.pdf([b"BT /F1 10 Tf (" + b"word " * 2_000_000 + b") Tj ET"])), expect=(0, 1, 2))
    case("check-pdf-over-page-limit", "pdf", ["check", "t.pdf", "--no-conflicts"],
         files={"t.pdf": gen.pdf(shared_content=page, page_total=5001)}, mention="t.pdf")
    case("ingest-pdf-flate-bomb", "pdf", ["ingest", "t.pdf"],
         files={"t.pdf": Lazy(lambda: gen.pdf([b"BT " + b"0" * 400_000_000 + b" ET"], compress=True))}, expect=(2,))

    # ---------------------------------------------------------------- search / FTS5
    queries = {
        "near": "NEAR(transfer expropriation, 2)",
        "column-filter": "text:transfer",
        "column-filter-brace": "{title text}: transfer",
        "star": "*",
        "prefix": "trans*",
        "caret": "^transfer",
        "quotes-unbalanced": '"transfer',
        "quotes-many": '"' * 3999,
        "parens": "((((((((transfer",
        "operators": "AND OR NOT AND",
        "minus": "-- -tax",
        "nul": "transfer\x01\x02",
        "unicode": "ｔｒａｎｓｆｅｒ 移転 \u202e",
        "sql": "'; DROP TABLE clauses; --",
        "repeated-4000": ("transfer " * 444)[:3999],
        "64-long-terms": " ".join(f"w{i}" + "x" * 50 for i in range(64)),
        "max-len-distinct": " ".join(f"t{i}" for i in range(64)).ljust(3999, "a"),
        "empty": "",
        "spaces": " " * 3999,
        "punctuation": "!@#$%^&*()_+-=[]{}|;':\",./<>?" * 100,
        "near-huge": "NEAR(" + " ".join(f"w{i}" for i in range(60)) + ", 999999999)",
        "over-length": "x" * 4001,
        "over-terms": " ".join(f"w{i}" for i in range(65)),
    }
    for label, query in queries.items():
        expect = (2,) if label.startswith("over") else (0, 1, 2)
        case(f"search-{label}", "fts", ["search", "--", query], expect=expect)
        if label in ("near", "column-filter", "quotes-many", "sql", "star", "64-long-terms"):
            case(f"search-treaties-{label}", "fts",
                 ["search", "--in", "all", "--format", "json", "--", query], expect=(0, 1, 2),
                 files={"corpus.db": _make_corpus})
    case("search-year-huge", "fts", ["search", "x", "--in", "treaties", "--year-from",
                                     "9" * 40], expect=(2,), files={"corpus.db": _make_corpus})
    case("search-party-weird", "fts", ["search", "x", "--in", "treaties", "--party",
                                       "'); DROP TABLE treaties; --"], expect=(0, 1, 2),
         files={"corpus.db": _make_corpus})
    case("show-weird-id", "fts", ["show", "../../etc/passwd"], expect=(2,))
    case("show-sql-id", "fts", ["show", "x' OR '1'='1"], expect=(2,))

    # ---------------------------------------------------------------- paths
    case("draft-out-dotdot", "paths", ["draft", "deal.yaml", "-o", "../../../../proc/self/x.md"],
         files={"deal.yaml": gen.DEAL}, expect=(2,))
    case("draft-out-dev-full", "paths", ["draft", "deal.yaml", "-o", "/dev/full"],
         files={"deal.yaml": gen.DEAL}, expect=(2,))
    case("draft-out-is-dir", "paths", ["draft", "deal.yaml", "-o", "sub"],
         files={"deal.yaml": gen.DEAL, "sub/x": "x"}, expect=(2,))
    case("draft-out-is-deal", "paths", ["draft", "deal.yaml", "-o", "deal.yaml"],
         files={"deal.yaml": gen.DEAL}, expect=(2,))
    case("draft-out-symlink-to-deal", "paths", ["draft", "deal.yaml", "-o", "link.md"],
         files={"deal.yaml": gen.DEAL, "link.md": m.symlink_to("deal.yaml")}, expect=(2,),
         runner=_deal_intact)
    case("draft-out-missing-dir", "paths", ["draft", "deal.yaml", "-o", "no/such/dir/x.md"],
         files={"deal.yaml": gen.DEAL}, expect=(2,))
    case("draft-out-readonly-fs", "paths", ["draft", "deal.yaml", "-o", "/sys/x.md"],
         files={"deal.yaml": gen.DEAL}, expect=(2,))
    case("draft-out-unknown-ext", "paths", ["draft", "deal.yaml", "-o", "x.exe"],
         files={"deal.yaml": gen.DEAL}, expect=(2,), outputs=("x.exe",))
    case("draft-out-fsize-limit", "disk", ["draft", "deal.yaml", "-o", "out.md"],
         files={"deal.yaml": gen.DEAL}, expect=(2,), outputs=("out.md",), runner=_fsize(20_000))
    case("draft-stdout-dev-full", "disk", ["draft", "deal.yaml"], files={"deal.yaml": gen.DEAL},
         expect=(2,), runner=_stdout_full)
    case("build-fsize-limit", "disk", ["build", "--db", "new.db"], expect=(2,),
         outputs=("new.db",), runner=_fsize(200_000))
    case("ingest-fsize-limit", "disk", ["ingest", "a.txt", "--corpus-db", "c2.db"],
         files={"a.txt": DRAFT * 200}, expect=(2,), runner=_fsize(30_000))
    case("review-out-readonly-fs", "disk", ["review", "d.txt", *PB, "-o", "/proc/r.html"],
         files={"d.txt": DRAFT, "pb.yaml": gen.PLAYBOOK}, expect=(2,))
    case("build-db-readonly-fs", "disk", ["build", "--db", "/sys/tk.db"], expect=(2,))
    case("search-db-readonly-fs", "disk", ["search", "transfer", "--db", "/proc/tk.db"], expect=(2,))
    case("library-is-file", "paths", ["draft", "deal.yaml", "--library", "deal.yaml"],
         files={"deal.yaml": gen.DEAL}, expect=(2,))
    case("library-missing", "paths", ["draft", "deal.yaml", "--library", "nope"],
         files={"deal.yaml": gen.DEAL}, expect=(2,))
    case("library-symlink-loop", "paths", ["validate", "lib"],
         files={"lib/c.yaml": gen.CLAUSE.format(text=""), "lib/loop": m.symlink_to(".")},
         expect=(0, 1, 2))
    case("library-symlink-etc", "paths", ["validate", "lib"],
         files={"lib/passwd.yaml": m.symlink_to("/etc/passwd")}, expect=(1, 2))
    case("library-fifo", "paths", ["validate", "lib"],
         files={"lib/c.yaml": gen.CLAUSE.format(text=""), "lib/f.yaml": m.fifo}, expect=(0, 1, 2))
    case("library-devzero-link", "paths", ["validate", "lib"],
         files={"lib/z.yaml": m.symlink_to("/dev/zero")}, expect=(0, 1, 2))
    case("library-sparse-huge", "paths", ["search", "transfer", "--library", "lib"],
         files={"lib/big.yaml": m.sparse(6 * 2**30)}, expect=(0, 2))
    case("library-dir-named-yaml", "paths", ["validate", "lib"],
         files={"lib/c.yaml": gen.CLAUSE.format(text=""), "lib/d.yaml/x": "x"}, expect=(0, 1))
    case("library-env-dotdot", "paths", ["search", "transfer"],
         env={"TREATYKIT_LIBRARY": "../../../../../../etc"}, expect=(0, 1, 2))
    case("templates-is-file", "paths", ["draft", "deal.yaml", "--templates", "deal.yaml"],
         files={"deal.yaml": gen.DEAL}, expect=(2,))
    case("deal-shared-dotdot", "paths", ["draft", "deal.yaml"],
         files={"deal.yaml": gen.DEAL + "shared: ../../../../../etc/passwd\n"}, expect=(2,))
    case("deal-shared-abs", "paths", ["draft", "deal.yaml"],
         files={"deal.yaml": gen.DEAL + "shared: /etc/hostname\n"}, expect=(2,))
    case("deal-shared-devzero", "paths", ["draft", "deal.yaml"],
         files={"deal.yaml": gen.DEAL + "shared: /dev/zero\n"}, expect=(2,))
    case("deal-shared-fifo", "paths", ["draft", "deal.yaml"],
         files={"deal.yaml": gen.DEAL + "shared: f.yaml\n", "f.yaml": m.fifo}, expect=(2,))
    case("deal-shared-dir", "paths", ["draft", "deal.yaml"],
         files={"deal.yaml": gen.DEAL + "shared: sub\n", "sub/x": "x"}, expect=(2,))
    case("deal-template-dotdot", "paths", ["draft", "deal.yaml"],
         files={"deal.yaml": gen.DEAL.replace("template: bit", "template: ../../../../etc")}, expect=(2,))
    case("deal-template-abs", "paths", ["draft", "deal.yaml"],
         files={"deal.yaml": gen.DEAL.replace("template: bit", "template: /etc")}, expect=(2,))
    case("playbook-dotdot-name", "paths", ["review", "d.txt", "-p", "../../../../etc/passwd"],
         files={"d.txt": DRAFT}, expect=(2,))
    case("playbooks-env-etc", "paths", ["review", "d.txt", "-p", "passwd"],
         files={"d.txt": DRAFT}, env={"TREATYKIT_PLAYBOOKS": "/etc"}, expect=(2,))
    case("init-deal-dotdot", "paths", ["init-deal", "../../../etc/x"], expect=(2,))
    case("init-deal-out-exists", "paths", ["init-deal", "bit", "-o", "deal.yaml"],
         files={"deal.yaml": gen.DEAL}, expect=(2,), runner=_deal_intact)
    case("db-is-dir", "store", ["search", "transfer", "--db", "sub"], files={"sub/x": "x"},
         expect=(2,))
    case("db-garbage", "store", ["search", "transfer", "--db", "g.db"],
         files={"g.db": os.urandom(50_000)}, expect=(0, 2))
    case("db-truncated-sqlite", "store", ["search", "transfer", "--db", "t.db"],
         files={"t.db": _truncated_store}, expect=(0, 2))
    case("db-other-schema", "store", ["search", "transfer", "--db", "o.db"],
         files={"o.db": _other_sqlite}, expect=(0, 2))
    case("db-symlink-etc", "store", ["build", "--db", "l.db"],
         files={"l.db": m.symlink_to("/etc/hostname")}, expect=(0, 2), runner=_hostname_intact)
    case("corpus-garbage", "store", ["treaties", "--corpus-db", "g.db"],
         files={"g.db": os.urandom(50_000)}, expect=(2,))
    case("corpus-is-dir", "store", ["ingest", "a.txt", "--corpus-db", "sub"],
         files={"a.txt": DRAFT, "sub/x": "x"}, expect=(2,))
    case("corpus-other-schema", "store", ["treaties", "--corpus-db", "o.db"],
         files={"o.db": _other_sqlite}, expect=(0, 2))
    case("corpus-ingest-other-schema", "store", ["ingest", "a.txt", "--corpus-db", "o.db"],
         files={"a.txt": DRAFT, "o.db": _other_sqlite}, expect=(0, 2))

    # ---------------------------------------------------------------- text inputs and stdin
    def rt(name: str, data: bytes | Any, cmd: str = "review", **kw: Any) -> None:
        args = {"review": ["review", "t.txt", *PB], "check": ["check", "t.txt", "--no-conflicts"],
                "compare": ["compare", "a.txt", "t.txt"]}[cmd]
        kw.setdefault("expect", (0, 1, 2))
        case(name, "text", args, files={"t.txt": data, "a.txt": DRAFT, "pb.yaml": gen.PLAYBOOK},
             **kw)

    for cmd in ("review", "check", "compare"):
        rt(f"{cmd}-utf16-bom-odd", b"\xff\xfe" + DRAFT.encode("utf-16-le") + b"A", cmd)
        rt(f"{cmd}-utf16-lone-surrogate", b"\xff\xfe" + DRAFT.encode("utf-16-le") + b"\x00\xd8A\x00", cmd)
        rt(f"{cmd}-utf16-nobom", DRAFT.encode("utf-16-le"), cmd)
        rt(f"{cmd}-utf16-be-odd", DRAFT.encode("utf-16-be")[:-1], cmd)
        rt(f"{cmd}-utf32", DRAFT.encode("utf-32"), cmd)
        rt(f"{cmd}-nul-late", DRAFT.encode() * 5 + b"\x00" * 5000 + DRAFT.encode(), cmd)
        rt(f"{cmd}-binary", os.urandom(200_000), cmd, expect=(2,))
        rt(f"{cmd}-long-line", ("Each Party shall permit transfers freely. " * 250_000).encode(), cmd)
        rt(f"{cmd}-is-dir", m.folder_of, cmd, expect=(2,))
        rt(f"{cmd}-fifo", m.fifo, cmd, expect=(2,))
        rt(f"{cmd}-devzero", m.symlink_to("/dev/zero"), cmd, expect=(2,))
        rt(f"{cmd}-sparse-600m", m.sparse(600 * 2**20), cmd, expect=(2,))
    rt("review-cp1252", ("Article 1\n" + SENTENCE.replace("Party", "Partÿ") + " “quoted” — dash\n" * 5)
       .encode("cp1252"))
    rt("review-mixed-newlines", (DRAFT.replace("\n", "\r") + "\r\n" + DRAFT).encode())
    rt("review-only-whitespace", b" \n\t\n" * 1000, expect=(2,))
    rt("review-control-chars", ("\x1b[31m" + DRAFT + "\x07\x08" * 50).encode())
    rt("review-bidi-zero-width", DRAFT.replace(" ", "\u200b \u202e").encode())
    rt("review-combining-marks", DRAFT.replace("a", "a" + "\u0301" * 50).encode())
    rt("review-many-articles", "".join(f"Article {i}\n{SENTENCE}\n" for i in range(1, 60_000)).encode())
    rt("review-huge-article-number", f"Article {'9' * 5000}\n{SENTENCE}\n".encode() * 3)
    rt("review-deep-numbering", ("".join(f"{'(' + 'i' * (i % 40 + 1) + ')'} {SENTENCE}\n" for i in range(20_000))).encode())
    rt("review-brackets", ("[" * 100_000 + DRAFT + "]" * 100_000).encode())
    rt("check-many-refs", ("".join(f"Article {i}\nAs provided in Article {i + 1}(2)(b) and Annex {i}.\n"
                                    for i in range(1, 20_000))).encode(), "check")
    rt("check-defined-terms", ("".join(f'"Term{i}" means the thing {i}.\n' for i in range(30_000))).encode(), "check")
    case("review-50mb-text", "text", ["review", "t.txt", *PB],
         files={"t.txt": lambda p: p.write_text(_long_text(50_000_000), encoding="utf-8"),
                "pb.yaml": gen.PLAYBOOK}, expect=(0, 1, 2), record_only=True)
    for label, stdin in {"closed": "closed", "empty": b"", "binary": os.urandom(100_000),
                         "utf16": DRAFT.encode("utf-16"), "nul": b"\x00" * 100}.items():
        case(f"stdin-review-{label}", "stdin", ["review", "-", *PB], files={"pb.yaml": gen.PLAYBOOK},
             stdin=stdin, expect=(0, 1, 2) if label == "utf16" else (2,))
        case(f"stdin-draft-{label}", "stdin", ["draft", "-"], stdin=stdin, expect=(2,))
    case("stdin-check-closed", "stdin", ["check", "-", "--no-conflicts"], stdin="closed", expect=(2,))
    case("stdin-draft-huge-yaml", "stdin", ["draft", "-"], stdin=b"title: " + b"x" * 20_000_000,
         expect=(2,))
    case("stdin-draft-devzero", "stdin", ["draft", "-"], runner=_stdin_devzero, expect=(2,))
    case("stdin-review-devzero", "stdin", ["review", "-", *PB], files={"pb.yaml": gen.PLAYBOOK},
         runner=_stdin_devzero, expect=(2,))
    case("deal-is-dir", "paths", ["draft", "sub"], files={"sub/x": "x"}, expect=(2,))
    case("deal-missing", "paths", ["draft", "nope.yaml"], expect=(2,))
    case("deal-fifo", "paths", ["draft", "f.yaml"], files={"f.yaml": m.fifo}, expect=(2,))
    case("deal-devzero", "paths", ["draft", "/dev/zero"], expect=(2,))
    case("deal-devurandom", "paths", ["draft", "/dev/urandom"], expect=(2,))
    case("deal-sparse-huge", "paths", ["draft", "deal.yaml"], files={"deal.yaml": m.sparse(3 * 2**30)},
         expect=(2,))
    case("playbook-is-dir", "paths", ["review", "d.txt", "-p", "sub"],
         files={"d.txt": DRAFT, "sub/x.yaml": "x"}, expect=(2,))
    case("playbook-fifo", "paths", ["review", "d.txt", "-p", "f.yaml"],
         files={"d.txt": DRAFT, "f.yaml": m.fifo}, expect=(2,))
    case("playbook-devzero", "paths", ["review", "d.txt", "-p", "/dev/zero"],
         files={"d.txt": DRAFT}, expect=(2,))
    case("ingest-missing", "paths", ["ingest", "nope.txt"], expect=(2,))
    case("ingest-fifo-in-dir", "paths", ["ingest", "dir"],
         files={"dir/a.txt": DRAFT, "dir/f.txt": m.fifo}, expect=(0, 1))
    case("ingest-symlink-loop", "paths", ["ingest", "dir"],
         files={"dir/a.txt": DRAFT, "dir/loop": m.symlink_to(".")}, expect=(0, 1))
    case("ingest-devzero-link", "paths", ["ingest", "dir"],
         files={"dir/a.txt": DRAFT, "dir/z.txt": m.symlink_to("/dev/zero")}, expect=(0, 1))
    case("ingest-sparse", "paths", ["ingest", "big.txt"], files={"big.txt": m.sparse(600 * 2**20)},
         expect=(2,))
    case("map-fifo", "paths", ["map", "dir", "--playbook", "pb.yaml"],
         files={"dir/a.txt": DRAFT, "dir/f.txt": m.fifo, "pb.yaml": gen.PLAYBOOK}, expect=(0, 1))

    # ---------------------------------------------------------------- concurrency, kill, Ctrl-C
    case("concurrent-first-search", "concurrency", ["search", "transfer", "--db", "new.db"],
         runner=_concurrent(4, ["search", "transfer", "--db", "new.db"]), expect=(0,))
    case("concurrent-builds", "concurrency", ["build", "--db", "new.db"],
         runner=_concurrent(3, ["build", "--db", "new.db"]), expect=(0,))
    case("concurrent-ingest-new", "concurrency", ["ingest", "a.txt", "--corpus-db", "n.db"],
         files={"a.txt": DRAFT, "b.txt": DRAFT.replace("Article", "Art.")},
         runner=_concurrent(4, ["ingest", "a.txt", "b.txt", "--corpus-db", "n.db"]), expect=(0,))
    case("concurrent-draft-same-out", "concurrency", ["draft", "deal.yaml", "-o", "o.md"],
         files={"deal.yaml": gen.DEAL},
         runner=_concurrent(3, ["draft", "deal.yaml", "-o", "o.md"]), expect=(0,))
    case("kill9-build", "kill", ["build", "--db", "new.db"], runner=_kill9_build, expect=(0,))
    case("kill9-ingest", "kill", ["ingest", "dir", "--corpus-db", "n.db"],
         files={f"dir/t{i}.txt": DRAFT.replace("TESTLAND", f"TESTLAND {i}") for i in range(40)},
         runner=_kill9_ingest, expect=(0,))
    case("sigint-review", "sigint", ["review", "d.txt", *PB, "-o", "r.html"],
         files={"d.txt": DRAFT, "pb.yaml": gen.PLAYBOOK}, outputs=("r.html",),
         runner=_sigint(2.0), expect=(130,))
    case("sigint-build", "sigint", ["build", "--db", "new.db"], outputs=("new.db",),
         runner=_sigint(0.8), expect=(130,))
    case("sigint-draft-docx", "sigint", ["draft", "deal.yaml", "-o", "o.docx"],
         files={"deal.yaml": gen.DEAL}, outputs=("o.docx",), runner=_sigint(0.7), expect=(130,))
    case("sigint-ingest", "sigint", ["ingest", "dir", "--corpus-db", "n.db"],
         files={f"dir/t{i}.txt": DRAFT.replace("TESTLAND", f"TESTLAND {i}") for i in range(60)},
         runner=_sigint(0.6), expect=(130,))
    case("sigint-tpl-loop", "sigint", ["draft", "deal.yaml", "--templates", "tpl", "-o", "o.md"],
         files=m.tpl_files("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}"
                           "{% endfor %}"), outputs=("o.md",),
         runner=_sigint(2.0), expect=(130,))


# --- helpers ----------------------------------------------------------------------------------

SENTENCE = gen.SENTENCES[2]
M: Any = None


class Lazy:
    """File content made only when its case runs (bombs are large)."""

    def __init__(self, make: Any) -> None:
        self.make = make

    def __call__(self, path: Path) -> None:
        data = self.make()
        path.write_bytes(data if isinstance(data, bytes) else data.encode())


def _big_words_docx(count: int) -> bytes:
    words = gen.random_words(count)
    return gen.docx(gen.document_xml(gen.paragraphs_xml(
        [words[i:i + 200] for i in range(0, len(words), 200)])))


def _alias_bomb(levels: int, width: int = 10) -> str:
    lines = ["a0: &a0 [" + ", ".join(['"x"'] * width) + "]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def _set_top(deal: str, key: str, value: str) -> str:
    lines = deal.split("\n")
    out, skipping = [], False
    for line in lines:
        if line.startswith(f"{key}:"):
            skipping = True
            continue
        if skipping and line.startswith(" "):
            continue
        skipping = False
        out.append(line)
    return "\n".join(out).rstrip("\n") + f"\n{key}: {value}\n"


def _zip_of(members: dict[str, str | bytes]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, data in members.items():
            package.writestr(name, data)
    return buffer.getvalue()


def _corrupt_crc(data: bytes) -> bytes:
    marker = data.find(b"word/document.xml", data.find(b"PK\x03\x04"))
    out = bytearray(data)
    start = marker + len("word/document.xml") + 40
    for i in range(start, start + 30):
        out[i] ^= 0x55
    return bytes(out)


def _encrypted_pdf(page: bytes) -> bytes:
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(gen.pdf([page]))))
    writer.encrypt("secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _long_text(size: int) -> str:
    parts, total, n = [], 0, 1
    while total < size:
        chunk = f"Article {n}\n{gen.SENTENCES[n % 5]} {gen.SENTENCES[(n + 2) % 5]}\n\n"
        parts.append(chunk)
        total += len(chunk)
        n += 1
    return "".join(parts)


def _make_corpus(path: Path) -> None:
    folder = path.parent
    (folder / "seed").mkdir(exist_ok=True)
    (folder / "seed" / "t.txt").write_text(gen.draft_text(), encoding="utf-8")
    base_env = M.base_env
    PYTHON = M.PYTHON

    subprocess.run([PYTHON, "-m", "treatykit", "ingest", "seed", "--corpus-db", str(path)],
                   cwd=folder, env=base_env(folder), capture_output=True, check=False)
    import shutil

    shutil.rmtree(folder / "seed")


def _truncated_store(path: Path) -> None:
    source = path.parent / "tk.db"
    path.write_bytes(source.read_bytes()[:200_000] if source.exists() else b"SQLite format 3\x00")


def _other_sqlite(path: Path) -> None:
    import sqlite3

    with sqlite3.connect(path) as db:
        db.execute("create table clauses (x)")
        db.execute("create table treaties (y)")
        db.execute("create table meta (k, v)")
        db.execute("insert into meta values ('schema', 'evil')")
    db.close()


def _run(c: Any, folder: Path, **kw: Any) -> dict[str, Any]:
    run_process = M.run_process

    return run_process(c, folder, **kw)


def _no_passwd(c: Any, folder: Path) -> dict[str, Any]:
    result = _run(c, folder)
    if "root:x:0:0" in result["stdout"] + result["stderr"]:
        result["killed"] = "leaked /etc/passwd into the output"
    return result


def _deal_intact(c: Any, folder: Path) -> dict[str, Any]:
    result = _run(c, folder)
    if (folder / "deal.yaml").read_text(encoding="utf-8") != gen.DEAL:
        result["killed"] = "overwrote the deal file"
    return result


def _hostname_intact(c: Any, folder: Path) -> dict[str, Any]:
    before = Path("/etc/hostname").read_bytes()
    result = _run(c, folder)
    if Path("/etc/hostname").read_bytes() != before:
        result["killed"] = "overwrote /etc/hostname"
    return result


def _fsize(limit: int) -> Any:
    def runner(c: Any, folder: Path) -> dict[str, Any]:
        finish = M.finish
        base_env = M.base_env
        PYTHON = M.PYTHON

        timefile = folder / ".time"
        command = ["prlimit", f"--fsize={limit}", "/usr/bin/time", "-f", "%M %e", "-o",
                   str(timefile), PYTHON, "-m", "treatykit", *c.args]
        started = time.monotonic()
        proc = subprocess.run(command, cwd=folder, env=base_env(folder) | c.env,
                              capture_output=True, timeout=120, stdin=subprocess.DEVNULL)
        return finish(proc.returncode, proc.stdout, proc.stderr, timefile,
                      time.monotonic() - started, None)
    return runner


def _stdout_full(c: Any, folder: Path) -> dict[str, Any]:
    finish = M.finish
    base_env = M.base_env
    PYTHON = M.PYTHON

    timefile = folder / ".time"
    started = time.monotonic()
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(["/usr/bin/time", "-f", "%M %e", "-o", str(timefile), PYTHON, "-m",
                               "treatykit", *c.args], cwd=folder, env=base_env(folder),
                              stdout=full, stderr=subprocess.PIPE, timeout=120,
                              stdin=subprocess.DEVNULL)
    return finish(proc.returncode, b"", proc.stderr, timefile, time.monotonic() - started, None)


def _stdin_devzero(c: Any, folder: Path) -> dict[str, Any]:
    finish = M.finish
    base_env = M.base_env
    PYTHON = M.PYTHON
    watch = M.watch

    timefile = folder / ".time"
    started = time.monotonic()
    with open("/dev/zero", "rb") as zero:
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%M %e", "-o", str(timefile), PYTHON, "-m",
                                 "treatykit", *c.args], cwd=folder, env=base_env(folder),
                                stdin=zero, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
        state = watch(proc, 90)
        out, err = proc.communicate()
    return finish(proc.returncode, out, err, timefile, time.monotonic() - started, state["killed"])


def _concurrent(n: int, args: list[str]) -> Any:
    def runner(c: Any, folder: Path) -> dict[str, Any]:
        finish = M.finish
        base_env = M.base_env
        PYTHON = M.PYTHON
        sqlite_ok = M.sqlite_ok

        started = time.monotonic()
        procs = [subprocess.Popen(["/usr/bin/time", "-f", "%M %e", "-o", str(folder / f".time{i}"),
                                   PYTHON, "-m", "treatykit", *args], cwd=folder,
                                  env=base_env(folder), stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
                 for i in range(n)]
        outs = [p.communicate(timeout=180) for p in procs]
        wall = time.monotonic() - started
        codes = [p.returncode for p in procs]
        worst = max(range(n), key=lambda i: codes[i])
        result = finish(codes[worst], outs[worst][0], outs[worst][1], folder / f".time{worst}",
                        wall, None)
        for i in range(n):
            (folder / f".time{i}").unlink(missing_ok=True)
        for name in ("new.db", "n.db"):
            if (folder / name).exists() and not sqlite_ok(folder / name):
                result["killed"] = f"{name} is corrupt"
        result["stderr"] += "".join(e.decode("utf-8", "replace") for _, e in outs)
        return result
    return runner


def _kill9_build(c: Any, folder: Path) -> dict[str, Any]:
    """Kill builds at several moments, then build again: it must succeed and leave nothing."""
    base_env = M.base_env
    PYTHON = M.PYTHON
    run_process = M.run_process

    for delay in (0.4, 0.7, 1.0):
        proc = subprocess.Popen([PYTHON, "-m", "treatykit", "build", "--db", "new.db"], cwd=folder,
                                env=base_env(folder), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.kill()
        proc.wait()
    result = run_process(c, folder)
    sqlite_ok = M.sqlite_ok

    if not sqlite_ok(folder / "new.db"):
        result["killed"] = "store corrupt after kill -9"
    return result


def _kill9_ingest(c: Any, folder: Path) -> dict[str, Any]:
    base_env = M.base_env
    PYTHON = M.PYTHON
    run_process = M.run_process
    sqlite_ok = M.sqlite_ok

    for delay in (0.8, 1.5):
        proc = subprocess.Popen([PYTHON, "-m", "treatykit", *c.args], cwd=folder,
                                env=base_env(folder), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.kill()
        proc.wait()
    result = run_process(c, folder)
    if not sqlite_ok(folder / "n.db"):
        result["killed"] = "corpus corrupt after kill -9"
    return result


def _default_sigint() -> None:
    """Ctrl-C as at a terminal: a shell starts background jobs with SIGINT ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _sigint(delay: float) -> Any:
    def runner(c: Any, folder: Path) -> dict[str, Any]:
        finish = M.finish
        base_env = M.base_env
        PYTHON = M.PYTHON

        timefile = folder / ".time"
        started = time.monotonic()
        proc = subprocess.Popen([PYTHON, "-m", "treatykit", *c.args], cwd=folder,
                                env=base_env(folder) | c.env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                start_new_session=True, preexec_fn=_default_sigint)
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
        return finish(proc.returncode, out, err, timefile, time.monotonic() - started, None)
    return runner
