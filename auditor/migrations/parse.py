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
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from pglast import parser as pg_parser

from auditor.errors import InputError
from auditor.findings import Category, Finding, Level
from auditor.memory import gc_paused
from auditor.migrations.folder import name_label, read_folder, version_label
from auditor.model import Location

# Codes of the findings about the migration source itself (category SOURCE).
UNPARSED = "SRC001"  # a statement PostgreSQL's grammar rejects
META_COMMAND = "SRC002"  # a psql meta-command: not SQL, not run by migration tools

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

    @property
    def head(self) -> str:
        """The statement's first line, shortened: enough to recognise it in a message."""
        first = self.text.strip().splitlines()[0] if self.text.strip() else ""
        return first if len(first) <= 80 else first[:77] + "..."

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
        wraps it as an opaque command or cannot read it, or where PostgreSQL found it nested too
        deep (sqlglot would recurse as deep)."""
        if self.error is not None and (self.error == TOO_DEEP or _PG_TOO_DEEP.search(self.error)):
            return None
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
        """The version findings name the file by (:func:`~auditor.migrations.folder.version_label`)."""
        return version_label(self.filename)

    @property
    def name(self) -> str:
        return name_label(self.filename)

    def findings(self) -> list[Finding]:
        """What could not be read: unparsed statements and psql meta-commands (category SOURCE)."""
        out: list[Finding] = []
        for s in self.statements:
            if s.error is None:
                continue
            readable_by_sqlglot = s.expression is not None
            what = (
                "statement not read"
                if s.error == TOO_DEEP
                else "statement not understood by PostgreSQL's grammar"
            )
            out.append(
                Finding(
                    code=UNPARSED,
                    # PostgreSQL's grammar is the authority: what it rejects will not apply.
                    level=Level.WARNING,
                    object=migration_path(self.version or self.filename),
                    message=f"{what}: {s.error}"
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


SQLGLOT_MAX_CHARS = 256 * 1024
_BRACKET_RUN = re.compile(r"[(\[]+|[)\]]+")
_SQUARE_RUN = re.compile(r"\[+|\]+")


def _nesting(text: str, runs: re.Pattern[str]) -> int:
    """How deep the brackets ``runs`` finds nest in ``text`` (strings and comments not told apart:
    an upper bound)."""
    depth = deepest = 0
    for run in runs.finditer(text):
        if run.group()[0] in "([":
            depth += len(run.group())
            deepest = max(deepest, depth)
        else:
            depth = max(0, depth - len(run.group()))
    return deepest


def sqlglot_expression(text: str) -> Any:
    """sqlglot's expression for one statement, or ``None`` (opaque ``Command``, unreadable, or over
    :data:`SQLGLOT_MAX_CHARS`: sqlglot reads about a megabyte a second, and a statement it is asked
    about is one PostgreSQL's grammar rejected, possibly on purpose)."""
    if len(text) > SQLGLOT_MAX_CHARS or _nesting(text, _BRACKET_RUN) > 64 or _nesting(text, _SQUARE_RUN) > 8:
        # sqlglot recurses per level, in compiled code (a deep one exhausts memory), and its time
        # doubles with each nested ARRAY[ (20 levels: 13 s)
        return None
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
    """Every ``*.sql`` file of a migrations folder in lexical order, the naming rule's or not
    (:attr:`~auditor.migrations.folder.MigrationFolder.all_sql`): what lint, offline and provenance read."""
    return list(read_folder(folder).all_sql)


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
    refuse_nul(text, file)
    if text.startswith("\ufeff"):
        # A BOM is invisible in editors; replacing it by a space keeps every offset and column.
        text = " " + text[1:]
    lines = _LineIndex(text)
    metas, clean = _blank_meta_commands(text, file, lines)
    statements, _whole = _statements(clean, file, lines)
    return ParsedFile(
        path=file,
        text=text,
        statements=tuple(statements),
        meta_commands=tuple(metas),
        suppressions=tuple(_suppressions(clean, file, lines)),
    )


