"""Our rules next to the linters of our field: every lint of Supabase's splinter and every rule of
squawk, with the code that covers it or why none does. Rendered at the end of docs/rules.md; a
test checks that every code named here exists and that no row is left without a code or a reason.

Sources: supabase/splinter ``lints/*.sql`` and sbdchd/squawk ``crates/squawk_linter/src/rules``.
"""

from __future__ import annotations

#: (splinter lint, our codes, how we differ or why we have none)
SPLINTER: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        "0001 unindexed_foreign_keys",
        ("PERF001",),
        "a partial index `WHERE col IS NOT NULL` counts: the FK lookup uses it",
    ),
    (
        "0002 auth_users_exposed",
        ("SEC017",),
        (
            "also through nested views; an invoker view over an auth.users the caller cannot read fails, "
            "it does not leak"
        ),
    ),
    ("0003 auth_rls_initplan", ("PERF003",), ""),
    ("0004 no_primary_key", ("INT001",), ""),
    (
        "0005 unused_index",
        (),
        (
            "usage statistics of one server since its last reset, not a schema property; PERF006 reports "
            "the provably redundant ones"
        ),
    ),
    (
        "0006 multiple_permissive_policies",
        ("PERF004",),
        "roles with BYPASSRLS (service_role) are left out: their policies never run",
    ),
    ("0007 policy_exists_rls_disabled", ("SEC003",), ""),
    ("0008 rls_enabled_no_policy", ("SEC004",), ""),
    (
        "0009 duplicate_index",
        ("PERF005",),
        "also a UNIQUE constraint or unique index duplicating the primary key",
    ),
    ("0010 security_definer_view", ("SEC011",), ""),
    (
        "0011 function_search_path_mutable",
        ("SEC009", "SEC021"),
        "SECURITY DEFINER always; SECURITY INVOKER opt-in",
    ),
    ("0013 rls_disabled_in_public", ("SEC001",), ""),
    ("0014 extension_in_public", ("SEC015",), ""),
    ("0015 rls_references_user_metadata", ("SEC008",), ""),
    ("0016 materialized_view_in_api", ("SEC012",), ""),
    ("0017 foreign_table_in_api", ("SEC012",), ""),
    ("0018 unsupported_reg_types", ("INT005",), ""),
    (
        "0019 insecure_queue_exposed_in_api",
        ("SEC022",),
        "for every extension's tables, read from live (the comparison leaves them out)",
    ),
    ("0020 table_bloat", (), "runtime statistics (dead tuples), not a schema property"),
    ("0021 fkey_to_auth_unique", ("SEC018",), ""),
    (
        "0022 extension_versions_outdated",
        (),
        (
            "depends on the packages installed on one server (pg_available_extensions); the spec pins "
            "versions and a difference is drift"
        ),
    ),
    ("0023 sensitive_columns_exposed", ("SEC019",), "column-level grants count too"),
    (
        "0024 rls_policy_always_true",
        ("SEC005",),
        "a policy without USING lets no row through: not reported as always true",
    ),
    (
        "0025 public_bucket_allows_listing",
        (),
        "storage buckets are rows of storage.buckets (data), not schema",
    ),
    ("0026 pg_graphql_anon_table_exposed", ("SEC020",), "warning for anon"),
    ("0027 pg_graphql_authenticated_table_exposed", ("SEC020",), "info for authenticated"),
    (
        "0028 anon_security_definer_function_executable",
        ("SEC010",),
        "trigger functions are left out: no role can call them",
    ),
    (
        "0029 authenticated_security_definer_function_executable",
        ("SEC010",),
        "trigger functions are left out",
    ),
)

