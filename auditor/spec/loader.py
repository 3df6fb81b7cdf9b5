"""Read expected_schema.yaml into a :class:`Spec` holding a :class:`~auditor.model.Catalog`.

Three steps: parse the YAML keeping positions, validate it against ``spec.schema.json`` (each error
mapped back to file:line:column), then build model objects. A spec in the layout snapshots are
written in is read by :mod:`auditor.spec.fastyaml`; anything else, and every spec with an error, by
:mod:`auditor.spec.yamldoc` (libyaml), which words the errors. Both give the same result. Types
and expressions are kept as written (comparison normalizes them); what PostgreSQL would fill in
(constraint names, backing indexes, definitions) is derived so keys line up with a live catalog.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import os
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    import jsonschema

from auditor.errors import InputError
from auditor.findings import Suppression
from auditor.memory import gc_paused
from auditor.model import (
    PUBLIC,
    Catalog,
    Collation,
    Column,
    Constraint,
    DefaultPrivilege,
    Domain,
    EnumType,
    Extension,
    ForeignKeyRef,
    FrozenMap,
    Function,
    Grant,
    Index,
    Location,
    Policy,
    Relation,
    Role,
    Schema,
    Sequence,
    Trigger,
    qualify,
    quote_ident,
)
from auditor.pgvocab import index_definition_of, reloptions
from auditor.spec import fastyaml, names, quickcheck
from auditor.spec.yamldoc import Path as YPath
from auditor.spec.yamldoc import SpecDoc, parse, to_json, with_lines

#: Attributes a strict spec asserts only when it writes them: who owns an object and what it is
#: called in prose are not structure, and the derived display texts (``definition``) and function
#: body hashes cannot be expected of a hand-written spec.
STRICT_EXEMPT = frozenset({"owner", "comment", "privileges", "definition", "body_hash"})

RELATION_SECTIONS: dict[str, str] = {
    "tables": "table",
    "views": "view",
    "materialized_views": "materialized view",
    "foreign_tables": "foreign table",
}
OBJECT_SECTIONS: dict[str, str] = {
    "functions": "function",
    "sequences": "sequence",
    "enums": "enum",
    "domains": "domain",
}
CHILD_SECTIONS: dict[str, str] = {
    "columns": "column",
    "indexes": "index",
    "policies": "policy",
    "triggers": "trigger",
}
CONSTRAINT_SECTIONS: dict[str, str] = {
    "primary_key": "primary key",
    "unique": "unique constraint",
    "checks": "check constraint",
    "foreign_keys": "foreign key",
    "exclusions": "exclusion constraint",
}
DEFAULT_PRIVILEGE_TYPES: dict[str, str] = {
    "tables": "table",
    "sequences": "sequence",
    "functions": "function",
    "types": "type",
    "schemas": "schema",
}


#: A finding the spec hides (object path glob, optional code glob, why, until when): the one
#: suppression type; ``auditor.compare.ignore`` applies them.
IgnoreEntry = Suppression


@dataclass(frozen=True)
class Spec:
    """A loaded spec: the expected catalog plus what the spec says about auditing it."""

    catalog: Catalog
    ignore: tuple[IgnoreEntry, ...] = ()
    #: the ``rules:`` block as written; its mappings carry ``lines`` (key -> line) for messages
    rules: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    rules_location: Location | None = None
    platform: str | None = None
    strict: bool = False
    path: Path | None = None


@cache
def spec_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the spec format, as shipped in the package."""
    text = resources.files("auditor.spec").joinpath("spec.schema.json").read_text("utf-8")
    return cast(dict[str, Any], json.loads(text))


def load_spec(path: str | Path, *, cache_dir: str | Path | None = None) -> Spec:
    """Read and validate a spec file; raise :class:`InputError` (file:line:column) when it is invalid.
    With ``cache_dir``, an unchanged file is not parsed again (:mod:`auditor.spec.cache`)."""
    p = Path(path)
    try:
        raw = _read_regular(p)
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise InputError(
            f"spec file {p} not found", hint="check the path, or run 'schema-auditor snapshot'"
        ) from None
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        column = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        raise InputError(
            f"spec file {p} is not UTF-8 text ({e.reason})", location=Location(str(p), line, column)
        ) from None
    except OSError as e:
        raise InputError(f"cannot read spec file {p}: {e.strerror}", location=Location(str(p))) from None
    if cache_dir is not None:
        from auditor.spec.cache import cached_spec

        found = cached_spec(cache_dir, raw, p, lambda: _for_cache(_load_file(text, p)))
        if isinstance(found, Spec) and isinstance(found.catalog, Catalog):
            return _from_cache(found)
    return _load_file(text, p)


def _for_cache(spec: Spec) -> Spec:
    # an empty rules block is a MappingProxyType, which pickle refuses: stored as a plain dict
    return replace(spec, rules=dict(spec.rules)) if isinstance(spec.rules, MappingProxyType) else spec


def _from_cache(spec: Spec) -> Spec:
    return replace(spec, rules=MappingProxyType(spec.rules)) if type(spec.rules) is dict else spec


def _load_file(text: str, p: Path) -> Spec:
    spec = load_spec_text(text, str(p))
    return Spec(
        catalog=spec.catalog,
        ignore=spec.ignore,
        rules=spec.rules,
        rules_location=spec.rules_location,
        platform=spec.platform,
        strict=spec.strict,
        path=p,
    )


def _read_regular(p: Path) -> bytes:
    """The bytes of ``p`` if it is a regular file. Opened without blocking and checked on the open
    file, so a FIFO (which would wait for a writer forever) or a device (``/dev/zero`` never ends)
    is refused rather than read."""
    fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = _FILE_KINDS.get(stat.S_IFMT(mode), "not a regular file")
            raise InputError(
                f"spec file {p} is {kind}, not a regular file",
                location=Location(str(p)),
                hint="pass a YAML file",
            )
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read()
    finally:
        os.close(fd)


_FILE_KINDS = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a directory",
}


def load_spec_text(text: str, filename: str = "<spec>") -> Spec:
    """Like :func:`load_spec`, from text; ``filename`` is used in locations."""
    with gc_paused():
        try:
            return _load_fast(text, filename)
        except (fastyaml.NotFast, InputError):  # outside the fast layout, or an error to word
            pass  # read it again below: what is wrong, and where, is the general reader's to say
        # Anything else is a bug of the fast reader: it propagates, never a silent 20x slowdown.
        return _load_general(text, filename)


def _load_fast(text: str, filename: str) -> Spec:
    """Through the reader of the layout snapshots are written in; NotFast (or an InputError, worded
    by the general reader only) when the text is outside it."""
    doc = fastyaml.parse(text, filename)
    quick = _quick_check()
    if quick is None or not quick(doc.data):
        raise fastyaml.NotFast("not valid, or no quick check: jsonschema words the errors")
    return _Builder(doc).spec()


def _load_general(text: str, filename: str) -> Spec:
    doc = parse(text, filename)
    if not isinstance(doc.data, dict):
        raise InputError(
            "the spec must be a mapping", location=doc.location(()), hint="start it with 'version: 1'"
        )
    validate(doc)
    return _Builder(doc).spec()


# --- validation ---------------------------------------------------------------------------------


