import json

import pytest

from auditor.baseline import GONE_CODE, apply_baseline, load_baseline, write_baseline
from auditor.errors import InputError
from auditor.findings import Finding, Level


def f(obj, code="D1"):
    return Finding(code, Level.ERROR, obj, f"{obj} differs", changes=("default",))


def test_baseline_hides_known_findings_and_reports_gone(tmp_path):
    path = tmp_path / "b.json"
    assert write_baseline([f("column:public.t.a"), f("column:public.t.b")], path, "legacy") == 2
    base = load_baseline(path)
    out = apply_baseline([f("column:public.t.a"), f("column:public.t.c")], base)
    by_obj = {(x.object, x.code): x for x in out}
    assert by_obj[("column:public.t.a", "D1")].suppressed.endswith("legacy")
    assert by_obj[("column:public.t.c", "D1")].suppressed is None  # new: still fails
    gone = by_obj[("column:public.t.b", GONE_CODE)]
    assert gone.level is Level.INFO and "fixed since the baseline" in gone.message


def test_baseline_needs_a_reason(tmp_path):
    with pytest.raises(InputError):
        write_baseline([f("x")], tmp_path / "b.json", "  ")


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("{", "invalid JSON"),
        ('{"format": "other"}', "not a schema-auditor baseline"),
        ('{"format": "schema-auditor-baseline", "format_version": 9}', "format_version"),
    ],
)
def test_bad_baseline_files(tmp_path, text, needle):
    p = tmp_path / "b.json"
    p.write_text(text)
    with pytest.raises(InputError, match=needle):
        load_baseline(p)


def test_baseline_file_is_stable_json(tmp_path):
    p = tmp_path / "b.json"
    write_baseline([f("column:public.t.b"), f("column:public.t.a")], p, "r")
    doc = json.loads(p.read_text())
    assert [e["object"] for e in doc["findings"]] == ["column:public.t.a", "column:public.t.b"]
