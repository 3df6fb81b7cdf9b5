"""Migration safety lint: the machinery around the rules in ``auditor/rules/lint/``.

The rules are ordinary registered rules (``target = "migration"``, family ``migrations``, same
config, allow-list and finding shape as the compliance rules). What they look at is a
:class:`MigrationSet`: every statement of the linted files, each with what was known just
before it ran (:class:`LintStatement`): which tables this release created (a new table is empty,
so locking or rewriting it is harmless), column types, open transactions, the DDL inside ``DO``
blocks.

**Releases.** The files of one lint run are one release: they are applied together, so a table
created by any of them (in an earlier file or earlier in the same file) is new and empty for the
statements that follow it. The audit lints the migrations live has not applied yet: they are its
release. Earlier migrations of the same folder are read first (not linted): their tables exist,
and their column types and functions' volatility are known. A run over a whole history (every
file of the folder, as ``lint-migrations migrations/`` does) is not one release: each file is its
own, run on the database the files before it built.

Inline suppression: ``-- schema-auditor: ignore MIG001 -- reason`` on a line of the statement or
on the comment lines right before it hides that rule's findings for that statement (the finding is
kept, marked ``suppressed`` with the reason). A suppression without a reason hides nothing and is
itself an error (rule MIG010).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pglast import ast as pg_ast
from pglast import parser as pg_parser

from auditor.errors import InputError
from auditor.findings import Finding
from auditor.memory import gc_paused
from auditor.migrations.names import qualified, sval, type_name
from auditor.migrations.parse import (
    ParsedFile,
    Statement,
    Suppression,
    do_block_statements,
    migration_files,
    parse_file,
)
from auditor.model import Location, qualify

if TYPE_CHECKING:
    from auditor.rules.base import RulesConfig


@dataclass(frozen=True, eq=False)
class LintStatement:
    """One statement as a lint rule sees it.

    For DDL inside a ``DO`` block, ``node`` is the inner statement, ``line`` its line and
    ``inner`` is true; ``statement`` is always the top-level statement of the file. A top-level
    statement's node is built on first use (most statements of a migration, its data, are never
    looked into): test ``kind`` first.
    """

    statement: Statement
    file: ParsedFile
    inner_node: Any  # the inner statement's node (``inner``), else None: the statement's own node
    line: int
    column: int | None
    inner: bool
    new_tables: frozenset[str]  # qualified keys of tables created earlier in this release
    in_explicit_transaction: bool  # between BEGIN and COMMIT written in the file
    column_types: Mapping[str, str] = field(default_factory=dict)  # "schema.table.col" -> type, as before
    function_volatility: Mapping[str, str] = field(default_factory=dict)  # function name -> volatility
    #: Tables that exist before this statement (created by any migration read, linted or not).
    known_tables: frozenset[str] = frozenset()
    #: For ``DROP INDEX``: the table of each index the migrations created, by qualified index key.
    index_tables: Mapping[str, str] = field(default_factory=dict)

    @property
    def node(self) -> Any:
        return self.inner_node if self.inner else self.statement.ast

    @property
    def fields(self) -> dict[str, Any] | None:
        """The top-level statement's node as PostgreSQL's parser writes it in JSON (a dict of its
        fields; ``relation`` is ``{"schemaname": ..., "relname": ...}``): ten times cheaper than
        :attr:`node` for a large ``CREATE TABLE``. None for an inner statement of a ``DO`` block."""
        return None if self.inner else statement_fields(self.statement)

    @cached_property
    def commands_by_subtype(self) -> dict[str, list[Any]]:
        """An ``ALTER TABLE``'s subcommands by subtype name (none for other statements and for
        ``ALTER`` of other relation kinds)."""
        out: dict[str, list[Any]] = {}
        if self.kind == "AlterTableStmt" and self.node.objtype.name == "OBJECT_TABLE":
            for cmd in self.node.cmds:
                out.setdefault(cmd.subtype.name, []).append(cmd)
        return out

    def relation_of(self, rv: Mapping[str, Any]) -> tuple[str, str]:
        """``(schema, name)`` of a JSON ``RangeVar``, as this statement resolves it."""
        return (rv.get("schemaname") or self.schema, rv["relname"])

    @property
    def location(self) -> Location:
        return Location(self.statement.file, self.line, self.column)

    @property
    def schema(self) -> str:
        """Where unqualified names resolve at this statement."""
        return self.statement.schema

    @cached_property
    def kind(self) -> str:
        """The node's class name (``AlterTableStmt``), known without building the node."""
        return type(self.inner_node).__name__ if self.inner else str(self.statement.node_type)

    def relation(self, rv: Any) -> tuple[str, str]:
        """``(schema, name)`` of a ``RangeVar`` as this statement resolves it."""
        return (rv.schemaname or self.schema, rv.relname)

    def is_new_table(self, schema: str, name: str) -> bool:
        """Created earlier in this release (the linted files, in apply order): empty, nobody
        reads it yet."""
        return qualify(schema, name) in self.new_tables

    def column_type(self, schema: str, table: str, column: str) -> str | None:
        return self.column_types.get(f"{schema}.{table}.{column}")


