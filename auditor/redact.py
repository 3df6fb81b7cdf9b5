"""What may leave the process: no secret, and nothing a terminal or a CI runner would obey.

Every byte schema-auditor writes passes through here, at the edges:

* :func:`redact` replaces secrets in any text: passwords in DSNs (``scheme://user:pw@host`` with the
  password raw, URL-encoded, or holding a raw ``@`` or space; ``user:pw@host/db`` without a scheme;
  ``password=...`` in the keyword form),
  ``PASSWORD '...'`` in SQL (``CREATE``/``ALTER ROLE``), tokens shaped like JWTs (Supabase's
  ``eyJ...`` keys) or API keys (``sk_live_...``, ``ghp_...``, ``AKIA...``, ``sbp_...``), and the
  literal values of the secrets this process knows: the password of every DSN it was given
  (``--dsn``, ``DATABASE_URL``, ``--shadow-dsn``), ``PGPASSWORD``, and every environment variable
  whose name says it holds one (``*PASSWORD*``, ``*SECRET*``, ``*TOKEN*``, ``*KEY*``...) or whose
  value is a DSN with a password. A known secret is also caught JSON- or URL-escaped, and cut short
  (an identifier keeps only 63 bytes of it). Literal values shorter than
  :data:`MIN_LITERAL` characters, and default passwords that are ordinary schema words
  (``postgres``), are not replaced wherever they occur (that would blank ordinary text); in a DSN
  or ``PASSWORD '...'`` they are.
* :func:`redact_findings` and :func:`redact_finding` apply it to the report model, so no renderer
  can print what the model no longer holds.
* :func:`escape_controls` shows C0/C1 control characters as ``\\xNN`` (newline ``\\n``), so one
  message stays one line and an ESC cannot rewrite the terminal; :func:`neutralise_commands` keeps a
  line from being read as a GitHub workflow command (``::add-mask::``, ``::error file=...``, or the
  legacy ``##[...]`` anywhere in a line).
* :class:`SafeStream` wraps ``sys.stdout``/``sys.stderr`` for the whole run (:func:`guarded_output`):
  whatever is written, by whichever module, is redacted and neutralised line by line; the only
  workflow commands that reach the runner are the annotations written with :func:`write_command`.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import os
import re
import secrets
import stat
import sys
import threading
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import replace
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from auditor.findings import Finding
    from auditor.model import Gap, Location

MASK = "***"
MIN_LITERAL = 6  # a known secret shorter than this is replaced only where its form gives it away
# Default passwords that are also ordinary words of a schema (the role postgres, a column password):
# hiding every occurrence would blank the report; where their form gives them away they still are.
_WORDS = frozenset({"postgres", "password", "secret", "supabase", "changeme", "example", "default", "public"})
_PREFIX = 16  # a known secret this long or longer is caught from its first _PREFIX characters on
_SECRET_NAME = re.compile(r"PASSW(?:OR)?D|SECRET|TOKEN|KEY|CREDENTIAL|PRIVATE", re.I)

# scheme://user:PASSWORD@host. The password runs to the last '@' before the path: a raw '@' or space
# in it (libpq ends it at the first '@', the rest then reads as the host) is hidden whole. It stops at
# quotes, angle brackets and backslashes, which end a string in the JSON, HTML or SQL around it.
_URL_PASSWORD = re.compile(
    r"(?P<pre>\b[a-z][a-z0-9+.-]*://[^/@:\s\"'<>\\]*:)(?P<pw>[^/\n\"'<>\\]*)(?=@)", re.I
)
# user:PASSWORD@host[:port]/db without a scheme (some tools and dashboards print DSNs so).
_BARE_PASSWORD = re.compile(
    r"(?P<pre>(?<![\w/:.@-])[A-Za-z_][\w.-]*:)(?P<pw>[^\s@/:\"'<>\\]+)(?=@[\w.-]+(?::\d+)?/\w)"
)
# The libpq keyword form, written as libpq users write it (no blank around '='); not SQL code such as
# ``password=crypt($1, ...)``, ``password=$1`` or ``password=NEW.password``.
_KEYWORD_PASSWORD = re.compile(
    r"(?P<pre>\b(?:password|passwd|pgpassword)=)"
    r"(?!\*\*\*)(?![A-Za-z_][A-Za-z0-9_]*\s*\()(?!\$\d)(?!(?:new|old|excluded)\.)"
    r"(?P<pw>'(?:[^'\\]|\\.)*'?|[^\s\"'\\,;&<>]+)",
    re.I,
)
_SQL_PASSWORD = re.compile(
    r"(?P<pre>\bPASSWORD\s+)(?P<pw>[eE]?'(?:[^'\\]|''|\\.)*'?|\$(?P<tag>[A-Za-z_]*)\$.*?(?:\$(?P=tag)\$|$))",
    re.I | re.S,
)
_TOKENS = re.compile(
    r"\beyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}(?:\.[A-Za-z0-9_-]*)?"  # JWT (Supabase anon/service keys)
    r"|\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{8,}"  # Stripe secret / restricted keys
    r"|\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}|\bgithub_pat_[A-Za-z0-9_]{20,}"  # GitHub
    r"|\bsbp_[A-Za-z0-9]{20,}|\bsb_secret_[A-Za-z0-9_-]{10,}"  # Supabase access token, secret key
    r"|\bglpat-[A-Za-z0-9_-]{20,}|\bxox[abposr]-[A-Za-z0-9-]{10,}"  # GitLab, Slack
    r"|\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"  # AWS access key id
)
# One cheap test before the substitutions (plain `in` tests: most strings hold none of these).
_TRIGGERS = (
    "://", "eyJ", "_live_", "_test_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "sbp_",
    "sb_secret_", "glpat-", "xox", "AKIA", "ASIA", "@",
)  # fmt: skip


def _may_hold_secret(text: str) -> bool:
    if any(t in text for t in _TRIGGERS):
        return True
    lower = text.lower()
    return "passw" in lower or "pwd" in lower


class _Secrets:
    """The literal secrets this process knows, as one regular expression (rebuilt when one is added)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: set[str] = set()
        self._env_loaded = False
        self._pattern: re.Pattern[str] | None = None
        self._prefixes: dict[str, list[str]] = {}

    def add(self, value: str | None) -> None:
        if not value or len(value) < MIN_LITERAL or value == MASK or value.lower() in _WORDS:
            return
        with self._lock:
            forms = {value, urllib.parse.quote(value, safe=""), urllib.parse.quote_plus(value)}
            forms.add(json.dumps(value)[1:-1])
            forms.add(json.dumps(value, ensure_ascii=False)[1:-1])
            forms.add(html.escape(value))
            new = forms - self._values
            if new:
                self._values |= new
                self._pattern = None

    def add_dsn(self, dsn: str | None) -> None:
        for pw in dsn_passwords(dsn):
            self.add(pw)

    def load_environment(self) -> None:
        if self._env_loaded:
            return
        self._env_loaded = True
        for name, value in list(os.environ.items()):
            if _SECRET_NAME.search(name):
                self.add(value)
            if "://" in value or "password" in value.lower():
                self.add_dsn(value)

    def reset(self) -> None:
        """Forget everything (tests: a new environment)."""
        with self._lock:
            self._values.clear()
            self._env_loaded = False
            self._pattern = None

    def pattern(self) -> re.Pattern[str] | None:
        self.load_environment()
        if self._pattern is None and self._values:
            with self._lock:
                alts = set()
                self._prefixes = {}
                for v in self._values:
                    if len(v) >= _PREFIX + 8:
                        head = v[:_PREFIX]
                        self._prefixes.setdefault(head, []).append(v)
                        alts.add(re.escape(head))
                    else:
                        alts.add(re.escape(v))
                # Longest first, so a value is never half-replaced by a shorter one it contains.
                self._pattern = re.compile("|".join(sorted(alts, key=len, reverse=True)))
        return self._pattern

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where known secrets are in ``text``; a long one found by its head runs as far as the
        text goes on spelling it (an identifier keeps only its first 63 bytes)."""
        pat = self.pattern()
        if pat is None:
            return []
        out = []
        for m in pat.finditer(text):
            start, end = m.span()
            for full in self._prefixes.get(m.group(), ()):
                n = _common_prefix(text, end, full, len(m.group()))
                end = max(end, start + n)
            out.append((start, end))
        return out


def _common_prefix(text: str, at: int, secret: str, done: int) -> int:
    """How many characters of ``secret`` the text spells from the match on (``done`` already matched)."""
    n = done
    while n < len(secret) and at < len(text) and text[at] == secret[n]:
        at += 1
        n += 1
    return n


SECRETS = _Secrets()


def dsn_passwords(dsn: str | None) -> list[str]:
    """Every spelling of the password of ``dsn``: as libpq reads it, and, for a URL with a raw ``@``
    in the password, as its author meant it (up to the last ``@`` of the authority)."""
    if not dsn:
        return []
    out: list[str] = []
    for m in _URL_PASSWORD.finditer(dsn):
        raw = m.group("pw")
        out += [raw, urllib.parse.unquote(raw), *raw.split("@")]  # libpq shows a raw '@''s pieces apart
    for m in _BARE_PASSWORD.finditer(dsn):
        out.append(m.group("pw"))
    for m in _KEYWORD_PASSWORD.finditer(dsn):
        out.append(m.group("pw").strip("'"))
    # libpq's own reading too (escaped quotes in keyword values, ...): when psycopg is loaded anyway,
    # or when the text names a password the readings above did not find. Start-up (--help with
    # DATABASE_URL set) must not import psycopg for a DSN they have already read.
    if "psycopg" in sys.modules or (not out and "pass" in dsn.lower()):
        try:
            from psycopg import conninfo

            pw = conninfo.conninfo_to_dict(dsn).get("password")
            if pw:
                out.insert(0, str(pw))
        except Exception:  # an unreadable DSN keeps the textual reading above
            pass
    return [p for p in dict.fromkeys(out) if p and p != MASK]


def register_secret(value: str | None) -> None:
    """Hide ``value`` wherever it appears in output from now on."""
    SECRETS.add(value)


def register_dsn(dsn: str | None) -> None:
    """Hide the password of ``dsn`` (any spelling) wherever it appears in output from now on."""
    SECRETS.add_dsn(dsn)


_LONG = 1 << 16  # from this size on, only the lines that hold a trigger go through the patterns


def redact(text: str) -> str:
    """``text`` with every secret replaced by ``***`` (see the module docstring for what counts)."""
    if not text:
        return text
    if len(text) > _LONG and "\n" in text:
        return _redact_lines(text)
    return _redact(text)


def _redact_lines(text: str) -> str:
    """:func:`redact` of a long text (a 20 MB spec): the patterns run over the lines that hold a
    trigger only, each on its own (a whole-text regex pass costs seconds)."""
    text = _known(text)
    lower = text.lower()
    starts: set[int] = set()
    for hay, needles in ((text, _TRIGGERS), (lower, ("passw", "pwd"))):
        for needle in needles:
            i = hay.find(needle)
            while i >= 0:
                start = hay.rfind("\n", 0, i) + 1
                starts.add(start)
                end = hay.find("\n", i)
                i = hay.find(needle, end) if end >= 0 else -1
    if not starts:
        return text
    out = []
    at = 0
    for start in sorted(starts):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        out.append(text[at:start])
        out.append(_redact(text[start:end]))
        at = end
    out.append(text[at:])
    return "".join(out)


def _redact(text: str) -> str:
    may = _may_hold_secret(text)
    if may:
        # Tokens first: a known secret sharing a JWT's header would otherwise hide only the head.
        text = _TOKENS.sub(MASK, text)
    text = _known(text)
    if not may:
        return text
    text = _URL_PASSWORD.sub(lambda m: m.group("pre") + MASK, text)
    if "@" in text:
        text = _BARE_PASSWORD.sub(lambda m: m.group("pre") + MASK, text)
    text = _KEYWORD_PASSWORD.sub(lambda m: m.group("pre") + MASK, text)
    text = _SQL_PASSWORD.sub(lambda m: m.group("pre") + f"'{MASK}'", text)
    return _known(text)  # a known secret the patterns cut in two is still hidden whole


def _known(text: str) -> str:
    spans = SECRETS.spans(text)
    return _mask_spans(text, spans) if spans else text


def _mask_spans(text: str, spans: list[tuple[int, int]]) -> str:
    out = []
    at = 0
    for start, end in sorted(spans):
        if end <= at:
            continue
        out.append(text[at : max(start, at)])
        out.append(MASK)
        at = end
    out.append(text[at:])
    return "".join(out)


def redact_optional(text: str | None) -> str | None:
    return None if text is None else redact(text)


def _location(loc: Location | None) -> Location | None:
    if loc is None:
        return None
    file = redact(loc.file)
    return loc if file == loc.file else replace(loc, file=file)


_FINDING_TEXT = (
    "object",
    "message",
    "expected",
    "actual",
    "help",
    "fix_sql",
    "suppressed",
    "kind",
    "rule_name",
)


_FINDING_TEXTS = attrgetter(*_FINDING_TEXT)  # one C call for the nine fields, for every finding


def _finding_texts(f: Finding) -> str:
    texts = [*_FINDING_TEXTS(f), *(v for _, v in f.extra)]
    if f.location is not None or f.provenance:
        texts += [loc.file for loc in (f.location, *f.provenance) if loc is not None]
    return "\x00".join(filter(None, texts))


def redact_finding(f: Finding) -> Finding:
    """``f`` itself when it holds no secret, else a copy with every shown string redacted (its
    fingerprint stays the one of the original: it is a hash, never shown as text)."""
    blob = _finding_texts(f)
    if redact(blob) == blob:
        return f
    changes: dict[str, Any] = {name: redact_optional(getattr(f, name)) for name in _FINDING_TEXT}
    changes["object"] = redact(f.object)
    changes["extra"] = tuple((k, redact(v)) for k, v in f.extra)
    changes["location"] = _location(f.location)
    changes["provenance"] = tuple(_location(p) for p in f.provenance)
    if not f.fingerprint_parts:
        changes["fingerprint_parts"] = (f.code, f.object, *f.changes)
    return replace(f, **changes)


_BLOCK = 256


def redact_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """:func:`redact_finding` of each, the same objects when they hold nothing to hide. A block of
    findings is tested in one string first: most blocks of most reports hold no secret at all."""
    out = list(findings)
    for start in range(0, len(out), _BLOCK):
        block = out[start : start + _BLOCK]
        blob = "\x01".join(map(_finding_texts, block))
        if redact(blob) != blob:
            out[start : start + _BLOCK] = [redact_finding(f) for f in block]
    return tuple(out)


def redact_gap(g: Gap) -> Gap:
    obj, reason = redact(g.object), redact(g.reason)
    loc = _location(g.location)
    if (obj, reason, loc) == (g.object, g.reason, g.location):
        return g
    return replace(g, object=obj, reason=reason, location=loc)


# --- terminals and CI logs -------------------------------------------------------------------------

# C0, DEL, C1, and the bidirectional overrides that make a terminal show text in another order than it
# is (U+202A-U+202E, U+2066-U+2069: "Trojan Source").
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROLS_KEEP_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Colour (SGR) sequences are the only escape sequences our own terminal output writes.
_SGR = re.compile(r"\x1b\[[0-9;]{0,16}m")
_COMMAND_START = re.compile(r"^(\s*):(?=:)", re.M)
_LEGACY_COMMAND = "##["


def _show(m: re.Match[str]) -> str:
    ch = m.group()
    o = ord(ch)
    return {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(ch, f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}")


def escape_controls(text: str) -> str:
    """Every C0/C1 control character (newline and tab included) shown as an escape: one line."""
    return _CONTROLS.sub(_show, text)


def neutralise_commands(text: str) -> str:
    """No line of ``text`` can be read as a GitHub workflow command: a line starting with ``::``
    (after blanks) starts with ``\\x3a:`` instead, and ``##[`` anywhere becomes ``#\\x23[``."""
    if "::" in text:
        text = _COMMAND_START.sub(lambda m: m.group(1) + "\\x3a", text)
    return text.replace(_LEGACY_COMMAND, "#\\x23[")


