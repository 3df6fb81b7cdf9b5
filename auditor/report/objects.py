"""Object paths (``column:public.jobs.status``) as reports group findings: by table.

A finding names its object by path; :meth:`auditor.objref.ObjectRef.parse` reads a path back once
(quoting kept in :attr:`~auditor.objref.ObjectRef.spelled`, so a redacted or odd path groups as
written). These are the report's questions about a path, asked of the reference.
"""

from __future__ import annotations

from auditor.objref import TABLE_CHILD_KINDS as TABLE_CHILD_KINDS
from auditor.objref import ObjectRef


def split_path(path: str) -> tuple[str, list[str]]:
    """``column:public."my.table".x`` -> ``("column", ["public", '"my.table"', "x"])``.

    Parts keep their quoting, so joining them with dots gives back the qualified key. A path with
    no ``kind:`` prefix has kind ``""``. Function arguments (``f(integer, text)``) stay in the last
    part: dots inside parentheses are not separators.
    """
    ref = ObjectRef.parse(path)
    return ref.kind, list(ref.spelled)


def table_of(path: str) -> str | None:
    """The qualified table an object belongs to (``public.jobs``), or ``None`` for objects that
    are not a table nor part of one (functions, roles, schemas, ...)."""
    return ObjectRef.parse(path).table_key


def group_of(path: str) -> str:
    """The heading a finding is listed under: ``table:public.jobs`` for a table and everything on
    it, else the object's own path."""
    table = table_of(path)
    return f"table:{table}" if table is not None else path
