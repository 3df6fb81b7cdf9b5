"""YAML read with positions: plain data for validation, plus the node behind every path.

Specs are written by people and read by reviewers, so the YAML 1.1 surprises PyYAML's safe loader
keeps are turned off: only ``true``/``false`` are booleans (an enum label ``on`` or a role ``no``
stays a string), ``12:30`` is not a base-60 integer, ``010`` is not octal. Dates (``2027-01-31``)
stay dates because ``expires:`` wants them. Duplicate keys are an error rather than last-one-wins.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from auditor.errors import InputError
from auditor.model import Location

Path = tuple[str | int, ...]


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


class _Loader(Reader, Scanner, Parser, Composer, SafeConstructor, _Resolver):
    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        _Resolver.__init__(self)


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
        before = text[: e.position]
        where = Location(filename, before.count("\n") + 1, len(before) - before.rfind("\n"))
        problem = f"unacceptable character #x{e.character:04x}: {e.reason}"
        raise InputError(f"invalid YAML: {problem}", location=where, hint="remove it") from None
    try:
        root = loader.get_single_node()
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


def _document(text: str, filename: str, root: Node | None, loader: Any) -> Doc:
    if root is None:
        raise InputError(
            "the spec is empty", location=Location(filename, 1, 1), hint="start it with 'version: 1'"
        )
    doc = Doc(filename, None)
    doc.nodes[()] = (None, root)
    doc.data = _convert(doc, loader, root, ())
    return doc


def _convert(doc: Doc, loader: Any, node: Node, path: Path) -> Any:
    nodes = doc.nodes
    if isinstance(node, MappingNode):
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
                out[key] = _convert(doc, loader, vnode, p)
        return out
    if isinstance(node, SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            p = (*path, i)
            nodes[p] = (None, item)
            if type(item) is ScalarNode and item.tag == _STR and type(item.value) is str:
                items.append(item.value)
            else:
                items.append(_convert(doc, loader, item, p))
        return items
    if node.tag == _STR and type(node.value) is str:
        return node.value  # what SafeConstructor makes of it, without its bookkeeping
    try:
        value = loader.construct_object(node, deep=True)
    except yaml.MarkedYAMLError as e:
        raise InputError(
            f"invalid value: {e.problem or 'cannot be read'}", location=_loc(doc.filename, node)
        ) from None
    except ValueError as e:  # a date that does not exist, such as 2027-02-31
        raise InputError(
            f"invalid value {node.value!r}: {e}", location=_loc(doc.filename, node), hint="write YYYY-MM-DD"
        ) from None
    if isinstance(value, bytes | set):
        raise InputError(f"unsupported YAML tag {node.tag}", location=_loc(doc.filename, node))
    return value


_STR = "tag:yaml.org,2002:str"


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
