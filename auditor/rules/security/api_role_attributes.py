"""SEC013 api-role-attributes."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import Catalog, object_path
from auditor.rules.base import Rule, register
from auditor.rules.scope import role_closure


@register
class ApiRoleAttributes(Rule[Catalog]):
    """An API role is a superuser or bypasses row level security, directly or through membership.

    What it checks:
        The API roles (option ``api_roles``, default ``anon`` and ``authenticated``) and every
        role they are members of, directly or indirectly: none may have ``SUPERUSER`` or
        ``BYPASSRLS``. Roles the catalog does not describe are not judged.

    Why it matters:
        Every API request runs as one of these roles. If one bypasses RLS, every policy is
        decoration. Membership counts: a member can ``SET ROLE`` to the privileged role (and
        Supabase's API lets a request switch roles through its JWT's ``role`` claim).

    Example:
        ``ALTER ROLE authenticated BYPASSRLS;`` or ``GRANT postgres TO authenticated;``

    How to fix:
        ``ALTER ROLE authenticated NOBYPASSRLS NOSUPERUSER;`` and ``REVOKE postgres FROM
        authenticated;``
    """

    code = "SEC013"
    name = "api-role-attributes"
    family = "security"
    level = Level.ERROR
    help = "Remove SUPERUSER/BYPASSRLS from the API roles and revoke their membership in privileged roles."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        for api in self.opt_list("api_roles"):
            if api not in catalog.roles:
                continue
            for via in role_closure(catalog, api):
                role = catalog.roles.get(via)
                if role is None:
                    continue
                bad = [
                    attr.upper()
                    for attr in ("superuser", "bypassrls")
                    if role.is_declared(attr) and getattr(role, attr)
                ]
                if not bad:
                    continue
                attrs = " and ".join(bad)
                if via == api:
                    message = f"API role {api} has {attrs}: row level security does not restrict it"
                    fix = f"ALTER ROLE {api} {' '.join('NO' + b for b in bad)};"
                else:
                    message = (
                        f"API role {api} is a member of {via}, which has {attrs}: it can SET ROLE {via} "
                        "and escape row level security"
                    )
                    fix = f"REVOKE {via} FROM {api};"
                yield self.finding(
                    object_path("role", api),
                    message,
                    actual=f"{via}: {attrs}",
                    fix_sql=fix,
                    location=role.location,
                    fingerprint_extra=(via,),
                )
