"""Parse migration files statement by statement, with exact ``file:line:column`` for each.

PostgreSQL's own grammar (pglast, libpg_query) splits and reads the statements: it knows dollar
quotes, ``BEGIN ATOMIC`` bodies, ``CREATE POLICY``, ``DO`` blocks and everything else migrations
hold. sqlglot is offered per statement (``Statement.expression``, computed on first use) for
callers that want its expression tree.

Offsets: the statements are split from PostgreSQL's JSON parse tree, whose offsets are UTF-8
bytes; they are converted to characters, so line and column count characters, as editors show
them. pglast's Python node objects cost twenty times the parse itself, so ``Statement.ast`` is
built on first use.

Nothing is skipped silently: a statement PostgreSQL's grammar rejects keeps its location and
``error``; psql meta-commands (``\\set``, ``\\i``), which are not SQL, are found with a line scan
and reported. :meth:`ParsedFile.findings` turns both into ``SOURCE`` findings.
"""

from __future__ import annotations

import bisect
import json
import logging
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from pglast import parser as pg_parser

from auditor.errors import InputError
from auditor.findings import Category, Finding, Level
from auditor.model import Location

# Codes of the findings about the migration source itself (category SOURCE).
UNPARSED = "SRC001"  # a statement PostgreSQL's grammar rejects
META_COMMAND = "SRC002"  # a psql meta-command: not SQL, not run by migration tools

_MIGRATION_NAME = re.compile(r"^(?P<version>\d+)(?:_(?P<name>.+))?\.sql$")
_META_CANDIDATE = re.compile(r"^[ \t]*\\", re.M)
_SKIP_WS_COMMENTS = re.compile(r"(?:\s+|--[^\n]*|/\*(?:[^*]|\*(?!/))*\*/)*")


@dataclass(frozen=True, eq=False)
class Statement:
    """One SQL statement of a migration file.

    ``line``/``column`` are 1-based and point at the statement's first token (leading comments
    excluded); ``offset`` is the character offset of that token in the file. ``ast`` (built on
    first use) is the pglast node (``CreateStmt``, ``AlterTableStmt``, ...), ``None`` when
    PostgreSQL's grammar rejects the statement, and then ``error`` says why.
    """

    file: str
    line: int
    column: int
    end_line: int
    text: str
    kind: str
    node_type: str | None  # the pglast node class name (``CreateStmt``), None when not parsed
    error: str | None = None
    offset: int = 0
    index: int = 0  # position in the file, 0-based
    schema: str = "public"  # where unqualified names resolve (the last SET search_path)

    @property
    def location(self) -> Location:
        return Location(self.file, self.line, self.column)

    @cached_property
    def ast(self) -> Any:
        """The pglast node, built on first use: building Python node objects costs twenty times
        more than PostgreSQL's parse itself, and many callers only need kinds and locations."""
        if self.error is not None or self.node_type is None:
            return None
        return pg_parser.parse_sql(self.text)[0].stmt

    @cached_property
    def expression(self) -> Any:
        """sqlglot's reading of the statement (postgres dialect), or ``None`` where sqlglot only
        wraps it as an opaque command or cannot read it."""
        return sqlglot_expression(self.text)


@dataclass(frozen=True)
class MetaCommand:
    """A psql meta-command line (``\\set``, ``\\i``...): not SQL; blanked before parsing."""

    file: str
    line: int
    column: int
    text: str

    @property
    def location(self) -> Location:
        return Location(self.file, self.line, self.column)


@dataclass(frozen=True)
class Suppression:
    """``-- schema-auditor: ignore CODE[, CODE] -- reason`` written in a comment."""

    file: str
    line: int
    column: int
    codes: tuple[str, ...]
    reason: str | None
    comment_only_line: bool  # nothing but the comment on its line: it may precede a statement

    @property
    def location(self) -> Location:
        return Location(self.file, self.line, self.column)


