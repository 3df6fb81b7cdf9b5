"""Differences as findings: stable codes, levels, readable messages, help and fix SQL.

Codes are ``DRIFT-<OBJECT>-<KIND>`` (``DRIFT-POLICY-MISSING``, ``DRIFT-COLUMN-CHANGED``,
``DRIFT-POLICY-COSMETIC``); docs/drift.md lists them with their levels.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from auditor.codes import DRIFT_KINDS, DRIFT_OBJECTS, IGNORE_EXPIRED, drift_code
from auditor.compare.ddl import body_diff, create_sql, default_privilege_sql
from auditor.compare.diff import MISSING, UNEXPECTED, Difference
from auditor.compare.fixsql import fix_sql
from auditor.compare.migration import mark_destructive
from auditor.findings import Attribution, Category, Finding, Level
from auditor.model import DefaultPrivilege, Grant, Location

# The drift vocabulary is the one table of codes' (auditor.codes): DRIFT-<OBJECT>-<KIND>.
OBJECT_TYPES: tuple[str, ...] = DRIFT_OBJECTS
KINDS: tuple[str, ...] = tuple(DRIFT_KINDS)

# Attributes whose drift weakens access control: always an error.
SECURITY_ATTRIBUTES = frozenset(
    {
        "rls_enabled",
        "rls_forced",
        "privileges",
        "owner",
        "security_definer",
        "security_invoker",
        "security_barrier",
        "config",
        "roles",
        "using",
        "with_check",
        "command",
        "permissive",
        "superuser",
        "bypassrls",
        "login",
        "member_of",
        "createrole",
    }
)
# Attributes that change what data is accepted or how it is typed: an error.
STRUCTURAL_ATTRIBUTES = frozenset(
    {
        "kind",
        "type",
        "nullable",
        "expression",
        "columns",
        "references",
        "on_delete",
        "on_update",
        "match_full",
        "unique",
        "identity",
        "generated",
        "generated_kind",
        "labels",
        "base_type",
        "checks",
        "returns",
        "view_definition",
        "body_hash",
        "enabled",
        "events",
        "timing",
        "level",
        "function",
        "when",
        "partition_key",
        "partition_of",
        "partition_bound",
        "validated",
        "nulls_not_distinct",
        "definition",
        "include",
        "inherits",
        "unlogged",
        "check_option",
        "arguments",
        "provider",
        "locale",
        "lc_collate",
        "lc_ctype",
        "deterministic",
    }
)
# Attributes that only document: info.
DOCUMENTATION_ATTRIBUTES = frozenset({"comment", "position"})
# Objects whose mere presence or absence is about access control.
SECURITY_OBJECTS = frozenset({"policy", "role", "default_privilege"})

_LABEL = {
    "table": "table",
    "partitioned table": "partitioned table",
    "view": "view",
    "materialized view": "materialized view",
    "foreign table": "foreign table",
}


def code_for(object_type: str, kind: str) -> str:
    """The stable finding code of a drift: ``DRIFT-POLICY-MISSING``."""
    return drift_code(object_type, kind)


def all_codes() -> list[str]:
    """Every drift code, for documentation and rule listings."""
    return [code_for(t, k) for t in OBJECT_TYPES for k in KINDS] + [IGNORE_EXPIRED_CODE]


IGNORE_EXPIRED_CODE = IGNORE_EXPIRED


def level_for(d: Difference) -> Level:
    """error for security-relevant drift, missing objects and structural changes; warning for extra
    objects and behaviour-only changes (defaults, index shape, sequence settings); info for
    documentation-only and cosmetic changes."""
    if d.cosmetic:
        return Level.INFO
    if d.kind is MISSING:
        return Level.ERROR
    if d.kind is UNEXPECTED:
        if d.object_type in SECURITY_OBJECTS:
            return Level.ERROR
        return Level.WARNING
    if d.object_type in SECURITY_OBJECTS:
        return Level.ERROR
    changes = d.changed
    if changes & SECURITY_ATTRIBUTES:
        return Level.ERROR
    if d.object_type in ("column", "constraint", "table", "function", "enum", "domain", "collation") and (
        changes & STRUCTURAL_ATTRIBUTES
    ):
        return Level.ERROR
    if changes <= DOCUMENTATION_ATTRIBUTES:
        return Level.INFO
    return Level.WARNING


def _name(d: Difference) -> str:
    obj = d.a if d.a is not None else d.b
    if d.object_type == "table":
        return f"{_LABEL.get(getattr(obj, 'kind', 'table'), 'table')} {'.'.join(d.parts)}"
    if d.object_type in ("column", "constraint", "index", "policy", "trigger"):
        return f"{d.object_type} {d.parts[-1]} on {'.'.join(d.parts[:-1])}"
    if d.object_type == "function":
        return f"function {d.parts[0]}.{d.parts[1]}({d.parts[2]})"
    if d.object_type == "default_privilege":
        role, schema, otype = d.parts
        where = "every schema" if schema == "*" else f"schema {schema}"
        return f"default privileges of {role} on {otype}s in {where}"
    return f"{d.object_type} {'.'.join(d.parts)}"


def render_value(attr: str, value: Any) -> str:
    """Readable text of one attribute value (never a Python repr)."""
    if value is None:
        return "(none)"
    if isinstance(value, Mapping):  # a domain's checks: name -> expression
        return ", ".join(f"{k}: {v}" for k, v in value.items()) or "(none)"
    if isinstance(value, frozenset):
        items = sorted(value)
        if items and isinstance(items[0], Grant):
            return ", ".join(_grant_text(g) for g in items) or "(none)"
        if items and isinstance(items[0], DefaultPrivilege):
            return "\n".join(default_privilege_sql(items))
        return ", ".join(str(i) for i in items) or "(none)"
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value) or "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "table") and hasattr(value, "columns"):  # ForeignKeyRef
        return f"{value.table}({', '.join(value.columns)})"
    return str(value)


def _grant_text(g: Grant) -> str:
    return f"{g.privilege} to {g.grantee}" + (" with grant option" if g.grantable else "")


def _describe_object(d: Difference, obj: Any) -> str:
    """A whole object as the SQL that creates it."""
    return create_sql(d.object_type, d.parts, obj)


def _grants_message(a: frozenset[Grant], b: frozenset[Grant], a_label: str, b_label: str) -> str:
    missing = sorted(a - b)
    extra = sorted(b - a)
    out = []
    if missing:
        out.append(f"{'; '.join(_grant_text(g) for g in missing)} missing in {b_label}")
    if extra:
        out.append(f"{'; '.join(_grant_text(g) for g in extra)} granted in {b_label} but not in {a_label}")
    return ", ".join(out)


def _message(d: Difference, a_label: str, b_label: str) -> str:
    name = _name(d)
    if d.kind is MISSING:
        return f"{name} is missing in {b_label}"
    if d.kind is UNEXPECTED:
        return f"{name} exists in {b_label} but not in {a_label}"
    parts = []
    for attr in d.changes:
        if attr == "privileges" and d.object_type != "default_privilege":
            parts.append("privileges: " + _grants_message(d.a.privileges, d.b.privileges, a_label, b_label))
        elif d.object_type == "default_privilege":
            parts.append("privileges: " + _grants_message(_dp_grants(d.a), _dp_grants(d.b), a_label, b_label))
        elif attr == "body_hash" and d.object_type == "function":
            parts.append(_body_message(d, a_label, b_label))
        else:
            va, vb = getattr(d.a, attr, None), getattr(d.b, attr, None)
            parts.append(
                f"{attr} is {render_value(attr, vb)} in {b_label}, {render_value(attr, va)} in {a_label}"
            )
    what = "differs in form only (same result, different cost or spelling)" if d.cosmetic else "differs"
    return f"{name} {what}: " + "; ".join(parts)


def _body_message(d: Difference, a_label: str, b_label: str) -> str:
    a, b = getattr(d.a, "body", None), getattr(d.b, "body", None)
    if a is None or b is None:
        unknown = " and ".join(lb for lb, t in ((a_label, a), (b_label, b)) if t is None)
        return f"the body differs (its text is not known to {unknown}: compared by hash)"
    diff = body_diff(a, b, a_label, b_label) or ""
    added = sum(1 for ln in diff.splitlines() if ln.startswith("+") and not ln.startswith("+++"))
    removed = sum(1 for ln in diff.splitlines() if ln.startswith("-") and not ln.startswith("---"))
    return f"the body differs ({added} line(s) in {b_label} only, {removed} in {a_label} only)"


def _side_value(d: Difference, obj: Any, attr: str) -> str:
    if attr == "body_hash" and d.object_type == "function":
        body = getattr(obj, "body", None)
        return "body:\n" + (body if body is not None else f"(text not known; sha256 {obj.body_hash})")
    return f"{attr}: {render_value(attr, getattr(obj, attr, None))}"


def _dp_grants(items: frozenset[Any]) -> frozenset[Grant]:
    return frozenset(Grant(x.grantee, x.privilege, x.grantable) for x in items)


def _help(d: Difference, a_label: str, b_label: str) -> str:
    if d.cosmetic:
        return (
            f"Same result, different form. Align {b_label} with {a_label} if you care about the cost "
            f"(e.g. (select auth.uid()) is evaluated once per query, auth.uid() once per row), or ignore."
        )
    if d.kind is MISSING:
        return (
            f"Create it in {b_label} (see fix_sql), or remove it from {a_label} if it was dropped on purpose."
        )
    if d.kind is UNEXPECTED:
        return (
            f"Drop it from {b_label} if nobody meant to add it, "
            f"or add it to {a_label} (a migration or the spec)."
        )
    if d.object_type == "extension" and "version" in d.changes:
        ships = getattr(d.b, "default_version", None)
        return (
            f"Update the extension in {b_label} to a version its server ships"
            + (f" (up to {ships})" if ships else "")
            + f" (see fix_sql); an extension cannot be downgraded: if {a_label} asks for an older version "
            f"or one that server does not ship, change {a_label}."
        )
    return f"Bring {b_label} in line with {a_label} (see fix_sql), or change {a_label} if {b_label} is right."


def _expected_actual(d: Difference) -> tuple[str | None, str | None]:
    if d.kind is MISSING:
        return _describe_object(d, d.a), None
    if d.kind is UNEXPECTED:
        return None, _describe_object(d, d.b)
    if d.object_type == "default_privilege":
        return render_value("privileges", _dp_grants(d.a)), render_value("privileges", _dp_grants(d.b))
    exp_parts = [_side_value(d, d.a, c) for c in d.changes]
    act_parts = [_side_value(d, d.b, c) for c in d.changes]
    return "; ".join(exp_parts), "; ".join(act_parts)


def _location(d: Difference, spec_side: str | None) -> Location | None:
    for obj in (d.a, d.b) if spec_side == "a" else (d.b, d.a) if spec_side == "b" else ():
        loc = getattr(obj, "location", None)
        if isinstance(loc, Location):
            return loc
    return None


def finding_for(
    d: Difference,
    *,
    a_label: str,
    b_label: str,
    attribution: Attribution = Attribution.DIFFERS,
    spec_side: str | None = None,
    default_schema: str = "public",
    fix_target: str = "b",
) -> Finding:
    """One finding for one difference. ``spec_side`` ("a"/"b") says which side is the spec, whose
    ``location`` the finding carries; ``fix_target`` says which side the fix SQL changes."""
    code = code_for(d.object_type, "cosmetic" if d.cosmetic else str(d.kind))
    expected, actual = _expected_actual(d)
    notes = tuple(("note", n) for n in d.notes)
    fix, destroys = (
        mark_destructive(fix_sql(d, default_schema=default_schema)) if fix_target == "b" else (None, None)
    )
    if destroys:
        notes += (("destructive", destroys),)
    # The other fix: keep what b has, written for a (a migration, when a is the migrations).
    keep, keep_destroys = mark_destructive(fix_sql(_swapped(d), default_schema=default_schema))
    if keep:
        notes += (("keep_sql", keep),)
    if keep_destroys:
        notes += (("keep_destructive", keep_destroys),)
    if d.object_type == "function" and "body_hash" in d.changes:
        lines = body_diff(getattr(d.a, "body", None), getattr(d.b, "body", None), a_label, b_label)
        if lines:
            notes += (("body_diff", lines),)
    return Finding(
        code=code,
        level=level_for(d),
        object=d.path,
        message=_message(d, a_label, b_label) + (f" ({'; '.join(d.notes)})" if d.notes else ""),
        category=Category.DRIFT,
        kind=str(d.kind),  # a plain str: the report writers print str by type
        expected=expected,
        actual=actual,
        attribution=attribution,
        changes=d.changes,
        help=_help(d, a_label, b_label),
        fix_sql=fix,
        location=_location(d, spec_side),
        extra=(("expected_source", a_label), ("actual_source", b_label), *notes),
        fingerprint_parts=(code, d.path, *d.changes),
    )


def _swapped(d: Difference) -> Difference:
    """The same difference seen from the other side (what b has becomes what is expected)."""
    return replace(d, kind=d.kind.swapped(), a=d.b, b=d.a)


def to_findings(
    diffs: Iterable[Difference],
    *,
    a_label: str,
    b_label: str,
    attribution: Attribution = Attribution.DIFFERS,
    default_schema: str = "public",
) -> list[Finding]:
    """Findings for a two-source comparison (a is the expected side, b the actual one)."""
    spec_side = "a" if a_label == "spec" else "b" if b_label == "spec" else None
    return [
        finding_for(
            d,
            a_label=a_label,
            b_label=b_label,
            attribution=attribution,
            spec_side=spec_side,
            default_schema=default_schema,
        )
        for d in diffs
    ]
