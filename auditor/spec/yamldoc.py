"""YAML read with positions: plain data for validation, plus the node behind every path.

Specs are written by people and read by reviewers, so the YAML 1.1 surprises PyYAML's safe loader
keeps are turned off: only ``true``/``false`` are booleans (an enum label ``on`` or a role ``no``
stays a string), ``12:30`` is not a base-60 integer, ``010`` is not octal. Dates (``2027-01-31``)
stay dates because ``expires:`` wants them. Duplicate keys are an error rather than last-one-wins.

Hostile text is read in bounded time and memory: collections nest at most :data:`MAX_DEPTH` deep,
an alias may not contain itself, and aliases may not expand the document beyond its own size plus
:data:`ALIAS_ALLOWANCE` values (a few hundred bytes of nested aliases otherwise grow to gigabytes).
Every problem is an :class:`InputError` with file:line:column.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import yaml
from yaml.composer import Composer, ComposerError
from yaml.constructor import SafeConstructor
from yaml.events import MappingStartEvent, SequenceStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from auditor.errors import InputError
from auditor.model import Location

Path = tuple[str | int, ...]

#: How deep collections may nest. A spec needs about eight levels (schemas, a schema, tables, a
#: table, columns, a column, grants, a role); the readers and the validator recurse per level.
MAX_DEPTH = 64
#: Values aliases may add beyond the document's length in characters. Without aliases a document
#: of n characters holds fewer than n values, so only alias expansion can reach the limit.
ALIAS_ALLOWANCE = 100_000


class _Resolver(BaseResolver):
    """Implicit types, each a subset of YAML 1.1's so anything PyYAML's dumper leaves plain is read
    back as the string it was (the writer relies on that)."""


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*)|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?[0-9]+\.[0-9]*(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:timestamp", re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), list("0123456789")
)


class _TooDeep(ComposerError):
    """Collections nested deeper than :data:`MAX_DEPTH` (the pure-Python composer recurses per level)."""


class _Loader(Reader, Scanner, Parser, Composer, SafeConstructor, _Resolver):
    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        _Resolver.__init__(self)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH and self.check_event(MappingStartEvent, SequenceStartEvent):
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise _TooDeep(None, None, f"collections nested more than {MAX_DEPTH} levels deep", mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class SpecDoc(Protocol):
    """What the loader reads from a parsed document: this module's :class:`Doc`, or the fast
    reader's (:mod:`auditor.spec.fastyaml`)."""

    filename: str
    data: Any

    def location(self, path: Path, *, key: bool = True) -> Location: ...

    def raw(self, path: Path) -> str | None: ...

    def has(self, path: Path) -> bool: ...

    def locations(self, path: Path) -> Mapping[Any, Location] | None:
        """``location((*path, key))`` for every entry of the collection at ``path`` at once, or None
        (then ask for each)."""


@dataclass
class Doc:
    """A parsed YAML document: ``data`` is plain Python; ``nodes`` maps each path to its key node
    (None for list items and the root) and its value node."""

    filename: str
    data: Any
    nodes: dict[Path, tuple[Node | None, Node]] = field(default_factory=dict)

    def location(self, path: Path, *, key: bool = True) -> Location:
        """Where ``path`` was written: its key when it has one (``key=True``), else its value.
        Falls back to the nearest written ancestor."""
        p = path
        while p not in self.nodes and p:
            p = p[:-1]
        if p not in self.nodes:
            return Location(self.filename, 1, 1)
        knode, vnode = self.nodes[p]
        node = knode if key and knode is not None else vnode
        return _loc(self.filename, node)

    def has(self, path: Path) -> bool:
        """Whether ``path`` was written."""
        return path in self.nodes

    def locations(self, path: Path) -> Mapping[Any, Location] | None:
        return None  # a look-up per path is as quick

    def raw(self, path: Path) -> str | None:
        """The text of a scalar exactly as written (``0`` stays ``"0"``, ``1.50`` stays ``"1.50"``);
        None for null."""
        entry = self.nodes.get(path)
        if entry is None:
            return None
        node = entry[1]
        if not isinstance(node, ScalarNode):
            return None
        if node.tag == "tag:yaml.org,2002:null":
            return None
        return str(node.value)


def _loc(filename: str, node: Node) -> Location:
    mark = node.start_mark
    return Location(filename, mark.line + 1, mark.column + 1)


