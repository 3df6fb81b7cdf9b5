"""Rule documentation from the rule docstrings: ``schema-auditor rules CODE``, ``docs/rules.md``
and the SARIF rule entries all come from here, so they cannot disagree with the code."""

from __future__ import annotations

from auditor.report.model import RuleDoc
from auditor.rules.base import DOC_SECTIONS, FAMILIES, REGISTRY, SHARED_OPTIONS, AnyRule, docs_uri

DOCS_HEADER = """# Rules

<!-- Generated from the rule docstrings by `schema-auditor rules --format markdown`; do not edit.
     tests/rules/test_docs.py fails when this file is out of date. -->

Every rule has a stable code (never reused once retired), a name, a family and a default level.
Configure them in the `rules:` block of the spec, of `schema-auditor.yaml`, or in
`[tool.schema-auditor.rules]` of `pyproject.toml`:

```yaml
rules:
  options:                    # shared by every rule
    exposed_schemas: [public]
    owner_column: owner_id
  SEC002: true                # enable an opt-in rule
  CON005: info                # change a level
  PERF003: {options: {functions: ["auth.*"]}}
  allow:
    - rule: SEC004
      object: "table:public.prompts"
      reason: written by the service role only
      expires: 2027-01-31
```

An allow-list entry needs a reason; past its expiry it stops hiding the finding and the finding
says so.

Rules run on a catalog from any source: a live database (`check --dsn`), a spec (`check --spec`)
or the shadow of a migrations folder (`check --migrations`). On a partial spec a rule judges only
what the spec declares: the attribute a finding is about (a policy's clause, a table's `rls`, a
column's nullability) must be written, or the rule says nothing about it. A policy's omitted
`as` reads as PostgreSQL's default (permissive). A clause the checker cannot parse is reported as
an info finding ("could not read ... did not judge it"), never guessed at.
"""


def _fmt(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def render_rule_text(cls: AnyRule) -> str:
    """What ``schema-auditor rules CODE`` prints."""
    state = "" if cls.enabled_by_default else ", opt-in (disabled by default)"
    head = f"{cls.code} {cls.name} ({cls.family}, {cls.level.value}{state}; target: {cls.target})"
    lines = [head, "=" * len(head), "", cls.doc()]
    if cls.options:
        lines += ["", "Options (besides the shared ones):"]
        lines += [f"    {k}: {_fmt(v)}" for k, v in cls.options.items()]
    return "\n".join(lines) + "\n"


def render_markdown() -> str:
    """``docs/rules.md``: the index table, then each rule's documentation by family."""
    rules = REGISTRY.all()
    out = [DOCS_HEADER, "Shared options (defaults):", ""]
    out += [f"* `{k}`: `{_fmt(v)}`" for k, v in SHARED_OPTIONS.items()]
    out += ["", "| Code | Name | Family | Level | Summary |", "| --- | --- | --- | --- | --- |"]
    for r in rules:
        level = r.level.value + ("" if r.enabled_by_default else " (opt-in)")
        out.append(f"| [{r.code}](#{r.code.lower()}) | {r.name} | {r.family} | {level} | {r.summary()} |")
    for family in FAMILIES:
        members = [r for r in rules if r.family == family]
        if not members:
            continue
        out += ["", f"## {family.capitalize()}"]
        for r in members:
            state = "" if r.enabled_by_default else ", opt-in"
            out += ["", f"### {r.code}", "", f"**{r.name}** ({r.level.value}{state}). {r.summary()}"]
            sections = r.doc_sections()
            for title in DOC_SECTIONS:
                if title in sections:
                    out += ["", f"*{title}.* " + " ".join(sections[title].split())]
            if r.options:
                out += [
                    "",
                    "*Options.* " + ", ".join(f"`{k}` (default `{_fmt(v)}`)" for k, v in r.options.items()),
                ]
    from auditor.rules.peers import comparison_markdown

    out += comparison_markdown()
    return "\n".join(out) + "\n"


def rule_doc(code: str) -> RuleDoc | None:
    """The SARIF rule entry for a finding code (None for codes that are not rules)."""
    cls = REGISTRY.get(code)
    if cls is None or cls.code != code:
        return None
    return RuleDoc(
        code=cls.code,
        name=cls.name,
        summary=cls.summary(),
        description=cls.doc(),
        help_uri=docs_uri(cls.code),
    )