def message_line(text: str) -> str:
    """A message for stderr or stdout: redacted, one line, never a workflow command."""
    return neutralise_commands(escape_controls(redact(text)))


def _escape_output(text: str) -> str:
    """Control characters other than newline and tab escaped, colour sequences kept."""
    if not _CONTROLS_KEEP_LINES.search(text):
        return text
    out = []
    at = 0
    for m in _SGR.finditer(text):
        out.append(_CONTROLS_KEEP_LINES.sub(_show, text[at : m.start()]))
        out.append(m.group())
        at = m.end()
    out.append(_CONTROLS_KEEP_LINES.sub(_show, text[at:]))
    return "".join(out)


class SafeStream(io.TextIOBase):
    """A text stream that redacts, escapes and neutralises whole lines before passing them on.

    Text is held until its line ends (a secret or a command split over two writes is still seen
    whole); :meth:`flush` passes on a trailing partial line too. :meth:`write_command` is the one way
    to emit a workflow command."""

    def __init__(self, inner: TextIO) -> None:
        self.inner = inner
        self._pending = ""
        self._lock = threading.RLock()
        self._data_token: str | None = None  # while data is written: its stop-commands token, or ""
        self._data_pending = ""
        self._data_fence = False

    # io.TextIOBase API -------------------------------------------------------------------------
    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.inner.isatty()

    def fileno(self) -> int:
        return self.inner.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.inner, "encoding", "utf-8") or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self.inner, "errors", None)

    def write(self, s: str) -> int:
        with self._lock:
            text = self._pending + s
            cut = text.rfind("\n") + 1
            self._pending = text[cut:]
            if cut:
                self.inner.write(_clean(text[:cut]))
            if len(self._pending) > 1 << 20:  # no newline for a megabyte: pass it on anyway
                self.inner.write(_clean(self._pending))
                self._pending = ""
        return len(s)

    def flush(self) -> None:
        with self._lock:
            if self._data_token is not None:
                self.end_data()
            if self._pending:
                self.inner.write(_clean(self._pending))
                self._pending = ""
            self.inner.flush()

    def write_data(self, text: str) -> None:
        """Write data (a report or a spec sent to stdout): redacted, otherwise as it is, so it stays
        valid JSON, YAML, XML or HTML. In a GitHub Actions step whose stdout the runner reads (not
        redirected to a file), a line the runner would obey (``::`` at its start, ``##[`` in it) is
        fenced with ``::stop-commands::`` from there to the end of the data; output with no such
        line is left exactly as it is (``| jq`` keeps working)."""
        with self._lock:
            if self._data_token is None:
                self.flush()
                self._data_token = ""
                self._data_fence = os.environ.get("GITHUB_ACTIONS") == "true" and not _is_regular_file(
                    self.inner
                )
            text = self._data_pending + text
            cut = text.rfind("\n") + 1
            self._data_pending = text[cut:]
            if cut:
                self._data_lines(redact(text[:cut]))

    def _data_lines(self, text: str) -> None:
        if self._data_fence and not self._data_token and neutralise_commands(text) != text:
            self._data_token = secrets.token_hex(16)
            self.inner.write(f"::stop-commands::{self._data_token}\n")
        self.inner.write(text)

    def end_data(self) -> None:
        with self._lock:
            if self._data_token is None:
                return
            if self._data_pending:
                self._data_lines(redact(self._data_pending))
                self._data_pending = ""
            if self._data_token:
                self.inner.write(f"\n::{self._data_token}::\n")
            self._data_token = None
            self.inner.flush()

    def write_command(self, text: str) -> None:
        """Write workflow commands built by us (their data already escaped): redacted, not neutralised."""
        with self._lock:
            self.flush()
            self.inner.write(_escape_output(redact(text)))


