"""A fast reader for the regular YAML layout ``schema-auditor snapshot`` writes.

The general reader (:mod:`auditor.spec.yamldoc`) builds a libyaml node, with two position marks, for
every scalar and keeps them all in a path-keyed dict: about 1.3 s and several hundred megabytes for
a 5,000-table snapshot. A snapshot only ever holds block mappings and sequences, one-line flow
collections ``{a: b}`` / ``[a, b]``, plain and quoted scalars and ``|`` block scalars, laid out the
same way each time, so this reader takes the text line by line and builds the plain data directly.
It records only the line of each block entry; columns and the text of non-string scalars are worked
out again from the line when the loader asks for them (once per model object, not per scalar).

Scalars are typed exactly as the general reader types them: plain ones through the same resolver and
constructor (``on`` and ``010`` stay text, ``2027-01-31`` is a date), quoted ones are text. Anything
outside that layout, and anything that is an error there (duplicate keys, merge keys, tabs, anchors,
multi-line plain or quoted scalars, ``>`` ...), raises :class:`NotFast`: the loader then reads the
document with the general reader, so messages and positions are the general reader's own.
"""

from __future__ import annotations

import re
from typing import Any

from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode

from auditor.model import Location
from auditor.spec.yamldoc import MAX_DEPTH, Path, _Resolver

_STR = "tag:yaml.org,2002:str"


class NotFast(Exception):
    """The text is not in the layout this reader handles: read it with the general reader."""


