"""Reading policy expressions with sqlglot: what the security and performance rules ask of a
``USING`` or ``WITH CHECK`` clause.

Expressions arrive as text in whatever spelling the source used (``pg_get_expr`` output from a live
database, hand-written SQL from a spec). Every question here is answered on the parsed tree, so
``owner_id = auth.uid()``, ``(auth.uid() = owner_id)`` and ``t.owner_id = ( SELECT auth.uid() AS uid)``
read the same. An expression sqlglot cannot parse answers "unknown" (``None``), and rules stay
silent on it rather than guess.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError


@lru_cache(maxsize=4096)
def parse(text: str | None) -> exp.Expr | None:
    """The parsed expression, or None when absent or not parseable."""
    if text is None or not text.strip():
        return None
    try:
        return sqlglot.parse_one(text, read="postgres")
    except (SqlglotError, ValueError):
        return None


def call_name(node: exp.Expr) -> str | None:
    """``auth.uid`` for ``auth.uid()``, ``current_setting`` for ``current_setting(...)``; None when
    ``node`` is not a function call. Lower-cased."""
    if isinstance(node, exp.Dot) and isinstance(node.expression, exp.Func):
        schema = node.this.name if isinstance(node.this, exp.Identifier | exp.Column) else None
        inner = call_name(node.expression)
        return f"{schema.lower()}.{inner}" if schema and inner else None
    if isinstance(node, exp.Anonymous):
        return str(node.name).lower()
    if isinstance(node, exp.Func):
        return node.sql_name().lower()
    return None


def function_ref(text: str) -> str:
    """``auth.uid`` for the option value ``auth.uid()`` (parentheses and case dropped)."""
    return text.strip().removesuffix("()").strip().lower()


def calls(tree: exp.Expr) -> Iterator[tuple[str, exp.Expr]]:
    """Every function call in ``tree`` as (name, node). A schema-qualified call is reported once,
    as its Dot node."""
    for node in tree.walk():
        if isinstance(node, exp.Func) and isinstance(node.parent, exp.Dot) and node.parent.expression is node:
            continue  # reported through its Dot
        name = call_name(node)
        if name is not None and (isinstance(node, exp.Func | exp.Dot)):
            yield name, node


def in_subquery(node: exp.Expr, root: exp.Expr) -> bool:
    """True when ``node`` sits inside a ``(SELECT ...)`` within ``root``: evaluated once per
    statement (an initPlan) instead of once per row."""
    p = node.parent
    while p is not None and p is not root.parent:
        if isinstance(p, exp.Select | exp.Subquery):
            return True
        p = p.parent
    return False


def _strip(node: exp.Expr) -> exp.Expr:
    while isinstance(node, exp.Paren | exp.Cast):
        node = node.this
    return node


def _is_owner_call(node: exp.Expr, owner_fn: str) -> bool:
    """``auth.uid()``, or ``(SELECT auth.uid())`` (with or without an alias or cast)."""
    node = _strip(node)
    while isinstance(node, exp.Subquery):  # pg_get_expr prints (( SELECT ...)): nested
        node = _strip(node.this)
    if isinstance(node, exp.Select) and len(node.expressions) == 1 and not node.args.get("from_"):
        inner = node.expressions[0]
        if isinstance(inner, exp.Alias):
            inner = inner.this
        node = _strip(inner)
    return call_name(node) == owner_fn


def _is_column(node: exp.Expr, column: str) -> bool:
    node = _strip(node)
    return isinstance(node, exp.Column) and node.name == column


@lru_cache(maxsize=16384)
def restricts_to_owner(text: str | None, owner_column: str, owner_fn: str) -> bool | None:
    """Whether every row the clause admits has ``owner_column = owner_fn()``.

    True when the clause is such a comparison, an AND with one such conjunct, or an OR whose every
    branch restricts. None when the clause does not parse.
    """
    tree = parse(text)
    if tree is None:
        return None
    return _restricts(tree, owner_column, function_ref(owner_fn))


def _restricts(node: exp.Expr, col: str, fn: str) -> bool:
    node = _strip(node)
    if isinstance(node, exp.And):
        return _restricts(node.this, col, fn) or _restricts(node.expression, col, fn)
    if isinstance(node, exp.Or):
        return _restricts(node.this, col, fn) and _restricts(node.expression, col, fn)
    if isinstance(node, exp.EQ):
        a, b = node.this, node.expression
        return (_is_column(a, col) and _is_owner_call(b, fn)) or (
            _is_column(b, col) and _is_owner_call(a, fn)
        )
    return False


@lru_cache(maxsize=16384)
def always_true(text: str | None) -> bool | None:
    """Whether the clause admits every row whatever the data and the caller: ``true``, ``1 = 1``,
    ``'a' = 'a'``, ``NOT false``, an OR with such a branch, an AND of such conjuncts. None when it
    does not parse."""
    tree = parse(text)
    if tree is None:
        return None
    return _true(tree)


def _constant(node: exp.Expr) -> bool:
    node = _strip(node)
    return isinstance(node, exp.Literal | exp.Boolean)


def _true(node: exp.Expr) -> bool:
    node = _strip(node)
    if isinstance(node, exp.Boolean):
        return bool(node.this)
    if isinstance(node, exp.Not):
        inner = _strip(node.this)
        return isinstance(inner, exp.Boolean) and not inner.this
    if isinstance(node, exp.Or):
        return _true(node.this) or _true(node.expression)
    if isinstance(node, exp.And):
        return _true(node.this) and _true(node.expression)
    if isinstance(node, exp.EQ | exp.GTE | exp.LTE):
        a, b = _strip(node.this), _strip(node.expression)
        return _constant(a) and _constant(b) and a == b
    return False


@lru_cache(maxsize=16384)
def reads_user_metadata(text: str | None) -> bool:
    """Whether the clause reads ``user_metadata`` out of the JWT (``auth.jwt() -> 'user_metadata'``,
    ``current_setting('request.jwt.claims')::json -> 'user_metadata'``): the user can edit it."""
    tree = parse(text)
    if tree is None:
        # Unparseable: a plain text search still catches the usual spelling.
        return text is not None and "user_metadata" in text and ("jwt" in text)
    for node in tree.walk():
        if isinstance(node, _JSON_EXTRACTS):
            source_reads_jwt = any(
                name in ("auth.jwt", "current_setting") for name, _ in calls(node.this)
            ) or _is_jwt(node.this)
            key = _strip(node.expression)
            keys = [key] if not isinstance(key, exp.JSONPath) else list(key.expressions)
            named = any(
                (isinstance(k, exp.Literal) and _first_path_key(str(k.this)) == "user_metadata")
                or (isinstance(k, exp.JSONPathKey) and k.this == "user_metadata")
                for k in keys
            )
            if named and source_reads_jwt:
                return True
    return False


_JSON_EXTRACTS = (exp.JSONExtract, exp.JSONExtractScalar, exp.JSONBExtract, exp.JSONBExtractScalar)


def _first_path_key(text: str) -> str:
    """``user_metadata`` for ``'user_metadata'`` and for a ``#>`` path ``'{user_metadata,role}'``."""
    text = text.strip()
    if text.startswith("{") and text.endswith("}"):
        return text[1:-1].split(",", 1)[0].strip().strip('"')
    return text


