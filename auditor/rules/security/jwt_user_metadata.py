"""SEC008 jwt-user-metadata."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog
from auditor.rules.base import Rule, register
from auditor.rules.expressions import reads_user_metadata
from auditor.rules.scope import policy_path, table_parts


@register
class JwtUserMetadata(Rule[Catalog]):
    """A policy trusts ``user_metadata`` from the JWT.

    What it checks:
        Policy clauses that read ``user_metadata`` out of the JWT: ``auth.jwt() ->
        'user_metadata'``, ``auth.jwt() #>> '{user_metadata,role}'`` or the same through
        ``current_setting('request.jwt.claims')``.

    Why it matters:
        In Supabase, ``raw_user_meta_data`` is writable by the user themself
        (``supabase.auth.updateUser({data: ...})``). A policy that grants access by a role or a
        tenant stored there lets any user grant it to themself.

    Example:
        ``CREATE POLICY admin_all ON public.jobs USING ((auth.jwt() -> 'user_metadata' ->> 'role')
        = 'admin');``

    How to fix:
        Keep authorization data in ``app_metadata`` (only the service role can write it) or in a
        table the user cannot write, and read it from there.
    """

    code = "SEC008"
    name = "jwt-user-metadata"
    family = "security"
    level = Level.ERROR
    help = "Read authorization claims from app_metadata (or a table users cannot write), not user_metadata."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        for rel, _key, _columns, _constraints, _indexes, policies in table_parts(catalog):
            if not policies:
                continue
            if not rel.is_declared("policies"):
                continue
            for pol in policies:
                clauses = [
                    name
                    for name, attr, text in (
                        ("USING", "using", pol.using),
                        ("WITH CHECK", "with_check", pol.with_check),
                    )
                    if pol.is_declared(attr) and reads_user_metadata(text)
                ]
                if clauses:
                    yield self.finding(
                        policy_path(rel, pol),
                        f"policy {pol.name} on {rel.key} decides access from user_metadata in the JWT "
                        f"({' and '.join(clauses)}), which every user can edit for themself",
                        location=pol.location or rel.location,
                    )
