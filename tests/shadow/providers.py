"""The shadow providers the shadow tests run on: the embedded PostgreSQL 18 (embedded provider) and
every server of SCHEMA_AUDITOR_TEST_DSN (dsn provider: a scratch database on it)."""

from __future__ import annotations

import os

import pytest


def shadow_params() -> list[object]:
    out: list[object] = []
    if os.environ.get("SCHEMA_AUDITOR_TEST_EMBEDDED", "1") != "0":
        out.append(pytest.param(("embedded", {}), id="embedded"))
    for i, dsn in enumerate(x.strip() for x in os.environ.get("SCHEMA_AUDITOR_TEST_DSN", "").split(",")):
        if dsn:
            out.append(pytest.param(("dsn", {"dsn": dsn}), id=f"dsn{i}" if i else "dsn"))
    return out
