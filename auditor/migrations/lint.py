"""Migration safety lint: the machinery around the rules in ``auditor/rules/lint/``.

The rules are ordinary registered rules (``target = "migration"``, family ``migrations``, same
config, allow-list and finding shape as the compliance rules). What they look at is a
:class:`MigrationSet`: every statement of the linted files, each with what was known just
before it ran (:class:`LintStatement`): which tables this file created (a new table is empty, so
locking or rewriting it is harmless), column types, open transactions, the DDL inside ``DO``
blocks.

Earlier migrations of the same folder are read first (not linted), so a column's type or a
function's volatility defined in an older file is known.

Inline suppression: ``-- schema-auditor: ignore MIG001 -- reason`` on a line of the statement or
on the comment lines right before it hides that rule's findings for that statement (the finding is
kept, marked ``suppressed`` with the reason). A suppression without a reason hides nothing and is
itself an error (rule MIG010).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.errors import InputError
from auditor.findings import Finding
from auditor.migrations.offline import Interpreter
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
    ``inner`` is true; ``statement`` is always the top-level statement of the file.
    """

    statement: Statement
    file: ParsedFile
    node: Any
    line: int
    column: int | None
    inner: bool
    new_tables: frozenset[str]  # qualified keys of tables created earlier in this file
    in_explicit_transaction: bool  # between BEGIN and COMMIT written in the file
    column_types: Mapping[str, str] = field(default_factory=dict)  # "schema.table.col" -> type, as before
    function_volatility: Mapping[str, str] = field(default_factory=dict)  # function name -> volatility

    @property
    def location(self) -> Location:
        return Location(self.statement.file, self.line, self.column)

    @property
    def schema(self) -> str:
        """Where unqualified names resolve at this statement."""
        return self.statement.schema

    @property
    def kind(self) -> str:
        return type(self.node).__name__

    def relation(self, rv: Any) -> tuple[str, str]:
        """``(schema, name)`` of a ``RangeVar`` as this statement resolves it."""
        return (rv.schemaname or self.schema, rv.relname)

    def is_new_table(self, schema: str, name: str) -> bool:
        """Created earlier in the same file: empty, nobody reads it yet."""
        return qualify(schema, name) in self.new_tables

    def column_type(self, schema: str, table: str, column: str) -> str | None:
        return self.column_types.get(f"{schema}.{table}.{column}")


@dataclass(frozen=True, eq=False)
class MigrationSet:
    """What lint rules check: the linted files and their statements in apply order."""

    files: tuple[ParsedFile, ...]
    statements: tuple[LintStatement, ...]

    def statements_of(self, pf: ParsedFile) -> Iterator[LintStatement]:
        return (s for s in self.statements if s.file is pf)

    def suppressions(self) -> Iterator[Suppression]:
        for pf in self.files:
            yield from pf.suppressions


_TX_BEGIN = ("TRANS_STMT_BEGIN", "TRANS_STMT_START")
_TX_END = ("TRANS_STMT_COMMIT", "TRANS_STMT_ROLLBACK", "TRANS_STMT_COMMIT_PREPARED", "TRANS_STMT_PREPARE")


def build_set(files: Sequence[ParsedFile], targets: Sequence[ParsedFile] | None = None) -> MigrationSet:
    """Interpret ``files`` in order, recording each statement of ``targets`` (default: all) as the
    lint rules see it; the other files only give context (their tables, columns, functions)."""
    linted = {id(pf) for pf in (files if targets is None else targets)}
    interp = Interpreter()
    out: list[LintStatement] = []
    for pf in files:
        if id(pf) not in linted:
            interp.run([pf])
            continue
        new_tables: set[str] = set()
        in_tx = False
        for st in pf.statements:
            node = st.ast
            nodes: list[tuple[Any, int, int | None, bool]] = []
            if node is not None and type(node).__name__ == "DoStmt":
                nodes.append((node, st.line, st.column, False))
                nodes.extend(
                    (i.ast, i.line, None, True) for i in do_block_statements(st) if i.ast is not None
                )
            elif node is not None:
                nodes.append((node, st.line, st.column, False))
            for n, line, col, inner in nodes:
                out.append(
                    LintStatement(
                        statement=st,
                        file=pf,
                        node=n,
                        line=line,
                        column=col,
                        inner=inner,
                        new_tables=frozenset(new_tables),
                        in_explicit_transaction=in_tx,
                        column_types=_column_types(interp, n, st.schema),
                        # Only ADD COLUMN defaults need it: not rebuilt for every statement.
                        function_volatility=_volatility(interp)
                        if type(n).__name__ == "AlterTableStmt"
                        else {},
                    )
                )
            if node is not None and type(node).__name__ == "TransactionStmt":
                kind = str(node.kind.name)
                in_tx = True if kind in _TX_BEGIN else False if kind in _TX_END else in_tx
            before = len(interp.effects)
            interp.statement(st)
            for e in interp.effects[before:]:
                if e.action == "create" and e.object.startswith("table:"):
                    new_tables.add(e.object.removeprefix("table:"))
    return MigrationSet(tuple(pf for pf in files if id(pf) in linted), tuple(out))


def _column_types(interp: Interpreter, node: Any, schema: str) -> Mapping[str, str]:
    """Types, before this statement, of the columns an ``ALTER TABLE`` touches (what rules need)."""
    if type(node).__name__ != "AlterTableStmt":
        return {}
    s, t = (node.relation.schemaname or schema, node.relation.relname)
    table = interp.schemas.get(s)
    rel = table.tables.get(t) if table else None
    if rel is None:
        return {}
    return {f"{s}.{t}.{c.name}": c.type for c in rel.columns.values()}


def _volatility(interp: Interpreter) -> Mapping[str, str]:
    return {f.name: f.volatility for s in interp.schemas.values() for f in s.functions.values()}


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
    from auditor.rules.base import run_rules

    files = expand_paths(paths)
    wanted = {f.resolve() for f in files}
    ordered: list[Path] = []
    for folder in dict.fromkeys(f.parent for f in files):
        mine = [f for f in files if f.parent == folder]
        last = max(f.name for f in mine)
        # The folder's earlier migrations are read for context (not linted), in apply order.
        earlier = [p for p in migration_files(folder) if p.name <= last and p.resolve() not in wanted]
        ordered.extend(sorted([*earlier, *mine], key=lambda p: p.name))
    parsed = [parse_file(p) for p in ordered]
    targets = [pf for pf, p in zip(parsed, ordered, strict=True) if p.resolve() in wanted]
    subject = build_set(parsed, targets)
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
def alter_commands(ls: LintStatement, *subtypes: str) -> Iterator[Any]:
    """The ``ALTER TABLE`` subcommands of ``ls`` whose subtype (``AT_AddColumn``...) is listed."""
    if ls.kind != "AlterTableStmt" or str(ls.node.objtype.name) != "OBJECT_TABLE":
        return
    for cmd in ls.node.cmds:
        if str(cmd.subtype.name) in subtypes:
            yield cmd


def on_existing_table(ls: LintStatement, rv: Any) -> tuple[str, str] | None:
    """``(schema, name)`` of the table ``rv`` names, unless this file created it (then ``None``)."""
    schema, name = ls.relation(rv)
    return None if ls.is_new_table(schema, name) else (schema, name)


def file_key(ls: LintStatement) -> str:
    """A stable part of fingerprints: the migration's file name (not its line, which moves)."""
    return ls.file.filename
