"""The spec cache (auditor/spec/cache.py): an unchanged spec is not parsed again; an entry that is
corrupt, from another tool version or for another key is ignored and rewritten, never trusted; a
directory others may write is not used; an invalid spec is never stored."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from auditor.errors import InputError
from auditor.spec import cache
from auditor.spec.loader import load_spec
from tests.commands import schema_auditor

pytestmark = pytest.mark.fast

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "expected_schema.yaml"


def entry(cache_dir: Path) -> Path:
    (path,) = (cache_dir / "spec").glob("*.bin")
    return path


def load(path: Path, cache_dir: Path) -> tuple[str, object]:
    spec = load_spec(path, cache_dir=cache_dir)
    return cache.last_spec_status, spec


def _header(data: bytes) -> tuple[dict[str, object], int]:
    end = data.index(b"\n", len(cache.MAGIC))
    return json.loads(data[len(cache.MAGIC) : end]), end


def _rewrite_header(data: bytes, **changes: object) -> bytes:
    header, end = _header(data)
    header.update(changes)
    return cache.MAGIC + json.dumps(header).encode() + data[end:]


def _flip_payload_byte(data: bytes) -> bytes:
    i = len(data) - 10
    return data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1 :]


def _valid_pickle_of_something_else(data: bytes) -> bytes:
    import pickle

    payload = pickle.dumps({"not": "a spec"})
    header, _ = _header(data)
    header["sha256"] = hashlib.sha256(payload).hexdigest()
    return cache.MAGIC + json.dumps(header).encode() + b"\n" + payload


# (name, how the entry is damaged, what the lookup must say)
DAMAGE: list[tuple[str, Callable[[bytes], bytes], str]] = [
    ("truncated", lambda d: d[: len(d) // 2], "corrupt"),
    ("empty", lambda d: b"", "corrupt"),
    ("not a cache file", lambda d: b"version: 1\n" + d, "corrupt"),
    ("header not json", lambda d: cache.MAGIC + b"{oops\n" + d, "corrupt"),
    ("payload byte flipped", _flip_payload_byte, "corrupt"),
    ("another tool version", lambda d: _rewrite_header(d, tool="0.0.1-someone-else"), "foreign"),
    ("another format", lambda d: _rewrite_header(d, format=99), "foreign"),
    ("another key", lambda d: _rewrite_header(d, key="0" * 64), "foreign"),
]


def test_unchanged_spec_is_not_parsed_again(tmp_path: Path) -> None:
    parsed = load_spec(SPEC)
    assert load(SPEC, tmp_path) == ("miss", parsed)
    assert load(SPEC, tmp_path) == ("hit", parsed)
    status, cached = load(SPEC, tmp_path)
    assert status == "hit"
    assert cached.catalog == parsed.catalog  # type: ignore[attr-defined]
    # locations (compare=False in the model) survive: findings point at file:line
    first = next(iter(parsed.catalog.schemas.values()))
    assert next(iter(cached.catalog.schemas.values())).location == first.location  # type: ignore[attr-defined]
    assert os.stat(entry(tmp_path)).st_mode & 0o077 == 0  # the user's own


def test_changed_bytes_are_a_miss(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    shutil.copy(SPEC, spec)
    cache_dir = tmp_path / "cache"
    assert load(spec, cache_dir)[0] == "miss"
    spec.write_text(SPEC.read_text() + "\n# a comment changes the bytes, not the spec\n")
    assert load(spec, cache_dir) == ("miss", load_spec(spec))
    assert load(spec, cache_dir)[0] == "hit"


@pytest.mark.parametrize(("damage", "status"), [(d, s) for _, d, s in DAMAGE], ids=[n for n, _, _ in DAMAGE])
def test_a_damaged_entry_is_ignored_and_rewritten(
    damage: Callable[[bytes], bytes], status: str, tmp_path: Path
) -> None:
    parsed = load_spec(SPEC)
    load(SPEC, tmp_path)
    path = entry(tmp_path)
    path.write_bytes(damage(path.read_bytes()))
    assert load(SPEC, tmp_path) == (status, parsed)
    assert load(SPEC, tmp_path) == ("hit", parsed)  # rewritten


def test_a_pickle_that_is_not_a_spec_is_not_used(tmp_path: Path) -> None:
    parsed = load_spec(SPEC)
    load(SPEC, tmp_path)
    path = entry(tmp_path)
    path.write_bytes(_valid_pickle_of_something_else(path.read_bytes()))
    assert load_spec(SPEC, cache_dir=tmp_path) == parsed


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_directory_others_may_write_is_not_used(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    parsed = load_spec(SPEC)
    assert load(SPEC, shared) == ("untrusted", parsed)
    assert load(SPEC, shared) == ("untrusted", parsed)
    assert not list(shared.rglob("*.bin"))


def test_an_invalid_spec_is_never_stored(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nschemas:\n  public:\n    tables: 7\n")
    for _ in range(2):
        with pytest.raises(InputError):
            load_spec(bad, cache_dir=tmp_path / "cache")
    assert not list((tmp_path / "cache").rglob("*.bin"))


def test_old_entries_are_evicted(tmp_path: Path) -> None:
    for i in range(cache.KEEP + 3):
        spec = tmp_path / f"spec{i}.yaml"
        shutil.copy(SPEC, spec)
        load(spec, tmp_path / "cache")
    assert len(list((tmp_path / "cache" / "spec").glob("*.bin"))) == cache.KEEP
    assert load(tmp_path / f"spec{cache.KEEP + 2}.yaml", tmp_path / "cache")[0] == "hit"
    assert load(tmp_path / "spec0.yaml", tmp_path / "cache")[0] == "miss"


def test_default_directory_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.default_dir() == tmp_path / "schema-auditor"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # ignored, as the XDG spec says
    assert cache.default_dir() == Path.home() / ".cache" / "schema-auditor"


def test_cli_cache_flags(tmp_path: Path) -> None:
    shutil.copy(SPEC, tmp_path / "expected_schema.yaml")
    both = schema_auditor(
        "audit",
        "--no-migrations",
        "--no-live",
        "--cache-dir",
        str(tmp_path / "c"),
        "--no-cache",
        cwd=tmp_path,
    )
    assert both.returncode == 2, both.stderr
    assert "--cache-dir and --no-cache" in both.stderr
    assert "Traceback" not in both.stderr
    env = {"XDG_CACHE_HOME": str(tmp_path / "xdg")}
    off = schema_auditor(
        "audit", "--no-migrations", "--no-live", "--no-cache", "--format", "json", cwd=tmp_path, env=env
    )
    assert off.returncode == 0, off.stderr
    assert not (tmp_path / "xdg").exists()
    for _ in range(2):
        on = schema_auditor(
            "audit", "--no-migrations", "--no-live", "--format", "json", cwd=tmp_path, env=env
        )
        assert on.returncode == 0, on.stderr
        assert len(list((tmp_path / "xdg" / "schema-auditor" / "spec").glob("*.bin"))) == 1