@dataclass(frozen=True, eq=False)
class MigrationSet:
    """What lint rules check: the linted files (one release) and their statements in apply order."""

    files: tuple[ParsedFile, ...]
    statements: tuple[LintStatement, ...]

    def statements_of(self, pf: ParsedFile) -> Iterator[LintStatement]:
        return iter(self._by_file.get(id(pf), ()))

    @cached_property
    def _by_file(self) -> dict[int, list[LintStatement]]:
        """Statements by file, built once (rules walk them file by file)."""
        out: dict[int, list[LintStatement]] = {}
        for s in self.statements:
            out.setdefault(id(s.file), []).append(s)
        return out

    def suppressions(self) -> Iterator[Suppression]:
        for pf in self.files:
            yield from pf.suppressions


_TX_BEGIN = ("TRANS_STMT_BEGIN", "TRANS_STMT_START")
_TX_END = ("TRANS_STMT_COMMIT", "TRANS_STMT_ROLLBACK", "TRANS_STMT_COMMIT_PREPARED", "TRANS_STMT_PREPARE")

#: Statements that change what the lint context tracks (tables, their columns' types, functions).
_TRACKED = frozenset(
    {
        "CreateStmt",
        "CreateTableAsStmt",
        "AlterTableStmt",
        "RenameStmt",
        "DropStmt",
        "CreateFunctionStmt",
        "IndexStmt",
        "DoStmt",
    }
)


