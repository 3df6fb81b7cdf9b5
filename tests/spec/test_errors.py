"""Every invalid spec in cases/errors/ fails with exactly the one-line message its first line names.

Each case file starts with ``# error: LINE:COLUMN: message (hint)``; the rest is the spec."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.errors import InputError
from auditor.exitcodes import ExitCode
from auditor.spec import load_spec

CASES = sorted((Path(__file__).parent / "cases" / "errors").glob("*.yaml"))


def _expected(path: Path) -> str:
    first = path.read_text("utf-8").splitlines()[0]
    assert first.startswith("# error: "), f"{path.name}: first line must be '# error: LINE:COL: message'"
    return first[len("# error: ") :]


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_invalid_spec_names_file_line_column(case: Path) -> None:
    with pytest.raises(InputError) as info:
        load_spec(case)
    err = info.value
    assert str(err) == f"{case}:{_expected(case)}"
    assert err.exit_code == ExitCode.USAGE
    assert "\n" not in str(err)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_spec(tmp_path / "nope.yaml")


def test_cases_exist() -> None:
    assert len(CASES) >= 20
