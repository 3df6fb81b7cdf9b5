"""The partial result of a fleet run (one header line, then one JSON line per member), merging
partials, and the fleet's verdict.

Members are written as they complete, so memory does not grow with the fleet. Merging keeps only
an index (name -> file, offset) in memory and reads each member again when the report is written,
in name order: the report of merged shards is the report of one run.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from auditor import __version__
from auditor.errors import InputError, UsageError
from auditor.model import Location

PARTIAL_FORMAT = "schema-auditor-fleet-partial"
PARTIAL_VERSION = 1
# error > fail > incomplete > pass > clean, as audit's verdict
_ORDER = ("error", "fail", "incomplete", "pass", "clean")


def encode(value: Any) -> str:
    """A member's line, or a part of one, as partials hold it: keys sorted, not ASCII-escaped."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


# Where a line's findings go when they come encoded: no other string of a line can encode to it
# (a NUL is escaped, and the rest is random)
_SLOT = f"\0findings-{os.urandom(8).hex()}\0"
_SLOT_JSON = json.dumps(_SLOT)


class PartialWriter:
    """Writes a partial to a temporary file beside ``path``, renamed over it when closed whole.
    It keeps what :func:`read_partials` would index of it (:meth:`fleet`), so that the run's own
    report need not read the partial back to index it."""

    def __init__(self, path: Path, header: dict[str, Any]) -> None:
        self.path = path
        self.tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = self.tmp.open("wb")
        self.header = {"format": PARTIAL_FORMAT, "format_version": PARTIAL_VERSION, **header}
        self.expected: list[dict[str, Any]] = []
        self.count = 0
        self.offset = 0
        self.index: dict[str, int] = {}
        self.outcomes: dict[str, tuple[str, str | None]] = {}
        self.shapes: dict[str, ShapeInfo] = {}
        self.duplicate = False  # a name written twice: read_partials says what is wrong
        self.trailer: dict[str, Any] | None = None

    def set_expected(self, sources: list[dict[str, Any]]) -> None:
        self.expected = sources

    def member(self, line: dict[str, Any], *, findings_json: str | None = None) -> None:
        """Write one member's line. ``findings_json``: its findings already encoded (as
        :func:`encode` does), e.g. shared by every member of a shape; the line is the same text."""
        if findings_json is None:
            text = encode(line)
        else:
            text = encode({**line, "findings": _SLOT}).replace(_SLOT_JSON, findings_json, 1)
        data = (text + "\n").encode("utf-8")
        self.fh.write(data)
        name = line["name"]
        if name in self.index:
            self.duplicate = True
        self.index[name] = self.offset
        self.offset += len(data)
        self.count += 1
        shape = line.get("shape")
        self.outcomes[name] = (line["verdict"], shape)
        if shape is not None:
            info = self.shapes.get(shape)
            if info is None:
                # as read back: decoded from the line's text
                found = json.loads(findings_json if findings_json is not None else encode(line["findings"]))
                info = self.shapes[shape] = ShapeInfo(
                    shape,
                    line["verdict"],
                    name,
                    line.get("server_version"),
                    findings={_finding_key(f): f for f in found},
                )
            elif name < info.representative:  # the representative's findings, whatever the order
                found = json.loads(findings_json if findings_json is not None else encode(line["findings"]))
                info.representative, info.findings = name, {_finding_key(f): f for f in found}
                info.verdict, info.server_version = line["verdict"], line.get("server_version")
            info.members += 1

    def close(self) -> None:
        # the header goes last (as a trailer line), so that it can hold the expected sources and
        # the member count: a partial without its trailer was cut short, and is refused
        trailer = {**self.header, "expected": self.expected, "written": self.count}
        text = json.dumps(trailer, sort_keys=True)
        self.fh.write((text + "\n").encode("utf-8"))
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        os.replace(self.tmp, self.path)
        self.trailer = json.loads(text)  # as read_partials reads it back

    def discard(self) -> None:
        self.fh.close()
        self.tmp.unlink(missing_ok=True)

    def fleet(self) -> Fleet:
        """The closed partial as :func:`read_partials` indexes it (the same Fleet), without
        reading it back; a partial it would refuse is read back, for its error."""
        if self.trailer is None or self.duplicate:
            return read_partials([self.path])
        header = self.trailer
        missing = [i for i in range(int(header["shards"])) if i != int(header["shard"])]
        index = {name: (self.path, offset) for name, offset in self.index.items()}
        return Fleet(header, index, dict(self.outcomes), self.shapes, [], missing)


