"""A tenant schema's catalog under the expected schema's name (schema-per-tenant mode).

Every ``schema`` attribute naming the tenant's schema, the schema's own key and name, and every
qualified reference in text (``tenant_7.jobs``, ``nextval('tenant_7.jobs_id_seq'::regclass)``,
``REFERENCES tenant_7.t(id)``) are rewritten, so that the tenant compares with the spec and the
migrations as if it were the template schema. Role names are never touched (a role may be named
like a schema).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from typing import Any

from auditor.model import Catalog, FrozenMap, Location, Role, quote_ident


def rename_schema(cat: Catalog, old: str, new: str) -> Catalog:
    if old == new:
        return cat
    pattern = re.compile(r'(?<![\w"$.])' + re.escape(quote_ident(old)) + r"\.")
    target = quote_ident(new) + "."

    def text(s: str) -> str:
        return pattern.sub(target, s) if old in s else s

    def walk(obj: Any) -> Any:
        if isinstance(obj, str):
            return text(obj)
        if isinstance(obj, (Role, Location)):
            return obj
        if isinstance(obj, FrozenMap):
            return FrozenMap((walk(k), walk(v)) for k, v in obj.items())
        if isinstance(obj, tuple):
            return tuple(walk(x) for x in obj)
        if isinstance(obj, frozenset):
            return frozenset(walk(x) for x in obj)
        if is_dataclass(obj) and not isinstance(obj, type):
            changed: dict[str, Any] = {}
            for f in fields(obj):
                if not f.init:
                    continue
                value = getattr(obj, f.name)
                if f.name == "schema" and value == old:
                    new_value: Any = new
                elif f.name == "name" and type(obj).__name__ == "Schema" and value == old:
                    new_value = new
                else:
                    new_value = walk(value)
                if new_value is not value and new_value != value:
                    changed[f.name] = new_value
            return replace(obj, **changed) if changed else obj
        return obj

    schemas = FrozenMap((new if k == old else k, walk(v)) for k, v in cat.schemas.items())
    return replace(
        cat,
        schemas=schemas,
        extensions=walk(cat.extensions),
        default_privileges=walk(cat.default_privileges),
    )


def rename_in_findings(findings: list[dict[str, Any]], template: str, tenant: str) -> list[dict[str, Any]]:
    """A shape's findings (JSON dicts, named after the template schema) named after one tenant's
    schema: objects, messages, expected/actual and fix SQL, so that a tenant's fix SQL changes that
    tenant, never the template. The fingerprint (shared by the shape) is left as it is."""
    if template == tenant:
        return findings
    return _rename(findings, template, quote_ident(tenant), tenant)


def _rename(findings: list[dict[str, Any]], template: str, qualifier: str, name: str) -> list[dict[str, Any]]:
    """The findings with every qualified reference to ``template`` qualified by ``qualifier``
    instead, and its ``schema:`` object naming ``name``."""
    pattern = re.compile(r'(?<![\w"$.])' + re.escape(quote_ident(template)) + r"\.")
    target = qualifier + "."

    def walk(value: Any, key: str = "") -> Any:
        if isinstance(value, str):
            if key == "fingerprint":
                return value
            if key == "object" and value == f"schema:{template}":
                return f"schema:{name}"
            # a function as the replacement: the target is taken as it is, never as a template
            return pattern.sub(lambda _m: target, value) if template in value else value
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        return value

    return [walk(f) for f in findings]


class RenamedFindings:
    """A shape's findings encoded once (as ``encode`` does), with a marker where each tenant's
    schema goes: one tenant's findings as text are then the pieces between markers joined with its
    name, the same text as ``encode(rename_in_findings(findings, template, tenant))``."""

    def __init__(self, findings: list[dict[str, Any]], template: str, encode: Callable[[Any], str]) -> None:
        self.template = template
        self.encode = encode
        text = encode(findings)
        # markers no string of the findings holds; JSON encodes them as they are
        while True:
            mark = f"@sa-{os.urandom(8).hex()}-"
            if mark not in text:
                break
        self.qualifier, self.name = mark + "q@", mark + "n@"
        marked = encode(_rename(findings, template, self.qualifier, self.name))
        # the text between markers, and where each marker was: a tenant's text is these pieces
        # with its names put in, joined (never a replace over text that already holds a name)
        self.pieces = re.split("(" + re.escape(self.qualifier) + "|" + re.escape(self.name) + ")", marked)
        self.at_qualifier = [i for i, x in enumerate(self.pieces) if i % 2 and x == self.qualifier]
        self.at_name = [i for i, x in enumerate(self.pieces) if i % 2 and x == self.name]
        self.plain = text

    def for_tenant(self, tenant: str) -> str:
        if tenant == self.template or len(self.pieces) == 1:
            return self.plain  # nothing names the template
        pieces = self.pieces.copy()
        # each name as it is encoded inside a JSON string (quotes, backslashes, controls escaped)
        qualifier = self.encode(quote_ident(tenant))[1:-1]
        for i in self.at_qualifier:
            pieces[i] = qualifier
        name = self.encode(tenant)[1:-1]
        for i in self.at_name:
            pieces[i] = name
        return "".join(pieces)
