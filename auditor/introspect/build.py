"""Rows of the catalog queries -> the neutral model, one pass per result set.

Rows are plain tuples, unpacked in the column order of their ``.sql`` file. Children (columns,
constraints, ...) are grouped by their relation's oid in dicts, so a relation is assembled once,
whatever the number of relations. Values the catalog always has but that came back NULL become
:class:`~auditor.model.Gap` records, never silent holes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Literal, cast

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
    Gap,
    Grant,
    Index,
    Policy,
    Relation,
    Role,
    Schema,
    Sequence,
    Trigger,
    index_definition,
    object_path,
    qualify,
    quote_ident,
)
from auditor.pgvocab import reloptions as pg_reloptions

Row = tuple[Any, ...]

_RELKIND: dict[str, Any] = {
    "r": "table",
    "p": "partitioned table",
    "v": "view",
    "m": "materialized view",
    "f": "foreign table",
}
_CONTYPE: dict[str, Any] = {
    "p": "primary key",
    "u": "unique",
    "c": "check",
    "x": "exclusion",
    "f": "foreign key",
}
_FK_ACTION: dict[str, Any] = {
    "a": "no action",
    "r": "restrict",
    "c": "cascade",
    "n": "set null",
    "d": "set default",
}
_IDENTITY: dict[str, Any] = {"a": "always", "d": "by default"}
_GENERATED_KIND: dict[str | None, Any] = {"s": "stored", "v": "virtual"}  # pg_attribute.attgenerated
_POLCMD: dict[str, Any] = {"*": "ALL", "r": "SELECT", "a": "INSERT", "w": "UPDATE", "d": "DELETE"}
_PROKIND: dict[str, Any] = {"f": "function", "p": "procedure", "a": "aggregate", "w": "window"}
_VOLATILITY: dict[str, Any] = {"i": "immutable", "s": "stable", "v": "volatile"}
_TGENABLED: dict[str, Any] = {"O": "origin", "A": "always", "R": "replica", "D": "disabled"}
_REPLIDENT: dict[str, Any] = {"d": "default", "n": "nothing", "f": "full", "i": "index"}
_COLLPROVIDER: dict[str, Any] = {"c": "libc", "i": "icu", "b": "builtin"}
_DEFACL_TYPE: dict[str, Any] = {"r": "table", "S": "sequence", "f": "function", "T": "type", "n": "schema"}

# Most qualified names repeat (FK targets, trigger functions, partition parents): quote each once.
_qualify = lru_cache(maxsize=1 << 16)(qualify)
_quote_ident = lru_cache(maxsize=1 << 16)(quote_ident)

# pg_trigger.tgtype bits (src/include/catalog/pg_trigger.h)
_TG_ROW, _TG_BEFORE, _TG_INSERT, _TG_DELETE, _TG_UPDATE, _TG_TRUNCATE, _TG_INSTEAD = 1, 2, 4, 8, 16, 32, 64
# pg_index.indoption bits
_IND_DESC, _IND_NULLS_FIRST = 1, 2


@dataclass
class Rows:
    """The result of every catalog query; ``None`` for a query that could not be read."""

    schemas: list[Row] | None = None
    relations: list[Row] | None = None
    columns: list[Row] | None = None
    constraints: list[Row] | None = None
    indexes: list[Row] | None = None
    policies: list[Row] | None = None
    triggers: list[Row] | None = None
    functions: list[Row] | None = None
    sequences: list[Row] | None = None
    enums: list[Row] | None = None
    domains: list[Row] | None = None
    collations: list[Row] | None = None
    extensions: list[Row] | None = None
    extension_relations: list[Row] | None = None
    default_privileges: list[Row] | None = None
    acls: list[Row] | None = None
    roles: list[Row] | None = None
    gaps: list[Gap] = field(default_factory=list)


# --- ACLs ---------------------------------------------------------------------------------------


def acl_texts(rows: Rows) -> list[str]:
    """Every distinct ACL text the object rows carry (the last column of each of those queries)."""
    out: set[str] = set()
    for part in (
        rows.schemas,
        rows.relations,
        rows.columns,
        rows.functions,
        rows.sequences,
        rows.extension_relations,
    ):
        for r in part or ():
            if r[-1] is not None:
                out.add(r[-1])
    return sorted(out)


class Grants:
    """ACL text + owner -> frozenset of Grant, from the rows of ``acls.sql``, memoized: most objects
    share a handful of distinct ACLs. The owner's own grants are left out (noise)."""

    def __init__(self, acl_rows: list[Row] | None) -> None:
        self._items: dict[str, list[Grant]] = {}
        interned: dict[tuple[str, str, bool], Grant] = {}
        for acl, grantee, privilege, grantable in acl_rows or ():
            k = (grantee, privilege, grantable)
            g = interned.get(k)
            if g is None:
                g = interned[k] = Grant(grantee, privilege, grantable)
            self._items.setdefault(acl, []).append(g)
        self._memo: dict[tuple[str | None, str | None], frozenset[Grant]] = {}

    def __call__(self, acl: str | None, owner: str | None) -> frozenset[Grant]:
        key = (acl, owner)
        out = self._memo.get(key)
        if out is None:
            items = self._items.get(acl, ()) if acl is not None else ()
            out = self._memo[key] = frozenset(g for g in items if g.grantee != owner)
        return out

    def grantees(self) -> set[str]:
        return {g.grantee for items in self._items.values() for g in items}