class _Context:
    """What the lint rules need to know of the statements before each one: tables and their
    columns' types, functions' volatility, and which tables this release created.

    Deliberately small (the offline interpreter models the whole schema, its expressions
    deparsed, which costs ten times more than the lint itself): only the statements of
    :data:`_TRACKED` are looked into."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[str, str]] = {}  # qualify(schema, table) -> column -> type
        self.names: dict[str, tuple[str, str]] = {}  # qualify(schema, table) -> (schema, table)
        # (position, the CREATE FUNCTION statement, or (name, volatility) from a DO block), in
        # order: a statement is read only when a rule asks about a function (MIG004, for the
        # functions a new column's default calls), and most runs never do
        self.functions: list[tuple[int, Statement | tuple[str, str]]] = []
        self.position = 0  # of the statement being read
        self.indexes: dict[str, str] = {}  # qualify(schema, index) -> qualify(schema, table)
        self.new: set[str] = set()
        self._frozen_new: frozenset[str] | None = frozenset()
        self._frozen_known: frozenset[str] | None = frozenset()

    def new_release(self) -> None:
        """What the files read so far created exists from now on."""
        if self.new:
            self.new = set()
            self._frozen_new = None

    def new_tables(self) -> frozenset[str]:
        if self._frozen_new is None:
            self._frozen_new = frozenset(self.new)
        return self._frozen_new

    def known_tables(self) -> frozenset[str]:
        if self._frozen_known is None:
            self._frozen_known = frozenset(self.tables)
        return self._frozen_known

    def column_types(self, node: Any, schema: str) -> Mapping[str, str]:
        """Types, before this statement, of the columns of the table an ``ALTER TABLE`` names. A
        view, not a copy: a table's column dict is replaced, never changed, once handed out."""
        s, t = (node.relation.schemaname or schema, node.relation.relname)
        cols = self.tables.get(qualify(s, t))
        return _Columns(f"{s}.{t}.", cols) if cols else {}

    def apply(self, node: Any, schema: str, linted: bool) -> None:
        kind = type(node).__name__
        # A shape this context does not expect: it knows a little less, the rules still run.
        with contextlib.suppress(AttributeError, TypeError, ValueError, KeyError, IndexError):
            getattr(self, "_" + kind)(node, schema, linted)

    def apply_fields(self, kind: str, st: Statement, linted: bool) -> bool:
        """Apply a top-level statement from its JSON fields where that is enough (``CREATE
        TABLE``, ``CREATE FUNCTION``, ``CREATE INDEX``); False when the node is needed."""
        reader = _JSON_READERS.get(kind)
        if reader is None:
            return False
        fields = statement_fields(st)
        with contextlib.suppress(AttributeError, TypeError, ValueError, KeyError, IndexError):
            if not reader(self, fields, st.schema, linted):
                return False  # a shape the JSON reader leaves to the node
        return True

    def _create_json(self, f: dict[str, Any], schema: str, linted: bool) -> bool:
        cols: dict[str, str] = {}
        for e in f.get("tableElts", ()):
            cd = e.get("ColumnDef")
            if cd is None or "typeName" not in cd:
                continue
            typ = json_type_name(cd["typeName"])
            if typ is None:
                return False
            cols[cd["colname"]] = typ
        rel = f["relation"]
        self._create(rel.get("schemaname") or schema, rel["relname"], cols, linted)
        return True

    def apply_function(self, st: Statement) -> None:
        """A top-level ``CREATE FUNCTION``: read when asked."""
        self.functions.append((self.position, st))

    def _index_json(self, f: dict[str, Any], schema: str, linted: bool) -> bool:
        if f.get("idxname"):
            rel = f["relation"]
            s = rel.get("schemaname") or schema
            self.indexes[qualify(s, f["idxname"])] = qualify(s, rel["relname"])
        return True

    def _create(self, schema: str, name: str, columns: dict[str, str], linted: bool) -> None:
        key = qualify(schema, name)
        if key in self.tables:
            return  # IF NOT EXISTS on a table that exists: nothing new
        self._frozen_new = self._frozen_known = None
        self.tables[key] = columns
        self.names[key] = (schema, name)
        if linted:
            self.new.add(key)

    def _CreateStmt(self, n: Any, schema: str, linted: bool) -> None:
        cols = {
            e.colname: type_name(e.typeName)
            for e in n.tableElts or ()
            if type(e).__name__ == "ColumnDef" and e.typeName is not None
        }
        self._create(n.relation.schemaname or schema, n.relation.relname, cols, linted)

    def _CreateTableAsStmt(self, n: Any, schema: str, linted: bool) -> None:
        if str(n.objtype.name) == "OBJECT_TABLE":
            rel = n.into.rel
            self._create(rel.schemaname or schema, rel.relname, {}, linted)

    def _AlterTableStmt(self, n: Any, schema: str, linted: bool) -> None:
        key = qualify(n.relation.schemaname or schema, n.relation.relname)
        cols = self.tables.get(key)
        if cols is None:
            return
        cols = self.tables[key] = dict(cols)  # a copy: statements before this one keep theirs
        for cmd in n.cmds or ():
            sub = str(cmd.subtype.name)
            if sub == "AT_AddColumn" and cmd.def_.typeName is not None:
                cols[cmd.def_.colname] = type_name(cmd.def_.typeName)
            elif sub == "AT_AlterColumnType":
                cols[cmd.name] = type_name(cmd.def_.typeName)
            elif sub == "AT_DropColumn":
                cols.pop(cmd.name, None)

    def _RenameStmt(self, n: Any, schema: str, linted: bool) -> None:
        kind = str(n.renameType.name)
        if n.relation is None:
            return
        key = qualify(n.relation.schemaname or schema, n.relation.relname)
        cols = self.tables.get(key)
        if cols is None:
            return
        if kind == "OBJECT_TABLE":
            self._frozen_new = self._frozen_known = None
            s = n.relation.schemaname or schema
            new_key = qualify(s, n.newname)
            self.tables[new_key] = self.tables.pop(key)
            self.names[new_key] = (s, n.newname)
            self.names.pop(key, None)
            if key in self.new:
                self.new.discard(key)
                self.new.add(new_key)
        elif kind == "OBJECT_COLUMN" and n.subname in cols:
            cols = self.tables[key] = dict(cols)
            cols[n.newname] = cols.pop(n.subname)

    def _IndexStmt(self, n: Any, schema: str, linted: bool) -> None:
        if n.idxname:
            s = n.relation.schemaname or schema
            self.indexes[qualify(s, n.idxname)] = qualify(s, n.relation.relname)

    def _DropStmt(self, n: Any, schema: str, linted: bool) -> None:
        if str(n.removeType.name) == "OBJECT_INDEX":
            for obj in n.objects:
                self.indexes.pop(qualify(*qualified(obj, schema)), None)
        if str(n.removeType.name) != "OBJECT_TABLE":
            return
        self._frozen_new = self._frozen_known = None
        for obj in n.objects:
            key = qualify(*qualified(obj, schema))
            self.tables.pop(key, None)
            self.names.pop(key, None)
            self.new.discard(key)

    def _CreateFunctionStmt(self, n: Any, schema: str, linted: bool) -> None:
        volatility = "volatile"
        for opt in n.options or ():
            if opt.defname == "volatility":
                volatility = str(opt.arg.sval)
        self.functions.append((self.position, (sval(n.funcname[-1]), volatility)))

    def _DoStmt(self, n: Any, schema: str, linted: bool) -> None:
        pass  # its inner statements are applied one by one