@cache
def _validator() -> jsonschema.Draft202012Validator:
    import jsonschema  # only to word the errors of an invalid spec (a valid one passes the quick check)

    return jsonschema.Draft202012Validator(spec_json_schema())


@cache
def _quick_check() -> Callable[[Any], bool] | None:
    try:
        return quickcheck.compile_schema(spec_json_schema())
    except quickcheck.Unsupported:
        return None


def validate(doc: SpecDoc) -> None:
    """Check ``doc`` against spec.schema.json; raise the first error (in file order) as InputError.

    A compiled check answers first; jsonschema, which words the error, runs only when it says no."""
    quick = _quick_check()
    if quick is not None and quick(doc.data):
        return
    validator = _validator()
    errors = [_to_input_error(doc, e) for e in validator.iter_errors(to_json(doc.data))]
    if errors:
        errors.sort(key=lambda e: (e.location.line or 0, e.location.column or 0) if e.location else (0, 0))
        raise errors[0]


def _to_input_error(doc: SpecDoc, err: jsonschema.ValidationError) -> InputError:
    path: YPath = tuple(err.absolute_path)
    where = describe(path)
    inst = err.instance
    # A value that is itself an object (a column, a policy) is named by the object alone.
    subject = where if path and describe(path[:-1]) != where else f"{_key_name(path)} in {where}"
    if err.validator == "additionalProperties" and isinstance(inst, dict):
        allowed = list(_schema_dict(err.schema).get("properties", {}))
        extras = [k for k in inst if k not in allowed]
        extras.sort(key=lambda k: doc.location((*path, k)).line or 0)
        key = extras[0]
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6) if allowed else []
        if close:
            hint: str | None = f"did you mean '{close[0]}'?"
        elif allowed:
            hint = "allowed keys: " + ", ".join(allowed)
        else:
            hint = None
        return InputError(f"unknown key '{key}' in {where}", location=doc.location((*path, key)), hint=hint)
    if err.validator == "required" and isinstance(inst, dict):
        missing = next(r for r in _list(err.validator_value) if r not in inst)
        desc = _description(_schema_dict(err.schema), missing)
        return InputError(
            f"missing key '{missing}' in {where}",
            location=doc.location(path),
            hint=f"add '{missing}'" + (f": {desc}" if desc else ""),
        )
    loc = doc.location(path, key=False)
    if err.validator == "type":
        wanted = [str(w) for w in _list(err.validator_value)]
        if "string" in wanted and not isinstance(inst, dict | list):
            hint = "quote it to make it text"
        elif "boolean" in wanted:
            hint = "write true or false"
        else:
            hint = None
        return InputError(
            f"{subject} must be {_or(_TYPE_WORDS[w] for w in wanted)}, not {_type_word(inst)}",
            location=loc,
            hint=hint,
        )
    if err.validator == "enum":
        return InputError(
            f"{_show(inst)} is not a valid {_key_name(path)} in {where}",
            location=loc,
            hint="use one of: " + ", ".join(str(v) for v in _list(err.validator_value)),
        )
    if err.validator == "const":
        return InputError(
            f"unsupported {path[-1] if path else 'value'} {_show(inst)}",
            location=loc,
            hint=f"write '{path[-1] if path else 'value'}: {err.validator_value}'",
        )
    if err.validator == "pattern":
        schema = _schema_dict(err.schema)
        what = schema.get("title") or _key_name(path)
        return InputError(
            f"{_show(inst)} is not a valid {what} in {where}", location=loc, hint=schema.get("description")
        )
    if err.validator in ("minLength", "minItems"):
        return InputError(f"{subject} must not be empty", location=loc)
    return InputError(f"{subject}: {err.message}", location=loc)