def role_names(rows: Rows, grants: Grants) -> list[str]:
    """Every role the catalog names: owners, grantees, policy roles, default-privilege roles."""
    names: set[str] = grants.grantees()
    for part, idx in (
        (rows.schemas, 2),
        (rows.relations, 4),
        (rows.functions, 10),
        (rows.sequences, 12),
        (rows.enums, 3),
        (rows.domains, 7),
        (rows.collations, 7),
    ):
        names.update(r[idx] for r in part or ())
    for r in rows.policies or ():
        names.update(r[4])
    for r in rows.default_privileges or ():
        names.add(r[0])
        names.add(r[3])
    names.discard(PUBLIC)
    return sorted(names)


# --- helpers ------------------------------------------------------------------------------------


def _parse_bool(text: str) -> bool:
    """PostgreSQL's parse_bool for reloption values (true/yes/on/1 and their prefixes)."""
    t = text.strip().lower()
    if not t:
        return False
    if t in ("1", "on"):
        return True
    return "true".startswith(t) or "yes".startswith(t)


# reloptions of a view that are not storage parameters (modelled attributes of their own)
_VIEW_OPTIONS = ("security_invoker=", "security_barrier=", "check_option=")


def storage_parameters(relkind: str, options: list[str] | None, toast: list[str] | None) -> frozenset[str]:
    """The WITH (...) storage parameters of a relation: its reloptions (a view's own options left
    out) and its TOAST table's, as ``toast.name=value``, the way ALTER TABLE ... SET names them."""
    if not options and not toast:
        return frozenset()
    out = [o for o in options or () if not (relkind == "v" and o.startswith(_VIEW_OPTIONS))]
    out += ["toast." + o for o in toast or ()]
    return pg_reloptions(out)


def _reloption_text(options: list[str] | None, name: str) -> str | None:
    for opt in options or ():
        key, _, value = opt.partition("=")
        if key == name:
            return value
    return None


def trigger_arguments(nargs_bytes: bytes | None) -> tuple[str, ...]:
    """pg_trigger.tgargs: each argument's text followed by a NUL byte."""
    if not nargs_bytes:
        return ()
    return tuple(x.decode("utf-8", errors="replace") for x in bytes(nargs_bytes).split(b"\x00")[:-1])


def _reloption(options: list[str] | None, name: str) -> bool:
    for opt in options or ():
        key, _, value = opt.partition("=")
        if key == name:
            return _parse_bool(value)
    return False


_PAREN_OR_QUOTE = re.compile(r"[()'\"]")


def _parenthesized(text: str, start: int) -> str | None:
    """The text inside the balanced parentheses opening at ``text[start]``, skipping quoted parts."""
    depth = 0
    pos = start
    while True:
        m = _PAREN_OR_QUOTE.search(text, pos)
        if m is None:
            return None
        ch = m.group()
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return text[start + 1 : m.start()]
        else:
            # a literal or a quoted identifier: jump to its closing quote ('' and "" double it)
            end = m.end()
            while True:
                end = text.find(ch, end)
                if end < 0:
                    return None
                if text.startswith(ch, end + 1):
                    end += 2
                    continue
                break
            pos = end + 1
            continue
        pos = m.end()