_JSON_READERS: dict[str, Callable[[_Context, dict[str, Any], str, bool], bool]] = {
    "CreateStmt": _Context._create_json,
    "IndexStmt": _Context._index_json,
}


class _Columns(Mapping[str, str]):
    """``"schema.table.column" -> type`` over one table's column dict (no copy per statement)."""

    def __init__(self, prefix: str, columns: dict[str, str]) -> None:
        self._prefix = prefix
        self._columns = columns

    def __getitem__(self, key: str) -> str:
        if not key.startswith(self._prefix):
            raise KeyError(key)
        return self._columns[key[len(self._prefix) :]]

    def __iter__(self) -> Iterator[str]:
        return (self._prefix + c for c in self._columns)

    def __len__(self) -> int:
        return len(self._columns)


class _Volatility(Mapping[str, str]):
    """Functions' volatility as it was at one statement (:attr:`LintStatement.function_volatility`):
    a view of the context's history, each function's statement read when looked up."""

    def __init__(self, functions: list[tuple[int, Statement | tuple[str, str]]], position: int) -> None:
        self._functions = functions
        self._position = position

    def _made(self) -> Iterator[tuple[str, str | Statement]]:
        """(name, volatility or its statement), newest first, of the functions made before."""
        for at, made in reversed(self._functions):
            if at >= self._position:
                continue
            if isinstance(made, tuple):
                yield made
            else:
                name = _function_name(made)
                if name is not None:
                    yield name, made

    def __getitem__(self, name: str) -> str:
        for n, v in self._made():
            if n == name:
                return v if isinstance(v, str) else _volatility_of(v)
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(n for n, _ in self._made()))

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _function_name(st: Statement) -> str | None:
    f = statement_fields(st)
    try:
        return str(f["funcname"][-1]["String"]["sval"])
    except (KeyError, IndexError, TypeError):
        return None


def _volatility_of(st: Statement) -> str:
    for opt in statement_fields(st).get("options", ()):
        d = opt.get("DefElem", {})
        if d.get("defname") == "volatility":
            return str(d["arg"]["String"]["sval"])
    return "volatile"


def statement_fields(st: Statement) -> dict[str, Any]:
    """The JSON fields of a parsed statement's node (:attr:`LintStatement.fields`), read once."""
    cached: dict[str, Any] | None = st.__dict__.get("_lint_fields")
    if cached is None:
        try:
            tree = json.loads(pg_parser.parse_sql_json(st.text))
            cached = tree["stmts"][0]["stmt"][st.node_type]
        except (pg_parser.ParseError, KeyError, IndexError, ValueError):
            cached = {}
        st.__dict__["_lint_fields"] = cached
    return cached


_TYPE_NAMES: dict[tuple[Any, ...], str | None] = {}


