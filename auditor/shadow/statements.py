"""Split a migration file into statements with their exact source positions.

pglast's parser gives each statement's offset (in characters), so an error can name the file's
line. When pglast cannot parse the file (a syntax error, or grammar newer than pglast's parser),
the scanner splits it on top-level semicolons instead and the server reports the problem: its
message and position are what the user should see.

The classification of statements that cannot run in a transaction block, and of authored
transaction control, follows the Supabase CLI (``isPipelineIncompatible`` and
``hasTransactionControl`` in its migration apply code), matched on the statement text with leading
comments removed, as the CLI does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, LiteralString

import pglast
from pglast import parser as pg_parser

_LEADING_NOISE = re.compile(r"\A(?:\s+|--[^\n]*(?:\n|\Z)|/\*.*?\*/)*", re.S)

# Statements PostgreSQL refuses inside a transaction block; run on their own, outside the file's
# transaction (patterns of the Supabase CLI).
_PIPELINE_INCOMPATIBLE = [
    re.compile(p, re.S)
    for p in (
        r"^CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY(?:\s|$)",
        r"^DROP\s+INDEX\s+CONCURRENTLY(?:\s|$)",
        r"^REINDEX(?:\s|\().*\sCONCURRENTLY(?:\s|$)",
        r"^VACUUM(?:\s|\(|$)",
        r"^ALTER\s+SYSTEM(?:\s|$)",
        r"^CLUSTER(?:\s|$)",
        r"^(?:CREATE|DROP)\s+DATABASE(?:\s|$)",
        r"^(?:CREATE|DROP)\s+TABLESPACE(?:\s|$)",
        r"^REINDEX(?:\s+\([^)]*\))?\s+(?:DATABASE|SYSTEM|SCHEMA)(?:\s|$)",
        r"^(?:CREATE|DROP)\s+SUBSCRIPTION(?:\s|$)",
        r"^DISCARD\s+ALL(?:\s|$)",
        r"^ALTER\s+DATABASE\s+(?:\"[^\"]*\"|\S+)\s+SET\s+TABLESPACE(?:\s|$)",
        r"^ALTER\s+SUBSCRIPTION\s+(?:\"[^\"]*\"|\S+)\s+(?:REFRESH\s+PUBLICATION|(?:SET|ADD|DROP)\s+PUBLICATION)(?:\s|$)",
        r"^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?(?:\"[^\"]*\"|\S+)\s+DETACH\s+PARTITION\s+(?:\"[^\"]*\"|\S+)\s+(?:CONCURRENTLY|FINALIZE)(?:\s|$)",
    )
]
_TRANSACTION_CONTROL = re.compile(
    r"^(?:BEGIN|START\s+TRANSACTION|COMMIT|END|ABORT|PREPARE\s+TRANSACTION)(?:\s|$)"
)


@dataclass(frozen=True)
class Statement:
    """One statement of a file: its text (no trailing semicolon), where it starts, its parse tree."""

    text: str
    offset: int  # character offset of the first token in the file
    line: int  # 1-based line of the first token
    node: Any | None = None  # pglast statement node; None when the file could not be parsed

    @property
    def head(self) -> str:
        """The statement's first line, shortened: enough to recognise it in a message."""
        first = self.text.strip().splitlines()[0] if self.text.strip() else ""
        return first if len(first) <= 80 else first[:77] + "..."

    @property
    def pipeline_incompatible(self) -> bool:
        return any(p.search(self.text.upper()) for p in _PIPELINE_INCOMPATIBLE)

    @property
    def transaction_control(self) -> bool:
        upper = self.text.upper()
        words = upper.split()
        if words and words[0] == "ROLLBACK":
            # ROLLBACK [WORK|TRANSACTION] TO [SAVEPOINT] stays inside the transaction.
            at = 2 if len(words) > 1 and words[1] in ("WORK", "TRANSACTION") else 1
            return not (len(words) > at and words[at] == "TO")
        return bool(_TRANSACTION_CONTROL.search(upper))


def as_query(text: str) -> LiteralString:
    """Migration text as a psycopg query. psycopg's LiteralString typing guards against values
    pasted into queries; here the file's text *is* the query, by design."""
    return text  # type: ignore[return-value,unused-ignore]  # mypy reads LiteralString as str


def line_of(text: str, offset: int) -> int:
    """1-based line of a character offset."""
    return text.count("\n", 0, offset) + 1


def _make(source: str, start: int, end: int, node: Any | None) -> Statement | None:
    chunk = source[start:end]
    skip = _LEADING_NOISE.match(chunk)
    lead = skip.end() if skip else 0
    body = chunk[lead:].rstrip().rstrip(";").rstrip()
    if not body:
        return None
    return Statement(body, start + lead, line_of(source, start + lead), node)


def split_statements(source: str) -> tuple[list[Statement], bool]:
    """The statements of ``source`` and whether pglast parsed it (False: scanner fallback)."""
    try:
        raws = pglast.parse_sql(source)
    except pglast.parser.ParseError:
        return _split_scanned(source), False
    out: list[Statement] = []
    for raw in raws:
        start = raw.stmt_location or 0
        end = start + raw.stmt_len if raw.stmt_len else len(source)
        st = _make(source, start, end, raw.stmt)
        if st is not None:
            out.append(st)
    return out, True


def _split_scanned(source: str) -> list[Statement]:
    """Split on top-level semicolons using PostgreSQL's own scanner (quotes, dollar quotes and
    comments handled). ``BEGIN ATOMIC`` bodies are kept whole by tracking BEGIN ... END."""
    try:
        tokens = pg_parser.scan(source)
    except pglast.parser.ParseError:
        # Not even scannable (an unterminated quote): send the file as one statement; the server
        # reports where it breaks.
        st = _make(source, 0, len(source), None)
        return [st] if st else []
    out: list[Statement] = []
    start = 0
    depth = 0  # inside CREATE FUNCTION ... BEGIN ATOMIC ... END
    prev = ""
    for tok in tokens:
        if (tok.name == "ATOMIC" and prev == "BEGIN_P") or (tok.name == "CASE" and depth):
            depth += 1  # CASE ... END inside an atomic body closes with END too
        elif tok.name == "END_P" and depth:
            depth -= 1
        elif tok.name == "ASCII_59" and not depth:
            st = _make(source, start, tok.start, None)
            if st:
                out.append(st)
            start = tok.end + 1
        prev = tok.name
    st = _make(source, start, len(source), None)
    if st:
        out.append(st)
    return out