def trigger_when(definition: str | None) -> str | None:
    """The WHEN condition of a deparsed trigger definition, without its parentheses."""
    if not definition:
        return None
    at = definition.find(" WHEN (")
    # the function arguments come after EXECUTE and cannot hold " WHEN (" before it
    execute = definition.find(" EXECUTE ")
    if at < 0 or (execute >= 0 and at > execute):
        return None
    return _parenthesized(definition, at + len(" WHEN "))


_CHECK_SUFFIXES = (" NOT VALID", " NOT ENFORCED", " NO INHERIT")


def first_parenthesized(definition: str | None) -> str | None:
    """The first parenthesized part of a deparsed constraint: ``CHECK (a > 0) NOT VALID`` -> ``a > 0``;
    ``EXCLUDE USING gist (room WITH =, during WITH &&) WHERE ...`` -> ``room WITH =, during WITH &&``."""
    if not definition:
        return None
    if definition.startswith("CHECK ("):
        # pg_get_constraintdef prints "CHECK (expr)" and then only these keywords: no scan needed
        text = definition
        for suffix in _CHECK_SUFFIXES:
            text = text.removesuffix(suffix)
        if text.endswith(")"):
            return text[7:-1]
    at = definition.find("(")
    return _parenthesized(definition, at) if at >= 0 else None


def _index_key(base: str, opclass: str | None, option: int) -> str:
    out = base
    if opclass:
        out += " " + opclass
    if option & _IND_DESC:
        out += " DESC" if option & _IND_NULLS_FIRST else " DESC NULLS LAST"
    elif option & _IND_NULLS_FIRST:
        out += " NULLS FIRST"
    return out


# --- the catalog --------------------------------------------------------------------------------


