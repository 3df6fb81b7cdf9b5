"""The fleet's fixed costs cut without changing a byte: a shape's findings encoded once and renamed
per tenant as text, the run's report indexed from what it wrote (not read back), are checked
against the slow ways they replace (each tenant's findings renamed as dicts and encoded whole; the
partial read back by ``fleet merge``)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import psycopg
import pytest

from auditor.fleet.rename import RenamedFindings, rename_in_findings
from auditor.fleet.results import encode
from tests.commands import schema_auditor
from tests.fleet.test_fleet import tenant_fleet, tenant_sql
from tests.servers import Server

ODD = 'Tenant "Q"'  # needs quoting: its qualified name holds quotes, escaped again in JSON
FORMATS = "json,html,junit,sarif"

pytestmark = pytest.mark.timeout(240)


def _timeless(text: str) -> str:
    return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "NOW", text)


def test_a_tenant_fleet_run_equals_its_partial_read_back(server: Server, tmp_path: Path) -> None:
    name = server.create_database("fixed_tenants")
    try:
        dsn = server.dsn_for(name)
        with psycopg.connect(dsn, autocommit=True) as c:
            for t in ("tenant_1", "tenant_2", "tenant_3", "tenant_4", "tenant_5", ODD):
                c.execute(tenant_sql(t).encode())
            c.execute(b"ALTER TABLE tenant_2.notes ALTER COLUMN body DROP DEFAULT")
            for t in ("tenant_3", "tenant_5", ODD):  # a finding with fix SQL naming each tenant
                q = '"' + t.replace('"', '""') + '"'
                c.execute(f"DROP INDEX {q}.notes_account_id_idx".encode())
        out = tmp_path / "run"
        args = ("--format", FORMATS, "--timeout", "20")
        r = server.while_roles_hold(lambda: tenant_fleet(dsn, out, *args, glob="[Tt]enant*", timeout=200))
        assert r.returncode == 1, r.stdout + r.stderr
    finally:
        server.drop_database(name)
    partial = out / "fleet.partial-0-of-1.jsonl"
    lines = partial.read_bytes().splitlines()[:-1]
    members = [json.loads(raw) for raw in lines]
    # every line is its content encoded whole, byte for byte
    assert [encode(m).encode() for m in members] == lines
    got = {m["name"]: m for m in members}
    assert sorted(got) == sorted([ODD, *(f"tenant_{i}" for i in range(1, 6))])
    assert got["tenant_1"]["shape"] == got["tenant_4"]["shape"] != got["tenant_3"]["shape"]
    assert got["tenant_3"]["shape"] == got["tenant_5"]["shape"] != got["tenant_2"]["shape"]
    # each tenant's findings are the shape's (back under the template's name) renamed as dicts
    for m in members:
        rep = min((o for o in members if o["shape"] == m["shape"]), key=lambda o: o["name"])
        template = rename_in_findings(rep["findings"], rep["name"], "app")
        assert rename_in_findings(template, "app", m["name"]) == m["findings"], m["name"]
    odd_fix = [f["fix_sql"] for f in got[ODD]["findings"] if f.get("fix_sql")]
    assert odd_fix and all('"Tenant ""Q""".' in s and "app." not in s for s in odd_fix)
    # the shape's "apart" is its representative's (the smallest name), whatever the write order
    rep = json.loads((out / "fleet.json").read_text())
    shape = next(s for s in rep["shapes"] if s["shape"] == got["tenant_5"]["shape"])
    assert shape["representative"] == "tenant_3" and shape["members"] == 2
    apart = shape["apart"]["findings_not_in_majority"]
    assert apart and all("tenant_3." in f["object"] for f in apart)
    # the run's reports (indexed as written) equal the partial's read back by fleet merge
    r = schema_auditor("fleet", "merge", str(partial), "--out", str(tmp_path / "merged"), "--format", FORMATS)
    assert r.returncode == 1, r.stdout + r.stderr
    for f in ("fleet.json", "fleet.html", "fleet.junit.xml", "fleet.sarif"):
        assert _timeless((out / f).read_text()) == _timeless((tmp_path / "merged" / f).read_text()), f


FINDINGS: list[dict[str, Any]] = [
    {
        "object": "schema:app",
        "fingerprint": "app.x app.y",
        "message": 'app.t, "app".t, xapp.t, "app.t", app_2.t, $app.t, .app.t',
        "fix_sql": "ALTER TABLE app.t ADD CONSTRAINT c FOREIGN KEY (a) REFERENCES app.u (id);",
        "changes": ["app.t", "fingerprint app.t"],
        "extra": {"fingerprint": "app.z", "object": "schema:app", "n": 1, "none": None},
        "expected": "nextval('app.s'::regclass)",
        "level": "error",
    },
    {"object": "table:app.t", "message": "no template here", "suppressed": True, "x": [1.5, False]},
]