@dataclass(frozen=True, eq=False)
class ParsedFile:
    """A migration file read statement by statement."""

    path: str
    text: str
    statements: tuple[Statement, ...]
    meta_commands: tuple[MetaCommand, ...] = ()
    suppressions: tuple[Suppression, ...] = ()

    @property
    def filename(self) -> str:
        return Path(self.path).name

    @property
    def version(self) -> str | None:
        """The leading digits of ``<digits>_<name>.sql`` (Supabase, Flyway-less naming)."""
        m = _MIGRATION_NAME.match(self.filename)
        return m.group("version") if m else None

    @property
    def name(self) -> str:
        m = _MIGRATION_NAME.match(self.filename)
        return (m.group("name") or "") if m else Path(self.path).stem

    def findings(self) -> list[Finding]:
        """What could not be read: unparsed statements and psql meta-commands (category SOURCE)."""
        out: list[Finding] = []
        for s in self.statements:
            if s.error is None:
                continue
            readable_by_sqlglot = s.expression is not None
            out.append(
                Finding(
                    code=UNPARSED,
                    # PostgreSQL's grammar is the authority: what it rejects will not apply.
                    level=Level.WARNING,
                    object=migration_path(self.version or self.filename),
                    message=f"statement not understood by PostgreSQL's grammar: {s.error}"
                    + ("; sqlglot reads it, offline analysis uses that" if readable_by_sqlglot else ""),
                    category=Category.SOURCE,
                    kind="unparsed",
                    actual=_excerpt(s.text),
                    help="fix the syntax, or check it against the PostgreSQL version you deploy to",
                    location=s.location,
                    fingerprint_parts=(UNPARSED, self.filename, _excerpt(s.text)),
                )
            )
        for m in self.meta_commands:
            out.append(
                Finding(
                    code=META_COMMAND,
                    level=Level.WARNING,
                    object=migration_path(self.version or self.filename),
                    message=f"psql meta-command {m.text.split()[0]} is not SQL: migration tools do not "
                    "run it and schema-auditor ignores it",
                    category=Category.SOURCE,
                    kind="unsupported",
                    actual=m.text,
                    help="write the equivalent SQL (e.g. SET for \\set variables), or inline the "
                    "included file",
                    location=m.location,
                    fingerprint_parts=(META_COMMAND, self.filename, m.text),
                )
            )
        out.sort(key=lambda f: (f.location.line or 0) if f.location else 0)
        return out


def migration_path(version: str) -> str:
    """The object path of a migration, ``migration:20241201000004``. Versions are not SQL
    identifiers: quoting them (as ``object_path`` would a leading digit) would only add noise."""
    return f"migration:{version}"


def sqlglot_expression(text: str) -> Any:
    """sqlglot's expression for one statement, or ``None`` (opaque ``Command`` or unreadable)."""
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import SqlglotError

    log = logging.getLogger("sqlglot")
    level = log.level
    # sqlglot logs a warning for each statement it keeps as a Command: that is our None, not news.
    log.setLevel(logging.ERROR)
    try:
        tree = sqlglot.parse_one(text, read="postgres")
    except (SqlglotError, ValueError, RecursionError):
        return None
    finally:
        log.setLevel(level)
    if tree is None or isinstance(tree, exp.Command):
        return None
    return tree


def migration_files(folder: str | Path) -> list[Path]:
    """The ``*.sql`` files of a migrations folder in lexical order (the order tools apply them)."""
    d = Path(folder)
    if not d.is_dir():
        raise InputError(f"migrations folder {d} does not exist", hint="pass --migrations DIR")
    # Not is_file(): a dangling link or a FIFO named *.sql is refused when read, never silently left out.
    return sorted((p for p in d.iterdir() if p.suffix == ".sql" and not p.is_dir()), key=lambda p: p.name)


def parse_folder(folder: str | Path) -> list[ParsedFile]:
    """Every migration of a folder, in the order they apply."""
    return [parse_file(p) for p in migration_files(folder)]


def parse_file(path: str | Path) -> ParsedFile:
    """Read and parse one migration file. An unreadable file is an :class:`InputError`."""
    from auditor.migrations.files import read_migration_bytes

    p = Path(path)
    raw = read_migration_bytes(p)  # a regular file inside its folder, else InputError
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        raise InputError(
            "migration file is not UTF-8", location=Location(str(p), line, col), hint="save it as UTF-8"
        ) from None
    return parse_text(text, str(p))