def _is_jwt(node: exp.Expr) -> bool:
    node = _strip(node)
    return call_name(node) in ("auth.jwt", "current_setting")


@lru_cache(maxsize=16384)
def per_row_matches(text: str | None, patterns: tuple[str, ...]) -> frozenset[str]:
    """Calls (``auth.uid()``) to functions matching ``patterns`` (fnmatch globs over names such as
    ``auth.uid``) that are not inside a ``(SELECT ...)``. Cached by text: policies repeat a handful
    of clauses over and over."""
    import fnmatch

    tree = parse(text)
    if tree is None:
        return frozenset()
    found: set[str] = set()
    for name, node in calls(tree):
        if any(fnmatch.fnmatchcase(name, p) for p in patterns) and not in_subquery(node, tree):
            found.add(f"{name}()")
    return frozenset(found)


def wrap_per_row_calls(text: str | None, patterns: list[str]) -> str | None:
    """``text`` with every per-row call to a function matching ``patterns`` (fnmatch globs over
    names such as ``auth.uid``) wrapped in ``(SELECT ...)``; None when nothing changes or the text
    does not parse. Printed by sqlglot in PostgreSQL syntax."""
    return _wrap_per_row_calls(text, tuple(patterns))


@lru_cache(maxsize=16384)
def _wrap_per_row_calls(text: str | None, patterns: tuple[str, ...]) -> str | None:
    import fnmatch

    if text is not None:
        parsed, wrapped = _pg_wrapped(text, patterns)
        if parsed:  # spliced into the text as written: PostgreSQL's own spelling kept
            return wrapped
    tree = parse(text)
    if tree is None:
        return None
    changed = False

    def wrap(node: exp.Expr) -> exp.Expr:
        nonlocal changed
        if isinstance(node, exp.Func) and isinstance(node.parent, exp.Dot):
            return node  # the Dot above it is the call
        name = call_name(node)
        if name is None or not isinstance(node, exp.Func | exp.Dot):
            return node
        if not any(fnmatch.fnmatchcase(name, p) for p in patterns) or in_subquery(node, tree_copy):
            return node
        changed = True
        return exp.Subquery(this=exp.select(node.copy()))

    tree_copy = tree.copy()
    out = tree_copy.transform(wrap, copy=False)
    return out.sql(dialect="postgres") if changed else None


def _pg_wrapped(text: str, patterns: tuple[str, ...]) -> tuple[bool, str | None]:
    """``text`` with each per-row call matching ``patterns`` wrapped in ``(SELECT ...)``, spliced into
    the text as written (PostgreSQL's own spelling kept: ``'x'::text``, not ``CAST('x' AS TEXT)``);
    (parsed, result): result None when nothing matches; parsed False when PostgreSQL's own parser
    (pglast) does not read the text. pglast gives locations in characters."""
    import fnmatch

    from pglast import ast, parse_sql
    from pglast.parser import ParseError

    head = "SELECT "
    try:
        stmts = parse_sql(head + text)
    except ParseError:
        return False, None
    starts: list[int] = []

    def walk(node: object) -> None:
        if isinstance(node, ast.SubLink):
            return  # already evaluated once per query
        if isinstance(node, ast.FuncCall):
            names = [str(n.sval) for n in node.funcname or () if isinstance(n, ast.String)]
            if names and names[0] == "pg_catalog":
                names = names[1:]
            if any(fnmatch.fnmatchcase(".".join(names), p) for p in patterns) and node.location is not None:
                starts.append(node.location - len(head))
                return
        if isinstance(node, ast.Node):
            for attr in node:
                walk(getattr(node, attr))
        elif isinstance(node, tuple | list):
            for item in node:
                walk(item)

    walk(stmts)
    if not starts:
        return True, None
    out = text
    for start in sorted(starts, reverse=True):
        end = _call_end(out, start)
        if end is None:
            return False, None
        out = out[:start] + "(SELECT " + out[start:end] + ")" + out[end:]
    return True, out


def _call_end(text: str, start: int) -> int | None:
    """The index just past the argument list of the call that starts at ``start``."""
    depth = 0
    i = start
    quote: str | None = None
    while i < len(text):
        c = text[i]
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None
