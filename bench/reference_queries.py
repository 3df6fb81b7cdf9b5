"""The floor: a set-based reference of 8 catalog queries in one transaction, rows fetched, no model.

It asks the server for what any schema reader needs deparsed (``format_type``, ``pg_get_expr``,
``pg_get_constraintdef``, ``pg_get_indexdef``, ``pg_get_triggerdef``): most of its time is the
server's deparsing, which no client can avoid. ``python bench/reference_queries.py DSN`` prints the
in-process seconds on stdout.
"""

from __future__ import annotations

import sys
import time

import psycopg

USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"

QUERIES = {
    "relations": f"""
        SELECT c.oid, n.nspname, c.relname, c.relkind, c.relrowsecurity, c.relforcerowsecurity,
               pg_get_userbyid(c.relowner), obj_description(c.oid, 'pg_class'), c.reloptions
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND {USER_SCHEMAS}""",
    "columns": f"""
        SELECT a.attrelid, a.attname, a.attnum, format_type(a.atttypid, a.atttypmod), a.attnotnull,
               pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,
               col_description(a.attrelid, a.attnum)
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
          AND {USER_SCHEMAS}""",
    "constraints": f"""
        SELECT co.conrelid, co.conname, co.contype, pg_get_constraintdef(co.oid, true), co.convalidated
        FROM pg_constraint co JOIN pg_namespace n ON n.oid = co.connamespace
        WHERE co.contype IN ('p', 'u', 'c', 'f', 'x') AND co.conrelid <> 0 AND {USER_SCHEMAS}""",
    "indexes": f"""
        SELECT i.indrelid, ic.relname, pg_get_indexdef(i.indexrelid, 0, true),
               pg_get_expr(i.indpred, i.indrelid, true), i.indisvalid
        FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_namespace n ON n.oid = ic.relnamespace WHERE {USER_SCHEMAS}""",
    "policies": f"""
        SELECT p.polrelid, p.polname, p.polcmd, p.polpermissive, p.polroles,
               pg_get_expr(p.polqual, p.polrelid, true), pg_get_expr(p.polwithcheck, p.polrelid, true)
        FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {USER_SCHEMAS}""",
    "triggers": f"""
        SELECT t.tgrelid, t.tgname, pg_get_triggerdef(t.oid, true)
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND {USER_SCHEMAS}""",
    "functions": f"""
        SELECT p.oid, n.nspname, p.proname, pg_get_function_identity_arguments(p.oid),
               pg_get_function_result(p.oid), p.prosecdef, p.proconfig, md5(p.prosrc)
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE {USER_SCHEMAS}""",
    "acls": f"""
        SELECT c.oid, a.grantee, a.privilege_type, a.is_grantable
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace,
             aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND {USER_SCHEMAS}""",
}


def run(dsn: str) -> tuple[float, int]:
    """Seconds for connect + the 8 queries in one REPEATABLE READ READ ONLY transaction, and rows."""
    t = time.perf_counter()
    rows = 0
    with psycopg.connect(dsn) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for q in QUERIES.values():
            rows += len(conn.execute(q).fetchall())  # type: ignore[arg-type]
        conn.rollback()
    return time.perf_counter() - t, rows


if __name__ == "__main__":
    seconds, rows = run(sys.argv[1])
    print(f"{seconds:.6f} {rows}")