def json_type_name(tn: dict[str, Any]) -> str | None:
    """A JSON ``TypeName`` as :func:`~auditor.migrations.names.type_name` spells it (the same
    function, on a node built from the JSON: only the type is built, not the whole statement);
    None for a type modifier that is not a constant. Each distinct type is spelled once."""
    key = (
        tuple(n["String"]["sval"] for n in tn.get("names", ())),
        repr(tn.get("typmods")),
        len(tn.get("arrayBounds", ())),
        bool(tn.get("setof")),
        bool(tn.get("pct_type")),
    )
    if key not in _TYPE_NAMES:
        _TYPE_NAMES[key] = _json_type_name(tn)
    return _TYPE_NAMES[key]


def _json_type_name(tn: dict[str, Any]) -> str | None:
    mods: list[dict[str, Any]] = []
    for m in tn.get("typmods", ()):
        c = m.get("A_Const")
        if c is None:
            return None
        if "ival" in c:
            mods.append(
                {"@": "A_Const", "isnull": False, "val": {"@": "Integer", "ival": c["ival"].get("ival", 0)}}
            )
        elif "sval" in c:
            mods.append(
                {"@": "A_Const", "isnull": False, "val": {"@": "String", "sval": c["sval"].get("sval", "")}}
            )
        elif "fval" in c:
            mods.append(
                {"@": "A_Const", "isnull": False, "val": {"@": "Float", "fval": c["fval"].get("fval", "0")}}
            )
        else:
            return None
    node = pg_ast.TypeName(
        {
            "@": "TypeName",
            "names": tuple({"@": "String", "sval": n["String"]["sval"]} for n in tn.get("names", ())),
            "typmods": tuple(mods) or None,
            "arrayBounds": tuple(
                {"@": "Integer", "ival": b.get("Integer", {}).get("ival", 0)}
                for b in tn.get("arrayBounds", ())
            )
            or None,
            "setof": bool(tn.get("setof", False)),
            "pct_type": bool(tn.get("pct_type", False)),
            "typemod": tn.get("typemod", -1),
        }
    )
    return type_name(node)


def build_set(
    files: Sequence[ParsedFile], targets: Sequence[ParsedFile] | None = None, *, one_release: bool = True
) -> MigrationSet:
    """Read ``files`` in order, recording each statement of ``targets`` (default: all) as the lint
    rules see it; the other files only give context (their tables, columns, functions).

    With ``one_release`` the targets are one release: a table one of them creates is new for
    every later statement, in the same file or a later one. Without, each file is its own release
    (a table is new only in the file that creates it)."""
    linted = {id(pf) for pf in (files if targets is None else targets)}
    ctx = _Context()
    out: list[LintStatement] = []
    for pf in files:
        mine = id(pf) in linted
        in_tx = False
        if not one_release:
            ctx.new_release()
        for st in pf.statements:
            node_type = st.node_type
            if node_type is None or st.error is not None:
                continue
            nodes: list[tuple[Any, int, int | None, bool]] = [(None, st.line, st.column, False)]
            if node_type == "DoStmt":
                nodes.extend(
                    (i.ast, i.line, None, True) for i in do_block_statements(st) if i.ast is not None
                )
            for n, line, col, inner in nodes:
                kind = type(n).__name__ if inner else node_type
                if mine:
                    alter = kind == "AlterTableStmt"
                    out.append(
                        LintStatement(
                            statement=st,
                            file=pf,
                            inner_node=n,
                            line=line,
                            column=col,
                            inner=inner,
                            new_tables=ctx.new_tables(),
                            in_explicit_transaction=in_tx,
                            column_types=ctx.column_types(n if inner else st.ast, st.schema) if alter else {},
                            # Only ADD COLUMN defaults need it: not copied for every statement.
                            function_volatility=_Volatility(ctx.functions, ctx.position) if alter else {},
                            known_tables=ctx.known_tables(),
                            index_tables=dict(ctx.indexes) if kind == "DropStmt" else {},
                        )
                    )
                if kind == "CreateFunctionStmt" and not inner:
                    ctx.apply_function(st)
                elif kind in _TRACKED and (inner or not ctx.apply_fields(kind, st, mine)):
                    ctx.apply(n if inner else st.ast, st.schema, mine)
                ctx.position += 1
            if node_type == "TransactionStmt":
                tx = str(st.ast.kind.name)
                in_tx = True if tx in _TX_BEGIN else False if tx in _TX_END else in_tx
    return MigrationSet(tuple(pf for pf in files if id(pf) in linted), tuple(out))


