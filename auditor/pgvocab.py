"""PostgreSQL's own vocabulary, written once: how the server spells what the readers and writers
exchange. (Issue 12, item 6: type spelling, quoting, default names and definition texts move here
one by one; what is here is used by every reader and writer that needs it.)

* Storage parameters (reloptions): ``name=value`` text as ``pg_class.reloptions`` holds it, with
  the boolean spellings PostgreSQL accepts (``on``, ``off``, ``yes``, ``no``, ``true``, ``false``)
  read as one: ``autovacuum_enabled = off`` and ``= false`` are the same setting.
"""

from __future__ import annotations

from collections.abc import Iterable

_BOOLEAN_WORDS = {
    "on": "true",
    "true": "true",
    "yes": "true",
    "off": "false",
    "false": "false",
    "no": "false",
}


def reloption_value(value: str) -> str:
    """One storage parameter's value as compared: boolean words as ``true``/``false``."""
    return _BOOLEAN_WORDS.get(value.strip().lower(), value)


def reloptions(items: Iterable[str]) -> frozenset[str]:
    """``name=value`` storage parameters (reloptions text) as compared: see :func:`reloption_value`."""
    out = set()
    for item in items:
        name, _, value = item.partition("=")
        out.add(f"{name.strip().lower()}={reloption_value(value)}")
    return frozenset(out)
