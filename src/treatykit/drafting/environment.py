"""The one Jinja environment: sandboxed, strict, with treaty-style filters.

Every template and clause snippet is rendered here, so a user's template folder gets
the same sandbox and the same `StrictUndefined` as the built-in ones.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment, SecurityError

from treatykit.drafting.budget import (
    MAX_INT_BITS,
    RenderBudgetError,
    check_arguments,
    check_format,
    check_format_method,
    check_replace,
    checked_binop,
    render_budget,
)
from treatykit.errors import TemplateError, TreatykitError

#: Names every clause text may use without declaring them as parameters.
CLAUSE_CONTEXT = ("host", "partner", "host_full", "partner_full", "ref", "has", "refs",
                  "annex")
#: Functions that take provision, clause or article ids as their arguments.
ID_FUNCTIONS = ("ref", "has", "refs")

#: What those names render as when a clause is shown outside a draft.
PREVIEW_CONTEXT: dict[str, Any] = {
    "host": "[Host State]",
    "partner": "[Other Party]",
    "host_full": "[full name of the Host State]",
    "partner_full": "[full name of the Other Party]",
    "ref": lambda target: f"Article [{target}]",
    "has": lambda target: True,  # show the full text, every optional passage included
    "refs": lambda *targets, last="and": join_filter([f"Article [{t}]" for t in targets], last),
    "annex": lambda annex_id: f"Annex [{annex_id}]",
}

_ONES = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


#: The largest scale the words filter spells; beyond it numbers stay in digits.
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))
#: Counts the words filter can spell: 0 up to, not including, this.
WORDS_LIMIT = 10**15


def number_words(value: Any) -> str:
    """Spell a whole number in words: 15 -> 'fifteen', 1500 -> 'one thousand five hundred'.

    Numbers below 0 or from WORDS_LIMIT up stay in digits.
    """
    n = int(value)
    if n < 0 or n >= WORDS_LIMIT:
        return str(n)
    if n >= 1000:
        return _scaled_words(n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + ("-" + _ONES[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    return _ONES[hundreds] + " hundred" + (" and " + number_words(rest) if rest else "")


def _scaled_words(n: int) -> str:
    """1500 -> 'one thousand five hundred'; 1050 -> 'one thousand and fifty'."""
    scale, name = next((s, w) for s, w in _SCALES if n >= s)
    high, rest = divmod(n, scale)
    words = f"{number_words(high)} {name}"
    if not rest:
        return words
    return words + (" and " if rest < 100 else " ") + number_words(rest)


def words_filter(value: Any) -> str:
    """Treaty style for a count: 15 -> 'fifteen (15)', 1500 -> 'one thousand five hundred
    (1,500)'; non-integers stay digits."""
    if isinstance(value, float) and not value.is_integer():
        return _number(value)
    return f"{number_words(value)} ({int(value):,})"