def expand_paths(paths: Sequence[str | Path]) -> list[Path]:
    """Files as given; folders expand to their ``*.sql`` files in apply order."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(migration_files(p))
        elif p.is_file():
            out.append(p)
        else:
            raise InputError(f"no such migration file or folder: {p}", hint="pass files or a folder of *.sql")
    from auditor.migrations.files import resolve_migration

    # Each file, and each of its folder's that is read for context, a regular file inside its folder:
    # a link out of it, a dangling link or a loop is exit 2 here, before anything is resolved or read.
    for folder in dict.fromkeys(f.parent for f in out):
        for f in migration_files(folder):
            resolve_migration(f)
    for f in out:
        resolve_migration(f)
    return out


def lint_files(
    paths: Sequence[str | Path],
    config: RulesConfig | None = None,
    *,
    only: Sequence[str] | None = None,
) -> list[Finding]:
    """Lint migration files (or folders) with the migration rules; findings sorted by location.

    Earlier migrations of each file's folder are read for context (tables, column types,
    functions) but not linted. Includes the ``SOURCE`` findings of the linted files (unparsed statements, psql
    meta-commands). ``config`` is a :class:`~auditor.rules.base.RulesConfig`.
    """
    with gc_paused():  # nothing the lint allocates is cyclic: the collector only rescans
        return _lint_files(paths, config, only)


def _lint_files(
    paths: Sequence[str | Path], config: RulesConfig | None, only: Sequence[str] | None
) -> list[Finding]:
    from auditor.rules.base import run_rules

    files = expand_paths(paths)
    resolved: dict[Path, Path] = {}

    def real(p: Path) -> Path:
        if p not in resolved:
            resolved[p] = p.resolve()
        return resolved[p]

    wanted = {real(f) for f in files}
    ordered: list[Path] = []
    for folder in dict.fromkeys(f.parent for f in files):
        mine = [f for f in files if f.parent == folder]
        last = max(f.name for f in mine)
        # The folder's earlier migrations are read for context (not linted), in apply order.
        earlier = [p for p in migration_files(folder) if p.name <= last and real(p) not in wanted]
        ordered.extend(sorted([*earlier, *mine], key=lambda p: p.name))
    parsed = [parse_file(p) for p in ordered]
    targets = [pf for pf, p in zip(parsed, ordered, strict=True) if real(p) in wanted]
    # The linted files are one release, unless they are a whole history (every file of their
    # folders): that was not deployed at once, so each file is taken to run on a database the files
    # before it built (a pending set is known only with --dsn or in the audit).
    subject = build_set(parsed, targets, one_release=len(targets) < len(parsed))
    findings = run_rules(subject, config, target="migration", only=only)
    for pf in subject.files:
        findings.extend(pf.findings())
    findings = apply_suppressions(findings, subject)
    findings.sort(
        key=lambda f: (f.location.file, f.location.line or 0, f.code) if f.location else ("", 0, f.code)
    )
    return findings


def apply_suppressions(findings: Sequence[Finding], subject: MigrationSet) -> list[Finding]:
    """Mark findings hidden by an inline ``schema-auditor: ignore CODE -- reason`` comment.

    A directive hides findings of its codes reported on the statement it is written in (any line,
    a ``DO`` block included), or on the statement right below the comment block it belongs to.
    Without a reason it hides nothing (MIG010 reports it).
    """
    files = {pf.path: pf for pf in subject.files if pf.suppressions}
    lines: dict[str, list[str]] = {}
    out: list[Finding] = []
    for f in findings:
        loc = f.location
        pf = files.get(loc.file) if loc is not None else None
        reason = None
        if pf is not None and loc is not None and loc.line is not None and f.code != SUPPRESSION_RULE:
            if pf.path not in lines:
                lines[pf.path] = pf.text.splitlines()
            reason = _suppression_for(pf, lines[pf.path], f.code, loc.line)
        out.append(replace(f, suppressed=reason) if reason else f)
    return out


SUPPRESSION_RULE = "MIG010"  # its findings are about suppressions: never hidden by one


def _suppression_for(pf: ParsedFile, lines: list[str], code: str, line: int) -> str | None:
    stmt = next((s for s in pf.statements if s.line <= line <= s.end_line), None)
    start, end = (stmt.line, stmt.end_line) if stmt else (line, line)
    for s in pf.suppressions:
        if not s.reason or code not in s.codes:
            continue
        if start <= s.line <= end:
            return s.reason
        # Above the statement: only comment lines between the directive and the statement.
        if (
            s.comment_only_line
            and s.line < start
            and all(x.strip().startswith(("--", "/*", "*")) for x in lines[s.line : start - 1])
        ):
            return s.reason
    return None


# --- helpers shared by the lint rules ---------------------------------------------------------
def alter_commands(ls: LintStatement, *subtypes: str) -> Sequence[Any]:
    """The ``ALTER TABLE`` subcommands of ``ls`` whose subtype (``AT_AddColumn``...) is listed
    (every rule asks this of every statement: a plain function, the commands grouped once)."""
    if ls.kind != "AlterTableStmt":
        return ()
    by_subtype = ls.commands_by_subtype
    if len(subtypes) == 1:
        return by_subtype.get(subtypes[0], ())
    return [
        cmd for cmd in ls.node.cmds if cmd.subtype.name in subtypes and ls.node.objtype.name == "OBJECT_TABLE"
    ]


def on_existing_table(ls: LintStatement, rv: Any) -> tuple[str, str] | None:
    """``(schema, name)`` of the table ``rv`` names, unless this file created it (then ``None``)."""
    schema, name = ls.relation(rv)
    return None if ls.is_new_table(schema, name) else (schema, name)


def file_key(ls: LintStatement) -> str:
    """A stable part of fingerprints: the migration's file name (not its line, which moves)."""
    return ls.file.filename