#: (squawk rule, our codes, how we differ or why we have none)
SQUAWK: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        "adding-field-with-default",
        ("MIG004",),
        "only volatile defaults rewrite (PG 11+); functions the migrations declare VOLATILE count",
    ),
    ("adding-foreign-key-constraint", ("MIG002",), ""),
    ("adding-not-nullable-field", ("MIG003",), ""),
    ("adding-primary-key-constraint", ("MIG011",), ""),
    ("adding-required-field", ("MIG012",), ""),
    ("ban-alter-domain-with-add-constraint", (), "not yet"),
    ("ban-char-field", ("CON002",), "on the catalog, whatever wrote the column"),
    (
        "ban-concurrent-index-creation-in-transaction",
        ("MIG009",),
        "also a file the runner wraps in one transaction",
    ),
    ("ban-create-domain-with-constraint", (), "not yet"),
    ("ban-drop-column", ("MIG006",), ""),
    ("ban-drop-database", ("MIG017",), ""),
    ("ban-drop-not-null", ("MIG018",), ""),
    ("ban-drop-table", ("MIG006",), ""),
    (
        "ban-duplicate-column-assignments",
        (),
        "PostgreSQL rejects the statement: the shadow replay stops there with its file:line (exit 2)",
    ),
    ("ban-truncate-cascade", ("MIG017",), "every TRUNCATE of an existing table, CASCADE named"),
    (
        "ban-uncommitted-transaction",
        ("MIG015",),
        "every BEGIN in a wrapped file; an unclosed BEGIN under implicit_transaction: false is not reported",
    ),
    ("changing-column-type", ("MIG005",), "binary-coercible changes pass"),
    (
        "constraint-missing-not-valid",
        ("MIG002", "MIG014"),
        "MIG014: VALIDATE in the NOT VALID add's transaction",
    ),
    ("disallowed-unique-constraint", ("MIG011",), ""),
    ("identifier-too-long", ("CON007",), "on the catalog"),
    ("prefer-bigint-over-int", (), "not yet"),
    ("prefer-bigint-over-smallint", (), "not yet"),
    ("prefer-identity", ("CON004",), ""),
    (
        "prefer-repack",
        (),
        "MIG016 asks VACUUM FULL and CLUSTER for a statement_timeout; no rule suggests pg_repack",
    ),
    (
        "prefer-robust-stmts",
        (),
        "migrations run once, recorded in the history table (HIS codes); IF NOT EXISTS would hide drift",
    ),
    ("prefer-text-field", ("CON002",), ""),
    ("prefer-timestamptz", ("CON001",), ""),
    ("renaming-column", ("MIG007",), ""),
    ("renaming-table", ("MIG007",), ""),
    ("require-concurrent-index-creation", ("MIG001",), "a table created earlier in the release is new"),
    ("require-concurrent-index-deletion", ("MIG013",), ""),
    (
        "require-concurrent-partition-detach",
        (),
        "not yet (MIG009 reports DETACH ... CONCURRENTLY in a transaction)",
    ),
    ("require-concurrent-reindex", (), "not yet (MIG016 asks REINDEX for a statement_timeout)"),
    ("require-enum-value-ordering", (), "not yet"),
    (
        "require-table-schema",
        (),
        "names resolve through the SET search_path the file sets; objects are always reported qualified",
    ),
    (
        "require-timeout-settings",
        ("MIG008", "MIG016"),
        "lock_timeout and statement_timeout; a new table's FK to an existing table counts",
    ),
    ("transaction-nesting", ("MIG015",), ""),
)


def comparison_markdown() -> list[str]:
    """The section of docs/rules.md comparing us with splinter and squawk."""
    out = [
        "",
        "## Compared with splinter and squawk",
        "",
        "Every lint of Supabase's [splinter](https://github.com/supabase/splinter) and every rule of",
        "[squawk](https://github.com/sbdchd/squawk), with the code that covers it, or why none does.",
    ]
    for title, rows in (("splinter lint", SPLINTER), ("squawk rule", SQUAWK)):
        out += ["", f"| {title} | ours | notes |", "| --- | --- | --- |"]
        for name, codes, note in rows:
            ours = ", ".join(f"[{c}](#{c.lower()})" for c in codes) or "none"
            out.append(f"| {name} | {ours} | {note} |")
    return out