class CatalogBuilder:
    """Builds a Catalog from the rows of each query as they arrive.

    ``add_relations`` comes first, then columns (their attnum -> name maps serve constraints,
    indexes and triggers), then the other per-relation kinds, in that order; ``finish`` assembles
    the rest once every query, ACLs included, has been read.

    ``schema_names`` are the audited schemas (oid -> name). ``only_schemas`` (a partial read):
    the oids of the schemas whose rows the catalog holds, beside those holding an object read.
    """

    def __init__(self, schema_names: Mapping[int, str], *, only_schemas: set[int] | None = None) -> None:
        self.schema_names = schema_names
        self.only_schemas = only_schemas
        self.gaps: list[Gap] = []
        self.rel_owner: dict[int, str] = {}
        self.rel_path: dict[int, tuple[str, str]] = {}
        self.partitioned: set[int] = set()  # partitioned tables' oids: their indexes are ON ONLY
        self.columns_by_rel: dict[int, dict[str, Column]] = {}
        self.column_acls: list[tuple[int, str, str]] = []  # (relation oid, column name, acl)
        self.attnames: dict[int, dict[int, str]] = {}
        self.constraints_by_rel: dict[int, dict[str, Constraint]] = {}
        self.indexes_by_rel: dict[int, dict[str, Index]] = {}
        self.policies_by_rel: dict[int, dict[str, Policy]] = {}
        self.triggers_by_rel: dict[int, dict[str, Trigger]] = {}

    def add_relations(self, rows: list[Row]) -> None:
        for r in rows:
            self.rel_owner[r[0]] = r[4]
            self.rel_path[r[0]] = (self.schema_names[r[1]], r[2])
            if r[3] == "p":
                self.partitioned.add(r[0])

    def add_columns(self, rows: list[Row]) -> None:
        for (
            relid,
            attnum,
            attname,
            typ,
            notnull,
            default,
            identity,
            generated,
            generated_kind,
            coll_schema,
            coll,
            comment,
            acl,
        ) in rows:
            names = self.attnames.get(relid)
            if names is None:
                names = self.attnames[relid] = {}
                self.columns_by_rel[relid] = {}
            names[attnum] = attname
            if typ is None:
                self.gaps.append(
                    Gap(
                        "column",
                        object_path("column", *self.rel_path[relid], attname),
                        "its type could not be read",
                    )
                )
            collation = None
            if coll is not None:
                collation = coll if coll_schema == "pg_catalog" else _qualify(coll_schema, coll)
            if acl is not None:
                # column grants are rare: privileges are filled in by finish(), once ACLs are read
                self.column_acls.append((relid, attname, acl))
            self.columns_by_rel[relid][attname] = Column(
                name=attname,
                type=typ or "",
                position=attnum,
                nullable=not notnull,
                default=default,
                identity=_IDENTITY.get(identity),
                generated=generated,
                collation=collation,
                comment=comment,
                generated_kind=_GENERATED_KIND.get(generated_kind),
            )

    def add_constraints(self, rows: list[Row]) -> None:
        for (
            relid,
            conname,
            contype,
            conkey,
            definition,
            nnd,
            ref_schema,
            ref_table,
            ref_columns,
            deltype,
            updtype,
            matchtype,
            deferrable,
            deferred,
            validated,
            noinherit,
        ) in rows:
            names = self.attnames.get(relid, {})
            if definition is None:
                self.gaps.append(
                    Gap(
                        "constraint",
                        object_path("constraint", *self.rel_path[relid], conname),
                        "its definition could not be read",
                    )
                )
            kind = _CONTYPE[contype]
            # CHECK (expr) / EXCLUDE USING gist (elements) WHERE ...: the first parenthesized part
            expression = first_parenthesized(definition) if contype in ("c", "x") else None
            self.constraints_by_rel.setdefault(relid, {})[conname] = Constraint(
                name=conname,
                kind=kind,
                columns=tuple(names.get(k, str(k)) for k in conkey or ()),
                expression=expression,
                definition=definition,
                nulls_not_distinct=nnd,
                references=ForeignKeyRef(_qualify(ref_schema, ref_table), tuple(ref_columns))
                if contype == "f"
                else None,
                on_delete=_FK_ACTION.get(deltype, "no action"),
                on_update=_FK_ACTION.get(updtype, "no action"),
                match_full=matchtype == "f",
                deferrable=deferrable,
                initially_deferred=deferred,
                validated=validated,
                # index-backed constraints are marked NO INHERIT too; it means something for checks only
                no_inherit=noinherit and contype == "c",
            )

    def add_indexes(self, rows: list[Row]) -> None:
        for (
            relid,
            iname,
            indkey,
            nkeyatts,
            expressions,
            indoption,
            opclasses,
            unique,
            primary,
            method,
            predicate,
            nnd,
            valid,
            conname,
            unusual,
            definition,
            reloptions,
        ) in rows:
            names = self.attnames.get(relid, {})
            keys = []
            quoted = []  # the keys as pg_get_indexdef prints them: column names quoted
            for k in range(nkeyatts):
                attnum = indkey[k]
                opclass = opclasses[k] if opclasses else None
                if attnum:
                    name = names.get(attnum, str(attnum))
                    keys.append(_index_key(name, opclass, indoption[k]))
                    quoted.append(_index_key(_quote_ident(name), opclass, indoption[k]))
                else:
                    key = _index_key(expressions[k] or "", opclass, indoption[k])
                    keys.append(key)
                    quoted.append(key)
                    if expressions[k] is None:
                        definition, unusual = None, True  # a gap, below
            include = tuple(names.get(a, str(a)) for a in indkey[nkeyatts:])
            if not unusual:
                definition = index_definition(
                    iname,
                    *self.rel_path[relid],
                    unique=unique,
                    partitioned=relid in self.partitioned,
                    method=method,
                    keys=quoted,
                    include=include,
                    nulls_not_distinct=nnd,
                    predicate=predicate,
                )
            elif definition is None:
                self.gaps.append(
                    Gap(
                        "index",
                        object_path("index", *self.rel_path[relid], iname),
                        "its definition could not be read",
                    )
                )
            self.indexes_by_rel.setdefault(relid, {})[iname] = Index(
                name=iname,
                keys=tuple(keys),
                unique=unique,
                primary=primary,
                method=method,
                include=include,
                predicate=predicate,
                nulls_not_distinct=nnd,
                valid=valid,
                constraint=conname,
                definition=definition,
                storage=pg_reloptions(reloptions) if reloptions else frozenset(),
            )
            if conname is not None and include:
                # UNIQUE/PRIMARY KEY ... INCLUDE: pg_constraint keeps the key columns only
                cons = self.constraints_by_rel.get(relid)
                if cons is not None and conname in cons:
                    cons[conname] = replace(cons[conname], include=include)

    def add_policies(self, rows: list[Row]) -> None:
        for relid, polname, cmd, permissive, roles, using, with_check in rows:
            self.policies_by_rel.setdefault(relid, {})[polname] = Policy(
                name=polname,
                command=_POLCMD[cmd],
                permissive=permissive,
                roles=frozenset(roles),
                using=using,
                with_check=with_check,
            )

    def add_triggers(self, rows: list[Row]) -> None:
        for (
            relid,
            tgname,
            tgtype,
            fschema,
            fname,
            enabled,
            tgattr,
            definition,
            args,
            is_constraint,
            deferrable,
            deferred,
        ) in rows:
            names = self.attnames.get(relid, {})
            if definition is None:
                self.gaps.append(
                    Gap(
                        "trigger",
                        object_path("trigger", *self.rel_path[relid], tgname),
                        "its definition could not be read",
                    )
                )
            events = set()
            if tgtype & _TG_INSERT:
                events.add("insert")
            if tgtype & _TG_UPDATE:
                events.add("update")
            if tgtype & _TG_DELETE:
                events.add("delete")
            if tgtype & _TG_TRUNCATE:
                events.add("truncate")
            timing: Literal["before", "after", "instead of"] = (
                "instead of" if tgtype & _TG_INSTEAD else "before" if tgtype & _TG_BEFORE else "after"
            )
            self.triggers_by_rel.setdefault(relid, {})[tgname] = Trigger(
                name=tgname,
                timing=timing,
                events=frozenset(events),
                level="row" if tgtype & _TG_ROW else "statement",
                function=_qualify(fschema, fname),
                when=trigger_when(definition),
                enabled=_TGENABLED.get(enabled, "origin"),
                update_columns=tuple(names.get(a, str(a)) for a in tgattr or ()),
                definition=definition,
                arguments=trigger_arguments(args),
                constraint=is_constraint,
                deferrable=deferrable,
                initially_deferred=deferred,
            )

    def finish(self, rows: Rows, grants: Grants, *, server_version: str, server_version_num: int) -> Catalog:
        """Assemble the Catalog from what the ``add_*`` steps built and the remaining rows."""
        for relid, attname, acl in self.column_acls:
            columns = self.columns_by_rel[relid]
            columns[attname] = replace(columns[attname], privileges=grants(acl, self.rel_owner[relid]))
        # relations, grouped by schema oid
        empty: FrozenMap[str, Any] = FrozenMap()
        relations_by_schema: dict[int, dict[str, Relation]] = {}
        for (
            oid,
            nsp,
            relname,
            relkind,
            owner,
            comment,
            rls,
            rls_forced,
            reloptions,
            viewdef,
            partkey,
            parent_schema,
            parent_name,
            partbound,
            unlogged,
            replident,
            replident_index,
            inherits,
            toast_options,
            acl,
        ) in rows.relations or ():
            path = self.rel_path[oid]
            if relkind in ("v", "m") and viewdef is None:
                self.gaps.append(
                    Gap("view definition", object_path("table", *path), "pg_get_viewdef returned nothing")
                )
            if relkind == "p" and partkey is None:
                self.gaps.append(
                    Gap("partition key", object_path("table", *path), "pg_get_partkeydef returned nothing")
                )
            if parent_name is not None and partbound is None:
                self.gaps.append(
                    Gap(
                        "partition bound",
                        object_path("table", *path),
                        "the partition bound could not be read",
                    )
                )
            cols = self.columns_by_rel.get(oid)
            cons = self.constraints_by_rel.get(oid)
            idxs = self.indexes_by_rel.get(oid)
            pols = self.policies_by_rel.get(oid)
            trgs = self.triggers_by_rel.get(oid)
            relations_by_schema.setdefault(nsp, {})[relname] = Relation(
                schema=path[0],
                name=relname,
                kind=_RELKIND[relkind],
                owner=owner,
                comment=comment,
                rls_enabled=rls,
                rls_forced=rls_forced,
                columns=FrozenMap(cols) if cols else empty,
                constraints=FrozenMap(cons) if cons else empty,
                indexes=FrozenMap(idxs) if idxs else empty,
                policies=FrozenMap(pols) if pols else empty,
                triggers=FrozenMap(trgs) if trgs else empty,
                privileges=grants(acl, owner),
                view_definition=viewdef,
                security_invoker=_reloption(reloptions, "security_invoker"),
                security_barrier=_reloption(reloptions, "security_barrier"),
                partition_key=partkey,
                partition_of=_qualify(parent_schema, parent_name) if parent_name is not None else None,
                partition_bound=partbound,
                storage=storage_parameters(relkind, reloptions, toast_options),
                unlogged=unlogged,
                replica_identity=_REPLIDENT.get(replident, "default"),
                replica_identity_index=replident_index,
                inherits=tuple(inherits) if inherits else (),
                check_option=cast(Any, _reloption_text(reloptions, "check_option"))
                if relkind == "v"
                else None,
            )

        functions_by_schema: dict[int, dict[str, Function]] = {}
        for (
            nsp,
            proname,
            arguments,
            prokind,
            returns,
            language,
            volatility,
            secdef,
            strict,
            config,
            owner,
            body,
            comment,
            acl,
        ) in rows.functions or ():
            schema = self.schema_names[nsp]
            if arguments is None:
                self.gaps.append(
                    Gap(
                        "function",
                        object_path("function", schema, proname, "?"),
                        "its arguments could not be read",
                    )
                )
                arguments = "?"
            if body is None:
                self.gaps.append(
                    Gap(
                        "function body",
                        object_path("function", schema, proname, arguments),
                        "its body could not be read (no SELECT on pg_proc.prosrc?)",
                    )
                )
            functions_by_schema.setdefault(nsp, {})[f"{proname}({arguments})"] = Function(
                schema=schema,
                name=proname,
                arguments=arguments,
                kind=_PROKIND.get(prokind, "function"),
                returns=returns,
                language=language,
                volatility=_VOLATILITY[volatility],
                security_definer=secdef,
                strict=strict,
                config=frozenset(config or ()),
                owner=owner,
                body_hash=hashlib.sha256(body.encode()).hexdigest() if body is not None else None,
                comment=comment,
                privileges=grants(acl, owner),
                body=body,
            )

        sequences_by_schema: dict[int, dict[str, Sequence]] = {}
        for (
            nsp,
            name,
            typ,
            start,
            increment,
            minv,
            maxv,
            cache_size,
            cycle,
            owned_schema,
            owned_table,
            owned_column,
            owner,
            acl,
        ) in rows.sequences or ():
            owned_by = None
            if owned_column is not None:
                owned_by = _qualify(owned_schema, owned_table) + "." + _quote_ident(owned_column)
            sequences_by_schema.setdefault(nsp, {})[name] = Sequence(
                schema=self.schema_names[nsp],
                name=name,
                type=typ,
                start=start,
                increment=increment,
                min_value=minv,
                max_value=maxv,
                cache=cache_size,
                cycle=cycle,
                owned_by=owned_by,
                owner=owner,
                privileges=grants(acl, owner),
            )

        enums_by_schema: dict[int, dict[str, EnumType]] = {}
        for nsp, name, labels, owner, comment in rows.enums or ():
            enums_by_schema.setdefault(nsp, {})[name] = EnumType(
                schema=self.schema_names[nsp], name=name, labels=tuple(labels), owner=owner, comment=comment
            )

        domains_by_schema: dict[int, dict[str, Domain]] = {}
        for nsp, name, base, notnull, default, check_names, check_exprs, owner in rows.domains or ():
            domains_by_schema.setdefault(nsp, {})[name] = Domain(
                schema=self.schema_names[nsp],
                name=name,
                base_type=base,
                nullable=not notnull,
                default=default,
                checks=FrozenMap(zip(check_names, check_exprs, strict=True)),
                owner=owner,
            )

        collations_by_schema: dict[int, dict[str, Collation]] = {}
        for nsp, name, provider, locale, lc_collate, lc_ctype, deterministic, owner in rows.collations or ():
            collations_by_schema.setdefault(nsp, {})[name] = Collation(
                schema=self.schema_names[nsp],
                name=name,
                provider=_COLLPROVIDER.get(provider, "libc"),
                locale=locale,
                lc_collate=lc_collate,
                lc_ctype=lc_ctype,
                deterministic=deterministic,
                owner=owner,
            )

        schemas: dict[str, Schema] = {}
        by_schema = (
            relations_by_schema,
            functions_by_schema,
            sequences_by_schema,
            enums_by_schema,
            domains_by_schema,
            collations_by_schema,
        )
        for oid, name, owner, comment, acl in rows.schemas or ():
            if oid not in self.schema_names:
                continue  # filtered out by include/exclude
            if (
                self.only_schemas is not None
                and oid not in self.only_schemas
                and not any(oid in d for d in by_schema)
            ):
                continue  # a partial read: a schema the set does not name, holding nothing read
            schemas[name] = Schema(
                name=name,
                owner=owner,
                comment=comment,
                privileges=grants(acl, owner),
                relations=FrozenMap(relations_by_schema.get(oid, {})),
                functions=FrozenMap(functions_by_schema.get(oid, {})),
                sequences=FrozenMap(sequences_by_schema.get(oid, {})),
                enums=FrozenMap(enums_by_schema.get(oid, {})),
                domains=FrozenMap(domains_by_schema.get(oid, {})),
                collations=FrozenMap(collations_by_schema.get(oid, {})),
            )

        extensions = FrozenMap(
            (name, Extension(name=name, version=version, schema=schema, default_version=default_version))
            for name, version, schema, default_version in rows.extensions or ()
        )

        audited = set(self.schema_names.values())
        default_privileges = frozenset(
            DefaultPrivilege(
                role=role,
                schema=nsp,
                object_type=_DEFACL_TYPE[objtype],
                grantee=grantee,
                privilege=privilege,
                grantable=grantable,
            )
            for role, nsp, objtype, grantee, privilege, grantable in rows.default_privileges or ()
            # the owner's own entries are noise, as for grants; a schema-bound entry follows the filter
            if grantee != role and (nsp is None or nsp in audited)
        )

        roles = FrozenMap(
            (
                name,
                Role(
                    name=name,
                    login=login,
                    superuser=superuser,
                    bypassrls=bypassrls,
                    inherit=inherit,
                    createrole=createrole,
                    createdb=createdb,
                    member_of=frozenset(member_of),
                ),
            )
            for name, login, superuser, bypassrls, inherit, createrole, createdb, member_of in rows.roles
            or ()
        )

        return Catalog(
            schemas=FrozenMap(schemas),
            extensions=extensions,
            extension_relations=_extension_relations(rows.extension_relations, grants),
            roles=roles,
            default_privileges=default_privileges,
            server_version=server_version,
            server_version_num=server_version_num,
            gaps=tuple(rows.gaps + self.gaps),
        )


