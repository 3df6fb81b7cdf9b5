"""Process exit codes: the contract a CI gate relies on. Documented in the README and ``--help``."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # no finding at or above --fail-on
    FINDINGS = 1  # findings at or above --fail-on
    USAGE = 2  # bad flags, invalid spec or config, a migration that does not apply
    DATABASE = 3  # a database could not be reached or read


EXIT_CODES_HELP = """exit codes:
  0  no finding at or above --fail-on (default: error)
  1  findings at or above --fail-on
  2  usage or input error: bad flags, invalid spec/config (file:line:column), a migration that fails
  3  a database could not be reached or read (never reported as clean)"""
