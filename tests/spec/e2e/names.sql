-- Constraints and indexes left unnamed: PostgreSQL chooses the names; names.yaml leaves them out too.
CREATE SCHEMA naming;
CREATE TABLE naming.parent (id bigint PRIMARY KEY, code text UNIQUE, a int, b int, UNIQUE (a, b));
CREATE TABLE naming.child (
    id bigint PRIMARY KEY,
    parent_id bigint REFERENCES naming.parent (id),
    a int, b int,
    qty int CHECK (qty > 0),
    lo int, hi int,
    CHECK (lo < hi),
    CHECK (qty < 1000),
    CHECK (lo >= 0 AND qty IS NOT NULL),
    FOREIGN KEY (a, b) REFERENCES naming.parent (a, b)
);
CREATE TABLE naming."Mixed Case" ("Some Col" int PRIMARY KEY, other int UNIQUE);
CREATE TABLE naming.a_table_with_a_rather_long_name_that_postgres_must_truncate_x (
    a_column_with_a_rather_long_name_too_so_both_get_cut_xxxxxxxxx int UNIQUE,
    CHECK (a_column_with_a_rather_long_name_too_so_both_get_cut_xxxxxxxxx > 0)
);
CREATE DOMAIN naming.small AS int CHECK (VALUE > 0) CHECK (VALUE < 100);
CREATE TABLE naming.inline_mix (
    id uuid PRIMARY KEY,
    code text UNIQUE,
    qty int CHECK (qty > 0),
    parent_id bigint REFERENCES naming.parent (id),
    UNIQUE (code),
    CHECK (qty < 100),
    FOREIGN KEY (parent_id) REFERENCES naming.parent (id)
);