@dataclass
class ShapeInfo:
    """A shape as its representative (the member of the smallest name) has it, in any file order."""

    shape: str
    verdict: str
    representative: str
    server_version: str | None
    members: int = 0
    findings: dict[str, dict[str, Any]] = field(default_factory=dict)  # the representative's, by key


@dataclass
class Fleet:
    """The merged partials: an index of members and what is small enough to hold (per shape)."""

    header: dict[str, Any]
    index: dict[str, tuple[Path, int]]  # member name -> (file, offset)
    outcomes: dict[str, tuple[str, str | None]]  # member name -> (verdict, shape)
    shapes: dict[str, ShapeInfo]
    errors: list[str]
    missing_shards: list[int]

    @cached_property
    def verdicts(self) -> Counter[str]:
        """How many members have each verdict."""
        return Counter(verdict for verdict, _ in self.outcomes.values())

    @property
    def verdict(self) -> str:
        if self.errors or self.missing_shards or not self.index:
            return "error"
        return next((v for v in _ORDER if self.verdicts.get(v)), "clean")

    @property
    def exit_code(self) -> int:
        """3 when any member is unread (or incomplete), else 1 on a fail, else 0 (as audit)."""
        v = self.verdict
        return {"error": 3, "fail": 1, "incomplete": 3}.get(v, 0)

    def verdict_line(self) -> str:
        n = len(self.index)
        counts = ", ".join(f"{self.verdicts[v]} {v}" for v in _ORDER if self.verdicts.get(v))
        text = f"{self.verdict.upper()}: {n} member(s) in {len(self.shapes)} shape(s) ({counts or 'none'})"
        if self.missing_shards:
            missing = ", ".join(map(str, self.missing_shards))
            text += f"; shard(s) {missing} missing: their members were not audited"
        if self.errors:
            text += "; " + "; ".join(self.errors)
        if self.verdicts.get("error"):
            text += f"; {self.verdicts['error']} member(s) unread: the fleet audit is incomplete"
        return text

    def members(self, order: Sequence[str] | None = None) -> Iterator[dict[str, Any]]:
        """Every member's line, in name order or ``order`` (read again from the partials, one at a
        time)."""
        for raw in self.member_lines(order):
            yield json.loads(raw)

    def member_lines(self, order: Sequence[str] | None = None) -> Iterator[bytes]:
        """Every member's line as the partial holds it (its JSON, keys sorted), in name order or
        ``order``."""
        handles: dict[Path, Any] = {}
        try:
            for name in sorted(self.index) if order is None else order:
                path, offset = self.index[name]
                fh = handles.get(path)
                if fh is None:
                    fh = handles[path] = path.open("rb")
                fh.seek(offset)
                yield fh.readline().rstrip(b"\n")
        finally:
            for fh in handles.values():
                fh.close()

    def attention_first(self) -> list[str]:
        """Member names, those a reader must look at first: unread, failing, incomplete, passing
        with findings below the gate, then clean; by name within each."""
        rank = {v: i for i, v in enumerate(_ORDER)}
        return sorted(self.index, key=lambda n: (rank.get(self.outcomes[n][0], 0), n))

    def majority(self) -> str | None:
        if not self.shapes:
            return None
        return max(self.shapes.values(), key=lambda s: (s.members, s.verdict == "clean", s.shape)).shape