def read_statements(text: str, file: str = "<string>") -> tuple[list[Statement], bool]:
    """The one statement splitter: the statements of ``text`` with their positions and kinds, and
    whether PostgreSQL's grammar accepted the whole text (when not, its scanner split the text on
    top-level semicolons and each piece was parsed alone). Linear in the text's length.

    :func:`parse_text` reads a migration through it after blanking psql meta-commands; replay
    (:mod:`auditor.shadow.statements`) reads the text as the server will receive it. A NUL
    character is an :class:`InputError` at its ``file:line:column``: the server, and every C
    string on the way, would end the text there and silently drop what follows."""
    refuse_nul(text, file)
    return _statements(text, file, _LineIndex(text))


def _statements(clean: str, file: str, lines: _LineIndex) -> tuple[list[Statement], bool]:
    statements: list[Statement] = []
    schema = "public"
    chunks, whole = _read(clean)
    for start, length, node_type, node, fields, error in chunks:
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
    return statements, whole


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

# Top-level fields of a statement's JSON parse tree that its kind is read from (_json_kind); the
# rest of the tree is dropped as soon as the kind is known.
_KIND_FIELDS = ("is_grant", "kind", "removeType", "objtype", "renameType")
_KIND_FROM_FIELDS = frozenset({"GrantStmt", "TransactionStmt", "DropStmt", "AlterTableStmt", "RenameStmt"})
_JSON_HEAD = re.compile(r'\{"version":\d+,"stmts":\[\{"stmt":\{"(\w+)":')
_LARGE_TREE = 1 << 20  # characters of JSON
# How deep a statement's parse tree may nest for its pglast node to be built and walked: the node
# conversion and every walker recurse per level (past ~15,000 levels pglast's conversion overflows
# the C stack; past ~1,000 json and Python walkers raise RecursionError).
MAX_TREE_DEPTH = 200
TOO_DEEP = f"nested more than {MAX_TREE_DEPTH} levels deep: too deep for schema-auditor to read"
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_RUN = re.compile(r"[\[{]+|[\]}]+")
_PG_TOO_DEEP = re.compile("stack depth limit exceeded|memory exhausted")
_JSON_DEPTH = 2 * MAX_TREE_DEPTH + 8  # a node is an object in an object, and lists in between


def tree_too_deep(tree: str) -> bool:
    """Whether PostgreSQL's JSON parse tree ``tree`` nests deeper than :data:`MAX_TREE_DEPTH`
    statement levels, counted on the text (no objects built); a tree without that many braces is
    answered at once."""
    if tree.count("{") <= _JSON_DEPTH:
        return False
    depth = 0
    for run in _JSON_RUN.finditer(_JSON_STRING.sub("", tree)):
        text = run.group()
        if text[0] in "[{":
            depth += len(text)
            if depth > _JSON_DEPTH:
                return True
        else:
            depth -= len(text)
    return False


# Characters PostgreSQL's scanner reads as it reads "_" (any byte >= 0x80 is an identifier,
# string or comment character to it), and NUL, which would end the C string the scanner gets.
_NON_ASCII = re.compile("[^\x00-\x7f]")
#: Text the fallback scanner reads at a time; a statement longer than that doubles it.
SCAN_WINDOW = 1 << 20


def refuse_nul(text: str, file: str) -> None:
    """Raise :class:`InputError` at the first NUL character of ``text``: not SQL text, and the C
    strings it goes through (the parser's, libpq's) would end there, dropping what follows."""
    at = text.find("\x00")
    if at >= 0:
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        raise InputError(
            "a NUL character in a migration: not SQL text",
            location=Location(file, line, column),
            hint="remove it",
        )


