"""The table of auditor.compare.versions, as data: what each major can hold, and how a catalog's major
is told. The matrix (test_cross_version.py) shows the table at work on real servers."""

from __future__ import annotations

import pytest

from auditor.compare.versions import MAJORS, major_of, unsupported_privileges
from auditor.model import Catalog

TABLE_ALL = {"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"}


@pytest.mark.parametrize(
    ("major", "grant_all", "partition_identity", "virtual"),
    [
        (13, TABLE_ALL, False, False),
        (14, TABLE_ALL, False, False),
        (15, TABLE_ALL, False, False),
        (16, TABLE_ALL, False, False),
        (17, TABLE_ALL | {"MAINTAIN"}, True, False),
        (18, TABLE_ALL | {"MAINTAIN"}, True, True),
    ],
)
def test_table(major: int, grant_all: set[str], partition_identity: bool, virtual: bool) -> None:
    m = MAJORS[major]
    assert set(m.table_privileges) == grant_all
    assert m.partition_identity is partition_identity
    assert m.virtual_generated is virtual
    assert unsupported_privileges(major) == frozenset({"MAINTAIN"} - grant_all)


def test_unknown_or_newer_major() -> None:
    assert unsupported_privileges(None) == frozenset()  # a hand-written spec may hold anything
    assert unsupported_privileges(19) == frozenset()  # a newer major is taken as the latest known


@pytest.mark.parametrize(
    ("version", "num", "major"),
    [
        ("15.20", 150020, 15),
        ("18.6", None, 18),
        ("18beta1", None, 18),
        ("16.2 (Debian 16.2-1.pgdg120+2)", None, 16),
        (None, 170004, 17),
        (None, None, None),
    ],
)
def test_major_of(version: str | None, num: int | None, major: int | None) -> None:
    assert major_of(Catalog(server_version=version, server_version_num=num)) == major
