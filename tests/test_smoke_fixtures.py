import psycopg


def test_fresh_database_is_empty_and_real(dsn, server):
    with psycopg.connect(dsn) as c:
        n = c.execute(
            "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace "
            "where n.nspname = 'public'"
        ).fetchone()[0]
        v = int(c.execute("show server_version_num").fetchone()[0])
    assert n == 0
    assert v == server.version_num