try:
    from yaml._yaml import CParser

    class _CLoader(CParser, SafeConstructor, _Resolver):
        """libyaml's scanner and composer (several times faster), with the same resolver."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            _Resolver.__init__(self)
            self._resolved: dict[tuple[Any, ...], str] = {}

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            # Called from C for every node; the answer depends on these three alone and a spec
            # repeats the same few scalars (types, true, defaults) over and over.
            key = (kind, value, implicit) if kind is ScalarNode else (kind, None, implicit)
            tag = self._resolved.get(key)
            if tag is None:
                tag = self._resolved[key] = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
            return tag

        if not _Resolver.yaml_path_resolvers:
            # No path resolvers: the bookkeeping libyaml calls for around every node does nothing.
            def descend_resolver(self, current_node: Any, current_index: Any) -> None:
                pass

            def ascend_resolver(self) -> None:
                pass

    _FAST: type | None = _CLoader
except ImportError:  # PyYAML built without libyaml
    _FAST = None


def parse(text: str, filename: str) -> Doc:
    """Parse one YAML document, or raise InputError at the first syntax problem."""
    raw = _SURROGATE.search(text)
    if raw is not None:  # only text handed over as a str can hold one; a file read as UTF-8 cannot
        raise InputError(
            f"invalid YAML: a lone surrogate U+{ord(raw.group()):04X} is not a character",
            location=_position(text, filename, raw.start()),
            hint="remove it",
        )
    if _FAST is not None:
        fast = _FAST(text)
        try:
            root = fast.get_single_node()
        except yaml.YAMLError:
            pass  # parse again below: the pure-Python parser words errors the same everywhere
        else:
            fast.dispose()
            return _document(text, filename, root, fast)
    try:
        loader = _Loader(text)  # checks every character first
    except yaml.reader.ReaderError as e:
        # a position in the text, and a message across lines: say it on one
        where = _position(text, filename, e.position)
        problem = f"unacceptable character #x{e.character:04x}: {e.reason}"
        raise InputError(f"invalid YAML: {problem}", location=where, hint="remove it") from None
    try:
        root = loader.get_single_node()
    except _TooDeep as e:
        assert e.problem_mark is not None
        where = Location(filename, e.problem_mark.line + 1, e.problem_mark.column + 1)
        raise InputError(f"invalid YAML: {e.problem}", location=where, hint=_FLATTER) from None
    except RecursionError:  # a safety net: _TooDeep stops nesting long before
        raise InputError(
            f"invalid YAML: collections nested more than {MAX_DEPTH} levels deep",
            location=Location(filename, 1, 1),
            hint=_FLATTER,
        ) from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = Location(filename, mark.line + 1, mark.column + 1) if mark else Location(filename)
        problem = e.problem or e.context or "cannot be read"
        raise InputError(f"invalid YAML: {problem}", location=where, hint="fix the YAML syntax") from None
    except yaml.YAMLError as e:
        raise InputError(f"invalid YAML: {e}", location=Location(filename)) from None
    finally:
        loader.dispose()
    return _document(text, filename, root, loader)


_FLATTER = "a spec needs fewer than ten levels: look for unclosed brackets or runaway indentation"
_SURROGATE = re.compile("[\ud800-\udfff]")
# A double-quoted escape that makes a surrogate (\ud800 .. \udfff, or \U0000d800 ...): PyYAML
# builds a lone surrogate from each, which no report or terminal can encode.
_ESCAPED_SURROGATE = re.compile(r"\\(?:u[dD][89a-fA-F]|U0000[dD][89a-fA-F])")


def _position(text: str, filename: str, offset: int) -> Location:
    line_start = text.rfind("\n", 0, offset) + 1
    return Location(filename, text.count("\n", 0, offset) + 1, offset - line_start + 1)


def _document(text: str, filename: str, root: Node | None, loader: Any) -> Doc:
    if root is None:
        raise InputError(
            "the spec is empty", location=Location(filename, 1, 1), hint="start it with 'version: 1'"
        )
    doc = Doc(filename, None)
    doc.nodes[()] = (None, root)
    limits = _Limits(len(text) + ALIAS_ALLOWANCE)
    doc.data = _convert(doc, loader, root, (), limits)
    if _ESCAPED_SURROGATE.search(text):
        _refuse_surrogates(doc)
    return doc


class _Limits:
    """What a conversion may still spend: values (aliases repeat their anchor's values) and the
    collections being converted, outermost first (nesting depth, and an alias inside its anchor)."""

    __slots__ = ("limit", "open", "values")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.values = limit
        self.open: set[int] = set()


def _enter(doc: Doc, node: Node, path: Path, limits: _Limits) -> None:
    """Account for collection ``node`` (at ``path``) before converting it."""
    if id(node) in limits.open:
        raise InputError(
            "an alias refers to a collection that contains it (a recursive alias)",
            location=_loc(doc.filename, node),
            hint="a spec cannot contain itself: write the values out",
        )
    if len(path) >= MAX_DEPTH:
        raise InputError(
            f"invalid YAML: collections nested more than {MAX_DEPTH} levels deep",
            location=_loc(doc.filename, node),
            hint=_FLATTER,
        )
    limits.values -= len(node.value)
    if limits.values < 0:
        raise InputError(
            f"aliases expand the spec by more than {ALIAS_ALLOWANCE:,} values",
            location=_loc(doc.filename, node),
            hint="write the values out, or use fewer aliases",
        )
    limits.open.add(id(node))


def _refuse_surrogates(doc: Doc) -> None:
    """Raise at the first key or text holding a lone surrogate (written as an escape)."""
    bad: list[Node] = []
    for knode, vnode in doc.nodes.values():
        for node in (knode, vnode):
            if isinstance(node, ScalarNode) and isinstance(node.value, str) and _SURROGATE.search(node.value):
                bad.append(node)
    if bad:
        first = min(bad, key=lambda n: (n.start_mark.line, n.start_mark.column))
        raise InputError(
            "an escape in this text makes a lone surrogate (\\ud800 to \\udfff), which is not a character",
            location=_loc(doc.filename, first),
            hint="write the character itself, or its \\U0001xxxx escape",
        )


def _convert(doc: Doc, loader: Any, node: Node, path: Path, limits: _Limits) -> Any:
    nodes = doc.nodes
    if isinstance(node, MappingNode):
        _enter(doc, node, path, limits)
        out: dict[str, Any] = {}
        for knode, vnode in node.value:
            if not isinstance(knode, ScalarNode):
                raise InputError(
                    "a key must be a plain name, not a list or mapping",
                    location=_loc(doc.filename, knode),
                )
            if knode.tag == "tag:yaml.org,2002:merge" or knode.value == "<<":
                raise InputError(
                    "merge keys ('<<') are not supported",
                    location=_loc(doc.filename, knode),
                    hint="repeat the keys",
                )
            # Keys are names as PostgreSQL stores them: the text as written, never a bool or int.
            key = str(knode.value)
            p = (*path, key)
            if key in out:
                first = nodes[p][0]
                assert first is not None
                raise InputError(
                    f"duplicate key '{key}' (first written at line {first.start_mark.line + 1})",
                    location=_loc(doc.filename, knode),
                    hint="write each key once",
                )
            nodes[p] = (knode, vnode)
            if type(vnode) is ScalarNode and vnode.tag == _STR and type(vnode.value) is str:
                out[key] = vnode.value  # the common case, inline (see below)
            else:
                out[key] = _convert(doc, loader, vnode, p, limits)
        limits.open.discard(id(node))
        return out
    if isinstance(node, SequenceNode):
        _enter(doc, node, path, limits)
        items = []
        for i, item in enumerate(node.value):
            p = (*path, i)
            nodes[p] = (None, item)
            if type(item) is ScalarNode and item.tag == _STR and type(item.value) is str:
                items.append(item.value)
            else:
                items.append(_convert(doc, loader, item, p, limits))
        limits.open.discard(id(node))
        return items
    if node.tag == _STR and type(node.value) is str:
        return node.value  # what SafeConstructor makes of it, without its bookkeeping
    try:
        value = loader.construct_object(node, deep=True)
    except yaml.MarkedYAMLError as e:
        raise InputError(
            f"invalid value: {e.problem or 'cannot be read'}", location=_loc(doc.filename, node)
        ) from None
    except (ValueError, KeyError, AttributeError, TypeError, OverflowError) as e:
        # What SafeConstructor raises for a scalar its tag's pattern does not match: a date that
        # does not exist (2027-02-31), '!!bool maybe' (KeyError), '!!timestamp nope' (AttributeError)
        tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
        why = f"{e}" if isinstance(e, ValueError) else f"not a valid {tag} value"
        raise InputError(
            f"invalid value {_excerpt(str(node.value))!r}: {why}",
            location=_loc(doc.filename, node),
            hint=_TAG_HINTS.get(tag, f"write a valid {tag} value, or remove the tag"),
        ) from None
    if isinstance(value, bytes | set):
        raise InputError(f"unsupported YAML tag {node.tag}", location=_loc(doc.filename, node))
    return value


_STR = "tag:yaml.org,2002:str"
_TAG_HINTS = {
    "!!timestamp": "write YYYY-MM-DD",
    "!!bool": "write true or false",
    "!!int": "write digits, or quote the text",
    "!!float": "write a number such as 1.5, or quote the text",
}


def _excerpt(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class LineDict(dict[str, Any]):
    """A mapping that remembers the line (1-based) each key was written on, in ``lines``: what the
    rule configuration reads to point at one rule's settings."""

    lines: dict[str, int]


def with_lines(doc: SpecDoc, path: Path) -> Any:
    """The plain data at ``path`` with every mapping a :class:`LineDict`."""
    value = doc.data
    for p in path:
        value = value[p]
    return _with_lines(doc, value, path)


def _with_lines(doc: SpecDoc, value: Any, path: Path) -> Any:
    if isinstance(value, dict):
        out = LineDict({k: _with_lines(doc, v, (*path, k)) for k, v in value.items()})
        out.lines = {}
        for k in value:
            line = doc.location((*path, k)).line
            assert line is not None
            out.lines[k] = line
        return out
    if isinstance(value, list):
        return [_with_lines(doc, v, (*path, i)) for i, v in enumerate(value)]
    return value


def to_json(value: Any) -> Any:
    """Plain data as JSON Schema sees it: dates become ISO strings."""
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value