def _is_regular_file(stream: TextIO) -> bool:
    try:
        return stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except (OSError, ValueError, io.UnsupportedOperation):
        return False


def write_data(text: str) -> None:
    """Write data to stdout (see :meth:`SafeStream.write_data`)."""
    out = sys.stdout
    if isinstance(out, SafeStream):
        out.write_data(text)
    else:
        out.write(redact(text))


def end_data() -> None:
    """The data written with :func:`write_data` is complete."""
    out = sys.stdout
    if isinstance(out, SafeStream):
        out.end_data()
    else:
        out.flush()


def _clean(text: str) -> str:
    return neutralise_commands(_escape_output(redact(text)))


def write_command(text: str, stream: TextIO | None = None) -> None:
    """Write GitHub workflow command lines (our annotations) to ``stream`` (stdout)."""
    out = stream or sys.stdout
    if isinstance(out, SafeStream):
        out.write_command(text)
    else:
        out.write(_escape_output(redact(text)))


@contextlib.contextmanager
def guarded_output() -> Iterator[None]:
    """For the duration, ``sys.stdout`` and ``sys.stderr`` are :class:`SafeStream` s (flushed and
    put back afterwards). The DSN-bearing environment is read first, so its secrets are known."""
    SECRETS.load_environment()
    saved = sys.stdout, sys.stderr
    out, err = SafeStream(saved[0]), SafeStream(saved[1])
    sys.stdout, sys.stderr = out, err
    try:
        yield
    finally:
        for s in (out, err):
            with contextlib.suppress(OSError, ValueError):
                s.flush()
        sys.stdout, sys.stderr = saved
