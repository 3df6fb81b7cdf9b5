"""The keyed diff: two catalogs in, typed differences out.

Objects are matched by key (qualified name; functions by signature; constraints, indexes, policies
and triggers by name within their table). What changed is a set of attribute names, like a flag set.
Only attributes both sides declare are compared; an object present on one side only is a difference
only when the other side claims to be complete there (an introspected catalog, or a ``strict`` spec
object).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from auditor.compare.versions import align
from auditor.model import (
    Catalog,
    Constraint,
    DefaultPrivilege,
    Index,
    Relation,
    Schema,
    Trigger,
    attribute_names,
)
from auditor.normalize import (
    ExprContext,
    Verdict,
    canonical_type,
    explain_compare,
)
from auditor.objref import ObjectRef


class DiffKind(StrEnum):
    """What a difference is: a ``str`` (``"missing"``, ...), so codes, messages and reports that
    print it print the same text."""

    MISSING = "missing"  # in a, not in b
    UNEXPECTED = "unexpected"  # in b, not in a
    CHANGED = "changed"  # in both, some attributes differ

    def swapped(self) -> DiffKind:
        """The same difference seen from the other side: missing and unexpected trade places."""
        return _SWAPPED.get(self, self)


MISSING, UNEXPECTED, CHANGED = DiffKind.MISSING, DiffKind.UNEXPECTED, DiffKind.CHANGED
_SWAPPED = {MISSING: UNEXPECTED, UNEXPECTED: MISSING}


@dataclass(frozen=True)
class Difference:
    """One object that differs between catalog ``a`` (expected) and ``b`` (actual).

    ``missing``: in a, not in b. ``unexpected``: in b, not in a. ``changed``: in both, ``changes`` names
    the attributes that differ, in the model's attribute order (the order findings print and
    fingerprint), and ``changed`` is the same as a set, to ask of. ``cosmetic``: every change is equal
    in result, different in form or cost (such a difference is reported at info level). ``ref`` names
    the object (its kind and unquoted parts, ``("public", "jobs", "status")``), so later stages never
    parse a path back; ``object_type``, ``path`` and ``parts`` read it. ``notes`` says what could only
    be compared roughly (unparseable expressions).
    """

    kind: DiffKind
    ref: ObjectRef
    a: Any
    b: Any
    changes: tuple[str, ...] = ()
    cosmetic: bool = False
    notes: tuple[str, ...] = ()

    @property
    def object_type(self) -> str:
        return self.ref.kind

    @property
    def path(self) -> str:
        """The object's path as findings print it (``column:public.jobs.status``)."""
        return self.ref.path

    @property
    def parts(self) -> tuple[str, ...]:
        return self.ref.parts

    @property
    def changed(self) -> frozenset[str]:
        """The attributes that differ, as a set (``d.changed == {"owner"}``, ``d.changed & {...}``)."""
        return frozenset(self.changes)


# Attributes that only display or identify an object: never compared on their own.
_NOT_COMPARED = {
    "name",
    "schema",
    "arguments",
    "columns",
    "constraints",
    "indexes",
    "policies",
    "triggers",
    "relations",
    "functions",
    "sequences",
    "enums",
    "domains",
    "collations",
}
# ... except where the name is an attribute of the object: a key constraint's column list, a
# trigger's arguments.
_COMPARED_HERE: dict[type[Any], frozenset[str]] = {
    Constraint: frozenset({"columns"}),
    Trigger: frozenset({"arguments"}),
}
_KEY_CONSTRAINTS = frozenset({"primary key", "unique", "foreign key"})
_DISPLAY_ONLY = {"definition"}  # pg_get_*def text: compared only when nothing structured is there
_EXPR_ATTRS = {
    "default": "default",
    "generated": "generated",
    "expression": "check",
    "predicate": "predicate",
    "using": "policy",
    "with_check": "policy",
    "when": "trigger",
    "view_definition": "view",
    "partition_key": "partition",
    "partition_bound": "partition",
}
_TYPE_ATTRS = {"type", "base_type", "returns"}


