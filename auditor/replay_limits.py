"""Replay limits and their flags: light enough for the CLI to import while it builds its parser.

``--replay-statement-timeout`` and ``--replay-timeout`` (seconds, 0: no limit; config keys
``replay_statement_timeout``, ``replay_timeout``), ``--shadow-extension NAME`` (config
``shadow_extensions``): what :func:`auditor.shadow.replay.replay` enforces.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DEFAULT_STATEMENT_TIMEOUT = 60.0  # seconds; an empty shadow runs any real migration statement faster
DEFAULT_REPLAY_TIMEOUT = 900.0


@dataclass(frozen=True)
class ReplayLimits:
    """What replay may do and for how long: seconds per statement and for the whole replay (None:
    no limit), and the extensions allowed beyond the allow-list (``--shadow-extension``)."""

    statement_timeout: float | None = DEFAULT_STATEMENT_TIMEOUT
    replay_timeout: float | None = DEFAULT_REPLAY_TIMEOUT
    extensions: frozenset[str] = frozenset()


def replay_limits(
    statement_timeout: float | None,
    replay_timeout: float | None,
    extensions: list[str] | None,
    config: Any = None,
) -> ReplayLimits:
    """Flags over the config file's ``replay_statement_timeout``, ``replay_timeout`` and
    ``shadow_extensions`` over the defaults; 0 means no limit. A negative or non-numeric value is a
    usage error naming the flag or the config line."""
    from auditor.errors import UsageError

    def pick(flag: Any, key: str) -> Any:
        return flag if flag is not None else (config.values.get(key) if config is not None else None)

    def seconds(flag: float | None, key: str, flag_name: str, default: float) -> float | None:
        value = pick(flag, key)
        if value is None:
            return default
        where = flag_name if flag is not None else key
        location = config.where(key) if flag is None and config is not None else None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value < 0:
            raise UsageError(f"{where}: {value!r} is not a number of seconds", location=location)
        return float(value) or None

    names = extensions if extensions else pick(None, "shadow_extensions") or []
    return ReplayLimits(
        statement_timeout=seconds(
            statement_timeout,
            "replay_statement_timeout",
            "--replay-statement-timeout",
            DEFAULT_STATEMENT_TIMEOUT,
        ),
        replay_timeout=seconds(replay_timeout, "replay_timeout", "--replay-timeout", DEFAULT_REPLAY_TIMEOUT),
        extensions=frozenset(
            str(n).strip() for item in names for n in str(item).split(",") if str(n).strip()
        ),
    )


def add_replay_options(group: Any) -> None:
    """The replay flags of ``audit`` and ``check`` (an argparse group)."""
    group.add_argument(
        "--replay-statement-timeout",
        type=float,
        metavar="SECONDS",
        help=f"stop a migration statement running longer (default {DEFAULT_STATEMENT_TIMEOUT:g}; 0: none)",
    )
    group.add_argument(
        "--replay-timeout",
        type=float,
        metavar="SECONDS",
        help=f"stop a replay running longer (default {DEFAULT_REPLAY_TIMEOUT:g}; 0: none)",
    )
    group.add_argument(
        "--shadow-extension",
        action="append",
        metavar="NAME",
        help="let migrations create this extension even if it reaches outside the shadow (dblink, "
        "postgres_fdw...); only for migrations you trust; repeatable",
    )
