"""Issue 17 item 3: fix SQL in PostgreSQL's own spelling. PERF003's fix wraps per-row calls in
``(SELECT ...)`` by splicing into the policy text the server deparsed, so ``'x'::text`` stays
``'x'::text`` (sqlglot would print ``CAST('x' AS TEXT)``); the fix then runs on the server and
leaves nothing for the rule to report."""

from __future__ import annotations

import psycopg

from auditor.introspect import introspect
from auditor.rules.base import run_rules
from auditor.rules.expressions import wrap_per_row_calls
from tests.servers import Server

SQL = """
create schema if not exists auth;
create or replace function auth.uid() returns uuid language sql stable as $$ select null::uuid $$;
create table public.t (id int primary key, owner_id uuid, status text, "Naïve" text);
alter table public.t enable row level security;
create policy p on public.t for select using (
  owner_id = auth.uid() and status = any (array['a', 'b']) and "Naïve" = 'é'
  and current_setting('app.x', true) = 'y'
);
"""


def test_wrap_keeps_the_text_as_written() -> None:
    text = "(owner_id = auth.uid()) AND (status = 'é'::text) AND ((current_setting('a.b'::text))::uuid = id)"
    assert wrap_per_row_calls(text, ["auth.*", "current_setting"]) == (
        "(owner_id = (SELECT auth.uid())) AND (status = 'é'::text) AND "
        "(((SELECT current_setting('a.b'::text)))::uuid = id)"
    )
    assert wrap_per_row_calls("owner_id = (select auth.uid())", ["auth.*"]) is None


def test_perf003_fix_is_postgres_spelling_and_converges(server: Server) -> None:
    with server.fresh_database("fix_spelling") as dsn:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(SQL)
        (f,) = [f for f in run_rules(introspect(dsn), only=["PERF003"]) if f.object.endswith(".p")]
        assert f.fix_sql and "CAST(" not in f.fix_sql and "'é'::text" in f.fix_sql, f.fix_sql
        assert "(SELECT auth.uid())" in f.fix_sql
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f.fix_sql)  # type: ignore[arg-type]
        assert [x for x in run_rules(introspect(dsn), only=["PERF003"]) if x.object.endswith(".p")] == []