def parse_text(text: str, file: str = "<string>") -> ParsedFile:
    """Parse SQL text as if it were the file ``file``."""
    if text.startswith("\ufeff"):
        # A BOM is invisible in editors; replacing it by a space keeps every offset and column.
        text = " " + text[1:]
    lines = _LineIndex(text)
    metas, clean = _blank_meta_commands(text, file, lines)
    statements: list[Statement] = []
    schema = "public"
    for start, length, node_type, node, fields, error in _chunks(clean):
        body = clean[start : start + length]
        lead = _SKIP_WS_COMMENTS.match(body)
        skip = lead.end() if lead else 0
        stmt_text = body[skip:].rstrip()
        if not stmt_text:
            continue
        at = start + skip
        line, col = lines.position(at)
        end_line, _ = lines.position(at + len(stmt_text) - 1)
        st = Statement(
            file=file,
            line=line,
            column=col,
            end_line=end_line,
            text=stmt_text,
            kind=statement_kind(node, stmt_text)
            if node is not None
            else _json_kind(node_type, fields, stmt_text),
            node_type=node_type,
            error=error,
            offset=at,
            index=len(statements),
            schema=schema,
        )
        if node is not None:
            st.__dict__["ast"] = node  # already built: seed the cached property
        statements.append(st)
        if node_type == "VariableSetStmt":
            schema = _search_path_after(st.ast, schema)
    return ParsedFile(
        path=file,
        text=text,
        statements=tuple(statements),
        meta_commands=tuple(metas),
        suppressions=tuple(_suppressions(clean, file, lines)),
    )