def foreign_key_targets(ls: LintStatement) -> Iterator[tuple[str, str]]:
    """``(schema, table)`` each foreign key of a ``CREATE TABLE`` or ``ALTER TABLE ... ADD``
    references (other than the table itself)."""
    fields = ls.fields
    if ls.kind == "CreateStmt" and fields is not None:
        yield from _json_foreign_keys(ls, fields)
        return
    n = ls.node
    if ls.kind == "CreateStmt":
        own = ls.relation(n.relation)
        cons: list[Any] = []
        for e in n.tableElts or ():
            if type(e).__name__ == "Constraint":
                cons.append(e)
            elif type(e).__name__ == "ColumnDef":
                cons.extend(e.constraints or ())
    elif ls.kind == "AlterTableStmt":
        own = ls.relation(n.relation)
        cons = []
        for cmd in alter_commands(ls, "AT_AddConstraint", "AT_AddColumn"):
            d = cmd.def_
            cons.extend([d] if type(d).__name__ == "Constraint" else (getattr(d, "constraints", None) or ()))
    else:
        return
    for c in cons:
        if str(c.contype.name) == "CONSTR_FOREIGN" and c.pktable is not None:
            target = ls.relation(c.pktable)
            if target != own:
                yield target


def _json_foreign_keys(ls: LintStatement, fields: dict[str, Any]) -> Iterator[tuple[str, str]]:
    own = ls.relation_of(fields["relation"])
    for e in fields.get("tableElts", ()):
        cons = (
            [e["Constraint"]]
            if "Constraint" in e
            else [c["Constraint"] for c in e.get("ColumnDef", {}).get("constraints", ()) if "Constraint" in c]
        )
        for c in cons:
            if c.get("contype") == "CONSTR_FOREIGN" and "pktable" in c:
                target = ls.relation_of(c["pktable"])
                if target != own:
                    yield target


def sets_timeout(ls: LintStatement, setting: str) -> bool:
    """``SET [LOCAL] <setting>`` to a non-zero value, or ``SELECT set_config('<setting>', ...)``."""
    if ls.kind == "VariableSetStmt":
        n = ls.node
        if n.name != setting:
            return False
        values = [getattr(a.val, "sval", None) or getattr(a.val, "ival", None) for a in n.args or ()]
        return bool(values) and str(values[0]).strip() not in ("0", "0ms", "0s")
    if ls.kind == "SelectStmt":
        text = " ".join(ls.statement.text.lower().split())
        return f"set_config('{setting}'" in text.replace(" (", "(").replace("( ", "(")
    return False
