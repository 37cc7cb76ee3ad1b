"""Bounds on what a template or clause text may compute: arithmetic, repetition, time, memory.

The sandbox already stops templates from reaching Python internals; these bounds stop them
from exhausting the machine instead. A template from a user's folder or a `--library`
clause can ask for `9 ** (9 ** 9)`, `'ab' * 500000000` or a nested loop of ten billion
steps without writing anything: the operators are checked before they run, and rendering
runs under a CPU-time and an address-space budget.
"""

from __future__ import annotations

import contextlib
import operator
import re
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from treatykit import limits
from treatykit.errors import TemplateError

#: Bits a whole number computed in a template may have (about 4,200 decimal digits: Python
#: prints no whole number longer than 4,300 digits, and a treaty needs none past twenty).
MAX_INT_BITS = 14_000
#: Extra address space rendering may take beyond what the process had when it started.
RENDER_MEMORY = 1024 * 1024 * 1024

_SEQUENCES = (str, list, tuple)


class RenderBudgetError(TemplateError):
    """A template or clause went past a rendering bound (CPU time, memory or value size)."""


def checked_binop(name: str, left: Any, right: Any) -> Any:
    """`left <name> right` for the operators that can blow up, refused before it runs
    when the result would be too large."""
    if name == "**":
        _check_power(left, right)
    elif name == "*":
        _check_product(left, right)
    elif name == "%" and isinstance(left, str):
        check_format(left, right)
    try:
        return _OPERATORS[name](left, right)
    except OverflowError as exc:  # 10.0 ** 400: a float past its range
        raise _too_large({"**": "a power", "*": "a product"}.get(name, "a number")) from exc


_OPERATORS = {"**": operator.pow, "*": operator.mul, "%": operator.mod, "+": operator.add,
              "//": operator.floordiv}


def _check_power(left: Any, right: Any) -> None:
    if isinstance(left, int) and isinstance(right, int) and right > 1 and abs(left) > 1 \
            and right * abs(left).bit_length() > MAX_INT_BITS:
        raise _too_large("a power")


def _check_product(left: Any, right: Any) -> None:
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, _SEQUENCES) and isinstance(times, int):
            if len(seq) * max(times, 0) > limits.RENDER_VALUE.value:
                raise _too_large("a repetition")
            return
    if isinstance(left, int) and isinstance(right, int) \
            and left.bit_length() + right.bit_length() > MAX_INT_BITS:
        raise _too_large("a product")


_PERCENT_SPEC = re.compile(r"%[-+ #0]*(\d+|\*)?(?:\.(\d+|\*))?")


def check_format(text: str, values: Any = ()) -> None:
    """Refuse a %-format whose field width or precision would make a huge string
    ('%0999999999d', '%.999999999f', '%*d' with a width of 10**9 among `values`)."""
    for width, precision in _PERCENT_SPEC.findall(text):
        for size in (width, precision):
            if size == "*":  # the size is one of the values
                check_arguments(tuple(values) if isinstance(values, (tuple, list))
                                else (values,), {})
            elif size and (len(size) > 7 or int(size) > limits.RENDER_VALUE.value):
                raise _too_large("a formatted value")


def check_format_method(text: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a str.format whose field width or precision would make a huge string
    ('{:>999999999}', '{:.999999999f}', '{:{}}' with a width of 10**9 among the arguments)."""
    import string

    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return  # a malformed format: the call itself says so
    for _, _, spec, _ in fields:
        if not spec:
            continue
        if "{" in spec:
            check_arguments(args, kwargs)
        for size in re.findall(r"\d+", spec):
            if len(size) > 7 or int(size) > limits.RENDER_VALUE.value:
                raise _too_large("a formatted value")


def check_replace(text: Any, old: Any, new: Any, count: Any = None) -> None:
    """Refuse a replacement whose result would pass the value limit
    (`('a' * 999999) | replace('a', 'b' * 999)` is a billion characters)."""
    if not (isinstance(text, str) and isinstance(old, str) and isinstance(new, str)):
        return
    found = len(text) + 1 if not old else text.count(old)
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    if len(text) + found * (len(new) - len(old)) > limits.RENDER_VALUE.value:
        raise _too_large("a replacement")


def _too_large(what: str) -> RenderBudgetError:
    return RenderBudgetError(
        f"{what} in the template would be larger than {limits.RENDER_VALUE.describe()}",
        hint="a treaty template needs no such value; check the expression")


def check_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a call whose whole-number argument asks for more than a template may make
    ('x'.ljust(10**9), 'x'|center(10**9))."""
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) \
                and value > limits.RENDER_VALUE.value:
            raise _too_large("a value asked of a function")


_depth = threading.local()
_session = threading.local()


@contextlib.contextmanager
def render_session() -> Iterator[None]:
    """Everything rendered inside shares one CPU-time budget (RENDER_SECONDS), so a library
    of a hundred clauses that each spin stops once, not after a hundred budgets."""
    _session.left = float(limits.RENDER_SECONDS.value)
    try:
        yield
    finally:
        _session.left = None


@contextlib.contextmanager
def render_budget(name: str) -> Iterator[None]:
    """Run the body under a CPU-time and memory budget; nested calls share the outer one.

    The CPU timer needs the main thread (signals); elsewhere only the operator checks hold.
    """
    depth = getattr(_depth, "value", 0)
    _depth.value = depth + 1
    try:
        if depth:
            yield
            return
        with _cpu_budget(name), _memory_budget(name):
            yield
    finally:
        _depth.value = depth


@contextlib.contextmanager
def _cpu_budget(name: str) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "setitimer"):
        yield
        return
    import time

    left = getattr(_session, "left", None)
    seconds = limits.RENDER_SECONDS.value if left is None else left

    def stop(signum: int, frame: Any) -> None:
        raise RenderBudgetError(
            f"{name}: rendering took more than {limits.RENDER_SECONDS.describe()}",
            hint=f"check the template's loops; raise it with {limits.RENDER_SECONDS.env} "
                 "if the text is genuinely that long")

    if seconds <= 0:  # the run's rendering budget is spent already
        stop(0, None)
    previous = signal.signal(signal.SIGPROF, stop)
    started = time.process_time()
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
        if left is not None:
            _session.left = left - (time.process_time() - started)


@contextlib.contextmanager
def _memory_budget(name: str) -> Iterator[None]:
    try:
        import resource
    except ImportError:  # not on Windows
        yield
        return
    used = _address_space()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = used + RENDER_MEMORY if used else resource.RLIM_INFINITY
    lowered = wanted != resource.RLIM_INFINITY and (soft == resource.RLIM_INFINITY
                                                   or wanted < soft)
    if lowered:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    try:
        yield
    except MemoryError as exc:
        raise RenderBudgetError(f"{name}: rendering needed more than 1 GiB of memory",
                                hint="check the template's loops and repeated text") from exc
    finally:
        if lowered:
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space() -> int:
    """The process's address space in bytes now (0 where /proc is not available)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    import os

    return pages * os.sysconf("SC_PAGE_SIZE")