class _Differ:
    def __init__(self, *, default_schema: str, column_order: bool) -> None:
        self.schema = default_schema
        self.column_order = column_order
        self.out: list[Difference] = []

    # --- attribute comparison ---------------------------------------------------------------
    def _attr_verdict(self, attr: str, va: Any, vb: Any, table: str | None, notes: list[str]) -> Verdict:
        if attr in _EXPR_ATTRS:
            ctx = ExprContext(kind=_EXPR_ATTRS[attr], default_schema=self.schema, table=table)
            r = explain_compare(va, vb, context=ctx)
            if r.unparsed:
                notes.append(f"{attr}: compared as text (could not parse the expression)")
            return r.verdict
        if attr in _TYPE_ATTRS:
            if va is None or vb is None:
                return Verdict.EQUAL if va == vb else Verdict.DIFFERENT
            same = canonical_type(va, self.schema) == canonical_type(vb, self.schema)
            return Verdict.EQUAL if same else Verdict.DIFFERENT
        if attr == "keys":
            if len(va) != len(vb):
                return Verdict.DIFFERENT
            ctx = ExprContext(kind="index", default_schema=self.schema, table=table)
            worst = Verdict.EQUAL
            for ka, kb in zip(va, vb, strict=True):
                v = explain_compare(ka, kb, context=ctx).verdict
                if v is Verdict.DIFFERENT:
                    return v
                if v is Verdict.COSMETIC:
                    worst = v
            return worst
        if attr == "checks":  # domain: constraint name -> expression
            if set(va) != set(vb):
                return Verdict.DIFFERENT
            ctx = ExprContext(kind="check", default_schema=self.schema)
            vs = [explain_compare(va[k], vb[k], context=ctx).verdict for k in va]
            if Verdict.DIFFERENT in vs:
                return Verdict.DIFFERENT
            return Verdict.COSMETIC if Verdict.COSMETIC in vs else Verdict.EQUAL
        if attr == "inherits":
            same = [_strip_schema(x, self.schema) for x in va] == [_strip_schema(x, self.schema) for x in vb]
            return Verdict.EQUAL if same else Verdict.DIFFERENT
        if (
            attr in ("table", "owned_by", "partition_of", "function")
            and isinstance(va, str)
            and isinstance(vb, str)
        ):
            return (
                Verdict.EQUAL
                if _strip_schema(va, self.schema) == _strip_schema(vb, self.schema)
                else Verdict.DIFFERENT
            )
        return Verdict.EQUAL if va == vb else Verdict.DIFFERENT

    def _changes(self, a: Any, b: Any, table: str | None = None) -> tuple[list[str], list[str], list[str]]:
        """(real changes, cosmetic changes, notes) between two objects of the same kind."""
        real: list[str] = []
        cosmetic: list[str] = []
        notes: list[str] = []
        da, db = a.declared, b.declared
        for attr in _compared_attributes(type(a)):
            va, vb = getattr(a, attr), getattr(b, attr)
            if va == vb:
                continue  # equal values are EQUAL under every rule below: nothing to normalize
            if (da is not None and attr not in da) or (db is not None and attr not in db):
                continue
            if attr == "position" and not self.column_order:
                continue
            if attr == "columns" and a.kind not in _KEY_CONSTRAINTS:
                continue  # a CHECK's or EXCLUDE's columns follow from its expression, compared itself
            if attr in _DISPLAY_ONLY and not _definition_is_the_content(a, b):
                continue
            if attr == "references" and va is not None and vb is not None:
                same = _strip_schema(va.table, self.schema) == _strip_schema(vb.table, self.schema) and (
                    va.columns == vb.columns
                )
                v = Verdict.EQUAL if same else Verdict.DIFFERENT
            elif attr == "definition":
                v = self._attr_verdict("expression", va, vb, table, notes)
            else:
                v = self._attr_verdict(attr, va, vb, table, notes)
            if v is Verdict.DIFFERENT:
                real.append(attr)
            elif v is Verdict.COSMETIC:
                cosmetic.append(attr)
        return real, cosmetic, notes

    def _pair(
        self, object_type: str, parts: tuple[str, ...], a: Any, b: Any, table: str | None = None
    ) -> None:
        real, cosmetic, notes = self._changes(a, b, table)
        if not real and not cosmetic:
            return
        ref = ObjectRef(object_type, parts)
        if real:
            self.out.append(Difference(CHANGED, ref, a, b, tuple(real), False, tuple(notes)))
        if cosmetic:
            self.out.append(Difference(CHANGED, ref, a, b, tuple(cosmetic), True, tuple(notes)))

    def _keyed(
        self,
        object_type: str,
        ma: Mapping[str, Any],
        mb: Mapping[str, Any],
        parts: Callable[[Any], tuple[str, ...]],
        *,
        a_complete: bool,
        b_complete: bool,
        on_both: Callable[[Any, Any], None] | None = None,
        key: Callable[[str], str] = lambda k: k,
    ) -> None:
        kb = {key(k): v for k, v in mb.items()}
        ka = {key(k): v for k, v in ma.items()}
        for k, oa in ka.items():
            ob = kb.get(k)
            if ob is not None and (ob is oa or ob == oa):
                # Equal objects (children included) have no difference at any depth: dataclass
                # equality is one pass in C-speed tuple compares, the walk below is per attribute.
                continue
            if ob is None:
                if b_complete:
                    self.out.append(Difference(MISSING, ObjectRef(object_type, parts(oa)), oa, None))
                continue
            if on_both is not None:
                on_both(oa, ob)
            else:
                p = parts(oa)
                self._pair(object_type, p, oa, ob)
        if a_complete:
            for k, ob in kb.items():
                if k not in ka:
                    self.out.append(Difference(UNEXPECTED, ObjectRef(object_type, parts(ob)), None, ob))

    # --- object kinds -------------------------------------------------------------------------
    def catalog(self, a: Catalog, b: Catalog) -> None:
        ca, cb = _complete_catalog(a), _complete_catalog(b)
        self._keyed(
            "schema",
            a.schemas,
            b.schemas,
            lambda s: (s.name,),
            a_complete=ca or _all_strict(a.schemas.values()),
            b_complete=cb or _all_strict(b.schemas.values()),
            on_both=self.schema_pair,
        )
        # A strict spec lists its extensions too, and its roles when it lists any (or is complete:
        # a snapshot); what PostgreSQL has in every database (plpgsql, the pg_* predefined roles)
        # and the roles the spec names elsewhere (an owner, a grantee) it need not list. A strict
        # spec with no roles: is silent about them: the roles live reads are those its objects
        # name, through grants such a spec may not assert.
        ea: Mapping[str, Any] = a.extensions
        eb: Mapping[str, Any] = b.extensions
        if not ca and a.strict:
            eb = {k: v for k, v in eb.items() if k in ea or k not in _IMPLIED_EXTENSIONS}
        if not cb and b.strict:
            ea = {k: v for k, v in ea.items() if k in eb or k not in _IMPLIED_EXTENSIONS}
        self._keyed(
            "extension", ea, eb, lambda e: (e.name,), a_complete=ca or a.strict, b_complete=cb or b.strict
        )
        ra: Mapping[str, Any] = a.roles
        rb: Mapping[str, Any] = b.roles
        roles_a = not ca and a.strict and bool(a.exhaustive or a.roles)
        roles_b = not cb and b.strict and bool(b.exhaustive or b.roles)
        if roles_a:
            named = _named_roles(a)
            rb = {k: v for k, v in rb.items() if k in ra or not (k in named or k.startswith("pg_"))}
        if roles_b:
            named = _named_roles(b)
            ra = {k: v for k, v in ra.items() if k in rb or not (k in named or k.startswith("pg_"))}
        self._keyed("role", ra, rb, lambda r: (r.name,), a_complete=ca or roles_a, b_complete=cb or roles_b)
        self.default_privileges(a, b, ca, cb)

    def schema_pair(self, a: Schema, b: Schema) -> None:
        self._pair("schema", (a.name,), a, b)
        ca, cb = _complete(a), _complete(b)
        self._keyed(
            "table",
            a.relations,
            b.relations,
            lambda r: (r.schema, r.name),
            a_complete=ca,
            b_complete=cb,
            on_both=self.relation_pair,
        )
        self._keyed(
            "function",
            a.functions,
            b.functions,
            lambda f: (f.schema, f.name, f.arguments),
            a_complete=ca,
            b_complete=cb,
            key=lambda k: _signature_key(k, self.schema),
        )
        self._keyed(
            "sequence", a.sequences, b.sequences, lambda s: (s.schema, s.name), a_complete=ca, b_complete=cb
        )
        self._keyed("enum", a.enums, b.enums, lambda e: (e.schema, e.name), a_complete=ca, b_complete=cb)
        self._keyed(
            "domain", a.domains, b.domains, lambda d: (d.schema, d.name), a_complete=ca, b_complete=cb
        )
        self._keyed(
            "collation",
            a.collations,
            b.collations,
            lambda c: (c.schema, c.name),
            a_complete=ca,
            b_complete=cb,
        )

    def relation_pair(self, a: Relation, b: Relation) -> None:
        self._pair("table", (a.schema, a.name), a, b, table=a.name)
        if a.kind != b.kind and a.is_declared("kind") and b.is_declared("kind"):
            return  # a table that became a view: its children are not comparable one by one
        ca, cb = _complete(a), _complete(b)
        s, t = a.schema, a.name

        def child(object_type: str, attr: str) -> None:
            ma: Mapping[str, Any] = getattr(a, attr)
            mb: Mapping[str, Any] = getattr(b, attr)
            self._keyed(
                object_type,
                ma,
                mb,
                lambda o: (s, t, o.name),
                a_complete=ca,
                b_complete=cb,
                on_both=lambda oa, ob: self._pair(object_type, (s, t, oa.name), oa, ob, table=t),
            )

        child("column", "columns")
        child("constraint", "constraints")
        # An index that implements a constraint is reported through its constraint.
        ia = {k: v for k, v in a.indexes.items() if not _implements_constraint(v, a)}
        ib = {k: v for k, v in b.indexes.items() if not _implements_constraint(v, b)}
        self._keyed(
            "index",
            ia,
            ib,
            lambda o: (s, t, o.name),
            a_complete=ca,
            b_complete=cb,
            on_both=lambda oa, ob: self._pair("index", (s, t, oa.name), oa, ob, table=t),
        )
        child("policy", "policies")
        child("trigger", "triggers")

    def default_privileges(self, a: Catalog, b: Catalog, ca: bool, cb: bool) -> None:
        # A partial source that wrote no default privileges is silent about them (a complete spec,
        # what snapshot writes, says there are none).
        silent_a = not ca and not a.exhaustive and not a.default_privileges
        silent_b = not cb and not b.exhaustive and not b.default_privileges
        if silent_a or silent_b:
            return
        ga, gb = _group_defaults(a.default_privileges), _group_defaults(b.default_privileges)
        for k in sorted(set(ga) | set(gb), key=lambda x: (x[0], x[1] or "", x[2])):
            role, schema, otype = k
            ref = ObjectRef("default_privilege", (role, schema or "*", otype))
            sa, sb = ga.get(k), gb.get(k)
            if sb is None:
                self.out.append(Difference(MISSING, ref, sa, None))
            elif sa is None:
                self.out.append(Difference(UNEXPECTED, ref, None, sb))
            elif sa != sb:
                self.out.append(Difference(CHANGED, ref, sa, sb, ("privileges",)))