def _schema_dict(schema: Any) -> Mapping[str, Any]:
    return schema if isinstance(schema, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


_TYPE_WORDS = {
    "string": "text",
    "object": "a mapping",
    "array": "a list",
    "boolean": "true or false",
    "integer": "an integer",
    "number": "a number",
    "null": "empty",
}


def _type_word(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if value is None:
        return "empty"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"the text {value!r}"


def _or(words: Any) -> str:
    ws = [str(w) for w in words]
    return ws[0] if len(ws) == 1 else ", ".join(ws[:-1]) + " or " + ws[-1]


def _show(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else json.dumps(value)


def _description(schema: Mapping[str, Any], key: str) -> str | None:
    prop = schema.get("properties", {}).get(key, {})
    desc = prop.get("description")
    return str(desc) if desc else None


def _key_name(path: YPath) -> str:
    """The key a value was written under: ``type``, or ``item 2 of events`` for list items."""
    if not path:
        return "the spec"
    last = path[-1]
    if isinstance(last, int):
        return f"item {last + 1} of {_key_name(path[:-1])}"
    return f"'{last}'"


def describe(path: YPath) -> str:
    """Name the object a YAML path is in, for messages: ``table public.jobs``, ``column public.jobs.id``."""
    p = list(path)
    if not p:
        return "the spec"
    head = p[0]
    if head == "schemas" and len(p) >= 2:
        schema = str(p[1])
        desc = f"schema {quote_ident(schema)}"
        if len(p) >= 4 and p[2] in RELATION_SECTIONS:
            rel = qualify(schema, str(p[3]))
            desc = f"{RELATION_SECTIONS[str(p[2])]} {rel}"
            if len(p) >= 6 and p[4] in CHILD_SECTIONS:
                desc = f"{CHILD_SECTIONS[str(p[4])]} {rel}.{quote_ident(str(p[5]))}"
            elif len(p) >= 5 and p[4] in CONSTRAINT_SECTIONS:
                what = CONSTRAINT_SECTIONS[str(p[4])]
                nth = f" {int(p[5]) + 1}" if len(p) >= 6 and isinstance(p[5], int) else ""
                desc = f"{what}{nth} of {RELATION_SECTIONS[str(p[2])]} {rel}"
        elif len(p) >= 4 and p[2] in OBJECT_SECTIONS:
            obj = str(p[3]) if p[2] == "functions" else quote_ident(str(p[3]))
            desc = f"{OBJECT_SECTIONS[str(p[2])]} {quote_ident(schema)}.{obj}"
        return desc
    if head in ("roles", "extensions") and len(p) >= 2:
        return f"{str(head)[:-1]} {p[1]}"
    if head in ("ignore", "default_privileges") and len(p) >= 2:
        return f"{head} entry {int(p[1]) + 1}"
    if head in ("rules", "server"):
        return str(head)
    return "the spec"


# --- building the catalog -------------------------------------------------------------------------


@cache
def _attrs(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if f.compare)


#: What a ``complete: true`` spec (what snapshot writes) asserts even where it does not write it:
#: no ``grants:`` means no grants, no ``comment:`` no comment.
COMPLETE_ASSERTS = frozenset({"comment", "privileges"})


@cache
def _declared(cls: type, written: frozenset[str], strict: bool | str) -> frozenset[str]:
    # Cached: a large spec writes the same few combinations of keys many thousand times.
    # ``strict`` is "complete" under a complete spec (see COMPLETE_ASSERTS).
    if strict:
        out = frozenset(a for a in _attrs(cls) if a not in STRICT_EXEMPT) | written
        if strict == "complete":
            out |= COMPLETE_ASSERTS.intersection(_attrs(cls))
        return out
    return written


def _finish(obj: _M, **changes: Any) -> _M:
    """Set what a model object the builder has just made could not get at construction: its name
    once the table's other names are known, a definition derived from the object itself. Only for
    objects nothing else has seen yet (as a frozen dataclass sets fields in ``__post_init__``);
    saves building each constraint twice."""
    for name, value in changes.items():
        object.__setattr__(obj, name, value)
    return obj


_new = object.__new__


def _copy(obj: _M, **changes: Any) -> _M:
    """A copy of model object ``obj`` with ``changes``: what ``_evolve`` makes, without calling
    ``__init__``, for objects the builder made itself (a column or constraint written the same way
    in many tables is worked out once and copied with its own name and location)."""
    out = _new(type(obj))
    d = out.__dict__
    d.update(obj.__dict__)
    d.update(changes)
    return out


def _evolve(obj: _M, **changes: Any) -> _M:
    """``dataclasses.replace`` for the model classes the builder copies, without its walk over the
    fields on every call (tens of thousands of constraints and indexes)."""
    return type(obj)(**{**obj.__dict__, **changes})


# _evolve passes __dict__ to __init__: only right while every field is an init field, there is no
# __post_init__ and nothing else lives in the instance dict.
for _cls in (Constraint, Index, Trigger):
    assert all(f.init for f in fields(_cls)) and not hasattr(_cls, "__post_init__"), _cls

_NO_GRANTS: frozenset[Grant] = frozenset()


_COLUMN_ATTRS = frozenset(
    {"type", "default", "identity", "generated", "generated_kind", "collation", "comment", "position"}
)


@cache
def _column_written(keys: tuple[str, ...]) -> frozenset[str]:
    written = {"name"}
    for key, attr in (("not_null", "nullable"), ("nullable", "nullable"), ("grants", "privileges")):
        if key in keys:
            written.add(attr)
    written |= {k for k in keys if k in _COLUMN_ATTRS}
    return frozenset(written)


_INDEX_ATTRS = (
    ("columns", "keys"),
    ("unique", "unique"),
    ("primary", "primary"),
    ("method", "method"),
    ("include", "include"),
    ("where", "predicate"),
    ("nulls_not_distinct", "nulls_not_distinct"),
    ("valid", "valid"),
    ("constraint", "constraint"),
    ("definition", "definition"),
    ("storage", "storage"),
)


@cache
def _index_written(keys: tuple[str, ...]) -> frozenset[str]:
    return frozenset({"name", *(attr for key, attr in _INDEX_ATTRS if key in keys)})


def _parent_node(v: dict[str, Any], path: YPath, at: YPath) -> Any:
    """The value at ``at[:-1]``, ``v`` being the value at ``path``, when ``at`` is at most two steps
    below ``path`` (a constraint of the table or an entry of one of its sections); else None."""
    if len(at) == len(path) + 1:
        return v
    section = at[-2]
    if len(at) == len(path) + 2 and type(section) is str:
        return v.get(section)
    return None


def _role_name(name: str) -> str:
    # No role can be called "public": it always means the PUBLIC pseudo-role.
    return PUBLIC if name.lower() == "public" else name


_M = TypeVar("_M")
#: a constraint as written, before its name is known: the constraint, the name written (if any),
#: the attributes written, its definition and whether its backing index is implied
_Proto = tuple[Constraint, str | None, frozenset[str], str | None, bool]
_PRIVILEGES = {"temp": "TEMPORARY"}
_INLINE_CONSTRAINTS = frozenset({"primary_key", "unique", "check", "references"})
_GRANT_OPTION = " with grant option"


class _Builder:
    def __init__(self, doc: SpecDoc) -> None:
        self.doc = doc
        # (grantee, privilege as written) -> Grant: a spec grants the same few thousand times over
        self.known_grants: dict[tuple[str, str], Grant] = {}
        # The fast reader gives identical lines one value object: a column written the same way in
        # many tables (`id: {type: uuid, not_null: true}`) is worked out once. Keyed by the value's
        # id, which stays unique while the document is alive; the general reader shares nothing.
        self.known_columns: dict[tuple[int, str, int, bool], Column] | None = (
            {} if isinstance(doc, fastyaml.FastDoc) else None
        )
        # Constraint prototypes (without name, declared and location) by memo_key
        self.known_constraints: dict[tuple[str, str, Any], _Proto] = {}
        # The fast reader answers positions from the collection at hand, without walking a path.
        self.fast = doc if isinstance(doc, fastyaml.FastDoc) else None
        # what a strict object declares: "complete" also asserts grants and comments (COMPLETE_ASSERTS)
        self.complete: bool | str = "complete" if doc.data.get("complete") is True else True

    # helpers
    def loc(self, path: YPath) -> Location:
        return self.doc.location(path)

    def memo_key(self, section: str, value: Any, context: str = "") -> tuple[str, str, Any] | None:
        """A key for what is read from ``value`` (an entry of a table's ``section``) alone: text by
        value; a collection of the fast reader by identity, as it gives identical lines one value
        object (alive, and so its id unique, while the document is); None for anything else."""
        if type(value) is str:
            return (section, context, value)
        if self.fast is not None and (type(value) is dict or type(value) is list):
            return (section, context, id(value))
        return None

    def loc_in(self, node: Any, key: Any, path: YPath) -> Location:
        """``loc(path)`` where ``node`` is the value at ``path[:-1]`` and ``key`` is ``path[-1]``."""
        if self.fast is not None:
            found = self.fast.child_location(node, key)
            if found is not None:
                return found
        return self.loc(path)

    def locations(self, path: YPath, node: Any) -> Callable[[Any], Location]:
        """``locations(path, node)(key)`` is ``loc((*path, key))``, ``node`` being the value at
        ``path``: the reader may work them all out at once for a collection whose every entry is an
        object."""
        found = self.fast.child_locations(node) if self.fast is not None else self.doc.locations(path)
        if found is None:
            return lambda key: self.loc((*path, key))
        return found.__getitem__

    def text(self, path: YPath) -> str | None:
        """A scalar as written, so ``default: 0`` is the expression ``0`` and ``comment: 2024-01-01``
        the text it looks like."""
        return self.doc.raw(path)

    def req_text(self, path: YPath) -> str:
        out = self.text(path)
        assert out is not None  # the JSON Schema requires it
        return out

    def scalar(self, value: Any, path: YPath) -> str | None:
        """``text(path)`` given the ``value`` read there: text is its own spelling (no look-up)."""
        if type(value) is str:
            return value
        if value is None or isinstance(value, dict | list):
            return None
        return self.doc.raw(path)

    def req_scalar(self, value: Any, path: YPath) -> str:
        out = self.scalar(value, path)
        assert out is not None  # the JSON Schema requires it
        return out

    def attr(self, v: Mapping[str, Any], path: YPath, key: str) -> str | None:
        """``text((*path, key))`` where ``v`` is the mapping at ``path``."""
        value = v.get(key)
        if type(value) is str:
            return value
        if value is None or isinstance(value, dict | list):
            return None
        return self.doc.raw((*path, key))

    def req_attr(self, v: Mapping[str, Any], path: YPath, key: str) -> str:
        out = self.attr(v, path, key)
        assert out is not None  # the JSON Schema requires it
        return out

    def texts(self, path: YPath, values: list[Any]) -> tuple[str, ...]:
        for value in values:
            if type(value) is not str:
                return tuple(self.req_text((*path, i)) for i in range(len(values)))
        return tuple(values)

    def declared(self, cls: type, written: set[str], strict: bool) -> frozenset[str]:
        return _declared(cls, frozenset(written), self.complete if strict else False)

    def error(self, path: YPath, message: str, hint: str | None = None, *, key: bool = True) -> InputError:
        return InputError(
            f"{message} in {describe(path)}", location=self.doc.location(path, key=key), hint=hint
        )

    def grants(self, path: YPath, value: Mapping[str, list[str]] | None) -> frozenset[Grant]:
        if not value:
            return _NO_GRANTS
        out = set()
        known = self.known_grants
        for grantee, privs in value.items():
            for i, written in enumerate(privs):
                priv = self.req_scalar(written, (*path, grantee, i))
                grant = known.get((grantee, priv))
                if grant is None:
                    text = priv
                    grantable = priv.endswith(_GRANT_OPTION)
                    if grantable:
                        priv = priv[: -len(_GRANT_OPTION)]
                    grant = known[grantee, text] = Grant(
                        _role_name(grantee), _PRIVILEGES.get(priv, priv.upper()), grantable
                    )
                out.add(grant)
        return frozenset(out)

    def storage(self, path: YPath, value: Mapping[str, Any] | None) -> frozenset[str]:
        """``storage: {fillfactor: 70}``: each value as written (``70``, ``off``), as reloptions text."""
        if not value:
            return frozenset()
        return reloptions(f"{k}={self.req_scalar(x, (*path, k))}" for k, x in value.items())

    def roles_list(self, path: YPath, value: str | list[str]) -> frozenset[str]:
        if isinstance(value, list):
            return frozenset(_role_name(role) for role in self.texts(path, value))
        return frozenset({_role_name(self.req_scalar(value, path))})

    # the spec
    def spec(self) -> Spec:
        d: dict[str, Any] = self.doc.data
        strict = bool(d.get("strict", False))
        server = d.get("server") or {}
        catalog = Catalog(
            schemas=FrozenMap(
                (name, self.schema(name, ("schemas", name), v, strict))
                for name, v in (d.get("schemas") or {}).items()
            ),
            extensions=FrozenMap(
                (name, self.extension(name, ("extensions", name), v, strict))
                for name, v in (d.get("extensions") or {}).items()
            ),
            roles=FrozenMap(
                (name, self.role(name, ("roles", name), v, strict))
                for name, v in (d.get("roles") or {}).items()
            ),
            default_privileges=self.default_privileges(d.get("default_privileges") or []),
            server_version=self.text(("server", "version")) if "version" in server else None,
            server_version_num=server.get("version_num"),
            strict=strict,
            exhaustive=self.complete == "complete",
        )
        rules = d.get("rules")
        return Spec(
            catalog=catalog,
            ignore=tuple(self.ignore_entry(("ignore", i), e) for i, e in enumerate(d.get("ignore") or [])),
            rules=with_lines(self.doc, ("rules",)) if rules else MappingProxyType({}),
            rules_location=self.loc(("rules",)) if "rules" in d else None,
            platform=d.get("platform"),
            strict=strict,
        )

    def ignore_entry(self, path: YPath, e: dict[str, Any]) -> IgnoreEntry:
        expires = e.get("expires")
        if isinstance(expires, str):
            try:
                expires = dt.date.fromisoformat(expires)
            except ValueError:
                raise self.error(
                    (*path, "expires"), f"invalid date {expires!r}", "write YYYY-MM-DD", key=False
                ) from None
        return IgnoreEntry(
            object=self.req_attr(e, path, "object"),
            code=self.attr(e, path, "code"),
            reason=self.req_attr(e, path, "reason"),
            expires=expires,
            location=self.doc.location(path, key=False),
        )

    def role(self, name: str, path: YPath, v: dict[str, Any] | None, strict: bool) -> Role:
        v = v or {}
        return Role(
            name=name,
            login=v.get("login", False),
            superuser=v.get("superuser", False),
            bypassrls=v.get("bypassrls", False),
            inherit=v.get("inherit", True),
            createrole=v.get("createrole", False),
            createdb=v.get("createdb", False),
            member_of=frozenset(self.texts((*path, "member_of"), v.get("member_of", []))),
            declared=self.declared(Role, {"name", *v}, strict),
            location=self.loc(path),
        )

    def extension(self, name: str, path: YPath, v: dict[str, Any] | None, strict: bool) -> Extension:
        v = v or {}
        return Extension(
            name=name,
            version=self.attr(v, path, "version"),
            schema=self.attr(v, path, "schema"),
            declared=self.declared(Extension, {"name", *v}, strict),
            location=self.loc(path),
        )

    def default_privileges(self, entries: list[dict[str, Any]]) -> frozenset[DefaultPrivilege]:
        out = set()
        for i, e in enumerate(entries):
            path: YPath = ("default_privileges", i)
            grantees = self.roles_list((*path, "to"), e["to"])
            for j, _ in enumerate(e["grant"]):
                priv = self.req_text((*path, "grant", j))
                grantable = priv.endswith(_GRANT_OPTION)
                if grantable:
                    priv = priv[: -len(_GRANT_OPTION)]
                for grantee in grantees:
                    out.add(
                        DefaultPrivilege(
                            role=self.req_text((*path, "for_role")),
                            schema=self.text((*path, "in_schema")),
                            object_type=cast(Any, DEFAULT_PRIVILEGE_TYPES[e["on"]]),
                            grantee=grantee,
                            privilege=_PRIVILEGES.get(priv, priv.upper()),
                            grantable=grantable,
                        )
                    )
        return frozenset(out)

    def schema(self, name: str, path: YPath, v: dict[str, Any] | None, inherited: bool) -> Schema:
        v = v or {}
        strict = bool(v.get("strict", inherited))
        relations: dict[str, Relation] = {}
        seen: dict[str, YPath] = {}
        for section in RELATION_SECTIONS:
            for rname, rv in (v.get(section) or {}).items():
                rpath = (*path, section, rname)
                if rname in seen:
                    first = self.loc(seen[rname])
                    raise self.error(
                        rpath,
                        f"relation '{rname}' is written twice (also at line {first.line})",
                        "tables and views share one namespace: keep one",
                    )
                seen[rname] = rpath
                relations[rname] = self.relation(name, rname, section, rpath, rv, strict)
        functions: dict[str, Function] = {}
        for key, fv in (v.get("functions") or {}).items():
            fn = self.function(name, key, (*path, "functions", key), fv, strict)
            functions[f"{fn.name}({fn.arguments})"] = fn
        written = {"name"}
        for k in ("owner", "comment"):
            if k in v:
                written.add(k)
        if "grants" in v:
            written.add("privileges")
        if any(s in v for s in RELATION_SECTIONS):
            written.add("relations")
        written |= {s for s in OBJECT_SECTIONS if s in v}
        if "collations" in v:
            written.add("collations")
        return Schema(
            name=name,
            owner=self.attr(v, path, "owner"),
            comment=self.attr(v, path, "comment"),
            privileges=self.grants((*path, "grants"), v.get("grants")),
            relations=FrozenMap(relations),
            functions=FrozenMap(functions),
            sequences=FrozenMap(
                (n, self.sequence(name, n, (*path, "sequences", n), sv, strict))
                for n, sv in (v.get("sequences") or {}).items()
            ),
            enums=FrozenMap(
                (n, self.enum(name, n, (*path, "enums", n), ev, strict))
                for n, ev in (v.get("enums") or {}).items()
            ),
            domains=FrozenMap(
                (n, self.domain(name, n, (*path, "domains", n), dv, strict))
                for n, dv in (v.get("domains") or {}).items()
            ),
            collations=FrozenMap(
                (n, self.collation(name, n, (*path, "collations", n), cv, strict))
                for n, cv in (v.get("collations") or {}).items()
            ),
            strict=strict,
            declared=self.declared(Schema, written, strict),
            location=self.loc(path),
        )

    # relations
    def relation(
        self, schema: str, name: str, section: str, path: YPath, v: dict[str, Any] | None, inherited: bool
    ) -> Relation:
        v = v or {}
        strict = bool(v.get("strict", inherited))
        kind = RELATION_SECTIONS[section]
        if section == "tables" and "partition_by" in v:
            kind = "partitioned table"
        written = {"schema", "name", "kind"}
        rls_enabled = rls_forced = False
        rls = v.get("rls")
        if isinstance(rls, bool):
            rls_enabled = rls
            written.add("rls_enabled")
        elif isinstance(rls, dict):
            rls_enabled = rls.get("enabled", False)
            rls_forced = rls.get("forced", False)
            written |= {a for k, a in (("enabled", "rls_enabled"), ("forced", "rls_forced")) if k in rls}

        columns: dict[str, Column] = {}
        position = 0
        at = self.locations((*path, "columns"), v.get("columns"))
        for cname, cv in (v.get("columns") or {}).items():
            col = self.column(cname, (*path, "columns", cname), cv, position + 1, strict, at(cname))
            position = col.position
            columns[cname] = col

        constraints = self.constraints(schema, name, kind == "partitioned table", path, v, strict)
        if strict:
            self.check_columns_exist(columns, constraints)
        indexes: dict[str, Index] = {}
        at = self.locations((*path, "indexes"), v.get("indexes"))
        for iname, iv in (v.get("indexes") or {}).items():
            indexes[iname] = self.index(
                schema,
                name,
                kind == "partitioned table",
                iname,
                (*path, "indexes", iname),
                iv,
                strict,
                at(iname),
            )
        for c, _, want_index in constraints:
            if not want_index or c.name in indexes:
                continue
            backing = names.backing_index(schema, name, kind == "partitioned table", c)
            if backing is not None:
                indexes[c.name] = _evolve(
                    backing,
                    declared=self.declared(
                        Index,
                        {"name", "keys", "unique", "primary", "nulls_not_distinct", "constraint", "include"},
                        strict,
                    ),
                    location=c.location,
                )

        for key, attr in (
            ("owner", "owner"),
            ("comment", "comment"),
            ("columns", "columns"),
            ("indexes", "indexes"),
            ("policies", "policies"),
            ("triggers", "triggers"),
            ("grants", "privileges"),
            ("definition", "view_definition"),
            ("security_invoker", "security_invoker"),
            ("security_barrier", "security_barrier"),
            ("partition_by", "partition_key"),
            ("partition_of", "partition_of"),
            ("partition_bound", "partition_bound"),
            ("storage", "storage"),
            ("unlogged", "unlogged"),
            ("inherits", "inherits"),
            ("check_option", "check_option"),
            ("replica_identity", "replica_identity"),
            ("replica_identity", "replica_identity_index"),
        ):
            if key in v:
                written.add(attr)
        if constraints or any(k in v for k in CONSTRAINT_SECTIONS):
            written.add("constraints")
        partition_of = self.attr(v, path, "partition_of")
        replica_identity = self.attr(v, path, "replica_identity") or "default"
        replica_index = None
        if replica_identity.lower().startswith("using index "):
            replica_identity, replica_index = "index", replica_identity[len("using index ") :].strip()
        elif replica_identity not in ("default", "full", "nothing"):
            raise self.error(
                (*path, "replica_identity"),
                f"unknown replica identity {replica_identity!r}",
                "write default, full, nothing or using index NAME",
                key=False,
            )
        policy_at = self.locations((*path, "policies"), v.get("policies"))
        return Relation(
            schema=schema,
            name=name,
            kind=cast(Any, kind),
            owner=self.attr(v, path, "owner"),
            comment=self.attr(v, path, "comment"),
            rls_enabled=rls_enabled,
            rls_forced=rls_forced,
            columns=FrozenMap(columns),
            constraints=FrozenMap((c.name, c) for c, _, _ in constraints),
            indexes=FrozenMap(indexes),
            policies=FrozenMap(
                (n, self.policy(n, (*path, "policies", n), pv, strict, policy_at(n)))
                for n, pv in (v.get("policies") or {}).items()
            ),
            triggers=FrozenMap(
                (n, self.trigger(schema, name, n, (*path, "triggers", n), tv, strict))
                for n, tv in (v.get("triggers") or {}).items()
            ),
            privileges=self.grants((*path, "grants"), v.get("grants")),
            view_definition=self.attr(v, path, "definition"),
            security_invoker=v.get("security_invoker", False),
            security_barrier=v.get("security_barrier", False),
            partition_key=self.attr(v, path, "partition_by"),
            partition_of=names.absolute(partition_of, schema) if partition_of is not None else None,
            partition_bound=self.attr(v, path, "partition_bound"),
            storage=self.storage((*path, "storage"), v.get("storage")),
            unlogged=v.get("unlogged", False),
            replica_identity=cast(Any, replica_identity),
            replica_identity_index=replica_index,
            inherits=tuple(
                names.absolute(x, schema) for x in self.texts((*path, "inherits"), v.get("inherits", []))
            ),
            check_option=v.get("check_option"),
            strict=strict,
            declared=self.declared(Relation, written, strict),
            location=self.loc(path),
        )

    def column(
        self, name: str, path: YPath, v: str | dict[str, Any], position: int, strict: bool, where: Location
    ) -> Column:
        if isinstance(v, str):
            return Column(
                name=name,
                type=self.req_scalar(v, path),
                position=position,
                declared=self.declared(Column, {"name", "type"}, strict),
                location=where,
            )
        if not isinstance(v, dict) or isinstance(v.get("type"), dt.date):
            # The schema lets a date through where text goes (``comment: 2024-01-01``); as a
            # type it is a slip (an unquoted value in the type's place), not a type name.
            at = path if not isinstance(v, dict) else (*path, "type")
            raise self.error(at, f"the date {self.text(at)} is not a type", "write a type name", key=False)
        key = (id(v), name, position, strict)
        proto = self.known_columns.get(key) if self.known_columns is not None else None
        if proto is None:
            if "not_null" in v and "nullable" in v:
                raise self.error(
                    (*path, "nullable"), "both 'not_null' and 'nullable' are written", "keep one of them"
                )
            nullable = not v["not_null"] if "not_null" in v else v.get("nullable", True)
            ctype = self.attr(v, path, "type")
            if ctype is None:
                if strict:
                    raise self.error(path, "missing key 'type'", "a strict spec gives every column its type")
                ctype = ""  # not declared: the comparison never looks at it
            proto = Column(
                name=name,
                type=ctype,
                position=v.get("position", position),
                nullable=nullable,
                default=self.attr(v, path, "default"),
                identity=v.get("identity"),
                generated=self.attr(v, path, "generated"),
                generated_kind=v.get("generated_kind"),
                collation=self.attr(v, path, "collation"),
                comment=self.attr(v, path, "comment"),
                privileges=self.grants((*path, "grants"), v.get("grants")),
                declared=_declared(Column, _column_written(tuple(v)), self.complete if strict else False),
            )
            if "generated" in v and "generated_kind" not in v and proto.is_declared("generated_kind"):
                # A generated column that does not say STORED or VIRTUAL (a spec written before
                # PostgreSQL 18, or by hand) asserts its expression, not its kind.
                _finish(proto, declared=(proto.declared or frozenset()) - {"generated_kind"})
            if self.known_columns is not None:
                self.known_columns[key] = proto
        return _copy(proto, location=where)

    def constraints(
        self, schema: str, table: str, partitioned: bool, path: YPath, v: dict[str, Any], strict: bool
    ) -> list[tuple[Constraint, YPath, bool]]:
        """The table's constraints with their names resolved; each with its path and whether its
        backing index is implied."""
        protos: list[tuple[_Proto, YPath]] = []
        known = self.known_constraints

        def add(c: Constraint, cv: Any, cpath: YPath, written: set[str], key: Any = None) -> None:
            obj = cv if isinstance(cv, dict) else {}
            name = self.attr(obj, cpath, "name") if "name" in obj else None
            if "definition" in obj:
                written.add("definition")
            written.add("name")
            # constraint_definition does not read the name: worked out before it is known
            definition = c.definition if "definition" in obj else names.constraint_definition(c)
            proto = (c, name, frozenset(written), definition, obj.get("index", True))
            if key is not None:
                known[key] = proto
            protos.append((proto, cpath))

        def reuse(key: Any, cpath: YPath) -> bool:
            """Whether an entry written as this one has been read before (then it is taken)."""
            proto = known.get(key) if key is not None else None
            if proto is None:
                return False
            protos.append((proto, cpath))
            return True

        # Column constraints (`id: {type: uuid, primary_key: true}`) come before table constraints,
        # in column order, as PostgreSQL names them.
        inline: dict[str, list[tuple[str, YPath]]] = {
            key: [] for key in ("primary_key", "unique", "check", "references")
        }
        for cname, cv in (v.get("columns") or {}).items():
            if isinstance(cv, dict) and not _INLINE_CONSTRAINTS.isdisjoint(cv):
                for key, found in inline.items():
                    if cv.get(key) not in (None, False):
                        found.append((cname, (*path, "columns", cname, key)))
        pks = [*inline["primary_key"], *([(None, (*path, "primary_key"))] if "primary_key" in v else [])]
        if len(pks) > 1:
            raise InputError(
                f"a second primary key for table {qualify(schema, table)} "
                f"(the first is at line {self.loc(pks[0][1]).line})",
                location=self.loc(pks[1][1]),
                hint="a table has one: list all its columns in one place",
            )
        for cname, p in inline["primary_key"]:
            add(Constraint(name="", kind="primary key", columns=(cname,)), {}, p, {"kind", "columns"})
        pk = v.get("primary_key")
        p = (*path, "primary_key")
        memo = self.memo_key("primary_key", pk)
        if pk is not None and not reuse(memo, p):
            obj = pk if isinstance(pk, dict) else {"columns": pk}
            cols_path = (*p, "columns") if isinstance(pk, dict) else p
            add(
                Constraint(
                    name="",
                    kind="primary key",
                    columns=self.texts(cols_path, obj["columns"]),
                    deferrable=obj.get("deferrable", False),
                    initially_deferred=obj.get("initially_deferred", False),
                    definition=self.attr(obj, p, "definition"),
                    include=self.texts((*p, "include"), obj.get("include", [])),
                ),
                pk,
                p,
                {
                    "kind",
                    "columns",
                    *(k for k in ("deferrable", "initially_deferred", "include") if k in obj),
                },
                memo,
            )
        for cname, p in inline["unique"]:
            add(Constraint(name="", kind="unique", columns=(cname,)), {}, p, {"kind", "columns"})
        for i, u in enumerate(v.get("unique") or []):
            p = (*path, "unique", i)
            memo = self.memo_key("unique", u)
            if reuse(memo, p):
                continue
            obj = u if isinstance(u, dict) else {"columns": u}
            cols_path = (*p, "columns") if isinstance(u, dict) else p
            add(
                Constraint(
                    name="",
                    kind="unique",
                    columns=self.texts(cols_path, obj["columns"]),
                    nulls_not_distinct=obj.get("nulls_not_distinct", False),
                    deferrable=obj.get("deferrable", False),
                    initially_deferred=obj.get("initially_deferred", False),
                    definition=self.attr(obj, p, "definition"),
                    include=self.texts((*p, "include"), obj.get("include", [])),
                ),
                u,
                p,
                {
                    "kind",
                    "columns",
                    *(
                        k
                        for k in ("nulls_not_distinct", "deferrable", "initially_deferred", "include")
                        if k in obj
                    ),
                },
                memo,
            )
        for _, p in inline["check"]:
            expr = self.req_text(p)
            columns = names.check_columns(expr) or ()
            add(
                Constraint(name="", kind="check", columns=columns, expression=expr),
                {},
                p,
                {"kind", "expression"},
            )
        for i, ch in enumerate(v.get("checks") or []):
            p = (*path, "checks", i)
            memo = self.memo_key("checks", ch)
            if reuse(memo, p):
                continue
            obj = ch if isinstance(ch, dict) else {}
            expr = self.req_attr(ch, p, "expression") if isinstance(ch, dict) else self.req_scalar(ch, p)
            written = {"kind", "expression"}
            written |= {
                a
                for k, a in (("no_inherit", "no_inherit"), ("valid", "validated"), ("columns", "columns"))
                if k in obj
            }
            if "columns" in obj:
                check_cols = self.texts((*p, "columns"), obj["columns"])
            else:
                check_cols = names.check_columns(expr) or ()
            add(
                Constraint(
                    name="",
                    kind="check",
                    columns=check_cols,
                    expression=expr,
                    no_inherit=obj.get("no_inherit", False),
                    validated=obj.get("valid", True),
                    definition=self.attr(obj, p, "definition"),
                ),
                ch,
                p,
                written,
                memo,
            )
        for cname, p in inline["references"]:
            ref = self.reference(p, schema)
            add(
                Constraint(name="", kind="foreign key", columns=(cname,), references=ref),
                {},
                p,
                {"kind", "columns", "references"},
            )
        for i, fk in enumerate(v.get("foreign_keys") or []):
            p = (*path, "foreign_keys", i)
            memo = self.memo_key("foreign_keys", fk, schema)  # references name tables in this schema
            if reuse(memo, p):
                continue
            written = {"kind", "columns", "references"}
            written |= {
                a
                for k, a in (
                    ("on_delete", "on_delete"),
                    ("on_update", "on_update"),
                    ("match", "match_full"),
                    ("deferrable", "deferrable"),
                    ("initially_deferred", "initially_deferred"),
                    ("valid", "validated"),
                )
                if k in fk
            }
            add(
                Constraint(
                    name="",
                    kind="foreign key",
                    columns=self.texts((*p, "columns"), fk["columns"]),
                    references=self.reference((*p, "references"), schema),
                    on_delete=fk.get("on_delete", "no action"),
                    on_update=fk.get("on_update", "no action"),
                    match_full=fk.get("match") == "full",
                    deferrable=fk.get("deferrable", False),
                    initially_deferred=fk.get("initially_deferred", False),
                    validated=fk.get("valid", True),
                    definition=self.attr(fk, p, "definition"),
                ),
                fk,
                p,
                written,
                memo,
            )
        for i, ex in enumerate(v.get("exclusions") or []):
            p = (*path, "exclusions", i)
            add(
                Constraint(
                    name="",
                    kind="exclusion",
                    columns=self.texts((*p, "columns"), ex.get("columns", [])),
                    expression=self.req_attr(ex, p, "expression"),
                    deferrable=ex.get("deferrable", False),
                    initially_deferred=ex.get("initially_deferred", False),
                    definition=self.attr(ex, p, "definition"),
                ),
                ex,
                p,
                {
                    "kind",
                    "expression",
                    *(k for k in ("columns", "deferrable", "initially_deferred") if k in ex),
                },
            )

        # CREATE TABLE merges an unnamed primary key or unique constraint into an earlier identical
        # one (`code text UNIQUE, UNIQUE (code)` makes one constraint); so does the spec.
        kept: list[tuple[_Proto, YPath]] = []
        for entry in protos:
            c, name = entry[0][0], entry[0][1]
            sig = names.unique_signature(c)
            if name is None and sig is not None and any(names.unique_signature(k[0][0]) == sig for k in kept):
                continue
            kept.append(entry)
        protos = kept
        chosen = names.assign_constraint_names(table, [(proto[0], proto[1]) for proto, _ in protos])
        out: list[tuple[Constraint, YPath, bool]] = []
        seen: dict[str, YPath] = {}
        for ((c, _, attrs, definition, want_index), cpath), cname in zip(protos, chosen, strict=True):
            if cname in seen:
                raise self.error(
                    cpath,
                    f"constraint name '{cname}' is used twice (also at line {self.loc(seen[cname]).line})",
                    "give one of them another 'name'",
                )
            seen[cname] = cpath
            # the prototype may be shared with other tables (see add()): each gets its own copy
            c = _copy(
                c,
                definition=definition,
                name=cname,
                declared=_declared(Constraint, attrs, self.complete if strict else False),
                location=self.loc_in(_parent_node(v, path, cpath), cpath[-1], cpath),
            )
            out.append((c, cpath, want_index))
        return out

    def reference(self, path: YPath, schema: str) -> ForeignKeyRef:
        """``[schema.]table(column, ...)``: an unqualified table is in the referencing table's schema."""
        text = self.req_text(path)
        ref = names.split_reference(text)
        if ref is None:
            raise self.error(
                path,
                f"cannot read references {text!r}",
                "write [schema.]table(column, ...), e.g. jobs(run_id)",
                key=False,
            )
        ref_schema, ref_table, ref_cols = ref
        return ForeignKeyRef(qualify(ref_schema or schema, ref_table), ref_cols)

    def check_columns_exist(
        self, columns: Mapping[str, Column], constraints: list[tuple[Constraint, YPath, bool]]
    ) -> None:
        """A strict table lists all its columns, so a constraint naming another one is a typo."""
        for c, cpath, _ in constraints:
            if c.kind == "check":
                continue  # derived from the expression, which may name other things
            for i, col in enumerate(c.columns):
                if col not in columns:
                    close = difflib.get_close_matches(col, list(columns), n=1)
                    item = (*cpath, i) if self.doc.has((*cpath, i)) else (*cpath, "columns", i)
                    raise self.error(
                        item,
                        f"unknown column '{col}'",
                        f"did you mean '{close[0]}'?" if close else "list it under columns",
                        key=False,
                    )

    def index(
        self,
        schema: str,
        table: str,
        partitioned: bool,
        name: str,
        path: YPath,
        v: dict[str, Any],
        strict: bool,
        where: Location,
    ) -> Index:
        ix = Index(
            name=name,
            keys=self.texts((*path, "columns"), v["columns"]),
            unique=v.get("unique", False),
            primary=v.get("primary", False),
            method=self.attr(v, path, "method") or "btree",
            include=self.texts((*path, "include"), v.get("include", [])),
            predicate=self.attr(v, path, "where"),
            nulls_not_distinct=v.get("nulls_not_distinct", False),
            valid=v.get("valid", True),
            constraint=self.attr(v, path, "constraint"),
            definition=self.attr(v, path, "definition"),
            storage=self.storage((*path, "storage"), v.get("storage")),
            declared=_declared(Index, _index_written(tuple(v)), self.complete if strict else False),
            location=where,
        )
        if "definition" not in v:
            ix = _finish(ix, definition=index_definition_of(schema, table, ix, partitioned=partitioned))
        return ix

    def policy(
        self, name: str, path: YPath, v: dict[str, Any] | None, strict: bool, where: Location
    ) -> Policy:
        v = v or {}
        written = {"name"}
        for key, attr in (("for", "command"), ("as", "permissive"), ("to", "roles"), ("using", "using")):
            if key in v:
                written.add(attr)
        if "with_check" in v:
            written.add("with_check")
        return Policy(
            name=name,
            command=cast(Any, str(v.get("for", "all")).upper()),
            permissive=v.get("as", "permissive") == "permissive",
            roles=self.roles_list((*path, "to"), v["to"]) if "to" in v else frozenset({PUBLIC}),
            using=self.attr(v, path, "using"),
            with_check=self.attr(v, path, "with_check"),
            declared=self.declared(Policy, written, strict),
            location=where,
        )

    def trigger(
        self, schema: str, table: str, name: str, path: YPath, v: dict[str, Any], strict: bool
    ) -> Trigger:
        written = {"name"}
        for key, attr in (
            ("timing", "timing"),
            ("events", "events"),
            ("of", "update_columns"),
            ("for_each", "level"),
            ("when", "when"),
            ("function", "function"),
            ("enabled", "enabled"),
            ("definition", "definition"),
            ("arguments", "arguments"),
            ("constraint", "constraint"),
            ("deferrable", "deferrable"),
            ("initially_deferred", "initially_deferred"),
        ):
            if key in v:
                written.add(attr)
        t = Trigger(
            name=name,
            timing=v.get("timing", "after"),
            events=frozenset(v["events"]),
            level=v.get("for_each", "statement"),
            function=names.absolute(_without_call(self.req_attr(v, path, "function")), schema),
            when=self.attr(v, path, "when"),
            enabled=v.get("enabled", "origin"),
            update_columns=self.texts((*path, "of"), v.get("of", [])),
            definition=self.attr(v, path, "definition"),
            arguments=self.texts((*path, "arguments"), v.get("arguments", [])),
            constraint=v.get("constraint", False),
            deferrable=v.get("deferrable", False),
            initially_deferred=v.get("initially_deferred", False),
            declared=self.declared(Trigger, written, strict),
            location=self.loc(path),
        )
        if "definition" not in v:
            t = _finish(t, definition=names.trigger_definition(schema, table, t))
        return t

    # other schema objects
    def function(
        self, schema: str, key: str, path: YPath, v: dict[str, Any] | None, strict: bool
    ) -> Function:
        v = v or {}
        split = split_function_key(key)
        if split is None:
            raise self.error(
                path,
                f"function key {key!r} must be name(arguments)",
                "write the identity arguments as PostgreSQL prints them, e.g. touch(uuid) or now()",
            )
        fname, args = split
        if "body" in v and "body_hash" in v:
            raise self.error(
                (*path, "body_hash"), "both 'body' and 'body_hash' are written", "keep one of them"
            )
        body_hash = self.attr(v, path, "body_hash")
        if "body" in v:
            body_hash = hashlib.sha256(self.req_attr(v, path, "body").encode()).hexdigest()
        written = {"schema", "name", "arguments"}
        for k, attr in (
            ("kind", "kind"),
            ("returns", "returns"),
            ("language", "language"),
            ("volatility", "volatility"),
            ("security_definer", "security_definer"),
            ("returns_null_on_null_input", "strict"),
            ("set", "config"),
            ("owner", "owner"),
            ("body", "body_hash"),
            ("body_hash", "body_hash"),
            ("comment", "comment"),
            ("grants", "privileges"),
        ):
            if k in v:
                written.add(attr)
        config = frozenset(f"{k}={self.req_text((*path, 'set', k))}" for k in (v.get("set") or {}))
        return Function(
            schema=schema,
            name=fname,
            arguments=args,
            kind=v.get("kind", "function"),
            returns=self.attr(v, path, "returns"),
            language=self.attr(v, path, "language") or "sql",
            volatility=v.get("volatility", "volatile"),
            security_definer=v.get("security_definer", False),
            strict=v.get("returns_null_on_null_input", False),
            config=config,
            owner=self.attr(v, path, "owner"),
            body_hash=body_hash,
            body=self.attr(v, path, "body"),
            comment=self.attr(v, path, "comment"),
            privileges=self.grants((*path, "grants"), v.get("grants")),
            declared=self.declared(Function, written, strict),
            location=self.loc(path),
        )

    def sequence(
        self, schema: str, name: str, path: YPath, v: dict[str, Any] | None, strict: bool
    ) -> Sequence:
        v = v or {}
        written = {"schema", "name", *(k for k in v if k != "grants")}
        if "grants" in v:
            written.add("privileges")
        return Sequence(
            schema=schema,
            name=name,
            type=self.attr(v, path, "type") or "bigint",
            start=v.get("start", 1),
            increment=v.get("increment", 1),
            min_value=v.get("min_value"),
            max_value=v.get("max_value"),
            cache=v.get("cache", 1),
            cycle=v.get("cycle", False),
            owned_by=self.attr(v, path, "owned_by"),
            owner=self.attr(v, path, "owner"),
            privileges=self.grants((*path, "grants"), v.get("grants")),
            declared=self.declared(Sequence, written, strict),
            location=self.loc(path),
        )

    def enum(
        self, schema: str, name: str, path: YPath, v: list[Any] | dict[str, Any], strict: bool
    ) -> EnumType:
        if isinstance(v, list):
            labels, written, obj = self.texts(path, v), {"labels"}, {}
        else:
            labels, obj = self.texts((*path, "labels"), v["labels"]), v
            written = set(v)
        return EnumType(
            schema=schema,
            name=name,
            labels=labels,
            owner=self.attr(obj, path, "owner") if "owner" in obj else None,
            comment=self.attr(obj, path, "comment") if "comment" in obj else None,
            declared=self.declared(EnumType, {"schema", "name", *written}, strict),
            location=self.loc(path),
        )

    def collation(
        self, schema: str, name: str, path: YPath, v: dict[str, Any] | None, strict: bool
    ) -> Collation:
        v = v or {}
        written = {"schema", "name", *(k for k in v if k != "owner"), *(["owner"] if "owner" in v else [])}
        provider = v.get("provider", "libc")
        locale = self.attr(v, path, "locale")
        lc_collate, lc_ctype = self.attr(v, path, "lc_collate"), self.attr(v, path, "lc_ctype")
        if provider == "libc" and locale is not None:
            # CREATE COLLATION (locale = 'x') of libc sets both lc_collate and lc_ctype
            lc_collate, lc_ctype, locale = lc_collate or locale, lc_ctype or locale, None
            written |= {"lc_collate", "lc_ctype"}
        return Collation(
            schema=schema,
            name=name,
            provider=provider,
            locale=locale,
            lc_collate=lc_collate,
            lc_ctype=lc_ctype,
            deterministic=v.get("deterministic", True),
            owner=self.attr(v, path, "owner"),
            declared=self.declared(Collation, written, strict),
            location=self.loc(path),
        )

    def domain(self, schema: str, name: str, path: YPath, v: dict[str, Any], strict: bool) -> Domain:
        if "not_null" in v and "nullable" in v:
            raise self.error(
                (*path, "nullable"), "both 'not_null' and 'nullable' are written", "keep one of them"
            )
        checks = v.get("checks")
        if isinstance(checks, list):
            check_names = names.domain_check_names(name, len(checks))
            check_map = {n: self.req_text((*path, "checks", i)) for i, n in enumerate(check_names)}
        else:
            check_map = {n: self.req_text((*path, "checks", n)) for n in checks or {}}
        written = {"schema", "name", "base_type"}
        for k, attr in (
            ("not_null", "nullable"),
            ("nullable", "nullable"),
            ("default", "default"),
            ("checks", "checks"),
            ("owner", "owner"),
        ):
            if k in v:
                written.add(attr)
        return Domain(
            schema=schema,
            name=name,
            base_type=self.req_attr(v, path, "type"),
            nullable=not v["not_null"] if "not_null" in v else v.get("nullable", True),
            default=self.attr(v, path, "default"),
            checks=FrozenMap(check_map),
            owner=self.attr(v, path, "owner"),
            declared=self.declared(Domain, written, strict),
            location=self.loc(path),
        )


def _without_call(text: str) -> str:
    """``touch()`` as in ``EXECUTE FUNCTION touch()`` names the function ``touch``."""
    stripped = text.strip()
    return stripped[:-2].rstrip() if stripped.endswith("()") else text


def split_function_key(key: str) -> tuple[str, str] | None:
    """``touch(uuid, text)`` → ``("touch", "uuid, text")``; the arguments are the text inside the
    outermost parentheses ending the key."""
    key = key.strip()
    if not key.endswith(")"):
        return None
    depth = 0
    for i in range(len(key) - 1, -1, -1):
        ch = key[i]
        if ch == ")":
            depth += 1
        elif ch == "(":
            depth -= 1
            if depth == 0:
                name = key[:i].strip()
                return (name, key[i + 1 : -1].strip()) if name else None
    return None
