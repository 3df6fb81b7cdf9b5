"""NORMALIZE: canonical spellings, so that the same schema read from three sources compares equal.

* :func:`canonical_type` (written once, in :mod:`auditor.pgvocab`) spells a type the way
  PostgreSQL's ``format_type`` does (``int4`` ->
  ``integer``, ``timestamptz`` -> ``timestamp with time zone``, ``_int4`` -> ``integer[]``).
* :func:`normalize_expr` gives the canonical text of an expression (default, CHECK, index key or
  predicate, policy clause, view query): casts PostgreSQL adds when it stores a literal, the
  ``= ANY (ARRAY[...])`` form of ``IN``, ``now()`` / ``CURRENT_TIMESTAMP``, redundant parentheses,
  quoting, ``public.`` / ``pg_catalog.`` qualification and the deparse differences between
  PostgreSQL versions all disappear. It never asks a database.
* :func:`compare_expr` says whether two expressions are EQUAL, COSMETIC (same result, different cost
  or form: ``(select auth.uid())`` against ``auth.uid()``) or DIFFERENT.

Cheap first: identical or whitespace-equal texts are EQUAL without parsing; only what still differs
is parsed (sqlglot, postgres dialect), and every canonical form is cached.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import SqlglotError

# Types are spelled in auditor.pgvocab (one table of type names for every reader); re-exported.
from auditor.pgvocab import canonical_type as canonical_type

# --------------------------------------------------------------------------------------------------
# Expressions
# --------------------------------------------------------------------------------------------------


class Verdict(StrEnum):
    """How two expressions compare."""

    EQUAL = "equal"
    COSMETIC = "cosmetic"  # same result, different form or cost: reported at info level
    DIFFERENT = "different"


@dataclass(frozen=True)
class ExprContext:
    """Where an expression sits: what may be left implicit in its text.

    ``table`` is the relation the expression belongs to (its name may qualify columns);
    ``kind`` is informative (default, check, index, predicate, policy, view, generated).
    """

    kind: str = "expression"
    default_schema: str = "public"
    table: str | None = None


DEFAULT_CONTEXT = ExprContext()


@dataclass(frozen=True)
class ExprComparison:
    """The verdict with what it rests on: each side's canonical text and whether a side could not be
    parsed (then only whitespace and case were normalized)."""

    verdict: Verdict
    a: str | None
    b: str | None
    unparsed: bool = False


_WS = re.compile(r"\s+")
_PG = Dialect.get_or_raise("postgres")


def _sql(node: exp.Expr) -> str:
    text: str = _PG.generate(node)
    return text


# Types whose literal casts PostgreSQL adds by itself when it stores a literal.
_TEXTLIKE = {
    exp.DataType.Type.TEXT,
    exp.DataType.Type.VARCHAR,
    exp.DataType.Type.CHAR,
    exp.DataType.Type.NAME,
    exp.DataType.Type.BPCHAR,
}
_PLAIN_NUMBER = re.compile(r"^-?(0|[1-9]\d*)(\.\d*[1-9])?$")
_NUMERIC_LITERAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_NOW_NAMES = {"now", "transaction_timestamp"}
_DATETIME_LITERAL = re.compile(
    r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*([+-]\d{2}(:?\d{2})?|Z)?$"
)


def _datetime_literal(text: str) -> str | None:
    """ISO date/timestamp literal text in one spelling: PostgreSQL stores '2020-01-01' compared with a
    timestamptz as '2020-01-01 00:00:00+00'. A value without an offset is taken as UTC (the creating
    session's time zone is not recorded anywhere)."""
    if not _DATETIME_LITERAL.match(text.strip()):
        return None
    t = text.strip().replace("Z", "+00:00")
    if re.search(r"[+-]\d{2}$", t):
        t += ":00"
    try:
        value = _dt.datetime.fromisoformat(t)
    except ValueError:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(_dt.UTC).replace(tzinfo=None)
    return value.isoformat(sep=" ")


def _collapse(text: str) -> str:
    """Whitespace-collapsed text, used for the no-parse fast path."""
    return _WS.sub(" ", text).strip()


def _fallback(text: str) -> str:
    """Whitespace- and case-normalized text outside quotes: the comparison for unparseable text."""
    out: list[str] = []
    for i, chunk in enumerate(re.split(r"('(?:[^']|'')*'|\"(?:[^\"]|\"\")*\")", text)):
        out.append(chunk if i % 2 else _collapse(chunk).lower())
    return "".join(out).strip().rstrip(";").strip()


def _is_textlike_cast(node: exp.Cast) -> bool:
    to = node.to
    return isinstance(to, exp.DataType) and bool(to.this in _TEXTLIKE)


def _is_array_cast(node: exp.Cast) -> bool:
    to = node.to
    return isinstance(to, exp.DataType) and bool(to.this == exp.DataType.Type.ARRAY)


def _unparen(node: exp.Expr) -> exp.Expr:
    while isinstance(node, exp.Paren):
        node = node.this
    out: exp.Expr = node
    return out


def _literal_key(node: exp.Expr) -> str:
    return _sql(node)


_OPERATORS: dict[str, type[exp.Binary]] = {
    "=": exp.EQ,
    "<>": exp.NEQ,
    "!=": exp.NEQ,
    "<": exp.LT,
    ">": exp.GT,
    "<=": exp.LTE,
    ">=": exp.GTE,
}


def _rewrite(node: exp.Expr, ctx: ExprContext) -> exp.Expr:
    """One normalization step on one node; applied bottom-up until nothing changes."""
    schema = ctx.default_schema.lower()
    # OPERATOR(public.=): what the server prints, under search_path = pg_catalog, for an operator
    # an extension put in the default schema (citext's =); written unqualified in the source.
    if isinstance(node, exp.Operator):
        qual, _, op = str(node.args.get("operator") or "").rpartition(".")
        if qual.lower() in ("pg_catalog", schema) and op in _OPERATORS:
            return _OPERATORS[op](this=node.this, expression=node.expression)
    # Parentheses carry no meaning once the tree is built; the printer re-adds them everywhere.
    if isinstance(node, exp.Paren) and not isinstance(node.this, exp.Subquery | exp.Select):
        return _unparen(node)
    # ((SELECT ...)) is (SELECT ...): extra parentheses around a subquery parse as another subquery.
    if isinstance(node, exp.Subquery) and not node.alias and isinstance(node.this, exp.Subquery | exp.Paren):
        inner = _unparen(node.this)
        if isinstance(inner, exp.Subquery):
            return inner
    # Quoting: "owner_id" is owner_id; unquoted identifiers fold to lower case.
    if isinstance(node, exp.Identifier):
        name = node.this if node.quoted else str(node.this).lower()
        safe = bool(re.fullmatch(r"[a-z_][a-z0-9_$]*", name))
        if name != node.this or (node.quoted and safe):
            return exp.Identifier(this=name, quoted=not safe)
        return node
    if isinstance(node, exp.Literal) and node.is_string:
        stamp = _datetime_literal(node.this)
        if stamp is not None and stamp != node.this:
            return exp.Literal.string(stamp)
        # '0' and 0 end up the same value whatever the column type ('0'::integer, 0 -> '0'::text);
        # only spellings that survive the round trip ('007' is not 7 in a text column).
        if _PLAIN_NUMBER.match(node.this):
            return exp.Literal.number(node.this)
    # -1 is a literal, not an operator applied to one (PostgreSQL stores '-1'::integer).
    if isinstance(node, exp.Neg) and isinstance(node.this, exp.Literal) and not node.this.is_string:
        return exp.Literal.number("-" + str(node.this.this))
    if isinstance(node, exp.Cast):
        inner = _unparen(node.this)
        if isinstance(inner, exp.Literal):
            if inner.is_string and _NUMERIC_LITERAL.match(inner.this) and _is_numeric_type(node.to):
                return exp.Literal.number(inner.this.lstrip("+"))
            # A literal's cast is what PostgreSQL resolved from context: 'x'::text is 'x'.
            return inner
        if isinstance(inner, exp.Boolean | exp.Null):
            return inner
        # varchar columns compared through text: PostgreSQL writes (kind)::text = ...
        if isinstance(inner, exp.Column) and _is_textlike_cast(node):
            return inner
        if isinstance(inner, exp.Array) and (_is_array_cast(node) or _is_textlike_cast(node)):
            return inner
        if isinstance(inner, exp.Interval):
            return inner
    if isinstance(node, exp.Interval):
        unit = node.args.get("unit")
        text = str(node.this.this) if isinstance(node.this, exp.Literal) else _sql(node.this)
        if unit is not None:
            text = f"{text} {_sql(unit).lower()}"
        return exp.Literal.string(" ".join(text.lower().split()))
    # pg_catalog.f() and public.f() are f() (search_path during introspection is pg_catalog).
    if (
        isinstance(node, exp.Dot)
        and isinstance(node.this, exp.Identifier)
        and node.this.name.lower() in ("pg_catalog", schema)
        and isinstance(node.expression, exp.Func)
    ):
        return node.expression
    if isinstance(node, exp.Anonymous):
        name = str(node.this).lower()
        if name in _NOW_NAMES and not node.expressions:
            return exp.CurrentTimestamp()
        if name != node.this:
            renamed = node.copy()
            renamed.set("this", name)
            return renamed
        if name == "nextval" and len(node.expressions) == 1:
            arg = _unparen(node.expressions[0])
            if isinstance(arg, exp.Cast):
                arg = _unparen(arg.this)
            if isinstance(arg, exp.Literal) and arg.is_string:
                seq = arg.this
                for prefix in (schema + ".", "pg_catalog."):
                    if seq.lower().startswith(prefix):
                        seq = seq[len(prefix) :]
                return exp.Anonymous(this="nextval", expressions=[exp.Literal.string(seq)])
    # Columns: public.t.c and t.c, where t is the expression's own table, are c.
    if isinstance(node, exp.Column):
        db = node.args.get("db")
        if db is not None and db.name.lower() == schema:
            col = node.copy()
            col.set("db", None)
            return col
        table = node.args.get("table")
        if ctx.table and table is not None and db is None and table.name == ctx.table:
            return exp.Column(this=node.this)
    if isinstance(node, exp.Table):
        db = node.args.get("db")
        if db is not None and db.name.lower() == schema:
            tab = node.copy()
            tab.set("db", None)
            return tab
    if isinstance(node, exp.DataType) and node.this == exp.DataType.Type.USERDEFINED:
        kind = node.args.get("kind")
        if (
            isinstance(kind, exp.Dot)
            and isinstance(kind.this, exp.Identifier)
            and kind.this.name.lower() in (schema, "pg_catalog")
        ):
            dt = node.copy()
            dt.set("kind", kind.expression)
            return dt
    # x = ANY (ARRAY[...]) is x IN (...); x <> ALL (ARRAY[...]) is x NOT IN (...).
    if isinstance(node, exp.EQ):
        rhs = _unparen(node.expression)
        if isinstance(rhs, exp.Any):
            arr = _unparen(rhs.this)
            if isinstance(arr, exp.Array):
                return exp.In(this=node.this, expressions=[e for e in arr.expressions])
    if isinstance(node, exp.NEQ):
        rhs = _unparen(node.expression)
        if isinstance(rhs, exp.Anonymous) and str(rhs.this).upper() == "ALL" and len(rhs.expressions) == 1:
            arr = _unparen(rhs.expressions[0])
            if isinstance(arr, exp.Array):
                return exp.Not(this=exp.In(this=node.this, expressions=[e for e in arr.expressions]))
    if isinstance(node, exp.In) and not node.args.get("query") and node.expressions:
        items = [_unparen(e) for e in node.expressions]
        # Order inside IN (...) does not change the result; one item is plain equality
        # (PostgreSQL stores status IN ('a') as status = 'a').
        if len(items) == 1:
            return exp.EQ(this=node.this, expression=items[0])
        keyed = sorted(items, key=_literal_key)
        if [_literal_key(i) for i in keyed] != [_literal_key(e) for e in node.expressions]:
            return exp.In(this=node.this, expressions=[i for i in keyed])
    # x BETWEEN a AND b is stored as x >= a AND x <= b.
    if isinstance(node, exp.Between) and not node.args.get("symmetric"):
        low = exp.GTE(this=node.this, expression=node.args["low"])
        high = exp.LTE(this=node.this.copy(), expression=node.args["high"])
        return exp.And(this=low, expression=high)
    # x AT TIME ZONE z is stored as timezone(z, x).
    if isinstance(node, exp.AtTimeZone):
        return exp.Anonymous(this="timezone", expressions=[node.args["zone"], node.this])
    # a AND (b AND c) is a AND b AND c: rebuild connectors left-deep.
    if isinstance(node, exp.And | exp.Or):
        ops = list(node.flatten())
        left_deep = all(not isinstance(_unparen(o), type(node)) for o in ops)
        if not left_deep or isinstance(_unparen(node.expression), type(node)):
            ops = [_unparen(o) for o in ops]
            out = ops[0]
            for o in ops[1:]:
                out = type(node)(this=out, expression=o)
            return out
    return node


def _is_numeric_type(to: exp.Expr | None) -> bool:
    return isinstance(to, exp.DataType) and to.this in exp.DataType.NUMERIC_TYPES


def _hoist_parenthesized_joins(tree: exp.Expr) -> exp.Expr:
    """``FROM (a JOIN b ON ...)``, as PostgreSQL deparses a join, is ``FROM a JOIN b ON ...``."""
    for select in list(tree.find_all(exp.Select)):
        from_ = select.args.get("from_")
        if from_ is None or select.args.get("joins"):
            continue
        sub = from_.this
        if isinstance(sub, exp.Subquery) and not sub.alias and isinstance(sub.this, exp.Table):
            table = sub.this
            joins = table.args.get("joins") or []
            if joins:
                table.set("joins", None)
                from_.set("this", table)
                select.set("joins", joins)
    return tree


def _strip_own_qualifiers(tree: exp.Expr) -> exp.Expr:
    """Drop qualifiers that name a SELECT's only relation: ``SELECT members.team_id FROM members`` is
    ``SELECT team_id FROM members``. PostgreSQL qualifies such columns in some places and versions
    (views before 16, sublinks in policies) and people rarely write them. A qualified reference
    resolves to that relation, and so does the bare name when the relation has the column."""
    for select in tree.find_all(exp.Select):
        from_ = select.args.get("from_")
        if from_ is None or select.args.get("joins"):
            continue
        src = from_.this
        if not isinstance(src, exp.Table):
            continue
        name = src.alias or src.name
        for col in select.find_all(exp.Column):
            if col.find_ancestor(exp.Select) is not select:
                continue
            t = col.args.get("table")
            if t is not None and col.args.get("db") is None and t.name == name:
                col.set("table", None)
    return tree


def _wrap(tree: exp.Expr) -> exp.Expr:
    """Parenthesize every operator below the root so the printed form is unambiguous (in place)."""
    for node in list(tree.walk()):
        if (
            isinstance(node, exp.Binary | exp.Unary | exp.Predicate)
            and not isinstance(node, exp.Paren)
            and node.parent is not None
            and not isinstance(node.parent, exp.Paren)
            and node.arg_key != "to"
        ):
            paren = exp.Paren()
            node.replace(paren)
            paren.set("this", node)
    return tree


def _drop_subquery_alias(tree: exp.Expr) -> exp.Expr:
    """``( SELECT auth.uid() AS uid)``: PostgreSQL names the column of an initplan; the name of a
    scalar subquery's only column means nothing."""
    for sub in list(tree.find_all(exp.Subquery)):
        sel = sub.this
        if (
            isinstance(sel, exp.Select)
            and len(sel.expressions) == 1
            and isinstance(sel.expressions[0], exp.Alias)
        ):
            sel.expressions[0].replace(sel.expressions[0].this)
    return tree


def _unwrap_scalar_subqueries(tree: exp.Expr) -> exp.Expr:
    """``(SELECT f())`` without FROM is f() in result (only cost differs): for COSMETIC checks."""

    def fn(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Subquery) and isinstance(node.this, exp.Select):
            sel = node.this
            others = [k for k, v in sel.args.items() if v and k != "expressions"]
            if not others and len(sel.expressions) == 1:
                inner = sel.expressions[0]
                value: exp.Expr = (inner.this if isinstance(inner, exp.Alias) else inner).copy()
                return value
        return node

    return tree.transform(fn)


def _parse(text: str) -> exp.Expr | None:
    body = text.strip().rstrip(";").strip()
    if not body:
        return None
    try:
        trees = _PG.parse(body)
    except SqlglotError:
        return None
    if len(trees) != 1 or trees[0] is None or isinstance(trees[0], exp.Command):
        return None
    tree: exp.Expr = trees[0]
    return tree


def _canonical_tree(text: str, ctx: ExprContext) -> exp.Expr | None:
    tree = _parse(text)
    if tree is None:
        return None
    tree = _drop_subquery_alias(tree)
    tree = _hoist_parenthesized_joins(tree)
    tree = _strip_own_qualifiers(tree)
    # Fixed point: a rewrite may expose another (a cast inside parentheses, a qualified now()).
    changed = True
    for _ in range(8):
        if not changed:
            break
        changed = False

        def step(node: exp.Expr) -> exp.Expr:
            nonlocal changed
            new = _rewrite(node, ctx)
            if new is not node:
                changed = True
            return new

        # In place: the tree is ours (just parsed), copying it at every pass is the main cost.
        tree = tree.transform(step, copy=False)
    return tree


def _print(tree: exp.Expr) -> str:
    return _sql(_wrap(tree))


def _cache_context(text: str, ctx: ExprContext) -> ExprContext:
    """``ctx`` without its table when ``text`` cannot name that table: the canonical form is then the
    same for every table, so an expression repeated on thousands of tables is parsed once, not once
    per table. Conservative: the table stays whenever its name occurs in the text in any case, is
    not plain ASCII, holds a quote, or the text may spell an identifier with escapes (``U&"..."``)."""
    t = ctx.table
    if t is None or not t.isascii() or '"' in t or "&" in text or t.lower() in text.lower():
        return ctx
    return ExprContext(kind=ctx.kind, default_schema=ctx.default_schema)


def _normalized(text: str, ctx: ExprContext) -> tuple[str, bool]:
    return _normalize_cached(text, _cache_context(text, ctx))


@lru_cache(maxsize=65536)
def _normalize_cached(text: str, ctx: ExprContext) -> tuple[str, bool]:
    tree = _canonical_tree(text, ctx)
    if tree is None:
        return _fallback(text), True
    return _print(tree), False


def _result_form(text: str, ctx: ExprContext) -> str | None:
    return _result_form_cached(text, _cache_context(text, ctx))


@lru_cache(maxsize=16384)
def _result_form_cached(text: str, ctx: ExprContext) -> str | None:
    tree = _canonical_tree(text, ctx)
    if tree is None:
        return None
    return _print(_unwrap_scalar_subqueries(tree))


def normalize_expr(text: str, context: ExprContext = DEFAULT_CONTEXT) -> str:
    """The canonical text of an expression (cached). Unparseable text comes back whitespace- and
    case-normalized; :func:`explain_expr` says which."""
    return _normalized(text, context)[0]


def explain_expr(text: str, context: ExprContext = DEFAULT_CONTEXT) -> tuple[str, bool]:
    """``(canonical text, unparsed)``: unparsed is True when the fallback normalization was used."""
    return _normalized(text, context)


def explain_compare(
    a: str | None, b: str | None, *, context: ExprContext = DEFAULT_CONTEXT
) -> ExprComparison:
    """Compare two expressions and keep the canonical forms the verdict rests on."""
    if a is None or b is None:
        same = a is None and b is None
        return ExprComparison(Verdict.EQUAL if same else Verdict.DIFFERENT, a, b)
    # Fast path: most expressions are identical or differ only in whitespace; no parser needed.
    if a == b or _collapse(a) == _collapse(b):
        return ExprComparison(Verdict.EQUAL, a, b)
    na, ua = _normalized(a, context)
    nb, ub = _normalized(b, context)
    unparsed = ua or ub
    if unparsed:
        # Compare like with like: both sides whitespace/case-normalized.
        fa, fb = _fallback(a), _fallback(b)
        return ExprComparison(Verdict.EQUAL if fa == fb else Verdict.DIFFERENT, fa, fb, unparsed=True)
    if na == nb:
        return ExprComparison(Verdict.EQUAL, na, nb)
    ra, rb = _result_form(a, context), _result_form(b, context)
    if ra is not None and ra == rb:
        return ExprComparison(Verdict.COSMETIC, na, nb)
    return ExprComparison(Verdict.DIFFERENT, na, nb)


def compare_expr(a: str | None, b: str | None, *, context: ExprContext = DEFAULT_CONTEXT) -> Verdict:
    """EQUAL, COSMETIC (same result, different cost or form) or DIFFERENT. Never asks a database."""
    return explain_compare(a, b, context=context).verdict
