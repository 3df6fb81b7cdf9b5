"""What replay needs of a migration's statements, read by the one splitter of the migrations reader.

:func:`split_statements` is :func:`auditor.migrations.parse.read_statements` (PostgreSQL's parser
through pglast, so an error can name the file's line; when it cannot parse the file, a syntax error
or grammar newer than pglast's parser, the scanner splits it on top-level semicolons and the server
reports the problem: its message and position are what the user should see). Replay reads the text
as the server receives it: psql meta-commands are not blanked (the server rejects them), and a
statement's parse tree is used only when the whole file parsed (:func:`replay_node`).

The classification of statements that cannot run in a transaction block, and of authored
transaction control, follows the Supabase CLI (``isPipelineIncompatible`` and
``hasTransactionControl`` in its migration apply code), matched on the statement text with leading
comments removed, as the CLI does.
"""

from __future__ import annotations

import re
from typing import Any, LiteralString

from auditor.migrations.parse import Statement, read_statements

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


def replay_node(st: Statement, whole: bool) -> Any | None:
    """The statement's pglast node as replay reads it: only when the whole file parsed
    (``whole``, from :func:`split_statements`); a file the grammar rejects is sent as written."""
    return st.ast if whole else None


def pipeline_incompatible(st: Statement) -> bool:
    """PostgreSQL refuses it inside a transaction block (the Supabase CLI's ``isPipelineIncompatible``)."""
    upper = st.text.upper()
    return any(p.search(upper) for p in _PIPELINE_INCOMPATIBLE)


def transaction_control(st: Statement) -> bool:
    """The statement ends or starts the file's transaction (the CLI's ``hasTransactionControl``)."""
    upper = st.text.upper()
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


def split_statements(source: str, file: str = "<text>") -> tuple[list[Statement], bool]:
    """The statements of ``source`` and whether pglast parsed it whole (False: scanner fallback):
    :func:`~auditor.migrations.parse.read_statements`, the one splitter."""
    return read_statements(source, file)


__all__ = [
    "Statement",
    "as_query",
    "line_of",
    "pipeline_incompatible",
    "replay_node",
    "split_statements",
    "transaction_control",
]
