"""Replay time limits: one statement, and the whole replay.

A migration can ``SET statement_timeout = 0`` (pg_dump output does), so the server's own timeout
cannot be the limit. A thread watches the replay session from the client side instead: when the
running statement passes ``statement_timeout`` seconds, or the replay passes ``replay_timeout``, it
notes which statement was running (replay marks each one of a batch with its index in
``application_name``, which ``pg_stat_activity`` shows at once), cancels the query, and terminates
the backend if the cancel is not obeyed within :data:`GRACE` seconds. ``pg_sleep(1e6)`` and
``LOOP END LOOP`` both end this way.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg

GRACE = 5.0  # seconds a cancelled statement has to stop before its backend is terminated
MARKER = "sa-replay "  # application_name prefix replay sets before each statement of a batch


@dataclass(frozen=True)
class Expired:
    """Which limit ran out, its value in seconds, and the batch index of the running statement."""

    limit: str  # "statement" | "replay"
    seconds: float
    index: int | None


class Watchdog:
    """Cancels the replay session's running statement when a limit runs out (None: no limit)."""

    def __init__(
        self,
        conn: psycopg.Connection[Any],
        admin_dsn: str,
        statement_timeout: float | None,
        replay_timeout: float | None,
    ) -> None:
        self._conn = conn
        self._pid = conn.info.backend_pid
        self._admin_dsn = admin_dsn
        self.statement_timeout = statement_timeout
        self.replay_timeout = replay_timeout
        self._replay_deadline = time.monotonic() + replay_timeout if replay_timeout else None
        self._stmt_deadline: float | None = None
        self._running = False
        self.expired: Expired | None = None
        self._cv = threading.Condition()
        self._stop = False
        self._thread = threading.Thread(
            target=self._watch, name="schema-auditor replay watchdog", daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        with self._cv:
            self._stop = True
            self._cv.notify()
        self._thread.join(timeout=GRACE + 5)

    def check_replay(self) -> Expired | None:
        """The replay limit, checked between statements (nothing is running to cancel)."""
        if self._replay_deadline is not None and time.monotonic() >= self._replay_deadline:
            assert self.replay_timeout is not None
            self.expired = Expired("replay", self.replay_timeout, None)
            return self.expired
        return None

    @contextlib.contextmanager
    def running(self) -> Iterator[None]:
        """Around one round trip of the replay session."""
        with self._cv:
            self._running = True
            # A limit that ran out as the previous statement finished is not this statement's.
            self.expired = None
            self._stmt_deadline = (
                time.monotonic() + self.statement_timeout if self.statement_timeout else None
            )
            self._cv.notify()
        try:
            yield
        finally:
            with self._cv:
                self._running = False
                self._stmt_deadline = None

    def _next_deadline(self) -> tuple[float | None, str]:
        candidates = [
            (d, k) for d, k in ((self._stmt_deadline, "statement"), (self._replay_deadline, "replay")) if d
        ]
        if not candidates:
            return None, ""
        return min(candidates)

    def _watch(self) -> None:
        with self._cv:
            while not self._stop:
                deadline, kind = self._next_deadline() if self._running else (None, "")
                if deadline is None:
                    self._cv.wait()
                    continue
                left = deadline - time.monotonic()
                if left > 0:
                    self._cv.wait(timeout=left)
                    continue
                seconds = self.statement_timeout if kind == "statement" else self.replay_timeout
                assert seconds is not None
                self.expired = Expired(kind, seconds, self._marker())
                self._running = False
                self._cv.release()
                try:
                    self._stop_statement()
                finally:
                    self._cv.acquire()

    def _admin(self) -> psycopg.Connection[Any]:
        return psycopg.connect(self._admin_dsn, autocommit=True, connect_timeout=10)

    def _marker(self) -> int | None:
        with contextlib.suppress(psycopg.Error), self._admin() as conn:
            row = conn.execute(
                "SELECT application_name FROM pg_stat_activity WHERE pid = %s", (self._pid,)
            ).fetchone()
            if row and isinstance(row[0], str) and row[0].startswith(MARKER):
                with contextlib.suppress(ValueError):
                    return int(row[0][len(MARKER) :])
        return None

    def _stop_statement(self) -> None:
        with contextlib.suppress(Exception):
            self._conn.cancel_safe(timeout=GRACE)
        deadline = time.monotonic() + GRACE
        while time.monotonic() < deadline:
            with self._cv:
                if self._stop:
                    return
            if not self._backend_busy():
                return
            time.sleep(0.1)
        with contextlib.suppress(psycopg.Error), self._admin() as conn:
            conn.execute("SELECT pg_terminate_backend(%s)", (self._pid,))

    def _backend_busy(self) -> bool:
        try:
            with self._admin() as conn:
                row = conn.execute(
                    "SELECT state FROM pg_stat_activity WHERE pid = %s", (self._pid,)
                ).fetchone()
        except psycopg.Error:
            return False
        return row is not None and row[0] == "active"