@pytest.mark.parametrize(
    "tenant", ["tenant_7", ODD, "ü ä", "a\\1\\g<0>", "x\u2028y\ttab", 'q"', "app", "App", "@sa-x"]
)
def test_a_shapes_findings_renamed_as_text_equal_them_renamed_as_dicts(tenant: str) -> None:
    renamed = RenamedFindings(FINDINGS, "app", encode)
    assert renamed.for_tenant(tenant) == encode(rename_in_findings(FINDINGS, "app", tenant))
    assert json.loads(renamed.for_tenant(tenant)) == rename_in_findings(FINDINGS, "app", tenant)


def test_findings_that_do_not_name_the_template_are_the_same_text() -> None:
    plain = [{"object": "table:other.t", "message": "other.t"}]
    assert RenamedFindings(plain, "app", encode).for_tenant("tenant_1") == encode(plain)
    assert RenamedFindings([], "app", encode).for_tenant("tenant_1") == "[]"


def _line(name: str, verdict: str, obj: str) -> dict[str, Any]:
    finding = {"code": "DRIFT001", "level": "error", "object": obj, "message": obj, "fingerprint": obj}
    return {"name": name, "shape": "s1", "verdict": verdict, "server_version": name, "findings": [finding]}


def test_a_shape_is_its_representatives_whatever_the_order_lines_come_in(tmp_path: Path) -> None:
    """A shape's findings, verdict and server version are its smallest-named member's: the same
    from the writer's own index, from its file read back, and from shards merged in any order."""
    from auditor.fleet.results import PartialWriter, read_partials

    def write(path: Path, shard: int, shards: int, *lines: dict[str, Any]) -> PartialWriter:
        w = PartialWriter(path, {"shard": shard, "shards": shards, "inventory": "x", "fail_on": []})
        for i, line in enumerate(lines):
            w.member(line, findings_json=encode(line["findings"]) if i % 2 else None)
        w.close()
        return w

    b, a, c = _line("b", "fail", "table:b.t"), _line("a", "pass", "table:a.t"), _line("c", "fail", "x")
    one = write(tmp_path / "one.jsonl", 0, 1, b, a, c)
    p0 = write(tmp_path / "p0.jsonl", 0, 2, b, c)
    p1 = write(tmp_path / "p1.jsonl", 1, 2, a)
    for fleet in (one.fleet(), read_partials([one.path]), read_partials([p0.path, p1.path])):
        s = fleet.shapes["s1"]
        assert (s.representative, s.verdict, s.server_version, s.members) == ("a", "pass", "a", 3)
        assert [f["object"] for f in s.findings.values()] == ["table:a.t"]
    assert read_partials([p1.path, p0.path]).shapes == read_partials([p0.path, p1.path]).shapes
    assert one.fleet() == read_partials([one.path])


def test_the_page_lists_unread_and_failing_members_first(tmp_path: Path) -> None:
    """At 3 a.m. the members to look at come first: unread, failing, then clean, by name within
    each; from the run's own index and from its partial read back (fleet merge) alike. A shape other
    than the majority's names its members in the shapes table."""
    from auditor.fleet.report import write_fleet_reports
    from auditor.fleet.results import PartialWriter, read_partials

    w = PartialWriter(tmp_path / "p.jsonl", {"shard": 0, "shards": 1, "inventory": "x", "fail_on": []})
    lines = [
        {**_line("a-clean", "clean", "x"), "findings": []},
        {**_line("b-fails", "fail", "table:b.t"), "shape": "s2"},
        {"name": "c-unread", "shape": None, "verdict": "error", "findings": [], "errors": ["down"]},
        {**_line("d-clean", "clean", "x"), "findings": []},
    ]
    for line in lines:
        w.member(line)
    w.close()
    for fleet in (w.fleet(), read_partials([w.path])):
        assert fleet.attention_first() == ["c-unread", "b-fails", "a-clean", "d-clean"]
        (page,) = write_fleet_reports(fleet, tmp_path / "out", ["html"])
        text = page.read_text()
        rows = [text.index(f'id="member-{n}"') for n in ("c-unread", "b-fails", "a-clean", "d-clean")]
        assert rows == sorted(rows)
        assert '<p>members: <a href="#member-b-fails">b-fails</a></p>' in text
        # a phone lays the page out at its own width (tables scroll inside it), as audit.html does
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text
