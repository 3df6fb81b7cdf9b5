"""Reading object paths (``column:public.jobs.status``) back into parts, to group findings by table.

Paths are built by :func:`auditor.model.object_path`: ``kind:`` then dot-separated identifiers, each
double-quoted where needed (a quoted identifier may itself hold dots or doubled quotes).
"""

from __future__ import annotations

# Kinds whose path is schema.table.name: they belong to a table and are reported under it.
TABLE_CHILD_KINDS = frozenset({"column", "constraint", "index", "policy", "trigger"})


def split_path(path: str) -> tuple[str, list[str]]:
    """``column:public."my.table".x`` -> ``("column", ["public", '"my.table"', "x"])``.

    Parts keep their quoting, so joining them with dots gives back the qualified key. A path with
    no ``kind:`` prefix has kind ``""``. Function arguments (``f(integer, text)``) stay in the last
    part: dots inside parentheses are not separators.
    """
    kind, sep, rest = path.partition(":")
    if not sep or not kind.isidentifier():
        return "", _split_dotted(path)
    return kind, _split_dotted(rest)


def _split_dotted(text: str) -> list[str]:
    if '"' not in text and "(" not in text:
        # Nothing quoted, no argument list: every dot separates (the common case, by far).
        return text.split(".")
    parts: list[str] = []
    cur: list[str] = []
    quoted = False
    depth = 0
    i = 0
    while i < len(text):
        c = text[i]
        if quoted:
            cur.append(c)
            if c == '"':
                if i + 1 < len(text) and text[i + 1] == '"':  # "" is an escaped quote
                    cur.append('"')
                    i += 1
                else:
                    quoted = False
        elif c == '"':
            quoted = True
            cur.append(c)
        elif c == "(":
            depth += 1
            cur.append(c)
        elif c == ")":
            depth = max(0, depth - 1)
            cur.append(c)
        elif c == "." and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    parts.append("".join(cur))
    return parts


def table_of(path: str) -> str | None:
    """The qualified table an object belongs to (``public.jobs``), or ``None`` for objects that
    are not a table nor part of one (functions, roles, schemas, ...)."""
    kind, parts = split_path(path)
    if kind == "table" and len(parts) >= 2:
        return ".".join(parts[:2])
    if kind in TABLE_CHILD_KINDS and len(parts) >= 3:
        return ".".join(parts[:2])
    return None


def group_of(path: str) -> str:
    """The heading a finding is listed under: ``table:public.jobs`` for a table and everything on
    it, else the object's own path."""
    table = table_of(path)
    return f"table:{table}" if table is not None else path
