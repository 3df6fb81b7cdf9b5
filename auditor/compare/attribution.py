"""Three-way attribution: spec, migrations and live compared, each difference told once, with the side
that moved.

The three pairwise diffs (spec/migrations, migrations/live, spec/live) are split into facts: an
object's presence, or one attribute of it. A fact is then attributed by which pairs disagree on it:

=====================  ================  ==================  ======================================
spec/migrations        migrations/live   spec/live           attribution (reported pair)
=====================  ================  ==================  ======================================
agree                  differ            differ              migration not applied (migrations/live)
agree (spec silent)    differ            agree (silent)      changed outside migrations (m/l)
differ                 agree             differ              spec out of date (spec/migrations)
differ                 differ            agree               spec out of date (spec/migrations)
differ                 differ            differ              changed outside migrations (m/l)
=====================  ================  ==================  ======================================

"Spec silent" is an attribute or object the spec does not declare: the spec/x diffs cannot see it.
When the history check knows every migration was applied (``migrations_applied=True``), a live value
that differs from the migrations cannot be an unapplied migration: rows one and four become changes
outside migrations.
"""

from __future__ import annotations

from dataclasses import replace

from auditor.compare.diff import Difference, diff
from auditor.compare.findings import finding_for
from auditor.findings import Attribution, Finding
from auditor.model import Catalog, Location, object_path

SPEC, MIGRATIONS, LIVE = "spec", "migrations", "live"

_Fact = tuple[str, str, bool]  # (path, attribute or "" for presence, cosmetic)


def _facts(diffs: list[Difference]) -> dict[_Fact, Difference]:
    out: dict[_Fact, Difference] = {}
    for d in diffs:
        if d.kind == "changed":
            for attr in d.changes:
                out[(d.path, attr, d.cosmetic)] = d
        else:
            out[(d.path, "", False)] = d
    return out


def _restrict(d: Difference, attrs: list[str]) -> Difference:
    if d.kind != "changed":
        return d
    return replace(d, changes=tuple(a for a in d.changes if a in attrs))