# Characters the general reader rejects or treats specially anywhere in a document (tabs and the
# extra YAML 1.1 line breaks change where scalars end; control characters are errors).
_UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
# A plain scalar may not start with an indicator; '-', '?' and ':' may when a non-space follows
# (in flow collections only '-' is accepted here).
_PLAIN_START_BAD = frozenset("?:,[]{}#&*!|>'\"%@`")
# A plain scalar in a flow collection: no indicator inside, ends before ',', ']' or '}'.
_FLOW_PLAIN = re.compile(r"[^ :,\[\]{}#&*!|>'\"%@`?](?:[^:,\[\]{}#?]|:(?=[^ ,\[\]{}#?]))*")
# `  name:` or `  name: plain text` where the text starts with a letter: the classify fast path
_SIMPLE_ENTRY = re.compile(r"( *)([A-Za-z_][A-Za-z0-9_]{0,999}):(?: *$| +([A-Za-z_].*))")
# '|' with '-' and an indentation digit in either order, then nothing or a comment
_LITERAL_HEADER = re.compile(r"\|(-?)([1-9]?)(-?)(?: *$| +#)")
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_DOUBLE = re.compile(r'"((?:[^"\\]|\\.)*)"')
_ESCAPE = re.compile(r"\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_ESCAPES = {
    "0": "\0",
    "a": "\x07",
    "b": "\x08",
    "t": "\x09",
    "n": "\x0a",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\x0d",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_MISSING = object()
# The first characters of the resolver's implicit types (true, 12, 1.5, null, 2027-01-31 ...); a key
# None would apply to every text and disable the shortcut.
_RESOLVED_FIRST = frozenset(str(k) for k in _Resolver.yaml_implicit_resolvers)
_RESOLVE_EVERY = None in _Resolver.yaml_implicit_resolvers


def _unescape(match: re.Match[str]) -> str:
    hexa = match.group(1) or match.group(2) or match.group(3)
    if hexa is not None:
        code = int(hexa, 16)
        if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            raise NotFast("a surrogate or out-of-range escape")
        return chr(code)
    out = _ESCAPES.get(match.group(4))
    if out is None:
        raise NotFast("an unknown escape")
    return out


class _Constructor(SafeConstructor):
    pass


class FastDoc:
    """What :class:`auditor.spec.yamldoc.Doc` offers the loader, for a document read by this reader.

    ``_where`` maps each block mapping (by ``id``; the data keeps them alive) to the 0-based line of
    each key, and each block sequence to the line of each item. Flow collections are not recorded:
    their entries are found again from the line of the block entry holding them."""

    def __init__(self, filename: str, data: Any, lines: list[str], where: dict[int, Any]) -> None:
        self.filename = filename
        self.data = data
        self._lines = lines
        self._where = where
        self._parent: Path | None = None
        self._parent_rec: tuple[Any, Any] = (None, None)

    def has(self, path: Path) -> bool:
        return self._walk(path) is not _MISSING

    def _walk(self, path: Path) -> Any:
        """The value at ``path``, or _MISSING (never an index into a string)."""
        node = self.data
        for p in path:
            node = _child(node, p)
            if node is _MISSING:
                break
        return node

    def location(self, path: Path, *, key: bool = True) -> Location:
        """Where ``path`` was written: its key (the item for list entries); for a path that is not
        there, its nearest written ancestor. A mapping value's own position is not kept: asking for
        it raises NotFast."""
        if not path:
            raise NotFast("the position of the whole document")
        if key:
            found = self._key_location(path)
            if found is not None:
                return found
        if self.has(path):
            line, key_col, value_col = self._entry(path, False)[:3]
        else:
            while path and not self.has(path):
                path = path[:-1]
            if not path:
                raise NotFast("the position of the whole document") from None
            line, key_col, value_col = self._entry(path, False)[:3]
        if key_col is None:
            col = value_col
        elif key:
            col = key_col
        else:
            raise NotFast("the position of a mapping value")
        assert col is not None
        return Location(self.filename, line + 1, col + 1)

    def _key_location(self, path: Path) -> Location | None:
        """``location(path)`` when its parent is a block collection, which the loader asks for
        object after object in the same parent: the parent is looked up once for all of them."""
        parent = path[:-1]
        if parent == self._parent:
            node, rec = self._parent_rec
        else:
            node = self._walk(parent)
            rec = None if node is _MISSING else self._where.get(id(node))
            self._parent, self._parent_rec = parent, (node, rec)
        return None if rec is None else self._entry_location(rec, path[-1])

    def child_location(self, node: Any, key: Any) -> Location | None:
        """``location((*path, key))`` where ``node`` is the value at ``path``: None unless ``node``
        is a block collection holding ``key`` (the caller then asks :meth:`location`)."""
        rec = self._where.get(id(node))
        return None if rec is None else self._entry_location(rec, key)

    def _entry_location(self, rec: Any, key: Any) -> Location | None:
        if type(rec) is dict:
            line = rec.get(key)
            if line is None:
                return None
            return Location(self.filename, line + 1, self._key_column(rec))
        if type(key) is int and 0 <= key < len(rec):
            return Location(self.filename, rec[key] + 1, _item_column(self._lines[rec[key]]))
        return None

    def _key_column(self, rec: dict[Any, int]) -> int:
        """The 1-based column of the keys of a block mapping, from the line of its first key: every
        key starts in the same column (the reader checks it), the first one maybe after ``- ``."""
        s = self._lines[next(iter(rec.values()))]
        t = s.lstrip(" ")
        return len(s) - len(t[1:].lstrip(" ")) + 1 if t[0] == "-" and t[1:2] == " " else len(s) - len(t) + 1

    def locations(self, path: Path) -> dict[Any, Location] | None:
        """``location((*path, key))`` for every entry of the block collection at ``path``; None for
        anything else."""
        node = self._walk(path)
        return None if node is _MISSING else self.child_locations(node)

    def child_locations(self, node: Any) -> dict[Any, Location] | None:
        """:meth:`locations` of the block collection ``node`` (None for anything else)."""
        rec = self._where.get(id(node))
        if rec is None:
            return None
        filename = self.filename
        if type(rec) is dict:
            column = self._key_column(rec)
            return {key: Location(filename, line + 1, column) for key, line in rec.items()}
        lines = self._lines
        return {i: Location(filename, line + 1, _item_column(lines[line])) for i, line in enumerate(rec)}

    def raw(self, path: Path) -> str | None:
        """The text of a scalar as written; None for null, collections and missing paths."""
        node = self._walk(path)
        if node is _MISSING:
            return None
        if type(node) is str:
            return node
        if node is None or isinstance(node, dict | list):
            return None
        raw = self._entry(path, True)[3]
        if raw is None:  # a non-string scalar is always plain, so its text is there
            raise NotFast("no text for a scalar")
        return raw

    def _entry(self, path: Path, want_raw: bool) -> tuple[int, int | None, int | None, str | None]:
        """For the last step of ``path``: its line, key column (None for a list item), value column
        (None when the value starts on a later line) and, with ``want_raw``, a plain scalar's text."""
        node: Any = self.data
        where = self._where
        lines = self._lines
        flow: tuple[int, int] | None = None  # where the current flow collection starts
        entry: tuple[int, int | None, int | None, str | None] = (0, None, None, None)
        last = len(path) - 1
        for depth, p in enumerate(path):
            child = node[p]
            into_flow = depth < last and isinstance(child, dict | list) and id(child) not in where
            if depth == last or into_flow:
                if flow is None:
                    line = where[id(node)][p]
                    s = lines[line]
                    j = len(s) - len(s.lstrip(" "))
                    if s.startswith("- ", j):
                        j = _skip_spaces(s, j + 2)  # a sequence item; for a mapping, its first key
                    if type(node) is list:
                        raw = _plain_text(s, j) if want_raw else None
                        entry = (line, None, j, raw)
                    elif into_flow or want_raw:
                        after = _skip_spaces(s, _key_end(s, j))
                        if after >= len(s) or s[after] == "#":
                            entry = (line, j, None, None)
                        else:
                            entry = (line, j, after, _plain_text(s, after) if want_raw else None)
                    else:
                        entry = (line, j, None, None)
                else:
                    line, col = flow
                    entries: list[tuple[int | None, int, str | None]] = []
                    _Scanner(lines).flow(lines[line], col, entries)
                    key_col, value_col, raw = entries[_index(node, p)]
                    entry = (line, key_col, value_col, raw)
                if into_flow:
                    if entry[2] is None:
                        raise NotFast("a flow collection not where expected")
                    flow = (entry[0], entry[2])
            node = child
        return entry


def _item_column(s: str) -> int:
    """The 1-based column of what follows the ``- `` of the sequence item on line ``s``."""
    t = s.lstrip(" ")[1:]
    return len(s) - len(t.lstrip(" ")) + 1


def _child(node: Any, p: Any) -> Any:
    if type(node) is dict:
        return node.get(p, _MISSING)
    if type(node) is list and type(p) is int and 0 <= p < len(node):
        return node[p]
    return _MISSING


def _index(node: Any, p: Any) -> int:
    if isinstance(node, list):
        return int(p)
    for i, k in enumerate(node):
        if k == p:
            return i
    raise KeyError(p)


def _key_end(s: str, i: int) -> int:
    """The index after the ':' ending the key that starts at ``s[i]`` (as the reader found it)."""
    c = s[i]
    m = _SINGLE.match(s, i) if c == "'" else _DOUBLE.match(s, i) if c == '"' else None
    if m is not None:
        return m.end() + 1
    k = s.find(": ", i)
    return k + 1 if k >= 0 else len(s)


def _skip_spaces(s: str, i: int) -> int:
    n = len(s)
    while i < n and s[i] == " ":
        i += 1
    return i


def _plain_text(s: str, i: int) -> str | None:
    """The plain block scalar starting at ``s[i]`` (to the end of the line or a comment), or None
    when the value there is not a plain scalar."""
    if i >= len(s) or s[i] in "'\"{[|>":
        return None
    end = s.find(" #", i)
    return (s[i:] if end < 0 else s[i:end]).rstrip(" ")


# What a line holds, worked out once per distinct line text (a snapshot repeats most of its lines:
# 64,000 distinct among 284,000 for 5,000 tables). (indentation, kind, key or item column, value).
_BLANK = (-2, 0, None, None)  # empty or a comment
_END = (-1, 0, None, None)  # after the last line
_BAD = 1  # something this reader does not take; value: why
_VALUE = 2  # key: scalar or flow collection
_OPEN = 3  # key: (a block on the next lines, or null)
_LITERAL = 4  # key: | or |- (value: the chomping indicator)
_ITEM = 5  # - scalar or flow collection (key: the item's column)
_ITEM_MAP = 6  # - key: ... (key: the item's column; value: what the rest holds, as for a line)
_ITEM_LITERAL = 7  # - | (key: the item's column; value: the chomping indicator)

Line = tuple[int, int, Any, Any]


class _Scanner:
    """One pass over the lines, building plain data and the block entries' lines."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.infos: list[Line] = []
        # Nesting: block collections open now, and the deepest flow collection of any line. Their
        # sum bounds the depth; past MAX_DEPTH the general reader words the error.
        self.depth = 0
        self.max_flow = 0
        self.where: dict[int, Any] = {}
        self.strings: dict[str, str] = {}  # one object per distinct text: a spec repeats a lot
        self.plain: dict[str, Any] = {}
        self.resolver = _Resolver()
        self.constructor = _Constructor()
        self.ends_with_newline = True

    # lines
    def classify_all(self) -> None:
        memo: dict[str, Line] = {}
        get = memo.get
        classify = self.classify

        def first(s: str) -> Line:
            info = memo[s] = classify(s)
            return info

        self.infos = [get(s) or first(s) for s in self.lines]
        self.infos.append(_END)

    def classify(self, s: str) -> Line:
        m = _SIMPLE_ENTRY.match(s)
        if m is not None:
            # the most common line: a name, and nothing or a plain scalar that is clearly one
            ind, key, rest = m.end(1), m.group(2), m.group(3)
            if rest is None:
                return (ind, _OPEN, self.strings.setdefault(key, key), None)
            text = rest.rstrip(" ")
            if ": " not in text and " #" not in text and text[-1] != ":":
                return (ind, _VALUE, self.strings.setdefault(key, key), self.plain_value(text))
        t = s.lstrip(" ")
        if not t or t[0] == "#":
            return _BLANK
        ind = len(s) - len(t)
        try:
            if t[0] == "-" and (len(t) == 1 or t[1] == " "):
                j = _skip_spaces(s, ind + 1)
                if j >= len(s) or s[j] == "#" or s[j] == "-":
                    return (ind, _BAD, None, "a nested block under a sequence entry")
                c = s[j]
                if c not in "'\"{[|":
                    found = self.key(s, j)
                    if found is not None:
                        return (ind, _ITEM_MAP, j, self.entry(s, j, found))
                if c == "|":
                    return (ind, _ITEM_LITERAL, j, self.literal_header(s, j))
                return (ind, _ITEM, j, self.inline(s, j))
            found = self.key(s, ind)
            if found is None:
                return (ind, _BAD, None, "a line that is no 'key: value'")
            return self.entry(s, ind, found)
        except NotFast as e:
            return (ind, _BAD, None, str(e))

    def entry(self, s: str, ind: int, found: tuple[str, int]) -> Line:
        key, j = found
        if key == "<<":
            raise NotFast("a merge key")
        v = _skip_spaces(s, j)
        if v >= len(s) or s[v] == "#":
            return (ind, _OPEN, key, None)
        if s[v] == "|":
            return (ind, _LITERAL, key, self.literal_header(s, v))
        return (ind, _VALUE, key, self.inline(s, v))

    def inline(self, s: str, v: int) -> Any:
        """The scalar or flow collection at ``s[v]``, which ends the line."""
        c = s[v]
        if c == "{" or c == "[":
            value, end = self.flow(s, v)
            _end_of_line(s, end)
            return value
        if c == "'" or c == '"':
            value, end = self.quoted(s, v)
            _end_of_line(s, end)
            return value
        if (c in _PLAIN_START_BAD and not (c in "?:" and s[v + 1 : v + 2].strip(" "))) or (
            c == "-" and not s[v + 1 : v + 2].strip(" ")
        ):
            raise NotFast("a plain scalar this reader does not take")
        end = s.find(" #", v)
        text = (s[v:] if end < 0 else s[v:end]).rstrip(" ")
        if ": " in text or text.endswith(":"):
            raise NotFast("a mapping indicator inside a plain scalar")
        return self.plain_value(text)

    @staticmethod
    def literal_header(s: str, v: int) -> tuple[str, int]:
        """The chomping indicator (only '-' or none is taken) and indentation indicator (0: none)
        of the block scalar header at ``s[v]``."""
        m = _LITERAL_HEADER.match(s, v)
        if m is None or (m.group(1) and m.group(3)):
            raise NotFast("a block scalar header this reader does not take")
        return m.group(1) or m.group(3) or "", int(m.group(2) or 0)

    def next_line(self, i: int) -> tuple[int, int]:
        """The next line after ``i`` holding something other than a comment, and its indentation
        (-1 at the end)."""
        infos = self.infos
        i += 1
        ind = infos[i][0]
        while ind == -2:
            i += 1
            ind = infos[i][0]
        return i, ind

    # scalars
    def plain_value(self, text: str) -> Any:
        value = self.plain.get(text, _MISSING)
        if value is _MISSING:
            if text[0] not in _RESOLVED_FIRST and not _RESOLVE_EVERY:
                tag = _STR  # what the resolver answers when no implicit type starts with that character
            else:
                tag = self.resolver.resolve(ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
            if tag == _STR:
                value = text
            else:
                try:
                    value = self.constructor.construct_object(ScalarNode(tag, text), deep=True)
                except Exception:  # e.g. 2027-02-31: the general reader says why
                    raise NotFast("a scalar that does not construct") from None
            self.plain[text] = value
        return value

    def quoted(self, s: str, i: int) -> tuple[str, int]:
        """The single- or double-quoted scalar starting at ``s[i]``, and the index after it."""
        if s[i] == "'":
            m = _SINGLE.match(s, i)
            if m is None:
                raise NotFast("a quoted scalar across lines")
            text = m.group(1)
            if "'" in text:
                text = text.replace("''", "'")
        else:
            m = _DOUBLE.match(s, i)
            if m is None:
                raise NotFast("a quoted scalar across lines")
            text = m.group(1)
            if "\\" in text:
                text = _ESCAPE.sub(_unescape, text)
        return self.strings.setdefault(text, text), m.end()

    def key(self, s: str, i: int) -> tuple[str, int] | None:
        """A mapping key at ``s[i]`` followed by ':' and a space or the end of the line: the key and
        the index after the ':'; None when ``s[i]`` starts no key."""
        c = s[i]
        if c == "'" or c == '"':
            key, j = self.quoted(s, i)
            if not s.startswith(":", j):
                return None
            j += 1
            if j < len(s) and s[j] != " ":
                raise NotFast("a quoted key not followed by ': '")
            if j - i > 1000:
                raise NotFast("a key longer than YAML allows for a simple key")
            return key, j
        k = s.find(": ", i)
        if k < 0:
            if not s.endswith(":"):
                return None
            k = len(s) - 1
        text = s[i:k].rstrip(" ")
        if (
            (c in _PLAIN_START_BAD and not (c in "?:" and text[1:2].strip(" ")))
            or c == "-"
            or "#" in text
            or not text
            or len(text) > 1000
        ):
            raise NotFast("a key this reader does not take")
        return self.strings.setdefault(text, text), k + 1

    # block collections
    def node(self, i: int, indent: int) -> tuple[Any, int, int]:
        """The block collection whose first line is ``i``, at ``indent``; with the next line and its
        indentation."""
        kind = self.infos[i][1]
        if kind in (_ITEM, _ITEM_MAP, _ITEM_LITERAL):
            return self.sequence(i, indent)
        return self.mapping(i, indent, self.infos[i])

    def mapping(self, i: int, indent: int, info: Line) -> tuple[dict[str, Any], int, int]:
        """A block mapping whose first entry, on line ``i``, is ``info``; every other key at ``indent``."""
        self.depth += 1
        if self.depth + self.max_flow > MAX_DEPTH:
            raise NotFast("collections nested too deep")
        infos = self.infos
        out: dict[str, Any] = {}
        rec: dict[str, int] = {}
        self.where[id(out)] = rec
        while True:
            _, kind, key, value = info
            if key in out or kind < _VALUE or kind > _LITERAL:
                if kind == _BAD:
                    raise NotFast(value)
                raise NotFast("a duplicate key or a sequence entry inside a mapping")
            rec[key] = i
            if kind == _VALUE:
                i, ind = self.next_line(i)
                if ind > indent:
                    raise NotFast("a scalar continued on the next line")
            elif kind == _OPEN:
                ni, ind = self.next_line(i)
                if ind > indent:
                    value, i, ind = self.node(ni, ind)
                else:
                    if ind == indent and infos[ni][1] >= _ITEM:
                        raise NotFast("a sequence at its key's indentation")
                    i = ni
            else:
                value, i, ind = self.literal(i, indent, value)
            out[key] = value
            if ind != indent:
                if ind > indent:
                    raise NotFast("a line indented more than its mapping")
                self.depth -= 1
                return out, i, ind
            info = infos[i]

    def sequence(self, i: int, indent: int) -> tuple[list[Any], int, int]:
        self.depth += 1
        if self.depth + self.max_flow > MAX_DEPTH:
            raise NotFast("collections nested too deep")
        infos = self.infos
        out: list[Any] = []
        rec: list[int] = []
        self.where[id(out)] = rec
        while True:
            _, kind, j, value = infos[i]
            rec.append(i)
            if kind == _ITEM:
                i, ind = self.next_line(i)
                if ind > indent:
                    raise NotFast("a scalar continued on the next line")
            elif kind == _ITEM_MAP:
                if value[1] == _BAD:
                    raise NotFast(value[3])
                value, i, ind = self.mapping(i, j, value)
            elif kind == _ITEM_LITERAL:
                value, i, ind = self.literal(i, indent, value)
            elif kind == _BAD:
                raise NotFast(value)
            else:
                raise NotFast("a mapping key after a sequence at the same indentation")
            out.append(value)
            if ind != indent:
                if ind > indent:
                    raise NotFast("a line indented more than its sequence")
                self.depth -= 1
                return out, i, ind

    def literal(self, i: int, indent: int, header: tuple[str, int]) -> tuple[str, int, int]:
        """A ``|`` or ``|-`` block scalar whose header ends line ``i``, in a collection at ``indent``."""
        lines = self.lines
        n = len(lines)
        j = i + 1
        chomp, increment = header
        if increment:
            ci = indent + increment
        else:
            k = j
            while k < n and not lines[k]:
                k += 1  # empty lines first are newlines of the text
            if k >= n or not lines[k].strip(" "):
                raise NotFast("a block scalar starting with a line of spaces")
            first = lines[k]
            ci = len(first) - len(first.lstrip(" "))
        if ci <= indent or ci <= 0:
            raise NotFast("an empty block scalar")
        pad = " " * ci
        body: list[str] = []
        while j < n:
            line = lines[j]
            if not line.strip(" "):
                if line:  # where such a line belongs is subtle: leave it to the general reader
                    raise NotFast("spaces on an empty line of a block scalar")
                body.append("")
            elif line.startswith(pad):
                body.append(line[ci:])
            else:
                break
            j += 1
        if j >= n and not self.ends_with_newline:
            raise NotFast("a block scalar at the end of a text without a final newline")
        while body and not body[-1]:
            body.pop()
        if not body:
            raise NotFast("an empty block scalar")
        text = "\n".join(body) + ("" if chomp else "\n")
        ni, ind = self.next_line(j - 1)
        if ind > indent:
            raise NotFast("a line indented more than its collection")
        return self.strings.setdefault(text, text), ni, ind

    # flow collections
    def flow(
        self, s: str, i: int, entries: list[tuple[int | None, int, str | None]] | None = None, depth: int = 1
    ) -> tuple[Any, int]:
        """The one-line flow collection starting at ``s[i]`` and the index after it. With
        ``entries``, each direct entry's key column (None in a list), value column and plain text.
        ``depth``: how many flow collections enclose it, itself included."""
        if depth > self.max_flow:
            if depth > MAX_DEPTH:
                raise NotFast("collections nested too deep")
            self.max_flow = depth
        n = len(s)
        mapping = s[i] == "{"
        close = "}" if mapping else "]"
        out: Any = {} if mapping else []
        i = _skip_spaces(s, i + 1)
        if i < n and s[i] == close:
            return out, i + 1
        while True:
            if i >= n:
                raise NotFast("a flow collection across lines")
            key_col = None
            if mapping:
                key_col = i
                c = s[i]
                if c == "'" or c == '"':
                    key, i = self.quoted(s, i)
                else:
                    m = _FLOW_PLAIN.match(s, i)
                    if m is None:
                        raise NotFast("a flow key this reader does not take")
                    key = m.group().rstrip(" ")
                    if key[0] == "-" and key[1:2] in ("", " "):
                        raise NotFast("a sequence entry in a flow mapping")
                    key = self.strings.setdefault(key, key)
                    i = m.end()
                if not s.startswith(": ", i) or key in out or key == "<<":
                    raise NotFast("a flow mapping entry this reader does not take")
                i = _skip_spaces(s, i + 2)
                if i >= n:
                    raise NotFast("a flow collection across lines")
            value_col = i
            raw = None
            c = s[i]
            if c == "{" or c == "[":
                value, i = self.flow(s, i, None, depth + 1)
            elif c == "'" or c == '"':
                value, i = self.quoted(s, i)
            else:
                if c == "-" and (i + 1 >= n or s[i + 1] == " "):
                    raise NotFast("a flow scalar this reader does not take")
                m = _FLOW_PLAIN.match(s, i)
                if m is None:
                    raise NotFast("a flow scalar this reader does not take")
                raw = m.group().rstrip(" ")
                value = self.plain_value(raw)
                i = m.end()
            if mapping:
                out[key] = value
            else:
                out.append(value)
            if entries is not None:
                entries.append((key_col, value_col, raw))
            i = _skip_spaces(s, i)
            if i >= n:
                raise NotFast("a flow collection across lines")
            c = s[i]
            if c == close:
                return out, i + 1
            if c != ",":
                raise NotFast("a flow collection this reader does not take")
            i = _skip_spaces(s, i + 1)
            if i < n and s[i] == close:
                raise NotFast("a trailing comma")


def _end_of_line(s: str, i: int) -> None:
    j = _skip_spaces(s, i)
    if j < len(s) and (s[j] != "#" or j == i):
        raise NotFast("text after a quoted scalar or flow collection")


def _usual(text: str) -> bool:
    """No character in ``text`` that _UNUSUAL matches. ASCII text (most specs) is checked in C:
    printable ASCII is exactly what _UNUSUAL lets through below 0x80."""
    if text.isascii():
        return text.replace("\n", " ").isprintable()
    return _UNUSUAL.search(text) is None


def parse(text: str, filename: str) -> FastDoc:
    """Read ``text`` if it is in the layout this reader takes; raise :class:`NotFast` otherwise."""
    if not _usual(text):
        raise NotFast("a tab, control character or YAML 1.1 line break")
    lines = text.split("\n")
    ends_with_newline = lines[-1] == ""
    if ends_with_newline:
        lines.pop()
    scanner = _Scanner(lines)
    scanner.ends_with_newline = ends_with_newline
    scanner.classify_all()
    i, indent = scanner.next_line(-1)
    if indent != 0 or scanner.infos[i][1] not in (_VALUE, _OPEN, _LITERAL, _ITEM, _ITEM_MAP):
        raise NotFast("not a block mapping or sequence at the top")
    data, i, indent = scanner.node(i, 0)
    if indent != -1:
        raise NotFast("text after the top collection")
    return FastDoc(filename, data, lines, scanner.where)