def join_filter(items: Iterable[Any], last: str = "and") -> str:
    """Join a list the way a drafter would: 'a, b and c'."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def sublist_filter(items: Iterable[Any], last: str = "and", end: str = ".") -> str:
    """A list as lettered sub-paragraphs after a colon, or inline when it has one item.

    `resulting from{{ exceptions | sublist("or") }}` gives ":" and "(a) x;", "(b) y; or",
    "(c) z." on their own lines; with one item " z."; with none "" (the text decides
    what an empty list means).
    """
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(" " + i + end for i in items)
    lines = [f"({_LETTER[n]}) {item};" for n, item in enumerate(items)]
    lines[-2] += f" {last}" if last else ""
    lines[-1] = lines[-1][:-1] + end
    return ":\n" + "\n".join(lines)


_LETTER = "abcdefghijklmnopqrstuvwxyz"


def money_filter(value: Any) -> str:
    """US dollars with thousands separators: 1500000000 -> 'US$1,500,000,000'."""
    return "US$" + f"{float(value):,.2f}".removesuffix(".00")


def upfirst_filter(value: Any) -> str:
    """Capitalise the first letter only: 'the United States' -> 'The United States'."""
    text = str(value)
    return text[:1].upper() + text[1:]


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _finalize(value: Any) -> Any:
    if callable(value) and not isinstance(value, jinja2.Undefined):
        # '{{ lipsum }}' or '{{ title.upper }}' would print "<function ... at 0x7f...>"
        # into the treaty text: a template defect, and Python's internals on show.
        raise jinja2.TemplateRuntimeError(
            "a function is printed, not a value (call it, or use a name from "
            "docs/templates.md)")
    if isinstance(value, int) and not isinstance(value, bool) \
            and value.bit_length() > MAX_INT_BITS:
        raise jinja2.TemplateRuntimeError("a number too long to print (over 4,000 digits)")
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, (list, tuple)):
        return join_filter(value)
    return value


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox with bounded arithmetic and calls: no template computes a value larger
    than the limits allow (see treatykit.drafting.budget).

    Immutable: a template changes no list or mapping in place (`x.extend(...)`,
    `d.update(...)`; `namespace` is the way to keep state). A list grown in place to the
    memory budget made each allocation crawl inside one call, where the CPU timer cannot
    interrupt it.
    """

    intercepted_binops = frozenset({"*", "**", "%", "+", "//"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        return checked_binop(operator, left, right)

    def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        check_arguments(args, kwargs)
        if getattr(__obj, "__name__", None) == "replace" \
                and isinstance(getattr(__obj, "__self__", None), str):
            check_replace(__obj.__self__, *args[:3], **kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Any:
        """`'{:>999999999}'.format(1)`: the sandbox's str.format, with sizes checked."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text = value.__self__

        def bounded(*args: Any, **kwargs: Any) -> str:
            check_format_method(text, args, kwargs)
            return str(wrapped(*args, **kwargs))

        return functools.update_wrapper(bounded, wrapped)


#: Jinja's own filters that build text or lists from a size they are given.
_SIZED_FILTERS = ("center", "indent", "wordwrap", "truncate", "batch", "slice", "format",
                  "replace")


def _bounded_filter(function: Any) -> Any:
    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        check_arguments(args[1:], kwargs)
        if function.__name__ == "do_format" and args and isinstance(args[0], str):
            check_format(args[0], args[1:])
        if function.__name__ == "do_replace" and len(args) >= 4:  # (eval_ctx, s, old, new)
            check_replace(*args[1:5])
        return function(*args, **kwargs)

    return bounded


def make_environment(template_dirs: Sequence[Path] = ()) -> SandboxedEnvironment:
    """A sandboxed, StrictUndefined environment; user folders are searched first."""
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(d)) for d in template_dirs])
    env = BoundedSandbox(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters.update({name: _bounded_filter(env.filters[name]) for name in _SIZED_FILTERS
                        if name in env.filters})
    env.filters.update(words=words_filter, join=join_filter, money=money_filter,
                       number=_number, upfirst=upfirst_filter, sublist=sublist_filter)
    return env


_SNIPPETS = make_environment()


def snippet_variables(text: str) -> set[str]:
    """Names a clause text uses that it does not define itself."""
    return meta.find_undeclared_variables(_SNIPPETS.parse(text))


def filtered_variables(text: str, filter_name: str) -> set[str]:
    """Names printed through `filter_name` in a snippet: `{{ n | words }}` -> {"n"}."""
    ast = _SNIPPETS.parse(text)
    return {node.node.name for node in ast.find_all(jinja2.nodes.Filter)
            if node.name == filter_name and isinstance(node.node, jinja2.nodes.Name)}


def referenced_ids(text: str, function: str = "ref") -> list[str]:
    """Targets of `ref("...")` (or `has("...")`) calls, in text order.

    An id is found when written literally, or in the literal list a loop takes the
    argument from: `{% for id in ["labour.rights", "environment.protection"] if has(id) %}`.
    """
    ast = _SNIPPETS.parse(text)
    listed = {loop.target.name: [i.value for i in loop.iter.items
                                 if isinstance(i, jinja2.nodes.Const)]
              for loop in ast.find_all(jinja2.nodes.For)
              if isinstance(loop.target, jinja2.nodes.Name)
              and isinstance(loop.iter, (jinja2.nodes.List, jinja2.nodes.Tuple))}
    targets: list[str] = []
    for call in ast.find_all(jinja2.nodes.Call):
        if isinstance(call.node, jinja2.nodes.Name) and call.node.name == function:
            for arg in call.args:
                if isinstance(arg, jinja2.nodes.Const):
                    targets.append(arg.value)
                elif isinstance(arg, jinja2.nodes.Name):
                    targets += listed.get(arg.name, [])
    return targets


def unguarded_refs(text: str, implied: Mapping[str, Iterable[str]] | None = None) -> list[str]:
    """Targets of `ref(...)` calls that no `has(...)` test of the same target encloses.

    A ref inside `{% if has("x") %}`, `{% if has("x") and ... %}`, a condition held in a
    `{% set %}` variable, or a loop `{% for id in [...] if has(id) %}` is guarded. `implied`
    maps a clause id to the provisions it implements, so `has("x.balanced")` guards
    `ref("x")`. Used by tests to prove that a clause never refers, unguarded, to a
    provision a document may lack.
    """
    ast = _SNIPPETS.parse(text)
    walker = _GuardWalker(dict(implied or {}))
    walker.visit(ast, frozenset())
    return walker.unguarded


class _GuardWalker:
    def __init__(self, implied: dict[str, Iterable[str]]) -> None:
        self.implied = implied
        self.assigned: dict[str, jinja2.nodes.Node] = {}
        self.unguarded: list[str] = []

    def visit(self, node: jinja2.nodes.Node, guard: frozenset[str]) -> None:
        if isinstance(node, jinja2.nodes.Assign) and isinstance(node.target, jinja2.nodes.Name):
            self.assigned[node.target.name] = node.node
        if isinstance(node, jinja2.nodes.If):
            self.visit(node.test, guard)
            for child in node.body:
                self.visit(child, guard | self.required(node.test))
            for branch in [*node.elif_, *node.else_]:
                self.visit(branch, guard)
            return
        if isinstance(node, jinja2.nodes.CondExpr):
            self.visit(node.test, guard)
            self.visit(node.expr1, guard | self.required(node.test))
            if node.expr2 is not None:
                self.visit(node.expr2, guard)
            return
        if isinstance(node, jinja2.nodes.For) and node.test is not None:
            self.visit(node.iter, guard)
            loop_guard = guard | self.required(node.test, loop_var=node.target)
            for child in [node.test, *node.body]:
                self.visit(child, loop_guard)
            for child in node.else_:
                self.visit(child, guard)
            return
        if isinstance(node, jinja2.nodes.Call) and _called(node) == "ref" and node.args:
            target = _argument(node.args[0])
            if target is not None and target not in guard:
                self.unguarded.append(target)
        for child in node.iter_child_nodes():
            self.visit(child, guard)

    def required(self, test: jinja2.nodes.Node, loop_var: jinja2.nodes.Node | None = None,
                 ) -> frozenset[str]:
        """Ids a test proves present when it is true."""
        if isinstance(test, jinja2.nodes.Name) and test.name in self.assigned:
            return self.required(self.assigned[test.name], loop_var)
        if isinstance(test, jinja2.nodes.And):
            return self.required(test.left, loop_var) | self.required(test.right, loop_var)
        if isinstance(test, jinja2.nodes.Or):
            return self.required(test.left, loop_var) & self.required(test.right, loop_var)
        if isinstance(test, jinja2.nodes.Call) and _called(test) == "has" and test.args:
            arg = test.args[0]
            if loop_var is not None and isinstance(arg, jinja2.nodes.Name) \
                    and isinstance(loop_var, jinja2.nodes.Name) and arg.name == loop_var.name:
                return frozenset({f"<loop:{arg.name}>"})
            target = _argument(arg)
            if target is not None:
                return frozenset({target, *self.implied.get(target, ())})
        return frozenset()


def _called(call: jinja2.nodes.Call) -> str | None:
    return call.node.name if isinstance(call.node, jinja2.nodes.Name) else None


def _argument(arg: jinja2.nodes.Node) -> str | None:
    if isinstance(arg, jinja2.nodes.Const) and isinstance(arg.value, str):
        return arg.value
    if isinstance(arg, jinja2.nodes.Name):
        return f"<loop:{arg.name}>"
    return None


@functools.lru_cache(maxsize=4096)
def _compiled(text: str) -> jinja2.Template:
    """Compile a clause text once: drafts and checks render the same texts many times."""
    return _SNIPPETS.from_string(text)


#: The most text one template or clause may produce (characters). A long agreement is about
#: half a million; a user template that loops without end stops here, not in a full memory.
MAX_OUTPUT_CHARS = 20_000_000


def render_bounded(template: jinja2.Template, context: dict[str, Any], name: str) -> str:
    """Render `template`, refusing output longer than MAX_OUTPUT_CHARS.

    Jinja exceptions propagate unchanged for the caller to translate.
    """
    pieces: list[str] = []
    size = 0
    try:
        with render_budget(name):
            for piece in template.generate(context):
                size += len(piece)
                if size > MAX_OUTPUT_CHARS:
                    raise TemplateError(
                        f"{name}: the template writes more than {MAX_OUTPUT_CHARS:,} "
                        "characters", hint="check its loops: a draft agreement is a few "
                                           "hundred thousand characters")
                pieces.append(piece)
    except RenderBudgetError as exc:
        if exc.message.startswith(name):
            raise
        # an operator or call refused inside the template: say which template and line
        line = _template_line(exc)
        raise RenderBudgetError(f"{name}:{line}: {exc.message}" if line else
                                f"{name}: {exc.message}", hint=exc.hint) from exc
    return "".join(pieces)


def render_snippet(text: str, values: dict[str, Any], *, name: str = "<clause>") -> str:
    """Render a clause text; any failure becomes a TemplateError naming `name` and line."""
    try:
        return render_bounded(_compiled(text), values, name)
    except TreatykitError:
        raise  # already one clear line, e.g. a ref() to an omitted provision
    except Exception as exc:  # noqa: BLE001 - every Jinja failure maps to one message
        raise template_error(exc, name) from exc


def template_error(exc: BaseException, name: str) -> TemplateError:
    """Translate a Jinja exception into one line that names the template and line.

    Messages never show Python object or class names: a user's template may probe
    for them, and a lawyer cannot act on them.
    """
    line = getattr(exc, "lineno", None) or _template_line(exc)
    where = f"{name}:{line}" if line else name
    text = str(getattr(exc, "message", None) or exc)
    if isinstance(exc, SecurityError) or _UNSAFE.search(text):
        return TemplateError(f"{where}: refused an unsafe expression in the template",
                             hint="templates may only use the variables and filters documented "
                                  "in docs/templates.md")
    if isinstance(exc, jinja2.UndefinedError):
        return TemplateError(f"{where}: {_undefined_message(text)}",
                             hint="declare the variable or pass it in the deal file; "
                                  "docs/templates.md lists the names templates can use")
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return TemplateError(f"{where}: template syntax error: {text}",
                             hint="check the {{ }} and {% %} tags on that line")
    message = text.splitlines()[0] if text else "the template failed"
    return TemplateError(f"{where}: cannot render: {_OBJECT.sub('a value', message)}")


_UNSAFE = re.compile(r"is unsafe|has no attribute '_|'_[^']*' is undefined")
_NO_ATTRIBUTE = re.compile(r"has no attribute '([^']+)'")
_OBJECT = re.compile(r"'[\w.]+ object'|<[^>]+>")


def _undefined_message(text: str) -> str:
    missing = _NO_ATTRIBUTE.search(text)
    if missing:
        return f"'{missing.group(1)}' is not an attribute of that value"
    return _OBJECT.sub("a value", text)


def _template_line(exc: BaseException) -> int | None:
    """Line in the template where a render error happened (Jinja keeps it in the traceback)."""
    tb, line = exc.__traceback__, None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename == "<template>" or filename.endswith((".j2", ".yaml")):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


class Choice(str):
    """An enum value that renders as its wording but still compares equal to its value.

    `{{ currency }}` prints "a freely usable currency" while
    `{% if currency == "freely_usable" %}` keeps working in the same text.
    """

    value: str

    def __new__(cls, value: str, label: str) -> Choice:
        obj = super().__new__(cls, label)
        obj.value = value
        return obj

    def __eq__(self, other: object) -> bool:
        return str.__eq__(self, other) is True or other == self.value

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = str.__hash__


def clause_values(parameters: Iterable[Any], values: dict[str, Any]) -> dict[str, Any]:
    """Parameter values ready for a clause text: enum and list values become Choices."""
    ready = dict(values)
    for param in parameters:
        value = ready.get(param.name)
        if not param.choices:
            continue
        if param.type == "enum" and isinstance(value, str):
            ready[param.name] = Choice(value, param.choices.get(value, value))
        elif param.type == "list" and isinstance(value, list):
            ready[param.name] = [Choice(v, param.choices.get(v, v)) for v in value]
    return ready