def ascii_view(text: str) -> str:
    """``text`` with every non-ASCII character replaced by ``_`` and NUL by a space: PostgreSQL's
    scanner and parser split it exactly where they split ``text``, and its UTF-8 byte offsets are
    ``text``'s character offsets. (pglast converts byte offsets by a scan per offset: quadratic.)"""
    if not text.isascii():
        text = _NON_ASCII.sub("_", text)
    return text.replace("\x00", " ") if "\x00" in text else text


def statement_spans(text: str) -> tuple[list[tuple[int, int]], bool]:
    """``(start, end)`` character spans of the statements of ``text`` (no leading whitespace, no
    semicolon), and whether PostgreSQL's grammar accepted the whole text. When it does not, the
    text is split on top-level semicolons with PostgreSQL's scanner (:func:`_split_offsets`).
    Linear in the text's length: a 50 MB migration splits in seconds."""
    view = ascii_view(text)
    try:
        slices = pg_parser.split(view, with_parser=True, only_slices=True)
    except pg_parser.ParseError:
        return _split_offsets(view), False
    return [(sl.start, sl.stop) for sl in slices], True


def _chunks(text: str) -> list[_Chunk]:
    """Statement spans of ``text`` in characters, with their node type.

    The statements are found by PostgreSQL's parser (or, when the text does not parse, its
    scanner) on the ASCII view, then each is parsed alone to JSON for its node type: memory
    stays that of the largest statement, never the whole file's parse tree."""
    return _read(text)[0]


def _read(text: str) -> tuple[list[_Chunk], bool]:
    """:func:`_chunks`, and whether PostgreSQL's grammar accepted the whole text."""
    spans, whole = statement_spans(text)
    with gc_paused():  # JSON trees by the thousand, none in a cycle
        return _read_spans(text, spans, single=whole), whole


def _parse_piecewise(text: str) -> list[_Chunk]:
    """The whole file does not parse: split it on top-level semicolons with PostgreSQL's scanner
    and parse each piece alone, so one bad statement does not hide the others."""
    with gc_paused():
        return _read_spans(text, _split_offsets(ascii_view(text)))


def _read_spans(text: str, spans: list[tuple[int, int]], *, single: bool = False) -> list[_Chunk]:
    """Each span's node type (and the fields its kind is read from) from PostgreSQL's JSON parse
    tree. ``single``: each span is one statement (PostgreSQL's parser split the text), so a node
    type whose kind needs no field is read from the tree's head, never decoded into Python objects
    (decoding it costs several times the parse itself)."""
    out: list[_Chunk] = []
    for start, end in spans:
        piece = text[start:end]
        try:
            tree = pg_parser.parse_sql_json(piece)
        except pg_parser.ParseError as e:
            message = str(e.args[0]) if e.args else str(e)
            out.append((start, end - start, None, None, {}, message))
            continue
        large = len(tree) > _LARGE_TREE
        head = _JSON_HEAD.match(tree) if single or large else None
        if (
            head
            and head.group(1) not in _KIND_FROM_FIELDS
            and (single or len(pg_parser.split(ascii_view(piece))) == 1)
        ):
            # One statement whose kind its node type says: for a large one (a bulk INSERT) the
            # whole tree as Python objects would take ten times the text.
            deep = tree_too_deep(tree)
            out.append(
                (start, end - start, None if deep else head.group(1), None, {}, TOO_DEEP if deep else None)
            )
            continue
        if tree_too_deep(tree):
            out.append((start, end - start, None, None, {}, TOO_DEEP))
            continue
        items = json.loads(tree).get("stmts", ())
        encoded = None
        for item in items:
            stmt = item.get("stmt", {})
            node_type = next(iter(stmt), None)
            fields = stmt.get(node_type, {}) if node_type else {}
            kind_fields = {k: fields[k] for k in _KIND_FIELDS if k in fields}
            if len(items) == 1:
                at, length = 0, end - start
            else:  # a piece the scanner left whole holds several statements: byte offsets
                if encoded is None:
                    encoded = piece.encode("utf-8")
                b_at = int(item.get("stmt_location", 0))
                b_len = int(item.get("stmt_len", 0)) or len(encoded) - b_at
                at = len(encoded[:b_at].decode("utf-8", "replace"))
                length = len(encoded[b_at : b_at + b_len].decode("utf-8", "replace"))
            out.append((start + at, length, node_type, None, kind_fields, None))
    return out


