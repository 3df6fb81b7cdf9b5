"""Migration safety lint rules (``target = "migration"``, family ``migrations``): one per module.

Each rule's ``check`` gets a :class:`auditor.migrations.lint.MigrationSet`. The codes follow the
operations squawk warns about; docs/lint.md lists them.
"""
