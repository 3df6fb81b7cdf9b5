"""Three-way attribution: spec, migrations and live compared, each difference told once, with the side
that moved, and only as certain as what is known.

The three pairwise diffs (spec/migrations, migrations/live, spec/live) are split into facts: an
object's presence, or one attribute of it. Where live differs from the migrations, the migrations'
provenance says which files would explain the fact (the file that creates a missing object, drops an
unexpected one, changes the attribute), and the history table says whether those files were applied.
That is the fact's :class:`Explained`:

* ``NONE``: no migration creates, drops or changes it: live moved by hand, whatever the history says;
* ``NOT_APPLIED``: a migration explains it and live's history lacks that migration;
* ``APPLIED``: the migrations that explain it are recorded as applied: someone reverted it by hand;
* ``UNKNOWN``: a migration explains it, but there is no history table (or it cannot tell which).

=====================  ================  ==================  ======================================
spec/migrations        migrations/live   spec/live           attribution (reported pair)
=====================  ================  ==================  ======================================
agree or spec silent   differ            differ or silent    by Explained (migrations/live):
                                                             NONE, APPLIED: changed outside migrations;
                                                             NOT_APPLIED: migration not applied;
                                                             UNKNOWN: applied history unknown
differ                 differ            differ              the same, by Explained (m/l)
differ                 differ            agree               NONE, APPLIED: changed outside
                                                             migrations (m/l); otherwise spec out of
                                                             date (spec/migrations)
differ                 agree             differ              spec out of date (spec/migrations)
agree                  agree             differ              differs (spec/live)
=====================  ================  ==================  ======================================

"Spec silent" is an attribute or object the spec does not declare: the spec/x diffs cannot see it.
With two sources: spec/migrations -> spec out of date; migrations/live -> by Explained; spec/live ->
differs. Without an explainer, ``migrations_applied`` stands for every fact: True -> APPLIED, False ->
NOT_APPLIED, None -> UNKNOWN (nothing is said to be outside the migrations without provenance).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path

from auditor.compare.diff import CHANGED, Difference, DiffKind, diff
from auditor.compare.findings import finding_for
from auditor.findings import Attribution, Finding
from auditor.model import Catalog, Location, object_path

SPEC, MIGRATIONS, LIVE = "spec", "migrations", "live"

_Fact = tuple[str, str, bool]  # (path, attribute or "" for presence, cosmetic)


class Explained(Enum):
    """Whether a migration explains a difference between the migrations and live."""

    NONE = "no migration creates, drops or changes it"
    NOT_APPLIED = "a migration live's history lacks explains it"
    APPLIED = "only migrations live's history records as applied explain it"
    UNKNOWN = "a migration explains it; whether it was applied is unknown"


@dataclass(frozen=True)
class LiveFact:
    """One fact on which live differs from the migrations, as the explainer is asked about it.

    ``kind`` is the migrations→live difference: ``missing`` (the migrations have it, live not),
    ``unexpected`` (live has it, the migrations not) or ``changed`` (``attribute`` differs)."""

    kind: DiffKind
    object_type: str
    parts: tuple[str, ...]
    path: str
    attribute: str = ""


# Asked once with every fact of a comparison (so provenance can read the migrations once).
Explainer = Callable[[Sequence[LiveFact]], Mapping[LiveFact, Explained]]
# The migration files (paths) that would explain each fact: empty when none does, None when one must
# but which cannot be told.
ExplainingFiles = Callable[[Sequence[LiveFact]], Mapping[LiveFact, "frozenset[str] | None"]]


def history_explainer(explaining: ExplainingFiles, not_applied: Collection[str] | None) -> Explainer:
    """An explainer from provenance (``explaining``) and the history check: ``not_applied`` holds the
    names of the repository's migration files live's history lacks; ``None`` when there is no
    history table (or the project keeps none)."""
    missing = None if not_applied is None else frozenset(Path(p).name for p in not_applied)

    def explain(facts: Sequence[LiveFact]) -> dict[LiveFact, Explained]:
        out: dict[LiveFact, Explained] = {}
        for fact, files in explaining(facts).items():
            if files is not None and not files:
                out[fact] = Explained.NONE
            elif missing is None:
                out[fact] = Explained.UNKNOWN
            elif files is None:  # some migration, which one cannot be told
                out[fact] = Explained.UNKNOWN if missing else Explained.APPLIED
            elif any(Path(f).name in missing for f in files):
                out[fact] = Explained.NOT_APPLIED
            else:
                out[fact] = Explained.APPLIED
        return out

    return explain


def _fixed(migrations_applied: bool | None) -> Explainer:
    e = {True: Explained.APPLIED, False: Explained.NOT_APPLIED, None: Explained.UNKNOWN}[migrations_applied]
    return lambda facts: dict.fromkeys(facts, e)


_BY_EXPLAINED = {
    Explained.NONE: Attribution.OUTSIDE_MIGRATIONS,
    Explained.APPLIED: Attribution.OUTSIDE_MIGRATIONS,
    Explained.NOT_APPLIED: Attribution.MIGRATION_NOT_APPLIED,
    Explained.UNKNOWN: Attribution.HISTORY_UNKNOWN,
}

_HELP = {
    Explained.NONE: "No migration creates, drops or changes this: it was changed outside the migrations. ",
    Explained.APPLIED: "The migrations that make this are recorded as applied, yet live differs: it was "
    "changed by hand since. ",
    Explained.NOT_APPLIED: "A migration that live's history lacks makes this: apply it. ",
    Explained.UNKNOWN: "A migration makes this, and live keeps no migration history (no history table), "
    "so whether it was applied is unknown: record history as the Supabase CLI does "
    "(supabase_migrations.schema_migrations) or name the table with --history-table. ",
}


def _live_fact(d: Difference, attr: str) -> LiveFact:
    return LiveFact(d.kind, d.object_type, d.parts, d.path, attr)


def _restrict(d: Difference, attrs: list[str]) -> Difference:
    if d.kind is not CHANGED:
        return d
    return replace(d, changes=tuple(a for a in d.changes if a in attrs))


def three_way(
    spec: Catalog | None,
    migrations: Catalog | None,
    live: Catalog | None,
    *,
    default_schema: str = "public",
    migrations_applied: bool | None = None,
    explain: Explainer | None = None,
    column_order: bool = False,
) -> list[Finding]:
    """Findings for up to three sources, each fact reported once with the side that moved (see the
    module doc). ``explain`` tells, per fact where live differs from the migrations, whether a
    migration explains it (:func:`history_explainer`); without it ``migrations_applied`` stands for
    every fact. The fix SQL always changes live (or, with no live side, nothing).
    """
    explainer = explain or _fixed(migrations_applied)

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
    assert migrations is not None and live is not None
    f_ml = _facts(pair_diff(migrations, live))
    if spec is None:  # the spec is silent on everything
        f_sm: dict[_Fact, Difference] = {}
        f_sl: dict[_Fact, Difference] = {}
    else:
        f_sm = _facts(pair_diff(spec, migrations))
        f_sl = _facts(pair_diff(spec, live))
    presence_paths = {p for (p, attr, _c) in (*f_sm, *f_ml, *f_sl) if attr == ""}
    # An object-level finding covers the object's attributes.
    facts = [f for f in sorted(set(f_sm) | set(f_ml) | set(f_sl)) if not (f[1] and f[0] in presence_paths)]
    asked = {fact: _live_fact(f_ml[fact], fact[1]) for fact in facts if fact in f_ml}
    explained = explainer(list(dict.fromkeys(asked.values())))

    # (pair, path, cosmetic, attribution) -> (the pair's Difference, attributes, explained)
    groups: dict[tuple[str, str, bool, Attribution], tuple[Difference, list[str], Explained | None]] = {}
    for fact in facts:
        _path, attr, _cosmetic = fact
        sm, ml, sl = fact in f_sm, fact in f_ml, fact in f_sl
        e = explained[asked[fact]] if ml else None
        if ml and not (sm and not sl):  # live moved from the migrations (and from the spec, if it speaks)
            assert e is not None
            att, pair, d = _BY_EXPLAINED[e], "ml", f_ml[fact]
        elif ml and e in (Explained.NONE, Explained.APPLIED):  # spec = live, and no migration made live so
            att, pair, d = Attribution.OUTSIDE_MIGRATIONS, "ml", f_ml[fact]
        elif sm:  # live agrees with the spec or with the migrations: the spec has not followed them
            att, pair, d, e = Attribution.SPEC_OUT_OF_DATE, "sm", f_sm[fact], None
        else:  # only spec/live: migrations are silent in a way they should not be; say it plainly
            att, pair, d, e = Attribution.DIFFERS, "sl", f_sl[fact], None
        key = (pair, d.path, d.cosmetic, att)
        if key in groups:
            groups[key][1].append(attr)
        else:
            groups[key] = (d, [attr] if attr else [], e)

    spec_objects = diff_index(spec) if spec is not None else {}
    out: list[Finding] = []
    for (pair, _path, _cosmetic, att), (d, attrs, e) in groups.items():
        d = _restrict(d, attrs)
        if pair == "ml":
            f = finding_for(
                d, a_label=MIGRATIONS, b_label=LIVE, attribution=att, default_schema=default_schema
            )
            loc = getattr(spec_objects.get(d.path), "location", None)
            if isinstance(loc, Location):
                f = replace(f, location=loc)
            if e is not None and explain is not None and not d.cosmetic:
                f = replace(f, help=_HELP[e] + (f.help or ""))
        elif pair == "sm":
            # Told from the migrations' side: the spec is what needs changing; live is fine.
            flipped = replace(d, a=d.b, b=d.a, kind=d.kind.swapped())
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


def _facts(diffs: list[Difference]) -> dict[_Fact, Difference]:
    out: dict[_Fact, Difference] = {}
    for d in diffs:
        if d.kind is CHANGED:
            for attr in d.changes:
                out[(d.path, attr, d.cosmetic)] = d
        else:
            out[(d.path, "", False)] = d
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
        for kind, objs in (
            ("sequence", s.sequences),
            ("enum", s.enums),
            ("domain", s.domains),
            ("collation", s.collations),
        ):
            for o in objs.values():
                out[object_path(kind, s.name, o.name)] = o
    for e in c.extensions.values():
        out[object_path("extension", e.name)] = e
    for ro in c.roles.values():
        out[object_path("role", ro.name)] = ro
    return out