_COMPARED: dict[type[Any], tuple[str, ...]] = {}
_IMPLIED_EXTENSIONS = frozenset({"plpgsql"})  # installed in every new database (template1)


def _compared_attributes(cls: type[Any]) -> tuple[str, ...]:
    """The attributes of a model class that are compared one by one (cached per class)."""
    attrs = _COMPARED.get(cls)
    if attrs is None:
        here = _COMPARED_HERE.get(cls, frozenset())
        attrs = _COMPARED[cls] = tuple(n for n in attribute_names(cls) if n not in _NOT_COMPARED or n in here)
    return attrs


def _named_roles(c: Catalog) -> set[str]:
    """Every role a catalog names outside its ``roles``: owners, grantees, policy roles, default
    privileges, memberships."""
    out: set[str] = set()

    def grants(obj: Any) -> None:
        out.update(g.grantee for g in obj.privileges)
        if getattr(obj, "owner", None):
            out.add(obj.owner)

    for r in c.roles.values():
        out.update(r.member_of)
    for d in c.default_privileges:
        out.update((d.role, d.grantee))
    for s in c.schemas.values():
        grants(s)
        for rel in s.relations.values():
            grants(rel)
            for col in rel.columns.values():
                out.update(g.grantee for g in col.privileges)
            for p in rel.policies.values():
                out.update(p.roles)
        for m in (s.functions, s.sequences):
            for x in m.values():
                grants(x)
        for m2 in (s.enums, s.domains, s.collations):
            out.update(x.owner for x in m2.values() if x.owner)
    return out


