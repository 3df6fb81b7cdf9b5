"""No input makes the loader fail with anything but a one-line InputError naming the file: valid
specs are mutated at random (fixed seeds), as text and as structure, and loaded; a spec path that
is not a regular file is refused without being read. (Generated hostile specs through the CLI:
tests/test_property_hostile.py; the issue's hostile specs as data: cases/errors/hostile_*.yaml.)"""

from __future__ import annotations

import copy
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from auditor.errors import InputError
from auditor.spec import dump_spec, load_spec, load_spec_text
from tests.spec.test_roundtrip import _rich_catalog

VALID = sorted(
    p for p in (Path(__file__).parent / "cases" / "valid").glob("*.yaml") if ".expect" not in p.name
)
TOKENS = ["{", "}", "[", "]", ":", "- ", "\n", " ", "null", "1", "true", '"', "'", "#", "&a", "*a", "!!int ",
          "2024-13-01", "()", "a(b)", "\t", "<<: {}"]  # fmt: skip
VALUES: list[Any] = [None, 0, -1, 1.5, True, "", "x", "a(b)", [], [1], ["x", None], {}, {"x": 1},
                     {"columns": 5}, "2024-01-01", [[]], {"name": None}]  # fmt: skip


def _seeds() -> list[str]:
    return [p.read_text("utf-8") for p in VALID] + [dump_spec(_rich_catalog())]


def _load(text: str) -> bool:
    """True when it loaded; an InputError must be one line naming the file."""
    try:
        load_spec_text(text, "f.yaml")
    except InputError as e:
        assert "\n" not in str(e) and str(e).startswith("f.yaml:"), str(e)
        return False
    return True


def _text_mutations(rnd: random.Random, seeds: list[str], n: int) -> Iterator[str]:
    for _ in range(n):
        lines = rnd.choice(seeds).split("\n")
        for _ in range(rnd.randint(1, 3)):
            i = rnd.randrange(len(lines))
            line, j, op = lines[i], rnd.randint(0, len(lines[i])), rnd.random()
            if op < 0.35:
                lines[i] = line[:j] + rnd.choice(TOKENS) + line[j:]
            elif op < 0.55:
                lines[i] = line[:j] + line[j + rnd.randint(1, 5) :]
            elif op < 0.75 and len(lines) > 1:
                del lines[i]
            elif op < 0.9:
                lines.insert(i, rnd.choice(lines))
            else:
                lines[i] = line.replace(":", "", 1)
        yield "\n".join(lines)


def _paths(d: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if path:
        yield path
    if isinstance(d, dict):
        for k, v in d.items():
            yield from _paths(v, (*path, k))
    elif isinstance(d, list):
        for i, v in enumerate(d):
            yield from _paths(v, (*path, i))


def _structure_mutations(rnd: random.Random, seeds: list[str], n: int) -> Iterator[str]:
    docs = [yaml.safe_load(s) for s in seeds]
    for _ in range(n):
        d = copy.deepcopy(rnd.choice(docs))
        path = rnd.choice(list(_paths(d)))
        node = d
        for p in path[:-1]:
            node = node[p]
        node[path[-1]] = copy.deepcopy(rnd.choice(VALUES))
        yield yaml.safe_dump(d)


@pytest.mark.parametrize("seed", [1, 2])
def test_mutated_text_never_crashes_the_loader(seed: int) -> None:
    results = [_load(t) for t in _text_mutations(random.Random(seed), _seeds(), 150)]
    assert not all(results) and any(results)  # the mutations do reach both outcomes


@pytest.mark.parametrize("seed", [1, 2])
def test_mutated_structure_never_crashes_the_loader(seed: int) -> None:
    results = [_load(t) for t in _structure_mutations(random.Random(seed), _seeds(), 150)]
    assert not all(results) and any(results)


# --- files that are not regular files (issue 13 item 3): refused at once, never read ------------


def _spec_targets(tmp_path: Path) -> dict[str, Path]:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)  # a reader of a FIFO waits for a writer: forever, here
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    directory = tmp_path / "dir.yaml"
    directory.mkdir()
    return {"a FIFO (named pipe)": fifo, "Too many levels of symbolic links": loop, "a directory": directory}


def test_a_spec_that_is_not_a_regular_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    for what, path in _spec_targets(tmp_path).items():
        started = time.monotonic()
        with pytest.raises(InputError) as info:
            load_spec(path)
        assert time.monotonic() - started < 5
        assert str(info.value).startswith(f"{path}:") and what in str(info.value), str(info.value)


def test_the_cli_refuses_a_fifo_as_spec_with_exit_2(tmp_path: Path) -> None:
    fifo = _spec_targets(tmp_path)["a FIFO (named pipe)"]
    r = subprocess.run(
        [sys.executable, "-m", "auditor", "check", "--spec", str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,  # it hung forever before
        cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        | {"PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert r.returncode == 2, r.stderr
    assert f"{fifo}: spec file {fifo} is a FIFO (named pipe), not a regular file" in r.stderr


def test_the_audit_does_not_block_peeking_at_a_fifo_spec(tmp_path: Path) -> None:
    """The audit glances at the spec's platform before loading it, to start the live read early:
    that glance must not wait on a FIFO either (load_spec then refuses it)."""
    from auditor.audit import _peek_platform

    fifo = _spec_targets(tmp_path)["a FIFO (named pipe)"]
    started = time.monotonic()
    assert _peek_platform(str(fifo)) is None
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("depth", [70, 2000])
def test_block_nesting_past_the_limit_is_one_error_from_either_reader(depth: int) -> None:
    """Indentation nests without brackets: the fast reader gives up past the limit (and libyaml at
    1,000 levels), and the general reader words it; never a RecursionError."""
    text = (
        "version: 1\nrules:\n"
        + "".join(" " * (i + 2) + f"k{i}:\n" for i in range(depth))
        + " " * (depth + 2)
        + "x: 1\n"
    )
    with pytest.raises(InputError) as info:
        load_spec_text(text, "f.yaml")
    assert str(info.value).startswith("f.yaml:") and "nested more than 64 levels" in str(info.value), str(
        info.value
    )
