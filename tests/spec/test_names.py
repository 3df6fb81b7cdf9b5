"""The names the writer leaves out are the ones PostgreSQL chooses, also where it has to cut a name
to 63 bytes in the middle of a multi-byte character (makeObjectName, pg_mbcliplen)."""

from __future__ import annotations

import psycopg

from auditor.introspect import introspect
from auditor.spec import names

# Names of 1-, 2- and 3-byte characters, long enough that the constraint names must be cut.
TABLES = {
    "ascii": "t_" + "a" * 70,
    "two_bytes": "tä" + "é" * 40,
    "three_bytes": "t€" + "€" * 30,
    "mixed": "t_" + "aé€" * 12,
}


def test_default_constraint_names_are_postgresql_s(dsn: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA cut")
        for column in TABLES.values():
            table = column[:60]
            conn.execute(
                f'CREATE TABLE cut."{table}" ("{column}" int PRIMARY KEY, other int UNIQUE, '
                f'CHECK ("{column}" > 0), UNIQUE ("{column}", other))'
            )
    relations = introspect(dsn).schemas["cut"].relations
    assert len(relations) == len(TABLES)
    for rel in relations.values():
        order = {"primary key": 0, "unique": 1, "check": 2}
        ordered = sorted(rel.constraints.values(), key=lambda c: (order[c.kind], len(c.columns)))
        chosen = names.assign_constraint_names(rel.name, [(c, None) for c in ordered])
        assert chosen == [c.name for c in ordered], rel.name
        assert all(len(n.encode()) <= 63 for n in chosen)


# One unnamed constraint of each kind: the server names each <table>_<columns>_<label>.
LABELLED = """
CREATE SCHEMA labels;
CREATE TABLE labels.ref (id int PRIMARY KEY);
CREATE TABLE labels.lab (
    a int PRIMARY KEY,
    b int UNIQUE REFERENCES labels.ref (id),
    c int CHECK (c > 0),
    d int,
    EXCLUDE USING btree (d WITH =)
);
"""


def test_constraint_labels_are_postgresql_s(dsn: str) -> None:
    """The spec's names (from the model) and the offline interpreter's (from parse trees) take their
    labels from pgvocab, and both are the server's."""
    from auditor.migrations.offline import offline_catalog
    from auditor.migrations.parse import parse_text
    from auditor.pgvocab import CONSTRAINT_LABELS, constraint_label

    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(LABELLED)
    served = introspect(dsn).schemas["labels"].relations["lab"].constraints
    assert {c.kind for c in served.values()} == set(CONSTRAINT_LABELS)
    for c in served.values():
        assert c.name.endswith("_" + constraint_label(c.kind)), c.name
        assert names.default_constraint_name("lab", c, set(served) - {c.name}) == c.name
    offline = offline_catalog([parse_text(LABELLED, "labels.sql")]).schemas["labels"].relations["lab"]
    assert sorted(offline.constraints) == sorted(served)