def read_partials(paths: Sequence[Path]) -> Fleet:
    """Index the partials; they must come from one inventory and one shard count, each shard once.
    A missing shard is not an error here: the fleet's verdict says its members were not audited."""
    if not paths:
        raise UsageError(
            "fleet merge needs the partial files", hint="fleet merge reports/fleet.partial-*.jsonl"
        )
    index: dict[str, tuple[Path, int]] = {}
    outcomes: dict[str, tuple[str, str | None]] = {}
    shapes: dict[str, ShapeInfo] = {}
    header: dict[str, Any] | None = None
    seen_shards: dict[int, Path] = {}
    for path in paths:
        trailer = _trailer(path)
        if header is None:
            header = trailer
        for key in ("inventory", "shards", "fail_on"):
            if trailer.get(key) != header.get(key):
                raise InputError(
                    f"partial {path}: its {key} ({trailer.get(key)}) differs from "
                    f"{paths[0]}'s ({header.get(key)})",
                    location=Location(str(path)),
                    hint="merge the partials of one fleet run, with the same inventory and --shard count",
                )
        shard = int(trailer["shard"])
        if shard in seen_shards:
            raise InputError(
                f"partial {path}: shard {shard} is also in {seen_shards[shard]}", location=Location(str(path))
            )
        seen_shards[shard] = path
        offset = 0
        with path.open("rb") as fh:
            for raw in fh:
                start, offset = offset, offset + len(raw)
                line = json.loads(raw)
                if line.get("format") == PARTIAL_FORMAT:
                    continue
                name = line["name"]
                if name in index:
                    raise InputError(
                        f"partial {path}: member {name!r} appears twice", location=Location(str(path))
                    )
                index[name] = (path, start)
                shape = line.get("shape")
                outcomes[name] = (line["verdict"], shape)
                if shape is None:
                    continue
                info = shapes.get(shape)
                if info is None:
                    info = shapes[shape] = ShapeInfo(
                        shape,
                        line["verdict"],
                        name,
                        line.get("server_version"),
                        findings={_finding_key(f): f for f in line.get("findings", [])},
                    )
                elif name < info.representative:  # the representative's findings, in any file order
                    info.representative = name
                    info.findings = {_finding_key(f): f for f in line.get("findings", [])}
                    info.verdict, info.server_version = line["verdict"], line.get("server_version")
                info.members += 1
    assert header is not None
    missing = [i for i in range(int(header["shards"])) if i not in seen_shards]
    return Fleet(header, index, outcomes, shapes, [], missing)


def _trailer(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
            fh.seek(max(0, size - 65536))
            tail = fh.read().splitlines()
    except OSError as e:
        raise InputError(f"partial {path}: cannot read it: {e.strerror}", hint="check the path") from None
    try:
        trailer = json.loads(tail[-1]) if tail else {}
    except ValueError:
        trailer = {}
    if not isinstance(trailer, dict) or trailer.get("format") != PARTIAL_FORMAT:
        raise InputError(
            f"partial {path}: not a complete fleet partial (no trailer line: cut short, or another file)",
            location=Location(str(path)),
            hint="rerun that shard with fleet run --shard I/N",
        )
    if trailer.get("format_version") != PARTIAL_VERSION:
        raise InputError(
            f"partial {path}: format version {trailer.get('format_version')}, this is {__version__} "
            f"reading version {PARTIAL_VERSION}",
            location=Location(str(path)),
        )
    return trailer


def _finding_key(f: dict[str, Any]) -> str:
    return str(f.get("fingerprint") or f"{f.get('code')}|{f.get('object')}|{f.get('kind')}")


def apart(fleet: Fleet, shape: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """What sets ``shape`` apart from the majority's: (its findings the majority lacks, the
    majority's findings it lacks)."""
    major = fleet.majority()
    if major is None or major == shape:
        return [], []
    mine, theirs = fleet.shapes[shape].findings, fleet.shapes[major].findings
    return [f for k, f in mine.items() if k not in theirs], [f for k, f in theirs.items() if k not in mine]