class _LineIndex:
    """Character offset -> 1-based (line, column)."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        self.starts.extend(m.end() for m in re.finditer("\n", text))

    def position(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1


# char offset, length, node type, pglast node (or None: built lazily), JSON fields, error
_Chunk = tuple[int, int, str | None, Any, dict[str, Any], str | None]


def _chunks(text: str) -> list[_Chunk]:
    """Statement spans of ``text`` in characters, with their node type.

    PostgreSQL's parser reports offsets in UTF-8 bytes in its JSON output; they are converted to
    character offsets here, walking forward once (statements come in order)."""
    try:
        data = json.loads(pg_parser.parse_sql_json(text))
    except pg_parser.ParseError:
        return _parse_piecewise(text)
    raw = text.encode("utf-8")
    ascii_only = len(raw) == len(text)
    out: list[_Chunk] = []
    byte_at = char_at = 0
    for item in data.get("stmts", ()):
        b_start = int(item.get("stmt_location", 0))
        b_len = int(item.get("stmt_len", 0)) or len(raw) - b_start
        if ascii_only:
            start, length = b_start, b_len
        else:
            char_at += len(raw[byte_at:b_start].decode("utf-8"))
            byte_at = b_start
            start, length = char_at, len(raw[b_start : b_start + b_len].decode("utf-8"))
        stmt = item.get("stmt", {})
        node_type = next(iter(stmt), None)
        out.append((start, length, node_type, None, stmt.get(node_type, {}) if node_type else {}, None))
    return out


def _parse_piecewise(text: str) -> list[_Chunk]:
    """The whole file does not parse: split it on top-level semicolons with PostgreSQL's scanner
    and parse each piece alone, so one bad statement does not hide the others."""
    out: list[_Chunk] = []
    for start, end in _split_offsets(text):
        piece = text[start:end]
        try:
            raws = pg_parser.parse_sql(piece)
        except pg_parser.ParseError as e:
            message = str(e.args[0]) if e.args else str(e)
            out.append((start, end - start, None, None, {}, message))
            continue
        for r in raws:
            at, length = _span(r, len(piece))
            out.append((start + at, length, type(r.stmt).__name__, r.stmt, {}, None))
    return out


def _span(raw: Any, total: int) -> tuple[int, int]:
    """``(offset, length)`` of a RawStmt; a length of 0 means "to the end of the text"."""
    at = int(raw.stmt_location or 0)
    return at, int(raw.stmt_len or total - at)


def _split_offsets(text: str) -> list[tuple[int, int]]:
    """Statement spans: top-level ``;`` ends a statement, except inside a ``BEGIN ATOMIC`` body."""
    try:
        tokens = pg_parser.scan(text)
        tail: int | None = None
    except pg_parser.ParseError as e:
        # An unterminated quote or comment: scan what precedes it, the rest is one bad piece.
        tail = int(e.args[1]) if len(e.args) > 1 else 0
        cut = text.rfind(";", 0, tail) + 1
        tokens = pg_parser.scan(text[:cut]) if cut else []
        tail = cut
    spans: list[tuple[int, int]] = []
    start: int | None = None
    depth = 0
    atomic = False
    nested_ends = 0
    prev = ""
    for tok in tokens:
        name = tok.name
        if name in ("SQL_COMMENT", "C_COMMENT"):
            continue
        if start is None:
            start = tok.start
        if name == "ATOMIC" and prev == "BEGIN_P":
            atomic, nested_ends = True, 0
        elif atomic and name == "CASE":
            nested_ends += 1
        elif atomic and name == "END_P":
            if nested_ends:
                nested_ends -= 1
            else:
                atomic = False
        elif name == "ASCII_40":
            depth += 1
        elif name == "ASCII_41":
            depth = max(0, depth - 1)
        elif name == "ASCII_59" and depth == 0 and not atomic:
            spans.append((start, tok.start))
            start = None
        prev = name
    if start is not None:
        spans.append((start, tail if tail is not None else len(text)))
        if tail is not None:
            start = None
    if tail is not None and tail < len(text):
        spans.append((tail, len(text)))
    return spans


def _blank_meta_commands(text: str, file: str, lines: _LineIndex) -> tuple[list[MetaCommand], str]:
    """Find psql meta-command lines (a backslash first on a line, outside strings, comments and
    dollar quotes) and replace them by spaces, keeping every offset."""
    if not _META_CANDIDATE.search(text):
        return [], text
    found: list[MetaCommand] = []
    spans: list[tuple[int, int]] = []
    for start, end in _code_line_starts(text):
        line, col = lines.position(start)
        found.append(MetaCommand(file, line, col, text[start:end].rstrip()))
        spans.append((start, end))
    if not spans:
        return [], text
    parts: list[str] = []
    last = 0
    for s, e in spans:
        parts.append(text[last:s])
        parts.append(" " * (e - s))
        last = e
    parts.append(text[last:])
    return found, "".join(parts)


_DOLLAR = re.compile(r"\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$")


def _code_line_starts(text: str) -> list[tuple[int, int]]:
    """Spans of lines whose first non-blank character is a backslash in SQL code context."""
    out: list[tuple[int, int]] = []
    i, n = 0, len(text)
    at_line_start = True
    while i < n:
        c = text[i]
        if c == "\n":
            at_line_start = True
            i += 1
            continue
        if c in " \t\r":
            i += 1
            continue
        if c == "\\" and at_line_start:
            end = text.find("\n", i)
            end = n if end < 0 else end
            out.append((i, end))
            i = end
            continue
        at_line_start = False
        if c == "-" and text.startswith("--", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif c == "/" and text.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
        elif c in "'\"":
            # E'...' strings escape with backslashes; standard strings do not.
            escapes = c == "'" and i > 0 and text[i - 1] in "eE" and not (i > 1 and text[i - 2].isalnum())
            i += 1
            while i < n:
                if text[i] == c:
                    if i + 1 < n and text[i + 1] == c:  # doubled quote
                        i += 2
                        continue
                    break
                if escapes and text[i] == "\\":
                    i += 2
                    continue
                i += 1
            i += 1
        elif c == "$":
            m = _DOLLAR.match(text, i)
            if m and not (i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_")):
                end = text.find(m.group(0), m.end())
                i = n if end < 0 else end + len(m.group(0))
            else:
                i += 1
        else:
            i += 1
    return out


_DIRECTIVE = re.compile(
    r"schema-auditor:\s*ignore\s+(?P<codes>[A-Za-z]+[0-9]+(?:\s*,\s*[A-Za-z]+[0-9]+)*)"
    r"(?:\s*--\s*(?P<reason>.*?))?\s*(?:\*/)?\s*$",
    re.S,
)


def _suppressions(text: str, file: str, lines: _LineIndex) -> list[Suppression]:
    """Suppression comments, read from PostgreSQL's scanner tokens so a string that merely
    contains the words is never taken for one."""
    if "schema-auditor:" not in text:
        return []
    try:
        tokens = pg_parser.scan(text)
    except pg_parser.ParseError:
        return []
    out: list[Suppression] = []
    for tok in tokens:
        if tok.name not in ("SQL_COMMENT", "C_COMMENT"):
            continue
        comment = text[tok.start : tok.end + 1]
        at = comment.find("schema-auditor:")
        if at < 0:
            continue
        m = _DIRECTIVE.match(comment, at)
        line, col = lines.position(tok.start)
        line_start = lines.starts[line - 1]
        only_comment = not text[line_start : tok.start].strip()
        if not m:
            # A malformed directive is kept with no codes: the lint reports it rather than ignoring it.
            out.append(Suppression(file, line, col, (), None, only_comment))
            continue
        codes = tuple(c.strip().upper() for c in m.group("codes").split(","))
        reason = (m.group("reason") or "").strip() or None
        out.append(Suppression(file, line, col, codes, reason, only_comment))
    return out


def _search_path_after(node: Any, schema: str) -> str:
    """The schema unqualified names resolve to after ``node`` (``SET search_path``)."""
    if node is None or type(node).__name__ != "VariableSetStmt" or node.name != "search_path":
        return schema
    for arg in node.args or ():
        val = getattr(getattr(arg, "val", None), "sval", None)
        if val is None:
            continue
        for part in str(val).split(","):
            part = part.strip().strip('"')
            if part and part not in ("$user", "pg_catalog", "pg_temp"):
                return part
    return "public" if node.kind is not None and not node.args else schema


_KIND_NAMES = {
    "CreateStmt": "CREATE TABLE",
    "IndexStmt": "CREATE INDEX",
    "CreateTrigStmt": "CREATE TRIGGER",
    "CreateSeqStmt": "CREATE SEQUENCE",
    "AlterSeqStmt": "ALTER SEQUENCE",
    "CreateEnumStmt": "CREATE TYPE",
    "AlterEnumStmt": "ALTER TYPE",
    "CreateFunctionStmt": "CREATE FUNCTION",
    "ViewStmt": "CREATE VIEW",
    "VariableSetStmt": "SET",
    "VariableShowStmt": "SHOW",
    "CreateSchemaStmt": "CREATE SCHEMA",
    "CreateTableAsStmt": "CREATE TABLE AS",
    "DoStmt": "DO",
    "CommentStmt": "COMMENT",
    "CreatedbStmt": "CREATE DATABASE",
    "CreateRoleStmt": "CREATE ROLE",
    "AlterDefaultPrivilegesStmt": "ALTER DEFAULT PRIVILEGES",
}


def statement_kind(node: Any, text: str) -> str:
    """A readable kind: ``CREATE TABLE``, ``ALTER TABLE``, ``CREATE POLICY``, ``DO``, ..."""
    if node is None:
        # The leading keyword(s) as written: what the statement claims to be.
        lead = re.match(r"[A-Za-z]+(?:\s+[A-Za-z]+)?", text)
        return " ".join(lead.group(0).upper().split()) if lead else "UNKNOWN"
    cls = type(node).__name__
    if cls in _KIND_NAMES:
        return _KIND_NAMES[cls]
    if cls == "GrantStmt":
        return "GRANT" if node.is_grant else "REVOKE"
    if cls == "TransactionStmt":
        return str(node.kind.name).removeprefix("TRANS_STMT_").replace("_", " ")
    if cls in _OBJECT_FIELD:
        verb, key = _OBJECT_FIELD[cls]
        return f"{verb} {str(getattr(node, key).name).removeprefix('OBJECT_').replace('_', ' ')}"
    words = re.findall(r"[A-Z][a-z]*", cls.removesuffix("Stmt"))
    return " ".join(w.upper() for w in words)


def _json_kind(node_type: str | None, fields: dict[str, Any], text: str) -> str:
    """The readable kind from PostgreSQL's JSON parse tree (same words as :func:`statement_kind`)."""
    if node_type is None:
        return statement_kind(None, text)
    if node_type in _KIND_NAMES:
        return _KIND_NAMES[node_type]
    if node_type == "GrantStmt":
        return "GRANT" if fields.get("is_grant") else "REVOKE"
    if node_type == "TransactionStmt":
        return str(fields.get("kind", "TRANS_STMT_BEGIN")).removeprefix("TRANS_STMT_").replace("_", " ")
    if node_type in _OBJECT_FIELD:
        verb, key = _OBJECT_FIELD[node_type]
        return f"{verb} {str(fields.get(key, '')).removeprefix('OBJECT_').replace('_', ' ')}".strip()
    words = re.findall(r"[A-Z][a-z]*", node_type.removesuffix("Stmt"))
    return " ".join(w.upper() for w in words)


