"""schema-auditor: PostgreSQL schema drift auditor and compliance checker."""

__version__ = "0.1.0"
