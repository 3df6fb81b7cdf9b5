"""Split a migration file into statements with their exact source positions.

PostgreSQL's parser (pglast) splits the file, through the migrations reader's
:func:`~auditor.migrations.parse.statement_spans`, so an error can name the file's line. When it
cannot parse the file (a syntax error, or grammar newer than pglast's parser), the scanner splits
it on top-level semicolons instead and the server reports the problem: its message and position
are what the user should see. Splitting is linear in the file's size (``bench/split_throughput.py``);
each statement's parse tree is built on first use.

The classification of statements that cannot run in a transaction block, and of authored
transaction control, follows the Supabase CLI (``isPipelineIncompatible`` and
``hasTransactionControl`` in its migration apply code), matched on the statement text with leading
comments removed, as the CLI does.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, LiteralString

from pglast import parser as pg_parser

from auditor.memory import gc_paused
from auditor.migrations.parse import MAX_TREE_DEPTH, refuse_nul, statement_spans, tree_too_deep

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
    parsed: bool = False  # the file parsed as a whole: ``node`` can be built

    @cached_property
    def node(self) -> Any | None:
        """The pglast statement node, built on first use; None when the file could not be parsed."""
        if not self.parsed:
            return None
        try:
            # pglast builds nodes recursively, in C: a statement nested thousands of levels deep
            # (1+1+...+1) would overflow the stack. A short one cannot nest that deep.
            if len(self.text) > 2 * MAX_TREE_DEPTH and tree_too_deep(pg_parser.parse_sql_json(self.text)):
                return None
            raws = pg_parser.parse_sql(self.text)
        except pg_parser.ParseError:
            return None
        return raws[0].stmt if len(raws) == 1 else None

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


class _Lines:
    """Character offset -> 1-based line, for many offsets of one text (``line_of`` for each
    statement would count from the start every time: quadratic)."""

    def __init__(self, text: str) -> None:
        self.starts = [m.end() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) + 1


def _make(source: str, start: int, end: int, lines: _Lines, parsed: bool) -> Statement | None:
    chunk = source[start:end]
    skip = _LEADING_NOISE.match(chunk)
    lead = skip.end() if skip else 0
    body = chunk[lead:].rstrip().rstrip(";").rstrip()
    if not body:
        return None
    return Statement(body, start + lead, lines.line(start + lead), parsed)


def split_statements(source: str, file: str = "<text>") -> tuple[list[Statement], bool]:
    """The statements of ``source`` and whether pglast parsed it (False: scanner fallback).
    A NUL character is an :class:`InputError` at its ``file:line:column``: the server, and every C
    string on the way, would end the text there and silently drop what follows."""
    refuse_nul(source, file)
    spans, parsed = statement_spans(source)
    lines = _Lines(source)
    out: list[Statement] = []
    with gc_paused():  # a statement object per statement, none in a cycle
        for start, end in spans:
            st = _make(source, start, end, lines, parsed)
            if st is not None:
                out.append(st)
    return out, parsed