def _split_offsets(text: str) -> list[tuple[int, int]]:
    """Statement spans: top-level ``;`` ends a statement, except inside a ``BEGIN ATOMIC`` body.
    After a scanner error (an unterminated quote or comment, trailing junk after a number) the
    rest of the text, from the last ``;`` before it, is one bad piece."""
    view = ascii_view(text)
    tokens = _Tokens(view)
    spans: list[tuple[int, int]] = []
    start: int | None = None
    depth = 0
    atomic = False
    nested_ends = 0
    prev = ""
    for tok_start, _end, name in tokens:
        if name in ("SQL_COMMENT", "C_COMMENT"):
            continue
        if start is None:
            start = tok_start
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
            spans.append((start, tok_start))
            start = None
        prev = name
    if tokens.failed_at is not None and start is None and view[tokens.failed_at :].strip():
        start = tokens.failed_at
    if start is not None:
        spans.append((start, len(view)))
    return spans


class _Tokens:
    """``(start, end, name)`` (``end`` inclusive) of every token of ``view`` (an :func:`ascii_view`),
    read by PostgreSQL's scanner a window at a time: a file's tokens as Python objects would take
    gigabytes. Each window is taken up to its last ``;`` token, a point where the scanner is
    certainly between tokens; a statement longer than the window doubles it. A scanner error
    stops the tokens at the last ``;`` before it, and ``failed_at`` is then where the untokenized
    rest starts (None when the whole text was read)."""

    def __init__(self, view: str) -> None:
        self.view = view
        self.failed_at: int | None = None

    def __iter__(self) -> Iterator[tuple[int, int, str]]:
        view = self.view
        n = len(view)
        pos = 0
        size = SCAN_WINDOW
        while pos < n:
            end = min(n, pos + size)
            piece = view[pos:end]
            try:
                tokens = pg_parser.scan(piece)
                failed = False
            except pg_parser.ParseError as e:
                failed = True
                at = e.args[1] if len(e.args) > 1 and isinstance(e.args[1], int) else 0
                tokens = _scan_quietly(piece[:at])
            if end == n and not failed:
                for tok in tokens:
                    yield pos + tok.start, pos + tok.end, tok.name
                return
            take = 0
            for k in range(len(tokens) - 1, -1, -1):
                if tokens[k].name == "ASCII_59":
                    take = k + 1
                    break
            if not take:
                if end < n:
                    size *= 2  # one statement longer than the window, or an error early in it
                    continue
                self.failed_at = pos
                return
            for tok in tokens[:take]:
                yield pos + tok.start, pos + tok.end, tok.name
            pos += tokens[take - 1].end + 1
            size = SCAN_WINDOW


def _scan_quietly(text: str) -> list[Any]:
    try:
        return list(pg_parser.scan(text)) if text else []
    except pg_parser.ParseError:
        return []


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
    tokens = _Tokens(ascii_view(text))
    comments = [(start, end) for start, end, name in tokens if name in ("SQL_COMMENT", "C_COMMENT")]
    if tokens.failed_at is not None:
        return []
    out: list[Suppression] = []
    for tok_start, tok_end in comments:
        comment = text[tok_start : tok_end + 1]
        at = comment.find("schema-auditor:")
        if at < 0:
            continue
        m = _DIRECTIVE.match(comment, at)
        line, col = lines.position(tok_start)
        line_start = lines.starts[line - 1]
        only_comment = not text[line_start:tok_start].strip()
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
    "read_statements",
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
