"""SEC019 sensitive-columns-exposed."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Finding, Level
from auditor.model import PUBLIC, Catalog
from auditor.rules.base import Rule, register
from auditor.rules.scope import exposed_table_parts, granted, table_path

#: Column names that hold credentials or personal data (splinter's list, lint 0023).
SENSITIVE = [
    "password",
    "passwd",
    "pwd",
    "passphrase",
    "secret",
    "secret_key",
    "private_key",
    "api_key",
    "apikey",
    "auth_key",
    "token",
    "jwt",
    "access_token",
    "refresh_token",
    "oauth_token",
    "session_token",
    "bearer_token",
    "auth_code",
    "session_id",
    "session_key",
    "session_secret",
    "recovery_code",
    "backup_code",
    "verification_code",
    "otp",
    "two_factor",
    "2fa_secret",
    "2fa_code",
    "ssn",
    "social_security",
    "social_security_number",
    "driver_license",
    "drivers_license",
    "license_number",
    "passport_number",
    "passport_id",
    "national_id",
    "tax_id",
    "credit_card",
    "card_number",
    "cvv",
    "cvc",
    "cvn",
    "bank_account",
    "account_number",
    "routing_number",
    "iban",
    "swift_code",
    "bic",
    "health_record",
    "medical_record",
    "patient_id",
    "insurance_number",
    "health_insurance",
    "medical_insurance",
    "treatment",
    "mac_address",
    "macaddr",
    "imei",
    "device_uuid",
    "pgp_key",
    "gpg_key",
    "ssh_key",
    "certificate",
    "license_key",
    "activation_key",
    "facial_recognition",
]


@register
class SensitiveColumnsExposed(Rule[Catalog]):
    """A table without row level security that the API roles can read has credential or personal data columns.

    What it checks:
        Tables in an exposed schema without row level security, from which ``anon``,
        ``authenticated`` (option ``api_roles``) or ``PUBLIC`` may ``SELECT`` (the table or the
        column), with columns whose name (lower case, ``-`` read as ``_``) is one of the option
        ``sensitive_columns`` (passwords, tokens, card and account numbers, national ids, health
        records, ...; splinter's list).

    Why it matters:
        Every row of such a table is one HTTP request away for anyone holding the public anon
        key (the API roles hold the grant and nothing filters rows). A leaked password hash or
        access token is an account takeover; a leaked ssn or card number is a reportable breach.

    Example:
        ``CREATE TABLE public.accounts (id int PRIMARY KEY, email text, password text);`` with
        Supabase's default grants.

    How to fix:
        ``ALTER TABLE public.accounts ENABLE ROW LEVEL SECURITY;`` and write the policies, or
        revoke the API roles' ``SELECT``; better still, keep secrets out of exposed schemas.
    """

    code = "SEC019"
    name = "sensitive-columns-exposed"
    family = "security"
    level = Level.ERROR
    options = {"sensitive_columns": list(SENSITIVE)}
    help = "Enable row level security (with policies) or revoke SELECT from the API roles."

    def check(self, catalog: Catalog) -> Iterator[Finding]:
        roles = [*self.opt_list("api_roles"), PUBLIC]
        sensitive = {s.lower() for s in self.opt_list("sensitive_columns")}
        for rel, _key, columns, _c, _i, _p in exposed_table_parts(catalog, self.opt_list("exposed_schemas")):
            if rel.partition_of is not None or not rel.is_declared("rls_enabled") or rel.rls_enabled:
                continue
            if not (rel.is_declared("privileges") and rel.is_declared("columns")):
                continue
            table_readers = granted(rel.privileges, roles, "SELECT")
            hits: list[str] = []
            readers: set[str] = set(table_readers)
            for col in columns:
                if col.name.lower().replace("-", "_") not in sensitive:
                    continue
                col_readers = granted(col.privileges, roles, "SELECT")
                if table_readers or col_readers:
                    hits.append(col.name)
                    readers.update(col_readers)
            if not hits:
                continue
            who = ", ".join(sorted(readers, key=lambda r: (r == PUBLIC, r)))
            yield self.finding(
                table_path(rel),
                f"table {rel.key} has no row level security, {who} can read it, and it holds "
                f"{', '.join(hits)}: every row of {'it' if len(hits) == 1 else 'them'} reaches the API",
                actual=f"SELECT granted to {who}; row level security off",
                expected="row level security on",
                fix_sql=f"ALTER TABLE {rel.key} ENABLE ROW LEVEL SECURITY;",
                location=rel.location,
                fingerprint_extra=tuple(hits),
            )