def _definition_is_the_content(a: Any, b: Any) -> bool:
    """A CHECK or EXCLUDE constraint read without its expression is compared by its definition."""
    return (
        isinstance(a, Constraint)
        and isinstance(b, Constraint)
        and a.kind in ("check", "exclusion")
        and a.expression is None
        and b.expression is None
    )


def _group_defaults(
    items: Iterable[DefaultPrivilege],
) -> dict[tuple[str, str | None, str], frozenset[DefaultPrivilege]]:
    out: dict[tuple[str, str | None, str], set[DefaultPrivilege]] = {}
    for d in items:
        out.setdefault((d.role, d.schema, d.object_type), set()).add(d)
    return {k: frozenset(v) for k, v in out.items()}


def _implements_constraint(ix: Index, rel: Relation) -> bool:
    return ix.constraint is not None and ix.constraint in rel.constraints


_TYPE_FIRST_WORDS = {
    "double", "character", "char", "bit", "timestamp", "time", "interval", "national", "varchar",
}  # fmt: skip
_ARG_MODES = {"in", "out", "inout", "variadic"}


def _split_args(args: str) -> list[str]:
    out: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in args:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            out.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    if "".join(cur).strip():
        out.append("".join(cur).strip())
    return out


def _arg_type(arg: str, default_schema: str) -> str:
    """The type of one argument as written in a signature (``p_id integer``, ``VARIADIC int[]``)."""
    words = arg.split()
    mode = ""
    if words and words[0].lower() in _ARG_MODES:
        mode = words[0].lower() + " " if words[0].lower() in ("variadic", "out") else ""
        words = words[1:]
    # "name type" unless the first word begins a multi-word type name or is the only word.
    if len(words) > 1 and words[0].lower().split("(")[0] not in _TYPE_FIRST_WORDS:
        words = words[1:]
    text = " ".join(words).split(" default ")[0].split("=")[0].strip()
    return mode + canonical_type(text, default_schema)


