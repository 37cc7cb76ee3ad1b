"""YAML loading that remembers where each key was written, for precise error messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from treatykit import limits
from treatykit.errors import InputError


class LineDict(dict):  # type: ignore[type-arg]
    """A mapping that knows the line of itself and of each of its keys (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


# libyaml's parser is about ten times faster than the pure-Python one and keeps the same
# line marks; drafting loads the whole clause library on every run.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be plain text", key_node.start_mark
            )
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = key_node.start_mark.line + 1
    return result


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
    # A date-like value that is no calendar date (2026-13-45) raises a bare ValueError
    # in PyYAML; give it the node's line like any other YAML error.
    try:
        return _BaseLoader.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} is not a valid date ({exc}); write YYYY-MM-DD",
            node.start_mark) from exc


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def parse_yaml(text: str, *, source: str) -> Any:
    """Parse YAML text; a syntax error or a value past the limits becomes an InputError
    naming file and line."""
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        check_node(node, source=source)
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(
            f"{source}{line}: invalid YAML: {problem}",
            hint="check indentation and quoting on that line",
        ) from exc
    finally:
        loader.dispose()


_INT_TAG = "tag:yaml.org,2002:int"


def check_node(root: yaml.Node, *, source: str) -> None:
    """Refuse a document whose values, once aliases are expanded, are too many or too deep,
    or that holds an over-long value or a whole number too long to use.

    Aliases share one node, so a few lines can stand for billions of values (an "alias
    bomb"); counting each node once with the size of what it expands to keeps the check
    linear in the file.
    """
    expanded: dict[int, int] = {}
    max_nodes, max_depth = limits.YAML_NODES.value, limits.YAML_DEPTH.value
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    on_path: set[int] = set()
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            expanded[key] = 1 + sum(expanded[id(c)] for c in _children(node))
            if expanded[key] > max_nodes:
                raise limits.over(limits.YAML_NODES, _where(source, node))
            continue
        if key in expanded:
            continue
        if key in on_path:
            raise InputError(f"{_where(source, node)}: a YAML alias refers to itself",
                             hint="remove the recursive alias")
        if depth > max_depth:
            raise limits.over(limits.YAML_DEPTH, _where(source, node), depth)
        if isinstance(node, yaml.ScalarNode):
            _check_scalar(node, source)
            expanded[key] = 1
            continue
        on_path.add(key)
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in _children(node)
                     if id(child) not in expanded)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_scalar(node: yaml.ScalarNode, source: str) -> None:
    value = node.value
    if len(value) > limits.YAML_SCALAR.value:
        raise limits.over(limits.YAML_SCALAR, _where(source, node), len(value))
    if node.tag == _INT_TAG:
        # hexadecimal and binary count too: 0xfff... of 50,000 digits is as large a number
        body = value.lstrip("+-")
        if body[:2].lower() in ("0x", "0b", "0o"):
            body = body[2:]
        digits = sum(ch.isalnum() for ch in body)
        if digits > limits.INT_DIGITS.value:
            raise limits.over(limits.INT_DIGITS, _where(source, node), digits)


def _where(source: str, node: yaml.Node) -> str:
    return f"{source}:{node.start_mark.line + 1}"


def read_yaml(path: Path) -> Any:
    """Read and parse a YAML file, with file-and-line errors."""
    try:
        size = path.stat().st_size
        if size > limits.YAML_BYTES.value:
            raise limits.over(limits.YAML_BYTES, str(path), size)
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text", hint="save the file as UTF-8") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from exc
    return parse_yaml(text, source=str(path))


def line_of(data: Any, key: str | None = None) -> int | None:
    """Line of `key` in a LineDict (or of the mapping itself); None for other values."""
    if isinstance(data, LineDict):
        return data.line_of(key) if key else data.line
    return None
