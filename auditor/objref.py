"""A reference to one schema object: the value type behind object paths.

An :class:`ObjectRef` is what pg-schema-diff's ``SchemaQualifiedName`` is there: the object's kind
and its identifying parts, stored unquoted as the model stores identifiers. Its :attr:`~ObjectRef.path`
is the path findings, provenance and ignore lists print (``column:public.jobs.status``), rendered by
:func:`auditor.model.object_path`, byte for byte. A path read back (from a finding, a report) is
parsed once by :meth:`ObjectRef.parse`, which keeps the text it was given, so even a path that no
model object would render (a redacted name, ``a..b``) renders back unchanged.

Parts by kind: ``(schema, table, name)`` for what belongs to a table (column, constraint, index,
policy, trigger); ``(schema, name, identity arguments)`` for a function; ``(schema, name)`` for
tables and other schema objects; ``(name,)`` for schemas, extensions and roles;
``(role, schema or "*", object type)`` for default privileges.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from auditor.model import object_path

# Kinds whose path is schema.table.name: they belong to a table and are reported under it.
TABLE_CHILD_KINDS = frozenset({"column", "constraint", "index", "policy", "trigger"})
# Kinds whose first part is their schema.
_IN_SCHEMA = TABLE_CHILD_KINDS | {"table", "function", "sequence", "enum", "domain", "collation"}


@dataclass(frozen=True, init=False)
class ObjectRef:
    """One object: its kind (``table``, ``column``, ``function``, ...) and its unquoted parts.

    Equality and hashing are by ``(kind, parts)``; ``path`` is the rendered text (given, when parsed).
    """

    kind: str
    parts: tuple[str, ...]
    path: str = field(compare=False, repr=False)

    def __init__(self, kind: str, parts: tuple[str, ...], path: str | None = None) -> None:
        # Into the instance dict at once (as model.fast_init does): one per difference, per finding.
        self.__dict__.update(kind=kind, parts=parts, path=object_path(kind, *parts) if path is None else path)

    @classmethod
    def of(cls, kind: str, *parts: str) -> ObjectRef:
        """``ObjectRef.of("column", "public", "jobs", "status")``."""
        return cls(kind, parts)

    @classmethod
    def parse(cls, path: str) -> ObjectRef:
        """Read a path back: ``column:public."my.table".x`` -> ``column``, ``("public", "my.table", "x")``.

        A path with no ``kind:`` prefix has kind ``""``. Function arguments (``f(integer, text)``)
        are the function's third part: dots inside parentheses are not separators. The text given is
        kept as :attr:`path`.
        """
        kind, sep, rest = path.partition(":")
        if not sep or not kind.isidentifier():
            kind, rest = "", path
        if '"' not in rest and "(" not in rest:  # nothing quoted, no arguments: the common case
            spelled = parts = tuple(rest.split("."))
        else:
            spelled = tuple(_split_dotted(rest))
            parts = tuple(_unquote(p) for p in spelled)
            if kind == "function" and len(spelled) == 2:
                name, paren, args = _split_call(spelled[1])
                if paren:
                    parts = (parts[0], _unquote(name), args)
        ref = cls.__new__(cls)
        # The text kept as given (even empty), and what was split: no second pass over it.
        ref.__dict__.update(kind=kind, parts=parts, path=path, spelled=spelled)
        return ref

    @cached_property
    def spelled(self) -> tuple[str, ...]:
        """The dot-separated parts of the path as written there (quoting kept): joining them with
        dots gives back the qualified key. A function's arguments stay in its last part."""
        _, sep, rest = self.path.partition(":")
        return tuple(_split_dotted(rest if sep else self.path))

    @property
    def qualified(self) -> str:
        """The path after its ``kind:``, as written there (``public.jobs.status``; a migration's
        version): the whole path when it has no kind."""
        return self.path[len(self.kind) + 1 :] if self.kind else self.path

    @property
    def schema(self) -> str | None:
        """The schema the object is in, or ``None`` for schemas, extensions, roles, ..."""
        return self.parts[0] if self.kind in _IN_SCHEMA and self.parts else None

    @property
    def name(self) -> str:
        """The object's own name (a function's without its arguments)."""
        if self.kind == "function" and len(self.parts) == 3:
            return self.parts[1]
        return self.parts[-1] if self.parts else ""

    @property
    def table_key(self) -> str | None:
        """The qualified table (``public.jobs``, spelled as in the path) the object is or belongs
        to, or ``None`` for objects that are not a table nor part of one."""
        sp = self.spelled
        if (self.kind == "table" and len(sp) >= 2) or (self.kind in TABLE_CHILD_KINDS and len(sp) >= 3):
            return ".".join(sp[:2])
        return None

    def __str__(self) -> str:
        return self.path


def _unquote(part: str) -> str:
    if len(part) >= 2 and part[0] == '"' and part[-1] == '"':
        return part[1:-1].replace('""', '"')
    return part


def _split_call(text: str) -> tuple[str, str, str]:
    """``"my f"(integer)`` -> (``"my f"``, ``(``, ``integer``): the name, and the arguments inside the
    first parenthesis outside quotes up to the last one."""
    quoted = False
    for i, c in enumerate(text):
        if c == '"':
            quoted = not quoted  # a doubled quote toggles twice: still inside
        elif c == "(" and not quoted:
            end = text.rfind(")")
            return text[:i], "(", text[i + 1 : end if end > i else len(text)]
    return text, "", ""


def _split_dotted(text: str) -> list[str]:
    if '"' not in text and "(" not in text:
        # Nothing quoted, no argument list: every dot separates (the common case, by far).
        return text.split(".")
    parts: list[str] = []
    cur: list[str] = []
    quoted = False
    depth = 0
    i = 0
    while i < len(text):
        c = text[i]
        if quoted:
            cur.append(c)
            if c == '"':
                if i + 1 < len(text) and text[i + 1] == '"':  # "" is an escaped quote
                    cur.append('"')
                    i += 1
                else:
                    quoted = False
        elif c == '"':
            quoted = True
            cur.append(c)
        elif c == "(":
            depth += 1
            cur.append(c)
        elif c == ")":
            depth = max(0, depth - 1)
            cur.append(c)
        elif c == "." and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    parts.append("".join(cur))
    return parts