def _signature_key(key: str, default_schema: str = "public") -> str:
    """Functions are identified by name and argument types: argument names and type spellings do not
    matter (``f(p_id int4)`` is ``f(integer)``)."""
    name, paren, rest = key.partition("(")
    if not paren:
        return key
    args = rest[: rest.rfind(")")] if ")" in rest else rest
    return name + "(" + ", ".join(_arg_type(a, default_schema) for a in _split_args(args)) + ")"


def _strip_schema(qualified: str, default_schema: str) -> str:
    for prefix in (default_schema + ".", "pg_catalog."):
        if qualified.startswith(prefix):
            return qualified[len(prefix) :]
    return qualified


def _complete(obj: Any) -> bool:
    """Does this object assert its whole content (introspected, or a strict spec object)?"""
    return obj.declared is None or bool(getattr(obj, "strict", False))


def _all_strict(objs: Iterable[Schema]) -> bool:
    items = list(objs)
    return bool(items) and all(s.strict for s in items)


def _complete_catalog(c: Catalog) -> bool:
    """A catalog whose every object declares all attributes is complete (introspected)."""
    if any(x.declared is not None for x in c.extensions.values()) or any(
        x.declared is not None for x in c.roles.values()
    ):
        return False
    for s in c.schemas.values():
        if s.declared is not None:
            return False
        for r in s.relations.values():
            if r.declared is not None:
                return False
            for kids in (r.columns, r.constraints, r.indexes, r.policies, r.triggers):
                if any(k.declared is not None for k in kids.values()):
                    return False
        for m in (s.functions, s.sequences, s.enums, s.domains, s.collations):
            if any(x.declared is not None for x in m.values()):
                return False
    return True


def diff(
    a: Catalog, b: Catalog, *, default_schema: str = "public", column_order: bool = False
) -> list[Difference]:
    """Differences between catalog ``a`` (expected) and ``b`` (actual), in a stable order.

    ``column_order``: also compare column positions (off by default: order rarely matters and
    ``ALTER TABLE ADD COLUMN`` cannot reproduce it).
    """
    a, b = align(a, b)  # what only one side's PostgreSQL major can hold or fills in by itself
    d = _Differ(default_schema=default_schema, column_order=column_order)
    d.catalog(a, b)
    return d.out