_EXTENSION_RELATION_DECLARES = frozenset({"name", "kind", "owner", "rls_enabled", "privileges"})


def _extension_relations(rows: list[Row] | None, grants: Grants) -> FrozenMap[str, tuple[Relation, ...]]:
    """Tables extensions own (extension_relations.sql), by extension: name, kind, owner, row level
    security and grants only."""
    out: dict[str, list[Relation]] = {}
    for extname, nsp, relname, relkind, owner, rls, acl in rows or ():
        rel = Relation(
            schema=nsp,
            name=relname,
            kind="partitioned table" if relkind == "p" else "table",
            owner=owner,
            rls_enabled=rls,
            privileges=grants(acl, owner),
            declared=_EXTENSION_RELATION_DECLARES,
        )
        out.setdefault(extname, []).append(rel)
    return FrozenMap((name, tuple(rels)) for name, rels in out.items())


def schema_filter(names: Iterable[str], include: Iterable[str], exclude: Iterable[str]) -> set[str]:
    """The schema names kept by include/exclude patterns (exact names or fnmatch globs, case-sensitive)."""
    from fnmatch import fnmatchcase

    inc = list(include)
    exc = list(exclude)
    return {
        n
        for n in names
        if (not inc or any(fnmatchcase(n, p) for p in inc)) and not any(fnmatchcase(n, p) for p in exc)
    }