_OBJECT_FIELD = {
    "DropStmt": ("DROP", "removeType"),
    "AlterTableStmt": ("ALTER", "objtype"),
    "RenameStmt": ("RENAME", "renameType"),
}


def _excerpt(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


__all__ = [
    "META_COMMAND",
    "UNPARSED",
    "InnerStatement",
    "MetaCommand",
    "ParsedFile",
    "Statement",
    "Suppression",
    "do_block_statements",
    "migration_files",
    "migration_path",
    "parse_file",
    "parse_folder",
    "parse_text",
    "sqlglot_expression",
    "statement_kind",
]


@dataclass(frozen=True, eq=False)
class InnerStatement:
    """A static SQL statement inside a ``DO`` block (or a problem met there).

    ``guarded`` is true when only idempotent guards enclose it: the block body itself, an
    ``IF NOT EXISTS (...) THEN`` branch, a sub-block with an ``EXCEPTION`` handler. Under any other
    condition, loop or handler, whether it runs cannot be known from the text. ``problem`` is set
    (and ``ast`` is ``None``) for dynamic SQL and statements that do not parse.
    """

    line: int
    text: str
    ast: Any
    guarded: bool
    problem: str | None = None

    @property
    def kind(self) -> str:
        return statement_kind(self.ast, self.text)


def do_block_statements(stmt: Statement) -> list[InnerStatement]:
    """The SQL statements inside a PL/pgSQL ``DO`` block, each with its file line.

    The body is read with PostgreSQL's PL/pgSQL parser (pglast), so strings, comments and nested
    blocks are handled exactly; a DO block in another language is one problem entry.
    """
    node = stmt.ast
    if node is None or type(node).__name__ != "DoStmt":
        return []
    language, body = "plpgsql", None
    for opt in node.args or ():
        if opt.defname == "language":
            language = str(opt.arg.sval).lower()
        elif opt.defname == "as":
            body = str(opt.arg.sval)
    if language != "plpgsql" or body is None:
        return [InnerStatement(stmt.line, "", None, False, f"DO block in {language} cannot be read")]
    at = stmt.text.find(body)
    # PL/pgSQL line 1 is the line the body starts on (right after the opening dollar quote).
    first_line = stmt.line + (stmt.text[:at].count("\n") if at >= 0 else 0)
    src = f"CREATE FUNCTION sa_do() RETURNS void LANGUAGE plpgsql AS $sa_body${body}$sa_body$"
    try:
        tree = json.loads(pg_parser.parse_plpgsql_json(src))
    except (pg_parser.ParseError, ValueError) as e:
        return [InnerStatement(stmt.line, "", None, False, f"PL/pgSQL body not understood: {e}")]
    out: list[InnerStatement] = []
    for fn in tree:
        _walk_plpgsql(fn["PLpgSQL_function"]["action"], first_line, True, out)
    return out


_LOOPS = (
    "PLpgSQL_stmt_fore",
    "PLpgSQL_stmt_for",
    "PLpgSQL_stmt_while",
    "PLpgSQL_stmt_loop",
    "PLpgSQL_stmt_case",
)


def _walk_plpgsql(node: Any, first_line: int, guarded: bool, out: list[InnerStatement]) -> None:
    if isinstance(node, list):
        for x in node:
            _walk_plpgsql(x, first_line, guarded, out)
        return
    if not isinstance(node, dict):
        return
    for kind, body in node.items():
        if not isinstance(body, dict):
            continue
        line = first_line + int(body.get("lineno", 1)) - 1
        if kind == "PLpgSQL_stmt_execsql":
            query = str(body["sqlstmt"]["PLpgSQL_expr"]["query"])
            try:
                raws = pg_parser.parse_sql(query)
            except pg_parser.ParseError as e:
                out.append(
                    InnerStatement(line, query, None, guarded, f"statement in DO block not understood: {e}")
                )
                continue
            out.extend(InnerStatement(line, query, r.stmt, guarded) for r in raws)
        elif kind in ("PLpgSQL_stmt_dynexecute", "PLpgSQL_stmt_dynfors"):
            out.append(
                InnerStatement(line, "", None, False, "dynamic SQL (EXECUTE) cannot be read from the text")
            )
        elif kind == "PLpgSQL_stmt_if":
            cond = str(body.get("cond", {}).get("PLpgSQL_expr", {}).get("query", ""))
            is_guard = cond.strip().upper().startswith("NOT EXISTS")
            _walk_plpgsql(body.get("then_body", []), first_line, guarded and is_guard, out)
            for branch in body.get("elsif_list", []):
                _walk_plpgsql(branch.get("PLpgSQL_if_elsif", {}).get("stmts", []), first_line, False, out)
            _walk_plpgsql(body.get("else_body", []), first_line, False, out)
        elif kind == "PLpgSQL_stmt_block":
            _walk_plpgsql(body.get("body", []), first_line, guarded, out)
            for exc in body.get("exceptions", {}).get("PLpgSQL_exception_block", {}).get("exc_list", []):
                _walk_plpgsql(exc.get("PLpgSQL_exception", {}).get("action", []), first_line, False, out)
        else:
            # Loops and CASE: a statement met inside runs a number of times the text cannot tell.
            inner_guarded = guarded and not kind.startswith(_LOOPS)
            for v in body.values():
                if isinstance(v, (list, dict)):
                    _walk_plpgsql(v, first_line, inner_guarded, out)