def three_way(
    spec: Catalog | None,
    migrations: Catalog | None,
    live: Catalog | None,
    *,
    default_schema: str = "public",
    migrations_applied: bool | None = None,
    column_order: bool = False,
) -> list[Finding]:
    """Findings for up to three sources, each fact reported once with the side that moved.

    With two sources: spec vs migrations -> SPEC_OUT_OF_DATE; migrations vs live (no spec: the spec is
    silent on everything) -> OUTSIDE_MIGRATIONS, or MIGRATION_NOT_APPLIED when the history check
    reports unapplied migrations (``migrations_applied=False``); spec vs live -> DIFFERS. The fix SQL
    always changes live (or, with no live side, nothing).
    """

    def pair_diff(a: Catalog, b: Catalog) -> list[Difference]:
        return diff(a, b, default_schema=default_schema, column_order=column_order)

    present = [x is not None for x in (spec, migrations, live)]
    if sum(present) < 2:
        return []
    if spec is not None and migrations is not None and live is None:
        return [
            finding_for(
                d,
                a_label=MIGRATIONS,
                b_label=SPEC,
                attribution=Attribution.SPEC_OUT_OF_DATE,
                spec_side="b",
                default_schema=default_schema,
                fix_target="none",
            )
            for d in pair_diff(migrations, spec)
        ]
    if spec is None and migrations is not None and live is not None:
        attribution = (
            Attribution.MIGRATION_NOT_APPLIED
            if migrations_applied is False
            else Attribution.OUTSIDE_MIGRATIONS
        )
        return [
            finding_for(
                d, a_label=MIGRATIONS, b_label=LIVE, attribution=attribution, default_schema=default_schema
            )
            for d in pair_diff(migrations, live)
        ]
    if migrations is None and spec is not None and live is not None:
        return [
            finding_for(
                d,
                a_label=SPEC,
                b_label=LIVE,
                attribution=Attribution.DIFFERS,
                spec_side="a",
                default_schema=default_schema,
            )
            for d in pair_diff(spec, live)
        ]
    assert spec is not None and migrations is not None and live is not None
    f_sm = _facts(pair_diff(spec, migrations))
    f_ml = _facts(pair_diff(migrations, live))
    f_sl = _facts(pair_diff(spec, live))
    presence_paths = {p for (p, attr, _c) in (*f_sm, *f_ml, *f_sl) if attr == ""}

    # (pair, path, cosmetic, attribution) -> (the pair's Difference, attributes)
    groups: dict[tuple[str, str, bool, Attribution], tuple[Difference, list[str]]] = {}
    for fact in sorted(set(f_sm) | set(f_ml) | set(f_sl)):
        path, attr, _cosmetic = fact
        if attr and path in presence_paths:
            continue  # the object-level finding covers its attributes
        sm, ml, sl = fact in f_sm, fact in f_ml, fact in f_sl
        if ml and not sm:
            if sl:
                att = (
                    Attribution.OUTSIDE_MIGRATIONS
                    if migrations_applied
                    else Attribution.MIGRATION_NOT_APPLIED
                )
            else:
                att = Attribution.OUTSIDE_MIGRATIONS  # the spec is silent here
            pair, d = "ml", f_ml[fact]
        elif ml and (sl or migrations_applied):  # live differs from the migrations and the spec
            att, pair, d = Attribution.OUTSIDE_MIGRATIONS, "ml", f_ml[fact]
        elif sm:  # live agrees with the spec or with the migrations: the spec has not followed them
            att, pair, d = Attribution.SPEC_OUT_OF_DATE, "sm", f_sm[fact]
        else:  # only spec/live: migrations are silent in a way they should not be; say it plainly
            att, pair, d = Attribution.DIFFERS, "sl", f_sl[fact]
        key = (pair, d.path, d.cosmetic, att)
        if key in groups:
            groups[key][1].append(attr)
        else:
            groups[key] = (d, [attr] if attr else [])

    spec_objects = diff_index(spec)
    out: list[Finding] = []
    for (pair, _path, _cosmetic, att), (d, attrs) in groups.items():
        d = _restrict(d, attrs)
        if pair == "ml":
            f = finding_for(
                d, a_label=MIGRATIONS, b_label=LIVE, attribution=att, default_schema=default_schema
            )
            loc = getattr(spec_objects.get(d.path), "location", None)
            if isinstance(loc, Location):
                f = replace(f, location=loc)
        elif pair == "sm":
            # Told from the migrations' side: the spec is what needs changing; live is fine.
            flipped = replace(
                d,
                a=d.b,
                b=d.a,
                kind={"missing": "unexpected", "unexpected": "missing"}.get(d.kind, d.kind),  # type: ignore[arg-type]
            )
            f = finding_for(
                flipped,
                a_label=MIGRATIONS,
                b_label=SPEC,
                attribution=att,
                spec_side="b",
                default_schema=default_schema,
                fix_target="none",
            )
        else:
            f = finding_for(
                d, a_label=SPEC, b_label=LIVE, attribution=att, spec_side="a", default_schema=default_schema
            )
        out.append(f)
    return out


def diff_index(c: Catalog) -> dict[str, object]:
    """Every object of a catalog by its object path (schemas, relations and their children, ...)."""
    out: dict[str, object] = {}
    for s in c.schemas.values():
        out[object_path("schema", s.name)] = s
        for r in s.relations.values():
            out[object_path("table", s.name, r.name)] = r
            for kind, kids in (
                ("column", r.columns),
                ("constraint", r.constraints),
                ("index", r.indexes),
                ("policy", r.policies),
                ("trigger", r.triggers),
            ):
                for k in kids.values():
                    out[object_path(kind, s.name, r.name, k.name)] = k
        for f in s.functions.values():
            out[object_path("function", s.name, f.name, f.arguments)] = f
        for kind, objs in (("sequence", s.sequences), ("enum", s.enums), ("domain", s.domains)):
            for o in objs.values():
                out[object_path(kind, s.name, o.name)] = o
    for e in c.extensions.values():
        out[object_path("extension", e.name)] = e
    for ro in c.roles.values():
        out[object_path("role", ro.name)] = ro
    return out
